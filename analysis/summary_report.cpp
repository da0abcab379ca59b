#include "analysis/summary_report.hpp"

#include "analysis/number_format.hpp"

#include <algorithm>
#include <cstdio>
#include <iomanip>
#include <ostream>
#include <string>

namespace rapport::analysis {
namespace {

using Row = std::vector<std::string>;

bool has_baseline(const std::vector<MetricSummary>& summaries) {
  return !summaries.empty() && summaries.front().versus_baseline.has_value();
}

// The distinct values of `key` (a metric, an outcome, a measure) in order of first appearance.
template <typename Item>
std::vector<std::string> first_appearance_order(const std::vector<Item>& items, std::string Item::*key) {
  std::vector<std::string> order;
  for (const auto& item : items) {
    if (std::find(order.begin(), order.end(), item.*key) == order.end()) order.push_back(item.*key);
  }
  return order;
}

// The first `text_columns` align left, numbers right; a blank line before each new metric block
// (a row whose first cell is not empty).
void print_aligned(std::ostream& out, const Row& header, const std::vector<Row>& rows, std::size_t text_columns) {
  std::vector<std::size_t> width(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) {
    width[c] = header[c].size();
    for (const auto& row : rows) width[c] = std::max(width[c], row[c].size());
  }
  const auto print_row = [&](const Row& row) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c > 0) out << "  ";
      out << (c < text_columns ? std::left : std::right) << std::setw(static_cast<int>(width[c])) << row[c];
    }
    out << std::right << '\n';
  };
  print_row(header);
  for (const auto& row : rows) {
    if (!row[0].empty() && &row != &rows.front()) out << '\n';
    print_row(row);
  }
}

std::string readable_rate(const RateWithInterval& rate) {
  return readable(rate.value) + " " + readable_interval(rate.low, rate.high);
}

}  // namespace

void print_summary_csv(std::ostream& out, const std::vector<MetricSummary>& summaries) {
  const bool paired = has_baseline(summaries);
  out << "scenario,metric,statistic,n,mean,sd,ci_low,ci_high";
  if (paired) out << ",diff_mean,diff_ci_low,diff_ci_high,p_value";
  out << ",interval,mid";
  if (paired) out << ",diff_interval,below_mid";
  out << '\n';
  for (const auto& s : summaries) {
    const auto& a = s.across_replicates;
    out << s.scenario << ',' << s.metric << ',' << statistic_name(s.statistic) << ',' << a.n << ','
        << round_trip(a.mean) << ',' << round_trip(a.sd) << ',' << round_trip(a.ci_low) << ','
        << round_trip(a.ci_high);
    if (paired) {
      const auto& d = s.versus_baseline->difference;
      out << ',' << round_trip(d.mean) << ',' << round_trip(d.ci_low) << ',' << round_trip(d.ci_high) << ','
          << round_trip(s.versus_baseline->p_value);
    }
    out << ',' << interval_method_name(s.interval) << ',' << round_trip(s.minimum_important_difference);
    if (paired) {
      out << ',' << interval_method_name(s.difference_interval) << ','
          << (s.below_minimum_important_difference ? "true" : "false");
    }
    out << '\n';
  }
}

void print_summary_table(std::ostream& out, const std::vector<MetricSummary>& summaries) {
  const bool paired = has_baseline(summaries);
  Row header = {"metric", "scenario", "statistic", "n", "mean", "sd", "95% CI"};
  if (paired) header.insert(header.end(), {"diff vs baseline", "95% CI of diff", "p", "MID", ""});

  bool any_rare = false;
  std::vector<Row> rows;
  for (const auto& metric : first_appearance_order(summaries, &MetricSummary::metric)) {
    bool first = true;
    for (const auto& s : summaries) {
      if (s.metric != metric) continue;
      any_rare = any_rare || s.statistic == Statistic::kYearlyRate;
      const auto& a = s.across_replicates;
      Row row = {first ? s.metric : "", s.scenario, std::string(statistic_name(s.statistic)),
                 std::to_string(a.n), readable(a.mean), readable(a.sd), readable_interval(a.ci_low, a.ci_high)};
      if (paired) {
        const auto& d = s.versus_baseline->difference;
        row.insert(row.end(), {readable(d.mean), readable_interval(d.ci_low, d.ci_high),
                               readable_p_value(s.versus_baseline->p_value), readable(s.minimum_important_difference),
                               s.below_minimum_important_difference ? "below MID" : ""});
      }
      rows.push_back(std::move(row));
      first = false;
    }
  }
  print_aligned(out, header, rows, 3);
  if (any_rare) {
    out << "\nper_replicate_year: events per replicate-year with the exact Poisson (Garwood) interval of the total"
        << (paired ? ";\nits differences: paired bootstrap over replicates, sign-flip p-value" : "") << '\n';
  }
  if (paired) {
    out << "below MID: the whole interval of the difference lies within +/- the minimum important difference"
           " (docs/ANALYSIS.md)\n";
  }
}

