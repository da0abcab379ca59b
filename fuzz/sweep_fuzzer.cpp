// libFuzzer target: any bytes as the text of a sweep file, through the common TOML layer,
// the sweep reader and the resolution of its base scenarios with [set]
// (analysis/sweeps/sweep_file.cpp). The file is anchored in scenarios/sweeps/, so the
// shipped sweeps' relative bases resolve; run from the repository root (scripts/fuzz.sh).
// The contract under test: bad input is a sim::ConfigError and nothing else.
#include <cstdint>
#include <string>

#include "analysis/sweeps/sweep_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rapport;
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    (void)analysis::parse_sweep_file(text, "scenarios/sweeps/fuzz.toml");
  } catch (const sim::ConfigError&) {
    // the documented outcome for bad input
  }
  return 0;
}
