// A dense row-major matrix of doubles: what rapport stores as a 2-D dataset, and what
// the analysis code computes with, without needing the HDF5 headers.
#pragma once

#include <cstddef>
#include <vector>

namespace rapport::sim {

struct Matrix {
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::vector<double> values;  // row-major
  [[nodiscard]] double at(std::size_t r, std::size_t c) const { return values[r * cols + c]; }
};

}  // namespace rapport::sim