void print_requester_effects(std::ostream& out, const std::vector<RequesterEffect>& effects) {
  const Row header = {"outcome", "scenario", "requesters", "total per requester", "direct", "spill-over",
                      "shared first requests"};
  std::vector<Row> rows;
  for (const auto& outcome : first_appearance_order(effects, &RequesterEffect::outcome)) {
    bool first = true;
    for (const auto& e : effects) {
      if (e.outcome != outcome) continue;
      const auto with_interval = [](const SampleSummary& s) {
        return readable(s.mean) + " " + readable_interval(s.ci_low, s.ci_high);
      };
      rows.push_back({first ? e.outcome : "", e.scenario, readable(e.requesters), with_interval(e.total),
                      with_interval(e.direct), with_interval(e.spillover), readable(e.shared_first_requests)});
      first = false;
    }
  }
  print_aligned(out, header, rows, 2);
  // A policy whose pages reach patients who never asked (open_page) is not summed up by its requesters.
  std::vector<std::string> noted;
  for (const auto& e : effects) {
    if (!(e.page_followers > e.requesters) || std::find(noted.begin(), noted.end(), e.scenario) != noted.end()) {
      continue;
    }
    noted.push_back(e.scenario);
    out << "note: '" << e.scenario << "' has " << readable(e.page_followers) << " page followers but "
        << readable(e.requesters) << " requesters: its pages reach patients who never asked, so its effect per "
        << "requester spreads a panel-wide change over the few who asked; read its population differences "
        << "below (docs/ANALYSIS.md)\n";
  }
}

void print_risk_table(std::ostream& out, const std::vector<RareEventRisk>& risks, double career_years) {
  char career[64];
  std::snprintf(career, sizeof career, "P(>=1 in %g years)", career_years);
  const Row header = {"metric", "scenario", "events", "per replicate-year", "per 1,000 physician-years",
                      "per 1,000 requests", std::string(career) + " per physician"};
  std::vector<Row> rows;
  for (const auto& metric : first_appearance_order(risks, &RareEventRisk::metric)) {
    bool first = true;
    for (const auto& r : risks) {
      if (r.metric != metric) continue;
      rows.push_back({first ? r.metric : "", r.scenario, readable(r.events), readable_rate(r.per_replicate_year),
                      readable_rate(r.per_1000_physician_years), readable_rate(r.per_1000_requests),
                      readable_rate(r.career_probability)});
      first = false;
    }
  }
  print_aligned(out, header, rows, 2);
}

void print_workload_table(std::ostream& out, const std::vector<WorkloadSummary>& workload) {
  const Row header = {"measure", "scenario", "physicians", "n per replicate", "mean per physician", "95% CI", "units"};
  std::vector<Row> rows;
  for (const auto& measure : first_appearance_order(workload, &WorkloadSummary::measure)) {
    bool first = true;
    for (const auto& w : workload) {
      if (w.measure != measure) continue;
      const auto& a = w.across_replicates;
      rows.push_back({first ? w.measure : "", w.scenario, w.physicians, readable(w.physicians_per_replicate),
                      readable(a.mean), readable_interval(a.ci_low, a.ci_high), w.units});
      first = false;
    }
  }
  print_aligned(out, header, rows, 3);
}

void print_mechanism_attribution(std::ostream& out, const std::vector<MechanismContribution>& rows) {
  const Row header = {"outcome", "mechanism off", "effect per requester", "95% CI", "contribution"};
  std::vector<Row> printed;
  for (const auto& outcome : first_appearance_order(rows, &MechanismContribution::outcome)) {
    bool first = true;
    for (const auto& r : rows) {
      if (r.outcome != outcome) continue;
      const bool all_on = r.mechanism.empty();
      printed.push_back({first ? r.outcome : "", all_on ? "(none: every mechanism on)" : r.mechanism,
                         readable(r.effect.mean), readable_interval(r.effect.ci_low, r.effect.ci_high),
                         all_on ? "" : readable(r.contribution)});
      first = false;
    }
  }
  print_aligned(out, header, printed, 2);
}

}  // namespace rapport::analysis
