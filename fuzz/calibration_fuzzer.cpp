// libFuzzer target: any bytes as the text of a calibration file, through the common TOML
// layer, the calibration reader, the base scenario with [set] and the proposals at the
// priors' bounds (analysis/calibration/calibration_file.cpp). The file is anchored in
// scenarios/calibration/, so the shipped file's relative base resolves; run from the
// repository root (scripts/fuzz.sh). The contract: bad input is a sim::ConfigError only.
#include <cstdint>
#include <string>

#include "analysis/calibration/calibration_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rapport;
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    (void)analysis::calibration::parse_calibration(text, "scenarios/calibration/fuzz.toml");
  } catch (const sim::ConfigError&) {
    // the documented outcome for bad input
  }
  return 0;
}
