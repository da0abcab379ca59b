// `rapport decide`: a probabilistic sensitivity analysis of a guideline decision; the plan
// is app/decide_plan.hpp, shared with the Python module.
#include <CLI/CLI.hpp>

#include <memory>

#include "app/commands.hpp"
#include "app/decide_plan.hpp"

namespace rapport::app {

CommandRunner define_decide(CLI::App& command) {
  auto options = std::make_shared<JournaledCommandOptions>();
  add_journaled_command_options(command, *options, "decision TOML file (docs/DECISION.md)", "decision results file (.h5)", "decision");
  return [options](const Invocation& invocation) {
    DecidePlan plan(*options);
    return run_long_command(plan, orchestrator_options(*options), invocation);
  };
}

}  // namespace rapport::app
