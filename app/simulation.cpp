// Simulates all (scenario, replicate) pairs in parallel (threads, and MPI ranks in an MPI
// build) with shared seeds, writes one HDF5 file atomically and prints a short summary.
#include "app/simulation.hpp"

#include <tbb/info.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <ctime>
#include <iomanip>
#include <numeric>
#include <iostream>
#include <optional>

#include "analysis/statistics.hpp"
#include "analysis/summary.hpp"
#include "app/commands.hpp"
#include "app/version.hpp"
#include "models/model.hpp"
#include "models/results_writer.hpp"
#include "sim/atomic_output.hpp"
#include "sim/job_farm.hpp"
#include "sim/progress.hpp"

namespace rapport::app {
namespace {

// The signal that asked us to stop (0: none). Checked once per simulated day and
// before the results are moved into place.
std::atomic<int> g_stop_signal{0};
extern "C" void request_stop(int signal) { g_stop_signal.store(signal); }

struct Interrupted {};

std::string host_name() {
  char name[256] = {};
  return ::gethostname(name, sizeof name - 1) == 0 ? name : "unknown";
}

void warn_if_seeds_differ(const std::vector<Scenario>& scenarios) {
  for (const auto& s : scenarios) {
    if (s.params.run.seed != scenarios.front().params.run.seed) {
      std::cerr << "rapport: warning: scenarios use different run.seed values, so they do not share random "
                   "streams; pass --seed to compare them with common random numbers\n";
      return;
    }
  }
}

// Mean over replicates of a metric's per-replicate statistic (analysis/summary.hpp).
double replicate_mean(const std::vector<models::RunResult>& runs, models::Metric metric) {
  const auto m = static_cast<std::size_t>(metric);
  sim::Matrix series{runs.size(), runs.front().series.n_days(), {}};
  for (const auto& r : runs) {
    for (std::size_t t = 0; t < r.series.n_days(); ++t) series.values.push_back(r.series.at(m, t));
  }
  const auto statistic = analysis::statistic_for(models::metric_table()[m].reduction);
  return analysis::summarize_sample(analysis::per_replicate(series, statistic)).mean;
}

void print_summary(const std::vector<Scenario>& scenarios, const std::vector<std::vector<models::RunResult>>& results,
                   const std::string& output) {
  using models::Metric;
  std::cout << "\nMeans over replicates (final day for levels, run totals for counts):\n"
            << std::left << std::setw(20) << "scenario" << std::right << std::setw(10) << "trust" << std::setw(11)
            << "adherence" << std::setw(10) << "requests" << std::setw(10) << "accepted" << std::setw(11)
            << "messages" << std::setw(13) << "min/day p90" << std::setw(10) << "breaches" << '\n';
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    const auto& runs = results[s];
    std::cout << std::left << std::setw(20) << scenarios[s].config.name << std::right << std::fixed
              << std::setprecision(4) << std::setw(10) << replicate_mean(runs, Metric::kTrustMean) << std::setw(11)
              << replicate_mean(runs, Metric::kAdherenceMean) << std::setprecision(1) << std::setw(10)
              << replicate_mean(runs, Metric::kFriendRequests) << std::setw(10)
              << replicate_mean(runs, Metric::kRequestsAccepted) << std::setw(11)
              << replicate_mean(runs, Metric::kMessages) << std::setw(13)
              << replicate_mean(runs, Metric::kPhysicianMinutesP90) << std::setprecision(2) << std::setw(10)
              << replicate_mean(runs, Metric::kBreachesCumulative) << '\n';
  }
  std::cout << "\nResults: " << output << "  (layout: README.md, \"HDF5 results\"; intervals: rapport summarize)\n";
}

}  // namespace

void catch_stop_signals() {
  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);
}

bool stop_requested() { return g_stop_signal.load(std::memory_order_relaxed) != 0; }

std::string utc_now_iso8601() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

void write_file_header(sim::Hdf5File& file, const std::string& command_line) {
  file.set_attribute("/", "format", std::string("rapport"));
  file.set_attribute("/", "format_version", models::kFormatVersion);
  file.set_attribute("/", "rapport_version", std::string(kVersion));
  file.set_attribute("/", "created", utc_now_iso8601());
  file.set_attribute("/", "command", command_line);
}

ThreadLimit::ThreadLimit(int requested, int extra_threads)
    : threads_(requested > 0 ? requested : tbb::info::default_concurrency()),
      control_(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads_ + extra_threads)) {}

void write_provenance(sim::Hdf5File& file, double wall_seconds, int threads, int processes,
                      const std::map<std::string, std::string>& extra) {
  file.create_group("/provenance");
  file.set_attribute("/provenance", "wall_seconds", wall_seconds);
  file.set_attribute("/provenance", "host", host_name());
  file.set_attribute("/provenance", "threads", static_cast<std::int64_t>(threads));
  file.set_attribute("/provenance", "processes", static_cast<std::int64_t>(processes));
  for (const auto& [name, value] : extra) file.set_attribute("/provenance", name, value);
}

