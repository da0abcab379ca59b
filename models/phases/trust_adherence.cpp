// Phase 7, trust and adherence: trust relaxes toward baseline, exposure fades,
// adherence follows; the day's state tallies are taken here, the physicians' policy and
// guideline adoption among them.
#include "models/daily_relaxation.hpp"
#include "models/phases/phases.hpp"

namespace rapport::models {
namespace {

class TrustAdherencePhase final : public PanelPhase {
 public:
  std::string_view name() const override { return "trust_adherence"; }
  std::string_view summary() const override {
    return "trust relaxes to baseline, exposure fades, adherence = logistic(trust, exposure) less a belief's drop";
  }

  void step_parts(World& world, std::uint32_t /*day*/, std::size_t first, std::size_t last) const override {
    const DailyRelaxation constants(*world.params);
    for (std::size_t d = first; d < last; ++d) {
      // Each panel is one task, so the sums do not depend on the thread count.
      const PanelSums sums = relax_panel(world.patients, world.physicians.panel_begin[d], world.panel_end(d),
                                         constants, isa_);
      // Means and standard deviations take sums and sums of squares (DailyValue).
      auto& today = world.physicians.today[d];
      today[metric("trust_mean")] = sums.trust;
      today[metric("trust_sd")] = sums.trust_sq;
      today[metric("adherence_mean")] = sums.adherence;
      today[metric("adherence_sd")] = sums.adherence_sq;
      today[metric("links_personal")] = sums.personal;
      today[metric("links_page")] = sums.page;
      today[metric("links_portal")] = sums.portal;
      today[metric("requests_pending")] = sums.pending;
      today[metric("info_reach")] = sums.reached;
      today[metric("misinformed_share")] = sums.misinformed;
      today[policy_share_metric(world.physicians.policy[d])] = 1;
      const auto& adoption = world.guideline.status;
      today[metric("guideline_adopters")] = !adoption.empty() && adoption[d] == Adoption::kAdopted ? 1 : 0;
    }
  }

 private:
  sim::Isa isa_ = sim::best_isa();
};

}  // namespace

std::unique_ptr<DayPhase> make_trust_adherence_phase() { return std::make_unique<TrustAdherencePhase>(); }

}  // namespace rapport::models
