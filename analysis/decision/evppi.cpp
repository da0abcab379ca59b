#include "analysis/decision/evppi.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "analysis/sensitivity/prcc.hpp"

namespace rapport::analysis {
namespace {

constexpr std::size_t kMinimumDraws = 20;
// Knot segments per margin are capped so that the basis stays well below the number of
// draws (about one coefficient per 10 draws); the penalty, not the basis size, then sets
// the smoothness.
constexpr std::size_t kMaxSegments = 20;
constexpr std::size_t kMaxTensorSegments = 10;
constexpr std::size_t kMinSegments = 3;
constexpr std::size_t kDrawsPerCoefficient = 10;
// GCV grid for the penalty, relative to trace(B'B) / trace(P): 10^-6 .. 10^6.
constexpr int kPenaltyGridLow = -6;
constexpr int kPenaltyGridHigh = 6;
constexpr int kPenaltyGridStepsPerDecade = 2;
// A ridge this small relative to trace(B'B) only makes the additive basis (whose margins
// all contain the constant) solvable; fitted values are unaffected.
constexpr double kRidge = 1e-10;

// Cubic B-splines on `segments` equal segments of [0, 1]: segments + 3 functions.
Eigen::MatrixXd bspline_basis(const std::vector<double>& z, std::size_t segments) {
  Eigen::MatrixXd basis = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(z.size()),
                                                static_cast<Eigen::Index>(segments + 3));
  for (std::size_t i = 0; i < z.size(); ++i) {
    const double scaled = z[i] * static_cast<double>(segments);
    const auto j = std::min(static_cast<std::size_t>(std::max(0.0, std::floor(scaled))), segments - 1);
    const double t = scaled - static_cast<double>(j);
    const double s = 1.0 - t;
    const auto row = static_cast<Eigen::Index>(i);
    const auto col = static_cast<Eigen::Index>(j);
    basis(row, col) = s * s * s / 6.0;
    basis(row, col + 1) = (3.0 * t * t * t - 6.0 * t * t + 4.0) / 6.0;
    basis(row, col + 2) = (-3.0 * t * t * t + 3.0 * t * t + 3.0 * t + 1.0) / 6.0;
    basis(row, col + 3) = t * t * t / 6.0;
  }
  return basis;
}

// D'D for the second-order difference matrix D on `size` coefficients.
Eigen::MatrixXd difference_penalty(std::size_t size) {
  const auto n = static_cast<Eigen::Index>(size);
  Eigen::MatrixXd d = Eigen::MatrixXd::Zero(n - 2, n);
  for (Eigen::Index i = 0; i + 2 < n; ++i) {
    d(i, i) = 1.0;
    d(i, i + 1) = -2.0;
    d(i, i + 2) = 1.0;
  }
  return d.transpose() * d;
}

// Ranks scaled into (0, 1): a monotone map, so E[NB | parameter] is unchanged, and the
// equally spaced knots see evenly spread data whatever the distribution's shape.
std::vector<double> unit_ranks(const sim::Matrix& x, std::size_t c) {
  std::vector<double> values(x.rows);
  for (std::size_t r = 0; r < x.rows; ++r) values[r] = x.at(r, c);
  auto ranks = average_ranks(values);
  for (double& rank : ranks) rank = (rank - 0.5) / static_cast<double>(x.rows);
  return ranks;
}

std::size_t segments_for(std::size_t draws, std::size_t margins, bool tensor) {
  const std::size_t budget = draws / kDrawsPerCoefficient;
  const std::size_t per_margin =
      tensor ? static_cast<std::size_t>(std::sqrt(static_cast<double>(budget))) : budget / margins;
  return std::clamp(per_margin > 3 ? per_margin - 3 : std::size_t{0}, kMinSegments,
                    tensor ? kMaxTensorSegments : kMaxSegments);
}

struct PenalisedBasis {
  Eigen::MatrixXd basis;
  Eigen::MatrixXd penalty;
};

PenalisedBasis build_basis(const sim::Matrix& x) {
  const std::size_t k = x.cols;
  const bool tensor = k == 2;
  const std::size_t segments = segments_for(x.rows, k, tensor);
  const std::size_t size = segments + 3;
  std::vector<Eigen::MatrixXd> margins;
  for (std::size_t c = 0; c < k; ++c) margins.push_back(bspline_basis(unit_ranks(x, c), segments));
  const Eigen::MatrixXd margin_penalty = difference_penalty(size);
  const auto n = static_cast<Eigen::Index>(x.rows);
  const auto m = static_cast<Eigen::Index>(size);
  PenalisedBasis result;
  if (tensor) {
    // Row-wise Kronecker product; penalty P1 (x) I + I (x) P2 (one smoothing parameter).
    result.basis.resize(n, m * m);
    for (Eigen::Index a = 0; a < m; ++a)
      for (Eigen::Index b = 0; b < m; ++b) result.basis.col(a * m + b) = margins[0].col(a).cwiseProduct(margins[1].col(b));
    const Eigen::MatrixXd identity = Eigen::MatrixXd::Identity(m, m);
    result.penalty = Eigen::MatrixXd::Zero(m * m, m * m);
    for (Eigen::Index a = 0; a < m; ++a)
      for (Eigen::Index b = 0; b < m; ++b) {
        result.penalty.block(a * m, b * m, m, m) += margin_penalty(a, b) * identity;
        result.penalty.block(a * m, b * m, m, m) += identity(a, b) * margin_penalty;
      }
    return result;
  }
  const auto columns = static_cast<Eigen::Index>(k) * m;
  result.basis.resize(n, columns);
  result.penalty = Eigen::MatrixXd::Zero(columns, columns);
  for (std::size_t c = 0; c < k; ++c) {
    const auto offset = static_cast<Eigen::Index>(c) * m;
    result.basis.middleCols(offset, m) = margins[c];
    result.penalty.block(offset, offset, m, m) = margin_penalty;
  }
  return result;
}

}  // namespace

