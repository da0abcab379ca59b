#include <algorithm>
#include <bit>
#include <cmath>
#include <utility>
#include <vector>

#include "models/networks/network.hpp"
#include "models/random_events.hpp"
#include "sim/parallel.hpp"

namespace rapport::models {
namespace {

using sim::NodeId;

// Which of each patient's owned ring edges are rewired, and where to (MODEL.md section 5).
// Patient i owns the edges j = 0 .. half-1 to i + 1 + j (mod n). The rewired ones are
// drawn from i's own stream alone, so any patient's edges can be drawn on any thread.
class RingRewiring {
 public:
  RingRewiring(NodeId n, NodeId half, double rewire_probability, const sim::RandomStreams& streams)
      : n_(n),
        half_(half),
        outside_(std::uint64_t{n} - 2 * std::uint64_t{half} - 1),
        log_keep_(std::log1p(-rewire_probability)),
        rewires_(half > 0 && rewire_probability > 0 && outside_ > 0),
        streams_(&streams) {}

  // Calls fn(j, target) for each rewired owned edge j of `source`, in increasing j.
  template <class Fn>
  void for_each_rewired(NodeId source, Fn&& fn) const {
    if (!rewires_) return;
    sim::DrawSequence draws(*streams_, source, 0, event::kNetwork);
    // Owned edges kept before the next rewired one: geometric, by inversion. A double, as
    // it is infinite if nothing is ever rewired (probability 0) and 0 if everything is (1).
    const auto kept_run = [&] { return std::floor(std::log(draws.uniform()) / log_keep_); };
    for (double j = kept_run(); j < static_cast<double>(half_); j += 1 + kept_run()) {
      // A uniform patient outside the source's ring neighbourhood [source - half, source + half].
      const std::uint64_t offset = (std::uint64_t{draws()} * outside_) >> 32;
      fn(static_cast<NodeId>(j), static_cast<NodeId>((source + std::uint64_t{half_} + 1 + offset) % n_));
    }
  }

