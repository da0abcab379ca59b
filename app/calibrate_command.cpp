// `rapport calibrate`: fit scenario parameters to target statistics by approximate
// Bayesian computation (analysis/calibration), then write the posterior sample and a
// calibrated scenario file, both atomically.

#include <CLI/CLI.hpp>

#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>

#include "analysis/calibration/calibration.hpp"
#include "app/commands.hpp"
#include "app/long_command.hpp"
#include "models/scenario.hpp"
#include "sim/atomic_output.hpp"
#include "sim/config.hpp"
#include "sim/hdf5_file.hpp"
#include "sim/progress.hpp"

namespace rapport::app {
namespace {

namespace cal = analysis::calibration;
namespace fs = std::filesystem;

struct CalibrateOptions {
  LongCommandOptions common;
  std::string calibration_file;
  std::string scenario_output;  // empty: OUT's stem + "_calibrated.toml", beside it
};

// One bar per generation. SMC does not know in advance how many batches of simulations a
// generation needs: a further batch extends the generation's bar rather than restarting it.
class CalibrationProgress {
 public:
  explicit CalibrationProgress(bool quiet) : quiet_(quiet) {}
  cal::Observer observer() {
    cal::Observer o;
    if (quiet_) return o;
    o.on_batch = [this](std::size_t generation, std::size_t size) {
      if (bar_ && generation == generation_) {
        bar_->extend(size);
        return;
      }
      bar_.reset();
      generation_ = generation;
      bar_ = std::make_unique<sim::ProgressBar>(size, "generation " + std::to_string(generation));
    };
    o.on_simulated = [this] { bar_->tick(); };
    return o;
  }
  void finish() { bar_.reset(); }

 private:
  bool quiet_;
  std::size_t generation_ = 0;
  std::unique_ptr<sim::ProgressBar> bar_;
};

void write_text(const fs::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary);
  out << text;
  if (!out.flush()) throw sim::OutputError(file.string() + ": cannot write the calibrated scenario");
}

void print_report(const cal::CalibrationSpec& spec, const cal::CalibrationResult& result, const std::string& output,
                  const fs::path& scenario_output) {
  const auto& abc = result.abc;
  std::cout << "\nCalibration '" << spec.name << "': " << cal::method_name(spec.abc.method) << ", "
            << abc.generations.size() << (abc.generations.size() == 1 ? " generation, " : " generations, ")
            << abc.distances.size() << " simulations, " << abc.accepted.rows << " accepted (final epsilon "
            << std::setprecision(4) << abc.generations.back().epsilon << ")\n\n"
            << std::left << std::setw(36) << "parameter" << std::right << std::setw(12) << "mean" << std::setw(12)
            << "sd" << std::setw(12) << "2.5%" << std::setw(12) << "97.5%" << "   prior\n";
  for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
    const auto& p = spec.parameters[i];
    const auto& s = result.posterior[i];
    std::cout << std::left << std::setw(36) << p.key << std::right << std::setprecision(4) << std::setw(12) << s.mean
              << std::setw(12) << s.sd << std::setw(12) << s.q025 << std::setw(12) << s.q975 << "   "
              << cal::prior_kind_name(p.prior.kind) << " [" << p.prior.low << ", " << p.prior.high << "]\n";
  }
  std::cout << '\n' << std::left << std::setw(48) << "target statistic" << std::right << std::setw(12) << "target"
            << std::setw(12) << "posterior" << '\n';
  for (std::size_t k = 0; k < spec.targets.size(); ++k) {
    std::cout << std::left << std::setw(48) << spec.targets[k].statistic << std::right << std::setw(12)
              << spec.targets[k].value << std::setw(12) << result.posterior_statistics[k] << '\n';
  }
  std::cout << "\n(posterior: weighted mean of the accepted samples' statistics)\nResults: " << output
            << " (/calibrations/" << spec.name << ")\nCalibrated scenario: " << scenario_output.string() << '\n';
}

