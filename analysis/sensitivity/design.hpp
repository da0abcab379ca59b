// Experimental designs in the unit hypercube (Saltelli, Morris, Latin hypercube, grid)
// and the maps from unit coordinates to parameter values. Every random choice is a
// counter-based draw keyed by the seed and the design's row and column, so a design depends on
// its seed only.
// Formulas and layouts: docs/SENSITIVITY.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/matrix.hpp"

namespace rapport::analysis {

enum class DesignMethod { kSobol, kMorris, kLatinHypercube, kGrid };

std::string_view design_method_name(DesignMethod method);  // "sobol", "morris", "lhs", "grid"

// A design as points in [0, 1]^k plus what an estimator needs to read it back.
struct UnitDesign {
  DesignMethod method = DesignMethod::kLatinHypercube;
  sim::Matrix unit;                // [points, k], row-major
  std::size_t base_samples = 0;    // sobol: N (points = N (k + 2)); lhs: points; grid: levels per parameter
  std::size_t trajectories = 0;    // morris: r (points = r (k + 1))
  std::size_t levels = 0;          // morris and grid: levels per parameter
};

// Saltelli (2010) layout without second-order blocks: rows [0, N) are A, [N, 2N) are B,
// and block i + 2 is AB_i (A with column i taken from B). A and B are the first N points of a
// 2k-dimensional Sobol' sequence (A dimensions [0, k), B [k, 2k)), origin included, randomised
// by a digital shift drawn from the seed; N a power of two keeps each column stratified.
UnitDesign saltelli_design(std::size_t parameters, std::size_t base_samples, std::uint64_t seed);

// Morris (1991) trajectories on a grid of `levels` (even) levels with step
// delta = levels / (2 (levels - 1)): each trajectory moves one parameter at a time, in a
// random order, from a random grid point. Consecutive rows of a trajectory differ in one column.
UnitDesign morris_design(std::size_t parameters, std::size_t trajectories, std::size_t levels, std::uint64_t seed);

// One point per stratum in every column, strata paired by independent random permutations.
UnitDesign latin_hypercube_design(std::size_t parameters, std::size_t points, std::uint64_t seed);

// Every combination of `levels` equally spaced values from 0 to 1 (first parameter slowest).
UnitDesign grid_design(std::size_t parameters, std::size_t levels);

enum class DistributionKind { kUniform, kLogUniform, kNormalTruncated };

std::string_view distribution_name(DistributionKind kind);  // "uniform", "log_uniform", "normal_truncated"

// How a unit coordinate becomes a parameter value (inverse cumulative distribution).
struct Distribution {
  DistributionKind kind = DistributionKind::kUniform;
  double low = 0.0;   // support [low, high]; for the normal, the truncation bounds
  double high = 1.0;
  double mean = 0.0;  // normal only
  double sd = 1.0;    // normal only

  [[nodiscard]] double value_at(double unit) const;
};

}  // namespace rapport::analysis
