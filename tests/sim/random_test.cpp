// Counter-based streams: pure functions of their key, independent across key
// fields, uniform on (0,1); the Poisson and geometric helpers match their laws.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <set>
#include <vector>

#include "sim/random.hpp"

namespace rapport::sim {
namespace {

// Any identifiers will do: sim/ knows no model events.
constexpr Event kStreamA{4}, kStreamB{5}, kStreamC{6}, kStreamD{7}, kStreamE{8}, kStreamF{9}, kStreamG{10};

TEST(RandomStreams, SameKeyGivesSameBlock) {
  const RandomStreams a(12345, 3);
  const RandomStreams b(12345, 3);
  for (std::uint32_t agent = 0; agent < 50; ++agent) {
    EXPECT_EQ(a.block(agent, 7, kStreamA, 2), b.block(agent, 7, kStreamA, 2));
    EXPECT_EQ(a.uniform(agent, 7, kStreamA, 2), b.uniform(agent, 7, kStreamA, 2));
  }
}

TEST(RandomStreams, EveryKeyFieldChangesTheDraw) {
  const RandomStreams s(99, 0);
  const auto base = s.block(10, 20, kStreamD, 3);
  EXPECT_NE(base, s.block(11, 20, kStreamD, 3));
  EXPECT_NE(base, s.block(10, 21, kStreamD, 3));
  EXPECT_NE(base, s.block(10, 20, kStreamG, 3));
  EXPECT_NE(base, s.block(10, 20, kStreamD, 4));
  EXPECT_NE(base, RandomStreams(99, 1).block(10, 20, kStreamD, 3));
  EXPECT_NE(base, RandomStreams(100, 0).block(10, 20, kStreamD, 3));
  // The high half of a 64-bit seed is part of the key too.
  EXPECT_NE(base, RandomStreams(99 + (std::uint64_t{1} << 32), 0).block(10, 20, kStreamD, 3));
}

// The batched blocks are block()'s words for each agent, in every build of the kernel this
// machine runs, including agent numbers that wrap past 2^32 - 1 and 64-bit seeds.
TEST(RandomStreams, BatchedBlocksAreTheBlocksOfEachAgent) {
  for (const Isa isa : {Isa::kBaseline, Isa::kAvx2, Isa::kAvx512}) {
    if (isa > best_isa()) continue;
    for (const std::uint64_t seed : {std::uint64_t{0}, std::uint64_t{12345}, std::uint64_t{0xfedcba9876543210}}) {
      const RandomStreams s(seed, 7);
      for (const std::uint32_t first : {0u, 5u, 1000003u, 0xfffffff8u}) {
        for (const std::uint32_t day : {0u, 364u, 65535u}) {
          const auto batch = s.blocks(first, day, kStreamE, 3, isa);
          for (std::uint32_t a = 0; a < RandomStreams::kBatchAgents; ++a) {
            const auto block = s.block(first + a, day, kStreamE, 3);
            for (std::size_t k = 0; k < 4; ++k) {
              ASSERT_EQ(batch[k][a], block[k]) << "isa " << static_cast<int>(isa) << " agent " << first + a;
            }
          }
        }
      }
    }
  }
}

// The blocks of agents anywhere (the patients with an event today) are block()'s words for
// each of the first count lanes, in every build this machine runs, for partial batches too.
TEST(RandomStreams, BlocksOfGivenAgentsAreTheBlocksOfEachAgent) {
  const std::uint32_t agents[RandomStreams::kBatchAgents] = {
      7, 3, 999'999, 1'000'003, 0xffffffffu, 0, 12, 12, 40'000, 5, 77, 2'000'000, 65'536, 0x80000000u, 1, 31};
  for (const Isa isa : {Isa::kBaseline, Isa::kAvx2, Isa::kAvx512}) {
    if (isa > best_isa()) continue;
    const RandomStreams s(0xfedcba9876543210, 3);
    for (const std::size_t count : {std::size_t{1}, std::size_t{5}, std::size_t{15}, RandomStreams::kBatchAgents}) {
      const auto batch = s.blocks_of(agents, count, 364, kStreamE, 0, isa);
      for (std::size_t a = 0; a < count; ++a) {
        const auto block = s.block(agents[a], 364, kStreamE, 0);
        for (std::size_t k = 0; k < 4; ++k) {
          ASSERT_EQ(batch[k][a], block[k]) << "isa " << static_cast<int>(isa) << " count " << count << " lane " << a;
        }
      }
    }
  }
}

TEST(RandomStreams, KeepsSeedAndReplicate) {
  const std::uint64_t seed = 0x0123456789abcdefull;
  const RandomStreams s(seed, 17);
  EXPECT_EQ(s.seed(), seed);
  EXPECT_EQ(s.replicate(), 17u);
}

TEST(RandomStreams, NeighbouringKeysGiveDistinctWords) {
  // 4 fields x a small grid: no collisions among 32-bit words would be expected by chance
  // (birthday bound ~ n^2 / 2^33 for n = 8000 is < 0.01).
  const RandomStreams s(1, 0);
  std::set<std::uint32_t> words;
  std::size_t n = 0;
  for (std::uint32_t agent = 0; agent < 20; ++agent)
    for (std::uint32_t day = 0; day < 20; ++day)
      for (auto event : {kStreamA, kStreamB, kStreamC, kStreamD, kStreamE})
        for (std::uint32_t index = 0; index < 4; ++index) {
          words.insert(s.block(agent, day, event, index)[0]);
          ++n;
        }
  EXPECT_EQ(words.size(), n);
}

TEST(RandomStreams, UniformStaysInsideOpenUnitInterval) {
  EXPECT_GT(RandomStreams::to_unit(0), 0.0);
  EXPECT_LT(RandomStreams::to_unit(0xffffffffu), 1.0);
  const RandomStreams s(7, 0);
  for (std::uint32_t agent = 0; agent < 10000; ++agent) {
    const double u = s.uniform(agent, 0, kStreamA);
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
  }
}

TEST(RandomStreams, UniformHasMeanHalfAndVarianceOneTwelfth) {
  const RandomStreams s(2024, 1);
  const int n = 400000;
  double sum = 0, sq = 0;
  for (int i = 0; i < n; ++i) {
    const double u = s.uniform(static_cast<std::uint32_t>(i), 5, kStreamB);
    sum += u;
    sq += u * u;
  }
  const double mean = sum / n;
  const double var = sq / n - mean * mean;
  const double se_mean = std::sqrt(1.0 / 12.0 / n);
  EXPECT_NEAR(mean, 0.5, 5 * se_mean);
  EXPECT_NEAR(var, 1.0 / 12.0, 0.002);
}

TEST(RandomStreams, DrawsOfDifferentEventsAreUncorrelated) {
  const RandomStreams s(31337, 0);
  const int n = 200000;
  double sx = 0, sy = 0, sxy = 0, sxx = 0, syy = 0;
  for (int i = 0; i < n; ++i) {
    const auto agent = static_cast<std::uint32_t>(i);
    const double x = s.uniform(agent, 3, kStreamA);
    const double y = s.uniform(agent, 3, kStreamB);
    sx += x; sy += y; sxy += x * y; sxx += x * x; syy += y * y;
  }
  const double cov = sxy / n - (sx / n) * (sy / n);
  const double corr = cov / std::sqrt((sxx / n - (sx / n) * (sx / n)) * (syy / n - (sy / n) * (sy / n)));
  EXPECT_NEAR(corr, 0.0, 5.0 / std::sqrt(n));
}

TEST(DrawSequence, WalksTheBlocksOfOneKeyInOrder) {
  const RandomStreams s(5, 2);
  DrawSequence draws(s, 8, 9, kStreamF);
  for (std::uint32_t index = 0; index < 3; ++index) {
    const auto block = s.block(8, 9, kStreamF, index);
    for (int lane = 0; lane < 4; ++lane) EXPECT_EQ(draws(), block[lane]);
  }
  DrawSequence again(s, 8, 9, kStreamF);
  EXPECT_EQ(again.uniform(), RandomStreams::to_unit(s.block(8, 9, kStreamF, 0)[0]));
}

// Fraction of an equally spaced grid of u mapped to each count: the exact law
// of the inversion up to the grid spacing.
std::vector<double> poisson_frequencies(double rate, int grid, int k_max) {
  std::vector<double> freq(static_cast<std::size_t>(k_max + 1), 0.0);
  for (int j = 0; j < grid; ++j) {
    const int k = poisson_from_uniform(rate, (j + 0.5) / grid);
    if (k <= k_max) freq[static_cast<std::size_t>(k)] += 1.0 / grid;
  }
  return freq;
}

class PoissonInversion : public ::testing::TestWithParam<double> {};

TEST_P(PoissonInversion, MatchesThePoissonPmf) {
  const double rate = GetParam();
  const int grid = 200000;
  const int k_max = 40;
  const auto freq = poisson_frequencies(rate, grid, k_max);
  double pmf = std::exp(-rate);
  for (int k = 0; k <= k_max; ++k) {
    EXPECT_NEAR(freq[static_cast<std::size_t>(k)], pmf, 2.0 / grid) << "k = " << k << ", rate = " << rate;
    pmf *= rate / (k + 1);
  }
}

TEST_P(PoissonInversion, MeanAndVarianceEqualTheRate) {
  const double rate = GetParam();
  const RandomStreams s(77, 0);
  const int n = 200000;
  double sum = 0, sq = 0;
  for (int i = 0; i < n; ++i) {
    const int k = poisson_from_uniform(rate, s.uniform(static_cast<std::uint32_t>(i), 0, kStreamD));
    sum += k;
    sq += static_cast<double>(k) * k;
  }
  const double mean = sum / n;
  const double var = sq / n - mean * mean;
  EXPECT_NEAR(mean, rate, 5 * std::sqrt(rate / n));
  EXPECT_NEAR(var, rate, 0.02 * rate + 5 * std::sqrt(2.0 * rate * rate / n) + 1e-3);
}

INSTANTIATE_TEST_SUITE_P(Rates, PoissonInversion, ::testing::Values(0.05, 1.0, 3.5, 12.0));

TEST(PoissonAtLeastOne, NeverZeroAndHasTheTruncatedMean) {
  for (const double rate : {0.01, 0.5, 2.0}) {
    const int grid = 100000;
    double sum = 0;
    for (int j = 0; j < grid; ++j) {
      const int k = poisson_at_least_one(rate, (j + 0.5) / grid);
      ASSERT_GE(k, 1);
      sum += k;
    }
    EXPECT_NEAR(sum / grid, rate / (1 - std::exp(-rate)), 1e-3 * (1 + rate)) << "rate = " << rate;
  }
}

TEST(DaysUntilNextEvent, IsGeometricWithDailyEventProbability) {
  const double rate = 0.1;
  const int grid = 100000;
  std::vector<double> survival(10, 0.0);  // P(gap >= g)
  for (int j = 0; j < grid; ++j) {
    const auto gap = days_until_next_event(rate, (j + 0.5) / grid);
    ASSERT_GE(gap, 0);
    for (std::size_t g = 0; g < survival.size(); ++g) survival[g] += (gap >= static_cast<std::int64_t>(g)) ? 1.0 / grid : 0.0;
  }
  for (std::size_t g = 0; g < survival.size(); ++g) {
    EXPECT_NEAR(survival[g], std::exp(-rate * static_cast<double>(g)), 2.0 / grid) << "g = " << g;
  }
  EXPECT_EQ(days_until_next_event(0.0, 0.5), INT32_MAX);
}

TEST(DailyProbability, IsOneMinusExpOfMinusRateAccurateForTinyRates) {
  EXPECT_EQ(daily_probability(0.0), 0.0);
  for (const double rate : {0.01, 1.0, 5.0}) {
    EXPECT_NEAR(daily_probability(rate), 1.0 - std::exp(-rate), 1e-15);
  }
  // For tiny rates the probability is rate - rate^2/2 to full relative precision.
  const double tiny = 1e-9;
  EXPECT_NEAR(daily_probability(tiny) / (tiny - tiny * tiny / 2), 1.0, 1e-15);
}

}  // namespace
}  // namespace rapport::sim
