// Expected value of partial perfect information (EVPPI) by the regression method of Strong,
// Oakley and Brennan (2014): the net benefit of each policy, relative to a reference policy,
// is regressed on the parameters of interest; the fitted values estimate the expected net
// benefit given those parameters, and
//   EVPPI = mean over draws of max_p fitted_p - max_p of mean fitted_p.
// Only the PSA draws are needed. Where Strong et al. fit generalised additive models, this
// fits penalised regression splines (Eilers and Marx P-splines: cubic B-splines on equally
// spaced knots with a second-order difference penalty) on the parameters' ranks, the
// penalty chosen by generalised cross-validation. One parameter: a univariate spline; two:
// a tensor product; three or more: an additive spline, which ignores interactions inside the
// group and so can underestimate. Details: docs/DECISION.md.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "sim/matrix.hpp"

namespace rapport::analysis {

struct EvppiEstimate {
  double value = 0.0;
  // Effective degrees of freedom of the smoothest and roughest fit over the policies: a fit
  // near the basis size means the basis, not the penalty, limited the smoothness.
  double effective_df_min = 0.0;
  double effective_df_max = 0.0;
  std::size_t basis_size = 0;
};

// `net_benefit` [draws, policies]; `parameters` [draws, k]; `group` indexes columns of
// `parameters`. Needs at least 20 draws.
EvppiEstimate evppi_by_regression(const sim::Matrix& net_benefit, const sim::Matrix& parameters,
                                  std::span<const std::size_t> group);

// The penalised-spline smoother itself: fitted values of y on the columns of x [n, k].
struct SmoothFit {
  std::vector<double> fitted;
  double effective_df = 0.0;
  std::size_t basis_size = 0;
};
SmoothFit fit_penalised_spline(const sim::Matrix& x, std::span<const double> y);

}  // namespace rapport::analysis
