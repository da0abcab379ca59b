// One process: the jobs are a parallel loop on TBB threads.
#include <mutex>

#include "sim/job_farm.hpp"
#include "sim/parallel.hpp"

namespace rapport::sim {

ProcessGroup::ProcessGroup(int& /*argc*/, char**& /*argv*/) {}
ProcessGroup::~ProcessGroup() = default;
int ProcessGroup::agree(int status) const { return status; }
int ProcessGroup::coordinator_threads() { return 0; }
void ProcessGroup::stop_others(int /*code*/) const {}

void run_jobs(const ProcessGroup& /*group*/, const std::vector<std::size_t>& jobs, int /*threads*/,
              const JobCallbacks& callbacks) {
  std::mutex results_mutex;
  parallel_for_index(jobs.size(), [&](std::size_t i) {
    if (callbacks.stop_requested()) return;
    auto result = callbacks.run(jobs[i]);
    if (!result) return;
    const std::scoped_lock lock(results_mutex);
    callbacks.on_result(jobs[i], std::move(*result), true);
  });
}

}  // namespace rapport::sim
