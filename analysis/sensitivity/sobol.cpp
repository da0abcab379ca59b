#include "analysis/sensitivity/sobol.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "sim/random.hpp"

namespace rapport::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Point estimates over the base rows listed in `rows` (with repetition for a bootstrap resample).
struct PointEstimates {
  std::vector<double> first_order, total;
  double variance = 0.0;
};

PointEstimates estimate(std::span<const double> y, std::size_t k, std::size_t n, std::span<const std::size_t> rows) {
  const auto f_a = [&](std::size_t j) { return y[j]; };
  const auto f_b = [&](std::size_t j) { return y[n + j]; };
  const auto f_ab = [&](std::size_t i, std::size_t j) { return y[(2 + i) * n + j]; };
  const double m = static_cast<double>(rows.size());

  double mean = 0.0;
  for (const auto j : rows) mean += f_a(j) + f_b(j);
  mean /= 2.0 * m;
  double variance = 0.0;  // two-pass, divisor 2N (as in Saltelli et al. 2010)
  for (const auto j : rows) variance += (f_a(j) - mean) * (f_a(j) - mean) + (f_b(j) - mean) * (f_b(j) - mean);
  variance /= 2.0 * m;

  PointEstimates out{std::vector<double>(k, kNaN), std::vector<double>(k, kNaN), variance};
  if (!(variance > 0.0)) return out;  // nothing to apportion
  for (std::size_t i = 0; i < k; ++i) {
    double first = 0.0, total = 0.0;
    for (const auto j : rows) {
      // f(B) centred: same expectation, without the term in mean * (f(AB_i) - f(A)) that
      // makes the plain estimator noisy when the outcome's mean is large against its spread.
      first += (f_b(j) - mean) * (f_ab(i, j) - f_a(j));
      total += (f_a(j) - f_ab(i, j)) * (f_a(j) - f_ab(i, j));
    }
    out.first_order[i] = first / m / variance;
    out.total[i] = 0.5 * total / m / variance;
  }
  return out;
}

}  // namespace

double quantile_ignoring_nan(std::vector<double> values, double probability) {
  std::erase_if(values, [](double v) { return std::isnan(v); });
  if (values.empty()) return kNaN;
  std::sort(values.begin(), values.end());
  const double position = probability * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const auto above = std::min(below + 1, values.size() - 1);
  return values[below] + (position - static_cast<double>(below)) * (values[above] - values[below]);
}

SobolIndices sobol_indices(std::span<const double> outputs, std::size_t parameters, std::size_t base_samples,
                           const BootstrapOptions& bootstrap) {
  const std::size_t k = parameters, n = base_samples;
  if (n < 2 || outputs.size() != n * (k + 2)) {
    throw std::invalid_argument("Sobol indices need N >= 2 base samples and N (k + 2) outputs");
  }
  std::vector<std::size_t> rows(n);
  for (std::size_t j = 0; j < n; ++j) rows[j] = j;
  const auto point = estimate(outputs, k, n, rows);

  // resampled[i][b]: index of parameter i in bootstrap resample b.
  std::vector<std::vector<double>> first(k, std::vector<double>(bootstrap.resamples)), total = first;
  const sim::RandomStreams streams(bootstrap.seed, 0);
  for (std::size_t b = 0; b < bootstrap.resamples; ++b) {
    sim::DrawSequence draws(streams, static_cast<std::uint32_t>(b), 0, sim::Event::kBootstrap);
    for (auto& row : rows) {
      row = std::min(n - 1, static_cast<std::size_t>(draws.uniform() * static_cast<double>(n)));
    }
    const auto resample = estimate(outputs, k, n, rows);
    for (std::size_t i = 0; i < k; ++i) {
      first[i][b] = resample.first_order[i];
      total[i][b] = resample.total[i];
    }
  }

  const double tail = (1.0 - bootstrap.confidence) / 2.0;
  SobolIndices indices{{}, {}, point.variance};
  for (std::size_t i = 0; i < k; ++i) {
    const bool defined = !std::isnan(point.first_order[i]) && bootstrap.resamples > 0;
    indices.first_order.push_back({point.first_order[i], defined ? quantile_ignoring_nan(first[i], tail) : kNaN,
                                   defined ? quantile_ignoring_nan(first[i], 1.0 - tail) : kNaN});
    indices.total.push_back({point.total[i], defined ? quantile_ignoring_nan(total[i], tail) : kNaN,
                             defined ? quantile_ignoring_nan(total[i], 1.0 - tail) : kNaN});
  }
  return indices;
}

}  // namespace rapport::analysis
