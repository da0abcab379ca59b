// Writes one scenario's replicates into the HDF5 layout documented in docs/RESULTS.md:
// /scenarios/<name>/{day, metrics/, physicians/, distributions/}. The same declarations
// (metric registry, physician columns, the texts below) write the file and the page.
#pragma once

#include "models/model.hpp"
#include "sim/config.hpp"

namespace rapport::sim {
class Hdf5File;
}  // namespace rapport::sim

namespace rapport::models {

// 2: string attributes variable-length UTF-8 (h5py reads str, not bytes), stored configurations
// with shortest round-trip reals (0.3, not 0.29999999999999999). Readers read 1 and 2 alike.
inline constexpr std::int64_t kFormatVersion = 2;

void write_scenario(sim::Hdf5File& file, const sim::ResolvedConfig& config, const Parameters& params,
                    const std::vector<RunResult>& replicates);

// The generated part of docs/RESULTS.md: the scenario group, every metric and every
// physician column, in Markdown.
std::string results_layout_markdown();

}  // namespace rapport::models
