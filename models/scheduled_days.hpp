// A patient column of scheduled days: each patient's next visit, or next candidate message
// or friend-request day. Most patients have no event on most days, and reading the whole
// column to find today's few was a large part of a day's memory traffic. So the column
// keeps, for every block of 16 patients (one cache line of days), a lower bound of the
// block's days still to come, and finding today's patients reads the short column of
// bounds and only the blocks whose bound is today.
#pragma once

#include <algorithm>
#include <bit>
#include <climits>
#include <cstdint>
#include <cstring>

#include "sim/large_vector.hpp"

namespace rapport::models {

// A half-open range of patient indices for range-for. (std::views::iota would do, but
// clang 14, used for the fuzzers, rejects libstdc++ 12's ranges.)
struct PatientRange {
  struct Iterator {
    std::uint32_t index;
    std::uint32_t operator*() const { return index; }
    Iterator& operator++() {
      ++index;
      return *this;
    }
    bool operator!=(const Iterator& other) const { return index != other.index; }
  };
  std::uint32_t first;
  std::uint32_t last;
  [[nodiscard]] Iterator begin() const { return {first}; }
  [[nodiscard]] Iterator end() const { return {last}; }
};

class ScheduledDays {
 public:
  static constexpr std::uint32_t kBlock = 16;

  [[nodiscard]] std::int32_t operator[](std::size_t i) const { return days_[i]; }
  [[nodiscard]] std::size_t size() const { return days_.size(); }
  // New patients' days are left unset (draw_patient sets them); every bound is unknown.
  void resize(std::size_t n) {
    days_.resize(n);
    bounds_.assign((n + kBlock - 1) / kBlock, kUnknown);
  }

  void set(std::uint32_t i, std::int32_t day) {
    days_[i] = day;
    std::int32_t& bound = bounds_[i / kBlock];
    if (day < bound) bound = day;
  }

  // Calls due(i), in increasing i, for every patient i of one panel whose day is today;
  // due may set days of the panel's patients. A run calls this with increasing days, so a
  // day up to today is never due again and bounds cover only the later days.
  template <class Due>
  void for_each_due(PatientRange panel, std::int32_t today, Due&& due) {
    // The blocks to read are scattered, so the hardware does not fetch them ahead: the due
    // blocks of the next chunk are found and prefetched while those of this chunk are read
    // (and those of a panel's first chunk by prefetch_first_due, while the panel before it is).
    const std::uint32_t end_block = end_block_of(panel);
    std::uint32_t due_blocks[2][kChunk];
    std::uint32_t n_due[2] = {0, 0};
    const std::uint32_t first_block = panel.first / kBlock;
    if (first_block < end_block) n_due[0] = find_due(first_block, end_block, today, due_blocks[0]);
    for (std::uint32_t chunk = first_block, current = 0; chunk < end_block; chunk += kChunk, current ^= 1) {
      if (chunk + kChunk < end_block) {
        n_due[current ^ 1] = find_due(chunk + kChunk, end_block, today, due_blocks[current ^ 1]);
      }
      for (std::uint32_t k = 0; k < n_due[current]; ++k) scan_block(panel, due_blocks[current][k], today, due);
    }
  }

  // Prefetches the due blocks of a panel's first chunk: a phase calls it for the next panel
  // before for_each_due on this one, so that the first blocks a panel reads are on their
  // way (for_each_due alone finds them only just before it reads them). Each panel edge
  // that shares a block with the panel beside it is due every day.
  void prefetch_first_due(PatientRange panel, std::int32_t today) const {
    std::uint32_t due_blocks[kChunk];
    const std::uint32_t first_block = panel.first / kBlock;
    const std::uint32_t end_block = end_block_of(panel);
    if (first_block < end_block) find_due(first_block, end_block, today, due_blocks);
  }

 private:
  static constexpr std::uint32_t kChunk = 64;  // blocks whose bounds are read at once

  static std::uint32_t end_block_of(PatientRange panel) {
    return panel.last / kBlock + (panel.last % kBlock != 0);
  }

  // Lists in `blocks` the due blocks of the chunk of blocks from `chunk`, prefetches them
  // and returns how many there are.
  std::uint32_t find_due(std::uint32_t chunk, std::uint32_t end_block, std::int32_t today,
                         std::uint32_t* blocks) const {
    std::uint32_t n = 0;
    for (std::uint32_t block = chunk; block < std::min(end_block, chunk + kChunk); ++block) {
      blocks[n] = block;
      n += bounds_[block] <= today ? 1 : 0;
    }
    for (std::uint32_t k = 0; k < n; ++k) __builtin_prefetch(&days_[blocks[k] * kBlock]);
    return n;
  }

  // A whole block compared with today in four 16-byte vectors (the width of every x86-64
  // target; GCC 12 compiles wider vectors badly for the baseline one): bit j of `due` is set
  // if patient j's day is today, and `later` is the earliest day after today (INT32_MAX if none).
  struct BlockScan {
    std::uint32_t due;
    std::int32_t later;
  };
  static BlockScan scan_whole_block(const std::int32_t* days, std::int32_t today) {
    using Lanes = std::int32_t __attribute__((vector_size(16)));
    const auto min = [](const Lanes& a, const Lanes& b) {
      const Lanes less = a < b;
      return (less & a) | (~less & b);
    };
    Lanes due_bits{}, later = Lanes{} + INT32_MAX;
    for (std::uint32_t k = 0; k < kBlock / 4; ++k) {
      Lanes lanes;
      std::memcpy(&lanes, days + 4 * k, sizeof lanes);
      due_bits |= (lanes == today) & (Lanes{1, 2, 4, 8} << static_cast<std::int32_t>(4 * k));
      const Lanes after = lanes > today;
      later = min(later, (after & lanes) | (~after & INT32_MAX));
    }
    later = min(later, __builtin_shufflevector(later, later, 2, 3, 0, 1));
    later = min(later, __builtin_shufflevector(later, later, 1, 0, 3, 2));
    due_bits |= __builtin_shufflevector(due_bits, due_bits, 2, 3, 0, 1);
    due_bits |= __builtin_shufflevector(due_bits, due_bits, 1, 0, 3, 2);
    return {static_cast<std::uint32_t>(due_bits[0]), later[0]};
  }

  template <class Due>
  void scan_block(PatientRange panel, std::uint32_t block, std::int32_t today, Due& due) {
    const std::uint32_t first = std::max(panel.first, block * kBlock);
    const std::uint32_t last = std::min(panel.last, block * kBlock + kBlock);
    if (last - first == kBlock) {
      const BlockScan scan = scan_whole_block(&days_[first], today);
      // Set before due runs, so that days due sets lower it again.
      bounds_[block] = scan.later;
      for (std::uint32_t lanes = scan.due; lanes != 0; lanes &= lanes - 1) due(first + std::countr_zero(lanes));
      return;
    }
    // A block shared by two panels: patient by patient, and its bound stays unknown.
    std::uint32_t found[kBlock];
    std::uint32_t n_found = 0;
    for (std::uint32_t i = first; i < last; ++i) {
      found[n_found] = i;
      n_found += days_[i] == today ? 1 : 0;
    }
    for (std::uint32_t k = 0; k < n_found; ++k) due(found[k]);
  }

  // The bound of a block before its first scan, and for good of a block not wholly inside
  // one panel: it is scanned every day and its bound never written, so the parallel tasks
  // of two panels never write one bound.
  static constexpr std::int32_t kUnknown = INT32_MIN;
  sim::LargeVector<std::int32_t> days_;
  sim::LargeVector<std::int32_t> bounds_;
};

}  // namespace rapport::models
