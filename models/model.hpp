// A frozen model (parameters + daily schedule) and the run of one replicate.
#pragma once

#include "models/metrics.hpp"
#include "models/world.hpp"
#include "sim/bytes.hpp"
#include "sim/schedule.hpp"

#include <functional>
#include <string>
#include <vector>

namespace rapport::models {

inline constexpr std::size_t kHistogramBins = 20;

// End-of-run facts per physician (one row each) for /scenarios/<name>/physicians/.
struct PhysicianTable {
  std::vector<std::string> policy, specialty;
  std::vector<double> findable, panel_size, requests_received, minutes_per_day, overtime_minutes, breaches,
      complaints, personal_friends, page_followers, portal_users;
};

struct RunResult {
  sim::DailySeries series;
  PhysicianTable physicians;
  std::vector<double> trust_histogram;      // patients per bin of width 1/kHistogramBins
  std::vector<double> adherence_histogram;
};

// A run's results as bytes and back, to carry them between processes (sim/job_farm.hpp).
sim::Bytes to_bytes(const RunResult& result);
RunResult run_result_from_bytes(const sim::Bytes& bytes);

class Model {
 public:
  explicit Model(Parameters params);
  // Runs one replicate; on_day (may be empty) is called after each simulated day.
  [[nodiscard]] RunResult run(std::uint64_t seed, std::uint32_t replicate,
                              const std::function<void()>& on_day = {}) const;
  // The initial world of a replicate (population and network), before day 0.
  [[nodiscard]] World initial_world(std::uint64_t seed, std::uint32_t replicate) const;
  void advance_day(World& world, std::uint32_t day, sim::DailySeries& series) const;
  [[nodiscard]] const Parameters& parameters() const { return params_; }
  [[nodiscard]] const sim::Schedule<World>& schedule() const { return schedule_; }

 private:
  Parameters params_;
  sim::Schedule<World> schedule_;
};

}  // namespace rapport::models
