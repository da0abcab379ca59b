#include "sim/huge_page_arena.hpp"

#include <algorithm>

namespace rapport::sim {

std::size_t HugePageArena::bytes_in_use() const {
  const std::scoped_lock lock(mutex_);
  std::size_t bytes = 0;
  for (const Block& block : blocks_) bytes += whole_huge_pages(block.used);
  return bytes;
}

void* HugePageArena::do_allocate(std::size_t bytes, std::size_t alignment) {
  const std::scoped_lock lock(mutex_);
  std::size_t start = blocks_.empty() ? 0 : (blocks_.back().used + alignment - 1) / alignment * alignment;
  if (blocks_.empty() || start + bytes > blocks_.back().bytes.size()) {
    // A block starts on a huge page, so any alignment up to 2 MiB holds at its start.
    blocks_.push_back({LargeVector<std::byte>(std::max(bytes, kBlockBytes)), 0});
    start = 0;
  }
  Block& block = blocks_.back();
  block.used = start + bytes;
  return block.bytes.data() + start;
}

}  // namespace rapport::sim
