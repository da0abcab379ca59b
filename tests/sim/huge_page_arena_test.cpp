// HugePageArena: the memory a large network's rows come from. Arrays it gives out are aligned,
// never overlap (also when many threads ask at once), and stay valid until the arena goes;
// its use is counted in whole huge pages.
#include <gtest/gtest.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cstdint>
#include <memory_resource>
#include <mutex>
#include <utility>
#include <vector>

#include "sim/huge_page_arena.hpp"

namespace rapport::sim {
namespace {

TEST(HugePageArena, GivesAlignedArraysThatNeverOverlapWhenThreadsAskAtOnce) {
  HugePageArena arena;
  std::mutex mutex;
  std::vector<std::pair<std::uintptr_t, std::uintptr_t>> ranges;
  tbb::parallel_for(0, 2000, [&](int k) {
    const std::size_t bytes = 1 + static_cast<std::size_t>(k) * 37 % 5000;
    const std::size_t alignment = std::size_t{1} << (k % 7);
    auto* address = static_cast<std::byte*>(arena.allocate(bytes, alignment));
    std::fill(address, address + bytes, static_cast<std::byte>(k));  // writable, whole
    const auto first = reinterpret_cast<std::uintptr_t>(address);
    EXPECT_EQ(first % alignment, 0u);
    const std::scoped_lock lock(mutex);
    ranges.emplace_back(first, first + bytes);
  });
  std::sort(ranges.begin(), ranges.end());
  for (std::size_t k = 1; k < ranges.size(); ++k) ASSERT_LE(ranges[k - 1].second, ranges[k].first);
}

TEST(HugePageArena, CountsItsUseInWholeHugePagesAndTakesLargeArraysWhole) {
  HugePageArena arena;
  EXPECT_EQ(arena.bytes_in_use(), 0u);
  (void)arena.allocate(10, 8);
  EXPECT_EQ(arena.bytes_in_use(), kHugePageBytes);
  (void)arena.allocate(kHugePageBytes, 8);  // spills into the block's second huge page
  EXPECT_EQ(arena.bytes_in_use(), 2 * kHugePageBytes);
  // Larger than a block: a block of its own, starting on a huge page.
  const std::size_t large = HugePageArena::kBlockBytes + 1;
  auto* address = static_cast<std::byte*>(arena.allocate(large, 64));
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(address) % kHugePageBytes, 0u);
  address[large - 1] = std::byte{1};
  EXPECT_EQ(arena.bytes_in_use(), 2 * kHugePageBytes + HugePageArena::kBlockBytes + kHugePageBytes);
}

TEST(HugePageArena, ServesStandardContainers) {
  HugePageArena arena;
  std::pmr::vector<std::uint32_t> values(&arena);
  for (std::uint32_t k = 0; k < 100000; ++k) values.push_back(k * 3);
  for (std::uint32_t k = 0; k < 100000; ++k) ASSERT_EQ(values[k], k * 3);
  EXPECT_EQ(values.get_allocator().resource(), &arena);
}

}  // namespace
}  // namespace rapport::sim
