#include "app/simulation.hpp"

#include <iomanip>
#include <iostream>
#include <numeric>

#include "analysis/statistics.hpp"
#include "analysis/summary.hpp"
#include "models/results_writer.hpp"
#include "sim/hdf5_file.hpp"
#include "sim/memory.hpp"

namespace rapport::app {

std::vector<std::string> ScenarioOverrides::assignments() const {
  std::vector<std::string> all = set;
  if (replicates) all.push_back("run.replicates=" + std::to_string(*replicates));
  if (seed) all.push_back("run.seed=" + std::to_string(*seed));
  if (days) all.push_back("run.days=" + std::to_string(*days));
  return all;
}
namespace {

// Different days or replicates cannot be paired by `summarize --baseline`, different seeds
// lose common random numbers: said before simulating, while the fix costs nothing.
void warn_if_run_settings_differ(const std::vector<Scenario>& scenarios) {
  std::vector<analysis::RunSettings> settings;
  for (const auto& s : scenarios) {
    settings.push_back({s.config.name, s.params.run.days, s.params.run.replicates, s.params.run.seed});
  }
  if (const auto difference = analysis::run_settings_difference(settings)) {
    std::cerr << "rapport: warning: " << *difference << '\n';
  }
}

// Mean over replicates of a metric's per-replicate statistic, the one `rapport summarize`
// reports (analysis/summary.hpp): final day of a level, daily mean of a flow.
double replicate_mean(const std::vector<models::RunResult>& runs, models::MetricId metric) {
  const auto m = static_cast<std::size_t>(metric);
  const auto& spec = models::metric_table()[m];
  analysis::MetricSeries series{std::string(spec.name), spec.reduction, std::string(spec.units), {runs.size(), runs.front().series.n_days(), {}}};
  for (const auto& r : runs) {
    for (std::size_t t = 0; t < r.series.n_days(); ++t) series.values.values.push_back(r.series.at(m, t));
  }
  return analysis::summarize_sample(analysis::per_replicate(series.values, analysis::summary_statistic(series))).mean;
}

void print_summary(const std::vector<Scenario>& scenarios, const std::vector<std::vector<models::RunResult>>& results,
                   const std::string& output) {
  using models::metric;
  std::cout << "\nMeans over replicates (as rapport summarize: final day of levels, daily mean of flows):\n"
            << std::left << std::setw(20) << "scenario" << std::right << std::setw(10) << "trust" << std::setw(11)
            << "adherence" << std::setw(14) << "requests/day" << std::setw(14) << "accepted/day" << std::setw(14)
            << "messages/day" << std::setw(13) << "min/day p90" << std::setw(10) << "breaches" << '\n';
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    const auto& runs = results[s];
    std::cout << std::left << std::setw(20) << scenarios[s].config.name << std::right << std::fixed
              << std::setprecision(4) << std::setw(10) << replicate_mean(runs, metric("trust_mean")) << std::setw(11)
              << replicate_mean(runs, metric("adherence_mean")) << std::setprecision(3) << std::setw(14)
              << replicate_mean(runs, metric("friend_requests")) << std::setw(14)
              << replicate_mean(runs, metric("requests_accepted")) << std::setprecision(1) << std::setw(14)
              << replicate_mean(runs, metric("messages")) << std::setw(13)
              << replicate_mean(runs, metric("physician_minutes_p90")) << std::setprecision(2) << std::setw(10)
              << replicate_mean(runs, metric("breaches_cumulative")) << '\n';
  }
  std::cout << "\nResults: " << output << "  (layout: docs/RESULTS.md; intervals: rapport summarize)\n";
}

// Refuses, before anything is allocated, a run the machine cannot hold: every thread holds
// one replicate's world at a time, and every finished replicate keeps its daily series.
void check_memory(const std::vector<Scenario>& scenarios, int threads, std::size_t jobs) {
  const auto available = sim::available_memory_bytes();
  if (!available) return;
  std::uint64_t largest = 0, results = 0;
  const Scenario* biggest = &scenarios.front();
  for (const auto& s : scenarios) {
    results += models::result_bytes(s.params) * static_cast<std::uint64_t>(s.params.run.replicates);
    if (const auto bytes = models::estimated_replicate_bytes(s.params); bytes > largest) {
      largest = bytes;
      biggest = &s;
    }
  }
  const auto at_once = static_cast<std::uint64_t>(std::min<std::size_t>(static_cast<std::size_t>(threads), jobs));
  const std::uint64_t needed = largest * at_once + results;
  if (needed <= *available) return;
  const auto& population = biggest->params.population;
  throw CommandError(kBadInput,
                     biggest->config.name + ": " + std::to_string(population.physicians) + " physicians x " +
                         std::to_string(population.patients_per_physician) + " patients need about " +
                         sim::readable_bytes(largest) + " per replicate, " + std::to_string(at_once) +
                         " at once on " + std::to_string(threads) + " threads, plus " + sim::readable_bytes(results) +
                         " of daily series: about " + sim::readable_bytes(needed) + ", but " +
                         sim::readable_bytes(*available) +
                         " is available; use fewer --threads, fewer patients (population.*) or fewer days or "
                         "replicates");
}

}  // namespace

