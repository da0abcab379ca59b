// The simulated day: an ordered list of phases, each run once per day.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "sim/parallel.hpp"

namespace rapport::sim {

template <class World>
class Phase {
 public:
  virtual ~Phase() = default;
  [[nodiscard]] virtual std::string_view name() const = 0;
  [[nodiscard]] virtual std::string_view summary() const = 0;
  // Advances the world by this phase for one day; parallel inside, deterministic.
  virtual void step(World& world, std::uint32_t day) const = 0;
};

// A phase whose day is made of independent parts, world.parts() of them (in rapport, the
// physicians' panels): stepping parts [first, last) reads and writes only those parts'
// own state, besides state that no part's step writes. Consecutive phases of this kind
// therefore give the same bits run part by part (all of them for some parts, then all of
// them for the next) as run phase by phase, and the schedule runs them so.
template <class World>
class PartitionedPhase : public Phase<World> {
 public:
  // Advances parts [first, last) by this phase for one day; what the day's step sets up
  // once (its constants) is set up once per call.
  virtual void step_parts(World& world, std::uint32_t day, std::size_t first, std::size_t last) const = 0;
  void step(World& world, std::uint32_t day) const final {
    parallel_for_ranges(world.parts(),
                        [&](std::size_t first, std::size_t last) { step_parts(world, day, first, last); });
  }
};

template <class World>
class Schedule {
 public:
  void add(std::unique_ptr<Phase<World>> phase) {
    const auto* partitioned = dynamic_cast<const PartitionedPhase<World>*>(phase.get());
    if (partitioned == nullptr) {
      stages_.push_back({phase.get(), {}});
    } else if (!stages_.empty() && stages_.back().whole == nullptr) {
      stages_.back().partitioned.push_back(partitioned);
    } else {
      stages_.push_back({nullptr, {partitioned}});
    }
    phases_.push_back(std::move(phase));
  }

  // A run of partitioned phases is one parallel loop, each range of parts going through
  // all of them: one fork and join a day instead of one per phase.
  void run_day(World& world, std::uint32_t day) const {
    for (const Stage& stage : stages_) {
      if (stage.whole != nullptr) {
        stage.whole->step(world, day);
        continue;
      }
      parallel_for_ranges(world.parts(), [&](std::size_t first, std::size_t last) {
        for (const auto* phase : stage.partitioned) phase->step_parts(world, day, first, last);
      });
    }
  }

  [[nodiscard]] const std::vector<std::unique_ptr<Phase<World>>>& phases() const { return phases_; }

 private:
  // Either one phase run whole, or a run of consecutive partitioned phases.
  struct Stage {
    const Phase<World>* whole;
    std::vector<const PartitionedPhase<World>*> partitioned;
  };
  std::vector<std::unique_ptr<Phase<World>>> phases_;
  std::vector<Stage> stages_;
};

}  // namespace rapport::sim
