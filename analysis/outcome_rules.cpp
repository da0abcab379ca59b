#include "analysis/outcome_rules.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace rapport::analysis {
namespace {

constexpr auto kAbsolute = MidBasis::kAbsolute;
constexpr auto kPerPhysician = MidBasis::kPerPhysician;
constexpr auto kPerPhysicianYear = MidBasis::kPerPhysicianYear;

// The reasons for these values are in docs/ANALYSIS.md; a test keeps that table equal to this one.
constexpr std::array<OutcomeRule, 42> kRules = {{
    {"trust_mean", false, 0.01, kAbsolute},
    {"trust_sd", false, 0.01, kAbsolute},
    {"adherence_mean", false, 0.01, kAbsolute},
    {"adherence_sd", false, 0.01, kAbsolute},
    {"visits", false, 0.1, kPerPhysician},
    {"friend_requests", false, 0.01, kPerPhysician},
    {"requests_accepted", false, 0.01, kPerPhysician},
    {"requests_declined", false, 0.01, kPerPhysician},
    {"requests_redirected", false, 0.01, kPerPhysician},
    {"requests_pending", false, 0.1, kPerPhysician},
    {"links_personal", false, 1.0, kPerPhysician},
    {"links_page", false, 1.0, kPerPhysician},
    {"links_portal", false, 1.0, kPerPhysician},
    {"messages", false, 1.0, kPerPhysician},
    {"messages_personal", false, 1.0, kPerPhysician},
    {"messages_portal", false, 1.0, kPerPhysician},
    {"physician_minutes_mean", false, 5.0, kAbsolute},
    {"physician_minutes_p90", false, 5.0, kAbsolute},
    {"message_demand_minutes_mean", false, 5.0, kAbsolute},
    {"message_demand_minutes_p90", false, 5.0, kAbsolute},
    {"overtime_minutes", false, 2.0, kPerPhysician},
    {"backlog_minutes_mean", false, 5.0, kAbsolute},
    {"breaches", true, 0.001, kPerPhysician},
    {"breaches_personal", true, 0.001, kPerPhysician},
    {"breaches_portal", true, 0.001, kPerPhysician},
    {"breaches_cumulative", false, 0.001, kPerPhysicianYear},
    {"boundary_incidents", true, 0.001, kPerPhysician},
    {"complaints", true, 0.001, kPerPhysician},
    {"investigations", true, 0.001, kPerPhysician},
    {"unprofessional_posts", false, 0.01, kPerPhysician},
    {"public_health_posts", false, 0.01, kPerPhysician},
    {"post_reach", false, 10.0, kPerPhysician},
    {"info_reach", false, 0.01, kAbsolute},
    {"miscommunications", false, 0.1, kPerPhysician},
    {"after_hours_minutes", false, 2.0, kPerPhysician},
    {"page_upkeep_minutes", false, 2.0, kPerPhysician},
    {"burnout_risk_mean", false, 0.01, kAbsolute},
    {"misinformed_share", false, 0.01, kAbsolute},
    {"misinformation_acquired", false, 0.01, kPerPhysician},
    {"misinformation_corrections", false, 0.01, kPerPhysician},
    {"guideline_adopters", false, 0.05, kAbsolute},
    // One rule for the share of every policy, so that a new policy needs no row here.
    {kPolicySharePattern, false, 0.05, kAbsolute},
}};

constexpr std::string_view kPolicySharePrefix = "policy_share_";

}  // namespace

std::span<const OutcomeRule> outcome_rules() { return kRules; }

const OutcomeRule* find_outcome_rule(std::string_view metric) {
  const std::string_view name =
      metric.starts_with(kPolicySharePrefix) && metric.size() > kPolicySharePrefix.size() ? kPolicySharePattern : metric;
  const auto* rule = std::find_if(kRules.begin(), kRules.end(), [&](const auto& r) { return r.metric == name; });
  return rule == kRules.end() ? nullptr : rule;
}

std::string_view mid_basis_name(MidBasis basis) {
  switch (basis) {
    case MidBasis::kAbsolute: return "absolute";
    case MidBasis::kPerPhysician: return "per_physician";
    case MidBasis::kPerPhysicianYear: return "per_physician_year";
  }
  return "absolute";
}

bool is_rare_event_count(std::string_view metric) {
  const auto* rule = find_outcome_rule(metric);
  return rule != nullptr && rule->rare_events;
}

MidOverrides parse_mid_overrides(const std::vector<std::string>& items) {
  MidOverrides overrides;
  for (const auto& item : items) {
    const auto equals = item.find('=');
    const std::string metric = item.substr(0, equals);
    if (equals == std::string::npos || find_outcome_rule(metric) == nullptr) {
      throw std::invalid_argument("--mid " + item + ": expected metric=value with a metric summarize reports");
    }
    const std::string text = item.substr(equals + 1);
    double value = 0.0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size() || !(value >= 0.0) ||
        !std::isfinite(value)) {
      throw std::invalid_argument("--mid " + item + ": the value must be a finite number >= 0");
    }
    overrides[metric] = value;
  }
  return overrides;
}

double minimum_important_difference(std::string_view metric, double physicians, double days,
                                    const MidOverrides& overrides) {
  if (const auto set = overrides.find(metric); set != overrides.end()) return set->second;
  const auto* rule = find_outcome_rule(metric);
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  if (rule == nullptr) return kNaN;
  if (const auto set = overrides.find(rule->metric); set != overrides.end()) return set->second;  // a family's
  if (rule->basis == MidBasis::kAbsolute) return rule->mid;
  if (!(physicians > 0.0)) return kNaN;
  const double per_physician = rule->mid * physicians;
  return rule->basis == MidBasis::kPerPhysician ? per_physician : per_physician * days / kDaysPerYear;
}

}  // namespace rapport::analysis
