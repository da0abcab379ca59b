// The skeleton every long command shares (run, rerun, sweep, calibrate): stop signals,
// agreement between the processes of an MPI job, the thread limit, progress, claiming
// every output before the work and committing them atomically after it, provenance.
// A command is a plan on top of it (a LongCommand): what it reads, what it writes, its
// work and its report; run_long_command() runs the plan.
#pragma once

#include <signal.h>
#include <tbb/global_control.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "sim/bytes.hpp"
#include "sim/progress.hpp"

namespace rapport::sim {
class Hdf5File;
class ProcessGroup;
}  // namespace rapport::sim

namespace rapport::app {

// The one stop exception: thrown from inside the work once a stop signal arrived
// (throw_if_stopped), caught by the orchestrator, which then writes nothing.
struct Stopped {};

// SIGINT, SIGTERM and SIGHUP set a flag instead of killing the process, so a command can
// stop between steps of its work, remove its temporary files and exit with kInterrupted.
void catch_stop_signals();
[[nodiscard]] bool stop_requested();
void throw_if_stopped();
// For a process that outlives its runs (the Python module): while one exists, SIGINT asks the
// work to stop (stop_requested()) instead of running the handler it had, which is restored
// after; a stop request is forgotten at both ends, so the next run starts afresh.
class StopOnInterrupt {
 public:
  StopOnInterrupt();
  ~StopOnInterrupt();
  StopOnInterrupt(const StopOnInterrupt&) = delete;
  StopOnInterrupt& operator=(const StopOnInterrupt&) = delete;

 private:
  struct sigaction previous_ {};
};
// How a failure is told: the CLI prints "rapport: error: <message>" on stderr (print_failure);
// the Python module keeps it to raise as an exception.
using FailureReporter = std::function<void(ExitCode code, const std::string& message)>;
void print_failure(ExitCode code, const std::string& message);
// Reports "interrupted by <signal>; <what_is_kept>"; returns kInterrupted.
int report_interrupted(const std::string& what_is_kept, const FailureReporter& report = print_failure);

// An error a plan has already classified with its exit code.
class CommandError : public std::runtime_error {
 public:
  CommandError(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  [[nodiscard]] ExitCode code() const { return code_; }

 private:
  ExitCode code_;
};

// Root attributes every rapport file carries: format, format_version, rapport_version,
// created (UTC ISO 8601) and command.
void write_file_header(sim::Hdf5File& file, const std::string& command_line);
std::string utc_now_iso8601();

// An output naming one of the command's inputs would replace it: refused (CommandError) even with --force.
void refuse_inputs_as_outputs(const std::vector<std::filesystem::path>& outputs,
                              const std::vector<std::filesystem::path>& inputs);

// Caps TBB's worker threads for its lifetime: the requested count, or all cores for 0,
// plus `extra_threads` that do not compute (sim::ProcessGroup::coordinator_threads()).
class ThreadLimit {
 public:
  ThreadLimit(int requested, int extra_threads);
  [[nodiscard]] int threads() const { return threads_; }

