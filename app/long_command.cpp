#include "app/long_command.hpp"

#include <tbb/info.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <ctime>
#include <iostream>
#include <optional>

#include "analysis/results_reader.hpp"
#include "app/version.hpp"
#include "models/results_writer.hpp"
#include "sim/atomic_output.hpp"
#include "sim/config.hpp"
#include "sim/hdf5_file.hpp"
#include "sim/job_farm.hpp"
#include "sim/run_journal.hpp"

namespace rapport::app {
namespace {

namespace fs = std::filesystem;

// The signal that asked us to stop (0: none), polled between steps of the work.
std::atomic<int> g_stop_signal{0};
extern "C" void request_stop(int signal) { g_stop_signal.store(signal); }

std::string host_name() {
  char name[256] = {};
  return ::gethostname(name, sizeof name - 1) == 0 ? name : "unknown";
}

// /provenance: facts of this run (wall_seconds, host, threads, processes, extra), never inputs.
void write_provenance(sim::Hdf5File& file, const Provenance& provenance) {
  file.create_group("/provenance");
  file.set_attribute("/provenance", "wall_seconds", provenance.wall_seconds);
  file.set_attribute("/provenance", "host", host_name());
  file.set_attribute("/provenance", "threads", static_cast<std::int64_t>(provenance.threads));
  file.set_attribute("/provenance", "processes", static_cast<std::int64_t>(provenance.processes));
  for (const auto& [name, value] : provenance.extra) file.set_attribute("/provenance", name, value);
}

// Runs `step`, reporting what it throws as one line (ending in `; note` if there is one)
// and turning it into an exit code.
template <class Step>
int guarded(const FailureReporter& report, Step&& step, const std::string& note = "") {
  const auto fail = [&](ExitCode code, const char* what) {
    report(code, what + (note.empty() ? "" : "; " + note));
    return static_cast<int>(code);
  };
  try {
    step();
    return kOk;
  } catch (const Stopped&) {
    return kInterrupted;
  } catch (const CommandError& e) {
    return fail(e.code(), e.what());
  } catch (const sim::ConfigError& e) {
    return fail(kBadInput, e.what());
  } catch (const analysis::ResultsFileError& e) {
    return fail(kOutputError, e.what());
  } catch (const sim::OutputError& e) {
    return fail(kOutputError, e.what());
  } catch (const sim::JournalError& e) {
    return fail(kOutputError, e.what());
  } catch (const sim::Hdf5Error& e) {
    return fail(kOutputError, e.what());
  }
}

}  // namespace

void refuse_inputs_as_outputs(const std::vector<fs::path>& outputs, const std::vector<fs::path>& inputs) {
  for (const auto& output : outputs) {
    for (const auto& input : inputs) {
      std::error_code error;
      if (fs::equivalent(output, input, error) && !error) {
        throw CommandError(kUsage, output.string() + ": is an input of this command (" + input.string() +
                                       "); name another output file");
      }
    }
  }
}

ThreadLimit::ThreadLimit(int requested, int extra_threads)
    : threads_(requested > 0 ? requested : tbb::info::default_concurrency()),
      control_(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads_ + extra_threads)) {}

void catch_stop_signals() {
  for (const int signal : {SIGINT, SIGTERM, SIGHUP}) std::signal(signal, request_stop);
}

bool stop_requested() { return g_stop_signal.load(std::memory_order_relaxed) != 0; }

void throw_if_stopped() {
  if (stop_requested()) throw Stopped{};
}

StopOnInterrupt::StopOnInterrupt() {
  g_stop_signal.store(0);
  struct sigaction action {};
  action.sa_handler = request_stop;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &previous_);
}

StopOnInterrupt::~StopOnInterrupt() {
  sigaction(SIGINT, &previous_, nullptr);
  g_stop_signal.store(0);
}

void print_failure(ExitCode /*code*/, const std::string& message) { std::cerr << "rapport: error: " << message << '\n'; }

int report_interrupted(const std::string& what_is_kept, const FailureReporter& report) {
  const int signal = g_stop_signal.load();
  report(kInterrupted, std::string("interrupted by ") +
                           (signal == SIGTERM ? "SIGTERM" : signal == SIGHUP ? "SIGHUP" : "SIGINT") + "; " + what_is_kept);
  return kInterrupted;
}

std::string utc_now_iso8601() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

void write_file_header(sim::Hdf5File& file, const std::string& command_line) {
  file.set_attribute("/", "format", std::string("rapport"));
  file.set_attribute("/", "format_version", models::kFormatVersion);
  file.set_attribute("/", "rapport_version", std::string(kVersion));
  file.set_attribute("/", "created", utc_now_iso8601());
  file.set_attribute("/", "command", command_line);
}

