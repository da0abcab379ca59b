// The native part of the Python module `rapport` (docs/PYTHON.md): scenarios resolved and
// validated by models/scenario.hpp, runs simulated by app/simulation.hpp's simulate() and
// results files written by write_results_file(), the code of `rapport run`, so a run from
// Python and from the CLI give the same bits. The package around it (rapport/__init__.py)
// adds the Python conveniences: keyword overrides, pandas tables.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <algorithm>
#include <mutex>
#include <numeric>
#include <optional>
#include <sstream>

#include "analysis/outcome_rules.hpp"
#include "analysis/physician_risk.hpp"
#include "analysis/physician_workload.hpp"
#include "analysis/report/report_page.hpp"
#include "analysis/requester_effects.hpp"
#include "analysis/results_reader.hpp"
#include "analysis/summary.hpp"
#include "analysis/summary_report.hpp"
#include "app/long_command.hpp"
#include "app/simulation.hpp"
#include "app/version.hpp"
#include "models/metrics.hpp"
#include "models/results_writer.hpp"
#include "models/scenario.hpp"
#include "sim/atomic_output.hpp"
#include "sim/hdf5_file.hpp"
#include "sim/job_farm.hpp"

namespace py = pybind11;
namespace fs = std::filesystem;

namespace rapport::python {
namespace {

// One process, TBB threads (the module links the local job farm).
const sim::ProcessGroup& process_group() {
  static int argc = 0;
  static char** argv = nullptr;
  static const sim::ProcessGroup group(argc, argv);
  return group;
}

// Runs and saves one at a time: the stop flag, the thread limit and HDF5 are process-wide.
std::mutex& exclusive() {
  static std::mutex mutex;
  return mutex;
}

// Python values as the schema's values; a Python float or int keeps its type, as in TOML.
sim::Settings settings_of(const py::dict& values, const std::string& origin) {
  sim::Settings settings;
  for (const auto& [key_object, value] : values) {
    const auto key = py::str(key_object).cast<std::string>();
    sim::ParameterValue parsed;
    if (py::isinstance<py::bool_>(value)) {
      parsed = value.cast<bool>();
    } else if (py::isinstance<py::int_>(value)) {
      try {
        parsed = value.cast<std::int64_t>();
      } catch (const py::cast_error&) {
        throw sim::input_error(origin, key, py::repr(value).cast<std::string>() + " does not fit a 64-bit integer");
      }
    } else if (py::isinstance<py::float_>(value)) {
      parsed = value.cast<double>();
    } else if (py::isinstance<py::str>(value)) {
      parsed = value.cast<std::string>();
    } else {
      throw sim::input_error(origin, key,
                             py::repr(value).cast<std::string>() + " is not a number, boolean or string");
    }
    settings[key] = {std::move(parsed), origin};
  }
  return settings;
}

py::object python_value(const sim::ParameterValue& value) {
  return std::visit([](const auto& v) { return py::cast(v); }, value);
}

// A scenario as Python holds it: its source (a file, or settings from a dict), the overrides
// given since, and the scenario they resolve to. Each with_() resolves the source again with
// every override, as `rapport run --set` does.
struct NativeScenario {
  std::optional<fs::path> file;
  std::string name;        // of a scenario from settings
  sim::Settings settings;  // of a scenario from settings
  sim::Settings overrides;
  models::Scenario resolved;

  void resolve() {
    resolved = file ? models::load_scenario(*file, overrides)
                    : models::scenario_from_settings(name, settings, overrides);
  }
};

NativeScenario scenario_from_file(const fs::path& file) {
  NativeScenario scenario{file, {}, {}, {}, {}};
  scenario.resolve();
  return scenario;
}

NativeScenario scenario_from_dict(const py::dict& values, const std::string& name, const std::string& origin) {
  NativeScenario scenario{std::nullopt, name, settings_of(values, origin), {}, {}};
  scenario.resolve();
  return scenario;
}

NativeScenario with_overrides(const NativeScenario& base, const py::dict& values, const std::string& origin) {
  NativeScenario scenario = base;
  for (auto& [key, setting] : settings_of(values, origin)) scenario.overrides[key] = std::move(setting);
  scenario.resolve();
  return scenario;
}

py::dict values_of(const NativeScenario& scenario) {
  py::dict values;
  for (const auto& [key, value] : scenario.resolved.config.values) values[py::str(key)] = python_value(value);
  return values;
}

// The results of one rapport.run(): what `rapport run` writes (scenarios and their runs) and,
// built once, the series as the analysis reads them from a results file (scenarios and
// metrics in name order, each metric [replicates, days]), which the NumPy arrays view.
struct NativeResults {
  std::vector<models::Scenario> scenarios;  // in the order given
  std::vector<fs::path> input_files;        // never replaced by save()
  app::ScenarioRuns runs;
  app::Provenance provenance;
  analysis::Results tables;

