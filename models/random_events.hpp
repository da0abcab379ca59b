// The model's random events: one stream each (sim/random.hpp). The numbers are fixed:
// a new event takes a number not used here or in sim::Event, so no existing draw moves.
#pragma once

#include "sim/random.hpp"

namespace rapport::models::event {

inline constexpr sim::Event kPopulation{1};
inline constexpr sim::Event kNetwork{2};
inline constexpr sim::Event kPolicyAssignment{3};
inline constexpr sim::Event kVisit{4};
inline constexpr sim::Event kFriendRequest{5};
inline constexpr sim::Event kResponse{6};
inline constexpr sim::Event kMessage{7};
inline constexpr sim::Event kPost{8};
inline constexpr sim::Event kCascade{9};
inline constexpr sim::Event kBreach{10};
inline constexpr sim::Event kBreachSpread{11};
inline constexpr sim::Event kBoundaryIncident{12};
// 13 and 14 are sim::Event::kDesign and kBootstrap.
// A world that changes over the years (models/calendar, turnover, guideline).
inline constexpr sim::Event kCalendarTrend{15};
inline constexpr sim::Event kPatientExit{16};
inline constexpr sim::Event kPatientArrival{17};
inline constexpr sim::Event kPhysicianExit{18};
inline constexpr sim::Event kPhysicianArrival{19};
inline constexpr sim::Event kGuidelineNetwork{20};
inline constexpr sim::Event kGuidelineAdoption{21};
// Model v2 (issue 13, item 2): symptom searches and fading beliefs per panel, corrections per patient.
inline constexpr sim::Event kMisinformation{22};
inline constexpr sim::Event kCorrection{23};
// Issue 13 item 6: patients following an open_page physician's page without asking.
inline constexpr sim::Event kPageFollow{24};
// Issue 13 item 5: a physician's privacy-violation trait (drawn at index kTraitDrawIndex, on
// day 0 or the arrival day) and, per day, whether each post identifies a patient.
inline constexpr sim::Event kPrivacyViolation{25};
inline constexpr std::uint32_t kTraitDrawIndex = 1u << 31;

}  // namespace rapport::models::event
