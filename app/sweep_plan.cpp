#include "app/sweep_plan.hpp"

#include <iostream>

#include "analysis/results_reader.hpp"
#include "analysis/sensitivity/sweep_data.hpp"
#include "sim/hdf5_file.hpp"
#include "sim/job_farm.hpp"

namespace rapport::app {
namespace {

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

}  // namespace

void SweepPlan::load() {
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

std::map<std::string, std::string> SweepPlan::provenance() const {
  if (rerun_of_) return {{"rerun_of", *rerun_of_}};
  return {};
}

std::uint64_t SweepPlan::expected_bytes() const {
  // One statistic per run and outcome; an eighth of the raw size (see SimulationPlan).
  return runs_->size() * runs_->data().outcomes.size() * sizeof(double) / 8;
}

// The journal beside the output: opened (or resumed) before anything runs.
void SweepPlan::prepare(const LongCommandOptions& common) {
  const auto& data = runs_->data();
  journaled_->open(common, options_.resume, journal_fingerprint(data.sweep_toml, data.base_configs),
                   data.outcomes.size(), "sweep");
}

bool SweepPlan::work(const Session& session) {
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

void SweepPlan::write(sim::Hdf5File& results, const Session& /*session*/) { analysis::write_sweep(results, runs_->data()); }

int SweepPlan::finish(const Session& session) {
  journaled_->remove_journal();
  if (!session.quiet()) {
    std::cout << "Sweep '" << runs_->data().name << "': " << runs_->data().points() << " points, "
              << session.seconds() << " s\nResults: " << options_.common.output
              << "  (indices: rapport sensitivity " << options_.common.output << ")\n";
  }
  return kOk;
}

}  // namespace rapport::app
