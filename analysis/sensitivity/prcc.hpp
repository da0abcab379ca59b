// Partial rank correlation coefficients (Marino et al. 2008): the correlation of the
// ranks of one parameter and of the outcome after removing, by least squares on the
// ranks of the other parameters, what those explain. Valid for any design whose rows
// sample the parameter distributions (lhs, grid, sobol, morris).
#pragma once

#include <span>
#include <vector>

#include "sim/matrix.hpp"

namespace rapport::analysis {

struct PartialRankCorrelation {
  double coefficient = 0.0;  // in [-1, 1]; NaN when a rank residual is constant
  double p_value = 0.0;      // two-sided, Student t with n - k - 1 degrees of freedom
};

// `x` is [points, k]; `y` one outcome per point. One result per parameter.
std::vector<PartialRankCorrelation> partial_rank_correlations(const sim::Matrix& x, std::span<const double> y);

// Ranks 1..n with ties given their average rank.
std::vector<double> average_ranks(std::span<const double> values);

}  // namespace rapport::analysis
