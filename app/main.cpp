// rapport: simulate physicians' social-media policies (see README.md).
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <new>

#include "app/commands.hpp"
#include "app/version.hpp"
#include "sim/job_farm.hpp"
#include "sim/memory.hpp"

namespace {

using namespace rapport::app;

// Every command: its name, its one-line description, whether it may spread its work over
// the processes of an MPI job, and the function that registers its options.
struct CommandRow {
  const char* name;
  const char* description;
  bool uses_processes;
  CommandRunner (*define)(CLI::App& command);
};

constexpr CommandRow kCommands[] = {
    {"run", "run scenarios and write results to an HDF5 file", true, define_run},
    {"summarize", "statistics across replicates, with 95% intervals and paired differences", false, define_summarize},
    {"report", "write one self-contained HTML page of a results file: tables and figures", false, define_report},
    {"export", "write a results file as long-format CSV tables with a data dictionary", false, define_export},
    {"rerun", "reproduce a results file from the configurations stored in it", true, define_rerun},
    {"sweep", "run every point of a sweep file (docs/SENSITIVITY.md) into an HDF5 file", true, define_sweep},
    {"sensitivity", "Sobol, Morris and PRCC indices of a sweep, ranked, stored in the file; policy robustness", false,
     define_sensitivity},
    {"calibrate", "fit scenario parameters to target statistics by approximate Bayesian computation", false,
     define_calibrate},
    {"decide", "probabilistic sensitivity analysis of a guideline decision (docs/DECISION.md)", true, define_decide},
    {"explain", "attribute the difference between two policies to mechanisms, switching each off in turn", false,
     define_explain},
    {"validate", "check scenario files without running them", false, define_validate},
    {"policies", "list the built-in friend-request policies", false, define_policies},
    {"parameters", "list every scenario key with default, range and source", false, define_parameters},
    {"schedule", "print the phases of a simulated day, in order", false, define_schedule},
};

// CLI11's own failure text spans two lines; rapport prints every error as one line.
std::string one_line_usage_error(const CLI::App* /*app*/, const CLI::Error& e) {
  std::string text = e.what();
  std::replace(text.begin(), text.end(), '\n', ' ');
  return "rapport: error: " + text + " (see rapport --help)\n";
}

int parse_and_run(int argc, char** argv, const rapport::sim::ProcessGroup& group) {
  CLI::App cli{"rapport: what physicians' social-media policies do to trust, adherence, workload and breaches"};
  cli.set_version_flag("--version", std::string("rapport ") + kVersion);
  cli.require_subcommand(1);
  cli.failure_message(one_line_usage_error);

  std::string command_line;
  for (int i = 0; i < argc; ++i) command_line += (i ? " " : "") + std::string(argv[i]);

  std::vector<std::pair<const CommandRow*, std::pair<CLI::App*, CommandRunner>>> commands;
  for (const auto& row : kCommands) {
    auto* subcommand = cli.add_subcommand(row.name, row.description);
    commands.push_back({&row, {subcommand, row.define(*subcommand)}});
  }
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = cli.exit(e);
    return code == 0 ? kOk : kUsage;
  }
  for (const auto& [row, command] : commands) {
    if (!command.first->parsed()) continue;
    if (group.size() > 1 && !row->uses_processes) {
      std::cerr << "rapport: error: only run, rerun, sweep and decide use several processes; start '" << row->name
                << "' without mpirun\n";
      return kUsage;
    }
    return command.second(Invocation{group, command_line});
  }
  return kUsage;
}

}  // namespace

// Whatever escapes a command is still one line on stderr, and unwinding removes any
// temporary output (an uncaught exception would abort without unwinding). In an MPI job
// only rank 0 speaks: the others would repeat its messages (they validate the same input);
// a failure of their own still reaches stderr, named by rank.
int main(int argc, char** argv) {
  rapport::sim::keep_freed_memory_for_reuse();
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
