#include "sim/csr_graph.hpp"

#include <algorithm>

namespace rapport::sim {

CsrGraph CsrGraph::from_generator(NodeId n_nodes, const EdgeGenerator& generate) {
  CsrGraph graph;
  auto& offsets = graph.offsets_;
  auto& neighbors = graph.neighbors_;
  offsets.assign(std::size_t{n_nodes} + 1, 0);
  generate([&](NodeId a, NodeId b) {
    if (a == b) return;
    ++offsets[a + 1];
    ++offsets[b + 1];
  });
  for (std::size_t i = 1; i < offsets.size(); ++i) offsets[i] += offsets[i - 1];
  // Fill each row from its end: offsets[v + 1] walks down to the row's start, so no
  // separate cursor array is needed; afterwards offsets[v + 1] holds the start of row v.
  neighbors.resize(offsets.back());
  generate([&](NodeId a, NodeId b) {
    if (a == b) return;
    neighbors[--offsets[a + 1]] = b;
    neighbors[--offsets[b + 1]] = a;
  });
  for (std::size_t v = 0; v < n_nodes; ++v) offsets[v] = offsets[v + 1];
  offsets[n_nodes] = neighbors.size();

  // Sort each row and drop duplicates in place, so traversal order is canonical.
  std::uint64_t write = 0;
  std::uint64_t row_begin = 0;
  for (NodeId node = 0; node < n_nodes; ++node) {
    const std::uint64_t row_end = offsets[node + 1];
    const auto begin = neighbors.begin() + static_cast<std::ptrdiff_t>(row_begin);
    const auto end = neighbors.begin() + static_cast<std::ptrdiff_t>(row_end);
    std::sort(begin, end);
    const auto unique_end = std::unique(begin, end);
    offsets[node] = write;
    for (auto it = begin; it != unique_end; ++it) neighbors[write++] = *it;
    row_begin = row_end;
  }
  offsets[n_nodes] = write;
  neighbors.resize(write);  // no shrink_to_fit: it would copy the whole array for a few duplicates
  return graph;
}

CsrGraph CsrGraph::from_edges(NodeId n_nodes, const std::vector<std::pair<NodeId, NodeId>>& edges) {
  return from_generator(n_nodes, [&](const EdgeSink& emit) {
    for (const auto& [a, b] : edges) emit(a, b);
  });
}

}  // namespace rapport::sim
