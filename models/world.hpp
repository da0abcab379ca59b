// The mutable state of one run: patients and physicians as columns, the
// friendship network, today's tallies. One World per (scenario, replicate).
#pragma once

#include "models/metrics.hpp"
#include "models/networks/friendship_network.hpp"
#include "models/parameters.hpp"
#include "models/requesters.hpp"
#include "models/scheduled_days.hpp"
#include "sim/csr_graph.hpp"
#include "sim/parallel.hpp"
#include "sim/random.hpp"
#include "sim/large_vector.hpp"

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

namespace rapport::models {

// kPortalPending: a portal user's request awaits an answer (requests.portal_users_ask); the
// patient keeps the portal meanwhile and returns to it unless the request is accepted.
enum class Link : std::uint8_t { kNone, kPending, kDeclined, kPersonal, kFollower, kPortal, kPortalPending };

enum PatientFlag : std::uint8_t {
  kSocialMediaUser = 1u << 0,
  kChronic = 1u << 1,
  kWantsConnection = 1u << 2,
  kDeclineOutstanding = 1u << 3,  // declined, not yet talked over at a visit
  kEverReached = 1u << 4,         // reached by at least one public-health post
  kSawUnprofessional = 1u << 5,   // has seen an unprofessional personal post (its trust drop applies once)
  kMisinformed = 1u << 6,         // holds an inaccurate belief from a search, not yet corrected
  kCorrectedBelief = 1u << 7,     // held one that the physician corrected (part of its drop remains); never with kMisinformed
};

inline constexpr std::int32_t kNeverRequested = -1'000'000;

// Patient columns; patients of one physician are contiguous (a panel). Every column of a
// patient is written when the patient is drawn (draw_patient), so resize leaves new
// patients uninitialised rather than zeroing the columns first.
struct Patients {
  template <class T>
  using Column = sim::LargeVector<T>;
  Column<float> trust;
  Column<float> baseline_trust;
  Column<float> exposure;          // public-health exposure in [0,1]
  Column<float> privacy_concern;   // in [0,1]
  Column<std::int32_t> first_visit_day;  // negative: before the run started
  Column<std::int32_t> last_visit_day;
  ScheduledDays next_visit_day;    // skip-ahead: the next day with a visit
  ScheduledDays next_message_day;  // skip-ahead: the next candidate message day
  ScheduledDays next_request_day;  // skip-ahead: the next candidate request day
  Column<std::int32_t> last_request_day;
  Column<Link> link;
  Column<std::uint8_t> flags;
  Column<std::uint8_t> age_group;
  Column<std::uint8_t> adherence_propensity;  // level 0-255 of the log-odds propensity (AdherenceLink)

  [[nodiscard]] std::size_t size() const { return trust.size(); }
  void resize(std::size_t n);
  [[nodiscard]] bool has(std::size_t i, PatientFlag flag) const { return (flags[i] & flag) != 0; }

