#include "analysis/sensitivity/sweep_data.hpp"

#include <optional>
#include <stdexcept>

#include "analysis/results_reader.hpp"
#include "sim/hdf5_columns.hpp"

namespace rapport::analysis {
namespace {

std::vector<double> read_doubles(const sim::Hdf5File& file, const std::string& path) {
  return file.read_matrix(path).values;
}

DesignMethod parse_method(const std::string& text, const std::string& where) {
  for (const auto m : {DesignMethod::kSobol, DesignMethod::kMorris, DesignMethod::kLatinHypercube, DesignMethod::kGrid}) {
    if (text == design_method_name(m)) return m;
  }
  throw ResultsFileError(where + ": unknown design method '" + text + "'");
}

DistributionKind parse_distribution(const std::string& text, const std::string& where) {
  for (const auto d : {DistributionKind::kUniform, DistributionKind::kLogUniform, DistributionKind::kNormalTruncated}) {
    if (text == distribution_name(d)) return d;
  }
  throw ResultsFileError(where + ": unknown distribution '" + text + "'");
}

SweepData read_sweep(const sim::Hdf5File& file, const std::string& name) {
  const std::string group = sweep_group(name);
  SweepData s;
  s.name = name;
  s.sweep_toml = file.string_attribute(group, "sweep_toml");
  s.method = parse_method(file.string_attribute(group, "method"), group);
  s.samples = static_cast<std::size_t>(file.integer_attribute(group, "samples"));
  s.levels = static_cast<std::size_t>(file.integer_attribute(group, "levels"));
  s.replicates = file.integer_attribute(group, "replicates");
  s.seed = file.integer_attribute(group, "seed");
  s.parameters = file.read_strings(group + "/parameters");
  const auto kinds = file.read_strings(group + "/distribution");
  const auto low = read_doubles(file, group + "/low"), high = read_doubles(file, group + "/high");
  const auto mean = read_doubles(file, group + "/mean"), sd = read_doubles(file, group + "/sd");
  for (std::size_t j = 0; j < s.parameters.size(); ++j) {
    s.distributions.push_back({parse_distribution(kinds.at(j), group), low.at(j), high.at(j), mean.at(j), sd.at(j)});
  }
  s.design = file.read_matrix(group + "/design");
  s.design_unit = file.read_matrix(group + "/design_unit");
  s.scenarios = file.read_strings(group + "/scenarios");
  s.base_configs = file.read_strings(group + "/base_configs");
  s.outcomes = file.read_strings(group + "/outcome_names");
  s.statistics = file.read_strings(group + "/outcome_statistics");
  for (std::size_t sc = 0; sc < s.scenarios.size(); ++sc) {
    auto& by_outcome = s.values.emplace_back();
    for (const auto& outcome : s.outcomes) {
      auto values = file.read_matrix(s.outcome_group(sc) + "/" + outcome);
      if (values.rows != s.points()) throw ResultsFileError(group + ": " + outcome + " is not [points, replicates]");
      by_outcome.push_back(std::move(values));
    }
  }
  return s;
}

}  // namespace

UnitDesign SweepData::unit_design() const {
  return {method, design_unit, method == DesignMethod::kMorris ? 0 : samples,
          method == DesignMethod::kMorris ? samples : 0, levels};
}

std::string SweepData::outcome_group(std::size_t scenario) const {
  const std::string outcomes_group = sweep_group(name) + "/outcomes";
  return scenarios.size() == 1 ? outcomes_group : outcomes_group + "/" + scenarios[scenario];
}

std::vector<double> SweepData::point_means(std::size_t scenario, std::size_t outcome) const {
  const auto& m = values.at(scenario).at(outcome);
  std::vector<double> means(m.rows, 0.0);
  for (std::size_t p = 0; p < m.rows; ++p) {
    for (std::size_t r = 0; r < m.cols; ++r) means[p] += m.at(p, r);
    means[p] /= static_cast<double>(m.cols);
  }
  return means;
}

void write_sweep(sim::Hdf5File& file, const SweepData& s) {
  const std::string group = sweep_group(s.name);
  file.create_group(group);
  file.set_attribute(group, "sweep_toml", s.sweep_toml);
  file.set_attribute(group, "method", std::string(design_method_name(s.method)));
  file.set_attribute(group, "samples", static_cast<std::int64_t>(s.samples));
  file.set_attribute(group, "levels", static_cast<std::int64_t>(s.levels));
  file.set_attribute(group, "replicates", s.replicates);
  file.set_attribute(group, "seed", s.seed);
  file.set_attribute(group, "points", static_cast<std::int64_t>(s.points()));
  file.set_attribute(group, "description",
                     std::string("design [points, parameters] and per-replicate outcome statistics "
                                 "[points, replicates]; see docs/SENSITIVITY.md"));

  file.write_strings(group + "/parameters", s.parameters);
  using sim::Column;
  sim::write_columns(file, group, s.distributions,
                     Column{"distribution", [](const Distribution& d) { return distribution_name(d.kind); }},
                     Column{"low", &Distribution::low}, Column{"high", &Distribution::high},
                     Column{"mean", &Distribution::mean}, Column{"sd", &Distribution::sd});
  file.write_matrix(group + "/design", s.design);
  file.write_matrix(group + "/design_unit", s.design_unit);
  file.write_strings(group + "/scenarios", s.scenarios);
  file.write_strings(group + "/base_configs", s.base_configs);
  file.write_strings(group + "/outcome_names", s.outcomes);
  file.write_strings(group + "/outcome_statistics", s.statistics);
  for (std::size_t sc = 0; sc < s.scenarios.size(); ++sc) {
    for (std::size_t o = 0; o < s.outcomes.size(); ++o) {
      const std::string path = s.outcome_group(sc) + "/" + s.outcomes[o];
      file.write_matrix(path, s.values[sc][o]);
      file.set_attribute(path, "statistic", s.statistics[o]);
      if (s.scenarios.size() > 1) file.set_attribute(path, "scenario", s.scenarios[sc]);
    }
  }
}

namespace {

std::vector<SweepData> read_sweeps(const std::filesystem::path& path) {
  std::optional<sim::Hdf5File> opened;
  try {
    opened.emplace(path, sim::Hdf5File::Mode::kReadOnly);
  } catch (const sim::Hdf5Error&) {
    throw ResultsFileError(path.string() + ": not a rapport sweep file (not readable as HDF5)");
  }
  try {
    check_rapport_file(*opened, "/sweeps", "sweep file (written by `rapport sweep`)");
    std::vector<SweepData> sweeps;
    for (const auto& name : opened->children("/sweeps")) sweeps.push_back(read_sweep(*opened, name));
    if (sweeps.empty()) throw ResultsFileError(path.string() + ": the file holds no sweeps");
    return sweeps;
  } catch (const sim::Hdf5Error& e) {
    throw ResultsFileError(path.string() + ": cannot read the sweep: " + e.what());
  } catch (const std::out_of_range&) {
    throw ResultsFileError(path.string() + ": a sweep's parameter tables have different lengths");
  }
}

}  // namespace

std::vector<SweepData> load_sweeps(const std::filesystem::path& path) {
  read_first_in_a_separate_process(path, [&] { (void)read_sweeps(path); });
  return read_sweeps(path);
}

}  // namespace rapport::analysis
