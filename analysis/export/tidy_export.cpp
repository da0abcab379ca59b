#include "analysis/export/tidy_export.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>

#include "analysis/number_format.hpp"
#include "analysis/results_reader.hpp"
#include "analysis/sensitivity/sweep_data.hpp"
#include "sim/hdf5_file.hpp"

namespace rapport::analysis {
namespace {

using ObjectKind = sim::Hdf5File::ObjectKind;

std::string attribute_text(const sim::Hdf5File& file, const std::string& object, const std::string& name) {
  if (!file.has_attribute(object, name)) return "";
  try {
    return file.string_attribute(object, name);
  } catch (const sim::Hdf5Error&) {
    return "";
  }
}

class CsvFile {
 public:
  CsvFile(const std::filesystem::path& path, const std::vector<std::string>& header) : path_(path), out_(path) {
    if (!out_) throw sim::Hdf5Error(path.string() + ": cannot create");
    row(header);
  }
  void row(const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) out_ << (i ? "," : "") << csv_field(fields[i]);
    out_ << '\n';
  }
  void close() {
    out_.close();
    if (!out_) throw sim::Hdf5Error(path_.string() + ": cannot write (disk full?)");
  }

 private:
  std::filesystem::path path_;
  std::ofstream out_;
};

struct DictionaryEntry {
  std::string table, column, metric, units, description;
};

// One column of a [replicates, N] table: strings or numbers, row-major.
struct Column {
  std::string name;
  std::vector<std::string> text;  // strings or round-trip numbers
};

Column read_column(const sim::Hdf5File& file, const std::string& path) {
  Column column{path.substr(path.rfind('/') + 1), {}};
  if (file.read_raw(path).type.rfind("string", 0) == 0) {
    column.text = file.read_strings(path);
  } else {
    for (const double v : file.read_matrix(path).values) column.text.push_back(round_trip(v));
  }
  return column;
}

// Daily series outside metrics/ and per-row tables of every scenario, found by shape.
struct ScenarioParts {
  std::vector<std::pair<std::string, std::string>> daily;  // (name inside the scenario, path)
  std::map<std::string, std::vector<std::string>> tables;  // table name -> column paths
};

void find_parts(const sim::Hdf5File& file, const std::string& scenario_group, const std::string& group,
                std::int64_t replicates, std::int64_t days, ScenarioParts& parts) {
  for (const auto& child : file.children(group)) {
    const std::string path = group + "/" + child;
    if (file.kind(path) == ObjectKind::kGroup) {
      find_parts(file, scenario_group, path, replicates, days, parts);
      continue;
    }
    if (file.kind(path) != ObjectKind::kDataset) continue;
    const auto shape = file.shape(path);
    if (shape.size() != 2 || shape[0] != static_cast<std::size_t>(replicates)) continue;
    std::string inner = path.substr(scenario_group.size() + 1);
    if (shape[1] == static_cast<std::size_t>(days)) {
      try {
        if (file.read_raw(path).type.rfind("string", 0) != 0) parts.daily.emplace_back(inner, path);
      } catch (const sim::Hdf5Error&) {  // variable-length data: not rapport's, left out
      }
    } else {
      auto table = group.substr(scenario_group.size() + 1);
      std::replace(table.begin(), table.end(), '/', '_');
      parts.tables[table].push_back(path);
    }
  }
}

void export_scenarios(const sim::Hdf5File& file, const Results& results, const std::filesystem::path& dir,
                      std::vector<std::string>& written, std::vector<DictionaryEntry>& dictionary) {
  CsvFile metrics(dir / "metrics.csv", {"scenario", "replicate", "day", "metric", "value"});
  std::map<std::string, std::optional<CsvFile>> tables;
  std::map<std::string, std::vector<std::string>> table_columns;
  std::vector<std::string> described;
  const auto describe = [&](const std::string& table, const std::string& column, const std::string& metric,
                            const std::string& path) {
    const auto key = table + "\n" + column + "\n" + metric;
    if (std::find(described.begin(), described.end(), key) != described.end()) return;
    described.push_back(key);
    dictionary.push_back({table, column, metric, attribute_text(file, path, "units"),
                          attribute_text(file, path, "description")});
  };
  dictionary.push_back({"metrics.csv", "scenario", "", "", "scenario name (its file's stem)"});
  dictionary.push_back({"metrics.csv", "replicate", "", "", "replicate index from 0; replicate r of every scenario "
                                                            "shares its population and random draws"});
  dictionary.push_back({"metrics.csv", "day", "", "days", "day of the run, from 0"});
  dictionary.push_back({"metrics.csv", "metric", "", "", "metric name; its units and meaning are in the rows below"});
  for (const auto& s : results.scenarios) {
    const std::string group = "/scenarios/" + s.name;
    ScenarioParts parts;
    for (const auto& child : file.children(group)) {
      if (child == "summary" || child == "distributions") continue;
      if (file.kind(group + "/" + child) == ObjectKind::kGroup) find_parts(file, group, group + "/" + child, s.replicates,
                                                                            s.days, parts);
    }
    for (const auto& [inner, path] : parts.daily) {
      const bool is_metric = inner.rfind("metrics/", 0) == 0;
      const std::string name = is_metric ? inner.substr(8) : inner;
      describe("metrics.csv", "value", name, path);
      const auto series = file.read_matrix(path);
      for (std::size_t r = 0; r < series.rows; ++r) {
        for (std::size_t t = 0; t < series.cols; ++t) {
          metrics.row({s.name, std::to_string(r), std::to_string(t), name, round_trip(series.at(r, t))});
        }
      }
    }
    for (const auto& [table, paths] : parts.tables) {
      std::vector<Column> columns;
      for (const auto& path : paths) columns.push_back(read_column(file, path));
      const std::string file_name = table + ".csv";
      std::vector<std::string> names;
      for (const auto& c : columns) names.push_back(c.name);
      if (!tables[table]) {
        std::vector<std::string> header = {"scenario", "replicate", "row"};
        header.insert(header.end(), names.begin(), names.end());
        tables[table].emplace(dir / file_name, header);
        dictionary.push_back({file_name, "row", "", "", "index within the replicate (e.g. the physician's number)"});
        table_columns[table] = names;
        written.push_back(file_name);
      } else if (table_columns[table] != names) {
        throw ResultsFileError(file.path().string() + ": " + group + "/" + table +
                               " has other columns than in the first scenario; cannot export one table");
      }
      for (std::size_t c = 0; c < columns.size(); ++c) describe(file_name, columns[c].name, "", paths[c]);
      const auto rows = static_cast<std::size_t>(file.shape(paths.front())[1]);
      for (std::int64_t r = 0; r < s.replicates; ++r) {
        for (std::size_t i = 0; i < rows; ++i) {
          std::vector<std::string> row = {s.name, std::to_string(r), std::to_string(i)};
          for (const auto& c : columns) row.push_back(c.text.at(static_cast<std::size_t>(r) * rows + i));
          tables[table]->row(row);
        }
      }
    }
  }
  metrics.close();
  written.insert(written.begin(), "metrics.csv");
  for (auto& [table, csv] : tables) csv->close();
}

void export_sweeps(const std::filesystem::path& results, const std::filesystem::path& dir,
                   std::vector<std::string>& written, std::vector<DictionaryEntry>& dictionary) {
  CsvFile design(dir / "sweep_design.csv", {"sweep", "point", "parameter", "value"});
  CsvFile outcomes(dir / "sweep_outcomes.csv",
                   {"sweep", "scenario", "point", "replicate", "outcome", "statistic", "value"});
  for (const auto& sweep : load_sweeps(results)) {
    for (std::size_t p = 0; p < sweep.points(); ++p) {
      for (std::size_t j = 0; j < sweep.parameters.size(); ++j) {
        design.row({sweep.name, std::to_string(p), sweep.parameters[j], round_trip(sweep.design.at(p, j))});
      }
    }
    for (std::size_t s = 0; s < sweep.scenarios.size(); ++s) {
      for (std::size_t o = 0; o < sweep.outcomes.size(); ++o) {
        const auto& m = sweep.values[s][o];
        for (std::size_t p = 0; p < m.rows; ++p) {
          for (std::size_t r = 0; r < m.cols; ++r) {
            outcomes.row({sweep.name, sweep.scenarios[s], std::to_string(p), std::to_string(r), sweep.outcomes[o],
                          sweep.statistics[o], round_trip(m.at(p, r))});
          }
        }
      }
    }
  }
  design.close();
  outcomes.close();
  written.insert(written.end(), {"sweep_design.csv", "sweep_outcomes.csv"});
  dictionary.push_back({"sweep_design.csv", "value", "", "the parameter's units (docs/PARAMETERS.md)",
                        "parameter value simulated at the design point"});
  dictionary.push_back({"sweep_outcomes.csv", "value", "", "the outcome metric's units",
                        "the replicate's statistic (final_day or run_total) of the outcome metric"});
}

}  // namespace

std::vector<std::string> export_csv(const std::filesystem::path& results, const std::filesystem::path& directory) {
  if (!std::filesystem::exists(results)) throw ResultsFileError(results.string() + ": no such file");
  std::optional<Results> loaded;
  {
    const sim::Hdf5File probe(results, sim::Hdf5File::Mode::kReadOnly);
    check_rapport_file(probe, "/", "file");
    if (probe.exists("/scenarios")) loaded = load_results(results);
  }
  const sim::Hdf5File file(results, sim::Hdf5File::Mode::kReadOnly);
  std::vector<std::string> written;
  std::vector<DictionaryEntry> dictionary;
  if (loaded) export_scenarios(file, *loaded, directory, written, dictionary);
  if (file.exists("/sweeps")) export_sweeps(results, directory, written, dictionary);
  if (written.empty()) {
    throw ResultsFileError(results.string() + ": holds neither scenarios nor sweeps; nothing to export");
  }
  CsvFile out(directory / "data_dictionary.csv", {"table", "column", "metric", "units", "description"});
  for (const auto& e : dictionary) out.row({e.table, e.column, e.metric, e.units, e.description});
  out.close();
  written.push_back("data_dictionary.csv");
  return written;
}

}  // namespace rapport::analysis
