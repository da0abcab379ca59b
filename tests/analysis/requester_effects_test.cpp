// Effects per requester (analysis/requester_effects.hpp) read from a file the model wrote:
// each replicate's change in population totals per requester, split into direct and
// spill-over, against values computed here from the runs themselves.
#include "analysis/requester_effects.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "analysis/summary_report.hpp"
#include "models/metrics.hpp"
#include "models/results_writer.hpp"
#include "sim/hdf5_file.hpp"
#include "tests/models/scenario_helpers.hpp"
#include "tests/support/temporary_directory.hpp"

namespace rapport::analysis {
namespace {

constexpr std::uint32_t kReplicates = 3;

struct Scenario {
  std::string name;
  test::Overrides overrides;
  std::vector<models::RunResult> runs;
};

// Two scenarios with the same seed: decline everyone, or no one asks; messages but no breaches,
// so both have the same requesters.
std::vector<Scenario> declined_and_not_asked() {
  test::Overrides asked = {{"run.days", "200"},
                           {"run.replicates", std::to_string(kReplicates)},
                           {"population.physicians", "8"},
                           {"population.patients_per_physician", "120"},
                           {"physicians.p_personal_presence", "1"},
                           {"requests.rate_per_year", "1"},
                           {"breaches.p_per_message_personal", "0"},
                           {"breaches.p_per_message_portal", "0"},
                           {"posts.p_privacy_violation", "0"},
                           {"policy.mix.decline_all", "1"}};
  test::Overrides nobody = asked;
  nobody["requests.enabled"] = "false";
  return {{"declined", asked, {}}, {"nobody_asks", nobody, {}}};
}

std::filesystem::path write_file(const std::filesystem::path& path, std::vector<Scenario>& scenarios) {
  sim::Hdf5File file(path, sim::Hdf5File::Mode::kCreate);
  file.set_attribute("/", "format", std::string("rapport"));
  file.set_attribute("/", "format_version", models::kFormatVersion);
  file.set_attribute("/", "rapport_version", std::string("test"));
  for (auto& scenario : scenarios) {
    const auto config = sim::resolve_scenario_text(scenario.name, test::scenario_text(scenario.overrides),
                                                   models::parameter_schema());
    const auto params = models::parameters_from(config);
    const models::Model model(params);
    for (std::uint32_t r = 0; r < kReplicates; ++r) {
      scenario.runs.push_back(model.run(static_cast<std::uint64_t>(params.run.seed), r));
    }
    models::write_scenario(file, config, params, scenario.runs);
  }
  return path;
}

const RequesterEffect& effect_on(const std::vector<RequesterEffect>& effects, std::string_view outcome) {
  const auto found =
      std::find_if(effects.begin(), effects.end(), [&](const RequesterEffect& e) { return e.outcome == outcome; });
  if (found == effects.end()) throw std::runtime_error("no effect on " + std::string(outcome));
  return *found;
}

TEST(RequesterEffects, AreTheReplicatesChangeInTotalsPerRequester) {
  test::TemporaryDirectory directory{"rapport_requester_effects_test"};
  auto scenarios = declined_and_not_asked();
  const auto results = load_results(write_file(directory / "effects.h5", scenarios));
  const auto effects = requester_effects(results, "nobody_asks");
  ASSERT_EQ(effects.size(), models::kEffectOutcomeCount);  // one scenario besides the baseline

  const auto& declined = scenarios[0].runs;
  const auto& nobody = scenarios[1].runs;
  for (std::size_t k = 0; k < models::kEffectOutcomeCount; ++k) {
    const auto& effect = effect_on(effects, models::kEffectOutcomeNames[k]);
    EXPECT_EQ(effect.scenario, "declined");
    EXPECT_EQ(effect.shared_first_requests, 1.0);  // no breaches: the same cohort
    std::vector<double> total, direct;
    double requesters = 0;
    for (std::uint32_t r = 0; r < kReplicates; ++r) {
      const double n = declined[r].totals.requester_count;
      ASSERT_EQ(nobody[r].totals.requester_count, n);
      requesters += n / kReplicates;
      total.push_back((declined[r].totals.population[k] - nobody[r].totals.population[k]) / n);
      direct.push_back((declined[r].totals.requesters[k] - nobody[r].totals.requesters[k]) / n);
    }
    EXPECT_DOUBLE_EQ(effect.requesters, requesters);
    const auto expected_total = summarize_sample(total);
    const auto expected_direct = summarize_sample(direct);
    EXPECT_NEAR(effect.total.mean, expected_total.mean, 1e-12) << effect.outcome;
    EXPECT_NEAR(effect.total.ci_low, expected_total.ci_low, 1e-12) << effect.outcome;
    EXPECT_NEAR(effect.total.ci_high, expected_total.ci_high, 1e-12) << effect.outcome;
    EXPECT_NEAR(effect.direct.mean, expected_direct.mean, 1e-12) << effect.outcome;
    EXPECT_NEAR(effect.spillover.mean, expected_total.mean - expected_direct.mean, 1e-12) << effect.outcome;
  }
  // A declined patient loses trust and writes fewer messages; those who never asked stay put.
  EXPECT_LT(effect_on(effects, "trust").total.mean, 0.0);
  EXPECT_LT(effect_on(effects, "trust").direct.ci_high, 0.0);
  EXPECT_EQ(effect_on(effects, "breaches").total.mean, 0.0);
  EXPECT_EQ(effect_on(effects, "breaches").total.ci_high, 0.0);
}

// An open page reaches patients who never asked: the effect carries the page followers of
// the last day, and the printed table says its effect per requester is not the whole story.
TEST(RequesterEffects, CarryThePageFollowersSoAnOpenPageIsFlagged) {
  test::TemporaryDirectory directory{"rapport_requester_effects_test"};
  auto scenarios = declined_and_not_asked();
  scenarios[0].name = "open";
  scenarios[0].overrides["policy.mix.decline_all"] = "0";
  scenarios[0].overrides["policy.mix.open_page"] = "1";
  scenarios[0].overrides["open_page.follow_per_year"] = "10";  // most of the panel follows within the run
  const auto results = load_results(write_file(directory / "open.h5", scenarios));
  const auto effects = requester_effects(results, "nobody_asks");
  ASSERT_FALSE(effects.empty());

  constexpr auto kLinksPage = models::index(models::metric("links_page"));
  double followers = 0;
  for (const auto& run : scenarios[0].runs) {
    followers += run.series.at(kLinksPage, run.series.n_days() - 1) / kReplicates;
  }
  EXPECT_GT(followers, 0.0);
  for (const auto& effect : effects) EXPECT_DOUBLE_EQ(effect.page_followers, followers) << effect.outcome;
  ASSERT_GT(followers, effects.front().requesters);

  std::ostringstream printed;
  print_requester_effects(printed, effects);
  EXPECT_NE(printed.str().find("note: 'open' has"), std::string::npos) << printed.str();
  EXPECT_NE(printed.str().find("never asked"), std::string::npos);
}

// Declining reaches no one who did not ask: no note.
TEST(RequesterEffects, DecliningPrintsNoNoteAboutPatientsWhoNeverAsked) {
  test::TemporaryDirectory directory{"rapport_requester_effects_test"};
  auto scenarios = declined_and_not_asked();
  const auto effects = requester_effects(load_results(write_file(directory / "declined.h5", scenarios)), "nobody_asks");
  for (const auto& effect : effects) EXPECT_EQ(effect.page_followers, 0.0);
  std::ostringstream printed;
  print_requester_effects(printed, effects);
  EXPECT_EQ(printed.str().find("note:"), std::string::npos) << printed.str();
}

TEST(RequesterEffects, UnknownBaselineOrUnpairableScenariosAreInputErrors) {
  test::TemporaryDirectory directory{"rapport_requester_effects_test"};
  auto scenarios = declined_and_not_asked();
  scenarios[1].overrides["run.days"] = "150";
  const auto results = load_results(write_file(directory / "unpaired.h5", scenarios));
  EXPECT_THROW((void)requester_effects(results, "nobody_asks"), AnalysisInputError);
  EXPECT_THROW((void)requester_effects(results, "no_such_scenario"), AnalysisInputError);
}

}  // namespace
}  // namespace rapport::analysis
