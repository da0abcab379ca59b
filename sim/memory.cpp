#include "sim/memory.hpp"

#include <malloc.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace rapport::sim {

std::optional<std::uint64_t> available_memory_bytes() {
  std::ifstream meminfo("/proc/meminfo");
  for (std::string line; std::getline(meminfo, line);) {
    std::istringstream fields(line);
    std::string key, unit;
    std::uint64_t kibibytes = 0;
    if (fields >> key >> kibibytes >> unit && key == "MemAvailable:" && unit == "kB") return kibibytes * 1024;
  }
  return std::nullopt;
}

void keep_freed_memory_for_reuse() {
  // Blocks up to 32 MiB (glibc's largest setting) come from the heap, where a freed block
  // is reused, rather than from a mapping of their own that is unmapped when freed; and the
  // heap's free top is not trimmed back to the kernel.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
}

std::string readable_bytes(std::uint64_t bytes) {
  constexpr double kMiB = 1024.0 * 1024.0, kGiB = 1024.0 * kMiB;
  char text[32];
  if (static_cast<double>(bytes) >= kGiB) {
    std::snprintf(text, sizeof text, "%.1f GiB", static_cast<double>(bytes) / kGiB);
  } else {
    std::snprintf(text, sizeof text, "%.0f MiB", static_cast<double>(bytes) / kMiB);
  }
  return text;
}

}  // namespace rapport::sim
