// The rapport CLI: one function per command, wired up in main.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rapport::sim {
class ProcessGroup;
}

namespace rapport::app {

// Exit codes, documented in the README.
enum ExitCode : int {
  kOk = 0,
  kFailure = 1,      // unexpected internal error
  kUsage = 2,        // bad command-line syntax or value
  kBadInput = 3,     // a scenario file or --set value is invalid
  kOutputError = 4,  // results file exists, cannot be written, or is not a rapport file
  kInterrupted = 5,  // SIGINT/SIGTERM: stopped, nothing written
  kNotReproduced = 6,  // rerun --verify: the reproduction differs from the original
};

struct RunOptions {
  std::vector<std::string> scenario_files;
  std::string output;
  std::optional<std::int64_t> replicates, seed, days;
  int threads = 0;  // 0: all cores
  std::vector<std::string> overrides;
  bool force = false;
  bool quiet = false;
  std::string command_line;
};

struct SummarizeOptions {
  std::string results;
  std::optional<std::string> baseline;
  std::vector<std::string> metrics;  // printed rows; empty: every metric
  std::vector<std::string> mid;      // metric=value minimum important differences
  double career_years = 30.0;        // for the probability of at least one event over a career
  bool csv = false;
  bool write = false;
};

struct RerunOptions {
  std::string results;
  std::string output;
  bool verify = false;
  int threads = 0;  // 0: all cores
  bool force = false;
  bool quiet = false;
  std::string command_line;
};

struct CalibrateOptions {
  std::string calibration_file;
  std::string output;
  std::string scenario_output;  // empty: OUT's stem + "_calibrated.toml", beside it
  int threads = 0;              // 0: all cores
  bool force = false;
  bool quiet = false;
  std::string command_line;
};

struct SweepOptions {
  std::string sweep_file;
  std::string output;
  int threads = 0;  // 0: all cores
  bool force = false;
  bool resume = false;  // continue from the journal of an interrupted sweep
  bool quiet = false;
  std::string command_line;
};

struct SensitivityOptions {
  std::string results;
  bool csv = false;
  std::vector<std::string> compare;  // two base scenarios: policy A, policy B
  std::size_t resamples = 1000;      // bootstrap resamples for Sobol intervals
  std::vector<std::string> mid;      // metric=value: a win must exceed the minimum important difference
};

struct ReportOptions {
  std::string results;
  std::string output;
  std::optional<std::string> baseline;  // default: decline_all when the file has it
  bool force = false;
  bool quiet = false;
};

struct ExportOptions {
  std::string results;
  std::string csv_directory;
  bool force = false;
  bool quiet = false;
};

// run, rerun and sweep spread their runs over the processes of an MPI job (sim/job_farm.hpp).
int run_command(const RunOptions& options, const sim::ProcessGroup& group);
int calibrate_command(const CalibrateOptions& options);
int summarize_command(const SummarizeOptions& options);
int sweep_command(const SweepOptions& options, const sim::ProcessGroup& group);
int sensitivity_command(const SensitivityOptions& options);
int report_command(const ReportOptions& options);
int export_command(const ExportOptions& options);
int rerun_command(const RerunOptions& options, const sim::ProcessGroup& group);
int validate_command(const std::vector<std::string>& scenario_files, const std::vector<std::string>& overrides);
int policies_command();
int parameters_command(bool markdown);
int schedule_command();

}  // namespace rapport::app
