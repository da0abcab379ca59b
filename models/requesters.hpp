// The requester cohort: every friend request and what became of the patient who sent it.
// Requesters are rare, so they live in a side table per physician (not in a column of
// every patient); the phases that touch a requester add to its row, and a daily pass
// takes the follow-up snapshots and the series by response (docs/RESULTS.md).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sim/metrics.hpp"

namespace rapport::models {

struct World;
class AdherenceLink;
enum class Response : std::uint8_t;  // models/policies/policy.hpp

// The answer a request got. kNotAsked: requests are off (requests.enabled = false) and the
// row is the first request the patient would have sent, kept so that a "no one asks"
// baseline has the same cohort to compare with.
enum class RequestOutcome : std::uint8_t { kDeclined, kAccepted, kRedirectedPage, kRedirectedPortal, kPending, kNotAsked };
inline constexpr std::array<std::string_view, 6> kRequestOutcomeNames = {
    "declined", "accepted", "redirected_page", "redirected_portal", "pending", "not_asked"};
inline constexpr std::size_t kRequestOutcomeCount = kRequestOutcomeNames.size();
RequestOutcome request_outcome(Response response);

// When a row's trust and adherence are taken: at the request, 90 and 365 days later, at the end.
inline constexpr std::array<std::int32_t, 2> kFollowUpDays = {90, 365};
inline constexpr std::size_t kSnapshotCount = 2 + kFollowUpDays.size();

struct RequestRecord {
  std::uint32_t patient = 0;
  std::uint8_t policy = 0;  // PolicyId of the physician on the request day
  RequestOutcome outcome = RequestOutcome::kPending;
  bool first = false;    // the patient's first request
  bool portal_user = false;  // the patient was a portal user when asking (requests.portal_users_ask)
  bool current = true;   // the patient's latest request, and the patient is still in the panel
  std::int32_t request_day = 0;
  std::int32_t response_day = -1;  // -1: never answered
  std::int32_t exit_day = -1;      // -1: the patient was still in the panel at the end
  std::array<float, kSnapshotCount> trust{}, adherence{};  // NaN: not reached
  // After the request; after-hours minutes are those of the patient's personal-channel messages.
  double messages = 0, message_minutes = 0, after_hours_minutes = 0, breaches = 0, boundary_incidents = 0;
};

// The live cohort of one run: rows per physician in request order, and where each
// patient's latest row is. A panel's rows are touched only by its own task.
struct RequesterCohort {
  std::vector<std::vector<RequestRecord>> rows;                          // per physician
  std::vector<std::unordered_map<std::uint32_t, std::uint32_t>> latest;  // per physician: patient -> row

  void resize(std::size_t physicians);
  // The patient's latest row if it is current, else nullptr.
  RequestRecord* current(std::size_t physician, std::uint32_t patient);
  [[nodiscard]] bool has_current(std::size_t physician, std::uint32_t patient) const;
};

// Hooks for the phases (all called inside the physician's own task).
void record_request(World& world, std::size_t physician, std::uint32_t patient, std::uint32_t day,
                    RequestOutcome outcome);
void record_response(World& world, std::size_t physician, std::uint32_t patient, std::uint32_t day,
                     Response response);
// The patient leaves the panel (turnover): the row stops following the slot.
void record_exit(World& world, std::size_t physician, std::uint32_t patient, std::uint32_t day);

// The daily requester series: for each outcome, mean trust, mean adherence and count of
// requesters whose latest request had that outcome. Rows outcome-major.
inline constexpr std::array<std::string_view, 3> kRequesterSeriesNames = {"trust_mean", "adherence_mean",
                                                                          "requesters"};
inline constexpr std::size_t kRequesterSeriesRows = kRequestOutcomeCount * kRequesterSeriesNames.size();
// After day `day`'s phases: the follow-up snapshots due today and the day of the series.
void follow_requesters(World& world, std::uint32_t day, sim::DailySeries& series);

// End-of-run table, one row per request, in (physician, request order).
struct RequesterTable {
  std::vector<std::string> policy, response;
  std::vector<double> patient, physician, request_day, response_day, exit_day, first_request, portal_user;
  std::vector<double> trust_at_request, trust_90_days, trust_365_days, trust_end;
  std::vector<double> adherence_at_request, adherence_90_days, adherence_365_days, adherence_end;
  std::vector<double> messages_after, message_minutes_after, after_hours_minutes_after, breaches, boundary_incidents;

