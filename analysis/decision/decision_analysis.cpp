#include "analysis/decision/decision_analysis.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "analysis/number_format.hpp"
#include "sim/hdf5_columns.hpp"

namespace rapport::analysis {
namespace {

std::vector<std::int64_t> as_integers(const std::vector<std::size_t>& values) {
  return {values.begin(), values.end()};
}

sim::Matrix outcome_table(const DecisionInputs& inputs, std::size_t outcome) {
  const std::size_t draws = inputs.parameter_draws.rows;
  const std::size_t policies = inputs.policies.size();
  const std::size_t outcomes = inputs.weights.size();
  sim::Matrix table{draws, policies, std::vector<double>(draws * policies)};
  for (std::size_t cell = 0; cell < draws * policies; ++cell)
    table.values[cell] = inputs.outcomes[cell * outcomes + outcome];
  return table;
}

// The parameter value nearest to its base case (as a share of its range) at which the
// one-way analysis moves away from `recommended`: upwards from it, or downwards into it.
struct TippingPoint {
  std::size_t parameter = 0;
  double value = 0.0;
  std::size_t other = 0;  // the policy optimal beyond the tipping point
  bool rising = true;     // the change happens as the parameter rises above `value`
};

std::optional<TippingPoint> nearest_tipping_point(const DecisionInputs& inputs, std::size_t recommended) {
  std::optional<TippingPoint> nearest;
  double nearest_distance = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < inputs.one_way.size(); ++i) {
    const double base = inputs.base[i];
    const double width = inputs.ranges[i].high - inputs.ranges[i].low;
    for (const auto& change : inputs.one_way[i].switches) {
      const bool rising = change.value >= base;
      if (rising ? change.from != recommended : change.to != recommended) continue;
      const double distance = std::abs(change.value - base) / width;
      if (distance < nearest_distance) {
        nearest_distance = distance;
        nearest = TippingPoint{i, change.value, rising ? change.to : change.from, rising};
      }
    }
  }
  return nearest;
}

}  // namespace

DecisionResults analyse_decision(const DecisionInputs& inputs) {
  const std::size_t draws = inputs.parameter_draws.rows;
  const std::size_t policies = inputs.policies.size();
  if (policies < 2) throw std::invalid_argument("decision: need at least two policies");
  if (inputs.outcomes.size() != draws * policies * inputs.weights.size())
    throw std::invalid_argument("decision: outcomes must be [draws, policies, outcomes]");
  DecisionResults results;
  results.health_and_cost = weigh_outcomes(inputs.outcomes, draws, policies, inputs.weights);
  results.net_benefit = net_benefit(results.health_and_cost, inputs.willingness_to_pay);
  results.summary = summarize_decision(results.net_benefit);
  results.acceptability = acceptability_curves(results.health_and_cost, inputs.willingness_to_pay_range);
  for (std::size_t j = 0; j < inputs.parameters.size(); ++j) {
    const std::vector<std::size_t> single{j};
    results.parameter_evppi.push_back(evppi_by_regression(results.net_benefit, inputs.parameter_draws, single));
  }
  for (const auto& group : inputs.groups)
    results.group_evppi.push_back(evppi_by_regression(results.net_benefit, inputs.parameter_draws, group.members));
  if (!inputs.one_way.empty()) results.tornado = tornado(inputs.base_net_benefit, inputs.one_way);
  return results;
}

