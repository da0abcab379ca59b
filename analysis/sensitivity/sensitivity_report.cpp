#include "analysis/sensitivity/sensitivity_report.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <ostream>

#include "analysis/number_format.hpp"
#include "analysis/results_reader.hpp"
#include "analysis/summary.hpp"
#include "sim/hdf5_columns.hpp"
#include "sim/toml_input.hpp"

namespace rapport::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::size_t scenario_index(const SweepData& sweep, const std::string& name) {
  const auto it = std::find(sweep.scenarios.begin(), sweep.scenarios.end(), name);
  if (it == sweep.scenarios.end()) {
    std::string known;
    for (const auto& s : sweep.scenarios) known += (known.empty() ? "" : ", ") + s;
    throw AnalysisInputError("sweep '" + sweep.name + "' has no base scenario '" + name + "'; it has: " + known);
  }
  return static_cast<std::size_t>(it - sweep.scenarios.begin());
}

// The number a ranking sorts by: the total index, mu*, or |PRCC|; undefined ranks last.
double influence(const SensitivityRow& row, DesignMethod method) {
  const double x = method == DesignMethod::kSobol    ? row.total.value
                   : method == DesignMethod::kMorris ? row.mu_star
                                                     : std::abs(row.prcc.coefficient);
  return std::isnan(x) ? -std::numeric_limits<double>::infinity() : x;
}

std::vector<SensitivityRow> rows_for(const SweepData& sweep, std::size_t scenario, std::size_t outcome,
                                     const BootstrapOptions& bootstrap) {
  const auto y = sweep.point_means(scenario, outcome);
  const std::size_t k = sweep.parameters.size();
  std::vector<SensitivityRow> rows(k);
  const auto prcc = partial_rank_correlations(sweep.design, y);
  for (std::size_t i = 0; i < k; ++i) {
    rows[i] = {sweep.scenarios[scenario], sweep.outcomes[outcome], sweep.parameters[i], {kNaN, kNaN, kNaN},
               {kNaN, kNaN, kNaN}, kNaN, kNaN, kNaN, prcc[i]};
  }
  if (sweep.method == DesignMethod::kSobol) {
    const auto indices = sobol_indices(y, k, sweep.samples, bootstrap);
    for (std::size_t i = 0; i < k; ++i) {
      rows[i].first_order = indices.first_order[i];
      rows[i].total = indices.total[i];
    }
  } else if (sweep.method == DesignMethod::kMorris) {
    const auto indices = morris_indices(sweep.design_unit, y, sweep.samples);
    for (std::size_t i = 0; i < k; ++i) {
      rows[i].mu = indices.mu[i];
      rows[i].mu_star = indices.mu_star[i];
      rows[i].sigma = indices.sigma[i];
    }
  }
  std::stable_sort(rows.begin(), rows.end(), [&](const auto& a, const auto& b) {
    return influence(a, sweep.method) > influence(b, sweep.method);
  });
  return rows;
}

// A scenario size the MID scales with: the design value where the sweep varies it, else the base's.
std::vector<double> size_at_points(const SweepData& sweep, const toml::table& base, const std::string& key) {
  const auto swept = std::find(sweep.parameters.begin(), sweep.parameters.end(), key);
  std::vector<double> values(sweep.points());
  for (std::size_t p = 0; p < values.size(); ++p) {
    values[p] = swept != sweep.parameters.end()
                    ? sweep.design.at(p, static_cast<std::size_t>(swept - sweep.parameters.begin()))
                    : base.at_path(key).value<double>().value_or(kNaN);
  }
  return values;
}

// The MID of an outcome at every design point, in the units the sweep stored: a run total of a
// daily count is the daily mean times the days (the yearly rate of a rare count times the years).
std::vector<double> point_mids(const SweepData& sweep, std::size_t scenario, std::size_t outcome,
                               const MidOverrides& overrides) {
  const auto base = sim::parse_toml_text(sweep.base_configs[scenario], sweep.scenarios[scenario]);
  const auto physicians = size_at_points(sweep, base, "population.physicians");
  const auto days = size_at_points(sweep, base, "run.days");
  const auto& metric = sweep.outcomes[outcome];
  const bool run_total = sweep.statistics[outcome] == statistic_name(Statistic::kRunTotal);
  std::vector<double> mids(sweep.points());
  for (std::size_t p = 0; p < mids.size(); ++p) {
    const double per_statistic = minimum_important_difference(metric, physicians[p], days[p], overrides);
    const double to_run_total = is_rare_event_count(metric) ? days[p] / kDaysPerYear : days[p];
    mids[p] = run_total ? per_statistic * to_run_total : per_statistic;
  }
  return mids;
}

