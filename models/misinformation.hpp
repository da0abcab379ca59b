// Misinformation and correction (docs/MODEL.md 3.8): symptom searches leave patients
// with inaccurate beliefs that lower adherence, until a contact with a physician corrects
// them (part of the drop remains) or they fade. The rates, the stationary shares new
// patients start from, and the one correction step every contact phase takes.
#pragma once

#include <cstdint>

#include "models/parameters.hpp"
#include "models/world.hpp"

namespace rapport::models {

// Daily hazard of acquiring a belief: searches_per_year · p_contradicted / 365.
double misinformation_daily_rate(const Parameters& p);

// Daily hazard that a belief, corrected or not, fades: 1 / belief_days.
double belief_fade_daily_rate(const Parameters& p);

// Adherence lost in each belief state: the whole drop while misinformed, the part
// correction does not undo once corrected.
struct BeliefDrops {
  double misinformed, corrected;
};
BeliefDrops belief_adherence_drops(const Parameters& p);

// Shares of patients misinformed and corrected in the stationary state when visits at
// `visits_per_day` are the only contact; patients start from them.
struct BeliefShares {
  double misinformed, corrected;
};
BeliefShares stationary_belief_shares(const Parameters& p, double visits_per_day);

// Contacts that can correct a belief; each reads its own word of the patient's
// (day, kCorrection) draw, so a visit and a message on one day decide independently.
enum class CorrectionChannel : std::uint8_t { kVisit, kMessage, kPost };

// Corrects a misinformed patient's belief with chance p_correct; true if it did.
bool offer_correction(World& world, std::uint32_t patient, std::uint32_t day, CorrectionChannel channel,
                      double p_correct);

}  // namespace rapport::models
