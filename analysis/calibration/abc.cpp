#include "analysis/calibration/abc.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>
#include <stdexcept>

#include "sim/parallel.hpp"
#include "sim/random.hpp"

namespace rapport::analysis::calibration {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
// A perturbed particle outside the prior's box is redrawn (particle and kernel step
// together, so the proposal density stays the weighted kernel mixture restricted to
// the box). After this many misses the proposal falls back to its parent particle,
// which only a degenerate kernel far wider than the box can cause.
constexpr int kMaxKernelDraws = 10000;

// What one simulation produced, in internal coordinates.
struct Simulated {
  std::vector<double> internal;
  std::vector<double> statistics;
  double distance = kInfinity;
};

// A population of particles in internal coordinates.
struct Population {
  std::vector<std::vector<double>> internal;
  std::vector<double> weights;  // sum to 1
  std::vector<double> distances;
  std::vector<std::vector<double>> statistics;
};

// One counter-based stream per (generation, proposal): the draws of a proposal never
// depend on which thread handles it or on how many proposals came before it.
sim::DrawSequence proposal_stream(const sim::RandomStreams& streams, std::size_t index) {
  return sim::DrawSequence(streams, static_cast<std::uint32_t>(index), 0, sim::Event::kCalibration);
}

std::uint64_t simulation_seed(sim::DrawSequence& draws) {
  const std::uint64_t low = draws();
  return low | (static_cast<std::uint64_t>(draws()) << 32);
}

double standard_normal(sim::DrawSequence& draws) {
  const double radius = std::sqrt(-2.0 * std::log(draws.uniform()));
  return radius * std::cos(2.0 * std::numbers::pi * draws.uniform());
}

bool inside(const Problem& problem, const std::vector<double>& internal) {
  for (std::size_t i = 0; i < internal.size(); ++i) {
    if (internal[i] < problem.priors[i].internal_low() || internal[i] > problem.priors[i].internal_high()) return false;
  }
  return true;
}

std::vector<double> to_natural(const Problem& problem, const std::vector<double>& internal) {
  std::vector<double> natural(internal.size());
  for (std::size_t i = 0; i < internal.size(); ++i) natural[i] = problem.priors[i].from_internal(internal[i]);
  return natural;
}

// Draws a proposal (with `propose`, from its own stream) and simulates it, for every
// index of [first, first + count) in parallel; results are stored by index.
template <typename Propose>
std::vector<Simulated> simulate_batch(const Problem& problem, const sim::RandomStreams& streams, std::size_t first,
                                      std::size_t count, const Observer& observer, const Propose& propose) {
  std::vector<Simulated> batch(count);
  sim::parallel_for_index(count, [&](std::size_t i) {
    auto draws = proposal_stream(streams, first + i);
    const std::uint64_t seed = simulation_seed(draws);
    auto& out = batch[i];
    out.internal = propose(draws);
    out.statistics = problem.simulate(to_natural(problem, out.internal), seed);
    if (out.statistics.size() != problem.targets.size()) {
      throw std::invalid_argument("the simulator returned " + std::to_string(out.statistics.size()) +
                                  " statistics for " + std::to_string(problem.targets.size()) + " targets");
    }
    out.distance = normalised_distance(out.statistics, problem.targets, problem.scales);
    if (observer.on_simulated) observer.on_simulated();
  });
  return batch;
}

void record(const Problem& problem, const std::vector<Simulated>& batch, std::size_t generation, Result& result) {
  for (const auto& s : batch) {
    const auto natural = to_natural(problem, s.internal);
    result.proposals.values.insert(result.proposals.values.end(), natural.begin(), natural.end());
    result.proposals.rows += 1;
    result.statistics.values.insert(result.statistics.values.end(), s.statistics.begin(), s.statistics.end());
    result.statistics.rows += 1;
    result.proposal_generation.push_back(static_cast<std::int64_t>(generation));
    result.distances.push_back(s.distance);
  }
}

// The `keep` smallest distances (ties broken by index), returned in index order.
std::vector<std::size_t> best_indices(const std::vector<Simulated>& batch, std::size_t keep) {
  std::vector<std::size_t> order(batch.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return batch[a].distance < batch[b].distance; });
  order.resize(std::min(keep, order.size()));
  std::sort(order.begin(), order.end());
  return order;
}