bool Session::quiet() const { return quiet_ || !group_.is_root(); }

double Session::seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
}

Provenance Session::provenance(std::map<std::string, std::string> extra) const {
  return {seconds(), threads_, group_.size(), std::move(extra)};
}

void write_results_file(const fs::path& path, const std::string& output, const std::string& command_line,
                        const std::function<void(sim::Hdf5File&)>& content,
                        const std::function<Provenance()>& provenance) {
  try {
    sim::Hdf5File file(path, sim::Hdf5File::Mode::kCreate);
    write_file_header(file, command_line);
    content(file);
    write_provenance(file, provenance());
    file.close();
  } catch (const sim::Hdf5Error& e) {
    throw sim::OutputError("cannot write " + output + ": " + e.what());
  }
}

std::unique_ptr<sim::ProgressBar> Session::progress(std::uint64_t total, std::string label) const {
  return std::make_unique<sim::ProgressBar>(quiet() ? 0 : total, std::move(label));
}

std::size_t Session::run_jobs(const std::vector<std::size_t>& jobs, const std::function<sim::Bytes(std::size_t)>& run,
                              const std::function<void(std::size_t, sim::Bytes, bool)>& on_result) const {
  std::size_t finished = 0;
  sim::run_jobs(group_, jobs, threads_,
                {.run = [&](std::size_t job) -> std::optional<sim::Bytes> {
                   try {
                     return run(job);
                   } catch (const Stopped&) {
                     return std::nullopt;
                   }
                 },
                 .on_result =
                     [&](std::size_t job, sim::Bytes bytes, bool local) {
                       on_result(job, std::move(bytes), local);
                       ++finished;
                     },
                 .stop_requested = [] { return stop_requested(); }});
  return finished;
}

int run_long_command(LongCommand& command, const LongCommandOptions& options, const Invocation& invocation,
                     const CommandHost& host) {
  const auto& group = invocation.group;
  const auto& report = host.report_failure;
  // Handlers first: from the moment a temporary file exists, a signal must let us remove it.
  if (host.catch_stop_signals) catch_stop_signals();
  int status = guarded(report, [&] { command.load(); });

  // The root owns the outputs: claimed, with their temporaries created, before any work.
  std::optional<sim::AtomicOutput> results;
  std::vector<std::unique_ptr<sim::AtomicOutput>> companions;
  if (status == kOk && group.is_root()) {
    status = guarded(report, [&] {
      std::vector<fs::path> outputs{options.output};
      for (const auto& companion : command.companion_outputs()) outputs.push_back(companion);
      refuse_inputs_as_outputs(outputs, command.inputs());
      results.emplace(options.output, options.force, command.expected_bytes());
      for (const auto& companion : command.companion_outputs()) {
        companions.push_back(std::make_unique<sim::AtomicOutput>(companion, options.force));
      }
      command.prepare(options);
    });
  }
  if (const int agreed = group.agree(status); agreed != kOk) {
    return agreed == kInterrupted ? report_interrupted("nothing was written", report) : agreed;
  }

  const ThreadLimit thread_limit(options.threads, sim::ProcessGroup::coordinator_threads());
  const Session session(group, thread_limit.threads(), options.quiet);
  bool complete = false;
  status = guarded(report, [&] { complete = command.work(session); });
  if (status != kOk && status != kInterrupted) {
    group.stop_others(status);  // the others would wait for this process forever
    return status;
  }
  // Only the root counts what finished; it decides for all.
  const bool finished = !group.is_root() || (status == kOk && complete);
  if (group.agree(finished ? kOk : kInterrupted) != kOk) return report_interrupted(command.what_is_kept(), report);
  if (!group.is_root()) return kOk;

  status = guarded(report, [&] {
    write_results_file(
        results->temporary(), options.output, invocation.command_line,
        [&](sim::Hdf5File& file) { command.write(file, session); },
        [&] { return session.provenance(command.provenance()); });
    std::vector<fs::path> temporaries;
    for (const auto& companion : companions) temporaries.push_back(companion->temporary());
    command.write_companions(temporaries);
    throw_if_stopped();  // a signal while writing: still nothing replaced
    results->commit();
    for (const auto& companion : companions) companion->commit();
  }, command.what_is_kept());
  if (status == kInterrupted) return report_interrupted(command.what_is_kept(), report);
  if (status != kOk) return status;
  return command.finish(session);
}

}  // namespace rapport::app
