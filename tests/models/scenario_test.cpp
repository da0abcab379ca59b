// The model's own rules on a resolved scenario: the policy mix as a whole table, the
// rules between keys, and the model's full schema round-tripping through its TOML dump.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "models/parameters.hpp"
#include "models/policies/policy.hpp"
#include "models/scenario.hpp"
#include "sim/config.hpp"
#include "tests/support/temporary_directory.hpp"

namespace rapport::models {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

const sim::Schema& schema() { return parameter_schema(); }

double share(const Parameters& params, std::string_view policy) {
  return params.policy.mix[static_cast<std::size_t>(*find_policy(policy))];
}

template <class Fn>
std::string error_of(Fn&& fn) {
  try {
    fn();
  } catch (const sim::ConfigError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a ConfigError";
  return {};
}

TEST(ScenarioPolicyMix, ChildMixReplacesTheParentMixAsAWhole) {
  const test::TemporaryDirectory dir("rapport-scenario");
  std::ofstream(dir.path() / "parent.toml") << "[policy.mix]\ndecline_all = 0.5\naccept_all = 0.5\n";
  std::ofstream(dir.path() / "child.toml") << "extends = \"parent.toml\"\n[policy.mix]\nsecure_portal = 1.0\n";
  const auto scenario = load_scenario(dir.path() / "child.toml");
  EXPECT_EQ(share(scenario.params, "secure_portal"), 1.0);
  EXPECT_EQ(share(scenario.params, "decline_all"), 0.0);
  EXPECT_EQ(share(scenario.params, "accept_all"), 0.0);
}

TEST(ScenarioPolicyMix, MixNotSummingToOneIsRejected) {
  const auto config = sim::resolve_scenario_text("mix.toml", "[policy.mix]\ndecline_all = 0.5\naccept_all = 0.3\n", schema());
  EXPECT_THAT(error_of([&] { (void)parameters_from(config); }),
              AllOf(HasSubstr("mix.toml"), HasSubstr("policy.mix."), HasSubstr("sum to 1")));
}

TEST(ScenarioPolicyMix, EmptyMixMeansDeclineAll) {
  const auto params = parameters_from(sim::resolve_scenario_text("s", "", schema()));
  EXPECT_EQ(share(params, "decline_all"), 1.0);
  double sum = 0;
  for (const double s : params.policy.mix) sum += s;
  EXPECT_EQ(sum, 1.0);
}

TEST(ScenarioRules, CrossKeyRulesAreChecked) {
  const auto params_of = [](const std::string& text) { return parameters_from(sim::resolve_scenario_text("s", text, schema())); };
  EXPECT_THAT(error_of([&] { (void)params_of("population.share_age_18_29 = 0.5\n"); }), HasSubstr("population.share_age_"));
  EXPECT_THAT(error_of([&] { (void)params_of("physicians.visit_quality_min = 0.9\nphysicians.visit_quality_max = 0.5\n"); }),
              HasSubstr("visit_quality_min"));
  EXPECT_THAT(error_of([&] { (void)params_of("population.physicians = 2\npopulation.patients_per_physician = 5\n"); }),
              HasSubstr("network.mean_degree"));
}

TEST(ScenarioRoundTrip, TheModelsDefaultsRoundTripThroughTheirDump) {
  const auto original = sim::resolve_scenario_text("d", "", schema());
  const auto again = sim::resolve_scenario_text("d", original.to_toml(), schema());
  EXPECT_EQ(again.values, original.values);
}

}  // namespace
}  // namespace rapport::models
