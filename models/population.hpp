// Builds the initial physicians, panels and patients of one replicate.
#pragma once

#include "models/mechanisms.hpp"
#include "models/world.hpp"

namespace rapport::models {

// Physicians (specialty, presence, quality, policy) and their panel boundaries.
void initialise_physicians(World& world);
// Patient attributes; requires the panels from initialise_physicians.
void initialise_patients(World& world);
enum class PatientOrigin { kInitial, kNewcomer };
// Draws the patient in slot i of physician d's panel: at the start (day 0, with a
// relationship already under way) or as a newcomer who registers on `day`, with the
// traits of that calendar year. Newcomers draw from their own stream (event::kPatientArrival).
void draw_patient(World& world, std::uint32_t i, std::size_t d, std::uint32_t day, PatientOrigin origin,
                  const MessageSchedule& messages);
// Policy of each physician: counts by largest remainder of the mix, assigned in
// an order drawn once per replicate, so scenarios share which physician is which.
// Physicians with an entry in `fixed` take that policy instead and are left out of the mix.
std::vector<PolicyId> assign_policies(const std::array<double, kPolicyCount>& mix, std::size_t n_physicians,
                                      const sim::RandomStreams& streams,
                                      const std::vector<std::optional<PolicyId>>& fixed = {});

}  // namespace rapport::models
