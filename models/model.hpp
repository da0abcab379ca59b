// A frozen model (parameters + daily schedule) and the run of one replicate.
#pragma once

#include "models/metrics.hpp"
#include "models/policy_arms.hpp"
#include "models/world.hpp"
#include "sim/bytes.hpp"
#include "sim/schedule.hpp"

#include <functional>
#include <string>
#include <vector>

namespace rapport::models {

inline constexpr std::size_t kHistogramBins = 20;

// End-of-run facts per physician (one row each) for /scenarios/<name>/physicians/.
struct PhysicianTable {
  std::vector<std::string> policy, specialty;
  std::vector<double> findable, panel_size, requests_received, minutes_per_day, demand_minutes_per_day,
      overtime_minutes, after_hours_minutes, backlog_minutes, breaches, complaints, personal_friends, page_followers, portal_users;

  // Every column once, in dataset order: visit(name, meaning, member pointer). The byte
  // format (run_result_bytes.cpp), the HDF5 writer and docs/RESULTS.md iterate this. A
  // numeric column's meaning is its dataset's `units` attribute.
  template <class Visit>
  static void for_each_column(Visit&& visit) {
    visit("policy", "the physician's policy (rapport policies)", &PhysicianTable::policy);
    visit("specialty", "the physician's specialty", &PhysicianTable::specialty);
    visit("findable", "1 if the physician has a personal social-media presence", &PhysicianTable::findable);
    visit("panel_size", "patients", &PhysicianTable::panel_size);
    visit("requests_received", "requests over the run", &PhysicianTable::requests_received);
    visit("minutes_per_day", "mean message minutes per day", &PhysicianTable::minutes_per_day);
    visit("demand_minutes_per_day",
          "mean message minutes asked per day (new portal and personal messages), before any capacity limit",
          &PhysicianTable::demand_minutes_per_day);
    visit("overtime_minutes", "overtime message minutes over the run", &PhysicianTable::overtime_minutes);
    visit("after_hours_minutes",
          "message minutes in the physician's own time over the run (portal overtime and personal channel)",
          &PhysicianTable::after_hours_minutes);
    visit("backlog_minutes", "unanswered portal message minutes at the end", &PhysicianTable::backlog_minutes);
    visit("breaches", "breaches over the run", &PhysicianTable::breaches);
    visit("complaints", "complaints over the run", &PhysicianTable::complaints);
    visit("personal_friends", "patients linked as personal friends at the end", &PhysicianTable::personal_friends);
    visit("page_followers", "patients following the professional page at the end", &PhysicianTable::page_followers);
    visit("portal_users", "patients enrolled in the portal at the end", &PhysicianTable::portal_users);
  }
};

struct RunResult {
  sim::DailySeries series{0, 0};
  PhysicianTable physicians;
  std::vector<double> trust_histogram;      // patients per bin of width 1/kHistogramBins
  std::vector<double> adherence_histogram;
  RequesterTable requesters;                // one row per friend request (models/requesters.hpp)
  sim::DailySeries requester_series{0, 0};  // kRequesterSeriesRows x days
  OutcomeTotals totals;                     // for effects per requester
  sim::DailySeries arm_series{0, 0};        // kArmSeriesRows x days (models/policy_arms.hpp)

  // Every daily series sized for `days` (zeros), everything else empty.
  static RunResult for_days(std::size_t days);
};

// A run's results as bytes and back, to carry them between processes (sim/job_farm.hpp).
sim::Bytes to_bytes(const RunResult& result);
RunResult run_result_from_bytes(const sim::Bytes& bytes);

// Memory one replicate of `params` holds while it runs: its population, its network at the
// peak of its build (which depends on network.type and network.mean_degree) and its daily
// series. An estimate, for refusing sizes the machine cannot hold before allocating anything.
std::uint64_t estimated_replicate_bytes(const Parameters& params);
// Memory the daily series of one finished replicate keep until the results are written.
std::uint64_t result_bytes(const Parameters& params);

class Model {
 public:
  explicit Model(Parameters params);
  // Runs one replicate; on_day (may be empty) is called after each simulated day.
  [[nodiscard]] RunResult run(std::uint64_t seed, std::uint32_t replicate,
                              const std::function<void()>& on_day = {}) const;
  // The initial world of a replicate (population and network), before day 0.
  [[nodiscard]] World initial_world(std::uint64_t seed, std::uint32_t replicate) const;
  void advance_day(World& world, std::uint32_t day, sim::DailySeries& series) const;
  [[nodiscard]] const Parameters& parameters() const { return params_; }
  [[nodiscard]] const sim::Schedule<World>& schedule() const { return schedule_; }

 private:
  Parameters params_;
  sim::Schedule<World> schedule_;
};

}  // namespace rapport::models
