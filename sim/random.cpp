#include "sim/random.hpp"

#include <algorithm>

#ifdef RAPPORT_HAVE_X86_PATHS
#include <immintrin.h>
// GCC 12 warns inside its own AVX-512 intrinsics where they are inlined (its bug 105593: an
// "uninitialised" pass-through operand).
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif

namespace rapport::sim {
namespace {

// Philox4x32-10 (Random123's, as in RandomStreams::block) on the 32-bit lanes of a vector
// of kBatchAgents agents. A lane's 32 x 32 -> 64-bit products come from pmuludq on the even
// lanes and on the odd lanes shifted down; blends put each product's high and low words back.
#ifdef RAPPORT_HAVE_X86_PATHS
constexpr __mmask16 kOdd16 = 0xAAAA;
constexpr int kOdd8 = 0xAA;
[[gnu::target("avx512f"), gnu::always_inline]] inline __m512i high_words(__m512i even, __m512i odd) {
  return _mm512_mask_blend_epi32(kOdd16, _mm512_srli_epi64(even, 32), odd);
}
[[gnu::target("avx512f"), gnu::always_inline]] inline __m512i low_words(__m512i even, __m512i odd) {
  return _mm512_mask_blend_epi32(kOdd16, even, _mm512_slli_epi64(odd, 32));
}
[[gnu::target("avx2"), gnu::always_inline]] inline __m256i high_words(__m256i even, __m256i odd) {
  return _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, kOdd8);
}
[[gnu::target("avx2"), gnu::always_inline]] inline __m256i low_words(__m256i even, __m256i odd) {
  return _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), kOdd8);
}

[[gnu::target("avx512f")]] RandomStreams::BlockBatch philox_avx512(const std::uint32_t* agents, std::uint32_t counter1,
                                                                   std::uint32_t counter2, std::uint32_t counter3,
                                                                   r123::Philox4x32::key_type key) {
  __m512i c0 = _mm512_loadu_si512(agents);
  __m512i c1 = _mm512_set1_epi32(static_cast<int>(counter1));
  __m512i c2 = _mm512_set1_epi32(static_cast<int>(counter2));
  __m512i c3 = _mm512_set1_epi32(static_cast<int>(counter3));
  const __m512i m0 = _mm512_set1_epi64(PHILOX_M4x32_0), m1 = _mm512_set1_epi64(PHILOX_M4x32_1);
  std::uint32_t k0 = key[0], k1 = key[1];
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k0 += PHILOX_W32_0;
      k1 += PHILOX_W32_1;
    }
    const __m512i even0 = _mm512_mul_epu32(c0, m0), odd0 = _mm512_mul_epu32(_mm512_srli_epi64(c0, 32), m0);
    const __m512i even1 = _mm512_mul_epu32(c2, m1), odd1 = _mm512_mul_epu32(_mm512_srli_epi64(c2, 32), m1);
    const __m512i next0 = _mm512_xor_si512(_mm512_xor_si512(high_words(even1, odd1), c1),
                                           _mm512_set1_epi32(static_cast<int>(k0)));
    const __m512i next2 = _mm512_xor_si512(_mm512_xor_si512(high_words(even0, odd0), c3),
                                           _mm512_set1_epi32(static_cast<int>(k1)));
    c1 = low_words(even1, odd1);
    c3 = low_words(even0, odd0);
    c0 = next0;
    c2 = next2;
  }
  RandomStreams::BlockBatch batch;
  _mm512_storeu_si512(batch[0].data(), c0);
  _mm512_storeu_si512(batch[1].data(), c1);
  _mm512_storeu_si512(batch[2].data(), c2);
  _mm512_storeu_si512(batch[3].data(), c3);
  return batch;
}

// The same in 8 lanes, twice.
[[gnu::target("avx2")]] RandomStreams::BlockBatch philox_avx2(const std::uint32_t* agents, std::uint32_t counter1,
                                                              std::uint32_t counter2, std::uint32_t counter3,
                                                              r123::Philox4x32::key_type key) {
  const __m256i m0 = _mm256_set1_epi64x(PHILOX_M4x32_0), m1 = _mm256_set1_epi64x(PHILOX_M4x32_1);
  RandomStreams::BlockBatch batch;
  for (std::size_t half = 0; half < 2; ++half) {
    __m256i c0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(agents + 8 * half));
    __m256i c1 = _mm256_set1_epi32(static_cast<int>(counter1));
    __m256i c2 = _mm256_set1_epi32(static_cast<int>(counter2));
    __m256i c3 = _mm256_set1_epi32(static_cast<int>(counter3));
    std::uint32_t k0 = key[0], k1 = key[1];
    for (int round = 0; round < 10; ++round) {
      if (round > 0) {
        k0 += PHILOX_W32_0;
        k1 += PHILOX_W32_1;
      }
      const __m256i even0 = _mm256_mul_epu32(c0, m0), odd0 = _mm256_mul_epu32(_mm256_srli_epi64(c0, 32), m0);
      const __m256i even1 = _mm256_mul_epu32(c2, m1), odd1 = _mm256_mul_epu32(_mm256_srli_epi64(c2, 32), m1);
      const __m256i next0 = _mm256_xor_si256(_mm256_xor_si256(high_words(even1, odd1), c1),
                                             _mm256_set1_epi32(static_cast<int>(k0)));
      const __m256i next2 = _mm256_xor_si256(_mm256_xor_si256(high_words(even0, odd0), c3),
                                             _mm256_set1_epi32(static_cast<int>(k1)));
      c1 = low_words(even1, odd1);
      c3 = low_words(even0, odd0);
      c0 = next0;
      c2 = next2;
    }
    const std::size_t at = 8 * half;
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(batch[0].data() + at), c0);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(batch[1].data() + at), c1);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(batch[2].data() + at), c2);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(batch[3].data() + at), c3);
  }
  return batch;
}
#endif

}  // namespace

RandomStreams::BlockBatch RandomStreams::blocks(std::uint32_t first_agent, std::uint32_t day, Event event,
                                                std::uint32_t index, Isa isa) const {
  std::array<std::uint32_t, kBatchAgents> agents;
  for (std::uint32_t a = 0; a < kBatchAgents; ++a) agents[a] = first_agent + a;
  return blocks_of(agents.data(), kBatchAgents, day, event, index, isa);
}

RandomStreams::BlockBatch RandomStreams::blocks_of(const std::uint32_t* agents, std::size_t count, std::uint32_t day,
                                                   Event event, std::uint32_t index, Isa isa) const {
  const std::uint32_t counter1 = (day << 16) | static_cast<std::uint32_t>(event);
#ifdef RAPPORT_HAVE_X86_PATHS
  if (isa != Isa::kBaseline) {
    std::array<std::uint32_t, kBatchAgents> lanes{};
    std::copy_n(agents, std::min(count, kBatchAgents), lanes.begin());
    if (isa == Isa::kAvx512) return philox_avx512(lanes.data(), counter1, replicate_, index, key_);
    return philox_avx2(lanes.data(), counter1, replicate_, index, key_);
  }
#endif
  (void)isa;
  BlockBatch batch{};
  for (std::size_t a = 0; a < std::min(count, kBatchAgents); ++a) {
    const Block words = block(agents[a], day, event, index);
    for (std::size_t k = 0; k < 4; ++k) batch[k][a] = words[k];
  }
  return batch;
}

}  // namespace rapport::sim
