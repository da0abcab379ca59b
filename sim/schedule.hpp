// The simulated day: an ordered list of phases, each run once per day.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

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

template <class World>
class Schedule {
 public:
  void add(std::unique_ptr<Phase<World>> phase) { phases_.push_back(std::move(phase)); }
  void run_day(World& world, std::uint32_t day) const {
    for (const auto& phase : phases_) phase->step(world, day);
  }
  [[nodiscard]] const std::vector<std::unique_ptr<Phase<World>>>& phases() const { return phases_; }

 private:
  std::vector<std::unique_ptr<Phase<World>>> phases_;
};

}  // namespace rapport::sim
