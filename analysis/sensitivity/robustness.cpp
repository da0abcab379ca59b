#include "analysis/sensitivity/robustness.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "models/metrics.hpp"

namespace rapport::analysis {

Preference preferred_direction(std::string_view metric) {
  const auto id = models::find_metric(metric);
  return id ? models::kMetrics[models::index(*id)].spec.better : Preference::kNeither;
}

std::string_view preference_name(Preference preference) {
  switch (preference) {
    case Preference::kHigher: return "higher";
    case Preference::kLower: return "lower";
    case Preference::kNeither: return "neither";
  }
  return "neither";
}

Robustness policy_robustness(std::span<const double> a_means, std::span<const double> b_means, Preference preference,
                             std::span<const double> mids) {
  if (a_means.size() != b_means.size() || mids.size() != a_means.size()) {
    throw std::invalid_argument("robustness needs both policies and a MID at every point");
  }
  Robustness r;
  r.points = a_means.size();
  for (std::size_t p = 0; p < r.points; ++p) {
    const double a = a_means[p], b = b_means[p];
    const double margin = std::isnan(mids[p]) ? 0.0 : mids[p];
    if (a == b || std::fabs(a - b) <= margin) {
      ++r.ties;
    } else if ((preference == Preference::kLower) ? a < b : a > b) {
      ++r.a_better;
    } else {
      ++r.b_better;
    }
  }
  if (r.points == 0) {
    r.share_a_better = r.ci_low = r.ci_high = std::numeric_limits<double>::quiet_NaN();
    return r;
  }
  // Wilson (1927) score interval: sensible at shares of 0 or 1, unlike the normal approximation.
  constexpr double z = 1.959963984540054;
  const double n = static_cast<double>(r.points);
  const double share = static_cast<double>(r.a_better) / n;
  const double centre = (share + z * z / (2 * n)) / (1 + z * z / n);
  const double half_width = z / (1 + z * z / n) * std::sqrt(share * (1 - share) / n + z * z / (4 * n * n));
  r.share_a_better = share;
  // Exact at the ends: no wins means a lower bound of 0, not rounding noise above it.
  r.ci_low = r.a_better == 0 ? 0.0 : std::max(0.0, centre - half_width);
  r.ci_high = r.a_better == r.points ? 1.0 : std::min(1.0, centre + half_width);
  return r;
}

}  // namespace rapport::analysis
