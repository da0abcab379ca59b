#include "models/mechanism_switches.hpp"

namespace rapport::models {

std::span<const MechanismSwitch> mechanism_switches() {
  static const std::vector<MechanismSwitch> kSwitches = {
      {"response_trust", "the trust change of the answer to a request and the awkward next visit (3.3)",
       {"trust.accept=0", "trust.decline_silent=0", "trust.redirect_page=0", "trust.redirect_portal=0",
        "trust.awkward_visit=0"}},
      {"self_disclosure", "in-visit self-disclosure (3.1)", {"trust.visit_self_disclosure=0"}},
      {"answer_speed", "the trust change of a fast or slow answer to a message (3.4)",
       {"trust.answer_fast=0", "trust.answer_slow=0"}},
      {"miscommunication", "misunderstood visits and messages (3.1, 3.4)", {"trust.misunderstanding=0"}},
      {"burnout_feedback", "burnout's loss of portal capacity and visit quality (3.4)",
       {"physicians.burnout_capacity_loss=0", "physicians.burnout_visit_quality_loss=0"}},
      {"benign_posts", "benign personal posts seen by patient friends (3.5)", {"trust.benign_personal_post=0"}},
      {"unprofessional_posts", "the trust drop at a friend's first unprofessional post (3.5)",
       {"trust.unprofessional_content=0"}},
      {"public_health_posts", "the exposure public-health posts and their shares carry to adherence (3.5)",
       {"exposure.gain=0"}},
      {"breaches", "confidentiality breaches of messages and privacy-violating posts (3.6)",
       {"posts.p_privacy_violation=0", "breaches.p_per_message_personal=0", "breaches.p_per_message_portal=0"}},
      {"boundary_incidents", "boundary incidents on personal links (3.6)",
       {"breaches.boundary_incidents_per_link_year=0"}},
      {"misinformation", "inaccurate beliefs from symptom searches and their correction (3.8)",
       {"misinformation.searches_per_year=0"}},
  };
  return kSwitches;
}

}  // namespace rapport::models
