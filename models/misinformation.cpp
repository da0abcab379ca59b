#include "models/misinformation.hpp"

#include "models/random_events.hpp"

namespace rapport::models {

double misinformation_daily_rate(const Parameters& p) {
  return p.misinformation.searches_per_year * p.misinformation.p_contradicted / 365.0;
}

double belief_fade_daily_rate(const Parameters& p) { return 1.0 / p.misinformation.belief_days; }

BeliefDrops belief_adherence_drops(const Parameters& p) {
  const double drop = p.misinformation.adherence_drop;
  return {drop, drop * (1.0 - p.misinformation.share_undone)};
}

BeliefShares stationary_belief_shares(const Parameters& p, double visits_per_day) {
  const double acquire = misinformation_daily_rate(p);
  const double leave_belief = acquire + belief_fade_daily_rate(p);  // a corrected patient's exits
  const double correct = visits_per_day * p.misinformation.p_raised_visit;
  const double misinformed = acquire / (leave_belief + correct);
  return {misinformed, misinformed * correct / leave_belief};
}

bool offer_correction(World& world, std::uint32_t patient, std::uint32_t day, CorrectionChannel channel,
                      double p_correct) {
  auto& flags = world.patients.flags[patient];
  if ((flags & kMisinformed) == 0) return false;
  const auto u = world.streams.block(patient, day, event::kCorrection);
  if (sim::RandomStreams::to_unit(u[static_cast<std::size_t>(channel)]) >= p_correct) return false;
  flags = static_cast<std::uint8_t>((flags & ~kMisinformed) | kCorrectedBelief);
  return true;
}

}  // namespace rapport::models
