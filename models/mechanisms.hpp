// Pure functions of the model's mechanisms, shared by the phases and checked
// directly by the tests against the closed forms in docs/MODEL.md.
#pragma once

#include "models/parameters.hpp"
#include "models/world.hpp"

#include <cmath>

namespace rapport::models {

// Daily visit rate of a patient (constant over the run, so visits are scheduled ahead).
double daily_visit_rate(const Parameters& p, bool chronic, Specialty specialty);

// Daily friend-request hazard of one eligible patient.
double request_hazard(const Parameters& p, bool wants_connection, double trust, double privacy_concern,
                      double days_since_visit);

// Daily message rate of one linked patient, given the physician's demand multiplier.
double message_rate(const Parameters& p, bool personal_channel, bool chronic, double demand, double trust,
                    double portal_volume);

// The largest message_rate any day can give this patient (full demand, trust 1).
// Candidate message days are scheduled at this rate; see MODEL.md, "Messages".
double message_rate_bound(const Parameters& p, bool personal_channel, bool chronic);

// message_rate_bound of the four kinds of linked patient, computed once per phase
// rather than per message, and the scheduling of candidate days at that rate.
class MessageSchedule {
 public:
  explicit MessageSchedule(const Parameters& p);
  [[nodiscard]] double bound(bool personal_channel, bool chronic) const { return bound_[personal_channel][chronic]; }
  // exp(-bound): the chance of no message on a day at the bound rate.
  [[nodiscard]] double p_none(bool personal_channel, bool chronic) const {
    return p_none_[personal_channel][chronic];
  }
  // Schedules patient i's next candidate message day, on or after from_day.
  void schedule_next(Patients& patients, std::uint32_t i, std::int64_t from_day, double u) const;

 private:
  double bound_[2][2];
  double p_none_[2][2];
};

// The largest daily request hazard any patient can have (wants a link, trust at the
// favourable end, no privacy concern, visit today). Candidate request days are
// scheduled at this rate and thinned; see MODEL.md, "Friend requests".
double request_hazard_bound(const Parameters& p);

// A physician's self-disclosure trait (share of visits with self-disclosure) from a uniform draw:
// uniform between physicians.self_disclosure_min and _max.
float self_disclosure_share(const Parameters& p, double unit);

// A physician's privacy-violation trait (the chance that one of their posts identifies a
// patient, before any content rules) from a uniform draw: a share posts.share_privacy_violators
// of physicians post all such content, at posts.p_privacy_violation / that share (at most 1),
// so the mean over physicians is posts.p_privacy_violation; the others never do (MODEL.md 3.5).
float privacy_violation_share(const Parameters& p, double unit);

// The multiplier of a decline's trust penalties (the decline itself and the awkward next
// visit): trust.rel_disclosed when the decline is explained, else 1 (MODEL.md 3.3).
double decline_penalty_multiplier(const Parameters& p, DeclineExplanation explanation);

// The chances that one personal post is unprofessional, and that one personal or page post
// of a physician with the given privacy-violation trait identifies a patient, lowered by
// the content rules for a physician who keeps them (accept_with_rules).
struct PostRisks {
  double p_unprofessional;
  double p_privacy_violation;
};
PostRisks post_risks(const Parameters& p, bool keeps_content_rules, double privacy_violation_share);

// The chance that a post identifying a patient is reported to a medical board when
// `viewers` people see it, each reporting independently with breaches.p_reported_per_viewer.
double p_post_reported(const Parameters& p, double viewers);

// Portal message minutes a physician can work in one day, in hours plus after hours,
// before any loss to burnout.
double message_capacity_minutes(const Parameters& p);

// The share of the extra burnout risk a smoothed after-hours load has reached, in [0, 1);
// it scales the burnout feedbacks, so they are bounded (MODEL.md, "Messages").
double burnout_excess(const Parameters& p, double after_hours_load_minutes);

// A physician's burnout risk at a given burnout_excess: baseline times 1 + (rr - 1)·excess, at most 1.
double burnout_risk(const Parameters& p, double excess);

// Portal capacity after the burnout loss of answer speed.
double burnout_capacity_minutes(const Parameters& p, double excess);

// Visit quality after the burnout loss.
double burnout_visit_quality(const Parameters& p, double visit_quality, double excess);

// The smoothed after-hours load after one more day with `minutes_today` after-hours minutes.
double next_after_hours_load(const Parameters& p, double load_minutes, double minutes_today);

// Expected days until a new portal message is answered, given the backlog and the day's capacity.
double expected_wait_days(double backlog_minutes, double capacity_minutes);

// The chance that at least one of `events` independent events of chance p happens.
double p_at_least_once(double p_per_event, int events);

// Adherence probability (MODEL.md 3.7): logistic in trust (centred on mean baseline
// trust, with a slope weighted by chronic status), exposure and the patient's propensity,
// a level of kPropensityLevels spread evenly over ±adherence.propensity_halfwidth.
// Constructed once per phase so the per-patient cost is one exponential.
inline constexpr int kPropensityLevels = 256;
class AdherenceLink {
 public:
  explicit AdherenceLink(const Parameters& p);
  [[nodiscard]] double log_odds(double trust, double exposure, bool chronic, std::uint8_t propensity_level) const {
    return intercept_ + trust_slope(chronic) * (trust - trust_centre_) +
           exposure_slope_ * exposure + propensity(propensity_level);
  }
  [[nodiscard]] double operator()(double trust, double exposure, bool chronic, std::uint8_t propensity_level) const {
    return 1.0 / (1.0 + std::exp(-log_odds(trust, exposure, chronic, propensity_level)));
  }
  // The log-odds propensity of a level: halfwidth · (2 (level + 1/2) / kPropensityLevels - 1).
  [[nodiscard]] double propensity(std::uint8_t level) const { return propensity_step_ * level + lowest_propensity_; }
  // A patient's adherence: the logistic less the drop of their belief state, at least 0 (MODEL.md 3.8).
  [[nodiscard]] double of_patient(const Patients& patients, std::size_t i) const;
  // Chosen so that the mean adherence over a uniform propensity is adherence.baseline at mean
  // baseline trust without exposure.
  [[nodiscard]] double intercept() const { return intercept_; }
  [[nodiscard]] double trust_centre() const { return trust_centre_; }
  [[nodiscard]] double trust_slope(bool chronic) const { return chronic ? trust_slope_ : trust_slope_not_chronic_; }
  [[nodiscard]] double exposure_slope() const { return exposure_slope_; }
  [[nodiscard]] double propensity_step() const { return propensity_step_; }
  [[nodiscard]] double lowest_propensity() const { return lowest_propensity_; }

 private:
  double intercept_, trust_centre_, trust_slope_, trust_slope_not_chronic_, exposure_slope_;
  double propensity_step_, lowest_propensity_;
  double misinformed_drop_, corrected_drop_;
};

// The propensity level of a patient from a 32-bit random word: its top 8 bits, so each
// level has probability exactly 1 / kPropensityLevels.
inline std::uint8_t propensity_level(std::uint32_t word) { return static_cast<std::uint8_t>(word >> 24); }

// Trust after `days` of relaxation toward baseline with no events.
double relaxed_trust(const Parameters& p, double trust, double baseline, double days);

}  // namespace rapport::models
