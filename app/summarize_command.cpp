// `rapport summarize`: statistics across replicates for every scenario and metric,
// paired differences against a baseline, optionally stored back into the file.
#include <iostream>

#include "analysis/results_reader.hpp"
#include "analysis/summary.hpp"
#include "analysis/summary_report.hpp"
#include "analysis/summary_writer.hpp"
#include "app/commands.hpp"
#include "models/metrics.hpp"
#include "models/results_writer.hpp"
#include "sim/atomic_output.hpp"
#include "sim/hdf5_file.hpp"

namespace rapport::app {
namespace {

static_assert(analysis::kReadableFormatVersion == models::kFormatVersion,
              "the analysis reader must understand the layout the writer produces");

// Pairing by replicate index only removes shared noise when the seeds match.
void warn_if_not_common_random_numbers(const analysis::Results& results, const std::string& baseline) {
  const auto seed = results.scenario(baseline).seed;
  for (const auto& s : results.scenarios) {
    if (s.seed != seed) {
      std::cerr << "rapport: warning: '" << s.name << "' and '" << baseline
                << "' used different seeds, so paired differences carry no common-random-number benefit\n";
    }
  }
}

}  // namespace

int summarize_command(const SummarizeOptions& options) {
  const auto mid = analysis::parse_mid_overrides(options.mid);  // items checked by the command line
  analysis::Results results;
  try {
    results = analysis::load_results(options.results, models::metric_table());
  } catch (const analysis::ResultsFileError& e) {
    std::cerr << "rapport: error: " << e.what() << '\n';
    return kOutputError;
  }

  analysis::StoredSummary every_metric{{}, options.baseline, {}, options.career_years};
  std::vector<analysis::MetricSummary> printed;
  std::vector<analysis::RareEventRisk> printed_risks;
  try {
    if (options.baseline) warn_if_not_common_random_numbers(results, *options.baseline);
    every_metric.summaries = analysis::summarize(results, options.baseline, {}, mid);
    every_metric.risks = analysis::physician_risks(results, options.career_years);
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
    analysis::print_summary_table(std::cout, printed);
    if (!printed_risks.empty()) {
      std::cout << "\nPhysician-level risk: totals over replicates, exact Poisson (Garwood) 95% intervals\n";
      analysis::print_risk_table(std::cout, printed_risks, options.career_years);
    }
  }
  if (options.write) {
    try {
      analysis::store_summaries(results, every_metric);
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

}  // namespace rapport::app