void write_decision(sim::Hdf5File& file, const DecisionInputs& inputs, const DecisionResults& results) {
  if (!file.exists("/decisions")) file.create_group("/decisions");
  const std::string root = "/decisions/" + inputs.name;
  file.create_group(root);
  file.set_attribute(root, "description", inputs.description);
  file.set_attribute(root, "willingness_to_pay", inputs.willingness_to_pay);
  file.set_attribute(root, "draws", static_cast<std::int64_t>(inputs.parameter_draws.rows));
  file.write_strings(root + "/policies", inputs.policies);
  file.write_strings(root + "/parameters", inputs.parameters);

  using sim::Column;
  file.create_group(root + "/weights");
  sim::write_columns(file, root + "/weights", inputs.weights, Column{"outcome", &OutcomeWeight::outcome},
                     Column{"health_per_unit", &OutcomeWeight::health_per_unit},
                     Column{"cost_per_unit", &OutcomeWeight::cost_per_unit});

  const std::string psa = root + "/psa";
  file.create_group(psa);
  file.write_matrix(psa + "/parameters", inputs.parameter_draws);
  file.create_group(psa + "/outcomes");
  for (std::size_t k = 0; k < inputs.weights.size(); ++k)
    file.write_matrix(psa + "/outcomes/" + inputs.weights[k].outcome, outcome_table(inputs, k));
  file.write_matrix(psa + "/health", results.health_and_cost.health);
  file.write_matrix(psa + "/cost", results.health_and_cost.cost);
  file.write_matrix(psa + "/net_benefit", results.net_benefit);

  const std::string summary = root + "/summary";
  file.create_group(summary);
  using Policy = decltype(results.summary.policies)::value_type;
  sim::write_columns(file, summary, results.summary.policies,
                     Column{"expected_net_benefit", [](const Policy& p) { return p.expected.mean; }},
                     Column{"expected_ci_low", [](const Policy& p) { return p.expected.ci_low; }},
                     Column{"expected_ci_high", [](const Policy& p) { return p.expected.ci_high; }},
                     Column{"draws_low", &Policy::draws_low}, Column{"draws_high", &Policy::draws_high},
                     Column{"probability_best", &Policy::probability_best});
  file.set_attribute(summary, "optimal", inputs.policies[results.summary.optimal]);
  file.set_attribute(summary, "evpi", results.summary.evpi);
  file.set_attribute(summary, "text", quotable_summary(inputs, results));

  const std::string acceptability = root + "/acceptability";
  file.create_group(acceptability);
  file.write_vector(acceptability + "/willingness_to_pay", results.acceptability.willingness_to_pay);
  file.write_matrix(acceptability + "/probability_best", results.acceptability.probability_best);
  file.write_vector(acceptability + "/frontier_policy", as_integers(results.acceptability.frontier_policy));
  file.write_vector(acceptability + "/frontier_probability", results.acceptability.frontier_probability);
  file.write_vector(acceptability + "/evpi", results.acceptability.evpi);

  const std::string evppi = root + "/evppi";
  file.create_group(evppi);
  std::vector<double> values, df;
  for (const auto& estimate : results.parameter_evppi) {
    values.push_back(estimate.value);
    df.push_back(estimate.effective_df_max);
  }
  file.write_vector(evppi + "/parameter", values);
  file.write_vector(evppi + "/parameter_effective_df", df);
  if (!inputs.groups.empty()) {
    std::vector<std::string> names;
    std::vector<std::string> members;
    std::vector<double> group_values;
    for (std::size_t g = 0; g < inputs.groups.size(); ++g) {
      names.push_back(inputs.groups[g].name);
      std::string joined;
      for (const auto member : inputs.groups[g].members) joined += (joined.empty() ? "" : ",") + inputs.parameters[member];
      members.push_back(joined);
      group_values.push_back(results.group_evppi[g].value);
    }
    file.write_strings(evppi + "/group_names", names);
    file.write_strings(evppi + "/group_members", members);
    file.write_vector(evppi + "/group", group_values);
  }

  if (!inputs.one_way.empty()) {
    const std::string threshold = root + "/threshold";
    file.create_group(threshold);
    file.write_vector(threshold + "/base", inputs.base);
    file.write_vector(threshold + "/base_net_benefit", inputs.base_net_benefit);
    const std::size_t grid = inputs.one_way.front().values.size();
    sim::Matrix values_table{inputs.one_way.size(), grid, {}};
    sim::Matrix net_benefit_table{inputs.one_way.size() * grid, inputs.policies.size(), {}};
    std::vector<std::int64_t> switch_parameter, switch_from, switch_to;
    std::vector<double> switch_value;
    for (std::size_t i = 0; i < inputs.one_way.size(); ++i) {
      const auto& one = inputs.one_way[i];
      values_table.values.insert(values_table.values.end(), one.values.begin(), one.values.end());
      net_benefit_table.values.insert(net_benefit_table.values.end(), one.net_benefit.values.begin(),
                                      one.net_benefit.values.end());
      for (const auto& change : one.switches) {
        switch_parameter.push_back(static_cast<std::int64_t>(i));
        switch_value.push_back(change.value);
        switch_from.push_back(static_cast<std::int64_t>(change.from));
        switch_to.push_back(static_cast<std::int64_t>(change.to));
      }
    }
    file.write_matrix(threshold + "/values", values_table);
    file.write_matrix(threshold + "/net_benefit", net_benefit_table);
    file.write_vector(threshold + "/switch_parameter", switch_parameter);
    file.write_vector(threshold + "/switch_value", switch_value);
    file.write_vector(threshold + "/switch_from", switch_from);
    file.write_vector(threshold + "/switch_to", switch_to);

    const auto& bars = *results.tornado;
    const std::string tornado_group = root + "/tornado";
    file.create_group(tornado_group);
    file.set_attribute(tornado_group, "base_optimal", inputs.policies[bars.base_optimal]);
    file.set_attribute(tornado_group, "base_increment", bars.base_increment);
    std::vector<std::int64_t> parameter;
    std::vector<double> at_low, at_high, low_value, high_value;
    for (const auto& bar : bars.bars) {
      parameter.push_back(static_cast<std::int64_t>(bar.parameter));
      at_low.push_back(bar.at_low);
      at_high.push_back(bar.at_high);
      low_value.push_back(inputs.ranges[bar.parameter].low);
      high_value.push_back(inputs.ranges[bar.parameter].high);
    }
    file.write_vector(tornado_group + "/parameter", parameter);
    file.write_vector(tornado_group + "/low_value", low_value);
    file.write_vector(tornado_group + "/high_value", high_value);
    file.write_vector(tornado_group + "/at_low", at_low);
    file.write_vector(tornado_group + "/at_high", at_high);
  }

  if (inputs.two_way && inputs.two_way_pair) {
    const std::string two_way = root + "/two_way";
    file.create_group(two_way);
    file.set_attribute(two_way, "first", inputs.parameters[inputs.two_way_pair->first]);
    file.set_attribute(two_way, "second", inputs.parameters[inputs.two_way_pair->second]);
    file.write_vector(two_way + "/first_values", inputs.two_way->first_values);
    file.write_vector(two_way + "/second_values", inputs.two_way->second_values);
    file.write_matrix(two_way + "/net_benefit", inputs.two_way->net_benefit);
    file.write_vector(two_way + "/optimal", as_integers(inputs.two_way->optimal));
  }
}

