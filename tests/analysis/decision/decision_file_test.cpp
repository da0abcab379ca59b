#include "analysis/decision/decision_file.hpp"

#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "models/parameter_notes.hpp"
#include "models/parameters.hpp"

namespace rapport::analysis {
namespace {

const std::filesystem::path kScenarios = std::filesystem::path(RAPPORT_SOURCE_DIR) / "scenarios";

std::string decision_text(const std::string& extra) {
  return "policies = [\"" + (kScenarios / "decline_all.toml").string() + "\", \"" +
         (kScenarios / "secure_portal.toml").string() + "\"]\n[psa]\ndraws = 30\n" + extra;
}

DecisionSpec parse(const std::string& extra) {
  return parse_decision_file(decision_text(extra), kScenarios / "decisions" / "test.toml");
}

std::string error_of(const std::string& extra) {
  try {
    parse(extra);
  } catch (const sim::ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(DecisionFile, PlausibleRangesOfTheParameterTableAreRead) {
  EXPECT_DOUBLE_EQ(parse_plausible_range("0.50-0.80")->low, 0.5);
  EXPECT_DOUBLE_EQ(parse_plausible_range("0.50-0.80")->high, 0.8);
  EXPECT_DOUBLE_EQ(parse_plausible_range("-0.05 to +0.02")->low, -0.05);
  EXPECT_DOUBLE_EQ(parse_plausible_range("-0.05 to +0.02")->high, 0.02);
  EXPECT_DOUBLE_EQ(parse_plausible_range("1e-5 to 1e-2")->low, 1e-5);
  EXPECT_DOUBLE_EQ(parse_plausible_range("-0.14 to -0.05")->high, -0.05);
  EXPECT_FALSE(parse_plausible_range("any").has_value());
  EXPECT_FALSE(parse_plausible_range("0.8-0.2").has_value());
}

// Issue 13 item 8: every numeric default lies strictly inside its plausible range, or the
// parameter table says why not (its range note); a note on a default that lies inside is
// stale. Ranges the decision analysis cannot read ("any", "+-0.05" around the default) are
// not checked.
TEST(ParameterTable, DefaultsLieInsideTheirPlausibleRangesOrSayWhyNot) {
  std::string unexplained, stale;
  for (const auto& spec : models::parameter_schema().parameters) {
    const auto* real = std::get_if<double>(&spec.default_value);
    const auto* integer = std::get_if<std::int64_t>(&spec.default_value);
    const auto range = parse_plausible_range(spec.plausible);
    if ((real == nullptr && integer == nullptr) || !range) continue;
    const double value = real != nullptr ? *real : static_cast<double>(*integer);
    const bool inside = value > range->low && value < range->high;
    const bool noted = !models::range_note(spec.key).empty();
    if (!inside && !noted) unexplained += " " + spec.key + " (" + spec.plausible + ")";
    if (inside && noted) stale += " " + spec.key;
  }
  EXPECT_EQ(unexplained, "") << "defaults at an end of their plausible range or outside it, without a reason";
  EXPECT_EQ(stale, "") << "range notes on defaults strictly inside their range";
}

TEST(DecisionFile, AParameterWithoutDistributionIsTriangularOverItsPlausibleRange) {
  // trust.accept: default 0.02, plausible "0 to +0.05".
  const auto spec = parse("[[parameters]]\nkey = \"trust.accept\"\n");
  ASSERT_EQ(spec.parameters.size(), 1u);
  const auto& parameter = spec.parameters[0];
  EXPECT_EQ(parameter.distribution.kind(), ParameterDistributionKind::kTriangular);
  EXPECT_EQ(parameter.distribution.parameters(), (std::vector<double>{0.0, 0.02, 0.05}));
  EXPECT_DOUBLE_EQ(parameter.range.low, 0.0);
  EXPECT_DOUBLE_EQ(parameter.range.high, 0.05);
  EXPECT_EQ(spec.policy_names(), (std::vector<std::string>{"decline_all", "secure_portal"}));
  EXPECT_EQ(spec.name, "test");
  EXPECT_DOUBLE_EQ(spec.willingness_to_pay, 50000.0);
  EXPECT_EQ(spec.willingness_to_pay_range.size(), 31u);
}

TEST(DecisionFile, MomentsSetDistributionsAndWeightsOverrideTheirDefaults) {
  const auto spec = parse(
      "[[parameters]]\nkey = \"trust.visit_gain\"\ndistribution = \"beta\"\nmean = 0.05\nsd = 0.02\n"
      "[[parameters]]\nkey = \"messages.minutes_per_message\"\ndistribution = \"gamma\"\nmean = 2.3\nsd = 0.5\n"
      "[weights]\nphysician_hours = { cost = 150 }\n");
  EXPECT_NEAR(spec.parameters[0].distribution.mean(), 0.05, 1e-12);
  EXPECT_NEAR(spec.parameters[0].distribution.sd(), 0.02, 1e-12);
  EXPECT_NEAR(spec.parameters[1].distribution.mean(), 2.3, 1e-12);
  // A gamma's range is its central 95%.
  EXPECT_NEAR(spec.parameters[1].range.low, spec.parameters[1].distribution.quantile(0.025), 1e-12);
  const auto defaults = default_outcome_weights();
  ASSERT_EQ(spec.weights.size(), defaults.size());
  for (std::size_t k = 0; k < defaults.size(); ++k) {
    const bool hours = defaults[k].outcome == "physician_hours";
    EXPECT_DOUBLE_EQ(spec.weights[k].cost_per_unit, hours ? 150.0 : defaults[k].cost_per_unit) << defaults[k].outcome;
    EXPECT_DOUBLE_EQ(spec.weights[k].health_per_unit, defaults[k].health_per_unit);
  }
}

TEST(DecisionFile, ErrorsNameTheFileTheLineAndTheKey) {
  EXPECT_NE(error_of("[[parameters]]\nkey = \"trust.acept\"\n").find("did you mean 'trust.accept'"), std::string::npos);
  const auto beta = error_of("[[parameters]]\nkey = \"trust.visit_gain\"\ndistribution = \"beta\"\nmean = 0.5\nsd = 0.6\n");
  EXPECT_NE(beta.find("test.toml:"), std::string::npos) << beta;
  EXPECT_NE(beta.find("trust.visit_gain"), std::string::npos) << beta;
  EXPECT_NE(beta.find("sd must be positive and below"), std::string::npos) << beta;
  const auto range = error_of("[[parameters]]\nkey = \"trust.accept\"\ndistribution = \"uniform\"\nlow = -2\nhigh = 0\n");
  EXPECT_NE(range.find("outside the values the model accepts"), std::string::npos) << range;
  EXPECT_NE(error_of("[[parameters]]\nkey = \"trust.accept\"\n[weights]\nhours = { cost = 1 }\n").find("weights.hours"),
            std::string::npos);
  EXPECT_NE(error_of("").find("nothing is uncertain"), std::string::npos);
  const auto group = error_of("[[parameters]]\nkey = \"trust.accept\"\n[[parameters]]\nkey = \"trust.breach\"\n"
                              "[[groups]]\nname = \"g\"\nparameters = [\"trust.accept\", \"trust.breech\"]\n");
  EXPECT_NE(group.find("not one of the uncertain [[parameters]]"), std::string::npos) << group;
}

}  // namespace
}  // namespace rapport::analysis
