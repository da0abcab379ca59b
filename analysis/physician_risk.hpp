// Rare events (breaches, complaints, investigations, boundary incidents) as the risks a
// physician and a professional society weigh: rates with their exposure and the chance of
// at least one event over a career, with exact Poisson (Garwood) intervals on the total
// over replicates. Formulas in docs/ANALYSIS.md, "Physician-level risk".
#pragma once

#include <string>
#include <vector>

#include "analysis/results_reader.hpp"

namespace rapport::analysis {

inline constexpr double kDefaultCareerYears = 30.0;

struct RateWithInterval {
  double value = 0.0;
  double low = 0.0;
  double high = 0.0;
};

struct RareEventRisk {
  std::string scenario;
  std::string metric;
  double events = 0.0;           // total over every replicate and day
  double replicate_years = 0.0;  // replicates x days / 365
  double physician_years = 0.0;  // physicians x replicate-years; NaN without a physician table
  double requests = 0.0;         // friend requests over every replicate; NaN when the file has none
  RateWithInterval per_replicate_year, per_1000_physician_years, per_1000_requests;
  // Probability that one physician has at least one event over `career_years`, for a constant
  // rate per physician-year equal to the scenario's: 1 - exp(-rate x years).
  RateWithInterval career_probability;
};

// Every scenario x every rare event count it holds (only those in `metrics` when not empty),
// scenario-major. `career_years` must be > 0.
std::vector<RareEventRisk> physician_risks(const Results& results, double career_years,
                                           const std::vector<std::string>& metrics = {});

}  // namespace rapport::analysis
