// Builds the initial physicians, panels and patients of one replicate.
#pragma once

#include "models/mechanisms.hpp"
#include "models/misinformation.hpp"
#include "models/world.hpp"

namespace rapport::models {

// Physicians (specialty, presence, quality, policy) and their panel boundaries.
void initialise_physicians(World& world);
// Patient attributes; requires the panels from initialise_physicians.
void initialise_patients(World& world);
enum class PatientOrigin { kInitial, kNewcomer };

// What every patient drawn on one day shares: rates and chances that depend only on the
// parameters, the calendar year and the patient's category, worked out once rather than
// once per patient (a population of millions is drawn at the start of every run).
class PatientDrawRates {
 public:
  PatientDrawRates(const Parameters& p, std::uint32_t day);
  [[nodiscard]] const MessageSchedule& messages() const { return messages_; }
  [[nodiscard]] double request_bound() const { return request_bound_; }
  [[nodiscard]] double wants_connection(std::size_t age_group) const { return wants_connection_[age_group]; }
  [[nodiscard]] double visits_per_day(Specialty specialty, bool chronic) const {
    return by_category_[static_cast<std::size_t>(specialty)][chronic].visits_per_day;
  }
  [[nodiscard]] const BeliefShares& beliefs(Specialty specialty, bool chronic) const {
    return by_category_[static_cast<std::size_t>(specialty)][chronic].beliefs;
  }

 private:
  struct Category {
    double visits_per_day;
    BeliefShares beliefs;  // stationary shares at that visit rate
  };
  MessageSchedule messages_;
  double request_bound_;
  std::array<double, kAgeGroupCount> wants_connection_;
  std::array<std::array<Category, 2>, kSpecialtyCount> by_category_;
};

// Draws the patient in slot i of physician d's panel: at the start (day 0, with a
// relationship already under way) or as a newcomer who registers on `day`, with the
// traits of that calendar year (`rates` made for that day). Newcomers draw from their own
// stream (event::kPatientArrival).
void draw_patient(World& world, std::uint32_t i, std::size_t d, std::uint32_t day, PatientOrigin origin,
                  const PatientDrawRates& rates);
// Policy of each physician: counts by largest remainder of the mix, assigned in
// an order drawn once per replicate, so scenarios share which physician is which.
// Physicians with an entry in `fixed` take that policy instead and are left out of the mix.
std::vector<PolicyId> assign_policies(const std::array<double, kPolicyCount>& mix, std::size_t n_physicians,
                                      const sim::RandomStreams& streams,
                                      const std::vector<std::optional<PolicyId>>& fixed = {});

}  // namespace rapport::models
