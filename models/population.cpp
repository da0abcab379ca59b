#include "models/population.hpp"

#include "models/calendar.hpp"
#include "models/mechanisms.hpp"
#include "models/misinformation.hpp"
#include "models/random_events.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace rapport::models {
namespace {

// Index of the category a uniform draw falls into, for shares summing to 1.
template <std::size_t N>
std::size_t categorical(const std::array<double, N>& shares, double u) {
  double cumulative = 0;
  for (std::size_t i = 0; i + 1 < N; ++i) {
    cumulative += shares[i];
    if (u < cumulative) return i;
  }
  return N - 1;
}

// Splits `total` into integer counts proportional to `weights` (largest remainder).
std::vector<std::size_t> apportion(const std::vector<double>& weights, std::size_t total) {
  const double weight_sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  std::vector<std::size_t> counts(weights.size());
  std::vector<std::pair<double, std::size_t>> remainders;
  std::size_t assigned = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double exact = static_cast<double>(total) * weights[i] / weight_sum;
    counts[i] = static_cast<std::size_t>(std::floor(exact));
    assigned += counts[i];
    remainders.emplace_back(exact - std::floor(exact), i);
  }
  std::stable_sort(remainders.begin(), remainders.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; assigned < total; ++k, ++assigned) ++counts[remainders[k % remainders.size()].second];
  return counts;
}

}  // namespace

void Patients::resize(std::size_t n) {
  for_each_column([&](std::string_view, std::string_view, auto column) { (this->*column).resize(n); });
}

void Physicians::resize(std::size_t n) {
  policy.resize(n);
  specialty.resize(n);
  findable.resize(n);
  visit_quality.resize(n);
  self_disclosure_share.resize(n);
  privacy_violation_share.resize(n);
  panel_begin.resize(n + 1);
  for (auto* column : {&backlog_minutes, &after_hours_load, &requests_received, &minutes_total, &demand_minutes_total,
                       &overtime_total, &after_hours_total, &breaches, &complaints}) {
    column->assign(n, 0.0);
  }
  personal_friends.resize(n);
  page_followers.resize(n);
  messages_today.resize(n);
  post_breaches.resize(n);
  today.resize(n);
}

std::vector<PolicyId> assign_policies(const std::array<double, kPolicyCount>& mix, std::size_t n_physicians,
                                      const sim::RandomStreams& streams,
                                      const std::vector<std::optional<PolicyId>>& fixed) {
  std::vector<PolicyId> policy(n_physicians);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> order;  // (random key, physician) of the mixed ones
  for (std::uint32_t p = 0; p < n_physicians; ++p) {
    if (!fixed.empty() && fixed[p]) {
      policy[p] = *fixed[p];
    } else {
      order.emplace_back(streams.block(p, 0, event::kPolicyAssignment)[0], p);
    }
  }
  std::sort(order.begin(), order.end());
  const auto counts = apportion(std::vector<double>(mix.begin(), mix.end()), order.size());
  std::size_t next = 0;
  for (std::size_t k = 0; k < kPolicyCount; ++k) {
    for (std::size_t c = 0; c < counts[k]; ++c) policy[order[next++].second] = static_cast<PolicyId>(k);
  }
  return policy;
}

