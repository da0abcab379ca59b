#include "models/mechanisms.hpp"

#include <cmath>

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

double message_capacity_minutes(const Parameters& p) {
  return p.physicians.minutes_available_per_day / (1.0 - p.physicians.after_hours_share);
}

double expected_wait_days(const Parameters& p, double backlog_minutes) {
  const double capacity = message_capacity_minutes(p);
  if (backlog_minutes <= 0) return 0.0;
  return capacity > 0 ? backlog_minutes / capacity : 1e9;
}

double adherence_probability(const Parameters& p, double trust, double exposure) {
  const double logit_base = std::log(p.adherence.baseline / (1.0 - p.adherence.baseline));
  const double logit = logit_base + p.adherence.trust_slope * (trust - mean_baseline_trust(p)) +
                       p.adherence.exposure_slope * exposure;
  return 1.0 / (1.0 + std::exp(-logit));
}

double relaxed_trust(const Parameters& p, double trust, double baseline, double days) {
  return baseline + (trust - baseline) * std::exp(-days / p.trust.relaxation_days);
}

}  // namespace rapport::models
