// How each metric is judged, beyond what its declaration says: the smallest difference
// that matters (minimum important difference, MID), and whether it counts rare events
// (summarised as a rate with an exact Poisson interval). Defaults and their reasons:
// docs/ANALYSIS.md, "Minimum important differences".
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::analysis {

// Rates per year (per replicate-year, per physician-year) take a year as 365 days, as the model does.
inline constexpr double kDaysPerYear = 365.0;

// What a default MID is counted per: an absolute amount, per physician of the scenario, or
// per physician-year of the run (for running totals, which grow with the run's length).
enum class MidBasis { kAbsolute, kPerPhysician, kPerPhysicianYear };

struct OutcomeRule {
  std::string_view metric;
  bool rare_events;  // breaches, complaints, investigations, boundary incidents
  double mid;        // in the units of the metric's summary statistic, times its basis
  MidBasis basis;
};

// The metric name of the one rule that covers every policy_share_<policy> metric.
inline constexpr std::string_view kPolicySharePattern = "policy_share_<policy>";

// One row per metric the model writes, and one for all policy shares (a test checks the
// list against the model's table).
std::span<const OutcomeRule> outcome_rules();
// nullptr for a metric without a rule (a file from another model version).
const OutcomeRule* find_outcome_rule(std::string_view metric);

std::string_view mid_basis_name(MidBasis basis);           // "absolute", "per_physician", "per_physician_year"

bool is_rare_event_count(std::string_view metric);

// `--mid metric=value` settings: metric -> MID in the units of its summary statistic.
using MidOverrides = std::map<std::string, double, std::less<>>;

// Parses `metric=value` items; throws std::invalid_argument with a one-line message naming
// the item and what is allowed (a known metric, a number >= 0).
MidOverrides parse_mid_overrides(const std::vector<std::string>& items);

// The MID of `metric` for a scenario of `physicians` physicians run for `days` days, in the
// units of its summary statistic: the override when given, else the default times its basis;
// NaN when the metric has no rule or its basis needs a physician count that is unknown (<= 0).
double minimum_important_difference(std::string_view metric, double physicians, double days,
                                    const MidOverrides& overrides = {});

}  // namespace rapport::analysis