class CalibrationPlan : public LongCommand {
 public:
  explicit CalibrationPlan(const CalibrateOptions& options) : options_(options) {}

  void load() override {
    spec_ = cal::load_calibration(options_.calibration_file);
    scenario_output_ = options_.scenario_output;
    if (scenario_output_.empty()) {
      // Not OUT.toml: `calibrate requests.toml -o requests.h5` would then replace its own input.
      scenario_output_ = fs::path(options_.common.output).replace_extension();
      scenario_output_ += "_calibrated.toml";
    }
    for (const auto& other : {fs::path(options_.common.output), fs::path(options_.calibration_file), spec_.base}) {
      if (fs::weakly_canonical(scenario_output_) == fs::weakly_canonical(other)) {
        throw CommandError(kUsage, "the calibrated scenario would overwrite " + other.string() +
                                       "; choose another --scenario-out");
      }
    }
  }
  [[nodiscard]] std::vector<fs::path> inputs() const override {
    return {options_.calibration_file, spec_.base};
  }
  [[nodiscard]] std::vector<fs::path> companion_outputs() const override { return {scenario_output_}; }

  bool work(const Session& session) override {
    CalibrationProgress progress(session.quiet());
    try {
      result_ = cal::calibrate(spec_, progress.observer(), throw_if_stopped);
    } catch (const Stopped&) {
      progress.finish();
      throw;
    } catch (const std::runtime_error& e) {  // e.g. no proposal within epsilon
      progress.finish();
      throw CommandError(kBadInput, spec_.file.string() + ": " + e.what());
    }
    progress.finish();
    if (result_.abc.stopped_early) {
      std::cerr << "rapport: warning: generation " << result_.abc.generations.size() << " needed more than "
                << spec_.abc.max_proposals_per_particle
                << " proposals per particle; the result is the last complete generation\n";
    }
    for (const auto& miss : cal::missed_targets(spec_, result_)) std::cerr << "rapport: warning: " << miss << '\n';
    return true;
  }

  void write(sim::Hdf5File& results, const Session& /*session*/) override {
    cal::write_calibration(results, spec_, result_);
  }

  void write_companions(const std::vector<fs::path>& temporaries) override {
    const fs::path& scenario_file = temporaries.at(0);
    write_text(scenario_file, cal::calibrated_scenario_text(spec_, result_, scenario_output_, options_.common.output,
                                                            utc_now_iso8601()));
    // The calibrated scenario must be usable as written; a failure here is a bug.
    try {
      (void)models::load_scenario(scenario_file);
    } catch (const sim::ConfigError& e) {
      throw CommandError(kFailure, std::string("internal error: the calibrated scenario is invalid: ") + e.what());
    }
  }

  [[nodiscard]] std::string what_is_kept() const override {
    return "nothing was written to " + options_.common.output;
  }

  int finish(const Session& session) override {
    if (!session.quiet()) print_report(spec_, result_, options_.common.output, scenario_output_);
    return kOk;
  }

 private:
  const CalibrateOptions& options_;
  cal::CalibrationSpec spec_;
  fs::path scenario_output_;
  cal::CalibrationResult result_;
};

}  // namespace

CommandRunner define_calibrate(CLI::App& command) {
  auto options = std::make_shared<CalibrateOptions>();
  command.add_option("file", options->calibration_file, "calibration TOML file (docs/CALIBRATION.md)")->required();
  command.add_option("-o,--output", options->common.output, "results file (.h5) for the posterior sample")
      ->required();
  command.add_option("--scenario-out", options->scenario_output,
                     "calibrated scenario file (default: OUT_calibrated.toml beside OUT.h5)");
  command.add_option("--threads", options->common.threads, "worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  command.add_flag("-f,--force", options->common.force, "replace existing output files");
  command.add_flag("-q,--quiet", options->common.quiet, "print nothing but errors");
  return [options](const Invocation& invocation) {
    CalibrationPlan plan(*options);
    return run_long_command(plan, options->common, invocation);
  };
}

}  // namespace rapport::app