  // Every column once, in dataset order: visit(name, meaning, member pointer). The byte
  // format, the HDF5 writer and docs/RESULTS.md iterate this.
  template <class Visit>
  static void for_each_column(Visit&& visit) {
    visit("policy", "the physician's policy on the request day", &RequesterTable::policy);
    visit("response", "declined, accepted, redirected_page, redirected_portal, pending (unanswered at the end) "
                      "or not_asked (requests off: the first request the patient would have sent)",
          &RequesterTable::response);
    visit("patient", "patient index (a slot; with turnover a newcomer may reuse it)", &RequesterTable::patient);
    visit("physician", "physician index", &RequesterTable::physician);
    visit("request_day", "day of the request", &RequesterTable::request_day);
    visit("response_day", "day of the answer; -1 if never answered", &RequesterTable::response_day);
    visit("exit_day", "day the patient left the panel; -1 if still in it at the end", &RequesterTable::exit_day);
    visit("first_request", "1 if this is the patient's first request", &RequesterTable::first_request);
    visit("portal_user", "1 if the patient was a portal user when asking (requests.portal_users_ask)",
          &RequesterTable::portal_user);
    visit("trust_at_request", "trust when the request was sent", &RequesterTable::trust_at_request);
    visit("trust_90_days", "trust 90 days after the request; NaN if not reached", &RequesterTable::trust_90_days);
    visit("trust_365_days", "trust 365 days after the request; NaN if not reached", &RequesterTable::trust_365_days);
    visit("trust_end", "trust at the end of the run; NaN if the patient left", &RequesterTable::trust_end);
    visit("adherence_at_request", "adherence when the request was sent", &RequesterTable::adherence_at_request);
    visit("adherence_90_days", "adherence 90 days after the request; NaN if not reached",
          &RequesterTable::adherence_90_days);
    visit("adherence_365_days", "adherence 365 days after the request; NaN if not reached",
          &RequesterTable::adherence_365_days);
    visit("adherence_end", "adherence at the end of the run; NaN if the patient left", &RequesterTable::adherence_end);
    visit("messages_after", "messages the patient sent from the request to the next request or the end",
          &RequesterTable::messages_after);
    visit("message_minutes_after", "physician minutes those messages asked for (before any capacity limit)",
          &RequesterTable::message_minutes_after);
    visit("after_hours_minutes_after",
          "minutes of those messages answered in the physician's own time (the personal channel's)",
          &RequesterTable::after_hours_minutes_after);
    visit("breaches", "breaches of the patient's confidentiality over the same span", &RequesterTable::breaches);
    visit("boundary_incidents", "boundary incidents on the patient's personal link over the same span",
          &RequesterTable::boundary_incidents);
  }
};

// Takes the end-of-run snapshot and returns the table.
RequesterTable requester_table(World& world);

// The run totals an effect per requester is measured on (docs/ANALYSIS.md, "Effects per
// requester"), over every patient and over the requesters alone: trust and adherence summed
// over the patients in the panels at the end; messages, the minutes they asked for,
// after-hours minutes and breaches summed over the run (a requester's from their first
// request on; a requester's after-hours minutes are those of their personal-channel messages).
enum class EffectOutcome : std::uint8_t { kTrust, kAdherence, kMessages, kMessageMinutes, kAfterHoursMinutes, kBreaches };
inline constexpr std::array<std::string_view, 6> kEffectOutcomeNames = {
    "trust", "adherence", "messages", "message_minutes", "after_hours_minutes", "breaches"};
inline constexpr std::size_t kEffectOutcomeCount = kEffectOutcomeNames.size();
struct OutcomeTotals {
  std::array<double, kEffectOutcomeCount> population{}, requesters{};
  double requester_count = 0;  // patients with at least one request (or, requests off, one they would have sent)
};
// Trust and adherence summed over every patient at the end of the run, in patient order.
struct PopulationSums {
  double trust = 0;
  double adherence = 0;
};
// At the end of the run; `series` is the run's metric series, `everyone` the population's
// sums, and adherence_of gives a requester's adherence now.
OutcomeTotals outcome_totals(const World& world, const sim::DailySeries& series, const PopulationSums& everyone,
                             const AdherenceLink& adherence_of);

}  // namespace rapport::models
