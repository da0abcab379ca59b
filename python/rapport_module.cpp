// The native part of the Python module `rapport` (docs/PYTHON.md): scenarios resolved and
// validated by models/scenario.hpp, runs simulated by app/simulation.hpp's simulate() and
// results files written by write_results_file(), the code of `rapport run`, so a run from
// Python and from the CLI give the same bits; decisions run by the plan of `rapport decide`
// (app/decide_plan.hpp) and sweeps by that of `rapport sweep` (app/sweep_plan.hpp), through
// the same orchestrator (run_long_command). The package around it (rapport/__init__.py)
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
#include "analysis/sensitivity/sensitivity_report.hpp"
#include "analysis/results_reader.hpp"
#include "analysis/summary.hpp"
#include "analysis/summary_report.hpp"
#include "analysis/summary_writer.hpp"
#include "app/decide_plan.hpp"
#include "app/long_command.hpp"
#include "app/simulation.hpp"
#include "app/sweep_plan.hpp"
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

// Stores analyses into a results file as `summarize --write` and `sensitivity` do (the file is
// replaced atomically): the GIL released, Ctrl-C stopping it with KeyboardInterrupt, a failure
// an OutputError; either way the file is unchanged.
void store_into(const fs::path& path, const std::function<void(const std::function<void()>& check_stop)>& store) {
  bool stopped = false;
  {
    const py::gil_scoped_release release;
    const std::scoped_lock lock(exclusive());
    const app::StopOnInterrupt stop_on_interrupt;
    try {
      store(app::throw_if_stopped);
    } catch (const app::Stopped&) {
      stopped = true;
    } catch (const sim::Hdf5Error& e) {
      throw sim::OutputError(std::string(e.what()) + " (the file is unchanged)");
    } catch (const sim::OutputError& e) {
      throw sim::OutputError(std::string(e.what()) + " (the file is unchanged)");
    }
  }
  if (stopped) {
    PyErr_SetString(PyExc_KeyboardInterrupt, (path.string() + " is unchanged").c_str());
    throw py::error_already_set();
  }
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

  // `rapport summarize --write`: the summaries of every metric stored into the file, which is
  // replaced atomically (unchanged on a failure or Ctrl-C).
  void store_summary(const std::optional<std::string>& baseline, const std::vector<std::string>& mid,
                     double career_years) const {
    const auto stored = analysis::summary_to_store(results, baseline, analysis::parse_mid_overrides(mid), career_years);
    store_into(results.path, [&](const std::function<void()>& check_stop) {
      analysis::store_summaries(results, stored, check_stop);
    });
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
    row["page_followers"] = effect.page_followers;
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

// A long command's plan run by the CLI's orchestrator, quietly, with the GIL released and
// Ctrl-C stopping it; a failure is raised with the CLI's message, as the exception type of
// the CLI's exit code (an interruption as KeyboardInterrupt, saying what is kept).
void run_plan(app::LongCommand& plan, const app::LongCommandOptions& options, const std::string& command) {
  std::optional<std::pair<int, std::string>> failure;
  int status = app::kOk;
  {
    const py::gil_scoped_release release;
    const std::scoped_lock lock(exclusive());
    const app::StopOnInterrupt stop_on_interrupt;
    const app::CommandHost host{/*catch_stop_signals=*/false, [&](app::ExitCode code, const std::string& message) {
                                  if (!failure) failure.emplace(code, message);
                                }};
    status = app::run_long_command(plan, options, app::Invocation{process_group(), command}, host);
  }
  if (status == app::kOk) return;
  const auto message = failure ? failure->second : "failed with exit code " + std::to_string(status);
  switch (status) {
    case app::kInterrupted:
      PyErr_SetString(PyExc_KeyboardInterrupt, message.c_str());
      throw py::error_already_set();
    case app::kBadInput:
      throw sim::ConfigError(message);
    case app::kOutputError:
      throw sim::OutputError(message);
    default:
      throw app::CommandError(static_cast<app::ExitCode>(status), message);
  }
}

py::array_t<double> as_array(const sim::Matrix& matrix) {
  py::array_t<double> array({matrix.rows, matrix.cols});
  std::copy(matrix.values.begin(), matrix.values.end(), array.mutable_data());
  return array;
}

// One finished `rapport decide`: the plan keeps what the analysis read and found.
struct NativeDecision {
  app::JournaledCommandOptions options;
  app::DecidePlan plan{options};
};

std::unique_ptr<NativeDecision> decide(const fs::path& file, const fs::path& output, int threads, bool force,
                                       bool resume, const std::string& command) {
  auto decision = std::make_unique<NativeDecision>();
  decision->options = {{output.string(), threads, force, /*quiet=*/true}, file.string(), resume};
  run_plan(decision->plan, app::orchestrator_options(decision->options), command);
  return decision;
}

// The tables of a decision as columns (named as under /decisions/<name>/), for pandas.
py::dict decision_tables(const NativeDecision& decision) {
  const auto& inputs = decision.plan.analysed();
  const auto& results = decision.plan.results();
  py::dict tables;
  py::dict summary;
  summary["policy"] = inputs.policies;
  std::vector<double> mean, low, high, draws_low, draws_high, best;
  for (const auto& policy : results.summary.policies) {
    mean.push_back(policy.expected.mean);
    low.push_back(policy.expected.ci_low);
    high.push_back(policy.expected.ci_high);
    draws_low.push_back(policy.draws_low);
    draws_high.push_back(policy.draws_high);
    best.push_back(policy.probability_best);
  }
  summary["expected_net_benefit"] = mean;
  summary["expected_ci_low"] = low;
  summary["expected_ci_high"] = high;
  summary["draws_low"] = draws_low;
  summary["draws_high"] = draws_high;
  summary["probability_best"] = best;
  tables["summary"] = summary;
  tables["optimal"] = inputs.policies[results.summary.optimal];
  tables["evpi"] = results.summary.evpi;
  tables["text"] = analysis::quotable_summary(inputs, results);
  tables["psa_parameters"] = as_array(inputs.parameter_draws);
  tables["psa_net_benefit"] = as_array(results.net_benefit);

  const auto& curves = results.acceptability;
  tables["willingness_to_pay"] = curves.willingness_to_pay;
  tables["acceptability"] = as_array(curves.probability_best);
  tables["frontier_policy"] = curves.frontier_policy;
  tables["frontier_probability"] = curves.frontier_probability;
  tables["evpi_curve"] = curves.evpi;

  py::list evppi;
  for (std::size_t j = 0; j < inputs.parameters.size(); ++j) {
    const auto& estimate = results.parameter_evppi[j];
    evppi.append(py::make_tuple(inputs.parameters[j], "parameter", inputs.parameters[j], estimate.value,
                                estimate.effective_df_max));
  }
  for (std::size_t g = 0; g < inputs.groups.size(); ++g) {
    std::string members;
    for (const auto member : inputs.groups[g].members) members += (members.empty() ? "" : ",") + inputs.parameters[member];
    const auto& estimate = results.group_evppi[g];
    evppi.append(py::make_tuple(inputs.groups[g].name, "group", members, estimate.value, estimate.effective_df_max));
  }
  tables["evppi"] = evppi;

  py::list switches;
  for (std::size_t i = 0; i < inputs.one_way.size(); ++i) {
    for (const auto& change : inputs.one_way[i].switches) {
      switches.append(py::make_tuple(inputs.parameters[i], inputs.base[i], change.value, inputs.policies[change.from],
                                     inputs.policies[change.to]));
    }
  }
  tables["switches"] = switches;
  py::list bars;
  if (results.tornado) {
    tables["base_optimal"] = inputs.policies[results.tornado->base_optimal];
    tables["base_increment"] = results.tornado->base_increment;
    for (const auto& bar : results.tornado->bars) {
      bars.append(py::make_tuple(inputs.parameters[bar.parameter], inputs.ranges[bar.parameter].low,
                                 inputs.ranges[bar.parameter].high, bar.at_low, bar.at_high));
    }
  }
  tables["tornado"] = bars;
  py::list cells;
  if (inputs.two_way && inputs.two_way_pair) {
    const auto& map = *inputs.two_way;
    tables["two_way_parameters"] = py::make_tuple(inputs.parameters[inputs.two_way_pair->first],
                                                  inputs.parameters[inputs.two_way_pair->second]);
    for (std::size_t a = 0; a < map.first_values.size(); ++a) {
      for (std::size_t b = 0; b < map.second_values.size(); ++b) {
        const auto cell = a * map.second_values.size() + b;
        cells.append(py::make_tuple(map.first_values[a], map.second_values[b], inputs.policies[map.optimal[cell]]));
      }
    }
  }
  tables["two_way"] = cells;
  tables["policies"] = inputs.policies;
  tables["parameters"] = inputs.parameters;
  tables["name"] = inputs.name;
  tables["willingness_to_pay_headline"] = inputs.willingness_to_pay;
  return tables;
}

// One finished `rapport sweep`: the plan keeps the design and every run's outcomes.
struct NativeSweep {
  app::JournaledCommandOptions options;
  app::SweepPlan plan{options};
};

std::unique_ptr<NativeSweep> sweep(const fs::path& file, const fs::path& output, int threads, bool force, bool resume,
                                   const std::string& command) {
  auto swept = std::make_unique<NativeSweep>();
  swept->options = {{output.string(), threads, force, /*quiet=*/true}, file.string(), resume};
  run_plan(swept->plan, app::orchestrator_options(swept->options), command);
  return swept;
}

// The design and outcomes of a sweep, named as under /sweeps/<name>/, for pandas.
py::dict sweep_tables(const NativeSweep& swept) {
  const auto& data = swept.plan.data();
  py::dict tables;
  tables["name"] = data.name;
  tables["parameters"] = data.parameters;
  tables["scenarios"] = data.scenarios;
  tables["outcomes"] = data.outcomes;
  tables["statistics"] = data.statistics;
  tables["samples"] = data.samples;
  tables["replicates"] = data.replicates;
  tables["seed"] = data.seed;
  tables["design"] = as_array(data.design);
  py::dict values;
  for (std::size_t s = 0; s < data.scenarios.size(); ++s) {
    for (std::size_t o = 0; o < data.outcomes.size(); ++o) {
      values[py::make_tuple(data.scenarios[s], data.outcomes[o])] = as_array(data.values[s][o]);
    }
  }
  tables["values"] = values;
  return tables;
}

// `rapport sensitivity --csv` of a sweep file: the indices (and with `compare`, the robustness
// table) of every sweep in it as CSV texts, the indices stored under /sweeps/<name>/sensitivity/.
std::pair<std::vector<std::string>, std::vector<std::string>> sensitivity(const fs::path& results, const std::vector<std::string>& compare,
                                                std::size_t resamples, const std::vector<std::string>& mid) {
  std::optional<std::pair<std::string, std::string>> pair;
  if (compare.size() == 2) pair.emplace(compare[0], compare[1]);
  const auto sweeps = analysis::load_sweeps(results);
  std::vector<analysis::SensitivityReport> reports;
  try {
    reports = analysis::analyze_sweeps(sweeps, pair, resamples, analysis::parse_mid_overrides(mid));
  } catch (const analysis::AnalysisInputError& e) {
    throw sim::ConfigError(results.string() + ": " + e.what());
  } catch (const std::invalid_argument& e) {
    throw sim::ConfigError(results.string() + ": " + e.what());
  }
  std::vector<std::string> indices, robustness;  // one CSV text per sweep
  for (const auto& report : reports) {
    std::ostringstream text;
    analysis::print_sensitivity_csv(text, report);
    indices.push_back(text.str());
    if (pair) {
      std::ostringstream table;
      analysis::print_robustness_csv(table, report);
      robustness.push_back(table.str());
    }
  }
  store_into(results, [&](const std::function<void()>& check_stop) {
    analysis::store_sensitivity(results, reports, check_stop);
  });
  return {indices, robustness};
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
      .def("store_summary", &ResultsFile::store_summary, py::arg("baseline"), py::arg("mid"), py::arg("career_years"))
      .def("requester_effects", &requester_effect_rows, py::arg("baseline"))
      .def("physician_risks", &physician_risk_rows, py::arg("career_years"), py::arg("metrics"))
      .def("physician_workload", &physician_workload_rows);

  module.def("report", &rapport::python::write_report, py::arg("results"), py::arg("output"), py::arg("baseline"),
             py::arg("force"), "Writes the HTML page of `rapport report` for a results file.");

  py::class_<NativeDecision>(module, "NativeDecision", "A finished decision (see rapport.Decision).")
      .def("tables", &decision_tables);
  module.def("decide", &rapport::python::decide, py::arg("file"), py::arg("output"), py::arg("threads"),
             py::arg("force"), py::arg("resume"), py::arg("command"),
             "Runs `rapport decide FILE -o OUTPUT`; the GIL is released meanwhile and SIGINT stops it with "
             "KeyboardInterrupt.");

  py::class_<NativeSweep>(module, "NativeSweep", "A finished sweep (see rapport.Sweep).")
      .def("tables", &sweep_tables);
  module.def("sweep", &rapport::python::sweep, py::arg("file"), py::arg("output"), py::arg("threads"),
             py::arg("force"), py::arg("resume"), py::arg("command"),
             "Runs `rapport sweep FILE -o OUTPUT`; the GIL is released meanwhile and SIGINT stops it with "
             "KeyboardInterrupt.");
  module.def("sensitivity", &rapport::python::sensitivity, py::arg("results"), py::arg("compare"),
             py::arg("resamples"), py::arg("mid"),
             "The CSV of `rapport sensitivity --csv` (indices, robustness), the indices stored into the file.");

  module.def("run", &rapport::python::run, py::arg("scenarios"), py::arg("threads"),
             "Simulates every replicate of every scenario; the GIL is released meanwhile and SIGINT stops the "
             "run with KeyboardInterrupt.");
}
