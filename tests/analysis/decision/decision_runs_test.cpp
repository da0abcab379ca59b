#include "analysis/decision/decision_runs.hpp"

#include <gtest/gtest.h>

#include <string>

#include "models/model.hpp"
#include "models/parameters.hpp"
#include "sim/config.hpp"

namespace rapport::analysis {
namespace {

const std::filesystem::path kScenarios = std::filesystem::path(RAPPORT_SOURCE_DIR) / "scenarios";
constexpr std::size_t kDraws = 20;

// decline_all against accept_all in a small population; `request_rate` sets how often
// patients ask, so 0 leaves the two policies nothing to act on.
DecisionRuns small_decision(double request_rate) {
  const std::string text =
      "policies = [\"" + (kScenarios / "decline_all.toml").string() + "\", \"" +
      (kScenarios / "accept_all.toml").string() + "\"]\n[psa]\ndraws = " + std::to_string(kDraws) +
      "\nseed = 4\n[set]\npopulation.physicians = 2\npopulation.patients_per_physician = 60\nrun.days = 40\n"
      "requests.rate_per_year = " + std::to_string(request_rate) +
      "\n[[parameters]]\nkey = \"trust.accept\"\n[[parameters]]\nkey = \"trust.visit_gain\"\n";
  return DecisionRuns(parse_decision_file(text, kScenarios / "decisions" / "runs_test.toml"));
}

// Every PSA run, in the order given, stored; the outcomes [draws, policies, outcomes].
std::vector<double> run_all(DecisionRuns& runs, bool backwards) {
  auto& psa = runs.psa();
  for (std::size_t i = 0; i < psa.size(); ++i) {
    const std::size_t run = backwards ? psa.size() - 1 - i : i;
    psa.store(run, psa.run(run));
  }
  return psa.outcomes();
}

double outcome(const std::vector<double>& outcomes, std::size_t draw, std::size_t policy, DecisionOutcome which) {
  return outcomes[(draw * 2 + policy) * kDecisionOutcomes + static_cast<std::size_t>(which)];
}

TEST(DecisionRuns, PoliciesOfADrawShareTheirRandomStreamsAndDrawsDiffer) {
  auto runs = small_decision(0.0);
  ASSERT_EQ(runs.psa().size(), kDraws * 2);
  const auto outcomes = run_all(runs, false);
  // No requests: the policies have nothing to act on, so under common random numbers the
  // runs of a draw are the same run, outcome by outcome.
  for (std::size_t d = 0; d < kDraws; ++d) {
    for (std::size_t k = 0; k < kDecisionOutcomes; ++k) {
      EXPECT_EQ(outcomes[(d * 2) * kDecisionOutcomes + k], outcomes[(d * 2 + 1) * kDecisionOutcomes + k])
          << "draw " << d << " outcome " << k;
    }
  }
  // Draws differ in their parameters and their streams.
  EXPECT_NE(outcome(outcomes, 0, 0, DecisionOutcome::kAdherenceYears),
            outcome(outcomes, 1, 0, DecisionOutcome::kAdherenceYears));
}

TEST(DecisionRuns, OutcomesDoNotDependOnTheOrderRunsFinishIn) {
  auto forwards = small_decision(5.0);
  auto backwards = small_decision(5.0);
  const auto a = run_all(forwards, false);
  EXPECT_EQ(a, run_all(backwards, true));
  // With requests the policies act: accept_all answers them with personal links.
  bool differ = false;
  for (std::size_t d = 0; d < kDraws; ++d) {
    differ = differ || outcome(a, d, 0, DecisionOutcome::kTrustYears) != outcome(a, d, 1, DecisionOutcome::kTrustYears);
  }
  EXPECT_TRUE(differ);
  // Adherence-years: about 0.75 a patient-year, 120 patients for 40 days.
  EXPECT_NEAR(outcome(a, 0, 0, DecisionOutcome::kAdherenceYears) / (120.0 * 40.0 / 365.0), 0.75, 0.15);
}

}  // namespace
}  // namespace rapport::analysis

namespace rapport::analysis {
namespace {

// Physician hours are message minutes plus page upkeep: with no messages, each physician
// with a page adds days / 7 weeks of its policy's weekly upkeep, and nothing else does.
TEST(DecisionOutcomes, PhysicianHoursCountPageUpkeep) {
  const auto text = [](const char* policy) {
    return std::string("run.days = 70\npopulation.physicians = 4\npopulation.patients_per_physician = 50\n"
                       "messages.portal_per_year = 0\nmessages.personal_per_year = 0\n"
                       "open_page.upkeep_minutes_per_week = 90\nprofessional_page.upkeep_minutes_per_week = 45\n"
                       "policy.mix.") +
           policy + " = 1\n";
  };
  for (const auto& [policy, weekly] : {std::pair{"open_page", 90.0}, std::pair{"professional_page", 45.0},
                                       std::pair{"decline_all", 0.0}}) {
    const auto parameters = models::parameters_from(
        sim::resolve_scenario_text("upkeep", text(policy), models::parameter_schema()));
    const auto run = models::Model(parameters).run(5, 0);
    const double expected = 4 * 70 / 7.0 * weekly / 60.0;
    EXPECT_NEAR(decision_outcomes(run, parameters)[static_cast<std::size_t>(DecisionOutcome::kPhysicianHours)],
                expected, 1e-9)
        << policy;
  }
}

}  // namespace
}  // namespace rapport::analysis