void initialise_physicians(World& world) {
  const Parameters& p = *world.params;
  const auto n = static_cast<std::size_t>(p.population.physicians);
  auto& doctors = world.physicians;
  doctors.resize(n);
  std::vector<double> panel_weight(n);
  for (std::uint32_t d = 0; d < n; ++d) {
    const auto u = world.streams.block(d, 0, event::kPopulation, 1u << 31);
    const std::size_t specialty = categorical(p.physicians.share_specialty, sim::RandomStreams::to_unit(u[0]));
    doctors.specialty[d] = static_cast<Specialty>(specialty);
    doctors.findable[d] = sim::RandomStreams::to_unit(u[1]) < p.physicians.p_personal_presence;
    doctors.visit_quality[d] = static_cast<float>(
        p.physicians.visit_quality_min +
        (p.physicians.visit_quality_max - p.physicians.visit_quality_min) * sim::RandomStreams::to_unit(u[2]));
    doctors.self_disclosure_share[d] = self_disclosure_share(p, sim::RandomStreams::to_unit(u[3]));
    doctors.privacy_violation_share[d] =
        privacy_violation_share(p, world.streams.uniform(d, 0, event::kPrivacyViolation, event::kTraitDrawIndex));
    panel_weight[d] = p.physicians.rel_panel_size[specialty];
  }
  std::vector<std::optional<PolicyId>> fixed(n);
  for (std::size_t d = 0; d < n; ++d) fixed[d] = p.policy.by_specialty[static_cast<std::size_t>(doctors.specialty[d])];
  doctors.policy = assign_policies(p.policy.mix, n, world.streams, fixed);

  const auto total = static_cast<std::size_t>(p.population.physicians * p.population.patients_per_physician);
  const auto sizes = apportion(panel_weight, total);
  doctors.panel_begin[0] = 0;
  for (std::size_t d = 0; d < n; ++d) {
    doctors.panel_begin[d + 1] = doctors.panel_begin[d] + static_cast<std::uint32_t>(sizes[d]);
  }
}

PatientDrawRates::PatientDrawRates(const Parameters& p, std::uint32_t day)
    : messages_(p), request_bound_(request_hazard_bound(p)) {
  for (std::size_t age = 0; age < kAgeGroupCount; ++age) {
    wants_connection_[age] = wants_connection_probability(p, age, calendar_year(p, day));
  }
  for (std::size_t specialty = 0; specialty < kSpecialtyCount; ++specialty) {
    for (const bool chronic : {false, true}) {
      const double visits_per_day = daily_visit_rate(p, chronic, static_cast<Specialty>(specialty));
      by_category_[specialty][chronic] = {visits_per_day, stationary_belief_shares(p, visits_per_day)};
    }
  }
}

namespace {

// A patient's random words: blocks 0 to 3 of the patient's stream on the day drawn.
struct PatientWords {
  sim::RandomStreams::Block a, b, c, e;
};

void draw_patient_from(World& world, std::uint32_t i, std::size_t d, std::uint32_t day, PatientOrigin origin,
                       const PatientDrawRates& rates, const PatientWords& words) {
  const Parameters& p = *world.params;
  auto& patients = world.patients;
  const auto& doctors = world.physicians;
  const auto& [a, b, c, e] = words;
  auto unit = [](std::uint32_t word) { return sim::RandomStreams::to_unit(word); };

  const std::size_t age = categorical(p.population.share_age, unit(a[0]));
  std::uint8_t flags = 0;
  if (unit(a[1]) < p.population.p_social_media[age]) flags |= kSocialMediaUser;
  const bool chronic = unit(a[2]) < p.population.p_chronic;
  if (chronic) flags |= kChronic;
  if (unit(a[3]) < rates.wants_connection(age)) flags |= kWantsConnection;

  const bool high_trust = unit(b[0]) < p.population.p_high_trust;
  const double centre = high_trust ? p.trust.baseline_high : p.trust.baseline_low;
  const double baseline = std::clamp(centre + p.trust.baseline_spread * (2 * unit(b[1]) - 1), 0.0, 1.0);
  patients.baseline_trust[i] = static_cast<float>(baseline);
  patients.trust[i] = static_cast<float>(baseline);
  patients.link[i] = unit(b[2]) < p.population.p_portal_user ? Link::kPortal : Link::kNone;
  patients.privacy_concern[i] = static_cast<float>(unit(b[3]));

  const double visits_per_day = rates.visits_per_day(doctors.specialty[d], chronic);
  if (origin == PatientOrigin::kInitial) {
    // Existing relationships: exponential length; last visit: exponential gap at the visit rate.
    const double relationship_days = -std::log(unit(c[0])) * p.population.mean_relationship_years * 365.0;
    const double since_visit = visits_per_day > 0 ? -std::log(unit(c[1])) / visits_per_day : relationship_days;
    patients.first_visit_day[i] = -static_cast<std::int32_t>(std::min(relationship_days, 1e6));
    patients.last_visit_day[i] = -static_cast<std::int32_t>(std::min({since_visit, relationship_days, 1e6}));
  } else {
    // A newcomer registers today.
    patients.first_visit_day[i] = static_cast<std::int32_t>(day);
    patients.last_visit_day[i] = static_cast<std::int32_t>(day);
  }
  patients.next_visit_day.set(i, static_cast<std::int32_t>(std::min<std::int64_t>(
                                        day + sim::days_until_next_event(visits_per_day, unit(c[2])), INT32_MAX)));
  patients.last_request_day[i] = kNeverRequested;
  // Beliefs from symptom searches start at their stationary shares (MODEL.md 3.8).
  const BeliefShares& beliefs = rates.beliefs(doctors.specialty[d], chronic);
  if (unit(e[1]) < beliefs.misinformed) {
    flags |= kMisinformed;
  } else if (unit(e[1]) < beliefs.misinformed + beliefs.corrected) {
    flags |= kCorrectedBelief;
  }
  patients.flags[i] = flags;
  patients.next_message_day.set(i, INT32_MAX);
  if (patients.link[i] == Link::kPortal) rates.messages().schedule_next(patients, i, day, unit(c[3]));
  const double request_bound = doctors.findable[d] && (flags & kSocialMediaUser) ? rates.request_bound() : 0.0;
  patients.next_request_day.set(i, static_cast<std::int32_t>(std::min<std::int64_t>(
                                          day + sim::days_until_next_event(request_bound, unit(e[0])), INT32_MAX)));
  patients.exposure[i] = 0.0f;
  patients.age_group[i] = static_cast<std::uint8_t>(age);
  patients.adherence_propensity[i] = propensity_level(e[2]);
}

}  // namespace

