// `rapport decide`: a probabilistic sensitivity analysis of a guideline decision. Every PSA
// run (draw, policy, replicate) goes through the job farm like a sweep's, with a journal
// for --resume; then the deterministic threshold evaluations, the analysis of
// docs/DECISION.md, /decisions/<name>/ and the quotable summary.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <optional>

#include "analysis/decision/decision_runs.hpp"
#include "app/commands.hpp"
#include "app/journaled_runs.hpp"
#include "app/long_command.hpp"
#include "sim/hdf5_file.hpp"
#include "sim/job_farm.hpp"
#include "sim/parallel.hpp"

namespace rapport::app {
namespace {

namespace fs = std::filesystem;

class DecidePlan : public LongCommand {
 public:
  explicit DecidePlan(const JournaledCommandOptions& options) : options_(options) {}

  void load() override {
    auto spec = analysis::load_decision_file(options_.input_file);
    inputs_ = spec.policy_files;
    inputs_.push_back(spec.file);
    runs_.emplace(std::move(spec));
    journaled_.emplace(runs_->psa());
  }
  [[nodiscard]] std::vector<fs::path> inputs() const override { return inputs_; }
  [[nodiscard]] std::uint64_t expected_bytes() const override {
    return runs_->psa().size() * analysis::kDecisionOutcomes * sizeof(double);
  }

  void prepare(const LongCommandOptions& common) override {
    const auto& spec = runs_->spec();
    journaled_->open(common, options_.resume, journal_fingerprint(spec.toml_text, spec.policy_configs()),
                     analysis::kDecisionOutcomes, "decision");
  }

  bool work(const Session& session) override {
    const auto& spec = runs_->spec();
    if (!session.quiet()) {
      std::cerr << "rapport: decision '" << spec.name << "': " << spec.draws << " draws x " << spec.policies.size()
                << " policies x " << spec.replicates << " replicate(s) = " << runs_->psa().size() << " PSA runs";
      if (journaled_->resumed() > 0) {
        std::cerr << " (" << journaled_->resumed() << " already in " << journaled_->journal_path() << ", "
                  << journaled_->to_go() << " to go)";
      }
      std::cerr << " on " << session.group().size() << " process(es) x " << session.threads() << " thread(s)\n";
    }
    if (!journaled_->run_all(session, "deciding")) return false;
    // The deterministic part needs every result before its next step, so it runs on the
    // root alone (threads only); it is a small share of the work.
    if (session.group().is_root()) deterministic_analyses(session);
    return true;
  }

  void write(sim::Hdf5File& results, const Session& /*session*/) override {
    analysis::write_decision(results, inputs_of_analysis_, results_);
    const std::string root = "/decisions/" + runs_->spec().name;
    results.set_attribute(root, "decision_toml", runs_->spec().toml_text);
    results.write_strings(root + "/policy_configs", runs_->spec().policy_configs());
  }

  [[nodiscard]] std::string what_is_kept() const override { return journaled_->what_is_kept(); }

  int finish(const Session& session) override {
    journaled_->remove_journal();
    if (!session.quiet()) {
      std::cout << "Decision '" << runs_->spec().name << "': " << session.seconds() << " s\n"
                << analysis::quotable_summary(inputs_of_analysis_, results_) << "\nResults: " << options_.common.output
                << "  (/decisions/" << runs_->spec().name << ", docs/DECISION.md)\n";
    }
    return kOk;
  }

 private:
  // Runs a batch of deterministic evaluations on this process's threads: expected net
  // benefit per point and policy at the headline willingness to pay.
  sim::Matrix evaluate(const sim::Matrix& points, const std::function<void()>& on_day) const {
    auto batch = runs_->evaluation(points);
    std::vector<std::vector<double>> outcomes(batch.size());
    sim::parallel_for_index(batch.size(), [&](std::size_t run) { outcomes[run] = batch.run(run, on_day); });
    for (std::size_t run = 0; run < batch.size(); ++run) batch.store(run, outcomes[run]);
    return runs_->expected_net_benefit(batch.outcomes(), points.rows);
  }

  void deterministic_analyses(const Session& session) {
    const auto& spec = runs_->spec();
    inputs_of_analysis_ = analysis::decision_inputs(*runs_);
    if (spec.threshold) {
      const auto on_day = [] { throw_if_stopped(); };
      const analysis::DecisionEvaluator evaluator = [&](const sim::Matrix& points) { return evaluate(points, on_day); };
      if (!session.quiet()) std::cerr << "rapport: threshold analysis (" << spec.parameters.size() << " parameters)\n";
      const auto base = runs_->base();
      const sim::Matrix base_point{1, base.size(), base};
      const auto at_base = evaluator(base_point);
      inputs_of_analysis_.base_net_benefit = at_base.values;
      inputs_of_analysis_.one_way = analysis::one_way_analysis(
          base, inputs_of_analysis_.ranges, evaluator, {.grid_points = spec.grid_points, .tolerance = spec.tolerance});
      if (spec.two_way) {
        const auto [first, second] = *spec.two_way;
        inputs_of_analysis_.two_way_pair = spec.two_way;
        inputs_of_analysis_.two_way =
            analysis::two_way_map(base, first, spec.parameters[first].range, second, spec.parameters[second].range,
                                  spec.two_way_levels, evaluator);
      }
    }
    results_ = analysis::analyse_decision(inputs_of_analysis_);
  }

  const JournaledCommandOptions& options_;
  std::vector<fs::path> inputs_;
  std::optional<analysis::DecisionRuns> runs_;
  std::optional<JournaledRuns<analysis::DecisionBatch>> journaled_;
  analysis::DecisionInputs inputs_of_analysis_;
  analysis::DecisionResults results_;
};

}  // namespace

CommandRunner define_decide(CLI::App& command) {
  auto options = std::make_shared<JournaledCommandOptions>();
  add_journaled_command_options(command, *options, "decision TOML file (docs/DECISION.md)", "decision results file (.h5)", "decision");
  return [options](const Invocation& invocation) {
    DecidePlan plan(*options);
    return run_long_command(plan, orchestrator_options(*options), invocation);
  };
}

}  // namespace rapport::app
