#include "analysis/summary_writer.hpp"

#include "sim/hdf5_file.hpp"

namespace rapport::analysis {
namespace {

void write_rate(sim::Hdf5File& file, const std::string& path, const std::vector<const RareEventRisk*>& rows,
                RateWithInterval RareEventRisk::*rate) {
  std::vector<double> value, low, high;
  for (const auto* row : rows) {
    value.push_back((row->*rate).value);
    low.push_back((row->*rate).low);
    high.push_back((row->*rate).high);
  }
  file.write_vector(path, value);
  file.write_vector(path + "_ci_low", low);
  file.write_vector(path + "_ci_high", high);
}

void write_scenario_risks(sim::Hdf5File& file, const std::string& group, const std::vector<const RareEventRisk*>& rows,
                          double career_years) {
  file.create_group(group);
  file.set_attribute(group, "confidence_level", kConfidenceLevel);
  file.set_attribute(group, "career_years", career_years);
  file.set_attribute(group, "description",
                     std::string("one row per rare event count: total events over replicates, exposures, rates "
                                 "and career probability with exact Poisson (Garwood) intervals; see docs/ANALYSIS.md"));
  std::vector<std::string> metric;
  std::vector<double> events, replicate_years, physician_years, requests;
  for (const auto* row : rows) {
    metric.push_back(row->metric);
    events.push_back(row->events);
    replicate_years.push_back(row->replicate_years);
    physician_years.push_back(row->physician_years);
    requests.push_back(row->requests);
  }
  file.write_strings(group + "/metric", metric);
  file.write_vector(group + "/events", events);
  file.write_vector(group + "/replicate_years", replicate_years);
  file.write_vector(group + "/physician_years", physician_years);
  file.write_vector(group + "/requests", requests);
  write_rate(file, group + "/per_replicate_year", rows, &RareEventRisk::per_replicate_year);
  write_rate(file, group + "/per_1000_physician_years", rows, &RareEventRisk::per_1000_physician_years);
  write_rate(file, group + "/per_1000_requests", rows, &RareEventRisk::per_1000_requests);
  write_rate(file, group + "/career_probability", rows, &RareEventRisk::career_probability);
}

void write_scenario_summary(sim::Hdf5File& file, const ScenarioResults& scenario,
                            const std::vector<const MetricSummary*>& rows, const std::optional<std::string>& baseline) {
  const std::string group = "/scenarios/" + scenario.name + "/summary";
  file.remove(group);
  file.create_group(group);
  file.set_attribute(group, "confidence_level", kConfidenceLevel);
  file.set_attribute(group, "description",
                     std::string("one row per metric: statistic across replicates (final_day, daily_mean or "
                                 "per_replicate_year) with the interval named in `interval`; see docs/ANALYSIS.md"));

  std::vector<std::string> metric, statistic, interval, diff_interval;
  std::vector<std::int64_t> n, below_mid;
  std::vector<double> mean, sd, ci_low, ci_high, mid, diff_mean, diff_ci_low, diff_ci_high, p_value;
  for (const auto* row : rows) {
    metric.push_back(row->metric);
    statistic.emplace_back(statistic_name(row->statistic));
    interval.emplace_back(interval_method_name(row->interval));
    mid.push_back(row->minimum_important_difference);
    const auto& s = row->across_replicates;
    n.push_back(static_cast<std::int64_t>(s.n));
    mean.push_back(s.mean);
    sd.push_back(s.sd);
    ci_low.push_back(s.ci_low);
    ci_high.push_back(s.ci_high);
    if (row->versus_baseline) {
      const auto& d = row->versus_baseline->difference;
      diff_mean.push_back(d.mean);
      diff_ci_low.push_back(d.ci_low);
      diff_ci_high.push_back(d.ci_high);
      p_value.push_back(row->versus_baseline->p_value);
      diff_interval.emplace_back(interval_method_name(row->difference_interval));
      below_mid.push_back(row->below_minimum_important_difference ? 1 : 0);
    }
  }
  file.write_strings(group + "/metric", metric);
  file.write_strings(group + "/statistic", statistic);
  file.write_vector(group + "/n", n);
  file.write_vector(group + "/mean", mean);
  file.write_vector(group + "/sd", sd);
  file.write_vector(group + "/ci_low", ci_low);
  file.write_vector(group + "/ci_high", ci_high);
  file.write_strings(group + "/interval", interval);
  file.write_vector(group + "/mid", mid);
  if (baseline) {
    file.set_attribute(group, "baseline", *baseline);
    file.write_vector(group + "/diff_mean", diff_mean);
    file.write_vector(group + "/diff_ci_low", diff_ci_low);
    file.write_vector(group + "/diff_ci_high", diff_ci_high);
    file.write_vector(group + "/p_value", p_value);
    file.write_strings(group + "/diff_interval", diff_interval);
    file.write_vector(group + "/below_mid", below_mid);
  }

  for (const auto& series : scenario.metrics) {
    const auto band = daily_band(series.values);
    sim::Matrix rows_by_day{3, band.mean.size(), {}};
    for (const auto* row : {&band.mean, &band.low, &band.high}) {
      rows_by_day.values.insert(rows_by_day.values.end(), row->begin(), row->end());
    }
    const std::string path = group + "/bands/" + series.name;
    file.write_matrix(path, rows_by_day);
    file.set_attribute(path, "rows", std::string("mean, ci_low, ci_high across replicates, per day"));
  }
}

template <typename Item>
std::vector<const Item*> rows_of(const std::vector<Item>& items, const std::string& scenario) {
  std::vector<const Item*> rows;
  for (const auto& item : items) {
    if (item.scenario == scenario) rows.push_back(&item);
  }
  return rows;
}

}  // namespace

void write_summaries(sim::Hdf5File& file, const Results& results, const StoredSummary& stored) {
  for (const auto& scenario : results.scenarios) {
    write_scenario_summary(file, scenario, rows_of(stored.summaries, scenario.name), stored.baseline);
    if (const auto risks = rows_of(stored.risks, scenario.name); !risks.empty()) {
      write_scenario_risks(file, "/scenarios/" + scenario.name + "/summary/risk", risks, stored.career_years);
    }
  }
}

void store_summaries(const Results& results, const StoredSummary& stored, const std::function<void()>& check_stop) {
  edit_file_atomically(
      results.path, [&](sim::Hdf5File& file) { write_summaries(file, results, stored); }, check_stop);
}

}  // namespace rapport::analysis
