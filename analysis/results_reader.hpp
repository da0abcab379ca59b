// Reads a rapport results file (layout: README "HDF5 results") into memory:
// every scenario's stored configuration and metric time series.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/matrix.hpp"
#include "sim/metrics.hpp"

namespace rapport::sim {
class Hdf5File;
}  // namespace rapport::sim

namespace rapport::analysis {

// Physician-table columns load_results reads into ScenarioResults::physician_columns.
inline constexpr std::array<const char*, 6> kWorkloadColumns = {
    "findable", "minutes_per_day", "demand_minutes_per_day", "after_hours_minutes", "overtime_minutes",
    "backlog_minutes"};

// The newest results layout this reader understands (models::kFormatVersion when written).
inline constexpr std::int64_t kReadableFormatVersion = 2;

// The file is missing, not a rapport results file, or from a newer rapport.
class ResultsFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A request that does not fit the file (unknown scenario or metric, unpairable scenarios).
class AnalysisInputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct MetricSeries {
  std::string name;
  sim::Reduction reduction = sim::Reduction::kLevel;
  std::string units;   // e.g. "minutes/day"; a unit per day marks a daily flow
  sim::Matrix values;  // [replicates, days]
};

// A scenario's /outcome_totals and the first requests of its requester table, for effects
// per requester (analysis/requester_effects.hpp); empty when the file has none.
struct OutcomeTotalsByReplicate {
  std::vector<std::string> outcomes;                         // in name order
  std::vector<std::vector<double>> population, requesters;  // [outcome][replicate]
  std::vector<double> requester_count;                       // [replicate]
  // Per replicate, sorted: (physician, patient, request day) of each patient's first request.
  std::vector<std::vector<std::array<double, 3>>> first_requests;
};

struct ScenarioResults {
  std::string name;
  std::string config_toml;  // the fully resolved configuration the scenario ran with
  std::int64_t seed = 0;
  std::int64_t replicates = 0;
  std::int64_t days = 0;
  std::int64_t physicians = 0;  // columns of the physician table; 0 when the file has none
  // Numeric columns of the physician table read for the workload summary, [replicates,
  // physicians], by name (kWorkloadColumns); a column the file lacks is absent.
  std::map<std::string, sim::Matrix> physician_columns;
  std::vector<MetricSeries> metrics;  // in name order
  OutcomeTotalsByReplicate outcome_totals;

  [[nodiscard]] const MetricSeries& metric(const std::string& name) const;
};

struct Results {
  std::filesystem::path path;
  std::int64_t format_version = 0;
  std::string rapport_version;
  std::vector<ScenarioResults> scenarios;  // in name order

  [[nodiscard]] const ScenarioResults& scenario(const std::string& name) const;
};

// Throws ResultsFileError unless `file` is a rapport results file this reader understands.
void check_results_file(const sim::Hdf5File& file);
// The same check for any rapport file: root attributes `format` and a readable `format_version`,
// and `content_group` present (e.g. "/sweeps"); `written_by` completes "not a rapport ...".
void check_rapport_file(const sim::Hdf5File& file, const std::string& content_group, const std::string& written_by);

// HDF5 1.10 can crash, not just fail, on a crafted or corrupted file (fuzz/results_fuzzer.cpp
// found one). So a forked child first runs `read`, which reads everything the caller then
// reads; only if it survives (succeeding or throwing) does this process go on. Throws
// ResultsFileError if the child crashed, or if `path` is missing or not a regular file.
void read_first_in_a_separate_process(const std::filesystem::path& path, const std::function<void()>& read);

// Applies `edit` to a copy of `path` and renames the copy into place, so a failure leaves the
// original untouched (a symbolic link stays and its file is replaced). Throws sim::OutputError
// or sim::Hdf5Error. `check_stop` runs after the copy and before the rename; what it throws
// (e.g. on a stop signal) leaves the original untouched and no copy behind.
void edit_file_atomically(const std::filesystem::path& path, const std::function<void(sim::Hdf5File&)>& edit,
                          const std::function<void()>& check_stop = {});

// Opens, checks and loads a results file; errors are ResultsFileError with a one-line message.
// Every scenario must hold each of `expected_metrics` (the writer's table) and the same metrics.
Results load_results(const std::filesystem::path& path, std::span<const sim::MetricSpec> expected_metrics = {});

}  // namespace rapport::analysis
