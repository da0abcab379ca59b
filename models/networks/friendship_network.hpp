// The friendship network the phases traverse: each patient's friends in id order. The
// default small world (Watts-Strogatz) is kept implicit, since its ring lattice follows from
// the ids: only a bit per ring edge (rewired or not) and the rewired edges are stored, about
// 13 bytes per patient at mean degree 20 instead of the 88 of explicit rows. The other
// generators give an explicit CSR graph.
#pragma once

#include <cstdint>
#include <memory>
#include <memory_resource>
#include <utility>
#include <variant>
#include <vector>

#include "sim/csr_graph.hpp"
#include "sim/huge_page_arena.hpp"
#include "sim/large_vector.hpp"

namespace rapport::models {

// A Watts-Strogatz graph (MODEL.md section 5): patient v owns the ring edges j = 0 .. half-1
// to v + 1 + j (mod n), each either kept or rewired to a patient outside v's ring
// neighbourhood.
class SmallWorldGraph {
 public:
  // The rewired edges touching a chunk of consecutive patients, both directions: the row of
  // patient first + r is friends[begin[r], begin[r + 1]), sorted, without repeats.
  struct RewiredRows {
    std::pmr::vector<std::uint32_t> begin;
    std::pmr::vector<sim::NodeId> friends;
  };

  SmallWorldGraph() = default;
  // Bit v * half + j of rewired_bits is set if patient v's owned edge j is rewired;
  // rewired_rows[c] holds the patients from c << chunk_shift on. Their memory comes from
  // rows_arena, if there is one (a large graph), else from the heap.
  SmallWorldGraph(sim::NodeId n, sim::NodeId half, sim::LargeVector<std::uint64_t> rewired_bits, unsigned chunk_shift,
                  std::unique_ptr<sim::HugePageArena> rows_arena, std::vector<RewiredRows> rewired_rows);

  [[nodiscard]] sim::NodeId n_nodes() const { return n_; }
  [[nodiscard]] std::uint64_t n_edges() const { return n_edges_; }
  [[nodiscard]] std::size_t memory_bytes() const;

  // Calls fn(w) for each friend w of v, in increasing id: the kept ring friends merged with
  // the rewired ones (never the same patient, as a rewired edge never joins ring neighbours).
  template <class Fn>
  void for_each_neighbor(sim::NodeId v, Fn&& fn) const {
    const auto& rows = rewired_rows_[v >> chunk_shift_];
    const std::size_t r = v - (v >> chunk_shift_ << chunk_shift_);
    const sim::NodeId* rewired = rows.friends.data() + rows.begin[r];
    const sim::NodeId* const rewired_end = rows.friends.data() + rows.begin[r + 1];
    for_each_kept_ring_friend(v, [&](sim::NodeId w) {
      for (; rewired != rewired_end && *rewired < w; ++rewired) fn(*rewired);
      fn(w);
    });
    for (; rewired != rewired_end; ++rewired) fn(*rewired);
  }

 private:
  [[nodiscard]] bool is_rewired(sim::NodeId source, sim::NodeId j) const {
    const std::uint64_t bit = std::uint64_t{source} * half_ + j;
    return (rewired_bits_[bit / 64] >> (bit % 64) & 1) != 0;
  }

  // Calls fn(w) for each ring neighbour w of v whose edge is kept, in increasing id. The
  // neighbourhood is the ids v - half .. v + half around the ring: one run of ids, or two
  // where it wraps past n.
  template <class Fn>
  void for_each_kept_ring_friend(sim::NodeId v, Fn&& fn) const {
    const auto visit = [&](std::uint64_t first, std::uint64_t end) {
      for (auto w = static_cast<sim::NodeId>(first); w != end; ++w) {
        if (w == v) continue;
        const sim::NodeId ahead = w > v ? w - v : w + (n_ - v);  // steps from v forward to w
        // The edge is v's owned edge ahead - 1, or w's owned edge n - ahead - 1.
        if (ahead <= half_ ? !is_rewired(v, ahead - 1) : !is_rewired(w, n_ - ahead - 1)) fn(w);
      }
    };
    const std::uint64_t first = v >= half_ ? v - half_ : std::uint64_t{v} + n_ - half_;
    const std::uint64_t end = (std::uint64_t{v} + half_) % n_ + 1;
    if (first < end) {
      visit(first, end);
    } else {
      visit(0, end);
      visit(first, n_);
    }
  }

  sim::NodeId n_ = 0;
  sim::NodeId half_ = 0;
  std::uint64_t n_edges_ = 0;
  sim::LargeVector<std::uint64_t> rewired_bits_;
  unsigned chunk_shift_ = 0;
  std::unique_ptr<sim::HugePageArena> rows_arena_;  // before the rows, which it outlives
  std::vector<RewiredRows> rewired_rows_;
};

// The World's friendship network, whichever generator built it.
class FriendshipNetwork {
 public:
  FriendshipNetwork() = default;
  explicit FriendshipNetwork(sim::CsrGraph graph) : graph_(std::move(graph)) {}
  explicit FriendshipNetwork(SmallWorldGraph graph) : graph_(std::move(graph)) {}

  [[nodiscard]] sim::NodeId n_nodes() const {
    return std::visit([](const auto& g) { return g.n_nodes(); }, graph_);
  }
  [[nodiscard]] std::uint64_t n_edges() const {
    return std::visit([](const auto& g) { return g.n_edges(); }, graph_);
  }
  [[nodiscard]] std::size_t memory_bytes() const {
    return std::visit([](const auto& g) { return g.memory_bytes(); }, graph_);
  }

  // Calls fn(w) for each friend w of v, in increasing id.
  template <class Fn>
  void for_each_neighbor(sim::NodeId v, Fn&& fn) const {
    if (const auto* small_world = std::get_if<SmallWorldGraph>(&graph_)) {
      small_world->for_each_neighbor(v, fn);
    } else {
      for (const auto w : std::get<sim::CsrGraph>(graph_).neighbors(v)) fn(w);
    }
  }

 private:
  std::variant<sim::CsrGraph, SmallWorldGraph> graph_;
};

}  // namespace rapport::models
