#include "models/results_writer.hpp"

#include "models/results_by_year.hpp"

#include <numeric>
#include <sstream>
#include <type_traits>

#include "sim/hdf5_file.hpp"

namespace rapport::models {
namespace {

constexpr std::string_view kDayUnits = "days since the start of the run";
constexpr std::string_view kPhysiciansDescription =
    "end-of-run table, one row per replicate and one column per physician";
constexpr std::string_view kHistogramUnits = "patients per bin at the end of the run";
constexpr std::string_view kRequestersDescription =
    "one row per friend request, replicates stacked; the `replicate` column says whose";

// The requester table: each column 1-D over the requests of every replicate, beside a
// `replicate` column, so that pandas reads it as one data frame.
void write_requesters(sim::Hdf5File& file, const std::string& group, const std::vector<RunResult>& replicates) {
  const std::string table = group + "/requesters";
  std::vector<std::int64_t> replicate;
  for (std::size_t r = 0; r < replicates.size(); ++r) {
    replicate.insert(replicate.end(), replicates[r].requesters.patient.size(), static_cast<std::int64_t>(r));
  }
  file.write_vector(table + "/replicate", replicate);
  file.set_attribute(table + "/replicate", "units", std::string("replicate index"));
  RequesterTable::for_each_column([&](std::string_view name, std::string_view meaning, auto column) {
    const std::string path = table + "/" + std::string(name);
    std::decay_t<decltype(replicates.front().requesters.*column)> stacked;
    for (const auto& run : replicates) {
      stacked.insert(stacked.end(), (run.requesters.*column).begin(), (run.requesters.*column).end());
    }
    if constexpr (std::is_same_v<decltype(stacked), std::vector<std::string>>) {
      file.write_strings(path, stacked);
    } else {
      file.write_vector(path, stacked);
    }
    file.set_attribute(path, "units", std::string(meaning));
  });
  file.set_attribute(table, "description", std::string(kRequestersDescription));

  const std::size_t days = replicates.front().series.n_days();
  constexpr std::size_t kStats = kRequesterSeriesNames.size();
  for (std::size_t o = 0; o < kRequestOutcomeCount; ++o) {
    for (std::size_t k = 0; k < kStats; ++k) {
      sim::Matrix matrix{replicates.size(), days, {}};
      for (const auto& run : replicates) {
        for (std::size_t t = 0; t < days; ++t) matrix.values.push_back(run.requester_series.at(o * kStats + k, t));
      }
      file.write_matrix(group + "/requester_series/" + std::string(kRequestOutcomeNames[o]) + "/" +
                            std::string(kRequesterSeriesNames[k]),
                        matrix);
    }
  }

  const std::string totals = group + "/outcome_totals";
  for (std::size_t k = 0; k < kEffectOutcomeCount; ++k) {
    std::vector<double> population, requesters;
    for (const auto& run : replicates) {
      population.push_back(run.totals.population[k]);
      requesters.push_back(run.totals.requesters[k]);
    }
    file.write_vector(totals + "/population/" + std::string(kEffectOutcomeNames[k]), population);
    file.write_vector(totals + "/requesters/" + std::string(kEffectOutcomeNames[k]), requesters);
  }
  std::vector<double> count;
  for (const auto& run : replicates) count.push_back(run.totals.requester_count);
  file.write_vector(totals + "/requester_count", count);
}

void write_arms(sim::Hdf5File& file, const std::string& group, const std::vector<RunResult>& replicates) {
  const std::size_t days = replicates.front().series.n_days();
  for (std::size_t policy = 0; policy < kPolicyCount; ++policy) {
    for (std::size_t k = 0; k < kArmSeries.size(); ++k) {
      sim::Matrix matrix{replicates.size(), days, {}};
      for (const auto& run : replicates) {
        for (std::size_t t = 0; t < days; ++t) matrix.values.push_back(run.arm_series.at(policy * kArmSeries.size() + k, t));
      }
      const std::string path = group + "/arms/" + std::string(policy_info(PolicyId{static_cast<std::uint8_t>(policy)}).name) +
                               "/" + std::string(kArmSeries[k].name);
      file.write_matrix(path, matrix);
      file.set_attribute(path, "units", std::string(kArmSeries[k].units));
      file.set_attribute(path, "description", std::string(kArmSeries[k].meaning));
    }
  }
}

}  // namespace

void write_scenario(sim::Hdf5File& file, const sim::ResolvedConfig& config, const Parameters& params,
                    const std::vector<RunResult>& replicates) {
  const std::string group = "/scenarios/" + config.name;
  file.create_group(group);
  file.set_attribute(group, "config", config.to_toml());
  file.set_attribute(group, "seed", params.run.seed);
  file.set_attribute(group, "replicates", params.run.replicates);
  file.set_attribute(group, "days", params.run.days);

  std::vector<std::int64_t> day(static_cast<std::size_t>(params.run.days));
  std::iota(day.begin(), day.end(), 0);
  file.write_vector(group + "/day", day);
  file.set_attribute(group + "/day", "units", std::string(kDayUnits));

  const auto& metrics = metric_table();
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    sim::Matrix matrix;
    matrix.rows = replicates.size();
    matrix.cols = day.size();
    for (const auto& run : replicates) {
      for (std::size_t t = 0; t < day.size(); ++t) matrix.values.push_back(run.series.at(m, t));
    }
    const std::string path = group + "/metrics/" + std::string(metrics[m].name);
    file.write_matrix(path, matrix);
    file.set_attribute(path, "units", std::string(metrics[m].units));
    file.set_attribute(path, "description", std::string(metrics[m].description));
    file.set_attribute(path, "reduction", std::string(sim::reduction_name(metrics[m].reduction)));
  }

