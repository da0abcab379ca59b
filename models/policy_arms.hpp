// Daily outcomes by policy arm inside one scenario: the patients of the physicians who
// follow each policy that day, so that a mixed scenario compares decliners' patients with
// redirectors' (docs/RESULTS.md, `arms/`). Read from the same per-physician tallies as the
// metrics, in physician order, so the arms add up to the scenario's totals.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "models/policies/policy.hpp"
#include "sim/metrics.hpp"

namespace rapport::models {

struct World;

struct ArmSeries {
  std::string_view name, units, meaning;
};
inline constexpr auto kArmSeries = std::to_array<ArmSeries>({
    {"patients", "patients", "patients of the arm's physicians"},
    {"physicians", "physicians", "physicians following the policy"},
    {"trust_mean", "trust (0-1)", "mean trust of the arm's patients (NaN for an empty arm)"},
    {"adherence_mean", "probability", "mean adherence of the arm's patients (NaN for an empty arm)"},
    {"messages", "messages/day", "messages the arm's patients sent (personal and portal)"},
    {"physician_minutes_mean", "minutes/day", "mean message minutes per physician of the arm (NaN for an empty arm)"},
    {"breaches", "breaches/day", "breaches of the arm's patients (all channels)"},
});
inline constexpr std::size_t kArmSeriesRows = kPolicyCount * kArmSeries.size();  // policy-major

// Day `day` of every arm, after the day's phases.
void collect_arms(const World& world, std::uint32_t day, sim::DailySeries& arms);

}  // namespace rapport::models
