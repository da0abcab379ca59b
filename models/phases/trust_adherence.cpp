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
      const std::uint32_t begin = world.physicians.panel_begin[d];
      const std::uint32_t end = world.panel_end(d);
      // Local sums in a fixed order: the compiler keeps them in registers, the result is deterministic.
      double trust_sum = 0, trust_sq = 0, adherence_sum = 0, adherence_sq = 0;
      for (std::uint32_t i = begin; i < end; ++i) {
        const double baseline = patients.baseline_trust[i];
        const double trust = baseline + (patients.trust[i] - baseline) * keep_trust;
        const float exposure = patients.exposure[i] * keep_exposure;
        patients.trust[i] = static_cast<float>(trust);
        patients.exposure[i] = exposure;
        const double adherence = adherence_of(trust, exposure);
        trust_sum += trust;
        trust_sq += trust * trust;
        adherence_sum += adherence;
        adherence_sq += adherence * adherence;
      }
      double personal = 0, page = 0, portal = 0, pending = 0, reached = 0;
      for (std::uint32_t i = begin; i < end; ++i) {
        const Link link = patients.link[i];
        personal += link == Link::kPersonal;
        page += link == Link::kFollower;
        portal += link == Link::kPortal;
        pending += link == Link::kPending;
        reached += (patients.flags[i] & kEverReached) != 0;
      }
      auto& today = world.physicians.today[d];
      today[Tally::kTrustSum] = trust_sum;
      today[Tally::kTrustSqSum] = trust_sq;
      today[Tally::kAdherenceSum] = adherence_sum;
      today[Tally::kAdherenceSqSum] = adherence_sq;
      today[Tally::kLinksPersonal] = personal;
      today[Tally::kLinksPage] = page;
      today[Tally::kLinksPortal] = portal;
      today[Tally::kPending] = pending;
      today[Tally::kEverReached] = reached;
    });
  }
};

}  // namespace

std::unique_ptr<DayPhase> make_trust_adherence_phase() { return std::make_unique<TrustAdherencePhase>(); }

}  // namespace rapport::models
