// Writes one scenario's replicates into the documented HDF5 layout
// (README "HDF5 results"): /scenarios/<name>/{day, metrics/, physicians/, distributions/}.
#pragma once

#include "models/model.hpp"
#include "sim/config.hpp"

namespace rapport::sim {
class Hdf5File;
}  // namespace rapport::sim

namespace rapport::models {

inline constexpr std::int64_t kFormatVersion = 1;

void write_scenario(sim::Hdf5File& file, const sim::ResolvedConfig& config, const Parameters& params,
                    const std::vector<RunResult>& replicates);

}  // namespace rapport::models
