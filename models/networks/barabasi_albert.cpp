#include <algorithm>
#include <cmath>
#include <numeric>

#include "models/networks/network.hpp"

namespace rapport::models {

// Batagelj & Brandes (2005), "Efficient generation of large random networks":
// every endpoint ever drawn is kept in one array, so a uniform pick from it is
// a pick proportional to degree. Repeated edges are merged by the CSR build.
EdgeList barabasi_albert_edges(sim::NodeId n, double mean_degree, sim::DrawSequence& draws) {
  const auto m = static_cast<std::size_t>(std::max<long>(1, std::lround(mean_degree / 2)));
  if (n < 2) return {};
  std::vector<sim::NodeId> endpoints;
  endpoints.reserve(2 * static_cast<std::size_t>(n) * m);
  EdgeList edges;
  edges.reserve(static_cast<std::size_t>(n) * m);
  endpoints.push_back(0);  // seed node, so node 1 has a target
  for (sim::NodeId v = 1; v < n; ++v) {
    for (std::size_t i = 0; i < m; ++i) {
      const auto pick = static_cast<std::size_t>(draws.uniform() * static_cast<double>(endpoints.size()));
      const sim::NodeId target = endpoints[std::min(pick, endpoints.size() - 1)];
      edges.emplace_back(v, target);
      endpoints.push_back(target);
    }
    for (std::size_t i = 0; i < m; ++i) endpoints.push_back(v);
  }
  // Growth order makes the oldest nodes the hubs; patients are numbered by practice,
  // so relabel by a random permutation to spread hubs over all practices.
  std::vector<sim::NodeId> label(n);
  std::iota(label.begin(), label.end(), sim::NodeId{0});
  for (std::size_t k = label.size() - 1; k > 0; --k) {  // Fisher-Yates, independent of the C++ library
    const auto j = std::min(k, static_cast<std::size_t>(draws.uniform() * static_cast<double>(k + 1)));
    std::swap(label[k], label[j]);
  }
  for (auto& [a, b] : edges) {
    a = label[a];
    b = label[b];
  }
  return edges;
}

}  // namespace rapport::models
