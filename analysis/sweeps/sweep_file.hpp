// Sweep files (TOML): which base scenarios, which parameters over which distributions,
// which design, which outcomes. Validated as strictly as scenarios: every error names the
// file, the line and the key. Format: docs/SENSITIVITY.md.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "analysis/sensitivity/design.hpp"
#include "models/scenario.hpp"
#include "sim/config.hpp"

namespace rapport::analysis {

struct SweepParameter {
  std::string key;  // a numeric scenario key (`rapport parameters`)
  Distribution distribution;
  bool integer = false;  // integer keys are rounded to the nearest integer
};

struct SweepSpec {
  std::filesystem::path file;
  std::string toml_text;
  std::string name;  // `name`, default the file stem
  std::vector<std::filesystem::path> base_files;  // `base` or `scenarios`, relative to the sweep file
  DesignMethod method = DesignMethod::kSobol;
  std::size_t samples = 0;  // sobol: base samples; morris: trajectories; lhs: points
  std::size_t levels = 0;   // morris (default 4) and grid
  std::int64_t replicates = 1;
  std::int64_t seed = 1;  // the design's seed and the run.seed of every point (common random numbers)
  std::vector<SweepParameter> parameters;
  // `mix_rest`: the policy whose policy.mix share is 1 minus the swept shares at every point,
  // so that a design axis over the policy mix always sums to 1; empty when no share is swept.
  std::string mix_rest;
  std::vector<std::string> outcomes;       // metric names
  sim::Settings set;                       // `[set]`, applied to every point
  std::vector<models::Scenario> bases;     // each base file resolved once, with `[set]` applied

  [[nodiscard]] std::size_t points() const;
};

// Loads and validates a sweep file, and resolves its base scenarios with `[set]` applied
// (the only time they are read). Throws sim::ConfigError with a one-line message naming the file and key.
SweepSpec load_sweep_file(const std::filesystem::path& file);
// The same from text; `file` names it in messages and anchors relative base paths.
SweepSpec parse_sweep_file(const std::string& text, const std::filesystem::path& file);

// The sweep that produced stored results (`rerun`): the stored sweep file's text with the
// stored resolved configuration of each base instead of the base files; `results` names it in
// messages. Throws sim::ConfigError.
SweepSpec stored_sweep(const std::string& name, const std::string& text, const std::vector<std::string>& base_configs,
                       const std::filesystem::path& results);

// The keys every point sets: the swept parameters, then policy.mix.<mix_rest> when a share is swept.
std::vector<std::string> point_keys(const SweepSpec& spec);
// The values of point_keys() at a point of swept values: mix_rest's share is 1 minus the swept shares.
std::vector<double> point_values(const SweepSpec& spec, std::span<const double> swept);

// The unit-hypercube design the spec asks for.
UnitDesign make_design(const SweepSpec& spec);

}  // namespace rapport::analysis
