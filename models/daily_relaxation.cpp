#include "models/daily_relaxation.hpp"

#include <bit>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <utility>

#ifdef RAPPORT_HAVE_X86_PATHS
#include <immintrin.h>
#endif

#include "models/mechanisms.hpp"
#include "models/misinformation.hpp"

namespace rapport::models {
namespace {

// Beyond this |x|, 2^n in exp_float is no longer a normal float.
constexpr float kExpLimit = 87.0f;

// exp(x) in float for |x| <= kExpLimit (Cephes expf: 2^n times a polynomial of degree 7
// on |r| <= ln2 / 2), branch-free. F is float or a vector of floats and I the integers of
// its width, so the scalar and the vector pass compute the same operations.
template <class F, class I>
[[gnu::always_inline]] inline F exp_float(F x) {
  constexpr float kMagic = 12582912.0f;  // 1.5 * 2^23: adding it rounds to an integer
  const F shifted = x * 1.44269504088896341f + kMagic;
  const F n = shifted - kMagic;
  const F r = (x - n * 0.693359375f) - n * -2.12194440e-4f;
  F poly = 1.9875691500e-4f * r + 1.3981999507e-3f;
  poly = poly * r + 8.3334519073e-3f;
  poly = poly * r + 4.1665795894e-2f;
  poly = poly * r + 1.6666665459e-1f;
  poly = poly * r + 5.0000001201e-1f;
  const F y = poly * (r * r) + r + 1.0f;
  const I exponent = std::bit_cast<I>(shifted) - std::bit_cast<std::int32_t>(kMagic);
  return y * std::bit_cast<F>((exponent + 127) << 23);
}

template <class F, class I>
[[gnu::always_inline]] inline F logistic(F z) {
  return 1.0f / (1.0f + exp_float<F, I>(-z));
}

// max(0, x) for non-NaN floats, by clearing x where its sign bit is set (-0 gives +0).
template <class F, class I>
[[gnu::always_inline]] inline F clamp_at_zero(F x) {
  const I bits = std::bit_cast<I>(x);
  return std::bit_cast<F>(bits & ~(bits >> 31));
}

// Partial sums in kLanes lanes: patient i goes to lane (i - begin) % kLanes, and lanes are
// combined in a fixed order, so the sums depend on neither the vector width nor the
// thread count.
constexpr std::uint32_t kLanes = 8;

// The columns the pass reads and writes, at the first patient of a step.
struct Columns {
  float* trust;
  float* exposure;
  const float* baseline;
  const std::uint8_t* flags;
  const std::uint8_t* levels;  // adherence propensity
};

// The vectors of a step of kWidth patients. (Spelled out per width: GCC 12 drops a
// vector_size that depends on a template argument.)
template <std::uint32_t kWidth>
struct VectorTypes;
template <>
struct VectorTypes<8> {
  using Floats = float __attribute__((vector_size(32)));
  using Ints = std::int32_t __attribute__((vector_size(32)));
  using HalfDoubles = double __attribute__((vector_size(32)));
  using Doubles = double __attribute__((vector_size(64)));
  using HalfMasks = std::int64_t __attribute__((vector_size(32)));
};
template <>
struct VectorTypes<16> {
  using Floats = float __attribute__((vector_size(64)));
  using Ints = std::int32_t __attribute__((vector_size(64)));
  using HalfDoubles = double __attribute__((vector_size(64)));
  using Doubles = double __attribute__((vector_size(128)));
  using HalfMasks = std::int64_t __attribute__((vector_size(64)));
};

// Eight bytes in 32-bit lanes for the baseline build: each 4-byte word is broadcast to four
// lanes, whose multiplier moves their own byte to the top, and a shift brings it down (GCC 12
// converts a vector of bytes to integers one byte at a time; SSE has no per-lane shift).
[[gnu::always_inline]] inline VectorTypes<8>::Ints eight_ints(const std::uint8_t* bytes) {
  using Words = std::uint32_t __attribute__((vector_size(32)));
  static_assert(std::endian::native == std::endian::little);
  std::uint32_t words[2];
  std::memcpy(words, bytes, sizeof words);
  const Words spread = {words[0], words[0], words[0], words[0], words[1], words[1], words[1], words[1]};
  constexpr Words kToTop = {1u << 24, 1u << 16, 1u << 8, 1u, 1u << 24, 1u << 16, 1u << 8, 1u};
  return std::bit_cast<VectorTypes<8>::Ints>((spread * kToTop) >> 24);
}

#ifdef RAPPORT_HAVE_X86_PATHS
// The AVX builds' single instructions. Not always_inline: GCC refuses to inline a target's
// intrinsic into a function built without that target, and inlines these only once the
// pass is inside its build for the same target. Results go out through a reference: a wide
// vector returned by value from a function of another target is an ABI change that Clang
// refuses. (The AVX-512 ones are the masked forms, all lanes kept: GCC 12 warns of an
// uninitialised value in the plain ones.)

// A step's bytes in 32-bit lanes (vpmovzxbd).
[[gnu::target("avx2")]] inline void zero_extend_avx2(const std::uint8_t* bytes, VectorTypes<8>::Ints& ints) {
  const __m128i packed = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(bytes));
  const __m256i wide = _mm256_cvtepu8_epi32(packed);
  std::memcpy(&ints, &wide, sizeof ints);
}
[[gnu::target("avx512f")]] inline void zero_extend_avx512(const std::uint8_t* bytes, VectorTypes<16>::Ints& ints) {
  const __m128i packed = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes));
  const __m512i wide = _mm512_maskz_cvtepu8_epi32(0xFFFF, packed);
  std::memcpy(&ints, &wide, sizeof ints);
}

