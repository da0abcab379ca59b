#include "analysis/decision/parameter_distribution.hpp"

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <boost/math/distributions/uniform.hpp>

#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

#include "sim/random.hpp"

namespace rapport::analysis {
namespace {

void require(bool condition, const std::string& message) {
  if (!condition) throw std::invalid_argument(message);
}

bool positive_finite(double value) { return std::isfinite(value) && value > 0.0; }

}  // namespace

std::string_view parameter_distribution_name(ParameterDistributionKind kind) {
  switch (kind) {
    case ParameterDistributionKind::kBeta: return "beta";
    case ParameterDistributionKind::kGamma: return "gamma";
    case ParameterDistributionKind::kLogNormal: return "log_normal";
    case ParameterDistributionKind::kUniform: return "uniform";
    case ParameterDistributionKind::kTriangular: return "triangular";
  }
  return "uniform";
}

ParameterDistribution::ParameterDistribution(ParameterDistributionKind kind, std::vector<double> parameters)
    : kind_(kind), parameters_(std::move(parameters)) {}

ParameterDistribution ParameterDistribution::beta(double alpha, double beta, double low, double high) {
  require(positive_finite(alpha) && positive_finite(beta), "beta: alpha and beta must be positive");
  require(std::isfinite(low) && std::isfinite(high) && low < high, "beta: low must be below high");
  return {ParameterDistributionKind::kBeta, {alpha, beta, low, high}};
}

ParameterDistribution ParameterDistribution::beta_from_moments(double mean, double sd, double low, double high) {
  require(std::isfinite(low) && std::isfinite(high) && low < high, "beta: low must be below high");
  require(mean > low && mean < high, "beta: the mean must lie strictly between low and high");
  const double width = high - low;
  const double m = (mean - low) / width;
  const double v = (sd / width) * (sd / width);
  require(positive_finite(sd) && v < m * (1.0 - m),
          "beta: sd must be positive and below sqrt((mean - low) (high - mean))");
  const double common = m * (1.0 - m) / v - 1.0;
  return beta(m * common, (1.0 - m) * common, low, high);
}

ParameterDistribution ParameterDistribution::gamma(double shape, double scale) {
  require(positive_finite(shape) && positive_finite(scale), "gamma: shape and scale must be positive");
  return {ParameterDistributionKind::kGamma, {shape, scale}};
}

ParameterDistribution ParameterDistribution::gamma_from_moments(double mean, double sd) {
  require(positive_finite(mean) && positive_finite(sd), "gamma: mean and sd must be positive");
  return gamma((mean * mean) / (sd * sd), (sd * sd) / mean);
}

ParameterDistribution ParameterDistribution::log_normal(double mu, double sigma) {
  require(std::isfinite(mu) && positive_finite(sigma), "log_normal: sigma must be positive");
  return {ParameterDistributionKind::kLogNormal, {mu, sigma}};
}

ParameterDistribution ParameterDistribution::log_normal_from_moments(double mean, double sd) {
  require(positive_finite(mean) && positive_finite(sd), "log_normal: mean and sd must be positive");
  const double sigma_squared = std::log1p((sd * sd) / (mean * mean));
  return log_normal(std::log(mean) - sigma_squared / 2.0, std::sqrt(sigma_squared));
}

ParameterDistribution ParameterDistribution::uniform(double low, double high) {
  require(std::isfinite(low) && std::isfinite(high) && low < high, "uniform: low must be below high");
  return {ParameterDistributionKind::kUniform, {low, high}};
}

ParameterDistribution ParameterDistribution::triangular(double low, double mode, double high) {
  require(std::isfinite(low) && std::isfinite(high) && low < high, "triangular: low must be below high");
  require(mode >= low && mode <= high, "triangular: the mode must lie in [low, high]");
  return {ParameterDistributionKind::kTriangular, {low, mode, high}};
}

double ParameterDistribution::mean() const {
  const auto& p = parameters_;
  switch (kind_) {
    case ParameterDistributionKind::kBeta: return p[2] + (p[3] - p[2]) * p[0] / (p[0] + p[1]);
    case ParameterDistributionKind::kGamma: return p[0] * p[1];
    case ParameterDistributionKind::kLogNormal: return std::exp(p[0] + p[1] * p[1] / 2.0);
    case ParameterDistributionKind::kUniform: return (p[0] + p[1]) / 2.0;
    case ParameterDistributionKind::kTriangular: return (p[0] + p[1] + p[2]) / 3.0;
  }
  return 0.0;
}

double ParameterDistribution::sd() const {
  const auto& p = parameters_;
  switch (kind_) {
    case ParameterDistributionKind::kBeta: {
      const double sum = p[0] + p[1];
      return (p[3] - p[2]) * std::sqrt(p[0] * p[1] / (sum * sum * (sum + 1.0)));
    }
    case ParameterDistributionKind::kGamma: return std::sqrt(p[0]) * p[1];
    case ParameterDistributionKind::kLogNormal: return mean() * std::sqrt(std::expm1(p[1] * p[1]));
    case ParameterDistributionKind::kUniform: return (p[1] - p[0]) / std::sqrt(12.0);
    case ParameterDistributionKind::kTriangular:
      return std::sqrt((p[0] * p[0] + p[1] * p[1] + p[2] * p[2] - p[0] * p[1] - p[0] * p[2] - p[1] * p[2]) / 18.0);
  }
  return 0.0;
}

double ParameterDistribution::quantile(double probability) const {
  namespace bm = boost::math;
  const auto& p = parameters_;
  switch (kind_) {
    case ParameterDistributionKind::kBeta:
      return p[2] + (p[3] - p[2]) * bm::quantile(bm::beta_distribution<>(p[0], p[1]), probability);
    case ParameterDistributionKind::kGamma:
      return bm::quantile(bm::gamma_distribution<>(p[0], p[1]), probability);
    case ParameterDistributionKind::kLogNormal:
      return bm::quantile(bm::lognormal_distribution<>(p[0], p[1]), probability);
    case ParameterDistributionKind::kUniform:
      return bm::quantile(bm::uniform_distribution<>(p[0], p[1]), probability);
    case ParameterDistributionKind::kTriangular:
      return bm::quantile(bm::triangular_distribution<>(p[0], p[1], p[2]), probability);
  }
  return 0.0;
}

std::vector<double> sample_parameters(const std::vector<ParameterDistribution>& distributions, std::size_t draws,
                                      std::uint64_t seed) {
  const sim::RandomStreams streams(seed, 0);
  const std::size_t k = distributions.size();
  std::vector<double> values(draws * k);
  for (std::size_t d = 0; d < draws; ++d) {
    for (std::size_t j = 0; j < k; ++j) {
      const double u = streams.uniform(static_cast<std::uint32_t>(d), 0, sim::Event::kDecision,
                                       static_cast<std::uint32_t>(j));
      values[d * k + j] = distributions[j].quantile(u);
    }
  }
  return values;
}

}  // namespace rapport::analysis
