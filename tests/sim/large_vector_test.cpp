// LargeVector: arrays from kHugePageArrayBytes on start on a huge page and take whole ones,
// so their first touch faults once per 2 MiB (sim/large_vector.hpp).
#include <gtest/gtest.h>

#include <cstdint>

#include "sim/large_vector.hpp"

namespace rapport::sim {
namespace {

TEST(LargeVector, ArraysFromTheThresholdStartOnAHugePage) {
  for (const std::size_t bytes : {kHugePageArrayBytes, kHugePageBytes + 4, 3 * kHugePageBytes}) {
    LargeVector<std::uint32_t> values(bytes / sizeof(std::uint32_t));
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(values.data()) % kHugePageBytes, 0u) << bytes;
    values.back() = 7;  // the whole array is there
    EXPECT_EQ(values.back(), 7u);
  }
}

TEST(LargeVector, WholeHugePagesRoundUp) {
  EXPECT_EQ(whole_huge_pages(0), 0u);
  EXPECT_EQ(whole_huge_pages(1), kHugePageBytes);
  EXPECT_EQ(whole_huge_pages(kHugePageBytes), kHugePageBytes);
  EXPECT_EQ(whole_huge_pages(kHugePageBytes + 1), 2 * kHugePageBytes);
}

}  // namespace
}  // namespace rapport::sim