int simulate_and_write(const SimulationRequest& request, const sim::ProcessGroup& group) {
  const auto& scenarios = request.scenarios;
  if (group.is_root()) warn_if_seeds_differ(scenarios);

  // Handlers first: from the moment the temporary file exists, a signal must let us remove it.
  catch_stop_signals();
  std::optional<sim::AtomicOutput> output;
  int status = kOk;
  if (group.is_root()) {
    try {
      output.emplace(request.output, request.force);
    } catch (const sim::OutputError& e) {
      std::cerr << "rapport: error: " << e.what() << '\n';
      status = kOutputError;
    }
  }
  if (const int agreed = group.agree(status); agreed != kOk) return agreed;

  const ThreadLimit thread_limit(request.threads, sim::ProcessGroup::coordinator_threads());

  struct Job {
    std::size_t scenario;
    std::uint32_t replicate;
  };
  std::vector<Job> jobs;
  std::uint64_t total_days = 0;
  std::vector<std::vector<models::RunResult>> results(scenarios.size());
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    const auto& run = scenarios[s].params.run;
    results[s].resize(static_cast<std::size_t>(run.replicates), models::RunResult{sim::DailySeries(0, 0), {}, {}, {}});
    for (std::int64_t r = 0; r < run.replicates; ++r) jobs.push_back({s, static_cast<std::uint32_t>(r)});
    total_days += static_cast<std::uint64_t>(run.replicates * run.days);
  }
  std::vector<std::size_t> job_indices(jobs.size());  // every job, in order
  std::iota(job_indices.begin(), job_indices.end(), std::size_t{0});

  const auto started = std::chrono::steady_clock::now();
  std::vector<models::Model> models;
  for (const auto& s : scenarios) models.emplace_back(s.params);
  sim::ProgressBar progress(request.quiet || !group.is_root() ? 0 : total_days, "simulating");
  const auto on_day = [&] {
    if (stop_requested()) throw Interrupted{};
    progress.tick();
  };
  std::size_t finished = 0;
  sim::run_jobs(group, job_indices, thread_limit.threads(),
                {.run = [&](std::size_t j) -> std::optional<sim::Bytes> {
                   const auto& job = jobs[j];
                   try {
                     return models::to_bytes(models[job.scenario].run(
                         static_cast<std::uint64_t>(scenarios[job.scenario].params.run.seed), job.replicate, on_day));
                   } catch (const Interrupted&) {
                     return std::nullopt;
                   }
                 },
                 .on_result =
                     [&](std::size_t j, sim::Bytes bytes, bool local) {
                       const auto& job = jobs[j];
                       results[job.scenario][job.replicate] = models::run_result_from_bytes(bytes);
                       ++finished;
                       if (!local) progress.tick(static_cast<std::uint64_t>(scenarios[job.scenario].params.run.days));
                     },
                 .stop_requested = [] { return stop_requested(); }});
  progress.finish();

  try {
    // Only the root counts results; it decides for all.
    const bool complete = !group.is_root() || finished == jobs.size();
    if (group.agree(complete ? kOk : kInterrupted) != kOk) throw Interrupted{};
    if (!group.is_root()) return kOk;
    sim::Hdf5File file(output->temporary(), sim::Hdf5File::Mode::kCreate);
    write_file_header(file, request.command_line);
    for (std::size_t s = 0; s < scenarios.size(); ++s) {
      models::write_scenario(file, scenarios[s].config, scenarios[s].params, results[s]);
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    write_provenance(file, seconds, thread_limit.threads(), group.size(), request.provenance);
    file.close();
    if (stop_requested()) throw Interrupted{};  // a signal while writing: still nothing replaced
    output->commit();
  } catch (const Interrupted&) {
    if (group.is_root()) {
      std::cerr << "rapport: error: interrupted by " << (g_stop_signal.load() == SIGTERM ? "SIGTERM" : "SIGINT")
                << "; nothing was written to " << request.output
                << (request.force ? " (any existing file is untouched)" : "") << '\n';
    }
    return kInterrupted;
  } catch (const sim::OutputError& e) {
    std::cerr << "rapport: error: " << e.what() << "; nothing was written (any existing file is untouched)\n";
    return kOutputError;
  } catch (const sim::Hdf5Error& e) {
    std::cerr << "rapport: error: cannot write " << request.output << ": " << e.what()
              << "; nothing was written (any existing file is untouched)\n";
    return kOutputError;
  }
  if (!request.quiet) print_summary(scenarios, results, request.output);
  return kOk;
}

}  // namespace rapport::app