// Markers of numbers in the printed table that should not be read at face value; the
// legend under the table gives the reason.
constexpr std::string_view kOutsideUnitInterval = "!";
constexpr std::string_view kSaltelliPValue = "*";

bool outside_unit_interval(double index) { return index < 0.0 || index > 1.0; }  // false for NaN

std::string marked_index(double index) {
  return readable(index) + std::string(outside_unit_interval(index) ? kOutsideUnitInterval : " ");
}

void print_row_header(std::ostream& out, DesignMethod method) {
  out << "  " << std::left << std::setw(40) << "parameter" << std::right;
  if (method == DesignMethod::kSobol) {
    out << std::setw(12) << "S1" << std::setw(26) << "95% CI" << std::setw(12) << "ST" << std::setw(26) << "95% CI";
  } else if (method == DesignMethod::kMorris) {
    out << std::setw(12) << "mu_star" << std::setw(12) << "mu" << std::setw(12) << "sigma";
  }
  out << std::setw(10) << "PRCC" << std::setw(9) << "p" << '\n';
}

void print_legend(std::ostream& out, const SensitivityReport& report) {
  if (report.method != DesignMethod::kSobol) return;
  const bool any_outside = std::any_of(report.rows.begin(), report.rows.end(), [](const SensitivityRow& r) {
    return outside_unit_interval(r.first_order.value) || outside_unit_interval(r.total.value);
  });
  if (any_outside) {
    out << "\n" << kOutsideUnitInterval
        << " index outside [0, 1]: sampling error of the estimate (a true index lies in [0, 1]); read it as about "
           "0 or 1, and raise design.samples to narrow it\n";
  }
  out << (any_outside ? "" : "\n") << kSaltelliPValue
      << " PRCC p-value on a Saltelli design: its points are not independent (every base sample recurs in k + 2 "
         "points), so p is too small; rank by ST, or use an lhs design for PRCC\n";
}

}  // namespace

SensitivityReport analyze_sweep(const SweepData& sweep, const std::optional<std::pair<std::string, std::string>>& compare,
                                const BootstrapOptions& bootstrap, const MidOverrides& mid_overrides) {
  SensitivityReport report{sweep.name, sweep.method, bootstrap, {}, compare, {}};
  for (std::size_t s = 0; s < sweep.scenarios.size(); ++s) {
    for (std::size_t o = 0; o < sweep.outcomes.size(); ++o) {
      for (auto& row : rows_for(sweep, s, o, bootstrap)) report.rows.push_back(std::move(row));
    }
  }
  if (compare) {
    const auto a = scenario_index(sweep, compare->first), b = scenario_index(sweep, compare->second);
    for (std::size_t o = 0; o < sweep.outcomes.size(); ++o) {
      const auto better = preferred_direction(sweep.outcomes[o]);
      const auto mids = point_mids(sweep, a, o, mid_overrides);
      report.robustness.push_back({sweep.outcomes[o], better,
                                   policy_robustness(sweep.point_means(a, o), sweep.point_means(b, o), better, mids)});
    }
  }
  return report;
}

