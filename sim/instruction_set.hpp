// Which vector instruction set a kernel with several builds runs with, chosen at run time.
// Every build of a kernel gives the same bits; only the speed differs.
#pragma once

#if defined(__x86_64__) && defined(__GNUC__)
// Builds for AVX2 and AVX-512 are compiled beside the baseline ([[gnu::target]]).
#define RAPPORT_HAVE_X86_PATHS 1
#endif

namespace rapport::sim {

enum class Isa { kBaseline, kAvx2, kAvx512 };

// The best instruction set this machine runs (detected once; cheap to call per batch).
Isa best_isa();

}  // namespace rapport::sim