  [[nodiscard]] const analysis::ScenarioResults& table(const std::string& scenario) const {
    return tables.scenario(scenario);
  }
};

analysis::Results tables_of(const std::vector<models::Scenario>& scenarios, const app::ScenarioRuns& runs) {
  const auto& specs = models::metric_table();
  std::vector<std::size_t> metric_order(specs.size());
  std::iota(metric_order.begin(), metric_order.end(), std::size_t{0});
  std::sort(metric_order.begin(), metric_order.end(),
            [&](std::size_t a, std::size_t b) { return specs[a].name < specs[b].name; });
  analysis::Results tables;
  tables.format_version = models::kFormatVersion;
  tables.rapport_version = app::kVersion;
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    const auto& [config, params] = scenarios[s];
    const auto& replicates = runs[s];
    analysis::ScenarioResults table{config.name, config.to_toml(), params.run.seed, params.run.replicates,
                                    params.run.days, static_cast<std::int64_t>(replicates.front().physicians.policy.size()),
                                    {}, {}, {}};  // physician columns and outcome totals: the statistics read a saved file (ResultsFile)
    const auto days = static_cast<std::size_t>(params.run.days);
    for (const std::size_t m : metric_order) {
      sim::Matrix values{replicates.size(), days, {}};
      values.values.reserve(replicates.size() * days);
      for (const auto& run : replicates) {
        const auto* first = run.series.values().data() + m * days;
        values.values.insert(values.values.end(), first, first + days);
      }
      table.metrics.push_back({std::string(specs[m].name), specs[m].reduction, std::string(specs[m].units),
                               std::move(values)});
    }
    tables.scenarios.push_back(std::move(table));
  }
  std::sort(tables.scenarios.begin(), tables.scenarios.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  return tables;
}

std::unique_ptr<NativeResults> run(const std::vector<const NativeScenario*>& scenarios, int threads) {
  auto results = std::make_unique<NativeResults>();
  for (const auto* scenario : scenarios) {
    models::add_uniquely_named(results->scenarios, scenario->resolved);
    if (scenario->file) results->input_files.push_back(*scenario->file);
  }
  if (results->scenarios.empty()) throw sim::input_error("rapport.run", "", "no scenarios to run");
  bool stopped = false;
  {
    const py::gil_scoped_release release;
    const std::scoped_lock lock(exclusive());
    const app::StopOnInterrupt stop_on_interrupt;
    const app::ThreadLimit thread_limit(threads, sim::ProcessGroup::coordinator_threads());
    const app::Session session(process_group(), thread_limit.threads(), /*quiet=*/true);
    auto runs = app::simulate(results->scenarios, session);
    if (runs) {
      results->runs = std::move(*runs);
      results->provenance = session.provenance();
      results->tables = tables_of(results->scenarios, results->runs);
    } else {
      stopped = true;
    }
  }
  if (stopped) {
    PyErr_SetNone(PyExc_KeyboardInterrupt);
    throw py::error_already_set();
  }
  return results;
}

void save(const NativeResults& results, const fs::path& path, bool force, const std::string& command) {
  const py::gil_scoped_release release;
  const std::scoped_lock lock(exclusive());
  app::refuse_inputs_as_outputs({path}, results.input_files);
  sim::AtomicOutput output(path, force, app::expected_results_bytes(results.scenarios));
  app::write_results_file(
      output.temporary(), path.string(), command,
      [&](sim::Hdf5File& file) { app::write_scenarios(file, results.scenarios, results.runs); },
      [&] { return results.provenance; });
  output.commit();
}

// A results file as `rapport summarize` reads it, loaded once for the statistics below.
struct ResultsFile {
  analysis::Results results;

  explicit ResultsFile(const fs::path& path) : results(analysis::load_results(path, models::metric_table())) {}

