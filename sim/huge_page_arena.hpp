// Memory for many arrays that are made in parallel and freed together (the rewired rows of a
// large network), cut from blocks of whole huge pages. Each array alone is too small for huge
// pages, so from the heap its first touch faulted once per 4 KiB page; on a virtual machine a
// fault costs microseconds, and these faults were most of a large network's set-up.
#pragma once

#include <cstddef>
#include <memory_resource>
#include <mutex>
#include <vector>

#include "sim/large_vector.hpp"

namespace rapport::sim {

// Thread-safe; memory is returned only when the arena is destroyed, so it suits arrays that
// are sized once. Blocks are at least kBlockBytes.
class HugePageArena final : public std::pmr::memory_resource {
 public:
  static constexpr std::size_t kBlockBytes = 4 * kHugePageBytes;

  HugePageArena() = default;
  HugePageArena(const HugePageArena&) = delete;
  HugePageArena& operator=(const HugePageArena&) = delete;
  ~HugePageArena() override = default;

  // The memory the arrays given out occupy: of each block, the huge pages they reach.
  [[nodiscard]] std::size_t bytes_in_use() const;

 private:
  void* do_allocate(std::size_t bytes, std::size_t alignment) override;
  void do_deallocate(void* /*address*/, std::size_t /*bytes*/, std::size_t /*alignment*/) override {}
  [[nodiscard]] bool do_is_equal(const std::pmr::memory_resource& other) const noexcept override {
    return this == &other;
  }

  struct Block {
    LargeVector<std::byte> bytes;
    std::size_t used = 0;  // bytes given out from its start
  };
  mutable std::mutex mutex_;
  std::vector<Block> blocks_;
};

}  // namespace rapport::sim
