// `rapport sweep`: validate a sweep file, run it and write /sweeps/<name>/ (the plan is
// app/sweep_plan.hpp, shared with the Python module); `rerun` of a sweep file.
#include <CLI/CLI.hpp>

#include <memory>

#include "app/commands.hpp"
#include "app/sweep_plan.hpp"

namespace rapport::app {
namespace {

// A sweep file run again from what it stores, then compared with it.
class VerifiedSweepRerun : public SweepPlan {
 public:
  VerifiedSweepRerun(const JournaledCommandOptions& options, const std::string& original)
      : SweepPlan(options, original), original_(original), output_(options.common.output) {}

  int finish(const Session& session) override {
    const int status = SweepPlan::finish(session);
    return status == kOk ? verify_reproduction(original_, output_, "/sweeps") : status;
  }

 private:
  std::string original_;
  std::string output_;
};

}  // namespace

int rerun_sweep(const std::string& results, const LongCommandOptions& common, bool verify,
                const Invocation& invocation) {
  const JournaledCommandOptions options{common, results, false};
  if (verify) {
    VerifiedSweepRerun plan(options, results);
    return run_long_command(plan, orchestrator_options(options), invocation);
  }
  SweepPlan plan(options, results);
  return run_long_command(plan, orchestrator_options(options), invocation);
}

CommandRunner define_sweep(CLI::App& command) {
  auto options = std::make_shared<JournaledCommandOptions>();
  add_journaled_command_options(command, *options, "sweep TOML file", "sweep results file (.h5)", "sweep");
  return [options](const Invocation& invocation) {
    SweepPlan plan(*options);
    return run_long_command(plan, orchestrator_options(*options), invocation);
  };
}

}  // namespace rapport::app
