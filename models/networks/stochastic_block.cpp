#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/erdos_renyi_generator.hpp>

#include <algorithm>
#include <cmath>

#include "models/networks/network.hpp"

namespace rapport::models {

// Within a block: G(n, p) by Boost's geometric-skipping generator, with p set so
// the expected within-block degree is within_share * mean_degree. Across blocks:
// a fixed number of uniformly drawn cross-block pairs (the G(n, M) variant), so
// the expected total degree is mean_degree.
void stochastic_block(const std::vector<std::uint32_t>& block_begin, double mean_degree, double within_share,
                      sim::DrawSequence& draws, const EdgeSink& emit) {
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
  using Generator = boost::sorted_erdos_renyi_iterator<sim::DrawSequence, Graph>;
  const std::size_t n_blocks = block_begin.size() - 1;
  const sim::NodeId n = block_begin.back();
  for (std::size_t b = 0; b < n_blocks; ++b) {
    const sim::NodeId size = block_begin[b + 1] - block_begin[b];
    if (size < 2) continue;
    const double p_within = std::min(1.0, within_share * mean_degree / (size - 1));
    for (Generator it(draws, size, p_within), end; it != end; ++it) {
      emit(block_begin[b] + static_cast<sim::NodeId>(it->first), block_begin[b] + static_cast<sim::NodeId>(it->second));
    }
  }
  if (n_blocks < 2) return;
  const auto block_of = [&](sim::NodeId v) {
    return std::upper_bound(block_begin.begin(), block_begin.end(), v) - block_begin.begin() - 1;
  };
  const auto n_cross = static_cast<std::size_t>(std::llround(n * mean_degree * (1 - within_share) / 2));
  for (std::size_t e = 0; e < n_cross;) {
    const auto a = static_cast<sim::NodeId>(draws.uniform() * n);
    const auto b = static_cast<sim::NodeId>(draws.uniform() * n);
    if (block_of(a) == block_of(b)) continue;
    emit(a, b);
    ++e;
  }
}

EdgeList stochastic_block_edges(const std::vector<std::uint32_t>& block_begin, double mean_degree,
                                double within_share, sim::DrawSequence& draws) {
  EdgeList edges;
  stochastic_block(block_begin, mean_degree, within_share, draws,
                   [&](sim::NodeId a, sim::NodeId b) { edges.emplace_back(a, b); });
  return edges;
}

}  // namespace rapport::models
