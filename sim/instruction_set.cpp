#include "sim/instruction_set.hpp"

namespace rapport::sim {

namespace {
Isa detect_isa() {
#ifdef RAPPORT_HAVE_X86_PATHS
  if (__builtin_cpu_supports("avx512f")) return Isa::kAvx512;
  if (__builtin_cpu_supports("avx2")) return Isa::kAvx2;
#endif
  return Isa::kBaseline;
}
}  // namespace

Isa best_isa() {
  static const Isa best = detect_isa();
  return best;
}

}  // namespace rapport::sim
