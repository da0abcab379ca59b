#include "sim/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace rapport::sim {

ProgressBar::ProgressBar(std::uint64_t total, std::string label)
    : total_(total == 0 ? 1 : total),
      label_(std::move(label)),
      enabled_(total != 0 && ::isatty(STDERR_FILENO) != 0),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::tick(std::uint64_t steps) {
  const std::uint64_t done = done_.fetch_add(steps, std::memory_order_relaxed) + steps;
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(200) && done < total_.load()) return;
  std::unique_lock lock(draw_mutex_, std::try_to_lock);
  if (!lock.owns_lock()) return;
  last_draw_ = now;
  draw(done);
}

void ProgressBar::extend(std::uint64_t steps) { total_ += steps; }

void ProgressBar::draw(std::uint64_t done) {
  constexpr int kWidth = 30;
  const double fraction = static_cast<double>(done) / static_cast<double>(total_.load());
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double remaining = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0;
  const int filled = static_cast<int>(fraction * kWidth);
  std::fprintf(stderr, "\r%s [%-*s] %3.0f%%  %.0fs left ", label_.c_str(), kWidth,
               std::string(static_cast<std::size_t>(filled), '#').c_str(), 100 * fraction, remaining);
  std::fflush(stderr);
}

void ProgressBar::finish() {
  if (!enabled_ || finished_) return;
  finished_ = true;
  draw(done_.load());
  std::fputc('\n', stderr);
}

}  // namespace rapport::sim
