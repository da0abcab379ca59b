// Independent runs spread over the processes of an MPI job and the threads of each
// process. Two implementations share this interface, chosen when rapport is built:
// job_farm_local.cpp (the default build: one process, TBB threads) and job_farm_mpi.cpp
// (-DRAPPORT_MPI=ON: rank 0 hands out run indices on request, so a rank that draws short
// runs simply asks for more; every finished result travels to rank 0).
//
// Results never depend on where a run ran: a run's random streams are keyed by its own
// indices, and the caller stores each result in the run's own slot.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

#include "sim/bytes.hpp"

namespace rapport::sim {

// The processes of this job: one without MPI, the ranks of MPI_COMM_WORLD with it.
// Construct exactly one, first thing in main (it initialises and finalises MPI).
class ProcessGroup {
 public:
  ProcessGroup(int& argc, char**& argv);
  ~ProcessGroup();
  ProcessGroup(const ProcessGroup&) = delete;
  ProcessGroup& operator=(const ProcessGroup&) = delete;

  [[nodiscard]] int rank() const { return rank_; }
  [[nodiscard]] int size() const { return size_; }
  [[nodiscard]] bool is_root() const { return rank_ == 0; }
  // Every process passes its status and all get the largest, so they go on (0) or stop
  // together: a failure on one rank (e.g. an unwritable output on rank 0) stops all.
  [[nodiscard]] int agree(int status) const;
  // Threads TBB must allow beside `threads` computing ones: with MPI the main thread of
  // each rank only communicates (and sleeps while it waits).
  [[nodiscard]] static int coordinator_threads();
  // Ends every process of the job with `code` when this one fails on its own (the others
  // would wait for it forever); nothing with one process.
  void stop_others(int code) const;

 private:
  int rank_ = 0;
  int size_ = 1;
};

struct JobCallbacks {
  // Runs one job on a worker thread of any process; std::nullopt if it stopped early
  // (a stop request). Must be thread-safe.
  std::function<std::optional<Bytes>(std::size_t job)> run;
  // On the root process only, one call at a time, for each result as it arrives.
  // `local`: the job ran in this process (its progress was already reported day by day).
  std::function<void(std::size_t job, Bytes result, bool local)> on_result;
  // Polled between jobs: once true, no further job starts.
  std::function<bool()> stop_requested;
};

// Runs `jobs` (job indices, handed out in this order) over every process of the group;
// every process calls it with the same list. Each process runs `threads` jobs at a time
// (the local build lets TBB's own limit decide). Returns when every job has finished or
// stop_requested() turned true; the root's on_result has then seen every finished job. Exceptions from `run` other than
// stopping are rethrown after the other jobs of this process finished.
void run_jobs(const ProcessGroup& group, const std::vector<std::size_t>& jobs, int threads,
              const JobCallbacks& callbacks);

}  // namespace rapport::sim
