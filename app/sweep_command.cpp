// `rapport sweep`: validate a sweep file, run every (base, point, replicate) over the
// threads (and, in an MPI build, the processes) available, journal each finished run,
// and write /sweeps/<name>/ atomically (layout: docs/SENSITIVITY.md; resuming and
// clusters: docs/CLUSTER.md).
#include <chrono>
#include <iostream>
#include <optional>

#include "analysis/sweeps/sweep_runner.hpp"
#include "app/commands.hpp"
#include "app/simulation.hpp"
#include "app/version.hpp"
#include "models/results_writer.hpp"
#include "sim/atomic_output.hpp"
#include "sim/hdf5_file.hpp"
#include "sim/job_farm.hpp"
#include "sim/progress.hpp"
#include "sim/run_journal.hpp"

namespace rapport::app {
namespace {

// What a journal must match to be resumed: the sweep file and every base scenario as
// resolved, and the code that ran them.
std::string sweep_fingerprint(const analysis::SweepData& data) {
  std::string text = "rapport " + std::string(kVersion) + " format " + std::to_string(models::kFormatVersion) +
                     "\n" + data.sweep_toml;
  for (const auto& config : data.base_configs) text += "\n" + config;
  return text;
}

sim::Bytes to_bytes(const std::vector<double>& statistics) {
  sim::ByteWriter writer;
  writer.put(statistics);
  return writer.take();
}

std::vector<double> from_bytes(const sim::Bytes& bytes) { return sim::ByteReader(bytes).get_vector<double>(); }

// The output and its journal, on the root process only.
struct SweepOutput {
  SweepOutput(const SweepOptions& options, const analysis::SweepRuns& runs)
      : file(options.output, options.force || options.resume),
        journal(sim::RunJournal::beside(options.output), sweep_fingerprint(runs.data()), runs.size(),
                options.resume ? sim::RunJournal::Mode::kResume : sim::RunJournal::Mode::kStartFresh, options.force) {}
  sim::AtomicOutput file;
  sim::RunJournal journal;
};

}  // namespace

int sweep_command(const SweepOptions& options, const sim::ProcessGroup& group) {
  // Handlers first: from the moment the temporary file exists, a signal must let us remove it.
  catch_stop_signals();
  std::optional<analysis::SweepRuns> runs;
  int status = kOk;
  try {
    runs.emplace(analysis::load_sweep_file(options.sweep_file));
  } catch (const sim::ConfigError& e) {
    std::cerr << "rapport: error: " << e.what() << '\n';
    status = kBadInput;
  }

  // The root owns the output: checked, with the journal opened (or resumed), before anything runs.
  std::optional<SweepOutput> output;
  std::vector<std::size_t> todo;
  if (status == kOk && group.is_root()) {
    try {
      if (options.resume && std::filesystem::exists(options.output) &&
          !std::filesystem::exists(sim::RunJournal::beside(options.output))) {
        throw sim::JournalError(options.output + " already exists and no journal of unfinished runs is beside it: "
                                "nothing to resume (pass --force to run the sweep again)");
      }
      output.emplace(options, *runs);
    } catch (const sim::OutputError& e) {
      std::cerr << "rapport: error: " << e.what() << '\n';
      status = kOutputError;
    } catch (const sim::JournalError& e) {
      std::cerr << "rapport: error: " << e.what() << '\n';
      status = kOutputError;
    }
  }
  if (output) {
    for (const auto& [run, bytes] : output->journal.finished()) runs->store(run, from_bytes(bytes));
    for (std::size_t run = 0; run < runs->size(); ++run) {
      if (!output->journal.finished().contains(run)) todo.push_back(run);
    }
  }
  if (const int agreed = group.agree(status); agreed != kOk) return agreed;

  const ThreadLimit thread_limit(options.threads, sim::ProcessGroup::coordinator_threads());
  const int threads = thread_limit.threads();
  const auto& data = runs->data();
  if (!options.quiet && group.is_root()) {
    std::cerr << "rapport: sweep '" << data.name << "': " << data.points() << " points x " << data.scenarios.size()
              << " base scenario(s) x " << data.replicates << " replicate(s) = " << runs->size() << " runs";
    if (output->journal.finished().size() > 0) {
      std::cerr << " (" << output->journal.finished().size() << " already in " << output->journal.path().string()
                << ", " << todo.size() << " to go)";
    }
    std::cerr << " on " << group.size() << " process(es) x " << threads << " thread(s)\n";
  }

  std::uint64_t todo_days = 0;
  for (const auto run : todo) todo_days += runs->days(run);
  const auto started = std::chrono::steady_clock::now();
  struct Stopped {};
  sim::ProgressBar progress(options.quiet || !group.is_root() ? 0 : todo_days, "sweeping");
  const auto on_day = [&] {
    if (stop_requested()) throw Stopped{};
    progress.tick();
  };
  std::size_t finished = output ? output->journal.finished().size() : 0;
  try {
    sim::run_jobs(group, todo, threads,
                  {.run = [&](std::size_t run) -> std::optional<sim::Bytes> {
                     try {
                       return to_bytes(runs->run(run, on_day));
                     } catch (const Stopped&) {
                       return std::nullopt;
                     }
                   },
                   .on_result =
                       [&](std::size_t run, sim::Bytes bytes, bool local) {
                         output->journal.append(run, bytes);
                         runs->store(run, from_bytes(bytes));
                         ++finished;
                         if (!local) progress.tick(runs->days(run));
                       },
                   .stop_requested = [] { return stop_requested(); }});
  } catch (const sim::JournalError& e) {
    std::cerr << "rapport: error: " << e.what() << '\n';
    group.stop_others(kOutputError);
    return kOutputError;
  }
  progress.finish();

  // Only the root counts results; it decides for all.
  const bool complete = !group.is_root() || finished == runs->size();
  if (group.agree(complete ? kOk : kInterrupted) != kOk) {
    if (output) {
      output->journal.sync();
      std::cerr << "\nrapport: interrupted; " << finished << " of " << runs->size() << " runs are saved in "
                << output->journal.path().string() << "; run the same command with --resume to finish\n";
    }
    return kInterrupted;
  }
  if (!group.is_root()) return kOk;

  try {
    sim::Hdf5File file(output->file.temporary(), sim::Hdf5File::Mode::kCreate);
    write_file_header(file, options.command_line);
    analysis::write_sweep(file, data);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    write_provenance(file, seconds, threads, group.size());
    file.close();
    output->file.commit();
    output->journal.remove();
    if (!options.quiet) {
      std::cout << "Sweep '" << data.name << "': " << data.points() << " points, " << seconds << " s\nResults: "
                << options.output << "  (indices: rapport sensitivity " << options.output << ")\n";
    }
  } catch (const sim::Hdf5Error& e) {
    std::cerr << "rapport: error: " << e.what() << "; the finished runs stay in " << output->journal.path().string()
              << " (--resume)\n";
    return kOutputError;
  } catch (const sim::OutputError& e) {
    std::cerr << "rapport: error: " << e.what() << "; the finished runs stay in " << output->journal.path().string()
              << " (--resume)\n";
    return kOutputError;
  }
  return kOk;
}

}  // namespace rapport::app
