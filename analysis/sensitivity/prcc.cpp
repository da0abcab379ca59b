#include "analysis/sensitivity/prcc.hpp"

#include <Eigen/Dense>
#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace rapport::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Eigen::VectorXd as_vector(const std::vector<double>& values) {
  return Eigen::Map<const Eigen::VectorXd>(values.data(), static_cast<Eigen::Index>(values.size()));
}

// Residuals are compared to the scale of the ranks, so exact fits give exact zeros.
bool is_constant(const Eigen::VectorXd& residual, double scale) {
  return residual.norm() <= 1e-9 * scale;
}

}  // namespace

std::vector<double> average_ranks(std::span<const double> values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<double> ranks(values.size());
  for (std::size_t start = 0; start < order.size();) {
    std::size_t end = start + 1;
    while (end < order.size() && values[order[end]] == values[order[start]]) ++end;
    const double rank = (static_cast<double>(start) + static_cast<double>(end - 1)) / 2.0 + 1.0;
    for (std::size_t i = start; i < end; ++i) ranks[order[i]] = rank;
    start = end;
  }
  return ranks;
}

std::vector<PartialRankCorrelation> partial_rank_correlations(const sim::Matrix& x, std::span<const double> y) {
  const std::size_t n = x.rows, k = x.cols;
  if (y.size() != n) throw std::invalid_argument("PRCC needs one outcome per design row");
  const auto rows = static_cast<Eigen::Index>(n);
  Eigen::MatrixXd ranked(rows, static_cast<Eigen::Index>(k));
  for (std::size_t j = 0; j < k; ++j) {
    std::vector<double> column(n);
    for (std::size_t r = 0; r < n; ++r) column[r] = x.at(r, j);
    ranked.col(static_cast<Eigen::Index>(j)) = as_vector(average_ranks(column));
  }
  const Eigen::VectorXd ranked_y = as_vector(average_ranks(y));
  const double scale = static_cast<double>(n) * std::sqrt(static_cast<double>(n));
  const double degrees_of_freedom = static_cast<double>(n) - static_cast<double>(k) - 1.0;

  std::vector<PartialRankCorrelation> result;
  for (std::size_t i = 0; i < k; ++i) {
    // Design of the regression: intercept and the ranks of every other parameter.
    Eigen::MatrixXd others(rows, static_cast<Eigen::Index>(k));
    others.col(0).setOnes();
    for (std::size_t j = 0, c = 1; j < k; ++j) {
      if (j != i) others.col(static_cast<Eigen::Index>(c++)) = ranked.col(static_cast<Eigen::Index>(j));
    }
    const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(others);
    const Eigen::VectorXd own = ranked.col(static_cast<Eigen::Index>(i));
    const Eigen::VectorXd residual_x = own - others * qr.solve(own);
    const Eigen::VectorXd residual_y = ranked_y - others * qr.solve(ranked_y);
    if (degrees_of_freedom < 1.0 || is_constant(residual_x, scale) || is_constant(residual_y, scale)) {
      result.push_back({kNaN, kNaN});
      continue;
    }
    const double r = std::clamp(residual_x.dot(residual_y) / (residual_x.norm() * residual_y.norm()), -1.0, 1.0);
    double p = 0.0;
    if (std::abs(r) < 1.0) {
      const double t = r * std::sqrt(degrees_of_freedom / (1.0 - r * r));
      p = 2.0 * boost::math::cdf(boost::math::complement(boost::math::students_t(degrees_of_freedom), std::abs(t)));
    }
    result.push_back({r, p});
  }
  return result;
}

}  // namespace rapport::analysis
