// The rapport CLI: one file per command. Each registers its own options on its CLI11
// subcommand and returns how to run it; main.cpp lists the commands in one table.
// Adding a command: its file, its row in main.cpp's table, its declaration below.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace CLI {
class App;
}  // namespace CLI

namespace rapport::sim {
class ProcessGroup;
}  // namespace rapport::sim

namespace rapport::app {

// Exit codes, documented in the README.
enum ExitCode : int {
  kOk = 0,
  kFailure = 1,        // unexpected internal error
  kUsage = 2,          // bad command-line syntax or value
  kBadInput = 3,       // a scenario file or --set value is invalid
  kOutputError = 4,    // results file exists, cannot be written, or is not a rapport file
  kInterrupted = 5,    // SIGINT/SIGTERM/SIGHUP: stopped, nothing written
  kNotReproduced = 6,  // rerun --verify: the reproduction differs from the original
};

// What every command gets when it runs, besides its own options.
struct Invocation {
  const sim::ProcessGroup& group;
  std::string command_line;  // as typed; stored in the files a command writes
};

using CommandRunner = std::function<int(const Invocation&)>;

// Each registers its options on `command` and returns how to run it (file: app/<name>_command.cpp).
CommandRunner define_run(CLI::App& command);
CommandRunner define_summarize(CLI::App& command);
CommandRunner define_report(CLI::App& command);
CommandRunner define_export(CLI::App& command);
CommandRunner define_rerun(CLI::App& command);
CommandRunner define_sweep(CLI::App& command);
CommandRunner define_sensitivity(CLI::App& command);
CommandRunner define_calibrate(CLI::App& command);
CommandRunner define_decide(CLI::App& command);
CommandRunner define_explain(CLI::App& command);
CommandRunner define_validate(CLI::App& command);
CommandRunner define_policies(CLI::App& command);
CommandRunner define_parameters(CLI::App& command);
CommandRunner define_schedule(CLI::App& command);

struct LongCommandOptions;
struct JournaledCommandOptions;

// Registers FILE, -o/--output, --threads, -f/--force, --resume and -q/--quiet of a journaled
// command (sweep, decide); `what` names the work in the help ("sweep", "decision").
void add_journaled_command_options(CLI::App& command, JournaledCommandOptions& options, const std::string& file_help,
                                   const std::string& output_help, const std::string& what);

// `rerun` of a file written by `rapport sweep` (sweep_command.cpp): the stored sweep run again
// into common.output; with `verify`, then compared with the original as verify_reproduction does.
int rerun_sweep(const std::string& results, const LongCommandOptions& common, bool verify,
                const Invocation& invocation);
// `rerun --verify` (rerun_command.cpp): compares every dataset and attribute under `group` of the
// reproduction with the original, prints `bit-identical` or each difference; kOk or kNotReproduced.
int verify_reproduction(const std::string& original, const std::string& reproduction, const std::string& group);

// `--mid metric=value` (repeatable or comma-separated), shared by summarize and sensitivity and
// checked by the parser they use (analysis/outcome_rules.hpp).
void add_minimum_important_difference_option(CLI::App& command, std::vector<std::string>& mid,
                                             const std::string& description);

}  // namespace rapport::app