  write_by_year(file, group, params, replicates);

  const std::string table = group + "/physicians";
  const std::size_t n_physicians = replicates.front().physicians.policy.size();
  PhysicianTable::for_each_column([&](std::string_view name, std::string_view units, auto column) {
    const std::string path = table + "/" + std::string(name);
    std::decay_t<decltype(replicates.front().physicians.*column)> stacked;  // [replicates, physicians]
    for (const auto& run : replicates) {
      stacked.insert(stacked.end(), (run.physicians.*column).begin(), (run.physicians.*column).end());
    }
    if constexpr (std::is_same_v<decltype(stacked), std::vector<std::string>>) {
      file.write_strings(path, replicates.size(), n_physicians, stacked);
    } else {
      file.write_matrix(path, sim::Matrix{replicates.size(), n_physicians, std::move(stacked)});
      file.set_attribute(path, "units", std::string(units));
    }
  });
  file.set_attribute(table, "description", std::string(kPhysiciansDescription));

  const std::string distributions = group + "/distributions";
  std::vector<double> edges(kHistogramBins + 1);
  for (std::size_t b = 0; b <= kHistogramBins; ++b) edges[b] = static_cast<double>(b) / kHistogramBins;
  file.write_vector(distributions + "/bin_edges", edges);
  const auto hist = [&](std::vector<double> RunResult::*member) {
    sim::Matrix m{replicates.size(), kHistogramBins, {}};
    for (const auto& run : replicates) m.values.insert(m.values.end(), (run.*member).begin(), (run.*member).end());
    return m;
  };
  file.write_matrix(distributions + "/trust", hist(&RunResult::trust_histogram));
  file.write_matrix(distributions + "/adherence", hist(&RunResult::adherence_histogram));
  for (const auto* name : {"/trust", "/adherence"}) {
    file.set_attribute(distributions + name, "units", std::string(kHistogramUnits));
  }

  write_requesters(file, group, replicates);
  write_arms(file, group, replicates);
}

namespace {

// How a metric's day value is formed, in words (DailyValue).
std::string daily_value_text(const MetricDefinition& row) {
  const auto quoted = [](std::string_view name) { return "`" + std::string(name) + "`"; };
  switch (row.value) {
    case DailyValue::kTotal: return "sum over the physicians' panels";
    case DailyValue::kPerPatient: return "mean over patients";
    case DailyValue::kPerPhysician: return "mean over physicians";
    case DailyValue::kPatientSd: return "standard deviation over patients";
    case DailyValue::kPhysicianP90: return "nearest-rank 90th percentile over physicians of " + quoted(row.source);
    case DailyValue::kSumOfSources: return quoted(row.source) + " + " + quoted(row.second_source);
    case DailyValue::kRunningTotal: return "running total of " + quoted(row.source);
  }
  return "";
}

// The statistic `rapport summarize` reports per replicate for a reduction (analysis/summary.hpp).
std::string_view sweep_statistic_text(sim::Reduction reduction) {
  return reduction == sim::Reduction::kCount ? "total over the run" : "final-day value";
}

std::string_view better_text(sim::Better better) {
  switch (better) {
    case sim::Better::kHigher: return "higher";
    case sim::Better::kLower: return "lower";
    case sim::Better::kNeither: return "neither";
  }
  return "neither";
}

}  // namespace

