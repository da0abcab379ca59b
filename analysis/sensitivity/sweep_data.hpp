// A sweep as stored under /sweeps/<name>/ (layout: docs/SENSITIVITY.md): the design, the
// per-replicate outcome statistics at every point for every base scenario, and how to read
// the design back. The writer (`rapport sweep`) and the reader (`rapport sensitivity`,
// notebooks through h5py) share this one description of the layout.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "analysis/sensitivity/design.hpp"
#include "sim/matrix.hpp"

namespace rapport::sim {
class Hdf5File;
}  // namespace rapport::sim

namespace rapport::analysis {

struct SweepData {
  std::string name;
  std::string sweep_toml;  // the sweep file's text, as written
  DesignMethod method = DesignMethod::kLatinHypercube;
  std::size_t samples = 0;       // sobol: base samples N; lhs: points; morris: trajectories; grid: levels
  std::size_t levels = 0;        // morris and grid
  std::int64_t replicates = 0;
  std::int64_t seed = 0;

  std::vector<std::string> parameters;     // [k] scenario keys
  std::vector<Distribution> distributions;  // [k]
  sim::Matrix design;                      // [points, k] parameter values as simulated
  sim::Matrix design_unit;                 // [points, k] the same points in [0, 1]^k

  std::vector<std::string> scenarios;     // base scenario names (file stems), in sweep-file order
  std::vector<std::string> base_configs;  // resolved TOML of each base with the sweep's [set] applied
  std::vector<std::string> outcomes;      // metric names
  std::vector<std::string> statistics;    // per outcome: "final_day" or "run_total"
  std::vector<std::vector<sim::Matrix>> values;  // [scenario][outcome] -> [points, replicates]

  [[nodiscard]] std::size_t points() const { return design.rows; }
  [[nodiscard]] UnitDesign unit_design() const;
  // Group holding the outcome datasets of base scenario s: outcomes/ for a single base,
  // outcomes/<scenario>/ for several.
  [[nodiscard]] std::string outcome_group(std::size_t scenario) const;
  // Replicate means of outcome o for scenario s, one per point (what the estimators use).
  [[nodiscard]] std::vector<double> point_means(std::size_t scenario, std::size_t outcome) const;
};

inline std::string sweep_group(const std::string& name) { return "/sweeps/" + name; }

// Writes /sweeps/<name>/ (not the root attributes or /provenance, which the command owns).
void write_sweep(sim::Hdf5File& file, const SweepData& sweep);

// Every sweep in a file written by `rapport sweep`; throws ResultsFileError.
std::vector<SweepData> load_sweeps(const std::filesystem::path& path);

}  // namespace rapport::analysis
