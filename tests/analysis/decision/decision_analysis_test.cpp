#include "analysis/decision/decision_analysis.hpp"

#include <gtest/gtest.h>

#include "analysis/decision/parameter_distribution.hpp"
#include "sim/hdf5_file.hpp"
#include "tests/support/temporary_directory.hpp"

namespace rapport::analysis {
namespace {

// theta ~ U(0, 3) decides; noise ~ U(0, 1) does not. Health per policy: A = 10 - 2 theta,
// B = 4 + theta, C = 3, at no cost; willingness to pay 1. A is optimal at the mean (7 vs
// 5.5), best when theta < 2 (probability 2/3), and EVPI = (2/3) 8 + (1/3) 6.5 - 7 = 0.5.
std::vector<double> health_at(double theta) { return {10.0 - 2.0 * theta, 4.0 + theta, 3.0}; }

DecisionInputs toy_inputs(std::size_t draws) {
  DecisionInputs inputs;
  inputs.name = "toy";
  inputs.description = "a linear toy";
  inputs.policies = {"A", "B", "C"};
  inputs.parameters = {"theta", "noise"};
  inputs.ranges = {{0.0, 3.0}, {0.0, 1.0}};
  inputs.base = {1.5, 0.5};
  inputs.weights = {{"health_units", 1.0, 0.0}, {"money", 0.0, 1.0}};
  inputs.parameter_draws = {draws, 2,
                            sample_parameters({ParameterDistribution::uniform(0.0, 3.0),
                                               ParameterDistribution::uniform(0.0, 1.0)},
                                              draws, 5)};
  for (std::size_t d = 0; d < draws; ++d)
    for (const double health : health_at(inputs.parameter_draws.at(d, 0))) inputs.outcomes.insert(inputs.outcomes.end(), {health, 0.0});
  inputs.willingness_to_pay = 1.0;
  inputs.willingness_to_pay_range = {0.0, 1.0, 2.0};
  inputs.groups = {{"both", {0, 1}}};
  const DecisionEvaluator evaluate = [](const sim::Matrix& points) {
    sim::Matrix nb{points.rows, 3, {}};
    for (std::size_t r = 0; r < points.rows; ++r) {
      const auto row = health_at(points.at(r, 0));
      nb.values.insert(nb.values.end(), row.begin(), row.end());
    }
    return nb;
  };
  inputs.base_net_benefit = health_at(1.5);
  inputs.one_way = one_way_analysis(inputs.base, inputs.ranges, evaluate);
  inputs.two_way_pair = std::pair<std::size_t, std::size_t>{0, 1};
  inputs.two_way = two_way_map(inputs.base, 0, inputs.ranges[0], 1, inputs.ranges[1], 3, evaluate);
  return inputs;
}

TEST(DecisionAnalysis, AToyDecisionIsSummarisedInAQuotableSentence) {
  const auto inputs = toy_inputs(3000);
  const auto results = analyse_decision(inputs);
  EXPECT_EQ(results.summary.optimal, 0u);
  EXPECT_NEAR(results.summary.policies[0].probability_best, 2.0 / 3.0, 0.03);
  EXPECT_NEAR(results.summary.evpi, 0.5, 0.05);
  EXPECT_NEAR(results.parameter_evppi[0].value, results.summary.evpi, 0.02 * results.summary.evpi);
  EXPECT_LT(results.parameter_evppi[1].value, 0.02 * results.summary.evpi);
  const auto text = quotable_summary(inputs, results);
  EXPECT_NE(text.find("Recommend A "), std::string::npos) << text;
  EXPECT_NE(text.find("The recommendation changes to B if theta exceeds 2 (base 1.5)"), std::string::npos) << text;
  EXPECT_NE(text.find("The most valuable evidence to collect is theta (EVPPI"), std::string::npos) << text;
}

TEST(DecisionAnalysis, ResultsAreWrittenUnderTheDecisionsGroup) {
  const auto inputs = toy_inputs(200);
  const auto results = analyse_decision(inputs);
  const test::TemporaryDirectory directory("rapport-decision");
  {
    sim::Hdf5File file(directory / "toy.h5", sim::Hdf5File::Mode::kCreate);
    write_decision(file, inputs, results);
    file.close();
  }
  const sim::Hdf5File file(directory / "toy.h5", sim::Hdf5File::Mode::kReadOnly);
  EXPECT_EQ(file.shape("/decisions/toy/psa/net_benefit"), (std::vector<std::size_t>{200, 3}));
  EXPECT_EQ(file.shape("/decisions/toy/psa/outcomes/health_units"), (std::vector<std::size_t>{200, 3}));
  EXPECT_EQ(file.shape("/decisions/toy/acceptability/probability_best"), (std::vector<std::size_t>{3, 3}));
  EXPECT_EQ(file.shape("/decisions/toy/two_way/net_benefit"), (std::vector<std::size_t>{9, 3}));
  EXPECT_EQ(file.string_attribute("/decisions/toy/summary", "optimal"), "A");
  EXPECT_EQ(file.string_attribute("/decisions/toy/summary", "text"), quotable_summary(inputs, results));
  EXPECT_EQ(file.read_matrix("/decisions/toy/psa/net_benefit").values, results.net_benefit.values);
  EXPECT_EQ(file.string_attribute("/decisions/toy/tornado", "base_optimal"), "A");
}

}  // namespace
}  // namespace rapport::analysis
