// Prints summaries: an aligned table for people, CSV for programs.
#pragma once

#include <iosfwd>
#include <vector>

#include "analysis/summary.hpp"

namespace rapport::analysis {

// One block per metric, one row per scenario, so policies compare down a column.
void print_summary_table(std::ostream& out, const std::vector<MetricSummary>& summaries);

// Header `scenario,metric,statistic,n,mean,sd,ci_low,ci_high`, plus
// `diff_mean,diff_ci_low,diff_ci_high,p_value` when the summaries have a baseline.
// Numbers are shortest round-trip decimals; undefined values are `nan`.
void print_summary_csv(std::ostream& out, const std::vector<MetricSummary>& summaries);

}  // namespace rapport::analysis
