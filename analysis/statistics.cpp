#include "analysis/statistics.hpp"

#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "sim/random.hpp"

namespace rapport::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double two_sided_t_p_value(double t, double degrees_of_freedom) {
  const boost::math::students_t distribution(degrees_of_freedom);
  return 2.0 * boost::math::cdf(boost::math::complement(distribution, std::fabs(t)));
}

// Linear interpolation between order statistics (the default of R and NumPy).
double quantile_of_sorted(const std::vector<double>& sorted, double probability) {
  const double position = probability * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const auto above = std::min(below + 1, sorted.size() - 1);
  return sorted[below] + (position - static_cast<double>(below)) * (sorted[above] - sorted[below]);
}

// Two-sided sign-flip randomisation test of "the paired differences are symmetric about 0".
double sign_flip_p_value(const std::vector<double>& differences, const sim::RandomStreams& streams) {
  constexpr std::size_t kMaxExact = 16;
  constexpr std::uint32_t kRandomPatterns = 1u << 16;
  const std::size_t n = differences.size();
  double observed = 0.0, scale = 0.0;
  for (const double d : differences) {
    observed += d;
    scale += std::fabs(d);
  }
  // Sums equal to the observed one up to rounding count as "at least as extreme".
  const double threshold = std::fabs(observed) - 1e-12 * scale;
  const auto extreme = [&](auto&& sign_of) {
    double sum = 0.0;
    for (std::size_t r = 0; r < n; ++r) sum += sign_of(r) ? -differences[r] : differences[r];
    return std::fabs(sum) >= threshold;
  };
  std::uint64_t at_least_as_extreme = 0, patterns = 0;
  if (n <= kMaxExact) {
    patterns = std::uint64_t{1} << n;
    for (std::uint64_t pattern = 0; pattern < patterns; ++pattern) {
      at_least_as_extreme += extreme([pattern](std::size_t r) { return ((pattern >> r) & 1u) != 0; });
    }
  } else {
    patterns = kRandomPatterns;
    for (std::uint32_t p = 0; p < kRandomPatterns; ++p) {
      sim::DrawSequence draws(streams, p, 1, sim::Event::kBootstrap);
      std::vector<bool> flipped(n);
      for (std::size_t r = 0; r < n; ++r) flipped[r] = (draws() & 1u) != 0;
      at_least_as_extreme += extreme([&flipped](std::size_t r) { return flipped[r]; });
    }
  }
  return static_cast<double>(at_least_as_extreme) / static_cast<double>(patterns);
}

}  // namespace

double chi_squared_quantile(double degrees_of_freedom, double probability) {
  return boost::math::quantile(boost::math::chi_squared(degrees_of_freedom), probability);
}

SampleSummary summarize_non_negative(std::span<const double> values) {
  auto s = summarize_sample(values);
  if (s.ci_low < 0.0) s.ci_low = 0.0;
  return s;
}

Interval garwood_interval(double events, double confidence) {
  if (!(events >= 0.0) || events != std::floor(events)) {
    throw std::invalid_argument("garwood_interval: the count must be a non-negative whole number");
  }
  const double tail = (1.0 - confidence) / 2.0;
  return {events == 0.0 ? 0.0 : chi_squared_quantile(2.0 * events, tail) / 2.0,
          chi_squared_quantile(2.0 * events + 2.0, 1.0 - tail) / 2.0};
}

PairedDifference paired_difference_bootstrap(std::span<const double> values, std::span<const double> baseline,
                                             std::uint64_t seed, std::size_t resamples) {
  if (values.size() != baseline.size()) {
    throw std::invalid_argument("paired_difference_bootstrap: samples of different lengths");
  }
  const std::size_t n = values.size();
  std::vector<double> differences(n);
  for (std::size_t r = 0; r < n; ++r) differences[r] = values[r] - baseline[r];
  PairedDifference result{summarize_sample(differences), kNaN};
  if (n < 2) return result;
  auto& d = result.difference;
  if (d.sd == 0.0) {  // every replicate changed by the same amount: nothing to resample
    result.p_value = d.mean == 0.0 ? 1.0 : sign_flip_p_value(differences, sim::RandomStreams(seed, 0));
    return result;
  }
  const sim::RandomStreams streams(seed, 0);
  std::vector<double> means(resamples);
  for (std::size_t b = 0; b < resamples; ++b) {
    sim::DrawSequence draws(streams, static_cast<std::uint32_t>(b), 0, sim::Event::kBootstrap);
    double sum = 0.0;
    for (std::size_t r = 0; r < n; ++r) {
      sum += differences[std::min(n - 1, static_cast<std::size_t>(draws.uniform() * static_cast<double>(n)))];
    }
    means[b] = sum / static_cast<double>(n);
  }
  std::sort(means.begin(), means.end());
  const double tail = (1.0 - kConfidenceLevel) / 2.0;
  d.ci_low = quantile_of_sorted(means, tail);
  d.ci_high = quantile_of_sorted(means, 1.0 - tail);
  result.p_value = sign_flip_p_value(differences, streams);
  return result;
}

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
