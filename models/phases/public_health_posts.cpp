// Phase 5, posts: pages and personal accounts post; public-health posts spread
// over the friendship network by an independent cascade with bounded hops. Personal
// friends see the physician's personal posts: benign ones raise trust a little, the
// first unprofessional one a patient sees lowers it once. A post may identify a
// patient, at a rate set by the physician's trait; its harm grows with its audience.
// Content rules make both unprofessional and identifying posts rarer. A public-health
// post may correct an inaccurate belief of a patient it reaches.
// Sequential: a cascade crosses panels, and posts are rare.
#include <algorithm>
#include <cmath>

#include "models/cascade.hpp"
#include "models/mechanisms.hpp"
#include "models/misinformation.hpp"
#include "models/phases/phases.hpp"
#include "sim/parallel.hpp"

namespace rapport::models {
namespace {

class PublicHealthPostsPhase final : public DayPhase {
 public:
  std::string_view name() const override { return "public_health_posts"; }
  std::string_view summary() const override {
    return "page and personal posts; public-health posts cascade over friendships; some personal posts "
           "are unprofessional; posts that identify a patient harm their audience";
  }

  void step(World& world, std::uint32_t day) const override {
    const Parameters& p = *world.params;
    auto& patients = world.patients;
    auto& doctors = world.physicians;
    for (std::size_t d = 0; d < doctors.size(); ++d) {
      // A physician no patient follows or befriends posts to no patient: nothing to draw
      // (the draws are counter-based, so skipping them moves no other draw). Most have none.
      if (doctors.page_followers[d].empty() && doctors.personal_friends[d].empty()) continue;
      const auto agent = static_cast<std::uint32_t>(d);
      sim::DrawSequence draws(world.streams, agent, day, event::kPost);
      const PolicyInfo& policy = policy_info(doctors.policy[d]);
      const bool has_page = policy.posts_on_page;
      // Both counts are always drawn so a physician's later draws do not depend on the policy.
      const double u_page = draws.uniform();
      const int page_posts = has_page ? sim::poisson_from_uniform(p.posts.page_per_week / 7.0, u_page) : 0;
      const int personal_posts = sim::poisson_from_uniform(p.posts.personal_per_week / 7.0, draws.uniform());
      const PostRisks risks = post_risks(p, policy.keeps_content_rules, doctors.privacy_violation_share[d]);
      // Whether a post identifies a patient has draws of its own, page posts apart from personal
      // posts, so that neither depends on the policy or on the other posts' draws.
      // A page no patient follows reaches no one, like a personal post without patient friends.
      const auto& followers = doctors.page_followers[d];
      if (!followers.empty()) {
        sim::DrawSequence content(world.streams, agent, day, event::kPrivacyViolation, kPagePostDraws);
        for (int k = 0; k < page_posts; ++k) {
          if (content.uniform() < risks.p_privacy_violation) identify_patient(world, d, followers, 1.0, content);
          run_cascade(world, d, day, followers);
        }
      }
      const auto& audience = doctors.personal_friends[d];
      if (personal_posts == 0 || audience.empty()) continue;  // no patient sees these posts
      sim::DrawSequence content(world.streams, agent, day, event::kPrivacyViolation);
      for (int k = 0; k < personal_posts; ++k) {
        const bool unprofessional = draws.uniform() < risks.p_unprofessional;
        if (unprofessional) {
          lower_credibility(world, audience);
          doctors.today[d][metric("unprofessional_posts")] += 1;
        }
        const bool violates_privacy = content.uniform() < risks.p_privacy_violation;
        if (violates_privacy) identify_patient(world, d, audience, p.breaches.rel_exposure_personal, content);
        if (!unprofessional && !violates_privacy) {
          for (const auto i : audience) add_trust(patients.trust[i], p.trust.benign_personal_post);
        }
        if (draws.uniform() < p.posts.share_public_health_personal) run_cascade(world, d, day, audience);
      }
    }
  }

 private:
  static constexpr std::size_t kStampsPerTask = 1 << 16;
  // Page posts' identification draws start here, past any day's personal posts.
  static constexpr std::uint32_t kPagePostDraws = 1u << 16;

  // The credibility drop of unprofessional content, once per patient (MODEL.md 3.5).
  static void lower_credibility(World& world, const std::vector<std::uint32_t>& audience) {
    auto& patients = world.patients;
    for (const auto i : audience) {
      if (patients.has(i, kSawUnprofessional)) continue;
      add_trust(patients.trust[i], world.params->trust.unprofessional_content);
      patients.flags[i] |= kSawUnprofessional;
    }
  }

  // A post of physician d that identifies a patient, seen by `audience`, each of whom counts
  // as `viewers_each` viewers: the audience takes the credibility drop of unprofessional
  // content; one of them, drawn uniformly, is the patient identified, whose breach (reported
  // with a chance that grows with the viewers) is resolved in the breaches phase.
  static void identify_patient(World& world, std::size_t d, const std::vector<std::uint32_t>& audience,
                               double viewers_each, sim::DrawSequence& draws) {
    lower_credibility(world, audience);
    const double n = static_cast<double>(audience.size());
    const auto pick = std::min(static_cast<std::size_t>(draws.uniform() * n), audience.size() - 1);
    world.physicians.post_breaches[d].push_back({audience[pick], p_post_reported(*world.params, viewers_each * n)});
  }

  // A post of physician d; the posts and reaches count towards d's tallies.
  static void run_cascade(World& world, std::size_t d, std::uint32_t day, const std::vector<std::uint32_t>& audience) {
    const Parameters& p = *world.params;
    auto& today = world.physicians.today[d];
    today[metric("public_health_posts")] += 1;
    const std::uint32_t serial = ++world.post_serial;
    // Made at the first cascade: a run without pages or patient friends has none.
    auto& stamp = world.cascade_stamp;
    if (stamp.empty()) {
      stamp.resize(world.patients.size());
      sim::parallel_for_chunks(stamp.size(), kStampsPerTask, [&](std::size_t first, std::size_t end) {
        std::fill(stamp.begin() + first, stamp.begin() + end, 0);
      });
    }
    const auto reached = independent_cascade(*world.friends, audience, p.cascade.p_share,
                                             static_cast<int>(p.cascade.max_hops), world.streams, day, serial,
                                             stamp);
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
