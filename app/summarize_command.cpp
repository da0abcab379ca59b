// `rapport summarize`: statistics across replicates for every scenario and metric,
// paired differences against a baseline, optionally stored back into the file.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <optional>

#include "analysis/outcome_rules.hpp"
#include "analysis/physician_risk.hpp"
#include "analysis/results_reader.hpp"
#include "analysis/summary.hpp"
#include "analysis/summary_report.hpp"
#include "analysis/summary_writer.hpp"
#include "app/commands.hpp"
#include "app/long_command.hpp"
#include "models/metrics.hpp"
#include "models/results_writer.hpp"
#include "sim/atomic_output.hpp"
#include "sim/hdf5_file.hpp"

namespace rapport::app {
namespace {

struct SummarizeOptions {
  std::string results;
  std::optional<std::string> baseline;
  std::vector<std::string> metrics;  // printed rows; empty: every metric
  std::vector<std::string> mid;      // metric=value minimum important differences
  double career_years = 30.0;        // for the probability of at least one event over a career
  bool csv = false;
  bool write = false;
};

static_assert(analysis::kReadableFormatVersion == models::kFormatVersion,
              "the analysis reader must understand the layout the writer produces");

// Pairing by replicate index only removes shared noise when the seeds match.
void warn_if_not_common_random_numbers(const analysis::Results& results, const std::string& baseline) {
  const auto seed = results.scenario(baseline).seed;
  for (const auto& s : results.scenarios) {
    if (s.seed != seed) {
      std::cerr << "rapport: warning: '" << s.name << "' (seed " << s.seed << ") and '" << baseline << "' (seed "
                << seed << ") used different seeds, so paired differences carry no common-random-number benefit\n";
    }
  }
}

int summarize(const SummarizeOptions& options) {
  const auto mid = analysis::parse_mid_overrides(options.mid);  // items checked by the command line
  // Stopping while the summaries are written into a copy of the file must remove the copy.
  if (options.write) catch_stop_signals();
  analysis::Results results;
  try {
    results = analysis::load_results(options.results, models::metric_table());
  } catch (const analysis::ResultsFileError& e) {
    std::cerr << "rapport: error: " << e.what() << '\n';
    return kOutputError;
  }

  analysis::StoredSummary every_metric;
  std::vector<analysis::MetricSummary> printed;
  std::vector<analysis::RareEventRisk> printed_risks;
  try {
    if (options.baseline) warn_if_not_common_random_numbers(results, *options.baseline);
    every_metric = analysis::summary_to_store(results, options.baseline, mid, options.career_years);
    printed = options.metrics.empty() ? every_metric.summaries
                                      : analysis::summarize(results, options.baseline, options.metrics, mid);
    printed_risks = analysis::physician_risks(results, options.career_years, options.metrics);
  } catch (const analysis::AnalysisInputError& e) {
    std::cerr << "rapport: error: " << options.results << ": " << e.what() << '\n';
    return kBadInput;
  }

  if (options.csv) {
    analysis::print_summary_csv(std::cout, printed);
  } else {
    // Where a policy acts first (its requesters, its physicians' careers), then the population.
    if (!every_metric.requester_effects.empty()) {
      std::cout << "Effects per requester against '" << *options.baseline
                << "': change in population totals / requesters, paired by replicate, 95% intervals "
                   "(docs/ANALYSIS.md)\n";
      analysis::print_requester_effects(std::cout, every_metric.requester_effects);
      std::cout << '\n';
    }
    if (!printed_risks.empty()) {
      std::cout << "Physician-level risk: totals over replicates, exact Poisson (Garwood) 95% intervals\n";
      analysis::print_risk_table(std::cout, printed_risks, options.career_years);
    }
    const bool print_workload = options.metrics.empty() && !every_metric.workload.empty();
    if (print_workload) {
      std::cout << (printed_risks.empty() ? "" : "\n")
                << "Physician workload: mean per physician across replicates, 95% t-intervals; findable physicians "
                   "are the ones a friend-request policy can act on; workday = 5 of 7 days (docs/ANALYSIS.md)\n";
      analysis::print_workload_table(std::cout, every_metric.workload);
    }
    if (!printed_risks.empty() || print_workload) {
      std::cout << "\nPopulation outcomes: every patient and physician\n";
    }
    analysis::print_summary_table(std::cout, printed);
  }
  if (options.write) {
    try {
      analysis::store_summaries(results, every_metric, throw_if_stopped);
    } catch (const Stopped&) {
      return report_interrupted(options.results + " is unchanged");
    } catch (const sim::Hdf5Error& e) {
      std::cerr << "rapport: error: " << e.what() << " (the file is unchanged)\n";
      return kOutputError;
    }
    // On stderr, so that `--csv --write` still prints clean CSV.
    std::cerr << "rapport: summaries of every metric written to " << options.results
              << " under /scenarios/<name>/summary (docs/ANALYSIS.md)\n";
  }
  return kOk;
}

}  // namespace

CommandRunner define_summarize(CLI::App& command) {
  auto options = std::make_shared<SummarizeOptions>();
  command.add_option("results", options->results, "results file written by rapport run")->required();
  command.add_option("--baseline", options->baseline,
                     "scenario to compare every scenario with, replicate by replicate");
  command.add_option("--metrics", options->metrics, "print only these metrics (comma-separated)")->delimiter(',');
  add_minimum_important_difference_option(
      command, options->mid,
      "metric=value: minimum important difference in the units of the metric's statistic "
      "(repeatable or comma-separated; defaults in docs/ANALYSIS.md)");
  command.add_option("--career-years", options->career_years,
                     "career length for the probability of at least one breach, complaint or investigation")
      ->check(CLI::Range(0.001, 100.0));
  command.add_flag("--csv", options->csv, "print CSV instead of a table");
  command.add_flag("--write", options->write,
                   "also store summaries of every metric and per-day bands in the file (/scenarios/<name>/summary)");
  return [options](const Invocation&) { return summarize(*options); };
}

void add_minimum_important_difference_option(CLI::App& command, std::vector<std::string>& mid,
                                             const std::string& description) {
  static const CLI::Validator kMinimumImportantDifference(
      [](std::string& item) {
        try {
          (void)analysis::parse_mid_overrides({item});
          return std::string();
        } catch (const std::invalid_argument& e) {
          return std::string(e.what());
        }
      },
      "METRIC=VALUE");
  command.add_option("--mid", mid, description)->delimiter(',')->check(kMinimumImportantDifference);
}

}  // namespace rapport::app
