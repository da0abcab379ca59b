#include "models/results_writer.hpp"

#include "models/results_by_year.hpp"

#include <numeric>

#include "sim/hdf5_file.hpp"

namespace rapport::models {
namespace {

// Stacks one column of every replicate's physician table into [replicates, physicians].
template <class Column>
sim::Matrix stack(const std::vector<RunResult>& runs, Column column) {
  sim::Matrix m;
  m.rows = runs.size();
  m.cols = column(runs.front().physicians).size();
  for (const auto& run : runs) {
    const auto& values = column(run.physicians);
    m.values.insert(m.values.end(), values.begin(), values.end());
  }
  return m;
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
  file.set_attribute(group + "/day", "units", std::string("days since the start of the run"));

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
  std::vector<std::string> policy, specialty;
  for (const auto& run : replicates) {
    policy.insert(policy.end(), run.physicians.policy.begin(), run.physicians.policy.end());
    specialty.insert(specialty.end(), run.physicians.specialty.begin(), run.physicians.specialty.end());
  }
  file.write_strings(table + "/policy", replicates.size(), n_physicians, policy);
  file.write_strings(table + "/specialty", replicates.size(), n_physicians, specialty);
  const struct {
    const char* name;
    const char* units;
    std::vector<double> PhysicianTable::*column;
  } columns[] = {
      {"findable", "1 if the physician has a personal social-media presence", &PhysicianTable::findable},
      {"panel_size", "patients", &PhysicianTable::panel_size},
      {"requests_received", "requests over the run", &PhysicianTable::requests_received},
      {"minutes_per_day", "mean message minutes per day", &PhysicianTable::minutes_per_day},
      {"overtime_minutes", "overtime message minutes over the run", &PhysicianTable::overtime_minutes},
      {"breaches", "breaches over the run", &PhysicianTable::breaches},
      {"complaints", "complaints over the run", &PhysicianTable::complaints},
      {"personal_friends", "patients linked as personal friends at the end", &PhysicianTable::personal_friends},
      {"page_followers", "patients following the professional page at the end", &PhysicianTable::page_followers},
      {"portal_users", "patients enrolled in the portal at the end", &PhysicianTable::portal_users},
  };
  for (const auto& c : columns) {
    const std::string path = table + "/" + c.name;
    file.write_matrix(path, stack(replicates, [&](const PhysicianTable& t) -> const auto& { return t.*(c.column); }));
    file.set_attribute(path, "units", std::string(c.units));
  }
  file.set_attribute(table, "description",
                     std::string("end-of-run table, one row per replicate and one column per physician"));

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
  file.set_attribute(distributions + "/trust", "units", std::string("patients per bin at the end of the run"));
  file.set_attribute(distributions + "/adherence", "units", std::string("patients per bin at the end of the run"));
}

}  // namespace rapport::models
