#include "analysis/sensitivity/morris.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace rapport::analysis {

MorrisIndices morris_indices(const sim::Matrix& unit, std::span<const double> outputs, std::size_t trajectories) {
  const std::size_t k = unit.cols;
  if (trajectories == 0 || unit.rows != trajectories * (k + 1) || outputs.size() != unit.rows) {
    throw std::invalid_argument("Morris indices need trajectories (k + 1) design rows and one output per row");
  }
  std::vector<std::vector<double>> effects(k);
  for (std::size_t t = 0; t < trajectories; ++t) {
    for (std::size_t step = 0; step < k; ++step) {
      const std::size_t from = t * (k + 1) + step, to = from + 1;
      std::size_t moved = 0;
      double delta = 0.0;
      for (std::size_t j = 0; j < k; ++j) {
        const double d = unit.at(to, j) - unit.at(from, j);
        if (std::abs(d) > std::abs(delta)) {
          delta = d;
          moved = j;
        }
      }
      if (delta == 0.0) throw std::invalid_argument("a Morris trajectory step moves no parameter");
      effects[moved].push_back((outputs[to] - outputs[from]) / delta);
    }
  }
  MorrisIndices indices;
  for (const auto& e : effects) {
    const double n = static_cast<double>(e.size());
    double mean = 0.0, mean_abs = 0.0;
    for (const double x : e) {
      mean += x;
      mean_abs += std::abs(x);
    }
    mean /= n;
    mean_abs /= n;
    double squares = 0.0;
    for (const double x : e) squares += (x - mean) * (x - mean);
    indices.mu.push_back(mean);
    indices.mu_star.push_back(mean_abs);
    indices.sigma.push_back(e.size() > 1 ? std::sqrt(squares / (n - 1.0)) : std::numeric_limits<double>::quiet_NaN());
  }
  return indices;
}

}  // namespace rapport::analysis
