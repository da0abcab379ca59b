// The model's mechanisms that favour or penalise connecting, each with the settings that
// switch it off, for `rapport explain`: it attributes the difference between two policies
// to mechanisms by running both with each one off in turn (common random numbers).
// A new mechanism adds a row here (and its section of docs/MODEL.md).
#pragma once

#include <span>
#include <string_view>
#include <vector>

namespace rapport::models {

struct MechanismSwitch {
  std::string_view name;     // usable in a scenario name: [a-z_]
  std::string_view summary;  // what is switched off
  std::vector<std::string_view> off;  // "key=value" assignments
};

// Every switchable mechanism, in the order of docs/MODEL.md.
std::span<const MechanismSwitch> mechanism_switches();

}  // namespace rapport::models
