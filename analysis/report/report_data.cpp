#include "analysis/report/report_data.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <map>
#include <optional>
#include <string_view>

#include "analysis/report/json_writer.hpp"
#include "analysis/results_reader.hpp"
#include "analysis/sensitivity/sensitivity_report.hpp"
#include "analysis/sensitivity/sweep_data.hpp"
#include "analysis/summary.hpp"
#include "sim/hdf5_file.hpp"
#include "sim/toml_input.hpp"

namespace rapport::analysis {
namespace {

using ObjectKind = sim::Hdf5File::ObjectKind;

// The outcomes a committee asks about first; the report leads with those the file has.
constexpr std::array<std::string_view, 8> kHeadlineMetrics = {
    "trust_mean", "adherence_mean", "messages", "physician_minutes_mean",
    "overtime_minutes", "breaches_cumulative", "complaints", "boundary_incidents"};

// Position among the headline metrics, -1 for the others.
std::int64_t headline_rank(std::string_view metric) {
  const auto found = std::find(kHeadlineMetrics.begin(), kHeadlineMetrics.end(), metric);
  return found == kHeadlineMetrics.end() ? -1 : found - kHeadlineMetrics.begin();
}

// Groups of a scenario the report reads by name; anything else is shown by its shape.
constexpr std::array<std::string_view, 5> kKnownScenarioParts = {"metrics", "summary", "day", "physicians",
                                                                 "distributions"};
constexpr std::array<std::string_view, 5> kKnownRootGroups = {"scenarios", "sweeps", "calibrations", "decisions",
                                                              "provenance"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// A string or integer attribute as text, whichever way it was written (rapport writes
// fixed-length strings up to format 1, variable-length ones since); `fallback` when absent or of another type.
std::string attribute_or(const sim::Hdf5File& file, const std::string& object, const std::string& name,
                         const std::string& fallback = "") {
  if (!file.has_attribute(object, name)) return fallback;
  try {
    return file.string_attribute(object, name);
  } catch (const sim::Hdf5Error&) {
  }
  try {
    return std::to_string(file.integer_attribute(object, name));
  } catch (const sim::Hdf5Error&) {
  }
  return fallback;
}

// A float64 attribute; NaN when absent or of another type.
double real_attribute_or_nan(const sim::Hdf5File& file, const std::string& object, const std::string& name) {
  if (!file.exists(object) || !file.has_attribute(object, name)) return std::nan("");
  const auto raw = file.read_raw_attribute(object, name);
  if (raw.type != "float 8" || raw.bytes.size() != sizeof(double)) return std::nan("");
  double value = 0;
  std::memcpy(&value, raw.bytes.data(), sizeof value);
  return value;
}

// What a dataset found by shape holds; variable-length data (which rapport never writes) is
// left out of the report rather than stopping it.
enum class Content { kNumbers, kStrings, kUnreadable };

Content content_of(const sim::Hdf5File& file, const std::string& path) {
  try {
    const auto type = file.read_raw(path).type;
    if (type.rfind("string", 0) == 0) return Content::kStrings;
    if (type.rfind("float", 0) == 0 || type.rfind("integer", 0) == 0) return Content::kNumbers;
  } catch (const sim::Hdf5Error&) {
  }
  return Content::kUnreadable;
}

// Days shown for a series of `days` values: every `step`-th day and always the last.
std::vector<std::size_t> shown_days(std::size_t days, std::size_t max_points) {
  const std::size_t step = std::max<std::size_t>(1, (days + max_points - 1) / max_points);
  std::vector<std::size_t> shown;
  for (std::size_t t = 0; t < days; t += step) shown.push_back(t);
  if (days > 0 && shown.back() != days - 1) shown.push_back(days - 1);
  return shown;
}

std::vector<double> pick(const std::vector<double>& values, const std::vector<std::size_t>& indices) {
  std::vector<double> picked;
  picked.reserve(indices.size());
  for (const auto i : indices) picked.push_back(values[i]);
  return picked;
}

void write_band(JsonWriter& json, const std::string& scenario, const sim::Matrix& series,
                const std::vector<std::size_t>& days) {
  const auto band = daily_band(series);
  json.begin_object().field("scenario", scenario);
  json.key("mean").numbers(pick(band.mean, days));
  json.key("low").numbers(pick(band.low, days));
  json.key("high").numbers(pick(band.high, days));
  json.end_object();
}

sim::Matrix difference(const sim::Matrix& a, const sim::Matrix& b) {
  sim::Matrix d = a;
  for (std::size_t i = 0; i < d.values.size(); ++i) d.values[i] -= b.values[i];
  return d;
}

void write_sample(JsonWriter& json, const SampleSummary& s) {
  json.begin_object()
      .field("n", static_cast<std::int64_t>(s.n))
      .field("mean", s.mean)
      .field("sd", s.sd)
      .field("ci_low", s.ci_low)
      .field("ci_high", s.ci_high)
      .end_object();
}

// population.* and policy.* of a stored configuration, for "what was run".
void write_scenario_description(JsonWriter& json, const ScenarioResults& s) {
  json.begin_object()
      .field("name", s.name)
      .field("seed", s.seed)
      .field("replicates", s.replicates)
      .field("days", s.days);
  const auto config = sim::parse_toml_text(s.config_toml, s.name);
  const auto physicians = config.at_path("population.physicians").value<std::int64_t>();
  const auto per_physician = config.at_path("population.patients_per_physician").value<std::int64_t>();
  if (physicians) json.field("physicians", *physicians);
  if (physicians && per_physician) json.field("patients", *physicians * *per_physician);
  if (const auto disclosed = config.at_path("policy.disclosed").value<bool>()) json.field("disclosed", *disclosed);
  json.key("mix").begin_array();
  if (const auto* mix = config.at_path("policy.mix").as_table()) {
    for (const auto& [policy, share] : *mix) {
      json.begin_object().field("policy", std::string(policy.str())).field("share", share.value_or(0.0)).end_object();
    }
  }
  json.end_array().end_object();
}

// Scenarios differ in days or replicates: nothing can be paired with the baseline.
std::optional<std::string> first_pairing_problem(const Results& results, const ScenarioResults& baseline) {
  for (const auto& s : results.scenarios) {
    if (auto problem = pairing_problem(s, baseline)) return problem;
  }
  return std::nullopt;
}

void write_metrics(JsonWriter& json, const sim::Hdf5File& file, const Results& results,
                   const ScenarioResults* baseline, const ReportOptions& options) {
  const auto summaries = summarize(results, baseline ? std::optional(baseline->name) : std::nullopt);
  json.key("metrics").begin_array();
  for (const auto& metric : results.scenarios.front().metrics) {
    const std::string path = "/scenarios/" + results.scenarios.front().name + "/metrics/" + metric.name;
    json.begin_object()
        .field("name", metric.name)
        .field("units", attribute_or(file, path, "units"))
        .field("description", attribute_or(file, path, "description"))
        .field("reduction", std::string(sim::reduction_name(metric.reduction)))
        .field("headline", headline_rank(metric.name));
    // Scenarios may differ in days when there is no baseline; the longest sets the axis.
    std::size_t days = 0;
    for (const auto& s : results.scenarios) days = std::max(days, static_cast<std::size_t>(s.days));
    const auto shown = shown_days(days, options.max_points);
    json.key("day").begin_array();
    for (const auto t : shown) json.value(static_cast<std::int64_t>(t));
    json.end_array();
    json.key("scenarios").begin_array();
    for (const auto& s : results.scenarios) {
      auto kept = shown;
      std::erase_if(kept, [&](std::size_t t) { return t >= static_cast<std::size_t>(s.days); });
      write_band(json, s.name, s.metric(metric.name).values, kept);
    }
    json.end_array();
    json.key("summaries").begin_array();
    for (const auto& summary : summaries) {
      if (summary.metric != metric.name) continue;
      json.begin_object()
          .field("scenario", summary.scenario)
          .field("statistic", std::string(statistic_name(summary.statistic)))
          .field("interval", std::string(interval_method_name(summary.interval)))
          .field("minimum_important_difference", summary.minimum_important_difference);
      json.key("across_replicates");
      write_sample(json, summary.across_replicates);
      if (summary.versus_baseline && summary.scenario != baseline->name) {
        json.key("difference");
        write_sample(json, summary.versus_baseline->difference);
        json.field("p_value", summary.versus_baseline->p_value)
            .field("difference_interval", std::string(interval_method_name(summary.difference_interval)))
            .field("below_minimum_important_difference", summary.below_minimum_important_difference);
      }
      json.end_object();
    }
    json.end_array();
    json.key("differences").begin_array();
    if (baseline) {
      const auto& base = baseline->metric(metric.name).values;
      for (const auto& s : results.scenarios) {
        if (s.name != baseline->name) write_band(json, s.name, difference(s.metric(metric.name).values, base), shown);
      }
    }
    json.end_array();
    json.end_object();
  }
  json.end_array();
}

// A dataset's columns as JSON: strings or numbers.
void write_column(JsonWriter& json, const sim::Hdf5File& file, const std::string& path, std::size_t rows) {
  json.begin_object()
      .field("name", path.substr(path.rfind('/') + 1))
      .field("units", attribute_or(file, path, "units"))
      .field("description", attribute_or(file, path, "description"));
  json.key("values");
  if (content_of(file, path) == Content::kStrings) {
    auto values = file.read_strings(path);
    values.resize(std::min(values.size(), rows));
    json.strings(values);
  } else {
    auto values = file.read_matrix(path).values;
    values.resize(std::min(values.size(), rows));
    json.numbers(values);
  }
  json.end_object();
}

// Every group below `group` (itself included) whose 1-D datasets share a length becomes a
// table; datasets of shape [replicates, days] under a scenario become daily series.
struct GenericFinds {
  std::vector<std::string> tables;  // group paths
  std::vector<std::pair<std::string, std::string>> daily_series;  // (scenario, dataset path)
};

void find_generic(const sim::Hdf5File& file, const std::string& group, const std::vector<std::size_t>& daily_shape,
                  const std::string& scenario, GenericFinds& finds) {
  bool has_columns = false;
  for (const auto& child : file.children(group)) {
    const std::string path = group + "/" + child;
    const auto kind = file.kind(path);
    if (kind == ObjectKind::kGroup) {
      find_generic(file, path, daily_shape, scenario, finds);
    } else if (kind == ObjectKind::kDataset) {
      const auto shape = file.shape(path);
      const auto content = content_of(file, path);
      if (content == Content::kUnreadable) continue;
      if (!daily_shape.empty() && shape == daily_shape && content == Content::kNumbers) {
        finds.daily_series.emplace_back(scenario, path);
      } else if (shape.size() == 1 && shape[0] > 0) {
        has_columns = true;
      }
    }
  }
  if (has_columns) finds.tables.push_back(group);
}

void write_table(JsonWriter& json, const sim::Hdf5File& file, const std::string& group, const ReportOptions& options) {
  // The most common 1-D length is the table's row count; other lengths are separate facts.
  std::vector<std::pair<std::string, std::size_t>> columns;
  for (const auto& child : file.children(group)) {
    const std::string path = group + "/" + child;
    if (file.kind(path) != ObjectKind::kDataset || content_of(file, path) == Content::kUnreadable) continue;
    const auto shape = file.shape(path);
    if (shape.size() == 1 && shape[0] > 0) columns.emplace_back(path, shape[0]);
  }
  std::size_t rows = 0, best = 0;
  for (const auto& column : columns) {
    const std::size_t length = column.second;
    const auto n = static_cast<std::size_t>(std::count_if(columns.begin(), columns.end(),
                                                          [&](const auto& c) { return c.second == length; }));
    if (n > best) best = n, rows = length;
  }
  json.begin_object()
      .field("path", group)
      .field("description", attribute_or(file, group, "description"))
      .field("rows", static_cast<std::int64_t>(rows))
      .field("shown_rows", static_cast<std::int64_t>(std::min(rows, options.max_table_rows)));
  json.key("columns").begin_array();
  for (const auto& [path, length] : columns) {
    if (length == rows) write_column(json, file, path, options.max_table_rows);
  }
  json.end_array().end_object();
}

// Policy arms that no physician follows on any day of any replicate (the group's
// `physicians` series is all zero): drawing their series would show flat zeros as if
// measured. Each arm's `physicians` series is read once, whichever of its series asks.
class EmptyArms {
 public:
  explicit EmptyArms(const sim::Hdf5File& file) : file_(file) {}

  [[nodiscard]] bool holds(const std::string& series_path) {
    const auto group = series_path.substr(0, series_path.rfind('/'));
    const auto arms = group.rfind("/arms/");
    if (arms == std::string::npos || group.find('/', arms + 6) != std::string::npos) return false;
    const auto [known, added] = empty_.try_emplace(group, false);
    if (added) {
      const auto physicians = group + "/physicians";
      if (file_.exists(physicians) && file_.kind(physicians) == ObjectKind::kDataset) {
        const auto counts = file_.read_matrix(physicians);
        known->second = std::all_of(counts.values.begin(), counts.values.end(), [](double n) { return n == 0.0; });
      }
    }
    return known->second;
  }

 private:
  const sim::Hdf5File& file_;
  std::map<std::string, bool> empty_;  // by arm group
};

void write_generic(JsonWriter& json, const sim::Hdf5File& file, const Results* results, const ReportOptions& options) {
  GenericFinds finds;
  if (results) {
    for (const auto& s : results->scenarios) {
      const std::string group = "/scenarios/" + s.name;
      const std::vector<std::size_t> daily_shape{static_cast<std::size_t>(s.replicates),
                                                 static_cast<std::size_t>(s.days)};
      for (const auto& child : file.children(group)) {
        const std::string path = group + "/" + child;
        if (contains(kKnownScenarioParts, child) || file.kind(path) != ObjectKind::kGroup) continue;
        find_generic(file, path, daily_shape, s.name, finds);
      }
    }
  }
  for (const auto& child : file.children("/")) {
    if (contains(kKnownRootGroups, child) || file.kind("/" + child) != ObjectKind::kGroup) continue;
    find_generic(file, "/" + child, {}, "", finds);
  }

  // Daily series are grouped by their path inside the scenario, e.g. requesters/by_response/trust_mean.
  std::vector<std::string> series_names;
  for (const auto& [scenario, path] : finds.daily_series) {
    const auto inner = path.substr(("/scenarios/" + scenario + "/").size());
    if (std::find(series_names.begin(), series_names.end(), inner) == series_names.end()) series_names.push_back(inner);
  }
  EmptyArms arms(file);
  json.key("extra_series").begin_array();
  for (const auto& inner : series_names) {
    std::vector<std::pair<std::string, std::string>> drawn;  // (scenario, path)
    std::vector<std::string> empty_arms;
    for (const auto& [scenario, path] : finds.daily_series) {
      if (path != "/scenarios/" + scenario + "/" + inner) continue;
      if (arms.holds(path)) {
        empty_arms.push_back(scenario);
      } else {
        drawn.emplace_back(scenario, path);
      }
    }
    if (drawn.empty()) continue;
    std::size_t days = 0;
    for (const auto& [scenario, path] : drawn) days = std::max(days, file.shape(path)[1]);
    const auto shown = shown_days(days, options.max_points);
    const auto& first_path = drawn.front().second;
    json.begin_object()
        .field("name", inner)
        .field("units", attribute_or(file, first_path, "units"))
        .field("description", attribute_or(file, first_path, "description"));
    json.key("day").begin_array();
    for (const auto t : shown) json.value(static_cast<std::int64_t>(t));
    json.end_array();
    json.key("empty_arm_scenarios").begin_array();
    for (const auto& scenario : empty_arms) json.value(scenario);
    json.end_array();
    json.key("scenarios").begin_array();
    for (const auto& [scenario, path] : drawn) {
      auto kept = shown;
      const auto series = file.read_matrix(path);
      std::erase_if(kept, [&](std::size_t t) { return t >= series.cols; });
      write_band(json, scenario, series, kept);
    }
    json.end_array().end_object();
  }
  json.end_array();
  json.key("tables").begin_array();
  for (const auto& group : finds.tables) write_table(json, file, group, options);
  json.end_array();
}

// Mean outcome over the design points whose unit coordinate of parameter j is in the lowest
// and in the highest fifth: a one-way swing read off the global design (for the tornado).
std::pair<double, double> swing(const SweepData& sweep, const std::vector<double>& outcome, std::size_t j) {
  double low_sum = 0, high_sum = 0;
  std::size_t low_n = 0, high_n = 0;
  for (std::size_t p = 0; p < sweep.points(); ++p) {
    const double u = sweep.design_unit.at(p, j);
    if (!std::isfinite(outcome[p])) continue;
    if (u <= 0.2) low_sum += outcome[p], ++low_n;
    if (u >= 0.8) high_sum += outcome[p], ++high_n;
  }
  const double nan = std::nan("");
  return {low_n ? low_sum / static_cast<double>(low_n) : nan, high_n ? high_sum / static_cast<double>(high_n) : nan};
}

void write_sweeps(JsonWriter& json, const sim::Hdf5File& file, const std::filesystem::path& path) {
  json.key("sweeps").begin_array();
  if (!file.exists("/sweeps")) {
    json.end_array();
    return;
  }
  for (const auto& sweep : load_sweeps(path)) {
    std::optional<std::pair<std::string, std::string>> compare;
    if (sweep.scenarios.size() >= 2) compare.emplace(sweep.scenarios[0], sweep.scenarios[1]);
    const auto analysis = analyze_sweep(sweep, compare, BootstrapOptions{});
    json.begin_object()
        .field("name", sweep.name)
        .field("method", std::string(design_method_name(sweep.method)))
        .field("points", static_cast<std::int64_t>(sweep.points()))
        .field("replicates", sweep.replicates)
        .field("seed", sweep.seed);
    json.key("parameters").begin_array();
    for (std::size_t j = 0; j < sweep.parameters.size(); ++j) {
      const auto& d = sweep.distributions[j];
      json.begin_object()
          .field("name", sweep.parameters[j])
          .field("distribution", std::string(distribution_name(d.kind)))
          .field("low", d.low)
          .field("high", d.high)
          .end_object();
    }
    json.end_array();
    json.key("scenarios").strings(sweep.scenarios);
    json.key("outcomes").strings(sweep.outcomes);
    json.key("statistics").strings(sweep.statistics);
    json.key("indices").begin_array();
    for (const auto& row : analysis.rows) {
      json.begin_object()
          .field("scenario", row.scenario)
          .field("outcome", row.outcome)
          .field("parameter", row.parameter)
          .field("S1", row.first_order.value)
          .field("S1_ci_low", row.first_order.ci_low)
          .field("S1_ci_high", row.first_order.ci_high)
          .field("ST", row.total.value)
          .field("ST_ci_low", row.total.ci_low)
          .field("ST_ci_high", row.total.ci_high)
          .field("mu_star", row.mu_star)
          .field("prcc", row.prcc.coefficient)
          .field("prcc_p_value", row.prcc.p_value)
          .end_object();
    }
    json.end_array();
    json.key("tornado").begin_array();
    for (std::size_t s = 0; s < sweep.scenarios.size(); ++s) {
      for (std::size_t o = 0; o < sweep.outcomes.size(); ++o) {
        const auto means = sweep.point_means(s, o);
        double overall = 0;
        for (const double m : means) overall += m;
        overall /= static_cast<double>(std::max<std::size_t>(1, means.size()));
        for (std::size_t j = 0; j < sweep.parameters.size(); ++j) {
          const auto [low, high] = swing(sweep, means, j);
          json.begin_object()
              .field("scenario", sweep.scenarios[s])
              .field("outcome", sweep.outcomes[o])
              .field("parameter", sweep.parameters[j])
              .field("overall", overall)
              .field("low", low)
              .field("high", high)
              .end_object();
        }
      }
    }
    json.end_array();
    json.key("robustness").begin_array();
    for (const auto& row : analysis.robustness) {
      json.begin_object()
          .field("outcome", row.outcome)
          .field("better", std::string(preference_name(row.better)))
          .field("policy_a", analysis.compared->first)
          .field("policy_b", analysis.compared->second)
          .field("points", static_cast<std::int64_t>(row.result.points))
          .field("share_a_better", row.result.share_a_better)
          .field("ci_low", row.result.ci_low)
          .field("ci_high", row.result.ci_high)
          .end_object();
    }
    json.end_array().end_object();
  }
  json.end_array();
}

// The weighted posterior sample of each parameter as a histogram over its prior range.
std::vector<double> weighted_histogram(const sim::Matrix& sample, std::size_t column, const std::vector<double>& weights,
                                       double low, double high, std::size_t bins) {
  std::vector<double> mass(bins, 0.0);
  for (std::size_t r = 0; r < sample.rows; ++r) {
    const double x = (sample.at(r, column) - low) / (high - low);
    const auto bin = static_cast<std::size_t>(std::clamp(x, 0.0, 1.0) * static_cast<double>(bins));
    mass[std::min(bin, bins - 1)] += weights[r];
  }
  return mass;
}

void write_calibrations(JsonWriter& json, const sim::Hdf5File& file) {
  constexpr std::size_t kBins = 20;
  json.key("calibrations").begin_array();
  if (!file.exists("/calibrations")) {
    json.end_array();
    return;
  }
  for (const auto& name : file.children("/calibrations")) {
    const std::string group = "/calibrations/" + name;
    const auto parameters = file.read_strings(group + "/parameters");
    const auto priors = file.read_strings(group + "/prior");
    const auto low = file.read_matrix(group + "/prior_low").values;
    const auto high = file.read_matrix(group + "/prior_high").values;
    const auto accepted = file.read_matrix(group + "/accepted");
    const auto weights = file.read_matrix(group + "/weights").values;
    json.begin_object()
        .field("name", name)
        .field("base", attribute_or(file, group, "base"))
        .field("method", attribute_or(file, group, "method"))
        .field("generations", attribute_or(file, group, "generations"))
        .field("accepted", static_cast<std::int64_t>(accepted.rows));
    json.key("parameters").begin_array();
    for (std::size_t j = 0; j < parameters.size(); ++j) {
      json.begin_object()
          .field("name", parameters[j])
          .field("prior", priors.at(j))
          .field("low", low.at(j))
          .field("high", high.at(j));
      for (const char* statistic : {"mean", "sd", "q025", "median", "q975"}) {
        json.field(statistic, file.read_matrix(group + "/posterior_summary/" + statistic).values.at(j));
      }
      json.key("histogram").numbers(weighted_histogram(accepted, j, weights, low[j], high[j], kBins));
      json.end_object();
    }
    json.end_array();
    json.key("targets").begin_array();
    const auto statistics = file.read_strings(group + "/targets/statistic");
    const auto values = file.read_matrix(group + "/targets/value").values;
    const auto scales = file.read_matrix(group + "/targets/scale").values;
    const auto posterior = file.read_matrix(group + "/posterior_statistics").values;
    for (std::size_t k = 0; k < statistics.size(); ++k) {
      json.begin_object()
          .field("statistic", statistics[k])
          .field("value", values.at(k))
          .field("scale", scales.at(k))
          .field("posterior", posterior.at(k))
          .end_object();
    }
    json.end_array();
    json.key("epsilons").numbers(file.read_matrix(group + "/epsilons").values);
    json.end_object();
  }
  json.end_array();
}

// 1-D numbers at `path`, or nothing when the file lacks them (the decision layout grows).
std::vector<double> numbers_or_empty(const sim::Hdf5File& file, const std::string& path) {
  return file.exists(path) ? file.read_matrix(path).values : std::vector<double>{};
}

// /decisions/<name>/ as `rapport decide` writes it (docs/DECISION.md): the summary per policy,
// acceptability curves, EVPPI per parameter and group, and the tornado of net-benefit swings.
void write_decisions(JsonWriter& json, const sim::Hdf5File& file) {
  json.key("decisions").begin_array();
  if (!file.exists("/decisions")) {
    json.end_array();
    return;
  }
  for (const auto& name : file.children("/decisions")) {
    const std::string root = "/decisions/" + name;
    if (!file.exists(root + "/policies")) continue;
    const auto parameters =
        file.exists(root + "/parameters") ? file.read_strings(root + "/parameters") : std::vector<std::string>{};
    json.begin_object()
        .field("name", name)
        .field("description", attribute_or(file, root, "description"))
        .field("draws", attribute_or(file, root, "draws"))
        .field("summary_text", attribute_or(file, root + "/summary", "text"))
        .field("optimal", attribute_or(file, root + "/summary", "optimal"));
    json.key("policies").strings(file.read_strings(root + "/policies"));
    json.key("parameters").strings(parameters);
    for (const char* column : {"expected_net_benefit", "expected_ci_low", "expected_ci_high", "probability_best"}) {
      json.key(column).numbers(numbers_or_empty(file, root + "/summary/" + column));
    }
    json.key("willingness_to_pay").numbers(numbers_or_empty(file, root + "/acceptability/willingness_to_pay"));
    json.key("acceptability").numbers(numbers_or_empty(file, root + "/acceptability/probability_best"));
    json.key("evppi").numbers(numbers_or_empty(file, root + "/evppi/parameter"));
    json.key("group_names");
    json.strings(file.exists(root + "/evppi/group_names") ? file.read_strings(root + "/evppi/group_names")
                                                           : std::vector<std::string>{});
    json.key("group_evppi").numbers(numbers_or_empty(file, root + "/evppi/group"));
    const std::string tornado = root + "/tornado";
    json.field("tornado_base", file.exists(tornado) ? attribute_or(file, tornado, "base_optimal") : "");
    json.field("tornado_base_increment", real_attribute_or_nan(file, tornado, "base_increment"));
    for (const char* column : {"parameter", "at_low", "at_high", "low_value", "high_value"}) {
      json.key(std::string("tornado_") + column).numbers(numbers_or_empty(file, tornado + "/" + column));
    }
    json.end_object();
  }
  json.end_array();
}

}  // namespace

std::string report_json(const std::filesystem::path& path, const ReportOptions& options) {
  if (!std::filesystem::exists(path)) throw ResultsFileError(path.string() + ": no such file");
  // Scenario files go through the checked loader (which first reads them in a separate process).
  std::optional<Results> results;
  {
    const sim::Hdf5File probe(path, sim::Hdf5File::Mode::kReadOnly);
    check_rapport_file(probe, "/", "file");
    if (probe.exists("/scenarios")) results = load_results(path);
  }
  const sim::Hdf5File file(path, sim::Hdf5File::Mode::kReadOnly);
  try {
    const ScenarioResults* baseline = nullptr;
    std::optional<std::string> problem;
    if (results) {
      if (options.baseline) {
        baseline = &results->scenario(*options.baseline);
      } else if (std::any_of(results->scenarios.begin(), results->scenarios.end(),
                             [](const auto& s) { return s.name == kDefaultBaseline; })) {
        baseline = &results->scenario(kDefaultBaseline);
      }
      if (baseline) problem = first_pairing_problem(*results, *baseline);
      if (problem && options.baseline) throw AnalysisInputError(*problem);
      if (problem) baseline = nullptr;
    }

    JsonWriter json;
    json.begin_object()
        .field("file", path.filename().string())
        .field("format_version", file.integer_attribute("/", "format_version"))
        .field("rapport_version", attribute_or(file, "/", "rapport_version", "unknown"))
        .field("created", attribute_or(file, "/", "created"))
        .field("command", attribute_or(file, "/", "command"))
        .field("generator", options.generator);
    json.key("baseline");
    baseline ? json.value(baseline->name) : json.null();
    json.key("pairing_problem");
    problem ? json.value(*problem) : json.null();
    json.key("scenarios").begin_array();
    if (results) {
      for (const auto& s : results->scenarios) write_scenario_description(json, s);
    }
    json.end_array();
    if (results) {
      write_metrics(json, file, *results, baseline, options);
    } else {
      json.key("metrics").begin_array().end_array();
    }
    write_generic(json, file, results ? &*results : nullptr, options);
    write_sweeps(json, file, path);
    write_calibrations(json, file);
    write_decisions(json, file);
    json.end_object();
    return json.text();
  } catch (const sim::Hdf5Error& e) {
    throw ResultsFileError(path.string() + ": cannot read: " + e.what());
  }
}

}  // namespace rapport::analysis
