#include "models/results_by_year.hpp"

#include "models/calendar.hpp"
#include "sim/hdf5_file.hpp"

namespace rapport::models {

std::vector<double> yearly_values(const sim::DailySeries& series, std::size_t metric, std::uint32_t days) {
  const bool cumulative = metric_table()[metric].reduction == sim::Reduction::kCumulative;
  std::vector<double> values;
  for (std::uint32_t first = 0; first < days; first += kDaysPerYear) {
    const std::uint32_t last = std::min(days, first + kDaysPerYear);
    double sum = 0;
    for (std::uint32_t t = first; t < last; ++t) sum += series.at(metric, t);
    values.push_back(cumulative ? series.at(metric, last - 1) : sum / (last - first));
  }
  return values;
}

void write_by_year(sim::Hdf5File& file, const std::string& group, const Parameters& params,
                   const std::vector<RunResult>& replicates) {
  const auto days = static_cast<std::uint32_t>(params.run.days);
  const std::string by_year = group + "/by_year";
  std::vector<std::int64_t> years;
  for (std::uint32_t first = 0; first < days; first += kDaysPerYear) years.push_back(calendar_year(params, first));
  file.write_vector(by_year + "/year", years);
  file.set_attribute(by_year + "/year", "units", std::string("calendar year (365 days from run.start_year)"));
  const auto& metrics = metric_table();
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    sim::Matrix matrix{replicates.size(), years.size(), {}};
    for (const auto& run : replicates) {
      const auto values = yearly_values(run.series, m, days);
      matrix.values.insert(matrix.values.end(), values.begin(), values.end());
    }
    const std::string path = by_year + "/" + std::string(metrics[m].name);
    file.write_matrix(path, matrix);
    file.set_attribute(path, "units", std::string(metrics[m].units));
    file.set_attribute(path, "description",
                       std::string(metrics[m].reduction == sim::Reduction::kCumulative
                                       ? "value on the last day of each calendar year"
                                       : "mean of the daily values over each calendar year"));
  }
}

}  // namespace rapport::models
