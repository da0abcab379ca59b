// `rapport sweep`: validate a sweep file, run every (base, point, replicate) over the
// threads (and, in an MPI build, the processes) available, journal each finished run,
// and write /sweeps/<name>/ atomically (layout: docs/SENSITIVITY.md; resuming and
// clusters: docs/CLUSTER.md).
#include <CLI/CLI.hpp>

#include <iostream>
#include <map>
#include <memory>
#include <optional>

#include "analysis/results_reader.hpp"
#include "analysis/sensitivity/sweep_data.hpp"
#include "analysis/sweeps/sweep_runner.hpp"
#include "app/commands.hpp"
#include "app/journaled_runs.hpp"
#include "app/long_command.hpp"
#include "sim/hdf5_file.hpp"
#include "sim/job_farm.hpp"

namespace rapport::app {
namespace {

namespace fs = std::filesystem;

// The sweep stored in a file of `rapport sweep`, with the resolved configurations of its bases.
analysis::SweepSpec stored_sweep_of(const std::string& results) {
  std::vector<analysis::SweepData> sweeps;
  try {
    sweeps = analysis::load_sweeps(results);
  } catch (const analysis::ResultsFileError& e) {
    throw CommandError(kOutputError, e.what());
  }
  if (sweeps.size() != 1) {
    throw CommandError(kBadInput, results + ": holds " + std::to_string(sweeps.size()) +
                                      " sweeps; rerun reproduces a file of one sweep");
  }
  try {
    return analysis::stored_sweep(sweeps[0].name, sweeps[0].sweep_toml, sweeps[0].base_configs, results);
  } catch (const sim::ConfigError& e) {
    throw CommandError(kBadInput, "stored sweep in " + results + ": " + e.what());
  }
}

class SweepPlan : public LongCommand {
 public:
  // `rerun_of`: the sweep file to reproduce from what it stores, instead of the sweep file
  // options.input_file; `verify` then compares the two.
  explicit SweepPlan(const JournaledCommandOptions& options, std::optional<std::string> rerun_of = std::nullopt,
                     bool verify = false)
      : options_(options), rerun_of_(std::move(rerun_of)), verify_(verify) {}

  void load() override {
    const auto spec = rerun_of_ ? stored_sweep_of(*rerun_of_) : analysis::load_sweep_file(options_.input_file);
    if (rerun_of_) {
      inputs_ = {*rerun_of_};
    } else {
      inputs_ = spec.base_files;
      inputs_.push_back(spec.file);
    }
    runs_.emplace(spec);
    journaled_.emplace(*runs_);
  }
  [[nodiscard]] std::map<std::string, std::string> provenance() const override {
    if (rerun_of_) return {{"rerun_of", *rerun_of_}};
    return {};
  }
  [[nodiscard]] std::vector<fs::path> inputs() const override { return inputs_; }
  [[nodiscard]] std::uint64_t expected_bytes() const override {
    // One statistic per run and outcome; an eighth of the raw size (see SimulationPlan).
    return runs_->size() * runs_->data().outcomes.size() * sizeof(double) / 8;
  }

  // The journal beside the output: opened (or resumed) before anything runs.
  void prepare(const LongCommandOptions& common) override {
    const auto& data = runs_->data();
    journaled_->open(common, options_.resume, journal_fingerprint(data.sweep_toml, data.base_configs),
                     data.outcomes.size(), "sweep");
  }

  bool work(const Session& session) override {
    const auto& data = runs_->data();
    if (!session.quiet()) {
      std::cerr << "rapport: sweep '" << data.name << "': " << data.points() << " points x " << data.scenarios.size()
                << " base scenario(s) x " << data.replicates << " replicate(s) = " << runs_->size() << " runs";
      if (journaled_->resumed() > 0) {
        std::cerr << " (" << journaled_->resumed() << " already in " << journaled_->journal_path() << ", "
                  << journaled_->to_go() << " to go)";
      }
      std::cerr << " on " << session.group().size() << " process(es) x " << session.threads() << " thread(s)\n";
    }
    return journaled_->run_all(session, "sweeping");
  }

  void write(sim::Hdf5File& results, const Session& /*session*/) override {
    analysis::write_sweep(results, runs_->data());
  }

  [[nodiscard]] std::string what_is_kept() const override { return journaled_->what_is_kept(); }

  int finish(const Session& session) override {
    journaled_->remove_journal();
    if (!session.quiet()) {
      std::cout << "Sweep '" << runs_->data().name << "': " << runs_->data().points() << " points, "
                << session.seconds() << " s\nResults: " << options_.common.output
                << "  (indices: rapport sensitivity " << options_.common.output << ")\n";
    }
    return verify_ ? verify_reproduction(*rerun_of_, options_.common.output, "/sweeps") : kOk;
  }

 private:
  const JournaledCommandOptions& options_;
  std::optional<std::string> rerun_of_;
  bool verify_ = false;
  std::vector<fs::path> inputs_;
  std::optional<analysis::SweepRuns> runs_;
  std::optional<JournaledRuns<analysis::SweepRuns>> journaled_;
};

}  // namespace

int rerun_sweep(const std::string& results, const LongCommandOptions& common, bool verify,
                const Invocation& invocation) {
  const JournaledCommandOptions options{common, results, false};
  SweepPlan plan(options, results, verify);
  return run_long_command(plan, orchestrator_options(options), invocation);
}

CommandRunner define_sweep(CLI::App& command) {
  auto options = std::make_shared<JournaledCommandOptions>();
  add_journaled_command_options(command, *options, "sweep TOML file", "sweep results file (.h5)", "sweep");
  return [options](const Invocation& invocation) {
    SweepPlan plan(*options);
    return run_long_command(plan, orchestrator_options(*options), invocation);
  };
}

}  // namespace rapport::app
