// Counter-based random streams: every draw is a pure function of
// (seed, replicate, agent, day, event, index), so results never depend on
// thread count or on the order in which agents are processed.
#pragma once

#include <Random123/philox.h>

#include "sim/instruction_set.hpp"

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace rapport::sim {

// Identifies one kind of random decision. Each kind has its own stream, so a new kind
// never reshuffles the draws of existing ones (common random numbers). Every identifier is
// a fixed number, never renumbered or reused: the model declares its events
// (models/random_events.hpp) below 100 and away from the numbers here.
enum class Event : std::uint16_t {
  // Not model events: sweep designs (agent = design row, day = column) and bootstrap resamples.
  kDesign = 13,
  kBootstrap = 14,
  // ABC proposals (agent = proposal index, replicate = generation).
  kCalibration = 100,
  // Probabilistic sensitivity analysis draws (agent = draw, index = parameter); fixed like kCalibration.
  kDecision = 101,
};

class RandomStreams {
 public:
  using Block = std::array<std::uint32_t, 4>;

  RandomStreams(std::uint64_t seed, std::uint32_t replicate)
      : key_{{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}},
        replicate_(replicate) {}

  // Four independent 32-bit words for (agent, day, event, index).
  [[nodiscard]] Block block(std::uint32_t agent, std::uint32_t day, Event event,
                            std::uint32_t index = 0) const {
    const r123::Philox4x32::ctr_type counter{
        {agent, (day << 16) | static_cast<std::uint32_t>(event), replicate_, index}};
    const auto out = r123::Philox4x32{}(counter, key_);
    return {out[0], out[1], out[2], out[3]};
  }

  // The blocks of kBatchAgents consecutive agents from first_agent for one (day, event, index):
  // batch[k][a] == block(first_agent + a, day, event, index)[k], computed in vector lanes
  // with the given instruction set (AVX-512 about five times faster than block() per agent),
  // for passes that draw for every agent.
  static constexpr std::size_t kBatchAgents = 16;
  using BlockBatch = std::array<std::array<std::uint32_t, kBatchAgents>, 4>;
  [[nodiscard]] BlockBatch blocks(std::uint32_t first_agent, std::uint32_t day, Event event, std::uint32_t index,
                                  Isa isa) const;
  // The same for count <= kBatchAgents agents anywhere, e.g. the patients with an event today:
  // batch[k][a] == block(agents[a], day, event, index)[k] for a < count (later lanes are
  // unspecified).
  [[nodiscard]] BlockBatch blocks_of(const std::uint32_t* agents, std::size_t count, std::uint32_t day, Event event,
                                     std::uint32_t index, Isa isa) const;

  // Uniform double on the open interval (0, 1).
  [[nodiscard]] double uniform(std::uint32_t agent, std::uint32_t day, Event event,
                               std::uint32_t index = 0) const {
    return to_unit(block(agent, day, event, index)[0]);
  }

  [[nodiscard]] std::uint64_t seed() const {
    return static_cast<std::uint64_t>(key_[0]) | (static_cast<std::uint64_t>(key_[1]) << 32);
  }
  [[nodiscard]] std::uint32_t replicate() const { return replicate_; }

  static double to_unit(std::uint32_t word) { return (static_cast<double>(word) + 0.5) * 0x1p-32; }

 private:
  r123::Philox4x32::key_type key_;
  std::uint32_t replicate_;
};

// Sequential draws from one (agent, day, event) counter; used where a decision
// needs an unknown number of uniforms (Poisson counts, cascades, generators).
class DrawSequence {
 public:
  // first_index separates several sequences of one (agent, day, event), e.g. two breaches.
  DrawSequence(const RandomStreams& streams, std::uint32_t agent, std::uint32_t day, Event event,
               std::uint32_t first_index = 0)
      : streams_(&streams), agent_(agent), day_(day), event_(event), index_(first_index) {}

  double uniform() { return RandomStreams::to_unit((*this)()); }

  // UniformRandomBitGenerator interface, so standard and Boost algorithms can use it.
  using result_type = std::uint32_t;
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return 0xffffffffu; }
  result_type operator()() {
    if (lane_ == 4) {
      block_ = streams_->block(agent_, day_, event_, index_++);
      lane_ = 0;
    }
    return block_[lane_++];
  }

 private:
  const RandomStreams* streams_;
  std::uint32_t agent_;
  std::uint32_t day_;
  Event event_;
  std::uint32_t index_;
  std::uint32_t lane_ = 4;
  RandomStreams::Block block_{};
};

// Poisson count by inversion; rates in this model are small, so the loop is short.
// p_zero = exp(-rate), passed by callers that already have it.
inline int poisson_from_uniform(double rate, double u, double p_zero) {
  double p = p_zero;
  double cumulative = p;
  int k = 0;
  while (u > cumulative && k < 64) {
    ++k;
    p *= rate / k;
    cumulative += p;
  }
  return k;
}

inline int poisson_from_uniform(double rate, double u) { return poisson_from_uniform(rate, u, std::exp(-rate)); }

// Days until the next day with at least one event of a Poisson process with a
// constant daily rate: floor(Exp(rate)), i.e. geometric with p = 1 - exp(-rate).
inline std::int64_t days_until_next_event(double rate_per_day, double u) {
  if (rate_per_day <= 0) return INT32_MAX;
  const double gap = std::floor(-std::log(u) / rate_per_day);
  return gap > static_cast<double>(INT32_MAX) ? INT32_MAX : static_cast<std::int64_t>(gap);
}

// Poisson count conditioned on being at least 1, by inversion of the truncated law.
inline int poisson_at_least_one(double rate, double u, double p_zero) {
  return poisson_from_uniform(rate, p_zero + u * (1.0 - p_zero), p_zero);
}

inline int poisson_at_least_one(double rate, double u) { return poisson_at_least_one(rate, u, std::exp(-rate)); }

// Probability of at least one event in a day at the given daily rate.
inline double daily_probability(double rate_per_day) { return -std::expm1(-rate_per_day); }

}  // namespace rapport::sim