  // Every column once: visit(name, meaning, member pointer). resize() iterates it.
  template <class Visit>
  static void for_each_column(Visit&& visit) {
    visit("trust", "trust in the physician, 0-1", &Patients::trust);
    visit("baseline_trust", "the level trust relaxes to", &Patients::baseline_trust);
    visit("exposure", "public-health exposure, 0-1", &Patients::exposure);
    visit("privacy_concern", "privacy concern, 0-1", &Patients::privacy_concern);
    visit("first_visit_day", "day the relationship began (negative: before the run)", &Patients::first_visit_day);
    visit("last_visit_day", "day of the last visit", &Patients::last_visit_day);
    visit("next_visit_day", "the next day with a visit", &Patients::next_visit_day);
    visit("next_message_day", "the next candidate message day", &Patients::next_message_day);
    visit("next_request_day", "the next candidate friend-request day", &Patients::next_request_day);
    visit("last_request_day", "day of the last friend request", &Patients::last_request_day);
    visit("link", "link to the physician (Link)", &Patients::link);
    visit("flags", "PatientFlag bits", &Patients::flags);
    visit("age_group", "age group (kAgeGroupNames)", &Patients::age_group);
    visit("adherence_propensity", "level of the patient's adherence propensity, 0-255", &Patients::adherence_propensity);
  }
};

struct Physicians {
  std::vector<PolicyId> policy;
  std::vector<Specialty> specialty;
  std::vector<std::uint8_t> findable;  // has a personal social-media presence
  std::vector<float> visit_quality;
  std::vector<float> self_disclosure_share;  // share of visits with self-disclosure (a trait)
  std::vector<float> privacy_violation_share;  // chance one post identifies a patient (a trait, before rules)
  std::vector<std::uint32_t> panel_begin;  // patients [panel_begin[p], panel_begin[p + 1])
  std::vector<double> backlog_minutes;
  // After-hours message minutes smoothed over physicians.after_hours_window_days; sets burnout.
  std::vector<double> after_hours_load;
  // Run totals for the end-of-run physician table.
  std::vector<double> requests_received, minutes_total, demand_minutes_total, overtime_total, after_hours_total,
      breaches, complaints;
  // Patients linked to each physician, in the order the links formed (links are permanent),
  // so phases that act on them need not scan the panel.
  std::vector<std::vector<std::uint32_t>> personal_friends, page_followers;
  // Today's messages, and posts that identified a patient; both are resolved and cleared
  // in the breaches phase.
  struct MessagesSent {
    std::uint32_t patient;
    std::uint32_t count;
    bool personal_channel;  // false: the portal, including personal-channel questions redirected there
  };
  std::vector<std::vector<MessagesSent>> messages_today;
  struct PostBreach {
    std::uint32_t patient;  // the patient identified, one of the post's audience
    double p_reported;      // the chance the post is reported, from its audience (MODEL.md 3.5)
  };
  std::vector<std::vector<PostBreach>> post_breaches;
  std::vector<PhysicianDay> today;  // what each panel added to each metric today (models/metrics.hpp)

  [[nodiscard]] std::size_t size() const { return policy.size(); }
  void resize(std::size_t n);
};

// Guideline adoption among physicians (models/guideline.hpp); empty without a guideline.
enum class Adoption : std::uint8_t { kNotYet, kAdopted, kNever };
struct GuidelineState {
  std::vector<Adoption> status;  // per physician
  sim::CsrGraph ties;            // the physician network: practices and ties between them
};

struct World {
  const Parameters* params;
  sim::RandomStreams streams;
  Patients patients;
  Physicians physicians;
  std::shared_ptr<const FriendshipNetwork> friends;  // never changes during a run, so runs may share it
  GuidelineState guideline;
  RequesterCohort requesters;  // every friend request and its follow-up (models/requesters.hpp)
  sim::LargeVector<std::uint32_t> cascade_stamp;  // last post that reached each patient; empty before the first
  std::uint32_t post_serial = 0;

  World(const Parameters& p, std::uint64_t seed, std::uint32_t replicate) : params(&p), streams(seed, replicate) {}
  [[nodiscard]] std::uint32_t panel_end(std::size_t physician) const {
    return physicians.panel_begin[physician + 1];
  }
  // The independent parts of a day for a sim::PartitionedPhase: the physicians' panels.
  [[nodiscard]] std::size_t parts() const { return physicians.size(); }
  // The patients of one physician; bounds are read once, not on every iteration.
  [[nodiscard]] PatientRange panel(std::size_t physician) const {
    return {physicians.panel_begin[physician], panel_end(physician)};
  }
};

// Runs fn(physician) for every physician in parallel. A panel's patients are
// touched only by its own task, so no two tasks write the same patient.
template <class Fn>
void for_each_panel(const World& world, Fn&& fn) {
  sim::parallel_for_index(world.physicians.size(), fn);
}

// Adds a trust change and keeps trust inside [0,1].
inline void add_trust(float& trust, double change) {
  const double updated = static_cast<double>(trust) + change;
  trust = static_cast<float>(updated < 0.0 ? 0.0 : (updated > 1.0 ? 1.0 : updated));
}

}  // namespace rapport::models