// table[index] in every lane (vpermps), index taken modulo the lanes. (Vectors cross in and
// out by memcpy: std::bit_cast, a function returning a wide vector, is refused by Clang here.)
[[gnu::target("avx2")]] inline void look_up_avx2(const VectorTypes<8>::Floats& table, const VectorTypes<8>::Ints& index,
                                                 VectorTypes<8>::Floats& found) {
  __m256 table_lanes;
  __m256i index_lanes;
  std::memcpy(&table_lanes, &table, sizeof table_lanes);
  std::memcpy(&index_lanes, &index, sizeof index_lanes);
  const __m256 lanes = _mm256_permutevar8x32_ps(table_lanes, index_lanes);
  std::memcpy(&found, &lanes, sizeof found);
}
[[gnu::target("avx512f")]] inline void look_up_avx512(const VectorTypes<16>::Floats& table,
                                                      const VectorTypes<16>::Ints& index,
                                                      VectorTypes<16>::Floats& found) {
  __m512 table_lanes;
  __m512i index_lanes;
  std::memcpy(&table_lanes, &table, sizeof table_lanes);
  std::memcpy(&index_lanes, &index, sizeof index_lanes);
  const __m512 lanes = _mm512_maskz_permutexvar_ps(0xFFFF, index_lanes, table_lanes);
  std::memcpy(&found, &lanes, sizeof found);
}

// Half a step's floats, read straight from memory, as doubles: the conversion reads its
// half itself, where converting the whole vector first takes a load and an extraction more.
[[gnu::target("avx2")]] inline void half_to_doubles_avx2(const float* at, VectorTypes<8>::HalfDoubles& doubles) {
  const __m256d lanes = _mm256_cvtps_pd(_mm_loadu_ps(at));
  std::memcpy(&doubles, &lanes, sizeof doubles);
}
[[gnu::target("avx512f")]] inline void half_to_doubles_avx512(const float* at,
                                                              VectorTypes<16>::HalfDoubles& doubles) {
  const __m512d lanes = _mm512_maskz_cvtps_pd(0xFF, _mm256_loadu_ps(at));
  std::memcpy(&doubles, &lanes, sizeof doubles);
}
#endif

// The pass takes kWidth patients a step (8 in the baseline and AVX2 builds, 16 in the
// AVX-512 one) in GCC/Clang vector types, written out rather than left to the vectoriser,
// which twice stopped vectorising the body after a small change (a scalar pass runs the
// phase several times slower; tests/models checks the disassembly). Doubles come in two
// halves of kWidth / 2; a compiler splits a vector wider than its target's. kAvx (the AVX2
// and AVX-512 builds): bytes widen in one instruction, the flags' constants come from a
// table lookup, and floats convert to doubles as they are read.
template <std::uint32_t kWidth, bool kAvx>
struct Pass {
  static constexpr std::uint32_t kHalf = kWidth / 2;
  using Floats = typename VectorTypes<kWidth>::Floats;
  using Ints = typename VectorTypes<kWidth>::Ints;
  using HalfDoubles = typename VectorTypes<kWidth>::HalfDoubles;
  using Doubles = typename VectorTypes<kWidth>::Doubles;  // a whole step's, only to convert
  using HalfMasks = typename VectorTypes<kWidth>::HalfMasks;
  static_assert(kLanes % kHalf == 0);

