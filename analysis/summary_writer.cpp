#include "analysis/summary_writer.hpp"

#include "sim/hdf5_file.hpp"

namespace rapport::analysis {
namespace {

void write_scenario_summary(sim::Hdf5File& file, const ScenarioResults& scenario,
                            const std::vector<const MetricSummary*>& rows, const std::optional<std::string>& baseline) {
  const std::string group = "/scenarios/" + scenario.name + "/summary";
  file.remove(group);
  file.create_group(group);
  file.set_attribute(group, "confidence_level", kConfidenceLevel);
  file.set_attribute(group, "description",
                     std::string("one row per metric: statistic across replicates (final_day or run_total), "
                                 "Student-t interval; see docs/ANALYSIS.md"));

  std::vector<std::string> metric, statistic;
  std::vector<std::int64_t> n;
  std::vector<double> mean, sd, ci_low, ci_high, diff_mean, diff_ci_low, diff_ci_high, p_value;
  for (const auto* row : rows) {
    metric.push_back(row->metric);
    statistic.emplace_back(statistic_name(row->statistic));
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
    }
  }
  file.write_strings(group + "/metric", metric);
  file.write_strings(group + "/statistic", statistic);
  file.write_vector(group + "/n", n);
  file.write_vector(group + "/mean", mean);
  file.write_vector(group + "/sd", sd);
  file.write_vector(group + "/ci_low", ci_low);
  file.write_vector(group + "/ci_high", ci_high);
  if (baseline) {
    file.set_attribute(group, "baseline", *baseline);
    file.write_vector(group + "/diff_mean", diff_mean);
    file.write_vector(group + "/diff_ci_low", diff_ci_low);
    file.write_vector(group + "/diff_ci_high", diff_ci_high);
    file.write_vector(group + "/p_value", p_value);
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

}  // namespace

void write_summaries(sim::Hdf5File& file, const Results& results, const std::vector<MetricSummary>& summaries,
                     const std::optional<std::string>& baseline) {
  for (const auto& scenario : results.scenarios) {
    std::vector<const MetricSummary*> rows;
    for (const auto& s : summaries) {
      if (s.scenario == scenario.name) rows.push_back(&s);
    }
    write_scenario_summary(file, scenario, rows, baseline);
  }
}

void store_summaries(const Results& results, const std::vector<MetricSummary>& summaries,
                     const std::optional<std::string>& baseline) {
  edit_file_atomically(results.path, [&](sim::Hdf5File& file) { write_summaries(file, results, summaries, baseline); });
}

}  // namespace rapport::analysis