void print_sensitivity_table(std::ostream& out, const SensitivityReport& report) {
  out << "Sweep '" << report.sweep << "' (" << design_method_name(report.method) << " design), parameters ranked by "
      << (report.method == DesignMethod::kSobol    ? "total index ST"
          : report.method == DesignMethod::kMorris ? "mu* (mean absolute elementary effect)"
                                                   : "|PRCC|")
      << "; outcome per point = mean over replicates\n";
  if (report.method == DesignMethod::kSobol) {
    out << "(95% bootstrap percentile intervals, " << report.bootstrap.resamples << " resamples)\n";
  }
  std::string current;
  for (const auto& row : report.rows) {
    const std::string block = row.scenario + " / " + row.outcome;
    if (block != current) {
      current = block;
      out << '\n' << block << '\n';
      print_row_header(out, report.method);
    }
    out << "  " << std::left << std::setw(40) << row.parameter << std::right;
    if (report.method == DesignMethod::kSobol) {
      out << std::setw(13) << marked_index(row.first_order.value) << std::setw(25)
          << readable_interval(row.first_order.ci_low, row.first_order.ci_high) << std::setw(13)
          << marked_index(row.total.value) << std::setw(25) << readable_interval(row.total.ci_low, row.total.ci_high);
    } else if (report.method == DesignMethod::kMorris) {
      out << std::setw(12) << readable(row.mu_star) << std::setw(12) << readable(row.mu) << std::setw(12)
          << readable(row.sigma);
    }
    const std::string_view p_marker = report.method == DesignMethod::kSobol ? kSaltelliPValue : "";
    out << std::setw(10) << readable(row.prcc.coefficient) << std::setw(9)
        << readable_p_value(row.prcc.p_value) + std::string(p_marker) << '\n';
  }
  print_legend(out, report);
  if (report.compared) {
    const auto& [a, b] = *report.compared;
    out << "\nPolicy robustness: share of the " << (report.robustness.empty() ? 0 : report.robustness.front().result.points)
        << " design points where " << a << " does better than " << b << " (replicate means; 95% Wilson interval)\n"
        << "  " << std::left << std::setw(28) << "outcome" << std::setw(10) << "better" << std::right << std::setw(10)
        << "share" << std::setw(26) << "95% CI" << std::setw(8) << "A" << std::setw(8) << "B" << std::setw(8)
        << "ties" << '\n';
    for (const auto& r : report.robustness) {
      out << "  " << std::left << std::setw(28) << r.outcome << std::setw(10)
          << (r.better == Preference::kNeither ? "(A higher)" : std::string(preference_name(r.better))) << std::right
          << std::setw(10) << readable(r.result.share_a_better) << std::setw(26)
          << readable_interval(r.result.ci_low, r.result.ci_high) << std::setw(8) << r.result.a_better << std::setw(8)
          << r.result.b_better << std::setw(8) << r.result.ties << '\n';
    }
  }
}

void print_sensitivity_csv(std::ostream& out, const SensitivityReport& report) {
  out << "parameter,outcome,";
  if (report.method == DesignMethod::kSobol) out << "S1,S1_ci_low,S1_ci_high,ST,ST_ci_low,ST_ci_high,";
  if (report.method == DesignMethod::kMorris) out << "mu_star,mu,sigma,";
  out << "prcc,prcc_p_value,scenario\n";
  for (const auto& row : report.rows) {
    out << row.parameter << ',' << row.outcome << ',';
    if (report.method == DesignMethod::kSobol) {
      for (const double x : {row.first_order.value, row.first_order.ci_low, row.first_order.ci_high, row.total.value,
                             row.total.ci_low, row.total.ci_high}) {
        out << round_trip(x) << ',';
      }
    }
    if (report.method == DesignMethod::kMorris) {
      out << round_trip(row.mu_star) << ',' << round_trip(row.mu) << ',' << round_trip(row.sigma) << ',';
    }
    out << round_trip(row.prcc.coefficient) << ',' << round_trip(row.prcc.p_value) << ',' << row.scenario << '\n';
  }
}

void print_robustness_csv(std::ostream& out, const SensitivityReport& report) {
  out << "outcome,better,policy_a,policy_b,points,a_better,b_better,ties,share_a_better,ci_low,ci_high\n";
  if (!report.compared) return;
  for (const auto& r : report.robustness) {
    out << r.outcome << ',' << preference_name(r.better) << ',' << report.compared->first << ','
        << report.compared->second << ',' << r.result.points << ',' << r.result.a_better << ',' << r.result.b_better
        << ',' << r.result.ties << ',' << round_trip(r.result.share_a_better) << ',' << round_trip(r.result.ci_low)
        << ',' << round_trip(r.result.ci_high) << '\n';
  }
}

