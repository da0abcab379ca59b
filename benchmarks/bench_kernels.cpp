// Kernel benchmarks: each daily phase on a fixed world, a whole day, metrics
// collection, HDF5 writing, world set-up, and a STREAM-style triad giving this
// machine's memory bandwidth, so every figure can be read against the bandwidth
// bound from one run.
#include <benchmark/benchmark.h>
#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <vector>

#include "models/daily_relaxation.hpp"
#include "models/model.hpp"
#include "models/parameters.hpp"
#include "models/phases/phases.hpp"
#include "models/results_writer.hpp"
#include "sim/hdf5_file.hpp"
#include "sim/memory.hpp"

namespace {

using namespace rapport;

// Bytes of agent state (models/world.hpp, Patients) that a simulated day must touch per
// patient, whether or not the patient has an event: the three scheduled-day columns
// scanned by visits, friend requests and messages; trust and exposure read and written
// by the trust pass, which also reads the baseline and, for the day's counts, the link
// and flag bytes (the link bytes are also what responses scans for pending requests).
// Events touch more, but are rare. Memory bandwidth / this = the bandwidth bound, the figure
// BENCHMARKS.md and issue 13 item 9 state ratios against, kept fixed so that they compare
// across rounds. It is no longer the least a day must touch: since the scheduled days keep a
// bound per block of 16 (models/scheduled_days.hpp) the scans read a sixteenth of those
// three columns, and the trust pass also reads the propensity byte, about 24 bytes in all.
constexpr std::size_t kStateBytesPerPatientDay =
    3 * sizeof(std::int32_t) + 2 * 2 * sizeof(float) + sizeof(float) + sizeof(models::Link) + sizeof(std::uint8_t);
static_assert(kStateBytesPerPatientDay == 34);

// Benchmarks simulate successive days of one-year runs, so the world stays like the
// worlds the command line simulates (links accumulate over a run).
constexpr std::uint32_t kYear = 365;

// A changing world (issue 14): trends, patient and physician turnover at the evidence's
// rates and a guideline adopted from day 0, as in scenarios/trends/guideline_secure_portal.toml.
constexpr const char* kChangingWorld =
    "[run]\nstart_year = 2024\n[trends]\nenabled = true\n[turnover]\npatient_exit_per_year = 0.10\n"
    "physician_exit_per_year = 0.07\n[guideline]\npolicy = \"secure_portal\"\ndelay_days = 0\n";

models::Parameters bench_parameters(std::int64_t physicians, bool changing_world = false) {
  const std::string toml = "[population]\nphysicians = " + std::to_string(physicians) +
                           "\npatients_per_physician = 2000\n[policy.mix]\ndecline_all = 0.75\nselective = 0.20\n"
                           "professional_page = 0.05\n" + (changing_world ? kChangingWorld : "");
  return models::parameters_from(sim::resolve_scenario_text("bench", toml, models::parameter_schema()));
}

// One world per size; every benchmark iteration simulates the next day of a year, and
// after day 364 the world starts over from its initial state. Benchmarks that advance
// the world time themselves (manual time), so the restart is not timed.
struct Fixture {
  models::Model model;
  models::World initial;
  models::World world;
  sim::DailySeries series;
  std::uint32_t day = 0;
  Fixture(std::int64_t physicians, bool changing_world)
      : model(bench_parameters(physicians, changing_world)), initial(model.initial_world(1, 0)), world(initial),
        series(models::kMetricCount, kYear) {}
  std::uint32_t next_day() {
    if (day == kYear) {
      world = initial;
      day = 0;
    }
    return day++;
  }
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

Fixture& fixture(std::int64_t physicians, bool changing_world = false) {
  static std::map<std::pair<std::int64_t, bool>, std::unique_ptr<Fixture>> fixtures;
  auto& f = fixtures[{physicians, changing_world}];
  if (!f) f = std::make_unique<Fixture>(physicians, changing_world);
  return *f;
}

void set_patient_counters(benchmark::State& state, std::size_t patients) {
  state.counters["patient_days/s"] =
      benchmark::Counter(static_cast<double>(patients), benchmark::Counter::kIsIterationInvariantRate);
}

// One phase's share of a day. Every iteration simulates a whole day (all phases, then the
// metrics) and times only the chosen phase: a phase run alone on successive days would
// find no events scheduled by the phases it skips. Arguments: physicians, threads, phase,
// and 1 for a changing world (then the day's other phases are timed too, as "rest", so
// the phase's share of the same days is a ratio taken in one run).
void BM_Phase(benchmark::State& state) {
  const tbb::global_control threads(tbb::global_control::max_allowed_parallelism,
                                    static_cast<std::size_t>(state.range(1)));
  auto& f = fixture(state.range(0), state.range(3) != 0);
  const auto& phases = f.model.schedule().phases();
  const auto timed = static_cast<std::size_t>(state.range(2));
  state.SetLabel(std::string(phases[timed]->name()) + (state.range(3) != 0 ? " (changing world)" : ""));
  double rest_seconds = 0;
  for (auto _ : state) {
    const std::uint32_t day = f.next_day();
    std::fill(f.world.physicians.today.begin(), f.world.physicians.today.end(), models::PhysicianDay{});
    for (std::size_t k = 0; k < phases.size(); ++k) {
      const auto start = std::chrono::steady_clock::now();
      phases[k]->step(f.world, day);
      if (k == timed) {
        state.SetIterationTime(seconds_since(start));
      } else {
        rest_seconds += seconds_since(start);
      }
    }
    models::collect_day(f.world, day, f.series);
  }
  set_patient_counters(state, f.world.patients.size());
  if (state.range(3) != 0) state.counters["rest_of_day_ms"] = 1e3 * rest_seconds / static_cast<double>(state.iterations());
}

void BM_WholeDay(benchmark::State& state) {
  const tbb::global_control threads(tbb::global_control::max_allowed_parallelism,
                                    static_cast<std::size_t>(state.range(1)));
  auto& f = fixture(state.range(0));
  for (auto _ : state) {
    const std::uint32_t day = f.next_day();
    const auto start = std::chrono::steady_clock::now();
    f.model.advance_day(f.world, day, f.series);
    state.SetIterationTime(seconds_since(start));
  }
  set_patient_counters(state, f.world.patients.size());
  // The state bytes a day must touch, so bytes_per_second reads against the triad's.
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(f.world.patients.size() * kStateBytesPerPatientDay));
}

// The trust pass alone (models/daily_relaxation.cpp) over every panel of a world's
// initial state, one thread, by build: 0 baseline, 1 AVX2, 2 AVX-512 (a build this
// machine cannot run is skipped). The builds give the same bits, so only speed differs.
void BM_TrustPass(benchmark::State& state) {
  const auto isa = static_cast<sim::Isa>(state.range(1));
  if (isa > sim::best_isa()) {
    state.SkipWithError("this machine cannot run this build");
    return;
  }
  const auto& f = fixture(state.range(0));
  models::Patients patients = f.initial.patients;
  const models::DailyRelaxation constants(*f.initial.params);
  const auto& panel_begin = f.initial.physicians.panel_begin;
  for (auto _ : state) {
    double trust = 0;
    for (std::size_t d = 0; d + 1 < panel_begin.size(); ++d) {
      trust += models::relax_panel(patients, panel_begin[d], panel_begin[d + 1], constants, isa).trust;
    }
    benchmark::DoNotOptimize(trust);
  }
  set_patient_counters(state, patients.size());
}

// End-of-day reduction of the per-physician tallies into the metric series.
void BM_CollectMetrics(benchmark::State& state) {
  auto& f = fixture(state.range(0));
  std::uint32_t day = 0;
  for (auto _ : state) {
    models::collect_day(f.world, day, f.series);
    day = (day + 1) % kYear;
  }
  set_patient_counters(state, f.world.patients.size());
}

// Writing one scenario (metrics, physician table, distributions) of `replicates` x 365 days.
void BM_WriteResults(benchmark::State& state) {
  auto one_day = bench_parameters(50);  // the physician table comes from a short run
  one_day.run.days = 1;
  const auto config = sim::resolve_scenario_text("bench", "", models::parameter_schema());
  models::Parameters year = one_day;
  year.run.days = 365;
  year.run.replicates = state.range(0);
  std::vector<models::RunResult> runs;
  for (std::int64_t r = 0; r < state.range(0); ++r) {
    auto run = models::Model(one_day).run(1, static_cast<std::uint32_t>(r));
    run.series = sim::DailySeries(models::kMetricCount, 365);
    runs.push_back(std::move(run));
  }
  const auto path = std::filesystem::temp_directory_path() / "rapport_bench_write.h5";
  for (auto _ : state) {
    sim::Hdf5File file(path, sim::Hdf5File::Mode::kCreate);
    models::write_scenario(file, config, year, runs);
  }
  std::filesystem::remove(path);
}

// The initial world (population, network, guideline ties), built from nothing: each
// iteration is another replicate, so no run before it built its network (models/networks/network.hpp).
// Arguments: physicians, threads.
void BM_WorldSetup(benchmark::State& state) {
  const tbb::global_control threads(tbb::global_control::max_allowed_parallelism,
                                    static_cast<std::size_t>(state.range(1)));
  const models::Model model(bench_parameters(state.range(0)));
  std::uint32_t replicate = 0;
  for (auto _ : state) benchmark::DoNotOptimize(model.initial_world(1, replicate++));
  state.counters["patients"] = static_cast<double>(state.range(0) * 2000);
}

// One run of a sweep: a year of physicians x 2,000 patients on one thread, as a sweep runs
// one replicate per thread. Each iteration times a whole run (set-up, 365 days, end-of-run
// tables) and, in the same iteration, the set-up alone; setup_share is their ratio. The
// process's first run, untimed there, builds the replicate's friendship network in memory
// fresh from the kernel; the iterations are the runs after it, which, like a sweep's, share
// that network and reuse the memory. first_setup_ms is that first run's set-up.
void BM_YearRunSetupShare(benchmark::State& state) {
  const tbb::global_control threads(tbb::global_control::max_allowed_parallelism, 1);
  auto params = bench_parameters(state.range(0));
  params.run.days = kYear;
  const models::Model model(params);
  const auto timed = [](auto&& work) {
    const auto start = std::chrono::steady_clock::now();
    work();
    return seconds_since(start);
  };
  const double first_setup = timed([&] { benchmark::DoNotOptimize(model.initial_world(1, 0)); });
  benchmark::DoNotOptimize(model.run(1, 0));
  double setup_seconds = 0, run_seconds = 0;
  for (auto _ : state) {
    setup_seconds += timed([&] { benchmark::DoNotOptimize(model.initial_world(1, 0)); });
    const double run = timed([&] { benchmark::DoNotOptimize(model.run(1, 0)); });
    run_seconds += run;
    state.SetIterationTime(run);
  }
  state.counters["setup_ms"] = 1e3 * setup_seconds / static_cast<double>(state.iterations());
  state.counters["setup_share"] = setup_seconds / run_seconds;
  state.counters["first_setup_ms"] = 1e3 * first_setup;
}

// a[i] = b[i] + s * c[i] over arrays far larger than the caches (24 bytes per element),
// split over the given number of threads: the machine's attainable memory bandwidth.
void BM_StreamTriad(benchmark::State& state) {
  const tbb::global_control threads(tbb::global_control::max_allowed_parallelism,
                                    static_cast<std::size_t>(state.range(1)));
  const auto n = static_cast<std::size_t>(state.range(0));
  std::vector<double> a(n, 0.0), b(n, 1.0), c(n, 2.0);
  const auto triad = [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t i = r.begin(); i < r.end(); ++i) a[i] = b[i] + 3.0 * c[i];
  };
  for (auto _ : state) {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 1 << 16), triad, tbb::static_partitioner{});
    benchmark::DoNotOptimize(a.data());
    benchmark::ClobberMemory();
  }
  const double bytes = static_cast<double>(n * 3 * sizeof(double));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(bytes));
  // The bandwidth bound: patient-days per second if a day cost only its state bytes.
  state.counters["bound_patient_days/s"] = benchmark::Counter(
      bytes / static_cast<double>(kStateBytesPerPatientDay), benchmark::Counter::kIsIterationInvariantRate);
}