 private:
  int threads_;
  tbb::global_control control_;
};

// Facts of the work stored under /provenance, never inputs (the host is added when written).
struct Provenance {
  double wall_seconds = 0.0;
  int threads = 0;
  int processes = 1;
  std::map<std::string, std::string> extra;
};

// Writes a complete results file at `path` (an output's temporary, committed by the caller):
// the header, `content`, then /provenance, asked for once the content is written. An HDF5
// failure becomes a sim::OutputError naming `output`.
void write_results_file(const std::filesystem::path& path, const std::string& output, const std::string& command_line,
                        const std::function<void(sim::Hdf5File&)>& content,
                        const std::function<Provenance()>& provenance);

// Options every long command has.
struct LongCommandOptions {
  std::string output;
  int threads = 0;  // 0: all cores
  bool force = false;
  bool quiet = false;
};

// What the orchestrator offers a plan while it works.
class Session {
 public:
  Session(const sim::ProcessGroup& group, int threads, bool quiet)
      : group_(group), threads_(threads), quiet_(quiet), started_(std::chrono::steady_clock::now()) {}
  [[nodiscard]] const sim::ProcessGroup& group() const { return group_; }
  [[nodiscard]] int threads() const { return threads_; }
  // Quiet: asked for, or a process other than the root (which speaks for all).
  [[nodiscard]] bool quiet() const;
  [[nodiscard]] double seconds() const;
  // The facts of the work so far, with a plan's `extra` ones.
  [[nodiscard]] Provenance provenance(std::map<std::string, std::string> extra = {}) const;
  // A progress bar on stderr, silent when quiet.
  [[nodiscard]] std::unique_ptr<sim::ProgressBar> progress(std::uint64_t total, std::string label) const;
  // Runs `jobs` over the threads and processes (sim/job_farm.hpp); `run` throws Stopped
  // to stop early, and no further job starts once a stop signal arrived. `on_result`: on
  // the root, one at a time. Returns how many jobs finished (on the root).
  std::size_t run_jobs(const std::vector<std::size_t>& jobs, const std::function<sim::Bytes(std::size_t)>& run,
                       const std::function<void(std::size_t job, sim::Bytes result, bool local)>& on_result) const;

 private:
  const sim::ProcessGroup& group_;
  int threads_;
  bool quiet_;
  std::chrono::steady_clock::time_point started_;
};

// A plan: the steps in which one command differs from another.
class LongCommand {
 public:
  virtual ~LongCommand() = default;
  // Every process: reads and checks the inputs. Throws sim::ConfigError (bad input),
  // analysis::ResultsFileError (an unreadable results file) or CommandError.
  virtual void load() = 0;
  // The inputs the outputs must never replace, even with --force.
  [[nodiscard]] virtual std::vector<std::filesystem::path> inputs() const = 0;
  // Files written besides the results file (e.g. a calibrated scenario), claimed with it.
  [[nodiscard]] virtual std::vector<std::filesystem::path> companion_outputs() const { return {}; }
  // About how many bytes the results file will take, checked against the free space.
  [[nodiscard]] virtual std::uint64_t expected_bytes() const { return 0; }
  // Root, once the outputs are claimed and before any work: e.g. opens a journal.
  virtual void prepare(const LongCommandOptions& /*options*/) {}
  // Every process: the long part. Returns false if stopped before the end (on the root,
  // whose view decides for all); may throw Stopped instead.
  virtual bool work(const Session& session) = 0;
  // Root: fills the results file between its header and /provenance.
  virtual void write(sim::Hdf5File& results, const Session& session) = 0;
  // Root: fills the companions' temporaries, in the order of companion_outputs().
  virtual void write_companions(const std::vector<std::filesystem::path>& /*temporaries*/) {}
  // Extra /provenance attributes.
  [[nodiscard]] virtual std::map<std::string, std::string> provenance() const { return {}; }
  // Root: what survives a stop or a failure to write, e.g. "nothing was written to OUT".
  [[nodiscard]] virtual std::string what_is_kept() const = 0;
  // Root, once every output is in place: e.g. removes a journal, prints a summary.
  // Returns the exit code (a verification may fail).
  virtual int finish(const Session& /*session*/) { return kOk; }
};

// What run_long_command asks of the process it runs in. The CLI's: stop signals caught for the
// rest of the process, failures printed. The Python module's: its own SIGINT handling around
// the call (StopOnInterrupt), failures kept to raise.
struct CommandHost {
  bool catch_stop_signals = true;
  FailureReporter report_failure = print_failure;
};

// Runs a plan: signals, load (agreed by every process), claim of every output on the root
// (refusing one that names an input), thread limit, the work, agreement that it finished,
// the results file (header, the plan's content, provenance), companions, atomic commit,
// finish. Reports every error as one line (host.report_failure); returns an ExitCode.
int run_long_command(LongCommand& command, const LongCommandOptions& options, const Invocation& invocation,
                     const CommandHost& host = {});

}  // namespace rapport::app
