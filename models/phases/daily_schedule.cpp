// The order of the simulated day (docs/MODEL.md, "Daily schedule").
#include "models/phases/phases.hpp"

namespace rapport::models {

sim::Schedule<World> make_daily_schedule() {
  sim::Schedule<World> schedule;
  schedule.add(make_calendar_trends_phase());
  schedule.add(make_turnover_phase());
  schedule.add(make_guideline_adoption_phase());
  schedule.add(make_misinformation_phase());
  schedule.add(make_visits_phase());
  schedule.add(make_friend_requests_phase());
  schedule.add(make_responses_phase());
  schedule.add(make_messages_phase());
  schedule.add(make_public_health_posts_phase());
  schedule.add(make_breaches_phase());
  schedule.add(make_trust_adherence_phase());
  return schedule;
}

}  // namespace rapport::models
