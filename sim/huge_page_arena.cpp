#include "sim/huge_page_arena.hpp"

#include <algorithm>

namespace rapport::sim {

std::size_t HugePageArena::bytes_in_use() const {
  const std::scoped_lock lock(mutex_);
  std::size_t bytes = 0;
  for (const std::size_t used : used_) bytes += (used + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
  return bytes;
}

void* HugePageArena::do_allocate(std::size_t bytes, std::size_t alignment) {
  const std::scoped_lock lock(mutex_);
  std::size_t start = used_.empty() ? 0 : (used_.back() + alignment - 1) / alignment * alignment;
  if (blocks_.empty() || start + bytes > blocks_.back().size()) {
    // A block starts on a huge page, so any alignment up to 2 MiB holds at its start.
    blocks_.emplace_back(std::max(bytes, kBlockBytes));
    used_.push_back(0);
    start = 0;
  }
  used_.back() = start + bytes;
  return blocks_.back().data() + start;
}

}  // namespace rapport::sim
