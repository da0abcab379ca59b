// Phase 7, trust and adherence: trust relaxes toward baseline, exposure fades,
// adherence follows; the day's state tallies are taken here.
#include <cmath>

#include "models/mechanisms.hpp"
#include "models/phases/phases.hpp"

namespace rapport::models {
namespace {

class TrustAdherencePhase final : public DayPhase {
 public:
  std::string_view name() const override { return "trust_adherence"; }
  std::string_view summary() const override {
    return "trust relaxes to baseline, exposure fades, adherence = logistic(trust, exposure)";
  }

  void step(World& world, std::uint32_t /*day*/) const override {
    const Parameters& p = *world.params;
    auto& patients = world.patients;
    const double keep_trust = std::exp(-1.0 / p.trust.relaxation_days);
    const auto keep_exposure = static_cast<float>(std::exp(-1.0 / p.exposure.decay_days));
    const AdherenceLink adherence_of(p);
    for_each_panel(world, [&](std::size_t d) {
      auto& today = world.physicians.today[d];
      for (std::uint32_t i = world.physicians.panel_begin[d]; i < world.panel_end(d); ++i) {
        const double baseline = patients.baseline_trust[i];
        const double trust = baseline + (patients.trust[i] - baseline) * keep_trust;
        patients.trust[i] = static_cast<float>(trust);
        patients.exposure[i] *= keep_exposure;
        const double adherence = adherence_of(trust, patients.exposure[i]);
        today[Tally::kTrustSum] += trust;
        today[Tally::kTrustSqSum] += trust * trust;
        today[Tally::kAdherenceSum] += adherence;
        today[Tally::kAdherenceSqSum] += adherence * adherence;
        switch (patients.link[i]) {
          case Link::kPersonal: today[Tally::kLinksPersonal] += 1; break;
          case Link::kFollower: today[Tally::kLinksPage] += 1; break;
          case Link::kPortal: today[Tally::kLinksPortal] += 1; break;
          case Link::kPending: today[Tally::kPending] += 1; break;
          default: break;
        }
        if (patients.has(i, kEverReached)) today[Tally::kEverReached] += 1;
      }
    });
  }
};

}  // namespace

std::unique_ptr<DayPhase> make_trust_adherence_phase() { return std::make_unique<TrustAdherencePhase>(); }

}  // namespace rapport::models
