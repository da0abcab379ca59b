// Phase 7, trust and adherence: trust relaxes toward baseline, exposure fades,
// adherence follows; the day's state tallies are taken here.
#include <Eigen/Core>

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
      // Whole-panel array expressions: Eigen vectorises the relaxation and the logistic;
      // each panel is one task, so the sums do not depend on the thread count.
      const auto n = static_cast<Eigen::Index>(end - begin);
      Eigen::Map<Eigen::ArrayXf> trust_column(patients.trust.data() + begin, n);
      Eigen::Map<Eigen::ArrayXf> exposure_column(patients.exposure.data() + begin, n);
      const Eigen::Map<const Eigen::ArrayXf> baseline(patients.baseline_trust.data() + begin, n);
      // Separate double arrays (not cast expressions), so Eigen can use packet math for exp.
      thread_local Eigen::ArrayXd trust, exposure, adherence;
      trust = baseline.cast<double>() + (trust_column.cast<double>() - baseline.cast<double>()) * keep_trust;
      trust_column = trust.cast<float>();
      exposure_column *= keep_exposure;
      exposure = exposure_column.cast<double>();
      adherence_of(trust, exposure, adherence);
      const double trust_sum = trust.sum(), trust_sq = trust.square().sum();
      const double adherence_sum = adherence.sum(), adherence_sq = adherence.square().sum();
      std::uint32_t personal = 0, page = 0, portal = 0, pending = 0, reached = 0;  // integer counts vectorise
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
