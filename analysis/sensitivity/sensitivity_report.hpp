// `rapport sensitivity`: the indices of every (base scenario, outcome, parameter) of a stored
// sweep, ranked, printed as a table or CSV and stored under /sweeps/<name>/sensitivity/;
// and the robustness of a policy comparison across the design. Layout: docs/SENSITIVITY.md.
#pragma once

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analysis/outcome_rules.hpp"
#include "analysis/sensitivity/morris.hpp"
#include "analysis/sensitivity/prcc.hpp"
#include "analysis/sensitivity/robustness.hpp"
#include "analysis/sensitivity/sobol.hpp"
#include "analysis/sensitivity/sweep_data.hpp"

namespace rapport::analysis {

// One parameter's indices for one outcome of one base scenario. Sobol fields are set for
// sobol designs, Morris fields for morris designs (NaN otherwise); PRCC for every design.
struct SensitivityRow {
  std::string scenario, outcome, parameter;
  IndexEstimate first_order, total;
  double mu = 0.0, mu_star = 0.0, sigma = 0.0;
  PartialRankCorrelation prcc;
};

struct RobustnessRow {
  std::string outcome;
  Preference better = Preference::kNeither;
  Robustness result;
};

struct SensitivityReport {
  std::string sweep;
  DesignMethod method = DesignMethod::kLatinHypercube;
  BootstrapOptions bootstrap;
  std::vector<SensitivityRow> rows;  // per (scenario, outcome), parameters ranked most influential first
  std::optional<std::pair<std::string, std::string>> compared;  // policies A, B of `robustness`
  std::vector<RobustnessRow> robustness;
};

// Throws AnalysisInputError when `compare` names a scenario the sweep does not hold. A policy
// wins at a point only by more than the outcome's MID (defaults, or `mid_overrides`).
SensitivityReport analyze_sweep(const SweepData& sweep, const std::optional<std::pair<std::string, std::string>>& compare,
                                const BootstrapOptions& bootstrap, const MidOverrides& mid_overrides = {});

// Every sweep of a file analysed as `rapport sensitivity` does: `resamples` bootstrap draws
// keyed by each sweep's seed, so the same file gives the same intervals.
std::vector<SensitivityReport> analyze_sweeps(const std::vector<SweepData>& sweeps,
                                              const std::optional<std::pair<std::string, std::string>>& compare,
                                              std::size_t resamples, const MidOverrides& mid_overrides = {});

void print_sensitivity_table(std::ostream& out, const SensitivityReport& report);
// Sobol: `parameter,outcome,S1,S1_ci_low,S1_ci_high,ST,ST_ci_low,ST_ci_high,prcc,prcc_p_value,scenario`;
// Morris: `parameter,outcome,mu_star,mu,sigma,prcc,prcc_p_value,scenario`;
// lhs and grid: `parameter,outcome,prcc,prcc_p_value,scenario`. Undefined values are `nan`.
void print_sensitivity_csv(std::ostream& out, const SensitivityReport& report);
// `outcome,better,policy_a,policy_b,points,a_better,b_better,ties,share_a_better,ci_low,ci_high`.
void print_robustness_csv(std::ostream& out, const SensitivityReport& report);

// Replaces /sweeps/<name>/sensitivity/ in `file` (open for writing).
void write_sensitivity(sim::Hdf5File& file, const SensitivityReport& report);
// Every report written into the file at `path`, which is replaced atomically (edit_file_atomically,
// with its `check_stop`). Throws sim::OutputError or sim::Hdf5Error, leaving the file unchanged.
void store_sensitivity(const std::filesystem::path& path, const std::vector<SensitivityReport>& reports,
                       const std::function<void()>& check_stop = {});

}  // namespace rapport::analysis
