#include "models/mechanisms.hpp"

#include <algorithm>
#include <climits>
#include <cmath>

#include "models/calendar.hpp"
#include "models/misinformation.hpp"

namespace rapport::models {

double request_hazard(const Parameters& p, bool wants_connection, double trust, double privacy_concern,
                      double days_since_visit) {
  const double base = p.requests.rate_per_year / 365.0 * (wants_connection ? 1.0 : p.requests.rel_not_wanting);
  const double after_visit =
      1.0 + p.requests.rel_after_visit * std::exp(-days_since_visit / p.requests.dur_after_visit_days);
  const double trust_factor = std::exp(p.requests.trust_slope * (trust - 0.5));
  const double privacy_factor = 1.0 - p.requests.rel_privacy_concern * privacy_concern;
  return base * after_visit * trust_factor * privacy_factor;
}

double request_hazard_bound(const Parameters& p) {
  return request_hazard(p, true, p.requests.trust_slope >= 0 ? 1.0 : 0.0, 0.0, 0.0);
}

double message_rate(const Parameters& p, bool personal_channel, bool chronic, double demand, double trust,
                    double portal_volume) {
  const double per_year =
      personal_channel ? p.messages.personal_per_year : p.messages.portal_per_year * portal_volume;
  return per_year / 365.0 * demand * (chronic ? p.messages.rel_chronic : 1.0) *
         std::exp(p.messages.trust_slope * (trust - 0.5));
}

double message_rate_bound(const Parameters& p, bool personal_channel, bool chronic) {
  return message_rate(p, personal_channel, chronic, p.messages.demand_response_max, 1.0, message_volume_max(p));
}

MessageSchedule::MessageSchedule(const Parameters& p) {
  for (const bool personal : {false, true}) {
    for (const bool chronic : {false, true}) {
      bound_[personal][chronic] = message_rate_bound(p, personal, chronic);
      p_none_[personal][chronic] = std::exp(-bound_[personal][chronic]);
    }
  }
}

void MessageSchedule::schedule_next(Patients& patients, std::uint32_t i, std::int64_t from_day, double u) const {
  const double bound = this->bound(patients.link[i] == Link::kPersonal, patients.has(i, kChronic));
  patients.next_message_day.set(
      i, static_cast<std::int32_t>(std::min<std::int64_t>(from_day + sim::days_until_next_event(bound, u), INT32_MAX)));
}

float self_disclosure_share(const Parameters& p, double unit) {
  return static_cast<float>(p.physicians.self_disclosure_min +
                            (p.physicians.self_disclosure_max - p.physicians.self_disclosure_min) * unit);
}

float privacy_violation_share(const Parameters& p, double unit) {
  if (unit >= p.posts.share_privacy_violators) return 0.0f;
  return static_cast<float>(std::min(1.0, p.posts.p_privacy_violation / p.posts.share_privacy_violators));
}

double decline_penalty_multiplier(const Parameters& p, DeclineExplanation explanation) {
  const bool explained = explanation == DeclineExplanation::kScenarioDefault
                             ? p.policy.disclosed
                             : explanation == DeclineExplanation::kExplained;
  return explained ? p.trust.rel_disclosed : 1.0;
}

PostRisks post_risks(const Parameters& p, bool keeps_content_rules, double privacy_violation_share) {
  if (!keeps_content_rules) return {p.posts.p_unprofessional, privacy_violation_share};
  return {p.posts.p_unprofessional * (1.0 - p.rules.professional_share),
          privacy_violation_share * (1.0 - p.rules.privacy_violation_reduction)};
}

double p_post_reported(const Parameters& p, double viewers) {
  return 1.0 - std::pow(1.0 - p.breaches.p_reported_per_viewer, viewers);
}

double message_capacity_minutes(const Parameters& p) {
  return p.physicians.minutes_available_per_day / (1.0 - p.physicians.after_hours_share);
}

double burnout_excess(const Parameters& p, double after_hours_load_minutes) {
  return 1.0 - std::exp(-std::max(0.0, after_hours_load_minutes) / p.physicians.after_hours_ref_minutes);
}

double burnout_risk(const Parameters& p, double excess) {
  return std::min(1.0, p.physicians.burnout_baseline * (1.0 + (p.physicians.burnout_rr_high_load - 1.0) * excess));
}

double burnout_capacity_minutes(const Parameters& p, double excess) {
  return message_capacity_minutes(p) * (1.0 - p.physicians.burnout_capacity_loss * excess);
}

double burnout_visit_quality(const Parameters& p, double visit_quality, double excess) {
  return visit_quality * (1.0 - p.physicians.burnout_visit_quality_loss * excess);
}

double next_after_hours_load(const Parameters& p, double load_minutes, double minutes_today) {
  const double keep = std::exp(-1.0 / p.physicians.after_hours_window_days);
  return keep * load_minutes + (1.0 - keep) * minutes_today;
}

double expected_wait_days(double backlog_minutes, double capacity_minutes) {
  if (backlog_minutes <= 0) return 0.0;
  return capacity_minutes > 0 ? backlog_minutes / capacity_minutes : 1e9;
}

double p_at_least_once(double p_per_event, int events) {
  return events == 1 ? p_per_event : 1.0 - std::pow(1.0 - p_per_event, events);
}

namespace {

// The intercept α at which the mean of logistic(α + z) over z uniform on [-h, h] is a0:
// that mean is (softplus(α + h) - softplus(α - h)) / 2h, which solves to
// α = ln(expm1(2h·a0) / expm1(2h·(1 - a0))) - (2·a0 - 1)·h; logit(a0) as h → 0.
double adherence_intercept(double a0, double h) {
  if (h == 0.0) return std::log(a0 / (1.0 - a0));
  return std::log(std::expm1(2 * h * a0) / std::expm1(2 * h * (1 - a0))) - (2 * a0 - 1) * h;
}

}  // namespace

AdherenceLink::AdherenceLink(const Parameters& p)
    : intercept_(adherence_intercept(p.adherence.baseline, p.adherence.propensity_halfwidth)),
      trust_centre_(mean_baseline_trust(p)),
      trust_slope_(p.adherence.trust_slope),
      trust_slope_not_chronic_(p.adherence.trust_slope * p.adherence.rel_trust_slope_not_chronic),
      exposure_slope_(p.adherence.exposure_slope),
      propensity_step_(2 * p.adherence.propensity_halfwidth / kPropensityLevels),
      lowest_propensity_(-p.adherence.propensity_halfwidth + p.adherence.propensity_halfwidth / kPropensityLevels),
      misinformed_drop_(belief_adherence_drops(p).misinformed),
      corrected_drop_(belief_adherence_drops(p).corrected) {}

double AdherenceLink::of_patient(const Patients& patients, std::size_t i) const {
  const double drop = patients.has(i, kMisinformed) ? misinformed_drop_
                      : patients.has(i, kCorrectedBelief) ? corrected_drop_
                                                          : 0.0;
  return std::max(0.0, (*this)(patients.trust[i], patients.exposure[i], patients.has(i, kChronic),
                               patients.adherence_propensity[i]) -
                           drop);
}

double daily_visit_rate(const Parameters& p, bool chronic, Specialty specialty) {
  const double per_year = chronic ? p.visits.rate_chronic_per_year : p.visits.rate_other_per_year;
  return per_year * p.visits.rel_rate[static_cast<std::size_t>(specialty)] / 365.0;
}

double relaxed_trust(const Parameters& p, double trust, double baseline, double days) {
  return baseline + (trust - baseline) * std::exp(-days / p.trust.relaxation_days);
}

}  // namespace rapport::models
