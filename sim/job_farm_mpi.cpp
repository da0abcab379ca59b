// Several MPI ranks: rank 0 hands out job indices on request and collects every result;
// each rank runs its jobs on TBB worker threads while its main thread does all the MPI
// calls (MPI_THREAD_FUNNELED) and sleeps briefly whenever there is nothing to do.
#include <mpi.h>
#include <tbb/concurrent_queue.h>
#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <thread>

#include "sim/job_farm.hpp"

namespace rapport::sim {
namespace {

enum Tag : int {
  kRequest = 1,  // worker -> root: int, how many jobs it can start
  kAssign = 2,   // root -> worker: job indices (uint64); none means there is no more work
  kResult = 3,   // worker -> root: job index (uint64) then the result bytes
  kDone = 4,     // worker -> root: no job in flight and none will be asked for
};

// How long a main thread sleeps when there was nothing to do: briefly after activity,
// doubling while idle up to a cap, so a waiting rank costs next to no CPU. Each rank keeps
// one run queued beyond its threads, so it never idles while rank 0 sleeps before answering.
class IdleBackoff {
 public:
  void reset() { pause_ = kShortest; }
  void wait() {
    std::this_thread::sleep_for(pause_);
    pause_ = std::min(pause_ * 2, kLongest);
  }

 private:
  static constexpr std::chrono::microseconds kShortest{50}, kLongest{2000};
  std::chrono::microseconds pause_ = kShortest;
};
constexpr int kQueuedRuns = 1;

void check(int code, const char* what) {
  if (code != MPI_SUCCESS) throw std::runtime_error(std::string("MPI call failed: ") + what);
}

// The jobs of this process, on TBB worker threads; the main thread collects them. The
// arena reserves no slot for the main thread, so `threads` workers compute even when
// the rank is bound to fewer cores than that (TBB would otherwise size it by the binding).
class LocalJobs {
 public:
  LocalJobs(int threads, const JobCallbacks& callbacks) : callbacks_(callbacks), arena_(threads, 0) {}
  ~LocalJobs() {
    arena_.execute([this] { group_.wait(); });
  }
  LocalJobs(const LocalJobs&) = delete;
  LocalJobs& operator=(const LocalJobs&) = delete;

  void start(std::size_t job) {
    ++in_flight_;
    // enqueue, not execute: the main thread must never wait for a free slot in the arena.
    arena_.enqueue(group_.defer([this, job] {
      Finished finished{job, {}, {}};
      try {
        finished.result = callbacks_.run(job);
      } catch (...) {
        finished.error = std::current_exception();
      }
      finished_.push(std::move(finished));
    }));
  }

  // Hands each job finished since the last call to `deliver`; true if any finished.
  template <class Deliver>
  bool collect(Deliver&& deliver) {
    bool any = false;
    Finished finished;
    while (finished_.try_pop(finished)) {
      --in_flight_;
      any = true;
      if (finished.error) {
        if (!error_) error_ = finished.error;
      } else if (finished.result) {
        deliver(finished.job, std::move(*finished.result));
      }
    }
    return any;
  }

  [[nodiscard]] int in_flight() const { return in_flight_; }
  [[nodiscard]] bool failed() const { return error_ != nullptr; }
  void rethrow_failure() const {
    if (error_) std::rethrow_exception(error_);
  }