void draw_patient(World& world, std::uint32_t i, std::size_t d, std::uint32_t day, PatientOrigin origin,
                  const PatientDrawRates& rates) {
  const sim::Event event = origin == PatientOrigin::kInitial ? event::kPopulation : event::kPatientArrival;
  const auto& streams = world.streams;
  draw_patient_from(world, i, d, day, origin, rates,
                    {streams.block(i, day, event, 0), streams.block(i, day, event, 1),
                     streams.block(i, day, event, 2), streams.block(i, day, event, 3)});
}

void initialise_patients(World& world) {
  world.patients.resize(world.physicians.panel_begin.back());
  const PatientDrawRates rates(*world.params, 0);
  const sim::Isa isa = sim::best_isa();
  constexpr std::uint32_t kBatch = sim::RandomStreams::kBatchAgents;
  // Panels in parallel: a patient's draws come from the patient's own streams and fill only
  // the patient's own cells, so the population is the same for any thread count. The words
  // of kBatch patients are drawn at once, in vector lanes (the same words as one by one).
  for_each_panel(world, [&](std::size_t d) {
    const PatientRange panel = world.panel(d);
    for (std::uint32_t first = panel.first; first < panel.last; first += kBatch) {
      std::array<sim::RandomStreams::BlockBatch, 4> batches;
      for (std::uint32_t k = 0; k < 4; ++k) batches[k] = world.streams.blocks(first, 0, event::kPopulation, k, isa);
      for (std::uint32_t lane = 0; lane < std::min(kBatch, panel.last - first); ++lane) {
        PatientWords words;
        for (std::size_t w = 0; w < 4; ++w) {
          words.a[w] = batches[0][w][lane];
          words.b[w] = batches[1][w][lane];
          words.c[w] = batches[2][w][lane];
          words.e[w] = batches[3][w][lane];
        }
        draw_patient_from(world, first + lane, d, 0, PatientOrigin::kInitial, rates, words);
      }
    }
  });
}

}  // namespace rapport::models
