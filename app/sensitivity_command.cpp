// `rapport sensitivity`: indices of every sweep in a file, ranked and printed (table or
// CSV), stored under /sweeps/<name>/sensitivity/; with --compare, policy robustness.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "analysis/results_reader.hpp"
#include "analysis/sensitivity/sensitivity_report.hpp"
#include "app/commands.hpp"
#include "app/long_command.hpp"
#include "sim/atomic_output.hpp"
#include "sim/hdf5_file.hpp"

namespace rapport::app {
namespace {

struct SensitivityOptions {
  std::string results;
  bool csv = false;
  std::vector<std::string> compare;  // two base scenarios: policy A, policy B
  std::size_t resamples = 1000;      // bootstrap resamples for Sobol intervals
  std::vector<std::string> mid;      // metric=value: a win must exceed the minimum important difference
};

int sensitivity(const SensitivityOptions& options) {
  const auto mid = analysis::parse_mid_overrides(options.mid);  // items checked by the command line
  // Stopping while the indices are written into a copy of the file must remove the copy.
  catch_stop_signals();
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
    reports = analysis::analyze_sweeps(sweeps, compare, options.resamples, mid);
  } catch (const analysis::AnalysisInputError& e) {
    std::cerr << "rapport: error: " << options.results << ": " << e.what() << '\n';
    return kBadInput;
  } catch (const std::invalid_argument& e) {
    std::cerr << "rapport: error: " << options.results << ": " << e.what() << '\n';
    return kBadInput;
  }

  for (std::size_t i = 0; i < reports.size(); ++i) {
    if (i > 0) std::cout << '\n';
    if (options.csv) {
      // With --compare, both tables, the indices first, a blank line between them.
      analysis::print_sensitivity_csv(std::cout, reports[i]);
      if (compare) {
        std::cout << '\n';
        analysis::print_robustness_csv(std::cout, reports[i]);
      }
    } else {
      analysis::print_sensitivity_table(std::cout, reports[i]);
    }
  }
  try {
    analysis::store_sensitivity(options.results, reports, throw_if_stopped);
  } catch (const Stopped&) {
    return report_interrupted(options.results + " is unchanged");
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

}  // namespace

CommandRunner define_sensitivity(CLI::App& command) {
  auto options = std::make_shared<SensitivityOptions>();
  command.add_option("results", options->results, "file written by rapport sweep")->required();
  command.add_flag("--csv", options->csv, "print CSV instead of a table");
  command.add_option("--compare", options->compare, "A,B: share of the design where base scenario A beats B on each outcome")
      ->delimiter(',')->expected(2);
  add_minimum_important_difference_option(command, options->mid,
                                          "metric=value: with --compare, a win must exceed this minimum important "
                                          "difference (summarize's units; defaults in docs/ANALYSIS.md)");
  command.add_option("--resamples", options->resamples, "bootstrap resamples for Sobol intervals")
      ->check(CLI::Range(std::size_t{0}, std::size_t{100000}));
  return [options](const Invocation&) { return sensitivity(*options); };
}

}  // namespace rapport::app
