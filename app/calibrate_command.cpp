// `rapport calibrate`: fit scenario parameters to target statistics by approximate
// Bayesian computation (analysis/calibration), then write the posterior sample and a
// calibrated scenario file, both atomically.

#include <chrono>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>

#include "analysis/calibration/calibration.hpp"
#include "app/commands.hpp"
#include "app/simulation.hpp"
#include "models/scenario.hpp"
#include "sim/atomic_output.hpp"
#include "sim/hdf5_file.hpp"
#include "sim/progress.hpp"

namespace rapport::app {
namespace {

namespace cal = analysis::calibration;
namespace fs = std::filesystem;

struct Interrupted {};

// One bar per batch of simulations: SMC does not know in advance how many batches a
// generation needs.
class CalibrationProgress {
 public:
  explicit CalibrationProgress(bool quiet) : quiet_(quiet) {}
  cal::Observer observer() {
    cal::Observer o;
    if (quiet_) return o;
    o.on_batch = [this](std::size_t generation, std::size_t size) {
      bar_.reset();
      bar_ = std::make_unique<sim::ProgressBar>(size, "generation " + std::to_string(generation));
    };
    o.on_simulated = [this] { bar_->tick(); };
    return o;
  }
  void finish() { bar_.reset(); }

 private:
  bool quiet_;
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

}  // namespace

int calibrate_command(const CalibrateOptions& options) {
  cal::CalibrationSpec spec;
  try {
    spec = cal::load_calibration(options.calibration_file);
  } catch (const sim::ConfigError& e) {
    std::cerr << "rapport: error: " << e.what() << '\n';
    return kBadInput;
  }
  fs::path scenario_output = options.scenario_output;
  if (scenario_output.empty()) {
    // Not OUT.toml: `calibrate requests.toml -o requests.h5` would then replace its own input.
    scenario_output = fs::path(options.output).replace_extension();
    scenario_output += "_calibrated.toml";
  }
  for (const auto& other : {fs::path(options.output), fs::path(options.calibration_file), spec.base}) {
    if (fs::weakly_canonical(scenario_output) == fs::weakly_canonical(other)) {
      std::cerr << "rapport: error: the calibrated scenario would overwrite " << other.string()
                << "; choose another --scenario-out\n";
      return kUsage;
    }
  }

  std::optional<sim::AtomicOutput> results_output, scenario_file;
  try {
    results_output.emplace(options.output, options.force);
    scenario_file.emplace(scenario_output, options.force);
  } catch (const sim::OutputError& e) {
    std::cerr << "rapport: error: " << e.what() << '\n';
    return kOutputError;
  }

  const ThreadLimit thread_limit(options.threads);
  const int threads = thread_limit.threads();
  catch_stop_signals();

  const auto started = std::chrono::steady_clock::now();
  CalibrationProgress progress(options.quiet);
  cal::CalibrationResult result;
  try {
    result = cal::calibrate(spec, progress.observer(), [] {
      if (stop_requested()) throw Interrupted{};
    });
    progress.finish();
  } catch (const Interrupted&) {
    progress.finish();
    std::cerr << "\nrapport: interrupted; nothing was written to " << options.output << '\n';
    return kInterrupted;
  } catch (const std::runtime_error& e) {  // e.g. no proposal within epsilon
    progress.finish();
    std::cerr << "rapport: error: " << spec.file.string() << ": " << e.what() << '\n';
    return kBadInput;
  }
  if (result.abc.stopped_early) {
    std::cerr << "rapport: warning: generation " << result.abc.generations.size()
              << " needed more than " << spec.abc.max_proposals_per_particle
              << " proposals per particle; the result is the last complete generation\n";
  }

  try {
    sim::Hdf5File file(results_output->temporary(), sim::Hdf5File::Mode::kCreate);
    write_file_header(file, options.command_line);
    cal::write_calibration(file, spec, result);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    write_provenance(file, seconds, threads, 1);  // calibration runs on one process
    file.close();

    const std::string created = utc_now_iso8601();
    write_text(scenario_file->temporary(),
               cal::calibrated_scenario_text(spec, result, scenario_output, options.output, created));
    // The calibrated scenario must be usable as written; a failure here is a bug.
    (void)models::load_scenario(scenario_file->temporary());
    results_output->commit();
    scenario_file->commit();
  } catch (const sim::Hdf5Error& e) {
    std::cerr << "rapport: error: " << e.what() << '\n';
    return kOutputError;
  } catch (const sim::OutputError& e) {
    std::cerr << "rapport: error: " << e.what() << '\n';
    return kOutputError;
  } catch (const sim::ConfigError& e) {
    std::cerr << "rapport: internal error: the calibrated scenario is invalid: " << e.what() << '\n';
    return kFailure;
  }
  if (!options.quiet) print_report(spec, result, options.output, scenario_output);
  return kOk;
}

}  // namespace rapport::app