  // The rows of `rapport summarize --csv`, from the same statistics.
  [[nodiscard]] std::string summary_csv(const std::optional<std::string>& baseline,
                                        const std::vector<std::string>& metrics,
                                        const std::vector<std::string>& mid) const {
    std::ostringstream csv;
    analysis::print_summary_csv(csv, analysis::summarize(results, baseline, metrics, analysis::parse_mid_overrides(mid)));
    return csv.str();
  }
};

// A value with its interval as columns named as `summarize --write` stores them
// (analysis/summary_writer.cpp): name, name_ci_low, name_ci_high.
void add_interval(py::dict& row, const std::string& name, double value, double low, double high) {
  row[py::str(name)] = value;
  row[py::str(name + "_ci_low")] = low;
  row[py::str(name + "_ci_high")] = high;
}

// One row per scenario and outcome, the numbers `rapport summarize --baseline` prints.
py::list requester_effect_rows(const ResultsFile& file, const std::string& baseline) {
  py::list rows;
  for (const auto& effect : analysis::requester_effects(file.results, baseline)) {
    py::dict row;
    row["scenario"] = effect.scenario;
    row["outcome"] = effect.outcome;
    row["requesters"] = effect.requesters;
    for (const auto& [name, part] : {std::pair{"total", &effect.total}, std::pair{"direct", &effect.direct},
                                     std::pair{"spillover", &effect.spillover}}) {
      add_interval(row, name, part->mean, part->ci_low, part->ci_high);
    }
    row["shared_first_requests"] = effect.shared_first_requests;
    rows.append(row);
  }
  return rows;
}

// One row per scenario and rare event count, the numbers of `rapport summarize`'s risk table.
py::list physician_risk_rows(const ResultsFile& file, double career_years, const std::vector<std::string>& metrics) {
  py::list rows;
  for (const auto& risk : analysis::physician_risks(file.results, career_years, metrics)) {
    py::dict row;
    row["scenario"] = risk.scenario;
    row["metric"] = risk.metric;
    row["events"] = risk.events;
    row["replicate_years"] = risk.replicate_years;
    row["physician_years"] = risk.physician_years;
    row["requests"] = risk.requests;
    for (const auto& [name, rate] : {std::pair{"per_replicate_year", &risk.per_replicate_year},
                                     std::pair{"per_1000_physician_years", &risk.per_1000_physician_years},
                                     std::pair{"per_1000_requests", &risk.per_1000_requests},
                                     std::pair{"career_probability", &risk.career_probability}}) {
      add_interval(row, name, rate->value, rate->low, rate->high);
    }
    rows.append(row);
  }
  return rows;
}

// One row per scenario, physician group and measure, the numbers of `rapport summarize`'s workload table.
py::list physician_workload_rows(const ResultsFile& file) {
  py::list rows;
  for (const auto& workload : analysis::physician_workload(file.results)) {
    py::dict row;
    row["scenario"] = workload.scenario;
    row["measure"] = workload.measure;
    row["physicians"] = workload.physicians;
    row["units"] = workload.units;
    row["physicians_per_replicate"] = workload.physicians_per_replicate;
    row["n"] = workload.across_replicates.n;
    row["mean"] = workload.across_replicates.mean;
    row["sd"] = workload.across_replicates.sd;
    row["ci_low"] = workload.across_replicates.ci_low;
    row["ci_high"] = workload.across_replicates.ci_high;
    rows.append(row);
  }
  return rows;
}

// `rapport report`: the HTML page of a results file.
void write_report(const fs::path& results, const fs::path& output, const std::optional<std::string>& baseline,
                  bool force) {
  const py::gil_scoped_release release;
  const std::scoped_lock lock(exclusive());
  analysis::ReportOptions options;
  options.baseline = baseline;
  options.generator = app::kVersion;
  analysis::write_report(results, output, options, force);
}

// A read-only [replicates, days] view of one metric; it keeps `owner` (the results) alive.
py::array metric_view(const NativeResults& results, const std::string& scenario, const std::string& metric,
                      py::handle owner) {
  const auto& values = results.table(scenario).metric(metric).values;
  const auto rows = static_cast<py::ssize_t>(values.rows);
  const auto cols = static_cast<py::ssize_t>(values.cols);
  const auto item = static_cast<py::ssize_t>(sizeof(double));
  py::array_t<double> view({rows, cols}, {cols * item, item}, values.values.data(), owner);
  view.attr("flags").attr("writeable") = false;
  return view;
}

}  // namespace
}  // namespace rapport::python

