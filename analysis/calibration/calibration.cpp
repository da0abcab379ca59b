#include "analysis/calibration/calibration.hpp"

#include <cmath>
#include <iomanip>
#include <iterator>
#include <sstream>

#include "analysis/sweeps/point_runner.hpp"
#include "sim/hdf5_columns.hpp"
#include "sim/toml_input.hpp"

namespace rapport::analysis::calibration {
namespace {

constexpr std::string_view kPointEstimate = "posterior_mean";

std::string short_number(double x) {
  std::ostringstream out;
  out << std::setprecision(4) << x;
  return out.str();
}

}  // namespace

Problem make_problem(const CalibrationSpec& spec, const std::function<void()>& on_day) {
  Problem problem;
  for (const auto& p : spec.parameters) problem.priors.push_back(p.prior);
  for (const auto& t : spec.targets) {
    problem.targets.push_back(t.value);
    problem.scales.push_back(t.scale);
  }
  problem.simulate = [&spec, on_day, maker = point_maker(spec)](const std::vector<double>& values,
                                                               std::uint64_t seed) {
    // Two bits fewer keep the proposal's seed within run.seed's range.
    const auto point = maker.prepare(values, spec.replicates, static_cast<std::int64_t>(seed >> 2));
    std::vector<models::RunResult> runs;
    for (std::int64_t r = 0; r < point.replicates; ++r) {
      runs.push_back(point.model.run(static_cast<std::uint64_t>(point.seed), static_cast<std::uint32_t>(r), on_day));
    }
    std::vector<double> statistics;
    for (const auto& t : spec.targets) statistics.push_back(evaluate(t.definition, runs));
    return statistics;
  };
  return problem;
}

CalibrationResult calibrate(const CalibrationSpec& spec, const Observer& observer, const std::function<void()>& on_day) {
  CalibrationResult result;
  result.abc = run_abc(make_problem(spec, on_day), spec.abc, observer);
  result.posterior = summarize_posterior(result.abc.accepted, result.abc.weights);
  const auto& statistics = result.abc.accepted_statistics;
  result.posterior_statistics.assign(statistics.cols, 0.0);
  for (std::size_t r = 0; r < statistics.rows; ++r) {
    for (std::size_t c = 0; c < statistics.cols; ++c) {
      result.posterior_statistics[c] += result.abc.weights[r] * statistics.at(r, c);
    }
  }
  return result;
}

std::vector<std::string> missed_targets(const CalibrationSpec& spec, const CalibrationResult& result) {
  std::vector<std::string> missed;
  for (std::size_t k = 0; k < spec.targets.size(); ++k) {
    const auto& target = spec.targets[k];
    const double posterior = result.posterior_statistics.at(k);
    if (std::fabs(posterior - target.value) <= target.tolerance) continue;  // NaN misses
    std::ostringstream line;
    line << "the posterior misses target " << k + 1 << " (" << target.statistic << "): " << posterior
         << " against " << target.value << ", more than its tolerance " << target.tolerance
         << " (targets.tolerance, default its scale); widen the priors, run more generations, or check that the "
            "model can reach the target";
    missed.push_back(line.str());
  }
  return missed;
}

void write_calibration(sim::Hdf5File& file, const CalibrationSpec& spec, const CalibrationResult& result) {
  if (!file.exists("/calibrations")) file.create_group("/calibrations");
  const std::string group = "/calibrations/" + spec.name;
  file.create_group(group);
  const auto& abc = result.abc;
  file.set_attribute(group, "calibration", spec.text);
  file.set_attribute(group, "base", spec.base_as_written);
  file.set_attribute(group, "method", std::string(method_name(spec.abc.method)));
  file.set_attribute(group, "seed", static_cast<std::int64_t>(spec.abc.seed));
  file.set_attribute(group, "samples", static_cast<std::int64_t>(spec.abc.samples));
  file.set_attribute(group, "accept", spec.abc.accept);
  if (spec.abc.epsilon) file.set_attribute(group, "epsilon", *spec.abc.epsilon);
  file.set_attribute(group, "generations", static_cast<std::int64_t>(abc.generations.size()));
  file.set_attribute(group, "stopped_early", static_cast<std::int64_t>(abc.stopped_early ? 1 : 0));
  file.set_attribute(group, "replicates", spec.replicates);
  file.set_attribute(group, "distance", std::string("normalised_euclidean"));
  file.set_attribute(group, "point_estimate", std::string(kPointEstimate));

  using sim::Column;
  sim::write_columns(file, group, spec.parameters, Column{"parameters", &CalibratedParameter::key},
                     Column{"prior", [](const CalibratedParameter& p) { return prior_kind_name(p.prior.kind); }},
                     Column{"prior_low", [](const CalibratedParameter& p) { return p.prior.low; }},
                     Column{"prior_high", [](const CalibratedParameter& p) { return p.prior.high; }});
  file.create_group(group + "/targets");
  sim::write_columns(file, group + "/targets", spec.targets, Column{"statistic", &Target::statistic},
                     Column{"value", &Target::value}, Column{"scale", &Target::scale});

  file.write_matrix(group + "/proposals", abc.proposals);
  file.write_vector(group + "/proposal_generation", abc.proposal_generation);
  file.write_vector(group + "/distances", abc.distances);
  file.write_matrix(group + "/statistics", abc.statistics);
  file.write_matrix(group + "/accepted", abc.accepted);
  file.write_vector(group + "/weights", abc.weights);
  file.write_vector(group + "/accepted_distances", abc.accepted_distances);
  file.write_matrix(group + "/accepted_statistics", abc.accepted_statistics);
  file.write_vector(group + "/posterior_statistics", result.posterior_statistics);

  sim::write_columns(file, group, abc.generations, Column{"epsilons", &GenerationRecord::epsilon},
                     Column{"generation_proposals", &GenerationRecord::proposed},
                     Column{"generation_accepted", &GenerationRecord::accepted});

  const std::string summary = group + "/posterior_summary";
  file.create_group(summary);
  sim::write_columns(file, summary, result.posterior, Column{"mean", &ParameterSummary::mean},
                     Column{"sd", &ParameterSummary::sd}, Column{"q025", &ParameterSummary::q025},
                     Column{"median", &ParameterSummary::median}, Column{"q975", &ParameterSummary::q975});
}

std::string calibrated_scenario_text(const CalibrationSpec& spec, const CalibrationResult& result,
                                     const std::filesystem::path& scenario_file, const std::string& results_file,
                                     const std::string& created) {
  namespace fs = std::filesystem;
  // `extends` is relative to the folder of the file that names it, so a calibrated scenario
  // written into a repository can move with it; only when the two share nothing but the
  // root (e.g. a scratch folder) is the absolute path clearer.
  const fs::path folder = fs::weakly_canonical(fs::absolute(scenario_file)).parent_path();
  const fs::path base = fs::weakly_canonical(fs::absolute(spec.base));
  const bool share_a_folder = std::distance(folder.begin(), folder.end()) > 1 &&
                              std::distance(base.begin(), base.end()) > 1 &&
                              *std::next(folder.begin()) == *std::next(base.begin());
  fs::path extends = share_a_folder ? base.lexically_relative(folder) : base;
  if (extends.empty()) extends = base;

  std::ostringstream text;
  text << "# Calibrated scenario written by `rapport calibrate` on " << created << "\n"
       << "# from the calibration file " << spec.file.generic_string() << " (ABC " << method_name(spec.abc.method)
       << ", " << result.abc.accepted.rows << " accepted samples, seed " << spec.abc.seed << ").\n"
       << "# Posterior sample and statistics: " << results_file << ", group /calibrations/" << spec.name << ".\n"
       << "# Each calibrated key is set to its posterior mean; 95% posterior intervals:\n";
  for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
    const auto& s = result.posterior[i];
    text << "#   " << spec.parameters[i].key << ": " << short_number(s.mean) << " [" << short_number(s.q025) << ", "
         << short_number(s.q975) << "]\n";
  }
  if (!spec.set.empty()) {
    text << "# Simulations of the calibration also set (not applied here):";
    for (const auto& [key, setting] : spec.set) text << ' ' << key << '=' << sim::toml_literal(setting.value);
    text << "\n";
  }
  text << "\nextends = " << sim::toml_literal(extends.generic_string()) << "\n\n";
  for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
    text << spec.parameters[i].key << " = " << sim::shortest_decimal(result.posterior[i].mean) << "\n";
  }
  return text.str();
}

}  // namespace rapport::analysis::calibration
