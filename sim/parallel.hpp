// The one way rapport runs work in parallel: fn(i) for every i in [0, n) on TBB.
// Under ThreadSanitizer it also declares the fork and join that TBB performs inside
// its library, which Debian builds without TSan: otherwise TSan cannot see that a
// loop's iterations happen after the code before it and before the code after it,
// and reports every access to data shared across days as a race.
#pragma once

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
// loop, and per direction, so no ordering between iterations is invented.
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

template <class Fn>
void parallel_for_index(std::size_t n, Fn&& fn) {
#ifdef RAPPORT_THREAD_SANITIZER
  const detail::AnnotatedBody<Fn> body{fn};
  __tsan_release(const_cast<detail::AnnotatedBody<Fn>*>(&body));
  tbb::parallel_for(std::size_t{0}, n, body);
  __tsan_acquire(const_cast<char*>(&body.join_token));
#else
  tbb::parallel_for(std::size_t{0}, n, [&](std::size_t i) { fn(i); });
#endif
}

// fn(begin, end) for the consecutive chunks of `chunk` indices that cover [0, n), in
// parallel: for loops whose iterations are too cheap to be scheduled one by one.
template <class Fn>
void parallel_for_chunks(std::size_t n, std::size_t chunk, Fn&& fn) {
  parallel_for_index((n + chunk - 1) / chunk, [&](std::size_t c) { fn(c * chunk, std::min(n, (c + 1) * chunk)); });
}

}  // namespace rapport::sim