 private:
  struct Finished {
    std::size_t job = 0;
    std::optional<Bytes> result;
    std::exception_ptr error;
  };
  const JobCallbacks& callbacks_;
  tbb::task_arena arena_;
  tbb::task_group group_;
  tbb::concurrent_queue<Finished> finished_;
  int in_flight_ = 0;
  std::exception_ptr error_;
};

void serve_jobs(const ProcessGroup& group, const std::vector<std::size_t>& jobs, int threads,
                const JobCallbacks& callbacks) {
  LocalJobs local(threads, callbacks);
  const int slots = threads + kQueuedRuns;
  IdleBackoff idle;
  std::size_t next = 0;
  int workers_running = group.size() - 1;
  bool stopping = false;
  while (true) {
    bool busy = false;
    stopping = stopping || callbacks.stop_requested() || local.failed();
    for (; !stopping && local.in_flight() < slots && next < jobs.size(); ++next, busy = true) local.start(jobs[next]);

    int pending = 0;
    MPI_Status status;
    while (true) {
      check(MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &pending, &status), "MPI_Iprobe");
      if (!pending) break;
      busy = true;
      const int source = status.MPI_SOURCE;
      if (status.MPI_TAG == kRequest) {
        int wanted = 0;
        check(MPI_Recv(&wanted, 1, MPI_INT, source, kRequest, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "MPI_Recv");
        std::vector<std::uint64_t> batch;
        for (; !stopping && wanted > 0 && next < jobs.size(); --wanted) batch.push_back(jobs[next++]);
        check(MPI_Send(batch.data(), static_cast<int>(batch.size()), MPI_UINT64_T, source, kAssign, MPI_COMM_WORLD),
              "MPI_Send");
      } else if (status.MPI_TAG == kResult) {
        int count = 0;
        check(MPI_Get_count(&status, MPI_CHAR, &count), "MPI_Get_count");
        Bytes message(static_cast<std::size_t>(count));
        check(MPI_Recv(message.data(), count, MPI_CHAR, source, kResult, MPI_COMM_WORLD, MPI_STATUS_IGNORE),
              "MPI_Recv");
        std::uint64_t job = 0;
        std::memcpy(&job, message.data(), sizeof job);
        callbacks.on_result(job, Bytes(message.begin() + sizeof job, message.end()), false);
      } else {
        check(MPI_Recv(nullptr, 0, MPI_CHAR, source, kDone, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "MPI_Recv");
        --workers_running;
      }
    }
    busy |= local.collect([&](std::size_t job, Bytes result) { callbacks.on_result(job, std::move(result), true); });
    if ((stopping || next == jobs.size()) && local.in_flight() == 0 && workers_running == 0) break;
    if (busy) {
      idle.reset();
    } else {
      idle.wait();
    }
  }
  local.rethrow_failure();
}

void work_for_root(int threads, const JobCallbacks& callbacks) {
  LocalJobs local(threads, callbacks);
  const int slots = threads + kQueuedRuns;
  IdleBackoff idle;
  bool no_more = false;
  bool asked = false;  // a request is out and its answer has not arrived yet
  while (true) {
    bool busy = false;
    no_more = no_more || callbacks.stop_requested() || local.failed();
    if (!no_more && !asked && local.in_flight() < slots) {
      int wanted = slots - local.in_flight();
      check(MPI_Send(&wanted, 1, MPI_INT, 0, kRequest, MPI_COMM_WORLD), "MPI_Send");
      asked = busy = true;
    }
    // The answer is polled, not awaited: a blocking MPI call would spin a core meanwhile.
    int answered = 0;
    MPI_Status status;
    if (asked) check(MPI_Iprobe(0, kAssign, MPI_COMM_WORLD, &answered, &status), "MPI_Iprobe");
    if (answered) {
      int count = 0;
      check(MPI_Get_count(&status, MPI_UINT64_T, &count), "MPI_Get_count");
      std::vector<std::uint64_t> batch(static_cast<std::size_t>(count));
      check(MPI_Recv(batch.data(), count, MPI_UINT64_T, 0, kAssign, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "MPI_Recv");
      if (!no_more) {  // runs handed out after a stop request are left for --resume
        for (const auto job : batch) local.start(job);
      }
      no_more = no_more || batch.empty();
      asked = false;
      busy = true;
    }
    busy |= local.collect([](std::size_t job, Bytes result) {
      Bytes message(sizeof(std::uint64_t));
      const auto index = static_cast<std::uint64_t>(job);
      std::memcpy(message.data(), &index, sizeof index);
      message.insert(message.end(), result.begin(), result.end());
      check(MPI_Send(message.data(), static_cast<int>(message.size()), MPI_CHAR, 0, kResult, MPI_COMM_WORLD),
            "MPI_Send");
    });
    if (no_more && !asked && local.in_flight() == 0) {
      check(MPI_Send(nullptr, 0, MPI_CHAR, 0, kDone, MPI_COMM_WORLD), "MPI_Send");
      break;
    }
    if (busy) {
      idle.reset();
    } else {
      idle.wait();
    }
  }
  local.rethrow_failure();
}

}  // namespace

ProcessGroup::ProcessGroup(int& argc, char**& argv) {
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

ProcessGroup::~ProcessGroup() { MPI_Finalize(); }

int ProcessGroup::agree(int status) const {
  int worst = status;
  check(MPI_Allreduce(&status, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD), "MPI_Allreduce");
  return worst;
}

int ProcessGroup::coordinator_threads() { return 1; }

void ProcessGroup::stop_others(int code) const {
  if (size_ > 1) MPI_Abort(MPI_COMM_WORLD, code);
}

void run_jobs(const ProcessGroup& group, const std::vector<std::size_t>& jobs, int threads,
              const JobCallbacks& callbacks) {
  if (group.is_root()) {
    serve_jobs(group, jobs, threads, callbacks);
  } else {
    work_for_root(threads, callbacks);
  }
}

}  // namespace rapport::sim
