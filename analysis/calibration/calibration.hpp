// Calibration of the ABM: the ABC core (abc.hpp) with the model as simulator, and
// what a calibration leaves behind: the /calibrations/<name> group of the results
// file and a calibrated scenario file. Layout: docs/CALIBRATION.md.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "analysis/calibration/abc.hpp"
#include "analysis/calibration/calibration_file.hpp"

namespace rapport::sim {
class Hdf5File;
}  // namespace rapport::sim

namespace rapport::analysis::calibration {

struct CalibrationResult {
  Result abc;
  std::vector<ParameterSummary> posterior;   // per calibrated parameter
  std::vector<double> posterior_statistics;  // weighted mean of the accepted statistics, per target
};

// The ABC problem of a calibration file: priors, targets and scales, and a simulator that
// runs the base scenario (with [set] and the proposal's values) for `replicates`
// replicates of the proposal's seed and evaluates the target statistics.
// on_day (may be empty) is called after every simulated day and may throw to stop.
Problem make_problem(const CalibrationSpec& spec, const std::function<void()>& on_day = {});

CalibrationResult calibrate(const CalibrationSpec& spec, const Observer& observer = {},
                            const std::function<void()>& on_day = {});

// One line per target whose posterior statistic misses its value by more than its tolerance,
// naming both numbers and the tolerance; empty when the posterior reproduces every target.
std::vector<std::string> missed_targets(const CalibrationSpec& spec, const CalibrationResult& result);

// Writes /calibrations/<spec.name>/ (the file's root attributes and /provenance are the caller's).
void write_calibration(sim::Hdf5File& file, const CalibrationSpec& spec, const CalibrationResult& result);

// A scenario that `extends` the base (path relative to where it will be written) and sets
// every calibrated key to its posterior mean, 17 significant digits, under a comment
// header naming the calibration file, results file and date.
std::string calibrated_scenario_text(const CalibrationSpec& spec, const CalibrationResult& result,
                                     const std::filesystem::path& scenario_file, const std::string& results_file,
                                     const std::string& created);

}  // namespace rapport::analysis::calibration
