// Sobol first-order (Saltelli 2010) and total (Jansen 1999) indices from a Saltelli design,
// with percentile bootstrap intervals over the base samples. Formulas: docs/SENSITIVITY.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace rapport::analysis {

struct BootstrapOptions {
  std::size_t resamples = 1000;
  std::uint64_t seed = 0;  // resample j of base row b is a counter-based draw keyed by (seed, j, b)
  double confidence = 0.95;
};

// An estimate with its bootstrap percentile interval; NaN where undefined (zero variance).
struct IndexEstimate {
  double value = 0.0;
  double ci_low = 0.0;
  double ci_high = 0.0;
};

struct SobolIndices {
  std::vector<IndexEstimate> first_order;  // S1, one per parameter
  std::vector<IndexEstimate> total;        // ST, one per parameter
  double variance = 0.0;                   // of the outputs of A and B together
};

// `outputs` holds one value per design row in the layout of saltelli_design():
// A (N rows), B (N rows), then AB_i for every parameter i.
SobolIndices sobol_indices(std::span<const double> outputs, std::size_t parameters, std::size_t base_samples,
                           const BootstrapOptions& bootstrap);

// Type-7 (linear interpolation) quantile of `values`, ignoring NaN; NaN when none is left.
double quantile_ignoring_nan(std::vector<double> values, double probability);

}  // namespace rapport::analysis
