// Policy robustness: over the points of a design run once per policy (with common random
// numbers), the share of points where policy A does better than policy B on an outcome by
// more than the minimum important difference, judged by the mean over replicates, with a
// Wilson score interval.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "sim/metrics.hpp"

namespace rapport::analysis {

// Which way an outcome is better, so that "A beats B" means the same for trust and for breaches.
using Preference = sim::Better;

// As the metric registry declares (models/metrics.hpp): activity counts (visits, requests,
// messages) have no better direction and are compared as "A higher"; so is an unknown name.
Preference preferred_direction(std::string_view metric);
std::string_view preference_name(Preference preference);  // "higher", "lower", "neither"

struct Robustness {
  std::size_t points = 0;
  std::size_t a_better = 0;  // kNeither: A higher
  std::size_t b_better = 0;
  std::size_t ties = 0;      // equal, or apart by no more than the MID
  double share_a_better = 0.0;  // a_better / points
  double ci_low = 0.0;          // 95% Wilson score interval of the share
  double ci_high = 0.0;
};

// a_means[p] and b_means[p]: outcome of policies A and B at design point p (replicate means);
// mids[p]: the MID there, in the same units (0 or NaN: any difference counts).
Robustness policy_robustness(std::span<const double> a_means, std::span<const double> b_means, Preference preference,
                             std::span<const double> mids);

}  // namespace rapport::analysis
