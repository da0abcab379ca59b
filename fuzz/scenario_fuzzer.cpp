// libFuzzer target: any bytes as the text of a scenario file, through the TOML parser,
// the schema validation and the cross-key rules (sim/config.cpp, models/parameters.cpp).
// The contract under test: bad input is a sim::ConfigError and nothing else, and a
// configuration that passes survives its own round trip through to_toml() (as `rerun` needs).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "models/parameters.hpp"
#include "sim/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rapport;
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto& schema = models::parameter_schema();
  try {
    const auto config = sim::resolve_scenario_text("fuzz", text, schema);
    (void)models::parameters_from(config);
    const auto stored = sim::resolve_scenario_text("fuzz", config.to_toml(), schema);
    if (stored.values != config.values) std::abort();  // rerun would not reproduce this scenario
  } catch (const sim::ConfigError&) {
    // the documented outcome for bad input
  }
  return 0;
}