Population population_of(const std::vector<Simulated>& batch, const std::vector<std::size_t>& indices) {
  Population p;
  for (const std::size_t i : indices) {
    p.internal.push_back(batch[i].internal);
    p.distances.push_back(batch[i].distance);
    p.statistics.push_back(batch[i].statistics);
  }
  p.weights.assign(indices.size(), 1.0 / static_cast<double>(indices.size()));
  return p;
}

// Generation 0: `count` draws from the prior, the best `keep` (or all within epsilon) kept.
Population sample_prior(const Problem& problem, const Settings& settings, std::size_t count, std::size_t keep,
                        const Observer& observer, Result& result) {
  const sim::RandomStreams streams(settings.seed, 0);
  if (observer.on_batch) observer.on_batch(0, count);
  const auto batch = simulate_batch(problem, streams, 0, count, observer, [&](sim::DrawSequence& draws) {
    std::vector<double> internal(problem.priors.size());
    for (std::size_t i = 0; i < internal.size(); ++i) {
      const auto& prior = problem.priors[i];
      internal[i] = prior.internal_low() + draws.uniform() * (prior.internal_high() - prior.internal_low());
    }
    return internal;
  });
  record(problem, batch, 0, result);

  std::vector<std::size_t> kept;
  double epsilon = 0.0;
  if (settings.epsilon) {
    epsilon = *settings.epsilon;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      if (batch[i].distance <= epsilon) kept.push_back(i);
    }
  } else {
    kept = best_indices(batch, keep);
    for (const std::size_t i : kept) epsilon = std::max(epsilon, batch[i].distance);
  }
  result.generations.push_back({epsilon, count, kept.size()});
  return population_of(batch, kept);
}

// Beaumont et al. (2009): a Gaussian kernel with twice the weighted covariance of the
// previous population, in internal coordinates.
struct Kernel {
  Eigen::MatrixXd cholesky;  // lower factor L of the covariance
};

Kernel make_kernel(const Problem& problem, const Population& previous) {
  const std::size_t p = problem.priors.size();
  Eigen::VectorXd mean = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(p));
  for (std::size_t j = 0; j < previous.internal.size(); ++j) {
    mean += previous.weights[j] * Eigen::Map<const Eigen::VectorXd>(previous.internal[j].data(), static_cast<Eigen::Index>(p));
  }
  Eigen::MatrixXd covariance = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(p), static_cast<Eigen::Index>(p));
  for (std::size_t j = 0; j < previous.internal.size(); ++j) {
    const Eigen::VectorXd centred =
        Eigen::Map<const Eigen::VectorXd>(previous.internal[j].data(), static_cast<Eigen::Index>(p)) - mean;
    covariance += previous.weights[j] * centred * centred.transpose();
  }
  covariance *= 2.0;
  // A population collapsed onto one point has no spread; a floor far below any prior
  // width keeps the factorisation defined without changing real kernels.
  for (std::size_t i = 0; i < p; ++i) {
    const double width = problem.priors[i].internal_high() - problem.priors[i].internal_low();
    covariance(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(i)) += 1e-12 * width * width;
  }
  return {covariance.llt().matrixL()};
}

std::size_t pick_particle(const std::vector<double>& cumulative_weights, double u) {
  const auto it = std::lower_bound(cumulative_weights.begin(), cumulative_weights.end(), u * cumulative_weights.back());
  return std::min(static_cast<std::size_t>(it - cumulative_weights.begin()), cumulative_weights.size() - 1);
}

// Importance weight pi(z) / sum_j w_j K(z | z_j); the prior is flat in internal
// coordinates and the kernel's normalising constant is common to all particles, so both
// cancel when the weights are normalised. Log-sum-exp keeps distant particles from underflowing.
double log_weight(const Population& previous, const Kernel& kernel, const std::vector<double>& z) {
  const auto p = static_cast<Eigen::Index>(z.size());
  const Eigen::Map<const Eigen::VectorXd> here(z.data(), p);
  std::vector<double> terms(previous.internal.size());
  double largest = -kInfinity;
  for (std::size_t j = 0; j < previous.internal.size(); ++j) {
    const Eigen::VectorXd difference = here - Eigen::Map<const Eigen::VectorXd>(previous.internal[j].data(), p);
    const Eigen::VectorXd standardised = kernel.cholesky.triangularView<Eigen::Lower>().solve(difference);
    terms[j] = std::log(previous.weights[j]) - 0.5 * standardised.squaredNorm();
    largest = std::max(largest, terms[j]);
  }
  double sum = 0.0;
  for (const double t : terms) sum += std::exp(t - largest);
  return -(largest + std::log(sum));
}

