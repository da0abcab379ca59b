#include "models/model.hpp"

#include <algorithm>
#include <array>
#include <mutex>
#include <vector>

#include "models/guideline.hpp"
#include "models/mechanisms.hpp"
#include "models/networks/network.hpp"
#include "models/phases/phases.hpp"
#include "models/population.hpp"
#include "sim/parallel.hpp"

namespace rapport::models {
namespace {

// Patients per task of the end-of-run pass: cheap iterations, so many per task.
constexpr std::size_t kPatientsPerTask = 16384;

std::size_t histogram_bin(double x) {
  return std::min(kHistogramBins - 1, static_cast<std::size_t>(x * static_cast<double>(kHistogramBins)));
}

PhysicianTable physician_table(const World& world, std::uint32_t days) {
  const auto& doctors = world.physicians;
  const auto& patients = world.patients;
  PhysicianTable table;
  for (std::size_t d = 0; d < doctors.size(); ++d) {
    table.policy.emplace_back(policy_info(doctors.policy[d]).name);
    table.specialty.emplace_back(kSpecialtyNames[static_cast<std::size_t>(doctors.specialty[d])]);
    table.findable.push_back(doctors.findable[d]);
    table.panel_size.push_back(world.panel_end(d) - doctors.panel_begin[d]);
    table.requests_received.push_back(doctors.requests_received[d]);
    table.minutes_per_day.push_back(doctors.minutes_total[d] / days);
    table.demand_minutes_per_day.push_back(doctors.demand_minutes_total[d] / days);
    table.overtime_minutes.push_back(doctors.overtime_total[d]);
    table.after_hours_minutes.push_back(doctors.after_hours_total[d]);
    table.backlog_minutes.push_back(doctors.backlog_minutes[d]);
    table.breaches.push_back(doctors.breaches[d]);
    table.complaints.push_back(doctors.complaints[d]);
    double personal = 0, followers = 0, portal = 0;
    for (std::uint32_t i = doctors.panel_begin[d]; i < world.panel_end(d); ++i) {
      personal += patients.link[i] == Link::kPersonal;
      followers += patients.link[i] == Link::kFollower;
      portal += patients.link[i] == Link::kPortal || patients.link[i] == Link::kPortalPending;
    }
    table.personal_friends.push_back(personal);
    table.page_followers.push_back(followers);
    table.portal_users.push_back(portal);
  }
  return table;
}

}  // namespace

RunResult RunResult::for_days(std::size_t days) {
  RunResult result;
  result.series = sim::DailySeries(kMetricCount, days);
  result.requester_series = sim::DailySeries(kRequesterSeriesRows, days);
  result.arm_series = sim::DailySeries(kArmSeriesRows, days);
  return result;
}

std::uint64_t result_bytes(const Parameters& params) {
  return static_cast<std::uint64_t>(params.run.days) * (kMetricCount + kRequesterSeriesRows + kArmSeriesRows) *
         sizeof(double);
}

std::uint64_t estimated_replicate_bytes(const Parameters& params) {
  // Patient columns and cascade stamps (47 bytes, BENCHMARKS.md "Memory") and the rest a
  // run keeps per patient, with room for what grows during a long run.
  constexpr double kPopulationBytesPerPatient = 72;
  const auto patients = static_cast<double>(params.population.physicians) *
                        static_cast<double>(params.population.patients_per_physician);
  const double bytes_per_patient = kPopulationBytesPerPatient + friendship_network_bytes_per_patient(params);
  return static_cast<std::uint64_t>(patients * bytes_per_patient) + result_bytes(params);
}

Model::Model(Parameters params) : params_(std::move(params)), schedule_(make_daily_schedule()) {}

World Model::initial_world(std::uint64_t seed, std::uint32_t replicate) const {
  World world(params_, seed, replicate);
  initialise_physicians(world);
  initialise_patients(world);
  world.friends = shared_friendship_network(params_, world.physicians.panel_begin, world.streams);
  world.guideline = initial_guideline(params_, world.streams);
  world.requesters.resize(world.physicians.size());
  return world;
}

void Model::advance_day(World& world, std::uint32_t day, sim::DailySeries& series) const {
  std::fill(world.physicians.today.begin(), world.physicians.today.end(), PhysicianDay{});
  schedule_.run_day(world, day);
  collect_day(world, day, series);
}

RunResult Model::run(std::uint64_t seed, std::uint32_t replicate, const std::function<void()>& on_day) const {
  World world = initial_world(seed, replicate);
  const auto days = static_cast<std::uint32_t>(params_.run.days);
  RunResult result = RunResult::for_days(days);
  for (std::uint32_t day = 0; day < days; ++day) {
    advance_day(world, day, result.series);
    follow_requesters(world, day, result.requester_series);
    collect_arms(world, day, result.arm_series);
    if (on_day) on_day();
  }
  result.physicians = physician_table(world, days);
  result.requesters = requester_table(world);
  // Every patient's adherence (an exponential each) is computed in parallel, a block of
  // patients at a time into one reused buffer rather than an array of every patient's. The
  // sums over patients stay sequential, in patient order, so their bits do not depend on
  // the threads; histogram counts are whole numbers, exact in any order.
  const std::size_t n_patients = world.patients.size();
  const AdherenceLink adherence_of(params_);
  constexpr std::size_t kBlock = 4 * kPatientsPerTask;
  std::vector<double> adherence(std::min(n_patients, kBlock));
  result.trust_histogram.assign(kHistogramBins, 0.0);
  result.adherence_histogram.assign(kHistogramBins, 0.0);
  std::mutex histograms_mutex;
  PopulationSums everyone;
  for (std::size_t block = 0; block < n_patients; block += kBlock) {
    const std::size_t size = std::min(kBlock, n_patients - block);
    sim::parallel_for_chunks(size, kPatientsPerTask, [&](std::size_t first, std::size_t end) {
      std::array<double, kHistogramBins> trust_counts{}, adherence_counts{};
      for (std::size_t k = first; k < end; ++k) {
        adherence[k] = adherence_of.of_patient(world.patients, block + k);
        trust_counts[histogram_bin(world.patients.trust[block + k])] += 1;
        adherence_counts[histogram_bin(adherence[k])] += 1;
      }
      const std::scoped_lock lock(histograms_mutex);
      for (std::size_t bin = 0; bin < kHistogramBins; ++bin) {
        result.trust_histogram[bin] += trust_counts[bin];
        result.adherence_histogram[bin] += adherence_counts[bin];
      }
    });
    for (std::size_t k = 0; k < size; ++k) {
      everyone.trust += world.patients.trust[block + k];
      everyone.adherence += adherence[k];
    }
  }
  result.totals = outcome_totals(world, result.series, everyone, adherence_of);
  return result;
}

}  // namespace rapport::models
