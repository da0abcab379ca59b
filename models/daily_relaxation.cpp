#include "models/daily_relaxation.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <stdexcept>

#include "models/mechanisms.hpp"
#include "models/misinformation.hpp"

namespace rapport::models {
namespace {

// Beyond this |x|, 2^n in exp_float is no longer a normal float.
constexpr float kExpLimit = 87.0f;

// exp(x) in float for |x| <= kExpLimit (Cephes expf: 2^n times a polynomial of degree 7
// on |r| <= ln2 / 2). Branch-free, without a clamp, so that it vectorises.
inline float exp_float(float x) {
  constexpr float kMagic = 12582912.0f;  // 1.5 * 2^23: adding it rounds to an integer
  const float shifted = x * 1.44269504088896341f + kMagic;
  const float n = shifted - kMagic;
  const float r = (x - n * 0.693359375f) - n * -2.12194440e-4f;
  float poly = 1.9875691500e-4f;
  poly = poly * r + 1.3981999507e-3f;
  poly = poly * r + 8.3334519073e-3f;
  poly = poly * r + 4.1665795894e-2f;
  poly = poly * r + 1.6666665459e-1f;
  poly = poly * r + 5.0000001201e-1f;
  const float y = poly * (r * r) + r + 1.0f;
  const std::int32_t exponent = std::bit_cast<std::int32_t>(shifted) - std::bit_cast<std::int32_t>(kMagic);
  return y * std::bit_cast<float>((exponent + 127) << 23);
}

inline float logistic(float z) { return 1.0f / (1.0f + exp_float(-z)); }

// Partial sums in kLanes lanes: element i goes to lane (i - begin) % kLanes, and lanes
// are combined in a fixed order, so the result does not depend on the vector width.
constexpr std::uint32_t kLanes = 8;

// Patients are taken in chunks: a first loop turns the chunk's flags and propensity levels
// into adherence drops, trust slopes and propensities, so that the lane body below reads
// floats only. Widening the flag bytes or
// clamping with a comparison inside the body stops GCC from vectorising it (a scalar
// body runs the phase about eight times slower).
constexpr std::uint32_t kChunk = 64 * kLanes;

// The per-patient terms of the adherence logistic that come from bytes.
struct PatientTerms {
  float drop[kChunk];        // of the belief state
  float trust_slope[kChunk];  // by chronic status
  float propensity[kChunk];   // log-odds of the propensity level
};

inline void patient_terms(const std::uint8_t* __restrict flags, const std::uint8_t* __restrict levels,
                          std::uint32_t count, const DailyRelaxation& k, PatientTerms& terms) {
  constexpr int kMisinformedBit = std::countr_zero(static_cast<unsigned>(kMisinformed));
  constexpr int kCorrectedBit = std::countr_zero(static_cast<unsigned>(kCorrectedBelief));
  constexpr int kChronicBit = std::countr_zero(static_cast<unsigned>(kChronic));
  float* __restrict drop = terms.drop;
  float* __restrict trust_slope = terms.trust_slope;
  float* __restrict propensity = terms.propensity;
  for (std::uint32_t j = 0; j < count; ++j) {
    // Shifts, not tests, so that the loop vectorises. The two belief bits are never both
    // set, so their drops add.
    const std::int32_t f = flags[j];
    drop[j] = static_cast<float>((f >> kMisinformedBit) & 1) * k.misinformed_drop +
              static_cast<float>((f >> kCorrectedBit) & 1) * k.corrected_drop;
    trust_slope[j] = k.trust_slope_not_chronic +
                     static_cast<float>((f >> kChronicBit) & 1) * (k.trust_slope_chronic - k.trust_slope_not_chronic);
    propensity[j] = k.propensity_step * static_cast<float>(static_cast<std::int32_t>(levels[j])) + k.lowest_propensity;
  }
}

// max(0, x) for a non-NaN float, by clearing x when its sign bit is set (-0 gives +0).
inline float clamp_at_zero(float x) {
  const std::int32_t bits = std::bit_cast<std::int32_t>(x);
  return std::bit_cast<float>(bits & ~(bits >> 31));
}

template <std::uint32_t kCount>
inline void relax_lanes(float* __restrict trust, float* __restrict exposure, const float* __restrict baseline,
                        const float* __restrict drops, const float* __restrict trust_slopes,
                        const float* __restrict propensities, const DailyRelaxation& k,
                        double (&t)[kLanes], double (&t2)[kLanes], double (&a)[kLanes], double (&a2)[kLanes],
                        std::uint32_t count = kCount) {
  for (std::uint32_t j = 0; j < (kCount == 0 ? count : kCount); ++j) {
    const double b = baseline[j];
    const double relaxed = b + (static_cast<double>(trust[j]) - b) * k.keep_trust;
    const float stored = static_cast<float>(relaxed);
    trust[j] = stored;
    const float faded = exposure[j] * k.keep_exposure;
    exposure[j] = faded;
    const float z = k.intercept + trust_slopes[j] * (stored - k.trust_centre) + k.exposure_slope * faded +
                    propensities[j];
    const double adherence = clamp_at_zero(logistic(z) - drops[j]);
    t[j] += relaxed;
    t2[j] += relaxed * relaxed;
    a[j] += adherence;
    a2[j] += adherence * adherence;
  }
}

[[gnu::always_inline]] inline PanelSums relax_panel_body(Patients& patients, std::uint32_t begin, std::uint32_t end,
                                                         const DailyRelaxation& k) {
  double t[kLanes] = {}, t2[kLanes] = {}, a[kLanes] = {}, a2[kLanes] = {};
  float* trust = patients.trust.data();
  float* exposure = patients.exposure.data();
  const float* baseline = patients.baseline_trust.data();
  const std::uint8_t* flags = patients.flags.data();
  const std::uint8_t* levels = patients.adherence_propensity.data();
  PatientTerms terms;
  // Chunks are whole multiples of kLanes, so patient i still goes to lane (i - begin) % kLanes.
  for (std::uint32_t chunk = begin; chunk < end; chunk += kChunk) {
    const std::uint32_t chunk_end = std::min(end, chunk + kChunk);
    patient_terms(flags + chunk, levels + chunk, chunk_end - chunk, k, terms);
    std::uint32_t i = chunk;
    for (; i + kLanes <= chunk_end; i += kLanes) {
      const std::uint32_t c = i - chunk;
      relax_lanes<kLanes>(trust + i, exposure + i, baseline + i, terms.drop + c, terms.trust_slope + c,
                          terms.propensity + c, k, t, t2, a, a2);
    }
    const std::uint32_t c = i - chunk;
    relax_lanes<0>(trust + i, exposure + i, baseline + i, terms.drop + c, terms.trust_slope + c, terms.propensity + c, k,
                   t, t2, a, a2, chunk_end - i);
  }
  PanelSums sums;
  for (std::uint32_t j = 0; j < kLanes; ++j) {
    sums.trust += t[j];
    sums.trust_sq += t2[j];
    sums.adherence += a[j];
    sums.adherence_sq += a2[j];
  }
  const Link* link = patients.link.data();
  for (std::uint32_t j = begin; j < end; ++j) {  // integer counts vectorise
    sums.personal += link[j] == Link::kPersonal;
    sums.page += link[j] == Link::kFollower;
    sums.portal += link[j] == Link::kPortal;
    sums.pending += link[j] == Link::kPending;
    sums.reached += (flags[j] & kEverReached) != 0;
    sums.misinformed += (flags[j] & kMisinformed) != 0;
  }
  return sums;
}

PanelSums relax_panel_baseline(Patients& patients, std::uint32_t begin, std::uint32_t end, const DailyRelaxation& k) {
  return relax_panel_body(patients, begin, end, k);
}

#if defined(__x86_64__) && defined(__GNUC__)
#define RAPPORT_HAVE_AVX2_PATH 1
// AVX2 without FMA: a fused multiply-add would round differently from the baseline build.
[[gnu::target("avx2")]] PanelSums relax_panel_avx2(Patients& patients, std::uint32_t begin, std::uint32_t end,
                                                   const DailyRelaxation& k) {
  return relax_panel_body(patients, begin, end, k);
}
#endif

}  // namespace

DailyRelaxation::DailyRelaxation(const Parameters& p)
    : keep_trust(std::exp(-1.0 / p.trust.relaxation_days)),
      keep_exposure(static_cast<float>(std::exp(-1.0 / p.exposure.decay_days))),
      misinformed_drop(static_cast<float>(belief_adherence_drops(p).misinformed)),
      corrected_drop(static_cast<float>(belief_adherence_drops(p).corrected)) {
  const AdherenceLink link(p);
  intercept = static_cast<float>(link.intercept());
  trust_centre = static_cast<float>(link.trust_centre());
  trust_slope_chronic = static_cast<float>(link.trust_slope(true));
  trust_slope_not_chronic = static_cast<float>(link.trust_slope(false));
  exposure_slope = static_cast<float>(link.exposure_slope());
  propensity_step = static_cast<float>(link.propensity_step());
  lowest_propensity = static_cast<float>(link.lowest_propensity());
  // Trust and exposure lie in [0, 1] and the propensity in ±halfwidth, so this bounds the
  // logistic's argument; the parameter ranges keep it below 70.
  if (std::abs(intercept) + std::abs(trust_slope_chronic) + std::abs(exposure_slope) +
          p.adherence.propensity_halfwidth >
      kExpLimit) {
    throw std::invalid_argument(
        "adherence link: |intercept| + |slopes| + propensity half-width exceeds the float exponential's range");
  }
}

Isa best_isa() {
#ifdef RAPPORT_HAVE_AVX2_PATH
  if (__builtin_cpu_supports("avx2")) return Isa::kAvx2;
#endif
  return Isa::kBaseline;
}

PanelSums relax_panel(Patients& patients, std::uint32_t begin, std::uint32_t end, const DailyRelaxation& k,
                      Isa isa) {
#ifdef RAPPORT_HAVE_AVX2_PATH
  if (isa == Isa::kAvx2) return relax_panel_avx2(patients, begin, end, k);
#endif
  (void)isa;
  return relax_panel_baseline(patients, begin, end, k);
}

float logistic_float(float z) { return logistic(z); }

}  // namespace rapport::models
