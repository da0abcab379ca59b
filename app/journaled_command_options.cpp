// The command-line options of the journaled commands (sweep, decide).
#include <CLI/CLI.hpp>

#include "app/commands.hpp"
#include "app/journaled_runs.hpp"

namespace rapport::app {

void add_journaled_command_options(CLI::App& command, JournaledCommandOptions& options, const std::string& file_help,
                                   const std::string& output_help, const std::string& what) {
  command.add_option("file", options.input_file, file_help)->required()->check(CLI::ExistingFile);
  command.add_option("-o,--output", options.common.output, output_help)->required();
  command.add_option("--threads", options.common.threads, "worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  auto* force = command.add_flag("-f,--force", options.common.force,
                                 "replace an existing output file (and discard the journal of an interrupted " + what + ")");
  command.add_flag("--resume", options.resume, "run only the runs missing from the journal of an interrupted " + what)
      ->excludes(force);
  command.add_flag("-q,--quiet", options.common.quiet, "print nothing but errors");
}

}  // namespace rapport::app
