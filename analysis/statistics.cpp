#include "analysis/statistics.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

namespace rapport::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double two_sided_t_p_value(double t, double degrees_of_freedom) {
  const boost::math::students_t distribution(degrees_of_freedom);
  return 2.0 * boost::math::cdf(boost::math::complement(distribution, std::fabs(t)));
}

}  // namespace

double student_t_quantile(double degrees_of_freedom, double probability) {
  return boost::math::quantile(boost::math::students_t(degrees_of_freedom), probability);
}

SampleSummary summarize_sample(std::span<const double> values) {
  SampleSummary s;
  s.n = values.size();
  if (values.empty()) return {0, kNaN, kNaN, kNaN, kNaN};
  const bool all_equal = std::all_of(values.begin(), values.end(), [&](double v) { return v == values.front(); });
  if (all_equal) {
    s.mean = values.front();
    s.sd = s.n > 1 ? 0.0 : kNaN;
    s.ci_low = s.ci_high = s.n > 1 ? s.mean : kNaN;
    return s;
  }
  double sum = 0.0;
  for (const double v : values) sum += v;
  s.mean = sum / static_cast<double>(s.n);
  // Two passes: the centred sum of squares avoids the cancellation of sum(x^2) - n*mean^2.
  double centred = 0.0;
  for (const double v : values) centred += (v - s.mean) * (v - s.mean);
  const auto df = static_cast<double>(s.n - 1);
  s.sd = std::sqrt(centred / df);
  const double half_width = student_t_quantile(df, 0.5 + kConfidenceLevel / 2.0) * s.sd /
                            std::sqrt(static_cast<double>(s.n));
  s.ci_low = s.mean - half_width;
  s.ci_high = s.mean + half_width;
  return s;
}

PairedDifference paired_difference(std::span<const double> values, std::span<const double> baseline) {
  if (values.size() != baseline.size()) {
    throw std::invalid_argument("paired_difference: samples of different lengths");
  }
  std::vector<double> differences(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) differences[i] = values[i] - baseline[i];
  PairedDifference result{summarize_sample(differences), kNaN};
  const auto& d = result.difference;
  if (d.n < 2) return result;
  if (d.sd == 0.0) {
    result.p_value = d.mean == 0.0 ? 1.0 : 0.0;
    return result;
  }
  const double t = d.mean / (d.sd / std::sqrt(static_cast<double>(d.n)));
  result.p_value = two_sided_t_p_value(t, static_cast<double>(d.n - 1));
  return result;
}

}  // namespace rapport::analysis
