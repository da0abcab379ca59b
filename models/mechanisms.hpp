// Pure functions of the model's mechanisms, shared by the phases and checked
// directly by the tests against the closed forms in docs/MODEL.md.
#pragma once

#include "models/parameters.hpp"

namespace rapport::models {

// Daily friend-request hazard of one eligible patient.
double request_hazard(const Parameters& p, bool wants_connection, double trust, double privacy_concern,
                      double days_since_visit);

// Message minutes a physician can work in one day, in hours plus after hours.
double message_capacity_minutes(const Parameters& p);

// Expected days until a new message is answered, given the backlog.
double expected_wait_days(const Parameters& p, double backlog_minutes);

// Adherence probability: logistic in trust (centred on mean baseline trust) and exposure.
double adherence_probability(const Parameters& p, double trust, double exposure);

// Trust after `days` of relaxation toward baseline with no events.
double relaxed_trust(const Parameters& p, double trust, double baseline, double days);

}  // namespace rapport::models
