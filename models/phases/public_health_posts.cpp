// Phase 5, posts: pages and personal accounts post; public-health posts spread
// over the friendship network by an independent cascade with bounded hops. Personal
// friends see the physician's personal posts: benign ones raise trust a little, the
// first unprofessional one a patient sees lowers it once; content rules make both
// unprofessional and privacy-violating posts rarer. A public-health post may
// correct an inaccurate belief of a patient it reaches.
// Sequential: a cascade crosses panels, and posts are rare.
#include <cmath>

#include "models/cascade.hpp"
#include "models/mechanisms.hpp"
#include "models/misinformation.hpp"
#include "models/phases/phases.hpp"

namespace rapport::models {
namespace {

class PublicHealthPostsPhase final : public DayPhase {
 public:
  std::string_view name() const override { return "public_health_posts"; }
  std::string_view summary() const override {
    return "page and personal posts; public-health posts cascade over friendships; some personal posts "
           "are unprofessional or breach privacy";
  }

  void step(World& world, std::uint32_t day) const override {
    const Parameters& p = *world.params;
    auto& patients = world.patients;
    auto& doctors = world.physicians;
    for (std::size_t d = 0; d < doctors.size(); ++d) {
      sim::DrawSequence draws(world.streams, static_cast<std::uint32_t>(d), day, event::kPost);
      const PolicyInfo& policy = policy_info(doctors.policy[d]);
      const bool has_page = policy.posts_on_page;
      // Both counts are always drawn so a physician's later draws do not depend on the policy.
      const double u_page = draws.uniform();
      const int page_posts = has_page ? sim::poisson_from_uniform(p.posts.page_per_week / 7.0, u_page) : 0;
      const int personal_posts = sim::poisson_from_uniform(p.posts.personal_per_week / 7.0, draws.uniform());
      // A page no patient follows reaches no one, like a personal post without patient friends.
      const auto& followers = doctors.page_followers[d];
      if (!followers.empty()) {
        for (int k = 0; k < page_posts; ++k) run_cascade(world, d, day, followers);
      }
      const auto& audience = doctors.personal_friends[d];
      if (personal_posts == 0 || audience.empty()) continue;  // no patient sees these posts
      const PersonalPostRisks risks = personal_post_risks(p, policy.keeps_content_rules);
      for (int k = 0; k < personal_posts; ++k) {
        const bool unprofessional = draws.uniform() < risks.p_unprofessional;
        if (unprofessional) {
          for (const auto i : audience) {
            if (patients.has(i, kSawUnprofessional)) continue;
            add_trust(patients.trust[i], p.trust.unprofessional_content);
            patients.flags[i] |= kSawUnprofessional;
          }
          doctors.today[d][metric("unprofessional_posts")] += 1;
        }
        const bool violates_privacy = draws.uniform() < risks.p_privacy_violation;
        if (violates_privacy) {
          const auto pick = static_cast<std::size_t>(draws.uniform() * static_cast<double>(audience.size()));
          doctors.post_breach_patients[d].push_back(audience[std::min(pick, audience.size() - 1)]);
        }
        if (!unprofessional && !violates_privacy) {
          for (const auto i : audience) add_trust(patients.trust[i], p.trust.benign_personal_post);
        }
        if (draws.uniform() < p.posts.share_public_health_personal) run_cascade(world, d, day, audience);
      }
    }
  }

 private:
  // A post of physician d; the posts and reaches count towards d's tallies.
  static void run_cascade(World& world, std::size_t d, std::uint32_t day, const std::vector<std::uint32_t>& audience) {
    const Parameters& p = *world.params;
    auto& today = world.physicians.today[d];
    today[metric("public_health_posts")] += 1;
    const std::uint32_t serial = ++world.post_serial;
    const auto reached = independent_cascade(world.friends, audience, p.cascade.p_share,
                                             static_cast<int>(p.cascade.max_hops), world.streams, day, serial,
                                             world.cascade_stamp);
    auto& patients = world.patients;
    for (const auto i : reached) {
      patients.exposure[i] += static_cast<float>(p.exposure.gain * (1.0 - patients.exposure[i]));
      patients.flags[i] |= kEverReached;
      // One chance a day: a patient's second post of the day reads the same draw.
      if (offer_correction(world, i, day, CorrectionChannel::kPost, p.misinformation.p_raised_post)) {
        today[metric("misinformation_corrections")] += 1;
      }
    }
    today[metric("post_reach")] += static_cast<double>(reached.size());
  }
};

}  // namespace

std::unique_ptr<DayPhase> make_public_health_posts_phase() { return std::make_unique<PublicHealthPostsPhase>(); }

}  // namespace rapport::models
