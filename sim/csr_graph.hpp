// Undirected graph in compressed sparse row form: the layout simulations
// traverse. Generators emit edges; this type owns the frozen result.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <utility>
#include <vector>

#include "sim/large_vector.hpp"

namespace rapport::sim {

using NodeId = std::uint32_t;

class CsrGraph {
 public:
  CsrGraph() = default;

  using EdgeSink = std::function<void(NodeId, NodeId)>;
  // Emits every undirected edge to the sink; must emit the same edges each time it is called.
  using EdgeGenerator = std::function<void(const EdgeSink&)>;

  // Builds by running the generator twice (count degrees, then fill), so no edge list is
  // ever held: peak memory is the graph itself. Self-loops and duplicate edges are dropped.
  static CsrGraph from_generator(NodeId n_nodes, const EdgeGenerator& generate);
  static CsrGraph from_edges(NodeId n_nodes, const std::vector<std::pair<NodeId, NodeId>>& edges);

  [[nodiscard]] NodeId n_nodes() const { return static_cast<NodeId>(offsets_.size()) - 1; }
  [[nodiscard]] std::uint64_t n_edges() const { return neighbors_.size() / 2; }
  [[nodiscard]] std::span<const NodeId> neighbors(NodeId node) const {
    return {neighbors_.data() + offsets_[node], neighbors_.data() + offsets_[node + 1]};
  }
  [[nodiscard]] std::size_t degree(NodeId node) const { return offsets_[node + 1] - offsets_[node]; }
  [[nodiscard]] std::size_t memory_bytes() const {
    return offsets_.capacity() * sizeof(std::uint64_t) + neighbors_.capacity() * sizeof(NodeId);
  }

 private:
  LargeVector<std::uint64_t> offsets_{0};
  LargeVector<NodeId> neighbors_;
};

}  // namespace rapport::sim
