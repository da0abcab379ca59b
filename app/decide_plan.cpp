#include "app/decide_plan.hpp"

#include <iostream>

#include "sim/hdf5_file.hpp"
#include "sim/job_farm.hpp"
#include "sim/parallel.hpp"

namespace rapport::app {

void DecidePlan::load() {
  auto spec = analysis::load_decision_file(options_.input_file);
  inputs_ = spec.policy_files;
  inputs_.push_back(spec.file);
  runs_.emplace(std::move(spec));
  journaled_.emplace(runs_->psa());
}

std::uint64_t DecidePlan::expected_bytes() const {
  return runs_->psa().size() * analysis::kDecisionOutcomes * sizeof(double);
}

void DecidePlan::prepare(const LongCommandOptions& common) {
  const auto& spec = runs_->spec();
  journaled_->open(common, options_.resume, journal_fingerprint(spec.toml_text, spec.policy_configs()),
                   analysis::kDecisionOutcomes, "decision");
}

bool DecidePlan::work(const Session& session) {
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

void DecidePlan::write(sim::Hdf5File& results, const Session& /*session*/) {
  analysis::write_decision(results, inputs_of_analysis_, results_);
  const std::string root = "/decisions/" + runs_->spec().name;
  results.set_attribute(root, "decision_toml", runs_->spec().toml_text);
  results.write_strings(root + "/policy_configs", runs_->spec().policy_configs());
}

int DecidePlan::finish(const Session& session) {
  journaled_->remove_journal();
  if (!session.quiet()) {
    std::cout << "Decision '" << runs_->spec().name << "': " << session.seconds() << " s\n"
              << analysis::quotable_summary(inputs_of_analysis_, results_) << "\nResults: " << options_.common.output
              << "  (/decisions/" << runs_->spec().name << ", docs/DECISION.md)\n";
  }
  return kOk;
}

sim::Matrix DecidePlan::evaluate(const sim::Matrix& points, const std::function<void()>& on_day) const {
  auto batch = runs_->evaluation(points);
  std::vector<std::vector<double>> outcomes(batch.size());
  sim::parallel_for_index(batch.size(), [&](std::size_t run) { outcomes[run] = batch.run(run, on_day); });
  for (std::size_t run = 0; run < batch.size(); ++run) batch.store(run, outcomes[run]);
  return runs_->expected_net_benefit(batch.outcomes(), points.rows);
}

void DecidePlan::deterministic_analyses(const Session& session) {
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

}  // namespace rapport::app