  // The kLanes partial sums: lanes 0-3 and 4-7 in two vectors (kHalf = 4), or all eight in
  // one that takes a step's first half, then its second (kHalf = 8).
  struct LaneSums {
    HalfDoubles lanes[kLanes / kHalf] = {};
    [[gnu::always_inline]] void add(const HalfDoubles& low, const HalfDoubles& high) {
      lanes[0] += low;
      lanes[kLanes / kHalf - 1] += high;
    }
    [[nodiscard]] double total() const {
      double sum = 0;
      for (const HalfDoubles& vector : lanes) {
        for (std::uint32_t lane = 0; lane < kHalf; ++lane) sum += vector[lane];
      }
      return sum;
    }
  };

  // What a step adds to the sums: relaxed trust and adherence, in halves.
  struct Contributions {
    HalfDoubles relaxed_low, relaxed_high, adherence_low, adherence_high;
  };

  struct Sums {
    LaneSums trust, trust_sq, adherence, adherence_sq;
    [[gnu::always_inline]] void add(const Contributions& c) {
      trust.add(c.relaxed_low, c.relaxed_high);
      trust_sq.add(c.relaxed_low * c.relaxed_low, c.relaxed_high * c.relaxed_high);
      adherence.add(c.adherence_low, c.adherence_high);
      adherence_sq.add(c.adherence_low * c.adherence_low, c.adherence_high * c.adherence_high);
    }
  };

  // A step's floats as doubles, in halves. (Converted whole, then split: GCC 12 converts
  // a half, a vector of half the target's width, in pieces through memory.)
  template <std::size_t... kIndex>
  [[gnu::always_inline]] static void to_doubles(const Floats& floats, HalfDoubles& low, HalfDoubles& high,
                                                std::index_sequence<kIndex...>) {
    const Doubles doubles = __builtin_convertvector(floats, Doubles);
    low = __builtin_shufflevector(doubles, doubles, kIndex...);
    high = __builtin_shufflevector(doubles, doubles, (kHalf + kIndex)...);
  }
  [[gnu::always_inline]] static void to_doubles(const Floats& floats, HalfDoubles& low, HalfDoubles& high) {
    to_doubles(floats, low, high, std::make_index_sequence<kHalf>{});
  }

  [[gnu::always_inline]] static Floats load(const float* at) {
    Floats floats;
    std::memcpy(&floats, at, sizeof floats);
    return floats;
  }

  // A step's floats from memory as doubles, in halves.
  [[gnu::always_inline]] static void load_doubles(const float* at, HalfDoubles& low, HalfDoubles& high) {
#ifdef RAPPORT_HAVE_X86_PATHS
    if constexpr (kAvx) {
      if constexpr (kWidth == 8) {
        half_to_doubles_avx2(at, low);
        half_to_doubles_avx2(at + kHalf, high);
      }
      if constexpr (kWidth == 16) {
        half_to_doubles_avx512(at, low);
        half_to_doubles_avx512(at + kHalf, high);
      }
      return;
    }
#endif
    to_doubles(load(at), low, high);
  }

  [[gnu::always_inline]] static Ints ints(const std::uint8_t* bytes) {
#ifdef RAPPORT_HAVE_X86_PATHS
    if constexpr (kAvx) {
      Ints ints;
      if constexpr (kWidth == 8) zero_extend_avx2(bytes, ints);
      if constexpr (kWidth == 16) zero_extend_avx512(bytes, ints);
      return ints;
    }
#endif
    if constexpr (kWidth == 8) {
      return eight_ints(bytes);
    } else {
      return join(eight_ints(bytes), eight_ints(bytes + 8), std::make_index_sequence<kWidth>{});
    }
  }

  // if_set where the flag is set, otherwise if_clear; by bit operations (a vector ?:
  // compiles to slow code for the baseline target).
  [[gnu::always_inline]] static Floats choose(const Ints& flags, PatientFlag flag, float if_set, float if_clear) {
    // All ones where the flag is set: its bit moved to the sign, then shifted arithmetically.
    const Ints set = (flags << (31 - std::countr_zero(static_cast<unsigned>(flag)))) >> 31;
    return std::bit_cast<Floats>((set & std::bit_cast<std::int32_t>(if_set)) |
                                 (~set & std::bit_cast<std::int32_t>(if_clear)));
  }

