// `rapport sweep`: validate a sweep file, run every (base, point, replicate) in parallel
// and write /sweeps/<name>/ atomically (layout: docs/SENSITIVITY.md).
#include <chrono>
#include <iostream>
#include <optional>

#include "analysis/sensitivity/sweep_data.hpp"
#include "analysis/sweeps/sweep_runner.hpp"
#include "app/commands.hpp"
#include "app/simulation.hpp"
#include "sim/progress.hpp"

namespace rapport::app {
namespace {

struct SweepInterrupted {};

}  // namespace

int sweep_command(const SweepOptions& options) {
  analysis::SweepSpec spec;
  std::uint64_t total_days = 0;
  try {
    spec = analysis::load_sweep_file(options.sweep_file);
    total_days = analysis::sweep_days(spec);
  } catch (const sim::ConfigError& e) {
    std::cerr << "rapport: error: " << e.what() << '\n';
    return kBadInput;
  }

  std::optional<sim::AtomicOutput> output;
  try {
    output.emplace(options.output, options.force);
  } catch (const sim::Hdf5Error& e) {
    std::cerr << "rapport: error: " << e.what() << '\n';
    return kOutputError;
  }

  const ThreadLimit thread_limit(options.threads);
  const int threads = thread_limit.threads();
  catch_stop_signals();
  if (!options.quiet) {
    std::cerr << "rapport: sweep '" << spec.name << "': " << spec.points() << " points x "
              << spec.base_files.size() << " base scenario(s) x " << spec.replicates << " replicate(s) = "
              << spec.points() * spec.base_files.size() * static_cast<std::size_t>(spec.replicates) << " runs on "
              << threads << " thread(s)\n";
  }

  const auto started = std::chrono::steady_clock::now();
  try {
    sim::ProgressBar progress(options.quiet ? 0 : total_days, "sweeping");
    const auto on_day = [&] {
      if (stop_requested()) throw SweepInterrupted{};
      if (!options.quiet) progress.tick();
    };
    const auto sweep = analysis::run_sweep(spec, on_day);
    progress.finish();

    sim::Hdf5File file(output->temporary(), sim::Hdf5File::Mode::kCreate);
    write_file_header(file, options.command_line);
    analysis::write_sweep(file, sweep);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    write_provenance(file, seconds, threads);
    file.close();
    output->commit();
    if (!options.quiet) {
      std::cout << "Sweep '" << spec.name << "': " << sweep.points() << " points, " << seconds << " s\nResults: "
                << options.output << "  (indices: rapport sensitivity " << options.output << ")\n";
    }
  } catch (const SweepInterrupted&) {
    std::cerr << "\nrapport: interrupted; nothing was written to " << options.output << '\n';
    return kInterrupted;
  } catch (const sim::ConfigError& e) {
    std::cerr << "rapport: error: " << e.what() << '\n';
    return kBadInput;
  } catch (const sim::Hdf5Error& e) {
    std::cerr << "rapport: error: " << e.what() << '\n';
    return kOutputError;
  }
  return kOk;
}

}  // namespace rapport::app
