// Effects per requester: how much a scenario changes population totals against a baseline,
// per patient who sent a friend request, split into the requesters' own change (direct) and
// everyone else's (spill-over). The estimand is in docs/ANALYSIS.md, "Effects per requester".
#pragma once

#include <string>
#include <vector>

#include "analysis/results_reader.hpp"
#include "analysis/statistics.hpp"

namespace rapport::analysis {

struct RequesterEffect {
  std::string scenario;
  std::string outcome;       // trust, adherence, messages, message_minutes, breaches
  double requesters = 0.0;   // mean over replicates of the scenario's requesters
  // Per requester; each replicate gives one paired value, summarised with a t-interval
  // (breaches: the paired bootstrap of rare counts).
  SampleSummary total, direct, spillover;
  // Share of the scenario's requesters whose first request (physician, patient, day) the
  // baseline's cohort holds too: 1 when common random numbers give both the same cohort.
  double shared_first_requests = 0.0;
  // Mean over replicates of the patients following a page on the last day (`links_page`).
  // More followers than requesters means the policy reaches patients who never asked (an
  // open page), so the effect per requester spreads a panel-wide change over the few who asked.
  double page_followers = 0.0;
};

// Every scenario other than `baseline` that has outcome totals x every outcome, scenario-major.
// Throws AnalysisInputError for an unknown baseline, one without outcome totals, or
// replicate counts that differ.
std::vector<RequesterEffect> requester_effects(const Results& results, const std::string& baseline);

}  // namespace rapport::analysis