PYBIND11_MODULE(_rapport, module) {
  using namespace rapport;
  using namespace rapport::python;
  module.doc() = "Native part of the rapport package; use `import rapport` (docs/PYTHON.md).";
  module.attr("__version__") = app::kVersion;

  static py::exception<app::CommandError> error(module, "Error");
  static py::exception<sim::ConfigError> config_error(module, "ConfigError", error.ptr());
  static py::exception<sim::OutputError> output_error(module, "OutputError", error.ptr());
  static py::exception<analysis::ResultsFileError> results_file_error(module, "ResultsFileError", error.ptr());
  error.doc() = "Any error rapport reports (the CLI's one-line messages).";
  config_error.doc() = "A bad scenario, key or value: the CLI's message, naming where, the key and what is allowed.";
  output_error.doc() = "A results file that cannot be written (exists without force=True, unwritable, full disk).";
  results_file_error.doc() = "A file that is missing, not a rapport results file, damaged or from a newer rapport.";
  py::register_exception_translator([](std::exception_ptr pending) {
    try {
      if (pending) std::rethrow_exception(pending);
    } catch (const sim::ConfigError& e) {
      config_error(e.what());
    } catch (const analysis::AnalysisInputError& e) {
      config_error(e.what());
    } catch (const std::invalid_argument& e) {  // a --mid item, a career length (analysis/)
      config_error(e.what());
    } catch (const analysis::ResultsFileError& e) {
      results_file_error(e.what());
    } catch (const sim::OutputError& e) {
      output_error(e.what());
    } catch (const sim::Hdf5Error& e) {
      output_error(e.what());
    } catch (const app::CommandError& e) {
      error(e.what());
    }
  });

  py::class_<NativeScenario>(module, "NativeScenario", "A resolved, validated scenario (see rapport.Scenario).")
      .def_static("from_file", &scenario_from_file, py::arg("path"))
      .def_static("from_dict", &scenario_from_dict, py::arg("values"), py::arg("name"), py::arg("origin"))
      .def("with_overrides", &with_overrides, py::arg("values"), py::arg("origin"))
      .def_property_readonly("name", [](const NativeScenario& s) { return s.resolved.config.name; })
      .def_property_readonly("file", [](const NativeScenario& s) { return s.file; })
      .def_property_readonly("values", &values_of)
      .def("to_toml", [](const NativeScenario& s) { return s.resolved.config.to_toml(); });

  py::class_<NativeResults>(module, "NativeResults", "The results of one run (see rapport.Results).")
      .def_property_readonly("scenarios",
                             [](const NativeResults& r) {
                               std::vector<std::string> names;
                               for (const auto& s : r.scenarios) names.push_back(s.config.name);
                               return names;
                             })
      .def_property_readonly("metrics",
                             [](const NativeResults& r) {
                               std::vector<std::string> names;
                               for (const auto& m : r.tables.scenarios.front().metrics) names.push_back(m.name);
                               return names;
                             })
      .def("metric", [](py::object self, const std::string& scenario,
                        const std::string& metric) { return metric_view(self.cast<const NativeResults&>(), scenario, metric, self); })
      .def("replicates", [](const NativeResults& r, const std::string& s) { return r.table(s).replicates; })
      .def("days", [](const NativeResults& r, const std::string& s) { return r.table(s).days; })
      .def("seed", [](const NativeResults& r, const std::string& s) { return r.table(s).seed; })
      .def_property_readonly("wall_seconds", [](const NativeResults& r) { return r.provenance.wall_seconds; })
      .def_property_readonly("threads", [](const NativeResults& r) { return r.provenance.threads; })
      .def("save", &rapport::python::save, py::arg("path"), py::arg("force"), py::arg("command"));

  py::class_<ResultsFile>(module, "ResultsFile", "A results file loaded as `rapport summarize` reads it.")
      .def(py::init<const fs::path&>(), py::arg("path"))
      .def("summary_csv", &ResultsFile::summary_csv, py::arg("baseline"), py::arg("metrics"), py::arg("mid"))
      .def("requester_effects", &requester_effect_rows, py::arg("baseline"))
      .def("physician_risks", &physician_risk_rows, py::arg("career_years"), py::arg("metrics"))
      .def("physician_workload", &physician_workload_rows);

  module.def("report", &rapport::python::write_report, py::arg("results"), py::arg("output"), py::arg("baseline"),
             py::arg("force"), "Writes the HTML page of `rapport report` for a results file.");

  module.def("run", &rapport::python::run, py::arg("scenarios"), py::arg("threads"),
             "Simulates every replicate of every scenario; the GIL is released meanwhile and SIGINT stops the "
             "run with KeyboardInterrupt.");
}
