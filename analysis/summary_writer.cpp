#include "analysis/summary_writer.hpp"

#include "sim/hdf5_columns.hpp"

namespace rapport::analysis {
namespace {

using sim::Column;

void write_rate(sim::Hdf5File& file, const std::string& group, const std::string& name,
                const std::vector<const RareEventRisk*>& rows, RateWithInterval RareEventRisk::*rate) {
  const std::string low = name + "_ci_low", high = name + "_ci_high";
  sim::write_columns(file, group, rows, Column{name, [&](const RareEventRisk* r) { return (r->*rate).value; }},
                     Column{low, [&](const RareEventRisk* r) { return (r->*rate).low; }},
                     Column{high, [&](const RareEventRisk* r) { return (r->*rate).high; }});
}

void write_scenario_risks(sim::Hdf5File& file, const std::string& group, const std::vector<const RareEventRisk*>& rows,
                          double career_years) {
  file.create_group(group);
  file.set_attribute(group, "confidence_level", kConfidenceLevel);
  file.set_attribute(group, "career_years", career_years);
  file.set_attribute(group, "description",
                     std::string("one row per rare event count: total events over replicates, exposures, rates "
                                 "and career probability with exact Poisson (Garwood) intervals; see docs/ANALYSIS.md"));
  using Risk = RareEventRisk;
  sim::write_columns(file, group, rows, Column{"metric", &Risk::metric}, Column{"events", &Risk::events},
                     Column{"replicate_years", &Risk::replicate_years},
                     Column{"physician_years", &Risk::physician_years}, Column{"requests", &Risk::requests});
  write_rate(file, group, "per_replicate_year", rows, &Risk::per_replicate_year);
  write_rate(file, group, "per_1000_physician_years", rows, &Risk::per_1000_physician_years);
  write_rate(file, group, "per_1000_requests", rows, &Risk::per_1000_requests);
  write_rate(file, group, "career_probability", rows, &Risk::career_probability);
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

  using Row = const MetricSummary*;
  sim::write_columns(file, group, rows, Column{"metric", &MetricSummary::metric},
                     Column{"statistic", [](Row r) { return statistic_name(r->statistic); }},
                     Column{"n", [](Row r) { return r->across_replicates.n; }},
                     Column{"mean", [](Row r) { return r->across_replicates.mean; }},
                     Column{"sd", [](Row r) { return r->across_replicates.sd; }},
                     Column{"ci_low", [](Row r) { return r->across_replicates.ci_low; }},
                     Column{"ci_high", [](Row r) { return r->across_replicates.ci_high; }},
                     Column{"interval", [](Row r) { return interval_method_name(r->interval); }},
                     Column{"mid", &MetricSummary::minimum_important_difference});
  if (baseline) {
    file.set_attribute(group, "baseline", *baseline);
    std::vector<Row> compared;  // the rows compared with the baseline
    for (const Row row : rows) {
      if (row->versus_baseline) compared.push_back(row);
    }
    sim::write_columns(file, group, compared,
                       Column{"diff_mean", [](Row r) { return r->versus_baseline->difference.mean; }},
                       Column{"diff_ci_low", [](Row r) { return r->versus_baseline->difference.ci_low; }},
                       Column{"diff_ci_high", [](Row r) { return r->versus_baseline->difference.ci_high; }},
                       Column{"p_value", [](Row r) { return r->versus_baseline->p_value; }},
                       Column{"diff_interval", [](Row r) { return interval_method_name(r->difference_interval); }},
                       Column{"below_mid", &MetricSummary::below_minimum_important_difference});
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

void write_requester_effects(sim::Hdf5File& file, const std::string& group,
                             const std::vector<const RequesterEffect*>& rows, const std::string& baseline) {
  file.create_group(group);
  file.set_attribute(group, "baseline", baseline);
  file.set_attribute(group, "confidence_level", kConfidenceLevel);
  file.set_attribute(group, "description",
                     std::string("one row per outcome: change in population totals against the baseline per "
                                 "requester, in total, direct (the requesters) and spill-over (everyone else), "
                                 "t-intervals over paired replicates; see docs/ANALYSIS.md"));
  std::vector<std::string> outcome;
  std::vector<double> requesters, shared, page_followers;
  for (const auto* row : rows) {
    outcome.push_back(row->outcome);
    requesters.push_back(row->requesters);
    shared.push_back(row->shared_first_requests);
    page_followers.push_back(row->page_followers);
  }
  file.write_strings(group + "/outcome", outcome);
  file.write_vector(group + "/requesters", requesters);
  file.write_vector(group + "/shared_first_requests", shared);
  file.write_vector(group + "/page_followers", page_followers);
  for (const auto& [name, part] : {std::pair{"total", &RequesterEffect::total}, std::pair{"direct", &RequesterEffect::direct},
                                   std::pair{"spillover", &RequesterEffect::spillover}}) {
    std::vector<double> mean, low, high;
    for (const auto* row : rows) {
      mean.push_back((row->*part).mean);
      low.push_back((row->*part).ci_low);
      high.push_back((row->*part).ci_high);
    }
    file.write_vector(group + "/" + name, mean);
    file.write_vector(group + "/" + name + "_ci_low", low);
    file.write_vector(group + "/" + name + "_ci_high", high);
  }
}

void write_workload(sim::Hdf5File& file, const std::string& group, const std::vector<const WorkloadSummary*>& rows) {
  file.create_group(group);
  file.set_attribute(group, "confidence_level", kConfidenceLevel);
  file.set_attribute(group, "description",
                     std::string("one row per measure and physician group (all, findable): the group's mean per "
                                 "physician, across replicates with a t-interval raised to 0; minutes per workday "
                                 "are per calendar day x 7/5; see docs/ANALYSIS.md"));
  using Row = const WorkloadSummary*;
  sim::write_columns(file, group, rows, Column{"measure", &WorkloadSummary::measure},
                     Column{"physicians", &WorkloadSummary::physicians}, Column{"units", &WorkloadSummary::units},
                     Column{"physicians_per_replicate", &WorkloadSummary::physicians_per_replicate},
                     Column{"n", [](Row r) { return r->across_replicates.n; }},
                     Column{"mean", [](Row r) { return r->across_replicates.mean; }},
                     Column{"sd", [](Row r) { return r->across_replicates.sd; }},
                     Column{"ci_low", [](Row r) { return r->across_replicates.ci_low; }},
                     Column{"ci_high", [](Row r) { return r->across_replicates.ci_high; }});
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

StoredSummary summary_to_store(const Results& results, const std::optional<std::string>& baseline,
                               const MidOverrides& mid, double career_years) {
  StoredSummary stored{summarize(results, baseline, {}, mid), baseline, physician_risks(results, career_years),
                       career_years, {}, physician_workload(results)};
  if (baseline) stored.requester_effects = requester_effects(results, *baseline);
  return stored;
}

void write_summaries(sim::Hdf5File& file, const Results& results, const StoredSummary& stored) {
  for (const auto& scenario : results.scenarios) {
    write_scenario_summary(file, scenario, rows_of(stored.summaries, scenario.name), stored.baseline);
    if (const auto risks = rows_of(stored.risks, scenario.name); !risks.empty()) {
      write_scenario_risks(file, "/scenarios/" + scenario.name + "/summary/risk", risks, stored.career_years);
    }
    if (const auto workload = rows_of(stored.workload, scenario.name); !workload.empty()) {
      write_workload(file, "/scenarios/" + scenario.name + "/summary/workload", workload);
    }
    if (const auto effects = rows_of(stored.requester_effects, scenario.name); !effects.empty()) {
      write_requester_effects(file, "/scenarios/" + scenario.name + "/summary/requester_effects", effects,
                              *stored.baseline);
    }
  }
}

void store_summaries(const Results& results, const StoredSummary& stored, const std::function<void()>& check_stop) {
  edit_file_atomically(
      results.path, [&](sim::Hdf5File& file) { write_summaries(file, results, stored); }, check_stop);
}

}  // namespace rapport::analysis
