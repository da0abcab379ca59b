// The daily trust/exposure/adherence pass: the float logistic against the double
// closed form, the pass against a scalar reference, the AVX2 and AVX-512 builds against
// the baseline build bit for bit, and the link and flag counts of large panels.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "models/daily_relaxation.hpp"
#include "models/mechanisms.hpp"
#include "sim/random.hpp"
#include "tests/models/scenario_helpers.hpp"
#include "models/random_events.hpp"

namespace rapport::models {
namespace {

TEST(LogisticFloat, MatchesTheDoubleLogistic) {
  for (double z = -30.0; z <= 30.0; z += 1.0 / 1024) {
    const auto x = static_cast<float>(z);
    const double exact = 1.0 / (1.0 + std::exp(-static_cast<double>(x)));
    EXPECT_NEAR(logistic_float(x), exact, 1e-6 * exact) << z;
  }
  EXPECT_NEAR(logistic_float(-87.0f), std::exp(-87.0), 1e-6 * std::exp(-87.0));
  EXPECT_EQ(logistic_float(87.0f), 1.0f);
}

// A panel of 1,003 patients (not a multiple of the lane count) with varied state: flags
// (chronic status and belief among them) from bits 8-15 of a word, the propensity from its top bits.
Patients random_patients(std::size_t n) {
  Patients patients;
  patients.resize(n);
  const sim::RandomStreams streams(7, 0);
  for (std::uint32_t i = 0; i < n; ++i) {
    const auto u = streams.block(i, 0, event::kPopulation);
    patients.trust[i] = static_cast<float>(sim::RandomStreams::to_unit(u[0]));
    patients.baseline_trust[i] = static_cast<float>(sim::RandomStreams::to_unit(u[1]));
    patients.exposure[i] = u[2] % 3 == 0 ? 0.0f : static_cast<float>(sim::RandomStreams::to_unit(u[2]));
    patients.link[i] = static_cast<Link>(u[3] % 6);
    const auto flags = static_cast<std::uint8_t>(u[3] >> 8);
    // The two belief bits are never set together (models/world.hpp).
    patients.flags[i] = (flags & kMisinformed) != 0 ? static_cast<std::uint8_t>(flags & ~kCorrectedBelief) : flags;
    patients.adherence_propensity[i] = propensity_level(u[3]);
  }
  return patients;
}

TEST(RelaxPanel, MatchesAScalarReference) {
  const auto p = test::make_parameters();
  const DailyRelaxation k(p);
  const AdherenceLink adherence_of(p);
  auto patients = random_patients(1003);
  const Patients before = patients;
  const auto sums = relax_panel(patients, 1, 1003, k, sim::Isa::kBaseline);
  double trust = 0, trust_sq = 0, adherence = 0, adherence_sq = 0;
  std::uint32_t personal = 0, page = 0, portal = 0, pending = 0, reached = 0, misinformed = 0;
  for (std::size_t i = 1; i < 1003; ++i) {
    const double b = before.baseline_trust[i];
    const double relaxed = b + (static_cast<double>(before.trust[i]) - b) * k.keep_trust;
    EXPECT_EQ(patients.trust[i], static_cast<float>(relaxed));
    EXPECT_EQ(patients.exposure[i], before.exposure[i] * k.keep_exposure);
    const double a = adherence_of.of_patient(patients, i);
    trust += relaxed;
    trust_sq += relaxed * relaxed;
    adherence += a;
    adherence_sq += a * a;
    personal += before.link[i] == Link::kPersonal;
    page += before.link[i] == Link::kFollower;
    portal += before.link[i] == Link::kPortal;
    pending += before.link[i] == Link::kPending;
    reached += (before.flags[i] & kEverReached) != 0;
    misinformed += (before.flags[i] & kMisinformed) != 0;
  }
  EXPECT_EQ(patients.trust[0], before.trust[0]);  // outside the range
  EXPECT_NEAR(sums.trust, trust, 1e-12 * trust);
  EXPECT_NEAR(sums.trust_sq, trust_sq, 1e-12 * trust_sq);
  EXPECT_NEAR(sums.adherence, adherence, 1e-6 * adherence);
  EXPECT_NEAR(sums.adherence_sq, adherence_sq, 1e-6 * adherence_sq);
  EXPECT_EQ(sums.personal, personal);
  EXPECT_EQ(sums.page, page);
  EXPECT_EQ(sums.portal, portal);
  EXPECT_EQ(sums.pending, pending);
  EXPECT_EQ(sums.reached, reached);
  EXPECT_EQ(sums.misinformed, misinformed);
  EXPECT_GT(misinformed, 0u);
}

// No patient ever reached by a public-health post, so none has exposure (as in a run).
void without_reached_patients(Patients& patients) {
  std::fill(patients.exposure.begin(), patients.exposure.end(), 0.0f);
  for (auto& flags : patients.flags) flags &= static_cast<std::uint8_t>(~kEverReached);
}

// The four sums of two passes, bit for bit.
void expect_same_sum_bits(const PanelSums& a, const PanelSums& b) {
  EXPECT_EQ(std::memcmp(&a.trust, &b.trust, sizeof(double)), 0);
  EXPECT_EQ(std::memcmp(&a.trust_sq, &b.trust_sq, sizeof(double)), 0);
  EXPECT_EQ(std::memcmp(&a.adherence, &b.adherence, sizeof(double)), 0);
  EXPECT_EQ(std::memcmp(&a.adherence_sq, &b.adherence_sq, sizeof(double)), 0);
}

TEST(RelaxPanel, VectorBuildsGiveTheBaselineBits) {
  if (sim::best_isa() == sim::Isa::kBaseline) GTEST_SKIP() << "no AVX2 on this machine";
  // Constants that differ with every flag they depend on, so a lane given another lane's
  // constant (the vector builds look them up by the flag bits) changes the bits.
  DailyRelaxation k(test::make_parameters());
  k.trust_slope_chronic = 1.7f;
  k.trust_slope_not_chronic = 0.9f;
  k.misinformed_drop = 0.21f;
  k.corrected_drop = 0.06f;
  // Every build this machine runs (an AVX-512 machine runs AVX2 too), on a panel with
  // patients reached by posts and on one without (whose pass leaves exposure out).
  for (const sim::Isa isa : {sim::Isa::kAvx2, sim::Isa::kAvx512}) {
    if (isa > sim::best_isa()) continue;
    for (const bool reached : {true, false}) {
      auto baseline = random_patients(1003);
      if (!reached) without_reached_patients(baseline);
      auto vector = baseline;
      for (int day = 0; day < 3; ++day) {
        const auto a = relax_panel(baseline, 0, 1003, k, sim::Isa::kBaseline);
        const auto b = relax_panel(vector, 0, 1003, k, isa);
        expect_same_sum_bits(a, b);
        EXPECT_EQ(a.pending, b.pending);
        EXPECT_EQ(baseline.trust, vector.trust);
        EXPECT_EQ(baseline.exposure, vector.exposure);
      }
    }
  }
}

// A panel none of whose patients a public-health post has reached has zero exposure, so
// the pass skips the column there: every build gives the bits of the full pass on the same
// zeros (taken when one patient counts as reached, which changes nothing else the pass
// reads), and the column, which it does not write, stays zero.
TEST(RelaxPanel, APanelWithoutReachedPatientsGivesTheBitsOfTheFullPass) {
  const DailyRelaxation k(test::make_parameters());
  auto without = random_patients(1003);
  without_reached_patients(without);
  auto with = without;
  with.flags[500] |= kEverReached;
  for (const sim::Isa isa : {sim::Isa::kBaseline, sim::Isa::kAvx2, sim::Isa::kAvx512}) {
    if (isa > sim::best_isa()) continue;
    auto full = with;
    auto skipping = without;
    for (int day = 0; day < 3; ++day) {
      const auto a = relax_panel(full, 5, 1003, k, isa);
      const auto b = relax_panel(skipping, 5, 1003, k, isa);
      EXPECT_EQ(a.reached, 1u);
      EXPECT_EQ(b.reached, 0u);
      expect_same_sum_bits(a, b);
      EXPECT_EQ(full.trust, skipping.trust);
      EXPECT_EQ(full.exposure, skipping.exposure);
    }
  }
}

// The counts are kept in byte lanes emptied every 255 blocks of 32 patients: a panel of
// 10,007 patients crosses that limit several times and ends in a partial block, both with
// varied links and flags and with every patient counted (where a lane would overflow).
TEST(RelaxPanel, CountsLinksAndFlagsOfLargePanels) {
  const DailyRelaxation k(test::make_parameters());
  for (const bool everyone : {false, true}) {
    auto patients = random_patients(10'010);
    if (everyone) {
      std::fill(patients.link.begin(), patients.link.end(), Link::kPersonal);
      std::fill(patients.flags.begin(), patients.flags.end(), static_cast<std::uint8_t>(kEverReached | kMisinformed));
    }
    PanelSums expected;
    for (std::size_t i = 3; i < 10'010; ++i) {
      expected.personal += patients.link[i] == Link::kPersonal;
      expected.page += patients.link[i] == Link::kFollower;
      expected.portal += patients.link[i] == Link::kPortal;
      expected.pending += patients.link[i] == Link::kPending;
      expected.reached += patients.has(i, kEverReached);
      expected.misinformed += patients.has(i, kMisinformed);
    }
    for (const sim::Isa isa : {sim::Isa::kBaseline, sim::best_isa()}) {
      auto copy = patients;
      const auto sums = relax_panel(copy, 3, 10'010, k, isa);
      EXPECT_EQ(sums.personal, expected.personal);
      EXPECT_EQ(sums.page, expected.page);
      EXPECT_EQ(sums.portal, expected.portal);
      EXPECT_EQ(sums.pending, expected.pending);
      EXPECT_EQ(sums.reached, expected.reached);
      EXPECT_EQ(sums.misinformed, expected.misinformed);
    }
    if (everyone) {
      EXPECT_EQ(expected.personal, 10'007u);
    }
  }
}

}  // namespace
}  // namespace rapport::models
