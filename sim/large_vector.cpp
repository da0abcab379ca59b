#include "sim/large_vector.hpp"

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace rapport::sim {

void advise_huge_pages(void* address, std::size_t bytes) noexcept {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  // Whole huge pages only; the address is aligned to one. A refusal changes nothing but speed.
  const std::size_t whole = bytes / kHugePageBytes * kHugePageBytes;
  if (whole > 0) madvise(address, whole, MADV_HUGEPAGE);
#else
  (void)address;
  (void)bytes;
#endif
}

}  // namespace rapport::sim
