// A progress bar on stderr when it is a terminal; silent otherwise, and for a total of 0.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace rapport::sim {

class ProgressBar {
 public:
  ProgressBar(std::uint64_t total, std::string label);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;
  // Thread-safe; redraws at most a few times per second.
  void tick(std::uint64_t steps = 1);
  // More work of the same task (a batch whose size was not known up front): the bar
  // continues from what is done, never restarts.
  void extend(std::uint64_t steps);
  void finish();
  [[nodiscard]] std::uint64_t done() const { return done_.load(std::memory_order_relaxed); }
  [[nodiscard]] std::uint64_t total() const { return total_.load(std::memory_order_relaxed); }

 private:
  void draw(std::uint64_t done);
  std::atomic<std::uint64_t> total_;
  std::string label_;
  bool enabled_;
  bool finished_ = false;
  std::atomic<std::uint64_t> done_{0};
  std::mutex draw_mutex_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace rapport::sim
