// Runs one point of a parameter space: a scenario file with parameter overrides, some
// replicates and a seed, reduced to one statistic per (outcome, replicate) exactly as
// `rapport summarize` reduces a replicate (final day of levels and running totals, run
// total of daily counts). The reusable unit of sweeps and calibration.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "models/model.hpp"
#include "sim/config.hpp"

namespace rapport::analysis {

struct PointRequest {
  std::filesystem::path scenario_file;
  std::vector<std::string> overrides;  // "dotted.key=value", as `rapport run --set`
  std::int64_t replicates = 1;
  std::int64_t seed = 0;  // replicate r uses the streams of (seed, r), whatever the overrides
};

// A point resolved and validated, ready to run replicates (thread-safe: run() is const).
// Keeps the model only (its parameters), not the resolved configuration: a sweep holds
// every point at once, and the configuration would be most of each point's memory.
struct PreparedPoint {
  models::Model model;
  std::int64_t replicates = 1;
  std::int64_t seed = 0;
};

// Throws sim::ConfigError for an invalid file or override.
PreparedPoint prepare_point(const PointRequest& request);

// Metric ids of outcome names; throws sim::ConfigError for an unknown name.
std::vector<std::size_t> outcome_ids(const std::vector<std::string>& outcomes);

// One replicate of a prepared point, reduced to one statistic per outcome id.
// on_day (may be empty) is called after every simulated day, e.g. for progress or to stop.
std::vector<double> replicate_statistics(const PreparedPoint& point, std::uint32_t replicate,
                                         const std::vector<std::size_t>& ids, const std::function<void()>& on_day = {});

// Every replicate of one point, in parallel (TBB); values[o][r] is outcome o of replicate r.
// Deterministic for any thread count.
struct PointOutcomes {
  std::vector<std::string> outcomes;
  std::vector<std::vector<double>> values;
};
PointOutcomes run_point(const PointRequest& request, const std::vector<std::string>& outcomes,
                        const std::function<void()>& on_day = {});

// How a sweep turns a parameter value into an override string: the shortest decimal that
// reads back to the same double (so the stored design is exactly what ran), integers rounded.
std::string override_for(const std::string& key, double value, bool integer);

}  // namespace rapport::analysis
