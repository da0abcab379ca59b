#include "analysis/summary_report.hpp"

#include "analysis/number_format.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <ostream>
#include <string>

namespace rapport::analysis {
namespace {

bool has_baseline(const std::vector<MetricSummary>& summaries) {
  return !summaries.empty() && summaries.front().versus_baseline.has_value();
}

}  // namespace

void print_summary_csv(std::ostream& out, const std::vector<MetricSummary>& summaries) {
  const bool paired = has_baseline(summaries);
  out << "scenario,metric,statistic,n,mean,sd,ci_low,ci_high";
  if (paired) out << ",diff_mean,diff_ci_low,diff_ci_high,p_value";
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
    out << '\n';
  }
}

void print_summary_table(std::ostream& out, const std::vector<MetricSummary>& summaries) {
  const bool paired = has_baseline(summaries);
  std::vector<std::string> header = {"metric", "scenario", "statistic", "n", "mean", "sd", "95% CI"};
  if (paired) header.insert(header.end(), {"diff vs baseline", "95% CI of diff", "p"});

  // Metrics in order of first appearance, then scenarios within each metric.
  std::vector<std::string> metric_order;
  for (const auto& s : summaries) {
    if (std::find(metric_order.begin(), metric_order.end(), s.metric) == metric_order.end()) {
      metric_order.push_back(s.metric);
    }
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& metric : metric_order) {
    bool first = true;
    for (const auto& s : summaries) {
      if (s.metric != metric) continue;
      const auto& a = s.across_replicates;
      std::vector<std::string> row = {first ? s.metric : "", s.scenario, std::string(statistic_name(s.statistic)),
                                      std::to_string(a.n), readable(a.mean), readable(a.sd),
                                      readable_interval(a.ci_low, a.ci_high)};
      if (paired) {
        const auto& d = s.versus_baseline->difference;
        row.insert(row.end(), {readable(d.mean), readable_interval(d.ci_low, d.ci_high),
                               readable_p_value(s.versus_baseline->p_value)});
      }
      rows.push_back(std::move(row));
      first = false;
    }
  }

  std::vector<std::size_t> width(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) {
    width[c] = header[c].size();
    for (const auto& row : rows) width[c] = std::max(width[c], row[c].size());
  }
  // Text columns align left, numbers right.
  const auto print_row = [&](const std::vector<std::string>& row) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c > 0) out << "  ";
      out << (c < 3 ? std::left : std::right) << std::setw(static_cast<int>(width[c])) << row[c];
    }
    out << std::right << '\n';
  };
  print_row(header);
  for (const auto& row : rows) {
    if (!row[0].empty() && &row != &rows.front()) out << '\n';
    print_row(row);
  }
}

}  // namespace rapport::analysis