SmoothFit fit_penalised_spline(const sim::Matrix& x, std::span<const double> y) {
  if (x.rows != y.size() || x.rows < kMinimumDraws || x.cols == 0)
    throw std::invalid_argument("penalised spline: need at least 20 draws, one per outcome, and a parameter");
  const auto [basis, penalty] = build_basis(x);
  const Eigen::Map<const Eigen::VectorXd> response(y.data(), static_cast<Eigen::Index>(y.size()));
  const Eigen::MatrixXd gram = basis.transpose() * basis;
  const Eigen::VectorXd projected = basis.transpose() * response;
  const double scale = gram.trace() / penalty.trace();
  const Eigen::MatrixXd ridge =
      kRidge * gram.trace() / static_cast<double>(gram.rows()) * Eigen::MatrixXd::Identity(gram.rows(), gram.cols());
  const double n = static_cast<double>(y.size());

  SmoothFit best;
  double best_score = std::numeric_limits<double>::infinity();
  for (int step = kPenaltyGridLow * kPenaltyGridStepsPerDecade; step <= kPenaltyGridHigh * kPenaltyGridStepsPerDecade;
       ++step) {
    const double lambda = scale * std::pow(10.0, static_cast<double>(step) / kPenaltyGridStepsPerDecade);
    const Eigen::LDLT<Eigen::MatrixXd> system(gram + lambda * penalty + ridge);
    const Eigen::VectorXd coefficients = system.solve(projected);
    const double effective_df = system.solve(gram).trace();
    const Eigen::VectorXd fitted = basis * coefficients;
    const double residual = (response - fitted).squaredNorm();
    const double score = n * residual / ((n - effective_df) * (n - effective_df));
    if (score < best_score) {
      best_score = score;
      best.fitted.assign(fitted.data(), fitted.data() + fitted.size());
      best.effective_df = effective_df;
    }
  }
  best.basis_size = static_cast<std::size_t>(basis.cols());
  return best;
}

EvppiEstimate evppi_by_regression(const sim::Matrix& net_benefit, const sim::Matrix& parameters,
                                  std::span<const std::size_t> group) {
  if (net_benefit.rows != parameters.rows)
    throw std::invalid_argument("EVPPI: net benefit and parameters must have one row per draw");
  if (group.empty()) throw std::invalid_argument("EVPPI: the parameter group is empty");
  const std::size_t draws = net_benefit.rows;
  sim::Matrix x{draws, group.size(), std::vector<double>(draws * group.size())};
  for (std::size_t r = 0; r < draws; ++r)
    for (std::size_t j = 0; j < group.size(); ++j) {
      if (group[j] >= parameters.cols) throw std::invalid_argument("EVPPI: parameter index out of range");
      x.values[r * group.size() + j] = parameters.at(r, group[j]);
    }

  // Net benefit relative to policy 0 (whose fitted increment is 0): one regression fewer,
  // and EVPPI does not depend on the reference.
  EvppiEstimate estimate;
  estimate.effective_df_min = std::numeric_limits<double>::infinity();
  std::vector<double> max_fitted(draws, 0.0);
  double max_mean = 0.0;
  for (std::size_t p = 1; p < net_benefit.cols; ++p) {
    std::vector<double> increment(draws);
    for (std::size_t r = 0; r < draws; ++r) increment[r] = net_benefit.at(r, p) - net_benefit.at(r, 0);
    const auto fit = fit_penalised_spline(x, increment);
    double mean = 0.0;
    for (std::size_t r = 0; r < draws; ++r) {
      max_fitted[r] = std::max(max_fitted[r], fit.fitted[r]);
      mean += fit.fitted[r];
    }
    max_mean = std::max(max_mean, mean / static_cast<double>(draws));
    estimate.effective_df_min = std::min(estimate.effective_df_min, fit.effective_df);
    estimate.effective_df_max = std::max(estimate.effective_df_max, fit.effective_df);
    estimate.basis_size = fit.basis_size;
  }
  if (net_benefit.cols < 2) estimate.effective_df_min = 0.0;
  double mean_of_max = 0.0;
  for (const double value : max_fitted) mean_of_max += value;
  estimate.value = std::max(0.0, mean_of_max / static_cast<double>(draws) - max_mean);
  return estimate;
}

}  // namespace rapport::analysis
