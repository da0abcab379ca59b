// Runs one point of a parameter space: a base scenario resolved once, some keys set to the
// point's values on its typed parameters (models::ParameterSetter), some replicates and a
// seed, reduced to one statistic per (outcome, replicate) exactly as `rapport summarize`
// reduces a replicate (final day of levels and running totals, run total of daily counts).
// The reusable unit of sweeps and calibration.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "models/model.hpp"
#include "models/scenario.hpp"

namespace rapport::analysis {

// A point resolved and validated, ready to run replicates (thread-safe: run() is const).
// Keeps the model only (its parameters), not a resolved configuration: a sweep holds
// every point at once, and a configuration would be most of each point's memory.
struct PreparedPoint {
  models::Model model;
  std::int64_t replicates = 1;
  std::int64_t seed = 0;
};

// The points of one base scenario: `keys` set to each point's values, run.replicates and
// run.seed to the point's, with the checks of a scenario file and no file read.
class PointMaker {
 public:
  // `base_overrides` are those the base was resolved with (see models::ParameterSetter).
  PointMaker(const models::Scenario& base, const sim::Settings& base_overrides, const std::vector<std::string>& keys);

  // Integer keys take the nearest integer. Replicate r uses the streams of (seed, r),
  // whatever the values. Throws sim::ConfigError naming the key and what it allows.
  [[nodiscard]] PreparedPoint prepare(std::span<const double> values, std::int64_t replicates,
                                      std::int64_t seed) const;

 private:
  models::ParameterSetter setter_;
  std::vector<bool> integer_;  // per key
};

// The parameter-table row of a key that sweeps and decisions set point by point: a numeric
// model parameter other than run.*. `as_what` completes "cannot be ..." ("swept",
// "uncertain"); `runs_set_by` names the keys that set the runs instead ("design.seed and
// design.replicates"). Throws sim::ConfigError at `where`, suggesting the closest key.
const sim::ParameterSpec& varied_parameter(const std::string& key, const std::string& where, std::string_view as_what,
                                           std::string_view runs_set_by);

// Metric ids of outcome names; throws sim::ConfigError for an unknown name.
std::vector<std::size_t> outcome_ids(const std::vector<std::string>& outcomes);

// One replicate of a prepared point, reduced to one statistic per outcome id.
// on_day (may be empty) is called after every simulated day, e.g. for progress or to stop.
std::vector<double> replicate_statistics(const PreparedPoint& point, std::uint32_t replicate,
                                         const std::vector<std::size_t>& ids, const std::function<void()>& on_day = {});

}  // namespace rapport::analysis