  // The constants that depend on a patient's flags, as tables a lane's flag bits index (the
  // AVX builds look them up in one permutation each, the lane's index taken modulo kWidth):
  // the belief drop by the bits from kBeliefShift up, the trust slope by the lowest bits.
  // Entries are computed as choose would compute them, so the bits are the same.
  static constexpr int kBeliefShift = 5;
  static_assert((kMisinformed | kCorrectedBelief) >> kBeliefShift < 8 && kChronic < 8);
  struct FlagTables {
    Floats belief_drop, trust_slope;
    explicit FlagTables(const DailyRelaxation& k) {
      for (std::uint32_t lane = 0; lane < kWidth; ++lane) {
        const unsigned beliefs = (lane % 8) << kBeliefShift;
        belief_drop[lane] = ((beliefs & kMisinformed) != 0 ? k.misinformed_drop : 0.0f) +
                            ((beliefs & kCorrectedBelief) != 0 ? k.corrected_drop : 0.0f);
        trust_slope[lane] = (lane & kChronic) != 0 ? k.trust_slope_chronic : k.trust_slope_not_chronic;
      }
    }
  };

  // The belief drop and the trust slope of each lane's patient.
  [[gnu::always_inline]] static void flag_constants(const Ints& flags, const DailyRelaxation& k,
                                                    const FlagTables& tables, Floats& drop, Floats& trust_slope) {
#ifdef RAPPORT_HAVE_X86_PATHS
    if constexpr (kAvx) {
      const Ints beliefs = flags >> kBeliefShift;
      if constexpr (kWidth == 8) {
        look_up_avx2(tables.belief_drop, beliefs, drop);
        look_up_avx2(tables.trust_slope, flags, trust_slope);
      }
      if constexpr (kWidth == 16) {
        look_up_avx512(tables.belief_drop, beliefs, drop);
        look_up_avx512(tables.trust_slope, flags, trust_slope);
      }
      return;
    }
#endif
    // The two belief bits are never both set, so their drops add.
    drop = choose(flags, kMisinformed, k.misinformed_drop, 0.0f) +
           choose(flags, kCorrectedBelief, k.corrected_drop, 0.0f);
    trust_slope = choose(flags, kChronic, k.trust_slope_chronic, k.trust_slope_not_chronic);
  }

  // Two vectors of half a step as one.
  template <class Half, std::size_t... kIndex>
  [[gnu::always_inline]] static auto join(const Half& low, const Half& high, std::index_sequence<kIndex...>) {
    return __builtin_shufflevector(low, high, kIndex...);
  }

  // One day of kWidth patients: trust relaxes (in double) to baseline, exposure fades, and
  // adherence = logistic(z) less the belief drop, clamped at zero. Without kExposed (no
  // patient of the step's panel was ever reached by a post), exposure is +0 and stays so,
  // and z leaves out its term, exposure_slope x 0: adding ±0 changes z at most from -0 to
  // +0, and logistic(±0) is 0.5 either way.
  template <bool kExposed>
  [[gnu::always_inline]] static Contributions step(const Columns& at, const DailyRelaxation& k,
                                                   const FlagTables& tables) {
    Contributions c;
    HalfDoubles baseline_low, baseline_high, trust_low, trust_high;
    load_doubles(at.baseline, baseline_low, baseline_high);
    load_doubles(at.trust, trust_low, trust_high);
    c.relaxed_low = baseline_low + (trust_low - baseline_low) * k.keep_trust;
    c.relaxed_high = baseline_high + (trust_high - baseline_high) * k.keep_trust;
    // Narrowed whole, for the same reason as in to_doubles.
    const Doubles relaxed = join(c.relaxed_low, c.relaxed_high, std::make_index_sequence<kWidth>{});
    const Floats stored = __builtin_convertvector(relaxed, Floats);
    std::memcpy(at.trust, &stored, sizeof stored);
    Floats drop, trust_slope;
    flag_constants(ints(at.flags), k, tables, drop, trust_slope);
    const Floats propensity =
        k.propensity_step * __builtin_convertvector(ints(at.levels), Floats) + k.lowest_propensity;
    Floats z = k.intercept + trust_slope * (stored - k.trust_centre);
    if constexpr (kExposed) {
      const Floats faded = load(at.exposure) * k.keep_exposure;
      std::memcpy(at.exposure, &faded, sizeof faded);
      z += k.exposure_slope * faded;
    }
    z += propensity;
    const Floats adherence = clamp_at_zero<Floats, Ints>(logistic<Floats, Ints>(z) - drop);
    to_doubles(adherence, c.adherence_low, c.adherence_high);
    return c;
  }

