#include "analysis/decision/decision_runs.hpp"

#include <array>
#include <utility>

#include "models/metrics.hpp"

namespace rapport::analysis {
namespace {

constexpr double kDaysPerYear = 365.0;
constexpr double kMinutesPerHour = 60.0;

std::vector<PointMaker> point_makers(const DecisionSpec& spec) {
  std::vector<PointMaker> makers;
  for (const auto& policy : spec.policies) makers.emplace_back(policy, spec.set, spec.parameter_keys());
  return makers;
}

sim::Matrix sample(const DecisionSpec& spec) {
  std::vector<ParameterDistribution> distributions;
  for (const auto& parameter : spec.parameters) distributions.push_back(parameter.distribution);
  return {spec.draws, distributions.size(),
          sample_parameters(distributions, spec.draws, static_cast<std::uint64_t>(spec.seed))};
}

}  // namespace

std::vector<double> decision_outcomes(const models::RunResult& run, const models::Parameters& parameters) {
  using models::metric;
  // In the order of DecisionOutcome.
  constexpr std::array<models::MetricId, kDecisionOutcomes> ids = {
      metric("adherence_mean"), metric("trust_mean"), metric("physician_minutes_mean"), metric("breaches"),
      metric("complaints"),     metric("investigations"), metric("boundary_incidents")};
  const auto physicians = static_cast<double>(parameters.population.physicians);
  const double patients = physicians * static_cast<double>(parameters.population.patients_per_physician);
  // Per-day means become totals over the population: patient-years and physician-hours.
  const std::array<double, kDecisionOutcomes> per_day_scale = {patients / kDaysPerYear, patients / kDaysPerYear,
                                             physicians / kMinutesPerHour, 1.0, 1.0, 1.0, 1.0};
  std::vector<double> totals(kDecisionOutcomes, 0.0);
  for (std::size_t k = 0; k < kDecisionOutcomes; ++k) {
    for (std::size_t t = 0; t < run.series.n_days(); ++t) totals[k] += run.series.at(models::index(ids[k]), t);
    totals[k] *= per_day_scale[k];
  }
  // Physician hours also count the upkeep of pages open to the whole panel (open_page),
  // which is work but not message minutes.
  double upkeep_minutes = 0;
  for (std::size_t t = 0; t < run.series.n_days(); ++t) {
    upkeep_minutes += run.series.at(models::index(metric("page_upkeep_minutes")), t);
  }
  totals[static_cast<std::size_t>(DecisionOutcome::kPhysicianHours)] += upkeep_minutes / kMinutesPerHour;
  return totals;
}

DecisionBatch::DecisionBatch(const std::vector<PointMaker>& policies, const sim::Matrix& points,
                             std::int64_t replicates, std::int64_t seed,
                             std::function<std::int64_t(std::size_t point)> replicate_offset)
    : policies_(policies.size()), replicates_(replicates), seed_(seed) {
  for (std::size_t i = 0; i < points.rows; ++i) {
    const std::span<const double> values(points.values.data() + i * points.cols, points.cols);
    for (const auto& policy : policies) points_.push_back(policy.prepare(values, replicates, seed));
    offsets_.push_back(replicate_offset(i));
  }
  totals_.assign(points_.size() * kDecisionOutcomes, 0.0);
}

std::uint64_t DecisionBatch::days(std::size_t run) const {
  return static_cast<std::uint64_t>(points_[run / static_cast<std::size_t>(replicates_)].model.parameters().run.days);
}

std::vector<double> DecisionBatch::run(std::size_t run, const std::function<void()>& on_day) const {
  const std::size_t cell = run / static_cast<std::size_t>(replicates_);
  const auto replicate = offsets_[cell / policies_] + static_cast<std::int64_t>(run % static_cast<std::size_t>(replicates_));
  const auto& point = points_[cell];
  const auto result = point.model.run(static_cast<std::uint64_t>(seed_), static_cast<std::uint32_t>(replicate), on_day);
  return decision_outcomes(result, point.model.parameters());
}

void DecisionBatch::store(std::size_t run, std::span<const double> outcomes) {
  const std::size_t cell = run / static_cast<std::size_t>(replicates_);
  for (std::size_t k = 0; k < kDecisionOutcomes; ++k) totals_[cell * kDecisionOutcomes + k] += outcomes[k];
}

std::vector<double> DecisionBatch::outcomes() const {
  auto means = totals_;
  for (double& value : means) value /= static_cast<double>(replicates_);
  return means;
}

DecisionRuns::DecisionRuns(DecisionSpec spec)
    : spec_(std::move(spec)),
      makers_(point_makers(spec_)),
      draws_(sample(spec_)),
      psa_(makers_, draws_, spec_.replicates, spec_.seed,
           [replicates = spec_.replicates](std::size_t draw) { return static_cast<std::int64_t>(draw) * replicates; }) {}

DecisionBatch DecisionRuns::evaluation(const sim::Matrix& points) const {
  return {makers_, points, spec_.threshold_replicates, spec_.seed, [](std::size_t) { return std::int64_t{0}; }};
}

sim::Matrix DecisionRuns::expected_net_benefit(std::span<const double> outcomes, std::size_t points) const {
  const auto weighed = weigh_outcomes(outcomes, points, spec_.policies.size(), spec_.weights);
  return net_benefit(weighed, spec_.willingness_to_pay);
}

std::vector<double> DecisionRuns::base() const {
  std::vector<double> values;
  for (const auto& parameter : spec_.parameters) values.push_back(parameter.distribution.mean());
  return values;
}

DecisionInputs decision_inputs(const DecisionRuns& runs) {
  const auto& spec = runs.spec();
  DecisionInputs inputs;
  inputs.name = spec.name;
  inputs.description = spec.description;
  inputs.policies = spec.policy_names();
  inputs.parameters = spec.parameter_keys();
  for (const auto& parameter : spec.parameters) inputs.ranges.push_back(parameter.range);
  inputs.base = runs.base();
  inputs.weights = spec.weights;
  inputs.parameter_draws = runs.parameter_draws();
  inputs.outcomes = runs.psa().outcomes();
  inputs.willingness_to_pay = spec.willingness_to_pay;
  inputs.willingness_to_pay_range = spec.willingness_to_pay_range;
  inputs.groups = spec.groups;
  return inputs;
}

}  // namespace rapport::analysis
