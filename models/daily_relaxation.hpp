// The per-patient pass of the trust_adherence phase over one panel: trust relaxes to
// baseline, exposure fades, adherence = logistic(trust, exposure, chronic status,
// propensity) less the drop of the patient's belief state (models/misinformation.hpp), and the day's sums.
// It touches every patient every day, so it is written in vector types, eight or sixteen
// patients at a time: float logistic, fixed-lane partial sums, link and flag counts in byte lanes,
// and AVX2 and AVX-512 builds of the same code chosen at run time. Every build gives the
// same bits (no FMA; the order of every sum is fixed).
#pragma once

#include <cstdint>

#include "models/parameters.hpp"
#include "models/world.hpp"
#include "sim/instruction_set.hpp"

namespace rapport::models {

// The day's constants of the pass, computed once per phase.
struct DailyRelaxation {
  explicit DailyRelaxation(const Parameters& p);
  double keep_trust;    // exp(-1 / relaxation days)
  float keep_exposure;  // exp(-1 / exposure decay days)
  // The adherence logistic (AdherenceLink) in float.
  float intercept, trust_centre, trust_slope_chronic, trust_slope_not_chronic, exposure_slope;
  float propensity_step, lowest_propensity;
  float misinformed_drop, corrected_drop;         // adherence lost in each belief state (BeliefDrops)
};

// What the pass sums over one panel (summed later in physician order).
struct PanelSums {
  double trust = 0, trust_sq = 0, adherence = 0, adherence_sq = 0;
  std::uint32_t personal = 0, page = 0, portal = 0, pending = 0, reached = 0, misinformed = 0;
};

// Advances patients [begin, end) by one day of relaxation; the sums cover the new values.
// Only a patient a public-health post has reached (kEverReached) has exposure, so where the
// range has none the pass neither reads nor writes the exposure column: it is +0 and fades to +0.
PanelSums relax_panel(Patients& patients, std::uint32_t begin, std::uint32_t end, const DailyRelaxation& k,
                      sim::Isa isa);

// 1 / (1 + exp(-z)) in float for |z| <= 87, the link the pass uses (relative error below 1e-6).
float logistic_float(float z);

}  // namespace rapport::models