 private:
  NodeId n_;
  NodeId half_;
  std::uint64_t outside_;  // patients outside a ring neighbourhood
  double log_keep_;        // log(1 - rewire_probability)
  bool rewires_;
  const sim::RandomStreams* streams_;
};

// Graphs from this many patients keep their rows in an arena of huge pages.
constexpr NodeId kArenaPatients = NodeId{1} << 18;

// A rewired edge, and a chunk's rewired edges grouped by the chunk of their target.
struct RewiredEdge {
  NodeId target;
  NodeId source;
};

// Patients are handled in chunks of consecutive ids, one task each. A power of two of at
// least 4,096 patients (enough work per task) and at most 1,024 chunks, since each chunk
// keeps a table with an entry per chunk.
struct Chunks {
  unsigned shift = 12;
  std::size_t count;
  explicit Chunks(NodeId n) {
    while ((std::uint64_t{n} >> shift) >= 1024) ++shift;
    count = n == 0 ? 0 : (std::size_t{n - 1} >> shift) + 1;
  }
  [[nodiscard]] std::size_t of(NodeId v) const { return v >> shift; }
  [[nodiscard]] NodeId first(std::size_t chunk) const { return static_cast<NodeId>(chunk << shift); }
};

}  // namespace

SmallWorldGraph::SmallWorldGraph(NodeId n, NodeId half, sim::LargeVector<std::uint64_t> rewired_bits,
                                 unsigned chunk_shift, std::unique_ptr<sim::HugePageArena> rows_arena,
                                 std::vector<RewiredRows> rewired_rows)
    : n_(n),
      half_(half),
      rewired_bits_(std::move(rewired_bits)),
      chunk_shift_(chunk_shift),
      rows_arena_(std::move(rows_arena)),
      rewired_rows_(std::move(rewired_rows)) {
  // Each rewired friendship is in two rows; each rewired owned edge is a ring edge fewer.
  std::uint64_t rewired_entries = 0;
  for (const auto& rows : rewired_rows_) rewired_entries += rows.friends.size();
  std::uint64_t rewired_edges = 0;
  for (const auto word : rewired_bits_) rewired_edges += static_cast<std::uint64_t>(std::popcount(word));
  n_edges_ = std::uint64_t{n_} * half_ - rewired_edges + rewired_entries / 2;
}

std::size_t SmallWorldGraph::memory_bytes() const {
  std::size_t bytes = rewired_bits_.capacity() * sizeof(std::uint64_t) + rewired_rows_.capacity() * sizeof(RewiredRows);
  if (rows_arena_) return bytes + rows_arena_->bytes_in_use();
  for (const auto& rows : rewired_rows_) {
    bytes += rows.begin.capacity() * sizeof(std::uint32_t) + rows.friends.capacity() * sizeof(NodeId);
  }
  return bytes;
}

SmallWorldGraph watts_strogatz(NodeId n, double mean_degree, double rewire_probability,
                               const sim::RandomStreams& streams) {
  // An even neighbourhood size k smaller than n: k/2 ring neighbours on each side.
  auto k = static_cast<NodeId>(2 * std::lround(mean_degree / 2));
  k = n < 2 ? 0 : std::min<NodeId>(k, (n - 1) - (n - 1) % 2);
  const NodeId half = k / 2;
  const RingRewiring ring(n, half, rewire_probability, streams);
  const Chunks chunks(n);
  // fn(chunk, first, end) for every chunk in parallel.
  const auto for_each_chunk = [&](auto&& fn) {
    sim::parallel_for_index(chunks.count, [&](std::size_t chunk) {
      fn(chunk, chunks.first(chunk), static_cast<NodeId>(std::min<std::uint64_t>(n, std::uint64_t{chunk + 1} << chunks.shift)));
    });
  };

  // Pass 1, by the chunk of the source: a bit per owned edge, set if it is rewired, and the
  // chunk's rewired edges grouped by the chunk of their target (a counting sort): those of
  // chunk c landing in chunk b are landing[c][slice[c][b] .. slice[c][b + 1]).
  // Bit v * half + j is set if patient v's j-th owned edge is rewired. Chunks start at
  // multiples of 4,096 patients, so each chunk's bits fill whole words of its own.
  sim::LargeVector<std::uint64_t> rewired((std::uint64_t{n} * half + 63) / 64);
  // A large graph's grouped edges and rows come from arenas of huge pages; a small graph's
  // from the heap, as an arena's first huge page would be most of its memory.
  const bool large = n >= kArenaPatients;
  sim::HugePageArena scratch;
  auto rows_arena = large ? std::make_unique<sim::HugePageArena>() : nullptr;
  std::pmr::memory_resource* const scratch_memory = large ? &scratch : std::pmr::new_delete_resource();
  std::pmr::memory_resource* const rows_memory = large ? rows_arena.get() : std::pmr::new_delete_resource();
  std::vector<std::pmr::vector<RewiredEdge>> landing;
  landing.reserve(chunks.count);
  for (std::size_t c = 0; c < chunks.count; ++c) landing.emplace_back(scratch_memory);
  std::vector<std::size_t> slices(chunks.count * (chunks.count + 1));
  for_each_chunk([&](std::size_t chunk, NodeId first, NodeId end) {
    std::vector<RewiredEdge> drawn;
    std::fill(rewired.data() + std::uint64_t{first} * half / 64, rewired.data() + (std::uint64_t{end} * half + 63) / 64,
              0);
    for (NodeId v = first; v < end; ++v) {
      ring.for_each_rewired(v, [&](NodeId j, NodeId target) {
        const std::uint64_t bit = std::uint64_t{v} * half + j;
        rewired[bit / 64] |= std::uint64_t{1} << (bit % 64);
        drawn.push_back({target, v});
      });
    }
    std::size_t* slice = slices.data() + chunk * (chunks.count + 1);
    for (const auto& edge : drawn) ++slice[chunks.of(edge.target) + 1];
    for (std::size_t b = 0; b < chunks.count; ++b) slice[b + 1] += slice[b];
    std::vector<std::size_t> cursor(slice, slice + chunks.count);
    auto& grouped = landing[chunk];
    grouped.resize(drawn.size());
    for (const auto& edge : drawn) grouped[cursor[chunks.of(edge.target)]++] = edge;
  });

  // Pass 2, by the chunk of the row: each row's rewired friends (its own rewired targets,
  // the sources of the rewired edges landing on it, from every chunk in order) sorted, with
  // the pairs joined twice merged. The kept ring friends are implied by the bits.
  std::vector<SmallWorldGraph::RewiredRows> rewired_rows;
  rewired_rows.reserve(chunks.count);
  for (std::size_t c = 0; c < chunks.count; ++c) {
    rewired_rows.push_back({std::pmr::vector<std::uint32_t>(rows_memory), std::pmr::vector<NodeId>(rows_memory)});
  }
  for_each_chunk([&](std::size_t chunk, NodeId first, NodeId end) {
    auto& rows = rewired_rows[chunk];
    rows.begin.assign(std::size_t{end - first} + 1, 0);
    const auto for_each_friend = [&](auto&& fn) {
      for (const auto& edge : landing[chunk]) fn(edge.source, edge.target);
      for (std::size_t c = 0; c < chunks.count; ++c) {
        const std::size_t* slice = slices.data() + c * (chunks.count + 1);
        for (std::size_t e = slice[chunk]; e < slice[chunk + 1]; ++e) fn(landing[c][e].target, landing[c][e].source);
      }
    };
    for_each_friend([&](NodeId row, NodeId) { ++rows.begin[row - first + 1]; });
    for (std::size_t r = 1; r < rows.begin.size(); ++r) rows.begin[r] += rows.begin[r - 1];
    rows.friends.resize(rows.begin.back());
    std::vector<std::uint32_t> cursor(rows.begin.begin(), rows.begin.end() - 1);
    for_each_friend([&](NodeId row, NodeId friend_id) { rows.friends[cursor[row - first]++] = friend_id; });
    std::uint32_t kept = 0;  // rewired friends kept so far, the rows closed up
    for (std::size_t r = 0; r + 1 < rows.begin.size(); ++r) {
      NodeId* const row_begin = rows.friends.data() + rows.begin[r];
      NodeId* const row_end = rows.friends.data() + rows.begin[r + 1];
      std::sort(row_begin, row_end);
      NodeId* const unique_end = std::unique(row_begin, row_end);
      NodeId* const destination = rows.friends.data() + kept;
      if (destination != row_begin) std::copy(row_begin, unique_end, destination);
      rows.begin[r] = kept;
      kept += static_cast<std::uint32_t>(unique_end - row_begin);
    }
    rows.begin.back() = kept;
    rows.friends.resize(kept);
  });
  return {n, half, std::move(rewired), chunks.shift, std::move(rows_arena), std::move(rewired_rows)};
}

}  // namespace rapport::models
