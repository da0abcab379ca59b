// Schedule: consecutive partitioned phases run as one parallel loop, part by part, with the
// same results as phase by phase; a whole phase between them stays a barrier.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <mutex>
#include <numeric>
#include <utility>
#include <vector>

#include "sim/schedule.hpp"

namespace rapport::sim {
namespace {

struct ToyWorld {
  std::vector<std::int64_t> a, b;
  std::int64_t total = 0;
  // The ranges each phase was given, by phase index (guarded: phases run in parallel).
  std::mutex ranges_mutex;
  std::vector<std::vector<std::pair<std::size_t, std::size_t>>> ranges;
  explicit ToyWorld(std::size_t n) : a(n, 1), b(n, 0), ranges(3) {}
  [[nodiscard]] std::size_t parts() const { return a.size(); }
};

void record_range(ToyWorld& world, std::size_t phase, std::size_t first, std::size_t last) {
  const std::scoped_lock lock(world.ranges_mutex);
  world.ranges[phase].emplace_back(first, last);
}

// Part k's a[k] = 2 a[k] + day, then b[k] += a[k] (reading what the first wrote), then, after
// a whole phase sums b, a[k] += total: the last depends on every part of the phases before.
class Grow final : public PartitionedPhase<ToyWorld> {
 public:
  std::string_view name() const override { return "grow"; }
  std::string_view summary() const override { return ""; }
  void step_parts(ToyWorld& world, std::uint32_t day, std::size_t first, std::size_t last) const override {
    record_range(world, 0, first, last);
    for (std::size_t k = first; k < last; ++k) world.a[k] = (2 * world.a[k] + day) % 1000003;
  }
};

class Accumulate final : public PartitionedPhase<ToyWorld> {
 public:
  std::string_view name() const override { return "accumulate"; }
  std::string_view summary() const override { return ""; }
  void step_parts(ToyWorld& world, std::uint32_t, std::size_t first, std::size_t last) const override {
    record_range(world, 1, first, last);
    for (std::size_t k = first; k < last; ++k) world.b[k] += world.a[k];
  }
};

class Total final : public Phase<ToyWorld> {
 public:
  std::string_view name() const override { return "total"; }
  std::string_view summary() const override { return ""; }
  void step(ToyWorld& world, std::uint32_t) const override {
    world.total = std::accumulate(world.b.begin(), world.b.end(), std::int64_t{0}) % 1000;
  }
};

class AddTotal final : public PartitionedPhase<ToyWorld> {
 public:
  std::string_view name() const override { return "add_total"; }
  std::string_view summary() const override { return ""; }
  void step_parts(ToyWorld& world, std::uint32_t, std::size_t first, std::size_t last) const override {
    record_range(world, 2, first, last);
    for (std::size_t k = first; k < last; ++k) world.a[k] = (world.a[k] + world.total) % 1000003;
  }
};

Schedule<ToyWorld> toy_schedule() {
  Schedule<ToyWorld> schedule;
  schedule.add(std::make_unique<Grow>());
  schedule.add(std::make_unique<Accumulate>());
  schedule.add(std::make_unique<Total>());
  schedule.add(std::make_unique<AddTotal>());
  return schedule;
}

constexpr std::size_t kParts = 5000;
constexpr std::uint32_t kDays = 6;

TEST(Schedule, RunsPartitionedPhasesTogetherWithThePhaseByPhaseResult) {
  const auto schedule = toy_schedule();
  ToyWorld phase_by_phase(kParts);
  for (std::uint32_t day = 0; day < kDays; ++day) {
    for (const auto& phase : schedule.phases()) phase->step(phase_by_phase, day);
  }
  for (const std::size_t threads : {1, 2}) {
    const tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    ToyWorld together(kParts);
    for (std::uint32_t day = 0; day < kDays; ++day) schedule.run_day(together, day);
    EXPECT_EQ(together.a, phase_by_phase.a) << threads << " threads";
    EXPECT_EQ(together.b, phase_by_phase.b) << threads << " threads";
    EXPECT_EQ(together.total, phase_by_phase.total) << threads << " threads";
  }
}

TEST(Schedule, ConsecutivePartitionedPhasesShareTheirRangesWhichCoverEveryPartOnce) {
  const tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 2);
  const auto schedule = toy_schedule();
  ToyWorld world(kParts);
  schedule.run_day(world, 0);
  for (auto& ranges : world.ranges) std::sort(ranges.begin(), ranges.end());
  // The two phases before the whole one ran in one loop: each range went through both.
  EXPECT_EQ(world.ranges[0], world.ranges[1]);
  for (const auto& ranges : world.ranges) {
    std::size_t next = 0;
    for (const auto& [first, last] : ranges) {
      EXPECT_EQ(first, next);
      EXPECT_LT(first, last);
      next = last;
    }
    EXPECT_EQ(next, kParts);
  }
}

TEST(Schedule, ListsEveryPhaseInOrder) {
  const auto schedule = toy_schedule();
  std::vector<std::string_view> names;
  for (const auto& phase : schedule.phases()) names.push_back(phase->name());
  EXPECT_EQ(names, (std::vector<std::string_view>{"grow", "accumulate", "total", "add_total"}));
}

}  // namespace
}  // namespace rapport::sim
