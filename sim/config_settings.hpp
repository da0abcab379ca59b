// A scenario given as settings rather than as a file (the Python module's Scenario(dict)),
// resolved by sim/config.cpp like a file. Apart from config.hpp, which nearly every file includes.
#pragma once

#include <string>

#include "sim/config.hpp"

namespace rapport::sim {

// `settings` with `overrides` over them, resolved and validated as a scenario file holding
// those settings would be; an `extends` setting names a file relative to the working directory.
ResolvedConfig resolve_scenario_settings(const std::string& name, const Settings& settings, const Settings& overrides,
                                         const Schema& schema);

}  // namespace rapport::sim
