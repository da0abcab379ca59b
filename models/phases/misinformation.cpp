// Searches and fading beliefs (MODEL.md 3.8): each day some patients of every panel
// acquire an inaccurate belief from a symptom search, and some beliefs fade. Patients are
// picked by geometric skips along the panel (each independently with the day's chance),
// so a day costs one draw per pick, not one per patient. Corrections happen at contacts,
// in the visits, messages and posts phases (models/misinformation.hpp).
#include <cmath>

#include "models/misinformation.hpp"
#include "models/phases/phases.hpp"

namespace rapport::models {
namespace {

// Calls fn(i) for each patient of the range, each chosen independently with chance p.
template <class Fn>
void for_each_picked(PatientRange range, double p, sim::DrawSequence& draws, Fn&& fn) {
  if (p <= 0) return;
  const double log_missed = std::log1p(-p);  // -inf at p = 1: every patient is picked
  std::uint64_t i = range.first;
  while (true) {
    const double skipped = p >= 1 ? 0.0 : std::floor(std::log(draws.uniform()) / log_missed);
    if (skipped >= static_cast<double>(range.last - i)) return;
    i += static_cast<std::uint64_t>(skipped);
    fn(static_cast<std::uint32_t>(i));
    ++i;
  }
}

class MisinformationPhase final : public PanelPhase {
 public:
  std::string_view name() const override { return "misinformation"; }
  std::string_view summary() const override {
    return "symptom searches leave inaccurate beliefs that lower adherence; beliefs fade (contacts correct them)";
  }

  void step_parts(World& world, std::uint32_t day, std::size_t first, std::size_t last) const override {
    const Parameters& p = *world.params;
    const double p_fade = sim::daily_probability(belief_fade_daily_rate(p));
    const double p_acquire = sim::daily_probability(misinformation_daily_rate(p));
    auto& flags = world.patients.flags;
    for (std::size_t d = first; d < last; ++d) {
      sim::DrawSequence draws(world.streams, static_cast<std::uint32_t>(d), day, event::kMisinformation);
      for_each_picked(world.panel(d), p_fade, draws, [&](std::uint32_t i) {
        flags[i] &= static_cast<std::uint8_t>(~(kMisinformed | kCorrectedBelief));
      });
      double acquired = 0;
      for_each_picked(world.panel(d), p_acquire, draws, [&](std::uint32_t i) {
        if ((flags[i] & kMisinformed) != 0) return;  // a new search changes nothing for a misinformed patient
        flags[i] = static_cast<std::uint8_t>((flags[i] & ~kCorrectedBelief) | kMisinformed);
        acquired += 1;
      });
      world.physicians.today[d][metric("misinformation_acquired")] = acquired;
    }
  }
};

}  // namespace

std::unique_ptr<DayPhase> make_misinformation_phase() { return std::make_unique<MisinformationPhase>(); }

}  // namespace rapport::models
