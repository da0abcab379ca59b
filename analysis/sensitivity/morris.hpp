// Morris elementary effects from a trajectory design: mu, mu* (mean absolute effect,
// Campolongo et al. 2007) and sigma per parameter. Effects are measured in the unit
// hypercube, so mu* is the change of the outcome over a parameter's whole range.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "sim/matrix.hpp"

namespace rapport::analysis {

struct MorrisIndices {
  std::vector<double> mu, mu_star, sigma;  // one per parameter; sigma is NaN with one trajectory
};

// `unit` is the design of morris_design() ([trajectories (k + 1), k]); `outputs` one value per row.
MorrisIndices morris_indices(const sim::Matrix& unit, std::span<const double> outputs, std::size_t trajectories);

}  // namespace rapport::analysis
