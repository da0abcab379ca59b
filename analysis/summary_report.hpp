// Prints summaries: aligned tables for people, CSV for programs.
#pragma once

#include <iosfwd>
#include <vector>

#include "analysis/mechanism_attribution.hpp"
#include "analysis/physician_risk.hpp"
#include "analysis/physician_workload.hpp"
#include "analysis/requester_effects.hpp"
#include "analysis/summary.hpp"

namespace rapport::analysis {

// One block per metric, one row per scenario, so policies compare down a column. With a
// baseline, the MID and "below MID" where the whole interval of the difference lies inside it.
void print_summary_table(std::ostream& out, const std::vector<MetricSummary>& summaries);

// Header `scenario,metric,statistic,n,mean,sd,ci_low,ci_high`, plus
// `diff_mean,diff_ci_low,diff_ci_high,p_value` when the summaries have a baseline, then
// `interval,mid` and, with a baseline, `diff_interval,below_mid` (true/false).
// Numbers are shortest round-trip decimals; undefined values are `nan`.
void print_summary_csv(std::ostream& out, const std::vector<MetricSummary>& summaries);

// One block per rare event count, one row per scenario: events, rates per replicate-year,
// per 1,000 physician-years and per 1,000 requests, and the career probability, each with
// its exact 95% interval.
void print_risk_table(std::ostream& out, const std::vector<RareEventRisk>& risks, double career_years);

// One block per outcome, one row per scenario: requesters, and the effect per requester in
// total, direct and spill-over, each with its 95% interval, and the share of shared first requests.
void print_requester_effects(std::ostream& out, const std::vector<RequesterEffect>& effects);

// One block per workload measure, one row per scenario and physician group (all, findable):
// the group's size and the mean per physician with its 95% interval across replicates.
void print_workload_table(std::ostream& out, const std::vector<WorkloadSummary>& workload);

// One block per outcome: the effect per requester with every mechanism on, then with each
// mechanism off (95% interval) and the mechanism's contribution (on minus off).
void print_mechanism_attribution(std::ostream& out, const std::vector<MechanismContribution>& rows);

}  // namespace rapport::analysis