// One SMC generation at threshold epsilon: proposals in batches of `samples` until
// `samples` are accepted (the first ones in index order) or the budget runs out.
std::optional<Population> smc_generation(const Problem& problem, const Settings& settings, std::size_t generation,
                                         const Population& previous, double epsilon, const Observer& observer,
                                         Result& result) {
  const sim::RandomStreams streams(settings.seed, static_cast<std::uint32_t>(generation));
  const Kernel kernel = make_kernel(problem, previous);
  std::vector<double> cumulative(previous.weights.size());
  std::partial_sum(previous.weights.begin(), previous.weights.end(), cumulative.begin());
  const std::size_t p = problem.priors.size();
  const auto propose = [&](sim::DrawSequence& draws) {
    for (int attempt = 0; attempt < kMaxKernelDraws; ++attempt) {
      const auto& parent = previous.internal[pick_particle(cumulative, draws.uniform())];
      Eigen::VectorXd step(static_cast<Eigen::Index>(p));
      for (std::size_t i = 0; i < p; ++i) step(static_cast<Eigen::Index>(i)) = standard_normal(draws);
      const Eigen::VectorXd moved = kernel.cholesky * step;
      std::vector<double> z(p);
      for (std::size_t i = 0; i < p; ++i) z[i] = parent[i] + moved(static_cast<Eigen::Index>(i));
      if (inside(problem, z)) return z;
    }
    return previous.internal[pick_particle(cumulative, draws.uniform())];
  };

  Population next;
  std::size_t proposed = 0;
  const std::size_t budget = settings.max_proposals_per_particle * settings.samples;
  while (next.internal.size() < settings.samples) {
    if (proposed >= budget) return std::nullopt;
    const std::size_t count = std::min(settings.samples, budget - proposed);
    if (observer.on_batch) observer.on_batch(generation, count);
    const auto batch = simulate_batch(problem, streams, proposed, count, observer, propose);
    record(problem, batch, generation, result);
    proposed += count;
    for (const auto& s : batch) {
      if (s.distance > epsilon || next.internal.size() == settings.samples) continue;
      next.internal.push_back(s.internal);
      next.distances.push_back(s.distance);
      next.statistics.push_back(s.statistics);
    }
  }
  std::vector<double> log_weights(next.internal.size());
  double largest = -kInfinity;
  for (std::size_t i = 0; i < next.internal.size(); ++i) {
    log_weights[i] = log_weight(previous, kernel, next.internal[i]);
    largest = std::max(largest, log_weights[i]);
  }
  double total = 0.0;
  next.weights.resize(log_weights.size());
  for (std::size_t i = 0; i < log_weights.size(); ++i) total += next.weights[i] = std::exp(log_weights[i] - largest);
  for (auto& w : next.weights) w /= total;
  result.generations.push_back({epsilon, proposed, next.internal.size()});
  return next;
}

// The lower `q` quantile of a sample: the ceil(q n)-th smallest value.
double lower_quantile(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size())));
  return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

void check(const Problem& problem, const Settings& settings) {
  const auto fail = [](const std::string& what) { throw std::invalid_argument("ABC: " + what); };
  if (problem.priors.empty()) fail("no parameters to calibrate");
  if (problem.targets.empty()) fail("no targets");
  if (problem.scales.size() != problem.targets.size()) fail("one scale per target is needed");
  for (const double s : problem.scales) {
    if (!(s > 0.0) || !std::isfinite(s)) fail("every scale must be positive and finite");
  }
  for (const auto& prior : problem.priors) {
    if (!(prior.low < prior.high)) fail("a prior needs low < high");
    if (prior.kind == Prior::Kind::kLogUniform && !(prior.low > 0.0)) fail("a log-uniform prior needs low > 0");
  }
  if (!problem.simulate) fail("no simulator");
  if (settings.samples < 2) fail("at least 2 samples are needed");
  if (!(settings.accept > 0.0 && settings.accept <= 1.0)) fail("accept must be in (0, 1]");
  if (settings.method == Method::kSmc && settings.generations < 1) fail("SMC needs at least one generation");
  if (settings.method == Method::kSmc && settings.epsilon) fail("epsilon applies to rejection only");
}

}  // namespace

