// Calibration files (TOML): a base scenario, overrides for every simulation, the
// parameters to fit with their priors, the target statistics and the ABC settings.
// Validated strictly; every error names the file, line and key. Format: docs/CALIBRATION.md.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "analysis/calibration/abc.hpp"
#include "analysis/calibration/target_statistics.hpp"
#include "analysis/sweeps/point_runner.hpp"
#include "models/scenario.hpp"

namespace rapport::analysis::calibration {

struct CalibratedParameter {
  std::string key;  // a real-valued scenario key, e.g. requests.rate_per_year
  Prior prior;
};

struct Target {
  std::string statistic;  // a name from target_statistic_names()
  TargetStatistic definition;
  double value = 0.0;
  double scale = 1.0;  // distance divisor: `scale` from the file, else |value|
  double tolerance = 1.0;  // how far the posterior's statistic may miss `value`: `tolerance`, else `scale`
};

struct CalibrationSpec {
  std::string name;            // the file's stem
  std::filesystem::path file;  // as given
  std::string text;            // the file's TOML, stored with the results
  std::string base_as_written;      // `base` exactly as in the file
  std::filesystem::path base;       // resolved against the file's folder
  sim::Settings set;                // `[set]`, applied to every simulation
  models::Scenario base_scenario;   // the base with `[set]`, resolved once
  std::vector<CalibratedParameter> parameters;
  std::vector<Target> targets;
  Settings abc;
  std::int64_t replicates = 1;  // model replicates per proposal, pooled into its statistics
};

// Reads and validates a calibration file, including the base scenario with `[set]`
// and the parameters at both ends of their priors. Throws sim::ConfigError.
CalibrationSpec load_calibration(const std::filesystem::path& file);

// The same from text; `file` names it in messages and anchors a relative `base`.
CalibrationSpec parse_calibration(const std::string& text, const std::filesystem::path& file);

// Makes the simulations of proposals: the calibrated keys set on the resolved base.
PointMaker point_maker(const CalibrationSpec& spec);

}  // namespace rapport::analysis::calibration
