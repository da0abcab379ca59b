#include "analysis/sensitivity/design.hpp"

#include <boost/math/distributions/normal.hpp>
#include <boost/random/sobol.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

#include "sim/random.hpp"

namespace rapport::analysis {
namespace {

sim::Matrix empty_design(std::size_t points, std::size_t parameters) {
  return {points, parameters, std::vector<double>(points * parameters, 0.0)};
}

// Design columns become the 16-bit `day` field of a stream counter.
void require_columns_fit(std::size_t columns) {
  if (columns >= 65536) throw std::invalid_argument("a design supports at most 65535 columns");
}

// Fisher-Yates with counter-based draws: the permutation depends on the sequence only.
std::vector<std::size_t> random_permutation(std::size_t n, sim::DrawSequence& draws) {
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  for (std::size_t i = n; i > 1; --i) {
    const auto j = std::min(i - 1, static_cast<std::size_t>(draws.uniform() * static_cast<double>(i)));
    std::swap(order[i - 1], order[j]);
  }
  return order;
}

}  // namespace

std::string_view design_method_name(DesignMethod method) {
  switch (method) {
    case DesignMethod::kSobol: return "sobol";
    case DesignMethod::kMorris: return "morris";
    case DesignMethod::kLatinHypercube: return "lhs";
    case DesignMethod::kGrid: return "grid";
  }
  return "lhs";
}

std::string_view distribution_name(DistributionKind kind) {
  switch (kind) {
    case DistributionKind::kUniform: return "uniform";
    case DistributionKind::kLogUniform: return "log_uniform";
    case DistributionKind::kNormalTruncated: return "normal_truncated";
  }
  return "uniform";
}

UnitDesign saltelli_design(std::size_t parameters, std::size_t base_samples, std::uint64_t seed) {
  using SobolSequence = boost::random::sobol_engine<std::uint32_t, 32>;
  // Dimension d's shift is keyed by column d, which must fit a stream counter's 16-bit field.
  static_assert(boost::random::default_sobol_table::max_dimension < 65536);
  const std::size_t k = parameters, n = base_samples, dimensions = 2 * k;
  if (k == 0 || dimensions > boost::random::default_sobol_table::max_dimension) {
    throw std::invalid_argument("a Sobol design needs 1 to " +
                                std::to_string(boost::random::default_sobol_table::max_dimension / 2) + " parameters");
  }
  // Random digital shift rather than a Cranley-Patterson rotation: XOR with a uniform word
  // maps every dyadic interval onto another one, so the net structure of the sequence (one
  // point per [i/N, (i+1)/N) in every column when N is a power of two) survives exactly, each
  // point is still uniform on its own, and integer coordinates become (w + 1/2) 2^-32, never
  // 0 or 1 (the inverse normal CDF needs the open interval).
  const sim::RandomStreams streams(seed, 0);
  std::vector<std::uint32_t> shift(dimensions);
  for (std::size_t d = 0; d < dimensions; ++d) {
    shift[d] = streams.block(0, static_cast<std::uint32_t>(d), sim::Event::kDesign)[0];
  }
  UnitDesign design{DesignMethod::kSobol, empty_design(n * (k + 2), k), n, 0, 0};
  auto& x = design.unit;
  SobolSequence sequence(dimensions);
  // Row 0 is the sequence's origin, which Boost never emits. Keeping it, rather than skipping
  // it as unrandomised designs must, keeps the first 2^m points a net (Owen 2022); the shift
  // has already moved it off the corner.
  std::vector<std::uint32_t> point(dimensions, 0);
  for (std::size_t row = 0; row < n; ++row) {
    if (row > 0) sequence.generate(point.begin(), point.end());
    for (std::size_t j = 0; j < k; ++j) {
      const double a = sim::RandomStreams::to_unit(point[j] ^ shift[j]);
      const double b = sim::RandomStreams::to_unit(point[k + j] ^ shift[k + j]);
      x.values[row * k + j] = a;
      x.values[(n + row) * k + j] = b;
      for (std::size_t i = 0; i < k; ++i) x.values[((2 + i) * n + row) * k + j] = i == j ? b : a;
    }
  }
  return design;
}

UnitDesign morris_design(std::size_t parameters, std::size_t trajectories, std::size_t levels, std::uint64_t seed) {
  if (levels < 2 || levels % 2 != 0) throw std::invalid_argument("Morris levels must be even and at least 2");
  const sim::RandomStreams streams(seed, 0);
  const std::size_t k = parameters;
  UnitDesign design{DesignMethod::kMorris, empty_design(trajectories * (k + 1), k), 0, trajectories, levels};
  const double spacing = 1.0 / static_cast<double>(levels - 1);
  const std::size_t half = levels / 2;  // a step moves half the levels: delta = levels / (2 (levels - 1))
  for (std::size_t t = 0; t < trajectories; ++t) {
    sim::DrawSequence draws(streams, static_cast<std::uint32_t>(t), 0, sim::Event::kDesign);
    std::vector<std::size_t> level(k);
    for (auto& l : level) l = std::min(levels - 1, static_cast<std::size_t>(draws.uniform() * static_cast<double>(levels)));
    const auto order = random_permutation(k, draws);
    const std::size_t first_row = t * (k + 1);
    for (std::size_t j = 0; j < k; ++j) design.unit.values[first_row * k + j] = static_cast<double>(level[j]) * spacing;
    for (std::size_t step = 0; step < k; ++step) {
      const std::size_t moved = order[step];
      level[moved] = level[moved] < half ? level[moved] + half : level[moved] - half;
      const std::size_t row = first_row + step + 1;
      for (std::size_t j = 0; j < k; ++j) design.unit.values[row * k + j] = static_cast<double>(level[j]) * spacing;
    }
  }
  return design;
}

UnitDesign latin_hypercube_design(std::size_t parameters, std::size_t points, std::uint64_t seed) {
  require_columns_fit(parameters);
  const sim::RandomStreams streams(seed, 0);
  UnitDesign design{DesignMethod::kLatinHypercube, empty_design(points, parameters), points, 0, 0};
  for (std::size_t j = 0; j < parameters; ++j) {
    // Index 1 of (0, column) holds the permutation's draws; index 0 of (row, column) the jitter.
    sim::DrawSequence draws(streams, 0, static_cast<std::uint32_t>(j), sim::Event::kDesign, 1);
    const auto stratum = random_permutation(points, draws);
    for (std::size_t row = 0; row < points; ++row) {
      const double jitter = streams.uniform(static_cast<std::uint32_t>(row), static_cast<std::uint32_t>(j),
                                            sim::Event::kDesign);
      design.unit.values[row * parameters + j] =
          (static_cast<double>(stratum[row]) + jitter) / static_cast<double>(points);
    }
  }
  return design;
}

UnitDesign grid_design(std::size_t parameters, std::size_t levels) {
  if (levels < 2) throw std::invalid_argument("a grid needs at least 2 levels per parameter");
  std::size_t points = 1;
  for (std::size_t j = 0; j < parameters; ++j) points *= levels;
  UnitDesign design{DesignMethod::kGrid, empty_design(points, parameters), levels, 0, levels};
  for (std::size_t row = 0; row < points; ++row) {
    std::size_t rest = row;
    for (std::size_t j = parameters; j-- > 0;) {
      design.unit.values[row * parameters + j] = static_cast<double>(rest % levels) / static_cast<double>(levels - 1);
      rest /= levels;
    }
  }
  return design;
}

double Distribution::value_at(double unit) const {
  const double u = std::clamp(unit, 0.0, 1.0);
  double x = low;
  switch (kind) {
    case DistributionKind::kUniform:
      x = low + u * (high - low);
      break;
    case DistributionKind::kLogUniform:
      x = std::exp(std::log(low) + u * (std::log(high) - std::log(low)));
      break;
    case DistributionKind::kNormalTruncated: {
      if (u <= 0.0) return low;
      if (u >= 1.0) return high;
      const boost::math::normal standard;
      const double p_low = boost::math::cdf(standard, (low - mean) / sd);
      const double p_high = boost::math::cdf(standard, (high - mean) / sd);
      const double p = std::clamp(p_low + u * (p_high - p_low), 1e-300, 1.0 - 1e-16);
      x = mean + sd * boost::math::quantile(standard, p);
      break;
    }
  }
  // Rounding in exp/log or the quantile must never leave the declared support.
  return std::clamp(x, low, high);
}

}  // namespace rapport::analysis