std::string quotable_summary(const DecisionInputs& inputs, const DecisionResults& results) {
  const auto& summary = results.summary;
  const auto& best = summary.policies[summary.optimal];
  std::ostringstream text;
  text << "Recommend " << inputs.policies[summary.optimal] << " (expected net benefit " << readable(best.expected.mean)
       << " at a willingness to pay of " << readable(inputs.willingness_to_pay) << " per health unit); probability best "
       << readable(best.probability_best) << ". ";
  if (inputs.one_way.empty()) {
    text << "No threshold analysis was run. ";
  } else {
    if (results.tornado && results.tornado->base_optimal != summary.optimal) {
      text << "At the base case (every parameter at its mean) " << inputs.policies[results.tornado->base_optimal]
           << " is optimal instead. ";
    }
    if (const auto tipping = nearest_tipping_point(inputs, summary.optimal)) {
      text << "The recommendation changes to " << inputs.policies[tipping->other] << " if "
           << inputs.parameters[tipping->parameter] << (tipping->rising ? " exceeds " : " falls below ")
           << readable(tipping->value) << " (base " << readable(inputs.base[tipping->parameter]) << "). ";
    } else {
      text << "No single parameter changes the recommendation within its range. ";
    }
  }
  std::size_t most_valuable = 0;
  for (std::size_t j = 1; j < results.parameter_evppi.size(); ++j)
    if (results.parameter_evppi[j].value > results.parameter_evppi[most_valuable].value) most_valuable = j;
  if (results.parameter_evppi.empty() || summary.evpi <= 0.0) {
    text << "No evidence would change the recommendation (EVPI 0).";
  } else if (results.parameter_evppi[most_valuable].value <= 0.0) {
    text << "No single parameter has an EVPPI above 0: the remaining uncertainty (EVPI " << readable(summary.evpi)
         << ") is not attributable to one parameter.";
  } else {
    const double value = results.parameter_evppi[most_valuable].value;
    text << "The most valuable evidence to collect is " << inputs.parameters[most_valuable] << " (EVPPI "
         << readable(value) << ", " << readable(100.0 * value / summary.evpi) << "% of the EVPI of "
         << readable(summary.evpi) << ")";
    // The true EVPPI never exceeds the EVPI; an estimate above it is the regression fitting noise.
    text << (value > summary.evpi ? "; EVPPI estimates above the EVPI mean too few draws for the regression "
                                    "(raise psa.draws)." : ".");
  }
  return text.str();
}

}  // namespace rapport::analysis