  // The last count < kWidth patients of a panel, through the same step on a padded copy;
  // the padding's lanes add +0, which leaves a lane's sum (never -0) as it was.
  template <bool kExposed>
  [[gnu::always_inline]] static void tail(const Columns& at, std::uint32_t count, const DailyRelaxation& k,
                                          const FlagTables& tables, Sums& sums) {
    float trust[kWidth] = {}, exposure[kWidth] = {}, baseline[kWidth] = {};
    std::uint8_t flags[kWidth] = {}, levels[kWidth] = {};
    std::memcpy(trust, at.trust, count * sizeof(float));
    std::memcpy(exposure, at.exposure, count * sizeof(float));
    std::memcpy(baseline, at.baseline, count * sizeof(float));
    std::memcpy(flags, at.flags, count);
    std::memcpy(levels, at.levels, count);
    Contributions c = step<kExposed>({trust, exposure, baseline, flags, levels}, k, tables);
    std::memcpy(at.trust, trust, count * sizeof(float));
    if constexpr (kExposed) std::memcpy(at.exposure, exposure, count * sizeof(float));
    HalfMasks index_low{};
    for (std::uint32_t lane = 0; lane < kHalf; ++lane) index_low[lane] = lane;
    const HalfMasks kept_low = index_low < static_cast<std::int64_t>(count);
    const HalfMasks kept_high = index_low + kHalf < static_cast<std::int64_t>(count);
    const auto keep = [](const HalfDoubles& x, const HalfMasks& kept) {
      return std::bit_cast<HalfDoubles>(std::bit_cast<HalfMasks>(x) & kept);
    };
    c = {keep(c.relaxed_low, kept_low), keep(c.relaxed_high, kept_high), keep(c.adherence_low, kept_low),
         keep(c.adherence_high, kept_high)};
    sums.add(c);
  }

  // Patients [begin, end), whose columns at(i) gives, in whole steps and a tail.
  template <bool kExposed, class At>
  [[gnu::always_inline]] static void relax(const At& at, std::uint32_t begin, std::uint32_t end,
                                           const DailyRelaxation& k, const FlagTables& tables, Sums& sums) {
    std::uint32_t i = begin;
    for (; end - i >= kWidth; i += kWidth) sums.add(step<kExposed>(at(i), k, tables));
    if (i < end) tail<kExposed>(at(i), end - i, k, tables, sums);
  }
};

// The day's link and flag counts, kBytes patients at a time in byte lanes (a comparison
// gives -1 where it holds); a byte lane counts at most 255 patients before the lanes are
// added up. 16 lanes in the baseline build, whose target has no 32-byte vectors (GCC 12
// would compare those one byte at a time), 32 in the others.
template <std::size_t kBytes>
struct ByteVector;
template <>
struct ByteVector<16> {
  using Type = std::uint8_t __attribute__((vector_size(16)));
};
template <>
struct ByteVector<32> {
  using Type = std::uint8_t __attribute__((vector_size(32)));
};

template <std::size_t kBytes>
struct StateCounts {
  using CountBytes = typename ByteVector<kBytes>::Type;
  CountBytes personal{}, page{}, portal{}, pending{}, reached{}, misinformed{};
  [[gnu::always_inline]] void count(const std::uint8_t* link_bytes, const std::uint8_t* flag_bytes) {
    CountBytes link, flags;
    std::memcpy(&link, link_bytes, sizeof link);
    std::memcpy(&flags, flag_bytes, sizeof flags);
    const auto is = [&](Link value) { return std::bit_cast<CountBytes>(link == static_cast<std::uint8_t>(value)); };
    const auto has = [&](PatientFlag flag) {
      return std::bit_cast<CountBytes>((flags & static_cast<std::uint8_t>(flag)) != 0);
    };
    personal -= is(Link::kPersonal);
    page -= is(Link::kFollower);
    // A portal user's pending request counts as both a portal link and a pending request.
    const auto portal_pending = is(Link::kPortalPending);
    portal -= is(Link::kPortal) | portal_pending;
    pending -= is(Link::kPending) | portal_pending;
    reached -= has(kEverReached);
    misinformed -= has(kMisinformed);
  }
  void add_to(PanelSums& sums) const {
    for (std::size_t lane = 0; lane < sizeof(CountBytes); ++lane) {
      sums.personal += personal[lane];
      sums.page += page[lane];
      sums.portal += portal[lane];
      sums.pending += pending[lane];
      sums.reached += reached[lane];
      sums.misinformed += misinformed[lane];
    }
  }
};

