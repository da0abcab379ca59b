// Approximate Bayesian computation, independent of the model: the simulator is a
// callback from parameter values (and a seed) to summary statistics, so the same
// algorithms are tested on toy problems with known posteriors and run on the ABM.
// Algorithms, distance and reproducibility: docs/CALIBRATION.md.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sim/matrix.hpp"

namespace rapport::analysis::calibration {

// Uniform or log-uniform on [low, high]. ABC works in "internal" coordinates, where
// both are uniform on a box: the identity for uniform, the logarithm for log-uniform.
struct Prior {
  enum class Kind { kUniform, kLogUniform };
  Kind kind = Kind::kUniform;
  double low = 0.0;
  double high = 1.0;

  [[nodiscard]] double to_internal(double value) const;
  [[nodiscard]] double from_internal(double internal) const;
  [[nodiscard]] double internal_low() const { return to_internal(low); }
  [[nodiscard]] double internal_high() const { return to_internal(high); }
};
std::string_view prior_kind_name(Prior::Kind kind);

enum class Method { kRejection, kSmc };
std::string_view method_name(Method method);

struct Settings {
  Method method = Method::kRejection;
  // Rejection: proposals drawn from the prior. SMC: particles kept per generation.
  std::size_t samples = 1000;
  // Share of proposals kept: rejection keeps the best `accept` of them; SMC keeps the
  // best samples of samples/accept prior draws in generation 0, and each later
  // generation's threshold is the `accept` quantile of the previous one's distances.
  double accept = 0.1;
  // Rejection only: keep every proposal within this distance instead of a quantile.
  std::optional<double> epsilon;
  std::size_t generations = 1;  // SMC only
  std::uint64_t seed = 1;
  // SMC: a generation that needs more than this many proposals per particle stops the
  // run; the last complete generation is the result (Result::stopped_early).
  std::size_t max_proposals_per_particle = 100;
};

// Statistics for `parameters` (natural, not internal, coordinates). `seed` is the
// proposal's own seed: a simulator must draw all its randomness from it, so that a
// calibration is reproducible whatever the thread count.
using Simulator = std::function<std::vector<double>(const std::vector<double>& parameters, std::uint64_t seed)>;

struct Problem {
  std::vector<Prior> priors;
  std::vector<double> targets;
  std::vector<double> scales;  // distance divisor per target, > 0
  Simulator simulate;
};

// sqrt( sum_i ((simulated_i - target_i) / scale_i)^2 ); infinite for non-finite statistics.
double normalised_distance(const std::vector<double>& simulated, const std::vector<double>& targets,
                           const std::vector<double>& scales);

struct GenerationRecord {
  double epsilon = 0.0;     // acceptance threshold of the generation
  std::size_t proposed = 0;  // simulations run
  std::size_t accepted = 0;
};

struct Result {
  // Every simulated proposal in order (generation, then index): values [n, p],
  // its generation, distance and statistics [n, k].
  sim::Matrix proposals;
  std::vector<std::int64_t> proposal_generation;
  std::vector<double> distances;
  sim::Matrix statistics;
  // The final population: values [m, p], weights summing to 1, distances, statistics [m, k].
  sim::Matrix accepted;
  std::vector<double> weights;
  std::vector<double> accepted_distances;
  sim::Matrix accepted_statistics;
  std::vector<GenerationRecord> generations;  // complete generations only
  bool stopped_early = false;                 // SMC proposal budget exhausted
};

// Observes progress; both may be empty. on_batch is called before each parallel batch
// of simulations with (generation, batch size); on_simulated after each simulation,
// from worker threads.
struct Observer {
  std::function<void(std::size_t generation, std::size_t batch_size)> on_batch;
  std::function<void()> on_simulated;
};

// Runs the chosen algorithm. Simulations of a batch run in parallel with TBB; the
// result is bit-identical for any thread count. Throws std::invalid_argument on
// inconsistent sizes or settings, and std::runtime_error when rejection keeps nothing.
Result run_abc(const Problem& problem, const Settings& settings, const Observer& observer = {});

// Weighted posterior summary per parameter (natural coordinates). Quantiles are the
// smallest sample whose cumulative weight reaches the probability.
struct ParameterSummary {
  double mean = 0.0, sd = 0.0, q025 = 0.0, median = 0.0, q975 = 0.0;
};
std::vector<ParameterSummary> summarize_posterior(const sim::Matrix& accepted, const std::vector<double>& weights);

}  // namespace rapport::analysis::calibration
