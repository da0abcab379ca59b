#include "analysis/decision/net_benefit.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace rapport::analysis {
namespace {

std::vector<double> column(const sim::Matrix& matrix, std::size_t c) {
  std::vector<double> values(matrix.rows);
  for (std::size_t r = 0; r < matrix.rows; ++r) values[r] = matrix.at(r, c);
  return values;
}

// Linear interpolation between order statistics (type 7, as numpy's default).
double quantile_of(std::vector<double> values, double probability) {
  std::sort(values.begin(), values.end());
  const double position = probability * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, values.size() - 1);
  return values[below] + (position - static_cast<double>(below)) * (values[above] - values[below]);
}

std::size_t index_of_max(std::span<const double> values) {
  return static_cast<std::size_t>(std::max_element(values.begin(), values.end()) - values.begin());
}

std::vector<double> column_means(const sim::Matrix& matrix) {
  std::vector<double> means(matrix.cols, 0.0);
  for (std::size_t r = 0; r < matrix.rows; ++r)
    for (std::size_t c = 0; c < matrix.cols; ++c) means[c] += matrix.at(r, c);
  for (double& mean : means) mean /= static_cast<double>(matrix.rows);
  return means;
}

void require_draws(const sim::Matrix& net_benefit) {
  if (net_benefit.rows == 0 || net_benefit.cols == 0)
    throw std::invalid_argument("net benefit: need at least one draw and one policy");
}

}  // namespace

HealthAndCost weigh_outcomes(std::span<const double> outcomes, std::size_t draws, std::size_t policies,
                             std::span<const OutcomeWeight> weights) {
  if (outcomes.size() != draws * policies * weights.size())
    throw std::invalid_argument("weigh_outcomes: outcomes must be [draws, policies, weights]");
  HealthAndCost result{{draws, policies, std::vector<double>(draws * policies, 0.0)},
                       {draws, policies, std::vector<double>(draws * policies, 0.0)}};
  for (std::size_t cell = 0; cell < draws * policies; ++cell) {
    for (std::size_t k = 0; k < weights.size(); ++k) {
      const double value = outcomes[cell * weights.size() + k];
      result.health.values[cell] += weights[k].health_per_unit * value;
      result.cost.values[cell] += weights[k].cost_per_unit * value;
    }
  }
  return result;
}

sim::Matrix net_benefit(const HealthAndCost& outcomes, double willingness_to_pay) {
  sim::Matrix result{outcomes.health.rows, outcomes.health.cols, outcomes.health.values};
  for (std::size_t i = 0; i < result.values.size(); ++i)
    result.values[i] = willingness_to_pay * outcomes.health.values[i] - outcomes.cost.values[i];
  return result;
}

std::vector<double> probability_best(const sim::Matrix& net_benefit) {
  std::vector<double> shares(net_benefit.cols, 0.0);
  for (std::size_t r = 0; r < net_benefit.rows; ++r) {
    const auto row = std::span(net_benefit.values).subspan(r * net_benefit.cols, net_benefit.cols);
    const double best = *std::max_element(row.begin(), row.end());
    const auto tied = static_cast<double>(std::count(row.begin(), row.end(), best));
    for (std::size_t p = 0; p < row.size(); ++p)
      if (row[p] == best) shares[p] += 1.0 / tied;
  }
  for (double& share : shares) share /= static_cast<double>(net_benefit.rows);
  return shares;
}

double expected_value_of_perfect_information(const sim::Matrix& net_benefit) {
  require_draws(net_benefit);
  double mean_of_max = 0.0;
  for (std::size_t r = 0; r < net_benefit.rows; ++r) {
    const auto row = std::span(net_benefit.values).subspan(r * net_benefit.cols, net_benefit.cols);
    mean_of_max += *std::max_element(row.begin(), row.end());
  }
  mean_of_max /= static_cast<double>(net_benefit.rows);
  const auto means = column_means(net_benefit);
  return std::max(0.0, mean_of_max - *std::max_element(means.begin(), means.end()));
}

DecisionSummary summarize_decision(const sim::Matrix& net_benefit) {
  require_draws(net_benefit);
  DecisionSummary summary;
  const auto shares = probability_best(net_benefit);
  for (std::size_t p = 0; p < net_benefit.cols; ++p) {
    const auto values = column(net_benefit, p);
    PolicyNetBenefit policy;
    policy.expected = summarize_sample(values);
    policy.draws_low = quantile_of(values, 0.025);
    policy.draws_high = quantile_of(values, 0.975);
    policy.probability_best = shares[p];
    summary.policies.push_back(policy);
  }
  summary.optimal = index_of_max(column_means(net_benefit));
  summary.evpi = expected_value_of_perfect_information(net_benefit);
  return summary;
}

AcceptabilityCurves acceptability_curves(const HealthAndCost& outcomes, std::span<const double> willingness_to_pay) {
  AcceptabilityCurves curves;
  const std::size_t policies = outcomes.health.cols;
  curves.willingness_to_pay.assign(willingness_to_pay.begin(), willingness_to_pay.end());
  curves.probability_best = {willingness_to_pay.size(), policies, {}};
  for (const double wtp : willingness_to_pay) {
    const auto nb = net_benefit(outcomes, wtp);
    const auto summary = summarize_decision(nb);
    for (const auto& policy : summary.policies) curves.probability_best.values.push_back(policy.probability_best);
    curves.frontier_policy.push_back(summary.optimal);
    curves.frontier_probability.push_back(summary.policies[summary.optimal].probability_best);
    curves.evpi.push_back(summary.evpi);
  }
  return curves;
}

}  // namespace rapport::analysis
