// Decision files (TOML, through the one reading layer sim/toml_input.hpp): the policies to
// compare, the uncertain parameters with their distributions, the outcome weights and the
// willingness to pay, the PSA's size and the deterministic analyses. Every error names the
// file, the line and the key. Format: docs/DECISION.md.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analysis/decision/decision_analysis.hpp"
#include "analysis/decision/parameter_distribution.hpp"
#include "models/scenario.hpp"

namespace rapport::analysis {

struct DecisionParameter {
  std::string key;  // a numeric scenario key (`rapport parameters`)
  ParameterDistribution distribution;
  ParameterRange range;  // where threshold analysis and the tornado look
  bool integer = false;
};

// What a run contributes to the decision, each a total over the run and the population
// (docs/DECISION.md, "Outcomes and default weights").
enum class DecisionOutcome { kAdherenceYears, kTrustYears, kPhysicianHours, kBreaches, kComplaints, kInvestigations,
                             kBoundaryIncidents };
inline constexpr std::size_t kDecisionOutcomes = 7;

struct DecisionSpec {
  std::filesystem::path file;
  std::string toml_text;
  std::string name;
  std::string description;
  std::vector<std::filesystem::path> policy_files;  // relative to the decision file
  std::vector<models::Scenario> policies;           // resolved with [set]
  sim::Settings set;
  std::size_t draws = 0;
  std::int64_t replicates = 1;
  std::int64_t seed = 1;
  std::vector<DecisionParameter> parameters;
  std::vector<OutcomeWeight> weights;  // one per DecisionOutcome, in its order
  double willingness_to_pay = 0.0;
  std::vector<double> willingness_to_pay_range;
  std::vector<ParameterGroup> groups;
  bool threshold = true;
  std::size_t grid_points = 5;
  double tolerance = 0.01;
  std::int64_t threshold_replicates = 1;
  std::optional<std::pair<std::size_t, std::size_t>> two_way;
  std::size_t two_way_levels = 5;

  [[nodiscard]] std::vector<std::string> policy_names() const;
  [[nodiscard]] std::vector<std::string> parameter_keys() const;
  // Each policy's complete configuration with [set] applied, as TOML.
  [[nodiscard]] std::vector<std::string> policy_configs() const;
};

std::string_view decision_outcome_name(DecisionOutcome outcome);  // "adherence_years", ...
// The documented default weights (docs/DECISION.md), one per DecisionOutcome.
std::vector<OutcomeWeight> default_outcome_weights();

// "0.50-0.80", "-0.05 to +0.02", "1e-5 to 1e-2" -> (low, high); nullopt when not a range.
std::optional<ParameterRange> parse_plausible_range(const std::string& text);

// Loads and validates a decision file, including its policy scenarios with [set] applied.
// Throws sim::ConfigError.
DecisionSpec load_decision_file(const std::filesystem::path& file);
DecisionSpec parse_decision_file(const std::string& text, const std::filesystem::path& file);

}  // namespace rapport::analysis
