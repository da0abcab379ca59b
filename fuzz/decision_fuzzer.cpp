// libFuzzer target: any bytes as the text of a decision file, through the common TOML
// layer, the decision reader, its base scenario with [set], its arms and its uncertain
// parameters (analysis/decision/decision_file.cpp). The file is anchored in
// scenarios/decisions/, so the shipped file's relative base resolves; run from the
// repository root (scripts/fuzz.sh). The contract: bad input is a sim::ConfigError only.
#include <cstdint>
#include <string>

#include "analysis/decision/decision_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rapport;
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    (void)analysis::parse_decision_file(text, "scenarios/decisions/fuzz.toml");
  } catch (const sim::ConfigError&) {
    // the documented outcome for bad input
  }
  return 0;
}
