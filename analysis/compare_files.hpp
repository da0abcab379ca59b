// Bit-for-bit comparison of two results or sweep files, for `rapport rerun --verify`.
#pragma once

#include <string>
#include <vector>


namespace rapport::sim {
class Hdf5File;
}  // namespace rapport::sim

namespace rapport::analysis {

struct FileComparison {
  std::size_t datasets_compared = 0;
  std::vector<std::string> differences;  // one line each, naming the dataset or attribute
  [[nodiscard]] bool identical() const { return differences.empty(); }
};

// Compares every dataset and attribute under /scenarios: type, shape and bytes; strings by
// their text, and stored configurations by what they say (so files of format 1 verify too).
// Skips /scenarios/<name>/summary, which `summarize --write` derives from the rest;
// /provenance and root attributes (creation time, host) are expected to differ.
FileComparison compare_scenarios(const sim::Hdf5File& expected, const sim::Hdf5File& actual);
// The same for any top-level group; under /sweeps, /sweeps/<name>/sensitivity is skipped,
// which `rapport sensitivity` derives from the rest.
FileComparison compare_group(const sim::Hdf5File& expected, const sim::Hdf5File& actual, const std::string& group);

}  // namespace rapport::analysis
