// Distributions of uncertain parameters in a probabilistic sensitivity analysis (PSA):
// beta, gamma, log-normal, uniform and triangular, given by their natural parameters or by
// a mean and standard deviation (method of moments). Draws are inverse-CDF transforms of
// counter-based uniforms keyed by (seed, draw, parameter), so draw d of parameter j is the
// same whatever the number of draws, parameters after j, or threads. Method: docs/DECISION.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace rapport::analysis {

enum class ParameterDistributionKind { kBeta, kGamma, kLogNormal, kUniform, kTriangular };

std::string_view parameter_distribution_name(ParameterDistributionKind kind);  // "beta", "gamma", ...

class ParameterDistribution {
 public:
  // Beta(alpha, beta) rescaled from [0, 1] to [low, high] (the four-parameter beta).
  static ParameterDistribution beta(double alpha, double beta, double low = 0.0, double high = 1.0);
  // Mean and sd on the [low, high] scale; needs sd^2 < (mean - low)(high - mean).
  static ParameterDistribution beta_from_moments(double mean, double sd, double low = 0.0, double high = 1.0);
  static ParameterDistribution gamma(double shape, double scale);
  static ParameterDistribution gamma_from_moments(double mean, double sd);
  // Parameters of the underlying normal: log X ~ N(mu, sigma^2).
  static ParameterDistribution log_normal(double mu, double sigma);
  static ParameterDistribution log_normal_from_moments(double mean, double sd);
  static ParameterDistribution uniform(double low, double high);
  static ParameterDistribution triangular(double low, double mode, double high);

  [[nodiscard]] ParameterDistributionKind kind() const { return kind_; }
  // Natural parameters: beta (alpha, beta, low, high), gamma (shape, scale), log-normal
  // (mu, sigma), uniform (low, high), triangular (low, mode, high).
  [[nodiscard]] const std::vector<double>& parameters() const { return parameters_; }
  [[nodiscard]] double mean() const;
  [[nodiscard]] double sd() const;
  [[nodiscard]] double quantile(double probability) const;

 private:
  ParameterDistribution(ParameterDistributionKind kind, std::vector<double> parameters);
  ParameterDistributionKind kind_;
  std::vector<double> parameters_;
};

// [draws, parameters] row-major: row d holds draw d of every parameter.
std::vector<double> sample_parameters(const std::vector<ParameterDistribution>& distributions, std::size_t draws,
                                      std::uint64_t seed);

}  // namespace rapport::analysis
