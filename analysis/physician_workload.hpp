// Message workload per physician, from the physician table: what was asked before any
// capacity limit, what was worked, what fell in the physician's own time, and what was
// left waiting, for all physicians and for the findable ones (the only physicians a
// friend-request policy can act on). Minutes are per workday (5 of 7 days), the unit of
// the evidence (Akbar et al. 2021). Formulas in docs/ANALYSIS.md, "Physician workload".
#pragma once

#include <string>
#include <vector>

#include "analysis/results_reader.hpp"
#include "analysis/statistics.hpp"

namespace rapport::analysis {

// The model has no weekends: a calendar day's minutes times 7/5 are a workday's.
inline constexpr double kWorkdaysPerWeek = 5.0;

struct WorkloadSummary {
  std::string scenario;
  std::string physicians;  // "all" or "findable"
  std::string measure;     // e.g. "minutes_asked_per_workday"
  std::string units;
  double physicians_per_replicate = 0.0;  // mean size of the group
  SampleSummary across_replicates;        // of the group's mean per replicate; lower bound raised to 0
};

// Every scenario with a physician table x {all, findable} x each measure its columns allow,
// scenario-major. A group empty in some replicate is left out.
std::vector<WorkloadSummary> physician_workload(const Results& results);

}  // namespace rapport::analysis
