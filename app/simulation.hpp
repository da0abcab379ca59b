// The one code path that simulates scenarios and writes a results file, shared
// by `rapport run` (scenarios from TOML files) and `rapport rerun` (scenarios
// from the configurations stored in a results file).
#pragma once

#include <tbb/global_control.h>

#include <map>
#include <string>
#include <vector>

#include "models/scenario.hpp"
#include "sim/hdf5_file.hpp"
#include "sim/job_farm.hpp"

namespace rapport::app {

using models::Scenario;  // models/scenario.hpp: the one path from a scenario file to a model

struct SimulationRequest {
  std::vector<Scenario> scenarios;
  std::string output;
  bool force = false;
  int threads = 0;  // 0: all cores
  bool quiet = false;
  std::string command_line;
  std::map<std::string, std::string> provenance;  // extra /provenance attributes
};

// Root attributes every rapport file carries: format, format_version, rapport_version,
// created (UTC ISO 8601) and command.
void write_file_header(sim::Hdf5File& file, const std::string& command_line);
// /provenance: facts of this run (wall_seconds, host, threads, processes, extra), never inputs.
void write_provenance(sim::Hdf5File& file, double wall_seconds, int threads, int processes,
                      const std::map<std::string, std::string>& extra = {});
std::string utc_now_iso8601();
// Caps TBB's worker threads for its lifetime: the requested count, or all cores for 0,
// plus `extra_threads` that do not compute (sim::ProcessGroup::coordinator_threads()).
class ThreadLimit {
 public:
  explicit ThreadLimit(int requested, int extra_threads = 0);
  [[nodiscard]] int threads() const { return threads_; }

 private:
  int threads_;
  tbb::global_control control_;
};

// SIGINT and SIGTERM set a flag instead of killing the process, so a command can stop
// between simulated days, write nothing and exit with kInterrupted.
void catch_stop_signals();
[[nodiscard]] bool stop_requested();

// Runs every (scenario, replicate) pair in parallel over the threads and processes of
// `group`, each replicate r with the same seed in every scenario (common random numbers),
// and writes the file atomically (on the root process). Returns an ExitCode; prints errors itself.
// Its first collective step is group.agree(status): a rank that failed before calling it
// must call group.agree(its error) instead, so that every rank stops together.
int simulate_and_write(const SimulationRequest& request, const sim::ProcessGroup& group);

}  // namespace rapport::app
