// Statistics across replicates: mean, sample sd, Student-t intervals and the
// paired t-test. Formulas in docs/ANALYSIS.md.
#pragma once

#include <cstddef>
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

// Quantile of Student's t with `degrees_of_freedom`, e.g. 0.975 for a 95% interval.
double student_t_quantile(double degrees_of_freedom, double probability);

}  // namespace rapport::analysis
