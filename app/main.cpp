// rapport: simulate physicians' social-media policies (see README.md).
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <new>

#include "analysis/outcome_rules.hpp"
#include "app/commands.hpp"
#include "app/version.hpp"
#include "sim/job_farm.hpp"

// CLI11's own failure text spans two lines; rapport prints every error as one line.
static std::string one_line_usage_error(const CLI::App* /*app*/, const CLI::Error& e) {
  std::string text = e.what();
  std::replace(text.begin(), text.end(), '\n', ' ');
  return "rapport: error: " + text + " (see rapport --help)\n";
}

// `--mid metric=value` of summarize and sensitivity, checked by the parser the commands use.
static const CLI::Validator kMinimumImportantDifference(
    [](std::string& item) {
      try {
        (void)rapport::analysis::parse_mid_overrides({item});
        return std::string();
      } catch (const std::invalid_argument& e) {
        return std::string(e.what());
      }
    },
    "METRIC=VALUE");

static int parse_and_run(int argc, char** argv, const rapport::sim::ProcessGroup& group) {
  using namespace rapport::app;
  CLI::App cli{"rapport: what physicians' social-media policies do to trust, adherence, workload and breaches"};
  cli.set_version_flag("--version", std::string("rapport ") + kVersion);
  cli.require_subcommand(1);
  cli.failure_message(one_line_usage_error);

  std::string command_line;
  for (int i = 0; i < argc; ++i) command_line += (i ? " " : "") + std::string(argv[i]);

  RunOptions run;
  run.command_line = command_line;
  auto* run_cmd = cli.add_subcommand("run", "run scenarios and write results to an HDF5 file");
  run_cmd->add_option("files", run.scenario_files, "scenario TOML files (name = file stem)")->required()
      ->check(CLI::ExistingFile);
  run_cmd->add_option("-o,--output", run.output, "results file (.h5)")->required();
  run_cmd->add_option("--replicates", run.replicates, "replicates per scenario (overrides run.replicates)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{100000}));
  run_cmd->add_option("--seed", run.seed, "base seed shared by all scenarios (overrides run.seed)")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{9'000'000'000'000'000'000}));
  run_cmd->add_option("--threads", run.threads, "worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  run_cmd->add_option("--days", run.days, "days to simulate (overrides run.days)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{36500}));
  run_cmd->add_option("--set", run.overrides, "override a parameter: dotted.key=value (repeatable)");
  run_cmd->add_flag("-f,--force", run.force, "replace an existing results file");
  run_cmd->add_flag("-q,--quiet", run.quiet, "print nothing but errors");

  SummarizeOptions summarize;
  auto* summarize_cmd = cli.add_subcommand("summarize", "statistics across replicates, with 95% intervals and paired differences");
  summarize_cmd->add_option("results", summarize.results, "results file written by rapport run")->required();
  summarize_cmd->add_option("--baseline", summarize.baseline,
                            "scenario to compare every scenario with, replicate by replicate");
  summarize_cmd->add_option("--metrics", summarize.metrics, "print only these metrics (comma-separated)")
      ->delimiter(',');
  summarize_cmd->add_option("--mid", summarize.mid,
                            "metric=value: minimum important difference in the units of the metric's statistic "
                            "(repeatable or comma-separated; defaults in docs/ANALYSIS.md)")
      ->delimiter(',')
      ->check(kMinimumImportantDifference);
  summarize_cmd->add_option("--career-years", summarize.career_years,
                            "career length for the probability of at least one breach, complaint or investigation")
      ->check(CLI::Range(0.001, 100.0));
  summarize_cmd->add_flag("--csv", summarize.csv, "print CSV instead of a table");
  summarize_cmd->add_flag("--write", summarize.write,
                          "also store summaries of every metric and per-day bands in the file (/scenarios/<name>/summary)");

  ReportOptions report;
  auto* report_cmd = cli.add_subcommand("report", "write one self-contained HTML page of a results file: tables and figures");
  report_cmd->add_option("results", report.results, "file written by rapport run, sweep or calibrate")->required();
  report_cmd->add_option("-o,--output", report.output, "report file (.html)")->required();
  report_cmd->add_option("--baseline", report.baseline,
                         "scenario every other is compared with (default: decline_all when present)");
  report_cmd->add_flag("-f,--force", report.force, "replace an existing report");
  report_cmd->add_flag("-q,--quiet", report.quiet, "print nothing but errors");

  ExportOptions export_options;
  auto* export_cmd = cli.add_subcommand("export", "write a results file as long-format CSV tables with a data dictionary");
  export_cmd->add_option("results", export_options.results, "file written by rapport run or sweep")->required();
  export_cmd->add_option("--csv", export_options.csv_directory, "directory to create for the CSV files")->required();
  export_cmd->add_flag("-f,--force", export_options.force, "replace an existing directory");
  export_cmd->add_flag("-q,--quiet", export_options.quiet, "print nothing but errors");

  RerunOptions rerun;
  rerun.command_line = command_line;
  auto* rerun_cmd = cli.add_subcommand("rerun", "reproduce a results file from the configurations stored in it");
  rerun_cmd->add_option("results", rerun.results, "results file to reproduce")->required();
  rerun_cmd->add_option("-o,--output", rerun.output, "new results file (.h5)")->required();
  rerun_cmd->add_flag("--verify", rerun.verify,
                      "compare every dataset under /scenarios with the original, bit for bit (exit 6 if any differs)");
  rerun_cmd->add_option("--threads", rerun.threads, "worker threads (default: all cores)")->check(CLI::Range(1, 1024));
  rerun_cmd->add_flag("-f,--force", rerun.force, "replace an existing output file");
  rerun_cmd->add_flag("-q,--quiet", rerun.quiet, "print nothing but errors and the verification");

  SweepOptions sweep;
  sweep.command_line = command_line;
  auto* sweep_cmd = cli.add_subcommand("sweep", "run every point of a sweep file (docs/SENSITIVITY.md) into an HDF5 file");
  sweep_cmd->add_option("file", sweep.sweep_file, "sweep TOML file")->required()->check(CLI::ExistingFile);
  sweep_cmd->add_option("-o,--output", sweep.output, "sweep results file (.h5)")->required();
  sweep_cmd->add_option("--threads", sweep.threads, "worker threads (default: all cores)")->check(CLI::Range(1, 1024));
  auto* sweep_force = sweep_cmd->add_flag("-f,--force", sweep.force,
                                         "replace an existing output file (and discard the journal of an interrupted sweep)");
  sweep_cmd->add_flag("--resume", sweep.resume, "run only the runs missing from the journal of an interrupted sweep")
      ->excludes(sweep_force);
  sweep_cmd->add_flag("-q,--quiet", sweep.quiet, "print nothing but errors");

  SensitivityOptions sensitivity;
  auto* sensitivity_cmd = cli.add_subcommand(
      "sensitivity", "Sobol, Morris and PRCC indices of a sweep, ranked, stored in the file; policy robustness");
  sensitivity_cmd->add_option("results", sensitivity.results, "file written by rapport sweep")->required();
  sensitivity_cmd->add_flag("--csv", sensitivity.csv, "print CSV instead of a table");
  sensitivity_cmd->add_option("--compare", sensitivity.compare,
                              "A,B: share of the design where base scenario A beats B on each outcome")
      ->delimiter(',')->expected(2);
  sensitivity_cmd->add_option("--mid", sensitivity.mid,
                              "metric=value: with --compare, a win must exceed this minimum important difference "
                              "(summarize's units; defaults in docs/ANALYSIS.md)")
      ->delimiter(',')
      ->check(kMinimumImportantDifference);
  sensitivity_cmd->add_option("--resamples", sensitivity.resamples, "bootstrap resamples for Sobol intervals")
      ->check(CLI::Range(std::size_t{0}, std::size_t{100000}));

  CalibrateOptions calibrate;
  calibrate.command_line = command_line;
  auto* calibrate_cmd = cli.add_subcommand(
      "calibrate", "fit scenario parameters to target statistics by approximate Bayesian computation");
  calibrate_cmd->add_option("file", calibrate.calibration_file, "calibration TOML file (docs/CALIBRATION.md)")
      ->required();
  calibrate_cmd->add_option("-o,--output", calibrate.output, "results file (.h5) for the posterior sample")->required();
  calibrate_cmd->add_option("--scenario-out", calibrate.scenario_output,
                            "calibrated scenario file (default: OUT_calibrated.toml beside OUT.h5)");
  calibrate_cmd->add_option("--threads", calibrate.threads, "worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  calibrate_cmd->add_flag("-f,--force", calibrate.force, "replace existing output files");
  calibrate_cmd->add_flag("-q,--quiet", calibrate.quiet, "print nothing but errors");

  std::vector<std::string> validate_files, validate_overrides;
  auto* validate_cmd = cli.add_subcommand("validate", "check scenario files without running them");
  validate_cmd->add_option("files", validate_files, "scenario TOML files")->required()->check(CLI::ExistingFile);
  validate_cmd->add_option("--set", validate_overrides, "override a parameter: dotted.key=value (repeatable)");

  auto* policies_cmd = cli.add_subcommand("policies", "list the built-in friend-request policies");
  bool markdown = false;
  auto* parameters_cmd = cli.add_subcommand("parameters", "list every scenario key with default, range and source");
  parameters_cmd->add_flag("--markdown", markdown, "print the table as Markdown (docs/PARAMETERS.md)");
  auto* schedule_cmd = cli.add_subcommand("schedule", "print the phases of a simulated day, in order");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = cli.exit(e);
    return code == 0 ? kOk : kUsage;
  }

  if (*run_cmd) return run_command(run, group);
  if (*sweep_cmd) return sweep_command(sweep, group);
  if (*rerun_cmd) return rerun_command(rerun, group);
  if (group.size() > 1) {
    std::cerr << "rapport: error: only run, rerun and sweep use several processes; start '"
              << cli.get_subcommands().front()->get_name() << "' without mpirun\n";
    return kUsage;
  }
  if (*summarize_cmd) return summarize_command(summarize);
  if (*report_cmd) return report_command(report);
  if (*export_cmd) return export_command(export_options);
  if (*sensitivity_cmd) return sensitivity_command(sensitivity);
  if (*calibrate_cmd) return calibrate_command(calibrate);
  if (*validate_cmd) return validate_command(validate_files, validate_overrides);
  if (*policies_cmd) return policies_command();
  if (*parameters_cmd) return parameters_command(markdown);
  if (*schedule_cmd) return schedule_command();
  return kUsage;
}

// Whatever escapes a command is still one line on stderr, and unwinding removes any
// temporary output (an uncaught exception would abort without unwinding). In an MPI job
// only rank 0 speaks: the others would repeat its messages (they validate the same input);
// a failure of their own still reaches stderr, named by rank.
int main(int argc, char** argv) {
  const rapport::sim::ProcessGroup group(argc, argv);
  if (!group.is_root()) {
    std::cout.rdbuf(nullptr);
    std::cerr.rdbuf(nullptr);
  }
  const auto fail = [&](const std::string& message) {
    const std::string who = group.is_root() ? "rapport" : "rapport (rank " + std::to_string(group.rank()) + ")";
    std::fprintf(stderr, "%s: error: %s\n", who.c_str(), message.c_str());
    group.stop_others(rapport::app::kFailure);
    return rapport::app::kFailure;
  };
  try {
    return parse_and_run(argc, argv, group);
  } catch (const std::bad_alloc&) {
    return fail("out of memory; try a smaller population, fewer replicates or fewer --threads");
  } catch (const std::exception& e) {
    return fail(std::string("internal error: ") + e.what() + " (please report it)");
  }
}