template <std::uint32_t kBlock>
[[gnu::always_inline]] inline void count_states(const Patients& patients, std::uint32_t begin, std::uint32_t end,
                                                PanelSums& sums) {
  constexpr std::uint32_t kMostBlocks = 255;
  const auto* link = reinterpret_cast<const std::uint8_t*>(patients.link.data());
  const std::uint8_t* flags = patients.flags.data();
  StateCounts<kBlock> counts;
  std::uint32_t blocks = 0;
  std::uint32_t i = begin;
  for (; end - i >= kBlock; i += kBlock) {
    counts.count(link + i, flags + i);
    if (++blocks == kMostBlocks) {
      counts.add_to(sums);
      counts = {};
      blocks = 0;
    }
  }
  if (i < end) {  // padding of kNone links and no flags counts nothing
    std::uint8_t link_tail[kBlock] = {}, flags_tail[kBlock] = {};
    std::memcpy(link_tail, link + i, end - i);
    std::memcpy(flags_tail, flags + i, end - i);
    counts.count(link_tail, flags_tail);
  }
  counts.add_to(sums);
}

// kWidth patients a relaxation step, kCountBlock a counting block.
template <std::uint32_t kWidth, bool kAvx, std::uint32_t kCountBlock>
[[gnu::always_inline]] inline PanelSums relax_panel_body(Patients& patients, std::uint32_t begin, std::uint32_t end,
                                                         const DailyRelaxation& k) {
  using P = Pass<kWidth, kAvx>;
  // A local copy: the stores to trust and exposure cannot alias it, so its constants stay in registers.
  const DailyRelaxation constants = k;
  float* trust = patients.trust.data();
  float* exposure = patients.exposure.data();
  const float* baseline = patients.baseline_trust.data();
  const std::uint8_t* flags = patients.flags.data();
  const std::uint8_t* levels = patients.adherence_propensity.data();
  const auto at = [=](std::uint32_t i) {
    return Columns{trust + i, exposure + i, baseline + i, flags + i, levels + i};
  };
  const typename P::FlagTables tables(constants);
  typename P::Sums lane_sums;
  // The counts come first: the relaxation changes neither links nor flags, and the count of
  // patients ever reached by a post says whether any may have exposure.
  PanelSums sums;
  count_states<kCountBlock>(patients, begin, end, sums);
  if (sums.reached > 0) {
    P::template relax<true>(at, begin, end, constants, tables, lane_sums);
  } else {
    P::template relax<false>(at, begin, end, constants, tables, lane_sums);
  }
  sums.trust = lane_sums.trust.total();
  sums.trust_sq = lane_sums.trust_sq.total();
  sums.adherence = lane_sums.adherence.total();
  sums.adherence_sq = lane_sums.adherence_sq.total();
  return sums;
}

PanelSums relax_panel_baseline(Patients& patients, std::uint32_t begin, std::uint32_t end, const DailyRelaxation& k) {
  return relax_panel_body<8, false, 16>(patients, begin, end, k);
}

#ifdef RAPPORT_HAVE_X86_PATHS
// Without FMA: a fused multiply-add would round differently from the baseline build (AVX-512
// has FMA instructions, so this file is compiled with -ffp-contract=off, models/CMakeLists.txt).
[[gnu::target("avx2")]] PanelSums relax_panel_avx2(Patients& patients, std::uint32_t begin, std::uint32_t end,
                                                   const DailyRelaxation& k) {
  return relax_panel_body<8, true, 32>(patients, begin, end, k);
}

[[gnu::target("avx512f")]] PanelSums relax_panel_avx512(Patients& patients, std::uint32_t begin, std::uint32_t end,
                                                        const DailyRelaxation& k) {
  return relax_panel_body<16, true, 32>(patients, begin, end, k);
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

PanelSums relax_panel(Patients& patients, std::uint32_t begin, std::uint32_t end, const DailyRelaxation& k,
                      sim::Isa isa) {
#ifdef RAPPORT_HAVE_X86_PATHS
  if (isa == sim::Isa::kAvx512) return relax_panel_avx512(patients, begin, end, k);
  if (isa == sim::Isa::kAvx2) return relax_panel_avx2(patients, begin, end, k);
#endif
  (void)isa;
  return relax_panel_baseline(patients, begin, end, k);
}

float logistic_float(float z) { return logistic<float, std::int32_t>(z); }

}  // namespace rapport::models
