// `rapport sensitivity`: indices of every sweep in a file, ranked and printed (table or
// CSV), stored under /sweeps/<name>/sensitivity/; with --compare, policy robustness.
#include <iostream>

#include "analysis/results_reader.hpp"
#include "analysis/sensitivity/sensitivity_report.hpp"
#include "app/commands.hpp"
#include "sim/atomic_output.hpp"
#include "sim/hdf5_file.hpp"

namespace rapport::app {

int sensitivity_command(const SensitivityOptions& options) {
  const auto mid = analysis::parse_mid_overrides(options.mid);  // items checked by the command line
  std::vector<analysis::SweepData> sweeps;
  try {
    sweeps = analysis::load_sweeps(options.results);
  } catch (const analysis::ResultsFileError& e) {
    std::cerr << "rapport: error: " << e.what() << '\n';
    return kOutputError;
  }
  std::optional<std::pair<std::string, std::string>> compare;
  if (!options.compare.empty()) compare.emplace(options.compare.at(0), options.compare.at(1));

  std::vector<analysis::SensitivityReport> reports;
  try {
    for (const auto& sweep : sweeps) {
      // Bootstrap draws are keyed by the sweep's seed: the same file gives the same intervals.
      const analysis::BootstrapOptions bootstrap{options.resamples, static_cast<std::uint64_t>(sweep.seed), 0.95};
      reports.push_back(analysis::analyze_sweep(sweep, compare, bootstrap, mid));
    }
  } catch (const analysis::AnalysisInputError& e) {
    std::cerr << "rapport: error: " << options.results << ": " << e.what() << '\n';
    return kBadInput;
  } catch (const std::invalid_argument& e) {
    std::cerr << "rapport: error: " << options.results << ": " << e.what() << '\n';
    return kBadInput;
  }

  for (std::size_t i = 0; i < reports.size(); ++i) {
    if (i > 0) std::cout << '\n';
    if (options.csv && compare) {
      analysis::print_robustness_csv(std::cout, reports[i]);
    } else if (options.csv) {
      analysis::print_sensitivity_csv(std::cout, reports[i]);
    } else {
      analysis::print_sensitivity_table(std::cout, reports[i]);
    }
  }
  try {
    analysis::edit_file_atomically(options.results, [&](sim::Hdf5File& file) {
      for (const auto& report : reports) analysis::write_sensitivity(file, report);
    });
  } catch (const sim::Hdf5Error& e) {
    std::cerr << "rapport: error: " << e.what() << " (the file is unchanged)\n";
    return kOutputError;
  } catch (const sim::OutputError& e) {
    std::cerr << "rapport: error: " << e.what() << " (the file is unchanged)\n";
    return kOutputError;
  }
  // On stderr, so that --csv prints clean CSV.
  std::cerr << "rapport: indices written to " << options.results << " under /sweeps/<name>/sensitivity\n";
  return kOk;
}

}  // namespace rapport::app