void write_sensitivity(sim::Hdf5File& file, const SensitivityReport& report) {
  const std::string group = sweep_group(report.sweep) + "/sensitivity";
  file.remove(group);
  file.create_group(group);
  file.set_attribute(group, "method", std::string(design_method_name(report.method)));
  file.set_attribute(group, "bootstrap_resamples", static_cast<std::int64_t>(report.bootstrap.resamples));
  file.set_attribute(group, "bootstrap_seed", static_cast<std::int64_t>(report.bootstrap.seed));
  file.set_attribute(group, "confidence_level", report.bootstrap.confidence);
  file.set_attribute(group, "description",
                     std::string("one row per (scenario, outcome, parameter), ranked within each (scenario, outcome); "
                                 "see docs/SENSITIVITY.md"));

  using sim::Column;
  using Row = SensitivityRow;
  sim::write_columns(file, group, report.rows, Column{"scenario", &Row::scenario}, Column{"outcome", &Row::outcome},
                     Column{"parameter", &Row::parameter});
  if (report.method == DesignMethod::kSobol) {
    sim::write_columns(file, group, report.rows, Column{"S1", [](const Row& r) { return r.first_order.value; }},
                       Column{"S1_ci_low", [](const Row& r) { return r.first_order.ci_low; }},
                       Column{"S1_ci_high", [](const Row& r) { return r.first_order.ci_high; }},
                       Column{"ST", [](const Row& r) { return r.total.value; }},
                       Column{"ST_ci_low", [](const Row& r) { return r.total.ci_low; }},
                       Column{"ST_ci_high", [](const Row& r) { return r.total.ci_high; }});
  }
  if (report.method == DesignMethod::kMorris) {
    sim::write_columns(file, group, report.rows, Column{"mu", &Row::mu}, Column{"mu_star", &Row::mu_star},
                       Column{"sigma", &Row::sigma});
  }
  sim::write_columns(file, group, report.rows, Column{"prcc", [](const Row& r) { return r.prcc.coefficient; }},
                     Column{"prcc_p_value", [](const Row& r) { return r.prcc.p_value; }});

  if (report.compared) {
    const std::string robust = group + "/robustness";
    file.create_group(robust);
    file.set_attribute(robust, "policy_a", report.compared->first);
    file.set_attribute(robust, "policy_b", report.compared->second);
    file.set_attribute(robust, "confidence_level", 0.95);
    using Win = RobustnessRow;
    sim::write_columns(file, robust, report.robustness, Column{"outcome", &Win::outcome},
                       Column{"better", [](const Win& r) { return preference_name(r.better); }},
                       Column{"points", [](const Win& r) { return r.result.points; }},
                       Column{"a_better", [](const Win& r) { return r.result.a_better; }},
                       Column{"b_better", [](const Win& r) { return r.result.b_better; }},
                       Column{"ties", [](const Win& r) { return r.result.ties; }},
                       Column{"share_a_better", [](const Win& r) { return r.result.share_a_better; }},
                       Column{"ci_low", [](const Win& r) { return r.result.ci_low; }},
                       Column{"ci_high", [](const Win& r) { return r.result.ci_high; }});
  }
}

std::vector<SensitivityReport> analyze_sweeps(const std::vector<SweepData>& sweeps,
                                              const std::optional<std::pair<std::string, std::string>>& compare,
                                              std::size_t resamples, const MidOverrides& mid_overrides) {
  std::vector<SensitivityReport> reports;
  for (const auto& sweep : sweeps) {
    const BootstrapOptions bootstrap{resamples, static_cast<std::uint64_t>(sweep.seed), 0.95};
    reports.push_back(analyze_sweep(sweep, compare, bootstrap, mid_overrides));
  }
  return reports;
}

void store_sensitivity(const std::filesystem::path& path, const std::vector<SensitivityReport>& reports,
                       const std::function<void()>& check_stop) {
  edit_file_atomically(path, [&](sim::Hdf5File& file) {
    for (const auto& report : reports) write_sensitivity(file, report);
  }, check_stop);
}

}  // namespace rapport::analysis
