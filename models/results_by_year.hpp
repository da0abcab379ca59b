// Outcomes by calendar year: /scenarios/<name>/by_year/{year, <metric>}, one row per
// replicate and one column per calendar year of the run (docs/MODEL.md, "Calendar time").
#pragma once

#include <string>
#include <vector>

#include "models/model.hpp"

namespace rapport::sim {
class Hdf5File;
}  // namespace rapport::sim

namespace rapport::models {

// A metric's value for each calendar year of one run: the mean of its daily values over
// the year's days, or for a cumulative metric its value on the year's last day. The last
// year may be partial.
std::vector<double> yearly_values(const sim::DailySeries& series, std::size_t metric, std::uint32_t days);

void write_by_year(sim::Hdf5File& file, const std::string& group, const Parameters& params,
                   const std::vector<RunResult>& replicates);

}  // namespace rapport::models
