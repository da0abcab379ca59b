#include "analysis/requester_effects.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "analysis/outcome_rules.hpp"
#include "analysis/summary.hpp"

namespace rapport::analysis {
namespace {

double shared_share(const ScenarioResults& scenario, const ScenarioResults& baseline) {
  double shared = 0, all = 0;
  for (std::size_t r = 0; r < scenario.outcome_totals.first_requests.size(); ++r) {
    const auto& mine = scenario.outcome_totals.first_requests[r];
    const auto& theirs = baseline.outcome_totals.first_requests[r];
    all += static_cast<double>(mine.size());
    shared += static_cast<double>(std::count_if(mine.begin(), mine.end(), [&](const auto& request) {
      return std::binary_search(theirs.begin(), theirs.end(), request);
    }));
  }
  return all > 0 ? shared / all : std::numeric_limits<double>::quiet_NaN();
}

// Rare counts (breaches) get the paired bootstrap, as their paired differences do
// (docs/ANALYSIS.md); other outcomes the t-interval of the per-replicate values.
SampleSummary summarize_effect(const std::vector<double>& per_replicate, bool rare_events, std::uint64_t seed) {
  if (!rare_events || per_replicate.empty()) return summarize_sample(per_replicate);
  const std::vector<double> none(per_replicate.size(), 0.0);
  return paired_difference_bootstrap(per_replicate, none, seed).difference;
}

double mean_last_day(const MetricSeries& series) {
  const auto last_days = per_replicate(series.values, Statistic::kFinalDay);
  if (last_days.empty()) return 0.0;
  return std::accumulate(last_days.begin(), last_days.end(), 0.0) / static_cast<double>(last_days.size());
}

}  // namespace

std::vector<RequesterEffect> requester_effects(const Results& results, const std::string& baseline_name) {
  const auto& baseline = results.scenario(baseline_name);
  const auto& base = baseline.outcome_totals;
  if (base.outcomes.empty()) {
    throw AnalysisInputError("scenario '" + baseline_name + "' has no outcome_totals (written by an older rapport)");
  }
  std::vector<RequesterEffect> effects;
  for (const auto& scenario : results.scenarios) {
    const auto& mine = scenario.outcome_totals;
    if (scenario.name == baseline_name || mine.outcomes.empty()) continue;
    if (scenario.replicates != baseline.replicates || scenario.days != baseline.days ||
        mine.outcomes != base.outcomes) {
      throw AnalysisInputError("cannot pair '" + scenario.name + "' with '" + baseline_name +
                               "': they have different replicate counts, days or outcome totals");
    }
    const double shared = shared_share(scenario, baseline);
    double requesters = 0;
    for (const double n : mine.requester_count) requesters += n / static_cast<double>(mine.requester_count.size());
    const double page_followers = mean_last_day(scenario.metric("links_page"));
    for (std::size_t k = 0; k < mine.outcomes.size(); ++k) {
      std::vector<double> total, direct, spillover;
      for (std::size_t r = 0; r < mine.requester_count.size(); ++r) {
        const double n = mine.requester_count[r];
        if (!(n > 0)) continue;  // no requester: no effect per requester in this replicate
        const double whole = (mine.population[k][r] - base.population[k][r]) / n;
        const double own = (mine.requesters[k][r] - base.requesters[k][r]) / n;
        total.push_back(whole);
        direct.push_back(own);
        spillover.push_back(whole - own);
      }
      const bool rare = is_rare_event_count(mine.outcomes[k]);
      const auto seed = static_cast<std::uint64_t>(scenario.seed);
      effects.push_back({scenario.name, mine.outcomes[k], requesters, summarize_effect(total, rare, seed),
                         summarize_effect(direct, rare, seed), summarize_effect(spillover, rare, seed), shared,
                         page_followers});
    }
  }
  return effects;
}

}  // namespace rapport::analysis
