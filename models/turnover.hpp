// Panel and workforce turnover (docs/MODEL.md, "Turnover"). The population size and
// every panel's size stay constant: a newcomer takes the slot of the one who left, so
// no column is reallocated and memory does not grow with the horizon.
#pragma once

#include "models/world.hpp"

namespace rapport::models {

// Patients leave at patient_exit_per_year: each panel draws a Poisson number of
// leavers a day, in slots drawn uniformly; a newcomer of the current calendar year
// takes each slot (draw_patient). A leaver's personal-friend or page-follower link ends.
void patient_turnover(World& world, std::uint32_t day);

// Physicians leave at physician_exit_per_year; a newcomer takes over the panel, with a
// presence drawn for the current year, a new visit quality, and the policy and guideline
// status of a colleague drawn uniformly (the current mix). The leaver's personal friends
// are unlinked, page followers stay only if the newcomer keeps a page, portal enrolments
// and requests awaiting an answer pass to the newcomer.
void physician_turnover(World& world, std::uint32_t day);

}  // namespace rapport::models
