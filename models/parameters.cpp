#include "models/parameters.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <string_view>
#include <utility>

#include "models/networks/network.hpp"
#include "models/parameter_notes.hpp"

namespace rapport::models {
namespace {

using sim::ParameterSpec;
using sim::ParameterValue;
using sim::ValueKind;

// A schema row plus how it lands in the typed struct.
struct Row {
  ParameterSpec spec;
  std::function<void(Parameters&, const ParameterValue&)> assign;
};

Row real_row(std::string key, double value, double min, double max, std::string unit, std::string plausible,
             std::string source, std::string description, std::function<double&(Parameters&)> field) {
  return {{std::move(key), ValueKind::kReal, value, min, max, {}, std::move(unit), std::move(plausible),
           std::move(source), std::move(description)},
          [field](Parameters& p, const ParameterValue& v) { field(p) = std::get<double>(v); }};
}

Row integer_row(std::string key, std::int64_t value, double min, double max, std::string unit, std::string plausible,
                std::string source, std::string description, std::function<std::int64_t&(Parameters&)> field) {
  return {{std::move(key), ValueKind::kInteger, value, min, max, {}, std::move(unit), std::move(plausible),
           std::move(source), std::move(description)},
          [field](Parameters& p, const ParameterValue& v) { field(p) = std::get<std::int64_t>(v); }};
}

// The key is the member path, so a key and its field cannot drift apart.
#define RAPPORT_REAL(member, value, min, max, unit, plausible, source, description) \
  real_row(#member, value, min, max, unit, plausible, source, description,        \
           [](Parameters& p) -> double& { return p.member; })
#define RAPPORT_INTEGER(member, value, min, max, unit, plausible, source, description) \
  integer_row(#member, value, min, max, unit, plausible, source, description,        \
              [](Parameters& p) -> std::int64_t& { return p.member; })

constexpr const char* kAssumption = "assumption";

// Calendar time, turnover and guideline adoption (issue 14). Every default leaves the
// model as it was: trends off, no turnover, no guideline.
void append_world_change_rows(std::vector<Row>& rows) {
  rows.push_back(RAPPORT_INTEGER(run.start_year, 2024, 1900, 2200, "year", "2011-2030", "choice",
                                 "calendar year of day 0 (years of 365 days follow)"));
  rows.push_back({{"trends.enabled", ValueKind::kBoolean, false, 0, 0, {}, "", "true/false", "choice",
                   "rates follow the calendar-year trends; false: the constant values apply"},
                  [](Parameters& p, const ParameterValue& v) { p.trends.enabled = std::get<bool>(v); }});
  const auto trend_rows = [&rows](const std::string& name, Parameters::Trend Parameters::Trends::*member,
                                  Parameters::Trend value, const std::string& plausible, const std::string& source,
                                  const std::string& what, const std::string& unit = "probability",
                                  double max = 1) {
    const auto field = [member](double Parameters::Trend::*part) {
      return [member, part](Parameters& p) -> double& { return (p.trends.*member).*part; };
    };
    const std::string key = "trends." + name;
    rows.push_back(real_row(key + "_from_year", value.from_year, 1900, 2200, "year", "", source,
                            "year of the trend's first point: " + what, field(&Parameters::Trend::from_year)));
    rows.push_back(real_row(key + "_from", value.from, 0, max, unit, plausible, source,
                            "value at the first point: " + what, field(&Parameters::Trend::from)));
    rows.push_back(real_row(key + "_to_year", value.to_year, 1900, 2200, "year", "", source,
                            "year of the trend's second point: " + what, field(&Parameters::Trend::to_year)));
    rows.push_back(real_row(key + "_to", value.to, 0, max, unit, plausible, source,
                            "value at the second point: " + what, field(&Parameters::Trend::to)));
    rows.push_back(real_row(key + "_cap", value.cap, 0, max, unit, plausible, kAssumption,
                            "largest value the extrapolated trend reaches: " + what, field(&Parameters::Trend::cap)));
  };
  trend_rows("wants_connection", &Parameters::Trends::wants_connection, {2011, 0.15, 2018, 0.42, 0.6}, "0.11-0.65",
             "Markle Foundation 2011 (very few; 0.15 assumed), AOA survey 2018 (42%)",
             "share of patients under 50 who want a social-media link");
  trend_rows("personal_presence", &Parameters::Trends::personal_presence, {2011, 0.416, 2018, 0.416, 0.8},
             "0.35-0.80", "Bosslet et al. 2011 (41.6%); no later figure found, flat as an assumption",
             "share of newly drawn physicians with a findable personal presence");
  trend_rows("message_volume", &Parameters::Trends::message_volume, {2013, 1.0, 2021, 1.57, 2.5}, "1-2.5",
             "Crotty et al. 2014 (2.27/yr, the constant rate: 1.0), Holmgren et al. 2022 (x1.57 by 2021)",
             "multiplier of the portal message rate per enrolled patient", "multiplier", 10);
  rows.push_back(RAPPORT_REAL(turnover.patient_exit_per_year, 0, 0, 5, "exits/year", "0.05-0.15",
                              "Mold, Fryer & Roberts 2004 (10.3 years with one physician); 0 = off",
                              "rate at which a patient leaves the panel; a new patient takes the place"));
  rows.push_back(RAPPORT_REAL(turnover.physician_exit_per_year, 0, 0, 5, "exits/year", "0.05-0.08",
                              "Bond et al. 2023 (5.3% in 2010 to 7.6% in 2018); 0 = off",
                              "rate at which a physician leaves; a new physician takes over the panel"));
  std::vector<std::string> guideline_choices = {"none"};
  for (const auto& policy : policy_table()) guideline_choices.emplace_back(policy.name);
  rows.push_back({{"guideline.policy", ValueKind::kChoice, std::string("none"), 0, 0, guideline_choices, "", "",
                   "choice", "policy a professional society's guideline recommends (none: no guideline)"},
                  [](Parameters& p, const ParameterValue& v) {
                    p.guideline.policy = find_policy(std::get<std::string>(v));
                  }});
  rows.push_back(RAPPORT_INTEGER(guideline.delay_days, 0, 0, 36500, "days", "0-3650", "choice",
                                 "day of the run on which the guideline is published"));
  rows.push_back(RAPPORT_REAL(guideline.p_external, 0.02, 0, 10, "per year", "0.01-0.03",
                              "derived: Dunn et al. 2012 (Bass fits of 103 drugs, median 8.2 years to adoption)",
                              "Bass external (publication, training) adoption rate of a physician"));
  rows.push_back(RAPPORT_REAL(guideline.q_imitation, 0.40, 0, 100, "per year", "0.3-0.5",
                              "derived: Dunn et al. 2012 (84 of 103 contagion-driven)",
                              "Bass imitation rate, times the share of a physician's ties who adopted"));
  rows.push_back(RAPPORT_REAL(guideline.never_share, 0, 0, 1, "fraction", "0-0.2", kAssumption,
                              "share of physicians who never adopt the guideline"));
  rows.push_back(RAPPORT_INTEGER(guideline.practice_size, 5, 1, 1000, "physicians", "1-20", kAssumption,
                                 "physicians per practice; colleagues in a practice are all tied"));
  rows.push_back(RAPPORT_REAL(guideline.ties_between, 4, 0, 1000, "ties", "0-20",
                              "assumption (Coleman, Katz & Menzel 1966: ties across practices carry adoption)",
                              "mean ties of a physician to physicians of other practices"));
}

std::vector<Row> build_rows() {
  std::vector<Row> rows = {
      RAPPORT_INTEGER(run.days, 730, 1, 36500, "days", "365-3650", "MODEL-SPEC default horizon", "days simulated"),
      RAPPORT_INTEGER(run.replicates, 10, 1, 100000, "runs", "10-1000", "choice",
                      "independent replicates per scenario"),
      RAPPORT_INTEGER(run.seed, 20240601, 0, 9.0e18, "", "any", "choice",
                      "base seed; replicate r of every scenario uses the same streams"),
      RAPPORT_INTEGER(population.physicians, 100, 1, 1e6, "physicians", "10-10000", "MODEL-SPEC demo size",
                      "number of physicians"),
      RAPPORT_INTEGER(population.patients_per_physician, 2000, 1, 1e6, "patients", "1000-2500",
                      "MODEL-SPEC demo size", "mean panel size (adjusted by specialty)"),
      RAPPORT_REAL(population.p_chronic, 0.45, 0, 1, "probability", "0.30-0.60", kAssumption,
                   "share of patients with a chronic condition"),
      RAPPORT_REAL(population.p_wants_connection, 0.42, 0, 1, "probability", "0.11-0.54",
                   "AOA survey 2018 (42%); Lee et al. 2016", "share of patients under 50 who want a social-media link"),
      RAPPORT_REAL(population.or_wants_connection_50_plus, 0.3, 0, 10, "odds ratio", "0.28-0.57", "Lee et al. 2016",
                   "odds ratio of wanting a link for patients aged 50+"),
      RAPPORT_REAL(population.p_high_trust, 0.55, 0, 1, "probability", "0.40-0.72", "Perlis et al. 2024",
                   "share of patients with high baseline trust"),
      RAPPORT_REAL(population.p_portal_user, 0.60, 0, 1, "probability", "0.28-0.60", "ONC data briefs 2018, 2023",
                   "share of patients already using the portal at the start"),
      RAPPORT_REAL(population.mean_relationship_years, 5, 0, 100, "years", "1-15", kAssumption,
                   "mean length of existing patient-physician relationships at the start"),
      RAPPORT_REAL(physicians.p_personal_presence, 0.416, 0, 1, "probability", "0.35-0.80",
                   "Bosslet et al. 2011 (41.6%)", "share of physicians with a findable personal social-media presence"),
      RAPPORT_REAL(physicians.minutes_available_per_day, 6.6, 0, 1440, "minutes/day", "4-10",
                   "derived: Akbar et al. 2021 (14.6 min of patient messages per workday, 63% in hours, 5 workdays a week)",
                   "in-hours minutes per calendar day for patient messages"),
      RAPPORT_REAL(physicians.after_hours_share, 0.37, 0, 0.95, "fraction", "0.24-0.40", "Akbar et al. 2021",
                   "share of message work a physician does after hours (sets overtime capacity)"),
      RAPPORT_REAL(physicians.visit_quality_min, 0.6, 0, 1, "fraction", "0.4-0.8", kAssumption,
                   "lowest visit quality (scales the trust gain of a visit)"),
      RAPPORT_REAL(physicians.visit_quality_max, 1.0, 0, 1, "fraction", "0.8-1.0", kAssumption,
                   "highest visit quality"),
      RAPPORT_REAL(physicians.self_disclosure_min, 0.04, 0, 1, "fraction", "0-0.14",
                   "assumption (spread around Beach et al. 2004, 17%)",
                   "lowest share of visits in which a physician self-discloses (a physician trait)"),
      RAPPORT_REAL(physicians.self_disclosure_max, 0.30, 0, 1, "fraction", "0.20-0.75",
                   "assumption (spread around Beach et al. 2004, 17%; Arroll & Allen 2015, up to 75%)",
                   "highest share of visits in which a physician self-discloses"),
      RAPPORT_REAL(physicians.burnout_baseline, 0.40, 0, 1, "probability", "0.34-0.51", "Adler-Milstein et al. 2020",
                   "burnout (high exhaustion) risk of a physician with no after-hours message work"),
      RAPPORT_REAL(physicians.burnout_rr_high_load, 1.4, 1, 10, "risk ratio", "1.2-2.0",
                   "Tai-Seale et al. 2019 (stress test 5: Adler-Milstein et al. 2020)",
                   "burnout risk at an unbounded after-hours load relative to the baseline risk"),
      RAPPORT_REAL(physicians.after_hours_ref_minutes, 30, 0.001, 1440, "minutes/day", "10-90",
                   "assumption (Arndt et al. 2017: 86 after-hours EHR minutes per workday)",
                   "smoothed after-hours message minutes per day that reach 63% of the extra burnout risk"),
      RAPPORT_REAL(physicians.after_hours_window_days, 30, 1, 3650, "days", "7-180", kAssumption,
                   "time constant over which after-hours minutes are smoothed into a load"),
      RAPPORT_REAL(physicians.burnout_visit_quality_loss, 0.1, 0, 1, "fraction", "0-0.3", kAssumption,
                   "share of visit quality lost at full extra burnout"),
      RAPPORT_REAL(physicians.burnout_capacity_loss, 0.1, 0, 1, "fraction", "0-0.3", kAssumption,
                   "share of portal message capacity (answer speed) lost at full extra burnout"),
      RAPPORT_REAL(network.mean_degree, 20, 0, 1000, "friends", "10-50", kAssumption,
                   "mean number of friends per patient"),
      RAPPORT_REAL(network.rewire_probability, 0.1, 0, 1, "probability", "0.01-0.3", kAssumption,
                   "Watts-Strogatz rewiring probability"),
      RAPPORT_REAL(network.within_practice_share, 0.8, 0, 1, "fraction", "0.3-0.9", kAssumption,
                   "stochastic block model: expected share of a patient's friends in the same practice"),
      RAPPORT_REAL(visits.rate_chronic_per_year, 6, 0, 365, "visits/year", "3-12", kAssumption,
                   "visit rate of a chronic patient in primary care"),
      RAPPORT_REAL(visits.rate_other_per_year, 2, 0, 365, "visits/year", "1-4", kAssumption,
                   "visit rate of a patient without a chronic condition in primary care"),
      RAPPORT_REAL(visits.p_misunderstood, 0.02, 0, 1, "probability", "0.01-0.05",
                   "assumption (Gotlieb et al. 2022: 67-96% understood medical terms)",
                   "chance a visit leaves a misunderstanding"),
      RAPPORT_REAL(trust.baseline_high, 0.8, 0, 1, "trust", "0.7-0.9", kAssumption,
                   "mean baseline trust of high-trust patients"),
      RAPPORT_REAL(trust.baseline_low, 0.45, 0, 1, "trust", "0.3-0.6", kAssumption,
                   "mean baseline trust of other patients"),
      RAPPORT_REAL(trust.baseline_spread, 0.1, 0, 0.5, "trust", "0.05-0.2", kAssumption,
                   "half-width of the uniform spread of baseline trust around its group mean"),
      RAPPORT_REAL(trust.relaxation_days, 180, 1, 1e5, "days", "30-720", kAssumption,
                   "time constant of trust relaxing to baseline"),
      RAPPORT_REAL(trust.visit_gain, 0.05, 0, 1, "fraction", "0.01-0.1", kAssumption,
                   "share of the gap to full trust closed by a visit of quality 1"),
      RAPPORT_REAL(trust.decline_silent, -0.02, -1, 1, "trust", "-0.05 to +0.02", kAssumption,
                   "trust change when a request is declined without explanation"),
      RAPPORT_REAL(trust.rel_decline_wanting, 2, 0, 100, "multiplier", "1-4", kAssumption,
                   "decline penalty multiplier for patients who wanted a connection"),
      RAPPORT_REAL(trust.rel_disclosed, 0.5, 0, 1, "multiplier", "0.2-1", kAssumption,
                   "decline and awkward-visit penalties multiplier when the policy is disclosed"),
      RAPPORT_REAL(trust.awkward_visit, -0.01, -1, 1, "trust", "-0.03 to 0", kAssumption,
                   "trust change at the first visit after any decline (times trust.rel_disclosed when policy.disclosed)"),
      RAPPORT_REAL(trust.accept, 0.02, -1, 1, "trust", "0 to +0.05", kAssumption,
                   "trust change when a request is accepted"),
      RAPPORT_REAL(trust.redirect_portal, 0.01, -1, 1, "trust", "0 to +0.03", "assumption (Lyles et al. 2013 association)",
                   "trust change when redirected to the portal"),
      RAPPORT_REAL(trust.redirect_page, 0.0, -1, 1, "trust", "-0.02 to +0.02", kAssumption,
                   "trust change when redirected to a professional page"),
      RAPPORT_REAL(trust.unprofessional_content, -0.11, -1, 1, "trust", "-0.14 to -0.05",
                   "derived: Weijs et al. 2019 (credibility -11.2/100)",
                   "trust change of a personal friend at the first unprofessional personal post they see (once per patient)"),
      RAPPORT_REAL(trust.benign_personal_post, 0.002, -1, 1, "trust", "-0.005 to +0.01",
                   "assumption (sign: Clyde et al. 2014)",
                   "trust change for personal friends who see a benign personal post"),
      RAPPORT_REAL(trust.visit_self_disclosure, -0.005, -1, 1, "trust", "-0.01 to +0.005",
                   "assumption (sign: Beach et al. 2004, primary care)",
                   "trust change on a visit day with physician self-disclosure"),
      RAPPORT_REAL(trust.misunderstanding, -0.01, -1, 1, "trust", "-0.03 to 0", kAssumption,
                   "trust change on a day an exchange (visit or message) is misunderstood"),
      RAPPORT_REAL(trust.answer_fast, 0.005, -1, 1, "trust", "0 to +0.02", kAssumption,
                   "trust change when a message is answered without delay"),
      RAPPORT_REAL(trust.answer_slow, -0.01, -1, 1, "trust", "-0.03 to 0", kAssumption,
                   "trust change when the expected wait exceeds the patient's tolerance"),
      RAPPORT_REAL(trust.wait_tolerance_days, 3, 0, 365, "days", "1-7", kAssumption,
                   "wait a patient tolerates before an answer lowers trust"),
      RAPPORT_REAL(trust.breach, -0.3, -1, 1, "trust", "-0.5 to -0.1", kAssumption,
                   "trust change of the patient whose confidentiality is breached"),
      RAPPORT_REAL(trust.breach_word_of_mouth, -0.05, -1, 1, "trust", "-0.1 to 0", kAssumption,
                   "trust change of a friend with the same physician who hears of a breach"),
      RAPPORT_REAL(trust.boundary_incident, -0.05, -1, 1, "trust", "-0.2 to 0", kAssumption,
                   "trust change of the patient involved in a boundary incident"),
      {{"requests.enabled", ValueKind::kBoolean, true, 0, 0, {}, "", "true/false", "choice",
        "patients send friend requests; false: no one asks (a baseline for effects per requester)"},
       [](Parameters& p, const ParameterValue& v) { p.requests.enabled = std::get<bool>(v); }},
      {{"requests.portal_users_ask", ValueKind::kBoolean, false, 0, 0, {}, "", "true/false", "choice",
        "portal users may send friend requests too, at the same hazard (false: only patients with no link or a "
        "declined one ask)"},
       [](Parameters& p, const ParameterValue& v) { p.requests.portal_users_ask = std::get<bool>(v); }},
      RAPPORT_REAL(requests.rate_per_year, 8.5e-4, 0, 365, "requests/year", "2e-4 to 1e-3",
                   "calibrated: Bosslet et al. 2011 (34.5% ever requested; see PARAMETERS.md)",
                   "base request hazard of an eligible patient who wants a link, at trust 0.5, long after a visit"),
      RAPPORT_REAL(requests.rel_after_visit, 20, 0, 1e4, "multiplier", "5-50", kAssumption,
                   "extra hazard right after a visit (decays with dur_after_visit_days)"),
      RAPPORT_REAL(requests.dur_after_visit_days, 3, 0.01, 365, "days", "1-7", kAssumption,
                   "decay time of the post-visit boost"),
      RAPPORT_REAL(requests.trust_slope, 2, -20, 20, "per unit trust", "0-4", kAssumption,
                   "log-hazard increase per unit of trust"),
      RAPPORT_REAL(requests.rel_not_wanting, 0.1, 0, 1, "multiplier", "0-0.3", kAssumption,
                   "hazard multiplier for social-media users who do not particularly want a link"),
      RAPPORT_REAL(requests.rel_privacy_concern, 0.5, 0, 1, "fraction", "0-1", kAssumption,
                   "hazard reduction at maximal privacy concern"),
      RAPPORT_REAL(requests.cooldown_days, 180, 0, 36500, "days", "30-730", kAssumption,
                   "days before a patient may ask again after a request"),
      RAPPORT_REAL(requests.response_days, 2, 0, 365, "days", "0-14", kAssumption,
                   "mean days a request stays pending before the physician answers"),
      RAPPORT_REAL(responses.p_follow_page, 0.5, 0, 1, "probability", "0.2-0.8", kAssumption,
                   "chance a redirected patient follows the professional page"),
      RAPPORT_REAL(responses.p_enroll_portal, 0.5, 0, 1, "probability", "0.3-0.8", kAssumption,
                   "chance a redirected patient enrols in the portal (at trust 0.5)"),
      RAPPORT_REAL(responses.trust_slope_enroll, 0.37, 0, 10, "per unit trust", "0-1",
                   "derived: Lyles et al. 2013 (RR 1.14)", "log relative-risk slope of enrolment on trust (capped at probability 1)"),
      RAPPORT_REAL(responses.selective_min_relationship_days, 1095, 0, 36500, "days", "365-3650", kAssumption,
                   "selective policy: relationship length needed to accept"),
      RAPPORT_REAL(responses.selective_min_trust, 0.75, 0, 1, "trust", "0.6-0.9", kAssumption,
                   "selective policy: trust needed to accept"),
      {{"policy.disclosed", ValueKind::kBoolean, false, 0, 0, {}, "", "true/false",
        "BMA 2011 (decline and explain why)", "the policy is explained up front, softening decline penalties"},
       [](Parameters& p, const ParameterValue& v) { p.policy.disclosed = std::get<bool>(v); }},
      RAPPORT_REAL(messages.portal_per_year, 0.9, 0, 365, "messages/year", "0.6-2.3",
                   "derived: Crotty et al. 2014 (2.27/yr) divided by the default demand, chronic and trust multipliers",
                   "portal messages per linked patient per year for an unresponsive physician"),
      RAPPORT_REAL(messages.personal_per_year, 0.9, 0, 365, "messages/year", "0.6-4.5", kAssumption,
                   "personal-channel messages per friend per year for an unresponsive physician"),
      RAPPORT_REAL(messages.rel_chronic, 1.5, 0, 100, "multiplier", "1-3", kAssumption,
                   "message rate multiplier for chronic patients"),
      RAPPORT_REAL(messages.trust_slope, 0.73, 0, 10, "per unit trust", "0-1.5",
                   "derived: Lyles et al. 2013 (RR 1.29)", "log-rate increase of messaging per unit trust"),
      RAPPORT_REAL(messages.minutes_per_message, 2.3, 0, 120, "minutes", "1.2-5", "Holmgren et al. 2022",
                   "physician minutes per portal message"),
      RAPPORT_REAL(messages.rel_minutes_personal, 1.5, 0, 10, "multiplier", "1-2",
                   "assumption (longer than the portal: no delegation to staff on a personal channel)",
                   "minutes per personal-channel message relative to the portal"),
      RAPPORT_REAL(messages.demand_response_max, 2.0, 1, 10, "multiplier", "1.5-4.3",
                   "Wolcott et al. 2017 (+334% effect); linear form is an assumption",
                   "message-rate multiplier for a physician with no backlog"),
      RAPPORT_REAL(messages.responsiveness_days, 2, 0.01, 365, "days", "1-7", kAssumption,
                   "expected wait at which responsiveness falls to 1/e"),
      RAPPORT_REAL(messages.p_misunderstood_portal, 0.05, 0, 1, "probability", "0.02-0.15",
                   "assumption (Kruger et al. 2005: 84% of e-mailed tones read correctly)",
                   "chance a portal message exchange is misunderstood"),
      RAPPORT_REAL(messages.p_misunderstood_personal, 0.10, 0, 1, "probability", "0.05-0.30",
                   "assumption (Kruger et al. 2005; informal channel)",
                   "chance a personal-channel message exchange is misunderstood"),
      RAPPORT_REAL(posts.personal_per_week, 1, 0, 100, "posts/week", "0.2-5", kAssumption,
                   "personal posts per week by a physician with personal patient friends"),
      RAPPORT_REAL(posts.page_per_week, 1, 0, 100, "posts/week", "0.2-5", kAssumption,
                   "public-health posts per week on a professional page"),
      RAPPORT_REAL(posts.share_public_health_personal, 0.2, 0, 1, "fraction", "0-0.5", kAssumption,
                   "share of personal posts that carry public-health content"),
      RAPPORT_REAL(posts.p_unprofessional, 0.025, 0, 1, "probability", "0.019-0.03",
                   "Chretien et al. 2011; Brynolf et al. 2013", "share of personal posts that are unprofessional"),
      RAPPORT_REAL(posts.p_privacy_violation, 0.005, 0, 1, "probability", "0.002-0.007",
                   "Brynolf et al. 2013; Chretien et al. 2011",
                   "share of personal and page posts that identify a patient, on average over physicians"),
      RAPPORT_REAL(posts.share_privacy_violators, 0.1, 0, 1, "fraction", "0.05-0.2",
                   "Chretien et al. 2011 (10% of physicians); Brynolf et al. 2013 (6.3% of accounts)",
                   "share of physicians who post identifiable patient content at all (they post all of it)"),
      RAPPORT_REAL(rules.privacy_violation_reduction, 0.15, 0, 1, "fraction", "0-0.4",
                   "assumption (Barlow et al. 2015: guidelines had no measurable effect on posting; Lie et al. 2013: "
                   "40% edited their web presence after a session)",
                   "accept_with_rules: relative reduction of posts that identify a patient (1: none)"),
      RAPPORT_REAL(rules.professional_share, 0.5, 0, 1, "fraction", "0.2-0.9", kAssumption,
                   "accept_with_rules: share of personal posts kept to professional content, never unprofessional"),
      RAPPORT_REAL(rules.portal_redirect_share, 0.8, 0, 1, "fraction", "0.5-1", kAssumption,
                   "accept_with_rules: share of personal-channel messages (clinical questions) answered on the portal "
                   "instead"),
      RAPPORT_REAL(professional_page.upkeep_minutes_per_week, 30, 0, 10080, "minutes/week", "0-90", kAssumption,
                   "professional_page: physician minutes per week keeping the page (its posts, little moderation: "
                   "only redirected patients follow it), in the physician's own time"),
      RAPPORT_REAL(open_page.follow_per_year, 0.2, 0, 365, "per year", "0.05-1", kAssumption,
                   "open_page: rate at which a patient who uses social media and has no link follows the page"),
      RAPPORT_REAL(open_page.upkeep_minutes_per_week, 60, 0, 10080, "minutes/week", "15-180", kAssumption,
                   "open_page: physician minutes per week keeping the page, in the physician's own time"),
      RAPPORT_REAL(cascade.p_share, 0.05, 0, 1, "probability", "0-0.2", kAssumption,
                   "chance a reached patient shares a public-health post with each friend"),
      RAPPORT_INTEGER(cascade.max_hops, 3, 0, 100, "hops", "1-5", kAssumption,
                      "largest number of shares between the author and a reached patient"),
      RAPPORT_REAL(exposure.gain, 0.5, 0, 1, "fraction", "0.2-0.8", kAssumption,
                   "share of the gap to full exposure closed by one reached post"),
      RAPPORT_REAL(exposure.decay_days, 90, 1, 1e5, "days", "30-365", kAssumption,
                   "time constant of exposure fading"),
      RAPPORT_REAL(misinformation.searches_per_year, 0.35, 0, 365, "searches/year", "0.35-0.59",
                   "Pew Research Center 2013 (35% tried to diagnose themselves online in a year)",
                   "symptom searches per patient per year"),
      RAPPORT_REAL(misinformation.p_contradicted, 0.29, 0, 1, "probability", "0.18-0.40",
                   "derived: Pew Research Center 2013 (clinicians disagreed in 18 of 62 cases)",
                   "chance a search leaves a belief the physician would contradict"),
      RAPPORT_REAL(misinformation.belief_days, 365, 1, 1e5, "days", "90-1825", kAssumption,
                   "mean time a belief (corrected or not) lasts before it fades"),
      RAPPORT_REAL(misinformation.adherence_drop, 0.06, 0, 1, "probability", "0.04-0.09",
                   "Loomba et al. 2021 (intent -6.2 to -6.4 points; transfer to adherence assumed)",
                   "adherence lost while a patient holds an uncorrected inaccurate belief"),
      RAPPORT_REAL(misinformation.share_undone, 0.5, 0, 1, "fraction", "0.3-0.7",
                   "derived: Chan et al. 2017; Walter et al. 2021 (experts correct better)",
                   "share of the adherence drop undone when the physician corrects the belief"),
      RAPPORT_REAL(misinformation.p_raised_visit, 0.53, 0, 1, "probability", "0.3-0.8",
                   "assumption (Pew Research Center 2013: 53% talked to a clinician)",
                   "chance a visit brings an uncorrected belief up and corrects it"),
      RAPPORT_REAL(misinformation.p_raised_message, 0.53, 0, 1, "probability", "0.3-0.9",
                   "assumption (as visits: the patient writes about their own question)",
                   "chance a message exchange (portal or personal) corrects an uncorrected belief"),
      RAPPORT_REAL(misinformation.p_raised_post, 0.05, 0, 1, "probability", "0-0.2", kAssumption,
                   "chance that a day's public-health posts reaching a patient correct their belief"),
      RAPPORT_REAL(adherence.baseline, 0.75, 0.001, 0.999, "probability", "0.50-0.80", "DiMatteo 2004 (24.8% nonadherence)",
                   "adherence at mean baseline trust and no exposure"),
      RAPPORT_REAL(adherence.trust_slope, 1.05, 0, 20, "log-odds per unit trust", "0.6-3.5",
                   "calibrated: Zolnierek & DiMatteo 2009 (nonadherence RR 1.19 between trust halves; see PARAMETERS.md)",
                   "logistic slope of adherence on trust for a chronic patient"),
      RAPPORT_REAL(adherence.exposure_slope, 0.3, 0, 20, "log-odds", "0-1", kAssumption,
                   "logistic increase of adherence at full public-health exposure"),
      RAPPORT_REAL(adherence.rel_trust_slope_not_chronic, 0.5, 0, 1, "multiplier", "0-1",
                   "assumption (chronic status sets how much adherence to a long-term regimen rests on the relationship)",
                   "trust slope of adherence for a patient without a chronic condition, relative to a chronic patient"),
      RAPPORT_REAL(adherence.propensity_halfwidth, 0.9, 0, 10, "log-odds", "0.74-1.16",
                   "calibrated: Birkhäuer et al. 2017 (trust-outcome correlation r = 0.24, 0.19-0.29; see PARAMETERS.md)",
                   "half-width of the uniform spread of patients' adherence propensities on the log-odds scale"),
      RAPPORT_REAL(breaches.p_per_message_portal, 1e-5, 0, 1, "probability", "0-1e-4", kAssumption,
                   "confidentiality breach probability per portal message"),
      RAPPORT_REAL(breaches.p_per_message_personal, 1e-4, 0, 1, "probability", "1e-5 to 1e-2", kAssumption,
                   "confidentiality breach probability per personal-channel message"),
      RAPPORT_REAL(breaches.boundary_incidents_per_link_year, 0.05, 0, 365, "incidents/year", "0.005-0.5",
                   kAssumption, "boundary-incident hazard of a personal link"),
      RAPPORT_REAL(breaches.p_word_of_mouth, 0.5, 0, 1, "probability", "0.1-0.9", kAssumption,
                   "chance each friend with the same physician hears of a breach"),
      RAPPORT_REAL(breaches.p_reported, 0.1, 0, 1, "probability", "0.01-0.3", kAssumption,
                   "chance a message breach is reported to a medical board (a complaint)"),
      RAPPORT_REAL(breaches.p_investigated, 0.65, 0, 1, "probability", "0.65-0.79", "Greysen et al. 2013",
                   "chance a board investigates a complaint (from a reported breach or a boundary incident)"),
      RAPPORT_REAL(breaches.p_complaint_boundary, 0.05, 0, 1, "probability", "0.01-0.2", kAssumption,
                   "chance a boundary incident leads to a complaint"),
      RAPPORT_REAL(breaches.rel_exposure_personal, 2, 1, 100, "multiplier", "1-5", kAssumption,
                   "viewers per patient friend of a personal post (a two-way channel: comments and shares), "
                   "against 1 per page follower"),
      RAPPORT_REAL(breaches.p_reported_per_viewer, 0.005, 0, 1, "probability", "0.001-0.02", kAssumption,
                   "chance each viewer of a post that identifies a patient reports it to a medical board"),
  };

  // Per-age-group and per-specialty rows: same meaning, one key per group.
  constexpr std::array<double, kAgeGroupCount> age_share = {0.21, 0.34, 0.25, 0.20};
  constexpr std::array<double, kAgeGroupCount> social_media = {0.84, 0.81, 0.73, 0.45};
  for (std::size_t g = 0; g < kAgeGroupCount; ++g) {
    const std::string age(kAgeGroupNames[g]);
    rows.push_back(real_row("population.share_age_" + age, age_share[g], 0, 1, "fraction", "+-0.05",
                            "assumption (approximate US adult age structure)", "share of patients aged " + age,
                            [g](Parameters& p) -> double& { return p.population.share_age[g]; }));
    rows.push_back(real_row("population.p_social_media_" + age, social_media[g], 0, 1, "probability", "+-0.05",
                            "Pew Research Center 2021", "share of patients aged " + age + " using social media",
                            [g](Parameters& p) -> double& { return p.population.p_social_media[g]; }));
  }
  constexpr std::array<double, kSpecialtyCount> specialty_share = {0.35, 0.08, 0.10, 0.47};
  constexpr std::array<double, kSpecialtyCount> panel = {1.0, 0.4, 1.0, 1.0};
  constexpr std::array<double, kSpecialtyCount> visit_rate = {1.0, 2.0, 1.2, 0.8};
  for (std::size_t s = 0; s < kSpecialtyCount; ++s) {
    const std::string name(kSpecialtyNames[s]);
    rows.push_back(real_row("physicians.share_" + name, specialty_share[s], 0, 1, "fraction", "0-1", kAssumption,
                            "share of physicians in " + name,
                            [s](Parameters& p) -> double& { return p.physicians.share_specialty[s]; }));
    rows.push_back(real_row("physicians.rel_panel_" + name, panel[s], 0.01, 100, "multiplier", "0.3-1.5",
                            kAssumption, "panel size of " + name + " relative to the mean",
                            [s](Parameters& p) -> double& { return p.physicians.rel_panel_size[s]; }));
    rows.push_back(real_row("visits.rel_rate_" + name, visit_rate[s], 0, 100, "multiplier", "0.5-3", kAssumption,
                            "visit rate multiplier in " + name,
                            [s](Parameters& p) -> double& { return p.visits.rel_rate[s]; }));
  }
  for (const auto& policy : policy_table()) {
    const auto index = static_cast<std::size_t>(policy.id);
    rows.push_back(real_row("policy.mix." + std::string(policy.name), 0.0, 0, 1, "fraction", "0-1",
                            "status quo: Bosslet 2011, QuantiaMD 2011, Moubarak 2011",
                            "share of physicians following " + std::string(policy.name) + " (all zero means " +
                                std::string(policy_info(kDefaultPolicy).name) + ")",
                            [index](Parameters& p) -> double& { return p.policy.mix[index]; }));
  }
  std::vector<std::string> specialty_policy_choices = {"mix"};
  for (const auto& policy : policy_table()) specialty_policy_choices.emplace_back(policy.name);
  for (std::size_t s = 0; s < kSpecialtyCount; ++s) {
    const std::string name(kSpecialtyNames[s]);
    rows.push_back({{"policy.by_specialty." + name, ValueKind::kChoice, std::string("mix"), 0, 0,
                     specialty_policy_choices, "", "", "choice",
                     "policy every " + name + " physician follows (\"mix\": drawn from policy.mix)"},
                    [s](Parameters& p, const ParameterValue& v) {
                      p.policy.by_specialty[s] = find_policy(std::get<std::string>(v));
                    }});
  }
  std::vector<std::string> network_choices;
  for (const auto& generator : network_table()) network_choices.emplace_back(generator.name);
  rows.push_back({{"network.type", ValueKind::kChoice, network_choices.front(), 0, 0, network_choices, "", "",
                   kAssumption, "friendship network generator"},
                  [](Parameters& p, const ParameterValue& v) {
                    p.network.type = find_network(std::get<std::string>(v)).value();
                  }});
  append_world_change_rows(rows);
  return rows;
}

const std::vector<Row>& rows() {
  static const std::vector<Row> table = build_rows();
  return table;
}

const Row& row_of(std::string_view key) {
  const auto& table = rows();
  const auto it = std::find_if(table.begin(), table.end(), [&](const Row& row) { return row.spec.key == key; });
  if (it == table.end()) throw parameter_schema().unknown_key("", key);
  return *it;
}

void require_sum_to_one(const KeyLocator& where, const std::string& prefix, double sum) {
  if (std::abs(sum - 1.0) > 1e-6) {
    throw sim::input_error(where(""), prefix + "*", "the shares sum to " + std::to_string(sum) + "; they must sum to 1");
  }
}

}  // namespace

const sim::Schema& parameter_schema() {
  static const sim::Schema schema = [] {
    sim::Schema s;
    for (const auto& row : rows()) s.parameters.push_back(row.spec);
    std::sort(s.parameters.begin(), s.parameters.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
    s.atomic_tables = {"policy.mix"};
    return s;
  }();
  return schema;
}

void set_parameter(Parameters& p, std::string_view key, const sim::ParameterValue& value, std::string_view where) {
  const Row& row = row_of(key);
  row.assign(p, sim::checked_value(row.spec, value, where));
}

void reset_parameter(Parameters& p, std::string_view key) {
  const Row& row = row_of(key);
  row.assign(p, row.spec.default_value);
}

void apply_cross_key_rules(Parameters& p, const KeyLocator& where) {
  require_sum_to_one(where, "population.share_age_", std::accumulate(p.population.share_age.begin(),
                                                                     p.population.share_age.end(), 0.0));
  require_sum_to_one(where, "physicians.share_", std::accumulate(p.physicians.share_specialty.begin(),
                                                                 p.physicians.share_specialty.end(), 0.0));
  const double mix_sum = std::accumulate(p.policy.mix.begin(), p.policy.mix.end(), 0.0);
  if (mix_sum == 0.0) {
    p.policy.mix[static_cast<std::size_t>(kDefaultPolicy)] = 1.0;
  } else {
    require_sum_to_one(where, "policy.mix.", mix_sum);
  }
  if (p.physicians.self_disclosure_min > p.physicians.self_disclosure_max) {
    throw sim::input_error(where("physicians.self_disclosure_min"), "physicians.self_disclosure_min",
                           "exceeds 'physicians.self_disclosure_max'");
  }
  if (p.physicians.visit_quality_min > p.physicians.visit_quality_max) {
    throw sim::input_error(where("physicians.visit_quality_min"), "physicians.visit_quality_min",
                           "exceeds 'physicians.visit_quality_max'");
  }
  const double n_patients =
      static_cast<double>(p.population.physicians) * static_cast<double>(p.population.patients_per_physician);
  if (n_patients > 4.0e9) {
    throw sim::input_error(where("population.patients_per_physician"), "population.patients_per_physician",
                           "population.physicians x population.patients_per_physician exceeds 4e9 patients");
  }
  const std::pair<const char*, const Parameters::Trend*> trends[] = {
      {"wants_connection", &p.trends.wants_connection},
      {"personal_presence", &p.trends.personal_presence},
      {"message_volume", &p.trends.message_volume}};
  for (const auto& [name, trend] : trends) {
    if (trend->to_year == trend->from_year) {
      const std::string key = std::string("trends.") + name + "_to_year";
      throw sim::input_error(where(key), key, "must differ from 'trends." + std::string(name) + "_from_year'");
    }
  }
  if (p.network.mean_degree >= n_patients) {
    throw sim::input_error(where("network.mean_degree"), "network.mean_degree", "must be below the number of patients");
  }
}

Parameters assigned_parameters(const sim::ResolvedConfig& config) {
  Parameters p;
  for (const auto& row : rows()) row.assign(p, config.values.at(row.spec.key));
  return p;
}

Parameters parameters_from(const sim::ResolvedConfig& config) {
  Parameters p = assigned_parameters(config);
  apply_cross_key_rules(p, [&](std::string_view key) {
    return key.empty() ? config.file.string() : config.where(std::string(key));
  });
  return p;
}

std::string_view range_note(std::string_view key) {
  if (key.starts_with("policy.mix.")) {
    return "default at the low end: a policy is in the mix only when a scenario puts it there";
  }
  constexpr std::pair<std::string_view, std::string_view> kNotes[] = {
      {"breaches.p_investigated",
       "default at the low end: Greysen et al. 2013's figure for the vignette of an online confidentiality "
       "breach; the range spans their vignettes"},
      {"guideline.delay_days", "default at the low end: a choice, the guideline published on the first day"},
      {"guideline.never_share",
       "default at the low end: the Bass fits of Dunn et al. have every physician adopt in the end"},
      {"misinformation.searches_per_year",
       "default at the low end: the share who tried to diagnose themselves; the high end counts every health look-up"},
      {"physicians.visit_quality_max", "default at the high end: the top of the quality scale"},
      {"population.p_portal_user",
       "default at the high end: the latest figure (about 3 in 5); the low end is the 2017 figure"},
      {"run.replicates", "default at the low end: a choice, the fewest replicates meant for intervals"},
      {"trends.message_volume_cap", "default at the high end: a cap is the most the trend may reach"},
      {"trends.message_volume_from",
       "default at the low end: 1 is the constant rate, so the line starts at Crotty et al.'s figure"},
      {"trends.personal_presence_cap",
       "default at the high end: a cap is the most the trend may reach (the trend is flat by default)"},
      {"turnover.patient_exit_per_year",
       "default 0, outside the range: turnover is off unless a scenario switches it on, so that runs keep "
       "closed panels; the evidence figure is 0.10"},
      {"turnover.physician_exit_per_year",
       "default 0, outside the range: turnover is off unless a scenario switches it on, so that runs keep "
       "closed panels; the evidence figure is 0.07"},
  };
  for (const auto& [noted, note] : kNotes) {
    if (noted == key) return note;
  }
  return {};
}

double mean_baseline_trust(const Parameters& p) {
  return p.population.p_high_trust * p.trust.baseline_high + (1 - p.population.p_high_trust) * p.trust.baseline_low;
}

}  // namespace rapport::models
