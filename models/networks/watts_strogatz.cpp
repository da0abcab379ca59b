#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/small_world_generator.hpp>

#include <algorithm>
#include <cmath>

#include "models/networks/network.hpp"

namespace rapport::models {

void watts_strogatz(sim::NodeId n, double mean_degree, double rewire_probability, sim::DrawSequence& draws,
                    const EdgeSink& emit) {
  // Boost needs an even neighbourhood size smaller than n.
  auto k = static_cast<sim::NodeId>(2 * std::lround(mean_degree / 2));
  if (n < 2) return;
  k = std::min<sim::NodeId>(k, (n - 1) - (n - 1) % 2);
  if (k == 0) return;
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
  using Generator = boost::small_world_iterator<sim::DrawSequence, Graph>;
  for (Generator it(draws, n, k, rewire_probability), end; it != end; ++it) {
    emit(static_cast<sim::NodeId>(it->first), static_cast<sim::NodeId>(it->second));
  }
}

EdgeList watts_strogatz_edges(sim::NodeId n, double mean_degree, double rewire_probability, sim::DrawSequence& draws) {
  EdgeList edges;
  watts_strogatz(n, mean_degree, rewire_probability, draws, [&](sim::NodeId a, sim::NodeId b) { edges.emplace_back(a, b); });
  return edges;
}

}  // namespace rapport::models
