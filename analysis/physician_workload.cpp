#include "analysis/physician_workload.hpp"

#include <array>

#include "analysis/outcome_rules.hpp"

namespace rapport::analysis {
namespace {

struct Measure {
  const char* name;
  const char* column;  // in the physician table
  const char* units;
  double scale;        // applied to the column's value for one physician
};

// after_hours_minutes and overtime_minutes are run totals; the others per calendar day or levels.
std::array<Measure, 6> measures(double days) {
  const double per_workday = 7.0 / kWorkdaysPerWeek;
  return {{{"minutes_asked_per_workday", "demand_minutes_per_day", "minutes/workday", per_workday},
           {"minutes_worked_per_workday", "minutes_per_day", "minutes/workday", per_workday},
           {"after_hours_minutes_per_workday", "after_hours_minutes", "minutes/workday", per_workday / days},
           {"overtime_minutes_per_workday", "overtime_minutes", "minutes/workday", per_workday / days},
           {"backlog_minutes_at_end", "backlog_minutes", "minutes", 1.0},
           {"message_hours_per_physician_year", "minutes_per_day", "hours/year", kDaysPerYear / 60.0}}};
}

}  // namespace

std::vector<WorkloadSummary> physician_workload(const Results& results) {
  std::vector<WorkloadSummary> rows;
  for (const auto& scenario : results.scenarios) {
    const auto findable = scenario.physician_columns.find("findable");
    if (findable == scenario.physician_columns.end()) continue;
    const auto replicates = static_cast<std::size_t>(scenario.replicates);
    const auto physicians = static_cast<std::size_t>(scenario.physicians);
    for (const bool only_findable : {false, true}) {
      // Members of the group per replicate; skip the group if any replicate has none.
      std::vector<double> group_size(replicates, 0.0);
      for (std::size_t r = 0; r < replicates; ++r) {
        for (std::size_t d = 0; d < physicians; ++d) {
          group_size[r] += !only_findable || findable->second.values[r * physicians + d] != 0.0;
        }
      }
      bool empty_replicate = false;
      double mean_size = 0.0;
      for (const double size : group_size) {
        empty_replicate = empty_replicate || size == 0.0;
        mean_size += size / static_cast<double>(replicates);
      }
      if (empty_replicate) continue;
      for (const auto& measure : measures(static_cast<double>(scenario.days))) {
        const auto column = scenario.physician_columns.find(measure.column);
        if (column == scenario.physician_columns.end()) continue;
        std::vector<double> group_mean(replicates, 0.0);
        for (std::size_t r = 0; r < replicates; ++r) {
          for (std::size_t d = 0; d < physicians; ++d) {
            if (only_findable && findable->second.values[r * physicians + d] == 0.0) continue;
            group_mean[r] += column->second.values[r * physicians + d] * measure.scale;
          }
          group_mean[r] /= group_size[r];
        }
        rows.push_back({scenario.name, only_findable ? "findable" : "all", measure.name, measure.units, mean_size,
                        summarize_non_negative(group_mean)});
      }
    }
  }
  return rows;
}

}  // namespace rapport::analysis
