// Every model parameter as a typed member. The schema rows in parameters.cpp
// give each one its TOML key, default, unit, plausible range and source;
// docs/PARAMETERS.md is generated from the same rows (`rapport parameters --markdown`).
#pragma once

#include "models/policies/policy.hpp"
#include "sim/config.hpp"

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace rapport::models {

enum class Specialty : std::uint8_t { kPrimaryCare, kPsychiatry, kPediatrics, kOther };
inline constexpr std::size_t kSpecialtyCount = 4;
inline constexpr std::array<std::string_view, kSpecialtyCount> kSpecialtyNames = {"primary_care", "psychiatry",
                                                                                    "pediatrics", "other"};
inline constexpr std::size_t kAgeGroupCount = 4;
inline constexpr std::array<std::string_view, kAgeGroupCount> kAgeGroupNames = {"18_29", "30_49", "50_64",
                                                                                 "65_plus"};

// A row of network_table() (models/networks/network.hpp).
enum class NetworkType : std::uint8_t {};

struct Parameters {
  struct Run {
    std::int64_t days = 0;
    std::int64_t replicates = 0;
    std::int64_t seed = 0;
    std::int64_t start_year = 0;
  } run;
  struct Population {
    std::int64_t physicians = 0;
    std::int64_t patients_per_physician = 0;
    std::array<double, kAgeGroupCount> share_age{};
    std::array<double, kAgeGroupCount> p_social_media{};
    double p_chronic = 0;
    double p_wants_connection = 0;
    double or_wants_connection_50_plus = 0;
    double p_high_trust = 0;
    double p_portal_user = 0;
    double mean_relationship_years = 0;
  } population;
  struct Physicians {
    std::array<double, kSpecialtyCount> share_specialty{};
    std::array<double, kSpecialtyCount> rel_panel_size{};
    double p_personal_presence = 0;
    double minutes_available_per_day = 0;
    double after_hours_share = 0;
    double visit_quality_min = 0;
    double visit_quality_max = 0;
    double self_disclosure_min = 0;
    double self_disclosure_max = 0;
    double burnout_baseline = 0;
    double burnout_rr_high_load = 0;
    double after_hours_ref_minutes = 0;
    double after_hours_window_days = 0;
    double burnout_visit_quality_loss = 0;
    double burnout_capacity_loss = 0;
  } physicians;
  struct Network {
    NetworkType type{};
    double mean_degree = 0;
    double rewire_probability = 0;
    double within_practice_share = 0;
    bool operator==(const Network&) const = default;
  } network;
  struct Visits {
    double rate_chronic_per_year = 0;
    double rate_other_per_year = 0;
    std::array<double, kSpecialtyCount> rel_rate{};
    double p_misunderstood = 0;
  } visits;
  struct Trust {
    double baseline_high = 0;
    double baseline_low = 0;
    double baseline_spread = 0;
    double relaxation_days = 0;
    double visit_gain = 0;
    double decline_silent = 0;
    double rel_decline_wanting = 0;
    double rel_disclosed = 0;
    double awkward_visit = 0;
    double accept = 0;
    double redirect_portal = 0;
    double redirect_page = 0;
    double unprofessional_content = 0;
    double benign_personal_post = 0;
    double visit_self_disclosure = 0;
    double misunderstanding = 0;
    double answer_fast = 0;
    double answer_slow = 0;
    double wait_tolerance_days = 0;
    double breach = 0;
    double breach_word_of_mouth = 0;
    double boundary_incident = 0;
  } trust;
  struct Requests {
    bool enabled = true;  // false: no one asks ("no one asks" baseline)
    bool portal_users_ask = false;  // true: portal users may ask too (they keep the portal meanwhile)
    double rate_per_year = 0;
    double rel_after_visit = 0;
    double dur_after_visit_days = 0;
    double trust_slope = 0;
    double rel_not_wanting = 0;
    double rel_privacy_concern = 0;
    double cooldown_days = 0;
    double response_days = 0;
  } requests;
  struct Responses {
    double p_follow_page = 0;
    double p_enroll_portal = 0;
    double trust_slope_enroll = 0;
    double selective_min_relationship_days = 0;
    double selective_min_trust = 0;
  } responses;
  struct Policy {
    std::array<double, kPolicyCount> mix{};
    // A specialty with a policy here follows it; the mix covers the other physicians.
    std::array<std::optional<PolicyId>, kSpecialtyCount> by_specialty{};
    bool disclosed = false;
  } policy;
  struct Messages {
    double portal_per_year = 0;
    double personal_per_year = 0;
    double rel_chronic = 0;
    double trust_slope = 0;
    double minutes_per_message = 0;
    double rel_minutes_personal = 0;
    double demand_response_max = 0;
    double responsiveness_days = 0;
    double p_misunderstood_portal = 0;
    double p_misunderstood_personal = 0;
  } messages;
  struct Posts {
    double personal_per_week = 0;
    double page_per_week = 0;
    double share_public_health_personal = 0;
    double p_unprofessional = 0;
    double p_privacy_violation = 0;
    double share_privacy_violators = 0;
  } posts;
  // The content rules kept by accept_with_rules physicians (models/policies/accept_with_rules.cpp).
  struct Rules {
    double privacy_violation_reduction = 0;
    double professional_share = 0;
    double portal_redirect_share = 0;
  } rules;
  // The page kept by professional_page physicians for the patients they redirect to it.
  struct ProfessionalPage {
    double upkeep_minutes_per_week = 0;
  } professional_page;
  // The page open to the whole panel kept by open_page physicians (models/policies/open_page.cpp).
  struct OpenPage {
    double follow_per_year = 0;
    double upkeep_minutes_per_week = 0;
  } open_page;
  struct Cascade {
    double p_share = 0;
    std::int64_t max_hops = 0;
  } cascade;
  struct Exposure {
    double gain = 0;
    double decay_days = 0;
  } exposure;
  struct Misinformation {
    double searches_per_year = 0;
    double p_contradicted = 0;
    double belief_days = 0;
    double adherence_drop = 0;
    double share_undone = 0;
    double p_raised_visit = 0;
    double p_raised_message = 0;
    double p_raised_post = 0;
  } misinformation;
  struct Adherence {
    double baseline = 0;
    double trust_slope = 0;
    double exposure_slope = 0;
    double rel_trust_slope_not_chronic = 0;
    double propensity_halfwidth = 0;
  } adherence;
  struct Breaches {
    double p_per_message_portal = 0;
    double p_per_message_personal = 0;
    double boundary_incidents_per_link_year = 0;
    double p_word_of_mouth = 0;
    double p_reported = 0;
    double p_investigated = 0;
    double p_complaint_boundary = 0;
    double rel_exposure_personal = 0;
    double p_reported_per_viewer = 0;
  } breaches;
  // Rates that change with the calendar year: a line through two (year, value) points,
  // clamped to [0, cap] (docs/MODEL.md, "Calendar time").
  struct Trend {
    double from_year = 0, from = 0, to_year = 0, to = 0, cap = 0;
  };
  struct Trends {
    bool enabled = false;
    Trend wants_connection;
    Trend personal_presence;
    Trend message_volume;  // a multiplier of the portal message rate
  } trends;
  struct Turnover {
    double patient_exit_per_year = 0;
    double physician_exit_per_year = 0;
  } turnover;
  struct Guideline {
    std::optional<PolicyId> policy;  // none: no guideline is published
    std::int64_t delay_days = 0;
    double p_external = 0;
    double q_imitation = 0;
    double never_share = 0;
    std::int64_t practice_size = 0;
    double ties_between = 0;
  } guideline;
};

// The schema every scenario is validated against (keys, kinds, ranges, defaults, sources).
const sim::Schema& parameter_schema();

// Typed parameters from a validated configuration; checks rules that span keys
// (shares summing to 1, a policy mix, more patients than physicians).
Parameters parameters_from(const sim::ResolvedConfig& config);
// The same before those rules: each key exactly as the configuration sets it.
Parameters assigned_parameters(const sim::ResolvedConfig& config);

// Where a key was set, for error messages ("" asks for the scenario as a whole).
using KeyLocator = std::function<std::string(std::string_view key)>;

// Sets one key on typed parameters through its schema row, with the row's range check;
// a ConfigError names `where`, the key and its allowed values.
void set_parameter(Parameters& p, std::string_view key, const sim::ParameterValue& value, std::string_view where);
// Sets one key back to its default.
void reset_parameter(Parameters& p, std::string_view key);
// The rules that span keys, however the keys were set; an empty policy mix becomes decline_all.
void apply_cross_key_rules(Parameters& p, const KeyLocator& where);

// Mean baseline trust of the population; adherence is centred on it (see MODEL.md).
double mean_baseline_trust(const Parameters& p);

}  // namespace rapport::models
