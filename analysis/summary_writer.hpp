// Stores summaries and per-day bands into a results file under
// /scenarios/<name>/summary/ (layout: docs/ANALYSIS.md).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "analysis/physician_risk.hpp"
#include "analysis/physician_workload.hpp"
#include "analysis/requester_effects.hpp"
#include "analysis/summary.hpp"

namespace rapport::analysis {

// What `summarize --write` stores: summaries of every metric and the physician-level risks
// of every rare event count (from physician_risks over the whole file).
struct StoredSummary {
  std::vector<MetricSummary> summaries;
  std::optional<std::string> baseline;
  std::vector<RareEventRisk> risks;
  double career_years = kDefaultCareerYears;
  std::vector<RequesterEffect> requester_effects;  // with a baseline
  std::vector<WorkloadSummary> workload;           // from physician_workload over the whole file
};

// What `summarize --write` stores for `results`: every metric (paired with `baseline`, with the
// minimum important differences `mid`), the risks over `career_years`, the workload and, with
// a baseline, the effects per requester. Throws AnalysisInputError (an unknown baseline).
StoredSummary summary_to_store(const Results& results, const std::optional<std::string>& baseline,
                               const MidOverrides& mid, double career_years);

// Writes into `file` (open for writing), replacing any earlier summary groups.
// `summaries` must come from summarize() over every metric of `results`.
void write_summaries(sim::Hdf5File& file, const Results& results, const StoredSummary& stored);

// The same, safely into results.path: edits a copy and renames it into place, so a
// failure leaves the original file untouched. Throws sim::Hdf5Error or sim::OutputError;
// `check_stop` as in edit_file_atomically.
void store_summaries(const Results& results, const StoredSummary& stored, const std::function<void()>& check_stop = {});

}  // namespace rapport::analysis
