// The one way rapport runs work in parallel: fn(i) for every i in [0, n), or fn(first, last)
// for ranges that cover it, on TBB.
// Under ThreadSanitizer it also declares the fork and join that TBB performs inside
// its library, which Debian builds without TSan: otherwise TSan cannot see that a
// loop's iterations happen after the code before it and before the code after it,
// and reports every access to data shared across days as a race.
#pragma once

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cstddef>

#if defined(__SANITIZE_THREAD__)
#define RAPPORT_THREAD_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define RAPPORT_THREAD_SANITIZER 1
#endif
#endif

#ifdef RAPPORT_THREAD_SANITIZER
extern "C" void __tsan_acquire(void* address);
extern "C" void __tsan_release(void* address);
#endif

namespace rapport::sim {

#ifdef RAPPORT_THREAD_SANITIZER
namespace detail {
// A loop body that declares the loop's fork (acquire on the body's own address, known
// without reading any member) and join (release on its join_token). Separate tokens per
// loop, and per direction, so no ordering between iterations is invented. It is given to
// TBB's index form, which holds it by reference: `this` is the address released before
// the loop, and reading the reference is TBB's code (scripts/tsan.supp).
template <class Fn>
struct AnnotatedBody {
  Fn& fn;
  char join_token = 0;
  void operator()(std::size_t i) const {
    __tsan_acquire(const_cast<AnnotatedBody*>(this));
    fn(i);
    __tsan_release(const_cast<char*>(&join_token));
  }
};
}  // namespace detail
#endif

// fn(first, last) for consecutive ranges of indices that together cover [0, n), in
// parallel. TBB cuts the ranges (more of them when threads steal work), so fn must give
// the same result however [0, n) is cut: for loops with work to set up once per range.
// Under ThreadSanitizer every range is one index, through the annotated index form.
template <class Fn>
void parallel_for_ranges(std::size_t n, Fn&& fn) {
#ifdef RAPPORT_THREAD_SANITIZER
  const auto one_index = [&](std::size_t i) { fn(i, i + 1); };
  const detail::AnnotatedBody<decltype(one_index)> body{one_index};
  __tsan_release(const_cast<detail::AnnotatedBody<decltype(one_index)>*>(&body));
  tbb::parallel_for(std::size_t{0}, n, body);
  __tsan_acquire(const_cast<char*>(&body.join_token));
#else
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n),
                    [&](const tbb::blocked_range<std::size_t>& range) { fn(range.begin(), range.end()); });
#endif
}

template <class Fn>
void parallel_for_index(std::size_t n, Fn&& fn) {
  parallel_for_ranges(n, [&](std::size_t first, std::size_t last) {
    for (std::size_t i = first; i < last; ++i) fn(i);
  });
}

// fn(begin, end) for the consecutive chunks of `chunk` indices that cover [0, n), in
// parallel: for loops whose iterations are too cheap to be scheduled one by one.
template <class Fn>
void parallel_for_chunks(std::size_t n, std::size_t chunk, Fn&& fn) {
  parallel_for_index((n + chunk - 1) / chunk, [&](std::size_t c) { fn(c * chunk, std::min(n, (c + 1) * chunk)); });
}

}  // namespace rapport::sim
