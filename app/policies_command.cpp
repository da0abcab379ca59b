// `rapport policies`: list the built-in friend-request policies.
#include <CLI/CLI.hpp>

#include <iomanip>
#include <iostream>

#include "app/commands.hpp"
#include "models/policies/policy.hpp"

namespace rapport::app {

CommandRunner define_policies(CLI::App& /*command*/) {
  return [](const Invocation&) {
    for (const auto& policy : models::policy_table()) {
      std::cout << std::left << std::setw(20) << policy.name << policy.summary << '\n';
    }
    return static_cast<int>(kOk);
  };
}

}  // namespace rapport::app
