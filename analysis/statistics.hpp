// Statistics across replicates: mean, sample sd, Student-t intervals and the
// paired t-test; exact Poisson (Garwood) intervals and a paired bootstrap for rare
// counts. Formulas in docs/ANALYSIS.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace rapport::analysis {

inline constexpr double kConfidenceLevel = 0.95;

// Undefined quantities (sd and interval for n < 2, everything for n = 0) are NaN.
struct SampleSummary {
  std::size_t n = 0;
  double mean = 0.0;
  double sd = 0.0;  // sample standard deviation (divisor n - 1)
  double ci_low = 0.0;
  double ci_high = 0.0;
};

struct PairedDifference {
  SampleSummary difference;  // of (scenario - baseline), replicate by replicate
  double p_value = 0.0;      // two-sided paired t-test of mean difference = 0
};

// Two-sided 95% Student-t interval for the mean. When every value is equal the
// sample is summarised exactly (mean = the value, sd = 0, interval = [mean, mean]),
// so identical inputs never produce rounding noise.
SampleSummary summarize_sample(std::span<const double> values);

// Pairs values[i] with baseline[i]; both spans must have the same length.
// With zero spread the p-value is 1 for a zero difference and 0 otherwise.
PairedDifference paired_difference(std::span<const double> values, std::span<const double> baseline);

// A summary of a quantity that cannot be negative (every metric rapport writes): the
// Student-t interval with its lower bound raised to 0. The true mean is >= 0, so the
// raised interval still covers it whenever the t-interval did.
SampleSummary summarize_non_negative(std::span<const double> values);

struct Interval {
  double low = 0.0;
  double high = 0.0;
};

// Exact two-sided interval for the mean of a Poisson count after observing `events`
// (Garwood 1936): [chi2(a/2, 2k) / 2, chi2(1 - a/2, 2k + 2) / 2], a = 1 - confidence,
// with lower bound 0 when k = 0 (the upper bound stays: about 3.69 at 95%).
// `events` must be a non-negative whole number.
Interval garwood_interval(double events, double confidence = kConfidenceLevel);

// Paired differences of rare counts, where a t-interval on a handful of mostly-zero
// differences means little: the percentile bootstrap over replicates of the mean of
// d_r = values[r] - baseline[r] (`resamples` resamples drawn from the kBootstrap stream
// of `seed`, so the same input gives the same interval), and the two-sided sign-flip
// randomisation p-value of "mean d = 0" (every sign pattern for up to 16 replicates,
// 65,536 random patterns beyond). Differences that are all 0 give [0, 0] and p = 1.
PairedDifference paired_difference_bootstrap(std::span<const double> values, std::span<const double> baseline,
                                             std::uint64_t seed, std::size_t resamples = 10000);

// Quantile of Student's t with `degrees_of_freedom`, e.g. 0.975 for a 95% interval.
double student_t_quantile(double degrees_of_freedom, double probability);

// Quantile of the chi-square distribution with `degrees_of_freedom` (> 0).
double chi_squared_quantile(double degrees_of_freedom, double probability);

}  // namespace rapport::analysis