double Prior::to_internal(double value) const { return kind == Kind::kLogUniform ? std::log(value) : value; }
double Prior::from_internal(double internal) const {
  const double value = kind == Kind::kLogUniform ? std::exp(internal) : internal;
  // exp(log(x)) may miss a bound by an ulp; the natural value must stay inside the prior.
  return std::clamp(value, low, high);
}

std::string_view prior_kind_name(Prior::Kind kind) {
  return kind == Prior::Kind::kLogUniform ? "log_uniform" : "uniform";
}

std::string_view method_name(Method method) { return method == Method::kSmc ? "smc" : "rejection"; }

double normalised_distance(const std::vector<double>& simulated, const std::vector<double>& targets,
                           const std::vector<double>& scales) {
  double sum = 0.0;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    if (!std::isfinite(simulated[i])) return kInfinity;
    const double z = (simulated[i] - targets[i]) / scales[i];
    sum += z * z;
  }
  return std::sqrt(sum);
}

Result run_abc(const Problem& problem, const Settings& settings, const Observer& observer) {
  check(problem, settings);
  const std::size_t p = problem.priors.size();
  const std::size_t k = problem.targets.size();
  Result result;
  result.proposals.cols = p;
  result.statistics.cols = k;

  Population population;
  if (settings.method == Method::kRejection) {
    const auto keep = static_cast<std::size_t>(std::ceil(settings.accept * static_cast<double>(settings.samples)));
    population = sample_prior(problem, settings, settings.samples, keep, observer, result);
    if (population.internal.empty()) {
      throw std::runtime_error("no proposal came within epsilon = " + std::to_string(*settings.epsilon) +
                               " of the targets; raise epsilon or use an accept quantile");
    }
  } else {
    const auto first = static_cast<std::size_t>(std::ceil(static_cast<double>(settings.samples) / settings.accept));
    population = sample_prior(problem, settings, first, settings.samples, observer, result);
    for (std::size_t g = 1; g < settings.generations; ++g) {
      const double epsilon = lower_quantile(population.distances, settings.accept);
      auto next = smc_generation(problem, settings, g, population, epsilon, observer, result);
      if (!next) {
        result.stopped_early = true;
        break;
      }
      population = std::move(*next);
    }
  }

  result.accepted = {population.internal.size(), p, {}};
  result.accepted_statistics = {population.internal.size(), k, {}};
  for (std::size_t i = 0; i < population.internal.size(); ++i) {
    const auto natural = to_natural(problem, population.internal[i]);
    result.accepted.values.insert(result.accepted.values.end(), natural.begin(), natural.end());
    result.accepted_statistics.values.insert(result.accepted_statistics.values.end(),
                                             population.statistics[i].begin(), population.statistics[i].end());
  }
  result.weights = population.weights;
  result.accepted_distances = population.distances;
  return result;
}

std::vector<ParameterSummary> summarize_posterior(const sim::Matrix& accepted, const std::vector<double>& weights) {
  std::vector<ParameterSummary> summaries(accepted.cols);
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  double sum_of_squares = 0.0;
  for (const double w : weights) sum_of_squares += (w / total) * (w / total);
  for (std::size_t c = 0; c < accepted.cols; ++c) {
    auto& s = summaries[c];
    for (std::size_t r = 0; r < accepted.rows; ++r) s.mean += weights[r] / total * accepted.at(r, c);
    double centred = 0.0;
    for (std::size_t r = 0; r < accepted.rows; ++r) {
      centred += weights[r] / total * (accepted.at(r, c) - s.mean) * (accepted.at(r, c) - s.mean);
    }
    // Reliability-weights correction; with equal weights this is the usual n - 1 divisor.
    s.sd = sum_of_squares < 1.0 ? std::sqrt(centred / (1.0 - sum_of_squares)) : std::numeric_limits<double>::quiet_NaN();

    std::vector<std::size_t> order(accepted.rows);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return accepted.at(a, c) < accepted.at(b, c); });
    const auto quantile = [&](double q) {
      double cumulative = 0.0;
      for (const std::size_t r : order) {
        cumulative += weights[r] / total;
        // The tolerance absorbs rounding in the running sum of weights.
        if (cumulative >= q - 1e-12) return accepted.at(r, c);
      }
      return accepted.at(order.back(), c);
    };
    s.q025 = quantile(0.025);
    s.median = quantile(0.5);
    s.q975 = quantile(0.975);
  }
  return summaries;
}

}  // namespace rapport::analysis::calibration
