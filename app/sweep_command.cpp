// `rapport sweep`: validate a sweep file, run every (base, point, replicate) over the
// threads (and, in an MPI build, the processes) available, journal each finished run,
// and write /sweeps/<name>/ atomically (layout: docs/SENSITIVITY.md; resuming and
// clusters: docs/CLUSTER.md).
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <optional>

#include "analysis/sweeps/sweep_runner.hpp"
#include "app/commands.hpp"
#include "app/long_command.hpp"
#include "app/version.hpp"
#include "models/metrics.hpp"
#include "models/results_writer.hpp"
#include "sim/hdf5_file.hpp"
#include "sim/job_farm.hpp"
#include "sim/run_journal.hpp"

namespace rapport::app {
namespace {

namespace fs = std::filesystem;

struct SweepOptions {
  LongCommandOptions common;
  std::string sweep_file;
  bool resume = false;  // continue from the journal of an interrupted sweep
};

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

// A journal record holds exactly one statistic per outcome, and nothing else.
bool has_one_statistic_per_outcome(const sim::Bytes& bytes, std::size_t outcomes) {
  try {
    sim::ByteReader reader(bytes);
    return reader.get_vector<double>().size() == outcomes && reader.done();
  } catch (const std::runtime_error&) {
    return false;
  }
}

class SweepPlan : public LongCommand {
 public:
  explicit SweepPlan(const SweepOptions& options) : options_(options) {}

  void load() override {
    const auto spec = analysis::load_sweep_file(options_.sweep_file);
    inputs_ = spec.base_files;
    inputs_.push_back(spec.file);
    runs_.emplace(spec);
  }
  [[nodiscard]] std::vector<fs::path> inputs() const override { return inputs_; }
  [[nodiscard]] std::uint64_t expected_bytes() const override {
    // One statistic per run and outcome; an eighth of the raw size (see SimulationPlan).
    return runs_->size() * runs_->data().outcomes.size() * sizeof(double) / 8;
  }

  // The journal beside the output: opened (or resumed) before anything runs.
  void prepare(const LongCommandOptions& common) override {
    const auto journal_path = sim::RunJournal::beside(common.output);
    if (options_.resume && fs::exists(common.output) && !fs::exists(journal_path)) {
      throw sim::JournalError(common.output + " already exists and no journal of unfinished runs is beside it: "
                              "nothing to resume (pass --force to run the sweep again)");
    }
    journal_.emplace(journal_path, sweep_fingerprint(runs_->data()), runs_->size(),
                     options_.resume ? sim::RunJournal::Mode::kResume : sim::RunJournal::Mode::kStartFresh,
                     common.force, [outcomes = runs_->data().outcomes.size()](const sim::Bytes& bytes) {
                       return has_one_statistic_per_outcome(bytes, outcomes);
                     });
    for (const auto& [run, bytes] : journal_->finished()) runs_->store(run, from_bytes(bytes));
    for (std::size_t run = 0; run < runs_->size(); ++run) {
      if (!journal_->finished().contains(run)) todo_.push_back(run);
    }
  }

  bool work(const Session& session) override {
    const auto& data = runs_->data();
    const std::size_t resumed = journal_ ? journal_->finished().size() : 0;
    if (!session.quiet()) {
      std::cerr << "rapport: sweep '" << data.name << "': " << data.points() << " points x " << data.scenarios.size()
                << " base scenario(s) x " << data.replicates << " replicate(s) = " << runs_->size() << " runs";
      if (resumed > 0) {
        std::cerr << " (" << resumed << " already in " << journal_->path().string() << ", " << todo_.size()
                  << " to go)";
      }
      std::cerr << " on " << session.group().size() << " process(es) x " << session.threads() << " thread(s)\n";
    }
    std::uint64_t todo_days = 0;
    for (const auto run : todo_) todo_days += runs_->days(run);
    const auto progress = session.progress(todo_days, "sweeping");
    const auto on_day = [&] {
      throw_if_stopped();
      progress->tick();
    };
    finished_ = resumed + session.run_jobs(
                              todo_, [&](std::size_t run) { return to_bytes(runs_->run(run, on_day)); },
                              [&](std::size_t run, sim::Bytes bytes, bool local) {
                                journal_->append(run, bytes);
                                runs_->store(run, from_bytes(bytes));
                                if (!local) progress->tick(runs_->days(run));
                              });
    progress->finish();
    if (finished_ < runs_->size() && journal_) journal_->sync();
    return finished_ == runs_->size();
  }

  void write(sim::Hdf5File& results, const Session& /*session*/) override {
    analysis::write_sweep(results, runs_->data());
  }

  [[nodiscard]] std::string what_is_kept() const override {
    return std::to_string(finished_) + " of " + std::to_string(runs_->size()) + " runs are saved in " +
           journal_->path().string() + "; run the same command with --resume to finish";
  }

  int finish(const Session& session) override {
    journal_->remove();
    if (!session.quiet()) {
      std::cout << "Sweep '" << runs_->data().name << "': " << runs_->data().points() << " points, "
                << session.seconds() << " s\nResults: " << options_.common.output
                << "  (indices: rapport sensitivity " << options_.common.output << ")\n";
    }
    return kOk;
  }

 private:
  const SweepOptions& options_;
  std::vector<fs::path> inputs_;
  std::optional<analysis::SweepRuns> runs_;
  std::optional<sim::RunJournal> journal_;  // on the root only
  std::vector<std::size_t> todo_;           // on the root only: the others are handed runs by it
  std::size_t finished_ = 0;
};

}  // namespace

CommandRunner define_sweep(CLI::App& command) {
  auto options = std::make_shared<SweepOptions>();
  command.add_option("file", options->sweep_file, "sweep TOML file")->required()->check(CLI::ExistingFile);
  command.add_option("-o,--output", options->common.output, "sweep results file (.h5)")->required();
  command.add_option("--threads", options->common.threads, "worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  auto* force = command.add_flag("-f,--force", options->common.force,
                                 "replace an existing output file (and discard the journal of an interrupted sweep)");
  command.add_flag("--resume", options->resume, "run only the runs missing from the journal of an interrupted sweep")
      ->excludes(force);
  command.add_flag("-q,--quiet", options->common.quiet, "print nothing but errors");
  return [options](const Invocation& invocation) {
    // --resume replaces the output that an interrupted sweep may have left complete.
    LongCommandOptions common = options->common;
    common.force = common.force || options->resume;
    SweepPlan plan(*options);
    return run_long_command(plan, common, invocation);
  };
}

}  // namespace rapport::app