void phase_arguments(benchmark::internal::Benchmark* b) {
  const auto schedule = models::make_daily_schedule();
  const auto& phases = schedule.phases();
  const auto phase_count = static_cast<std::int64_t>(phases.size());
  for (std::int64_t physicians : {50, 500}) {
    for (std::int64_t phase = 0; phase < phase_count; ++phase) {
      for (std::int64_t threads : {1, 2}) b->Args({physicians, threads, phase, 0});
    }
  }
  // The changing world's own phases against the rest of the same days: 1M patients,
  // 2 threads (issue 14 item 7).
  for (std::int64_t phase = 0; phase < phase_count; ++phase) {
    const auto name = phases[static_cast<std::size_t>(phase)]->name();
    if (name == "calendar_trends" || name == "turnover" || name == "guideline_adoption") b->Args({500, 2, phase, 1});
  }
}

}  // namespace

BENCHMARK(BM_StreamTriad)->Args({1 << 25, 1})->Args({1 << 25, 2})->UseRealTime()->Unit(benchmark::kMillisecond);
// Phase and whole-day figures are means over the 365 days of a run.
BENCHMARK(BM_Phase)->Apply(phase_arguments)->Iterations(kYear)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WholeDay)->Args({50, 1})->Args({50, 2})->Args({500, 1})->Args({500, 2})->Iterations(kYear)->UseManualTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TrustPass)->ArgsProduct({{50, 500}, {0, 1, 2}})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CollectMetrics)->Arg(50)->Arg(500)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_WriteResults)->Arg(1)->Arg(10)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WorldSetup)->Args({10, 1})->Args({50, 2})->Args({500, 1})->Args({500, 2})->Iterations(3)->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_YearRunSetupShare)->Arg(10)->Iterations(10)->UseManualTime()->Unit(benchmark::kMillisecond);

// The command line's memory policy (app/main.cpp), so runs here reuse memory as its runs do.
int main(int argc, char** argv) {
  rapport::sim::keep_freed_memory_for_reuse();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
