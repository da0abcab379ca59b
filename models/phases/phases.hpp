// The daily phases, in the order MODEL.md describes. Each file in this folder
// implements one; make_daily_schedule lists them in order.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

#include "models/random_events.hpp"
#include "models/world.hpp"
#include "sim/schedule.hpp"

namespace rapport::models {

using DayPhase = sim::Phase<World>;
// A phase that runs panel by panel: step_parts(world, day, first, last) steps the panels of
// physicians [first, last) (sim::PartitionedPhase). The schedule runs consecutive ones
// as one parallel loop over panels.
using PanelPhase = sim::PartitionedPhase<World>;

std::unique_ptr<DayPhase> make_calendar_trends_phase();
std::unique_ptr<DayPhase> make_turnover_phase();
std::unique_ptr<DayPhase> make_guideline_adoption_phase();
std::unique_ptr<DayPhase> make_misinformation_phase();
std::unique_ptr<DayPhase> make_visits_phase();
std::unique_ptr<DayPhase> make_friend_requests_phase();
std::unique_ptr<DayPhase> make_responses_phase();
std::unique_ptr<DayPhase> make_messages_phase();
std::unique_ptr<DayPhase> make_public_health_posts_phase();
std::unique_ptr<DayPhase> make_breaches_phase();
std::unique_ptr<DayPhase> make_trust_adherence_phase();

sim::Schedule<World> make_daily_schedule();

namespace detail {
// Patients found by a scan, handed to fn in increasing order a batch at a time. Matches are
// sparse, so each one's other columns are a cache miss: prefetch(i) runs for the whole
// batch before run(batch, n) does, and the batch's misses overlap instead of stalling one
// after the other.
inline constexpr std::uint32_t kBatchSize = 64;

template <class Run, class Prefetch>
class PrefetchedBatch {
 public:
  PrefetchedBatch(Run& run, Prefetch& prefetch) : run_(run), prefetch_(prefetch) {}
  void add(std::uint32_t i) {
    batch_[found_++] = i;
    if (found_ == kBatchSize) flush();
  }
  void flush() {
    for (std::uint32_t k = 0; k < found_; ++k) prefetch_(batch_[k]);
    run_(batch_, found_);
    found_ = 0;
  }

 private:
  Run& run_;
  Prefetch& prefetch_;
  std::uint32_t batch_[kBatchSize];
  std::uint32_t found_ = 0;
};

// 16 bytes of unsigned lanes of a given size (GCC/Clang vector extension), so that the
// comparison is SIMD on any target; GCC does not vectorise the plain loop, whose
// 32-bit indices might wrap.
template <std::size_t kLaneBytes>
struct Vector16;
template <>
struct Vector16<1> {
  using Lane = std::uint8_t;
  using Type = std::uint8_t __attribute__((vector_size(16)));
};
template <>
struct Vector16<4> {
  using Lane = std::uint32_t;
  using Type = std::uint32_t __attribute__((vector_size(16)));
};
}  // namespace detail

// Runs fn(i), in increasing i, for every patient i of the range with column[i] == value:
// e.g. pending requests. Most patients have no match on most days, so each 64-byte block
// of the column is compared at once (four 16-byte vectors) and only a block with a match
// is looked at one by one. fn may change column[i] of its own patient. prefetch(i) runs
// for a batch of matches before fn does (detail::PrefetchedBatch).
template <class T, class Fn, class Prefetch>
void for_each_equal(const Patients::Column<T>& column, PatientRange range, T value, Fn&& fn, Prefetch&& prefetch) {
  using Lane = typename detail::Vector16<sizeof(T)>::Lane;
  using Lanes = typename detail::Vector16<sizeof(T)>::Type;
  constexpr std::uint32_t kPerVector = 16 / sizeof(T);
  constexpr std::uint32_t kBlock = 4 * kPerVector;
  const T* data = column.data();
  const Lanes wanted = Lanes{} + static_cast<Lane>(value);
  const auto run = [&](const std::uint32_t* found, std::uint32_t n) {
    for (std::uint32_t k = 0; k < n; ++k) fn(found[k]);
  };
  detail::PrefetchedBatch batch(run, prefetch);
  std::uint32_t i = range.first;
  for (; i + kBlock <= range.last; i += kBlock) {
    Lanes any{};
    for (std::uint32_t k = 0; k < kBlock; k += kPerVector) {
      Lanes lanes;
      std::memcpy(&lanes, data + i + k, sizeof lanes);
      any |= lanes == wanted;
    }
    std::uint64_t halves[2];
    std::memcpy(halves, &any, sizeof halves);
    if ((halves[0] | halves[1]) == 0) continue;
    for (std::uint32_t j = i; j < i + kBlock; ++j) {
      if (data[j] == value) batch.add(j);
    }
  }
  for (; i < range.last; ++i) {
    if (data[i] == value) batch.add(i);
  }
  batch.flush();
}

// Runs fn(i, u), in increasing i, for every patient i of physician d's panel with an event
// scheduled today (ScheduledDays::for_each_due), where u = world.streams.block(i, today,
// event); fn may reschedule patients of the panel. The calling task steps panels [d, last),
// and the first due blocks of panel d + 1 are prefetched meanwhile if it is one of them
// (another task may be writing its block bounds). prefetch(i) runs for a batch of them
// before fn does (detail::PrefetchedBatch), and the batch's draws are made first, in vector
// lanes (RandomStreams::blocks_of): drawn one by one, each event's draws and arithmetic
// would be one long chain, longer than the processor looks ahead.
template <class Fn, class Prefetch>
void for_each_due(ScheduledDays& days, const World& world, std::size_t d, std::size_t last, std::uint32_t today,
                  sim::Event event, Fn&& fn, Prefetch&& prefetch) {
  constexpr std::uint32_t kLanes = sim::RandomStreams::kBatchAgents;
  static_assert(detail::kBatchSize % kLanes == 0);
  const sim::Isa isa = sim::best_isa();
  const auto run = [&](const std::uint32_t* found, std::uint32_t n) {
    sim::RandomStreams::BlockBatch draws[detail::kBatchSize / kLanes];
    for (std::uint32_t k = 0; k < n; k += kLanes) {
      draws[k / kLanes] = world.streams.blocks_of(found + k, std::min(kLanes, n - k), today, event, 0, isa);
    }
    for (std::uint32_t k = 0; k < n; ++k) {
      const auto& lanes = draws[k / kLanes];
      const std::uint32_t lane = k % kLanes;
      fn(found[k], sim::RandomStreams::Block{lanes[0][lane], lanes[1][lane], lanes[2][lane], lanes[3][lane]});
    }
  };
  detail::PrefetchedBatch batch(run, prefetch);
  if (d + 1 < last) days.prefetch_first_due(world.panel(d + 1), static_cast<std::int32_t>(today));
  days.for_each_due(world.panel(d), static_cast<std::int32_t>(today), [&](std::uint32_t i) { batch.add(i); });
  batch.flush();
}

// Prefetches the columns an event of patient i reads and writes in every event phase.
inline void prefetch_event_columns(const Patients& patients, std::uint32_t i) {
  __builtin_prefetch(&patients.trust[i], 1);
  __builtin_prefetch(&patients.link[i], 1);
  __builtin_prefetch(&patients.flags[i], 1);
}

template <class T, class Fn>
void for_each_equal(const Patients::Column<T>& column, PatientRange range, T value, Fn&& fn) {
  for_each_equal(column, range, value, std::forward<Fn>(fn), [](std::uint32_t) {});
}

}  // namespace rapport::models