std::string results_layout_markdown() {
  std::ostringstream out;
  out << "### `/scenarios/<name>/`\n\n"
      << "| path | type, shape | meaning |\n|---|---|---|\n"
      << "| `/scenarios/<name>` attributes | string, int64 | `config` (the complete resolved scenario TOML, "
         "defaults included), `seed`, `replicates`, `days` |\n"
      << "| `day` | int64 `[days]` | day index 0 ... days-1; attribute `units` = \"" << kDayUnits << "\" |\n"
      << "| `metrics/<metric>` | float64 `[replicates, days]` | one daily series per replicate (table below); "
         "attributes `units`, `description`, `reduction` (`level`, `count` or `cumulative`) |\n"
      << "| `physicians/<column>` | `[replicates, physicians]` | " << kPhysiciansDescription
      << " (table below); attribute `description` on the group |\n"
      << "| `distributions/bin_edges` | float64 `[" << kHistogramBins + 1 << "]` | edges of the histogram bins, "
         "0 to 1 |\n"
      << "| `distributions/trust`, `distributions/adherence` | float64 `[replicates, " << kHistogramBins
      << "]` | " << kHistogramUnits << " (attribute `units`) |\n"
      << "| `by_year/year` | int64 `[years]` | calendar years of the run (365 days each from `run.start_year`) |\n"
      << "| `by_year/<metric>` | float64 `[replicates, years]` | each metric by calendar year: the mean of its "
         "daily values (count metrics: events per day), or the year-end value of a cumulative metric |\n"
      << "| `requesters/<column>` | 1-D `[requests]` | " << kRequestersDescription
      << " (int64 `replicate`, then the table below); each column's `units` attribute holds its meaning |\n"
      << "| `requester_series/<response>/trust_mean`, `.../adherence_mean` | float64 `[replicates, days]` | mean "
         "over the requesters whose latest request got `<response>` (NaN on a day with none) |\n"
      << "| `requester_series/<response>/requesters` | float64 `[replicates, days]` | how many requesters that is "
         "(patients still in the panel) |\n"
      << "| `outcome_totals/{population,requesters}/<outcome>` | float64 `[replicates]` | run totals over every "
         "patient and over the requesters, for effects per requester ([ANALYSIS.md](ANALYSIS.md)): `trust`, "
         "`adherence` (sums over the patients in the panels at the end), `messages`, `message_minutes` (minutes "
         "the messages asked for, before any capacity limit), `after_hours_minutes` (a requester's: those of "
         "their personal-channel messages), `breaches` (over the run; a requester's from the first request on) |\n"
      << "| `outcome_totals/requester_count` | float64 `[replicates]` | patients with at least one request (requests "
         "off: with a request they would have sent) |\n"
      << "| `arms/<policy>/<series>` | float64 `[replicates, days]` | each policy's arm: the patients of the "
         "physicians following it that day (every policy, empty arms included; table below) |\n\n";

  out << "### Metrics\n\n"
      << "Each is `metrics/<metric>`. The day value is formed from what each physician's panel adds that "
         "day. Sweeps and calibration summarise a replicate by the statistic in the *sweep statistic* column "
         "(`reduction` attribute in brackets); `rapport summarize` uses the daily mean of flows and a rate "
         "for rare events ([ANALYSIS.md](ANALYSIS.md)); *better* is the direction `rapport sensitivity "
         "--compare` counts as a win.\n\n"
      << "| metric | units | definition | day value | sweep statistic | better |\n|---|---|---|---|---|---|\n";
  for (const auto& row : kMetrics) {
    out << "| `" << row.spec.name << "` | " << row.spec.units << " | " << row.spec.description << " | "
        << daily_value_text(row) << " | " << sweep_statistic_text(row.spec.reduction) << " (`"
        << sim::reduction_name(row.spec.reduction) << "`) | " << better_text(row.spec.better) << " |\n";
  }

  out << "\n### Physician table\n\n"
      << "Each is `physicians/<column>`, `[replicates, physicians]`; a numeric column's `units` attribute "
         "holds its meaning.\n\n"
      << "| column | type | meaning |\n|---|---|---|\n";
  PhysicianTable::for_each_column([&](std::string_view name, std::string_view meaning, auto column) {
    using Values = std::decay_t<decltype(PhysicianTable{}.*column)>;
    out << "| `" << name << "` | " << (std::is_same_v<Values, std::vector<std::string>> ? "string" : "float64")
        << " | " << meaning << " |\n";
  });

  out << "\n### Requester table\n\n"
      << "Each is `requesters/<column>`, 1-D over every request of every replicate (`replicate` says which). "
         "A request is followed from the day it is sent until the patient's next request or the end of the run; "
         "trust and adherence are also taken 90 and 365 days after it and at the end. `<response>` in "
         "`requester_series` is one of ";
  for (std::size_t o = 0; o < kRequestOutcomeCount; ++o) out << (o ? ", " : "") << "`" << kRequestOutcomeNames[o] << "`";
  out << ".\n\n| column | type | meaning |\n|---|---|---|\n";
  RequesterTable::for_each_column([&](std::string_view name, std::string_view meaning, auto column) {
    using Values = std::decay_t<decltype(RequesterTable{}.*column)>;
    out << "| `" << name << "` | " << (std::is_same_v<Values, std::vector<std::string>> ? "string" : "float64")
        << " | " << meaning << " |\n";
  });

  out << "\n### Policy arms\n\n"
      << "Each is `arms/<policy>/<series>`, float64 `[replicates, days]`, read from the same per-physician "
         "tallies as the metrics, so the arms add up to the scenario: patients and physicians sum to the "
         "scenario's, `trust_mean` x `patients` sums to `trust_mean` x patients, `messages` and `breaches` sum "
         "to the metrics of those names.\n\n"
      << "| series | units | meaning |\n|---|---|---|\n";
  for (const auto& row : kArmSeries) out << "| `" << row.name << "` | " << row.units << " | " << row.meaning << " |\n";
  return out.str();
}

}  // namespace rapport::models
