#include "sim/csr_graph.hpp"

#include <algorithm>

namespace rapport::sim {

CsrGraph CsrGraph::from_edges(NodeId n_nodes, std::vector<std::pair<NodeId, NodeId>> edges) {
  CsrGraph graph;
  graph.offsets_.assign(std::size_t{n_nodes} + 1, 0);
  for (const auto& [a, b] : edges) {
    if (a == b) continue;
    ++graph.offsets_[a + 1];
    ++graph.offsets_[b + 1];
  }
  for (std::size_t i = 1; i < graph.offsets_.size(); ++i) graph.offsets_[i] += graph.offsets_[i - 1];
  graph.neighbors_.resize(graph.offsets_.back());
  std::vector<std::uint64_t> cursor(graph.offsets_.begin(), graph.offsets_.end() - 1);
  for (const auto& [a, b] : edges) {
    if (a == b) continue;
    graph.neighbors_[cursor[a]++] = b;
    graph.neighbors_[cursor[b]++] = a;
  }
  edges.clear();
  edges.shrink_to_fit();

  // Sort each row and drop duplicates so traversal order is canonical.
  std::vector<std::uint64_t> new_offsets(graph.offsets_.size(), 0);
  std::uint64_t write = 0;
  for (NodeId node = 0; node < n_nodes; ++node) {
    const auto begin = graph.neighbors_.begin() + static_cast<std::ptrdiff_t>(graph.offsets_[node]);
    const auto end = graph.neighbors_.begin() + static_cast<std::ptrdiff_t>(graph.offsets_[node + 1]);
    std::sort(begin, end);
    const auto unique_end = std::unique(begin, end);
    for (auto it = begin; it != unique_end; ++it) graph.neighbors_[write++] = *it;
    new_offsets[node + 1] = write;
  }
  graph.neighbors_.resize(write);
  graph.neighbors_.shrink_to_fit();
  graph.offsets_ = std::move(new_offsets);
  return graph;
}

}  // namespace rapport::sim
