// A std::vector for the large arrays of a run (patient columns, the friendship graph).
// It differs from std::vector in two ways. Resize leaves new elements of trivial types
// uninitialised: these arrays are written in full right after, often in parallel, so
// zeroing them first would be a wasted pass on one thread. And arrays of 512 KiB or more (a
// byte per patient of a million) take whole 2 MiB pages, offered to the kernel as transparent
// huge pages, so the first touch of each 2 MiB costs one page fault instead of 512 (and the
// daily passes fewer TLB misses). A fault costs microseconds on a virtual machine.
#pragma once

#include <cstddef>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace rapport::sim {

inline constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;
// Arrays from this size take huge pages. A page faulted in is 2 MiB, however little of it the
// array uses, so a smaller array would be mostly padding.
inline constexpr std::size_t kHugePageArrayBytes = kHugePageBytes / 4;

// The bytes of the whole huge pages that hold `bytes` from the start of one.
constexpr std::size_t whole_huge_pages(std::size_t bytes) {
  return (bytes + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
}

// Asks the kernel to back [address, address + bytes) with huge pages where it can; a hint only.
void advise_huge_pages(void* address, std::size_t bytes) noexcept;

template <class T>
struct LargeArrayAllocator {
  using value_type = T;

  LargeArrayAllocator() = default;
  template <class U>
  LargeArrayAllocator(const LargeArrayAllocator<U>& /*other*/) noexcept {}

  T* allocate(std::size_t n) {
    if (n * sizeof(T) < kHugePageArrayBytes) return std::allocator<T>{}.allocate(n);
    if (n > (std::size_t(-1) - kHugePageBytes) / sizeof(T)) throw std::bad_array_new_length();
    // Rounded up to whole huge pages: the tail of an array (most of a page) would otherwise
    // fall outside them and be touched a small page, and a page fault, at a time.
    const std::size_t bytes = whole_huge_pages(n * sizeof(T));
    void* address = ::operator new(bytes, std::align_val_t{kHugePageBytes});
    advise_huge_pages(address, bytes);
    return static_cast<T*>(address);
  }
  void deallocate(T* address, std::size_t n) noexcept {
    if (n * sizeof(T) < kHugePageArrayBytes) return std::allocator<T>{}.deallocate(address, n);
    ::operator delete(address, std::align_val_t{kHugePageBytes});
  }

  template <class U>
  void construct(U* place) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(place)) U;
  }
  template <class U, class... Args>
  void construct(U* place, Args&&... args) {
    ::new (static_cast<void*>(place)) U(std::forward<Args>(args)...);
  }

  friend bool operator==(const LargeArrayAllocator& /*a*/, const LargeArrayAllocator& /*b*/) { return true; }
};

template <class T>
using LargeVector = std::vector<T, LargeArrayAllocator<T>>;

}  // namespace rapport::sim