std::uint64_t expected_results_bytes(const std::vector<Scenario>& scenarios) {
  // Deflate shrinks the daily series several-fold; an eighth of their raw size is a floor
  // that only an already (nearly) full disk fails.
  std::uint64_t values = 0;
  for (const auto& s : scenarios) {
    values += static_cast<std::uint64_t>(s.params.run.replicates * s.params.run.days) * models::metric_table().size();
  }
  return values * sizeof(double) / 8;
}

std::optional<ScenarioRuns> simulate(const std::vector<Scenario>& scenarios, const Session& session) {
  struct Job {
    std::size_t scenario;
    std::uint32_t replicate;
  };
  std::vector<Job> jobs;
  std::uint64_t total_days = 0;
  ScenarioRuns results(scenarios.size());
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    const auto& run = scenarios[s].params.run;
    results[s].resize(static_cast<std::size_t>(run.replicates), models::RunResult{});
    for (std::int64_t r = 0; r < run.replicates; ++r) jobs.push_back({s, static_cast<std::uint32_t>(r)});
    total_days += static_cast<std::uint64_t>(run.replicates * run.days);
  }
  check_memory(scenarios, session.threads(), jobs.size());
  std::vector<std::size_t> job_indices(jobs.size());  // every job, in order
  std::iota(job_indices.begin(), job_indices.end(), std::size_t{0});

  std::vector<models::Model> models;
  for (const auto& s : scenarios) models.emplace_back(s.params);
  const auto progress = session.progress(total_days, "simulating");
  const auto on_day = [&] {
    throw_if_stopped();
    progress->tick();
  };
  const std::size_t finished = session.run_jobs(
      job_indices,
      [&](std::size_t j) {
        const auto& job = jobs[j];
        return models::to_bytes(models[job.scenario].run(
            static_cast<std::uint64_t>(scenarios[job.scenario].params.run.seed), job.replicate, on_day));
      },
      [&](std::size_t j, sim::Bytes bytes, bool local) {
        const auto& job = jobs[j];
        results[job.scenario][job.replicate] = models::run_result_from_bytes(bytes);
        if (!local) progress->tick(static_cast<std::uint64_t>(scenarios[job.scenario].params.run.days));
      });
  progress->finish();
  if (finished != jobs.size()) return std::nullopt;
  return results;
}

void write_scenarios(sim::Hdf5File& file, const std::vector<Scenario>& scenarios, const ScenarioRuns& runs) {
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    models::write_scenario(file, scenarios[s].config, scenarios[s].params, runs[s]);
  }
}

SimulationPlan::SimulationPlan(std::function<std::vector<Scenario>()> load_scenarios,
                               std::vector<std::filesystem::path> inputs, std::string output, bool force)
    : load_scenarios_(std::move(load_scenarios)), inputs_(std::move(inputs)), output_(std::move(output)), force_(force) {}

void SimulationPlan::load() {
  scenarios_ = load_scenarios_();
  warn_if_run_settings_differ(scenarios_);
  for (const auto& s : scenarios_) inputs_.push_back(s.config.file);
}

std::uint64_t SimulationPlan::expected_bytes() const { return expected_results_bytes(scenarios_); }

bool SimulationPlan::work(const Session& session) {
  auto runs = simulate(scenarios_, session);
  if (!runs) return false;
  results_ = std::move(*runs);
  return true;
}

void SimulationPlan::write(sim::Hdf5File& results, const Session& /*session*/) {
  write_scenarios(results, scenarios_, results_);
}

std::string SimulationPlan::what_is_kept() const {
  return "nothing was written to " + output_ + (force_ ? " (any existing file is untouched)" : "");
}

int SimulationPlan::finish(const Session& session) {
  if (!session.quiet()) print_summary(scenarios_, results_, output_);
  return kOk;
}

}  // namespace rapport::app
