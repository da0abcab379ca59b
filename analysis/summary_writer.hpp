// Stores summaries and per-day bands into a results file under
// /scenarios/<name>/summary/ (layout: docs/ANALYSIS.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analysis/summary.hpp"

namespace rapport::analysis {

// Writes into `file` (open for writing), replacing any earlier summary groups.
// `summaries` must come from summarize() over every metric of `results`.
void write_summaries(sim::Hdf5File& file, const Results& results, const std::vector<MetricSummary>& summaries,
                     const std::optional<std::string>& baseline);

// The same, safely into results.path: edits a copy and renames it into place, so a
// failure leaves the original file untouched. Throws sim::Hdf5Error.
void store_summaries(const Results& results, const std::vector<MetricSummary>& summaries,
                     const std::optional<std::string>& baseline);

}  // namespace rapport::analysis
