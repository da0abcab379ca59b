// `rapport schedule`: print the phases of a simulated day, in order.
#include <CLI/CLI.hpp>

#include <iomanip>
#include <iostream>

#include "app/commands.hpp"
#include "models/model.hpp"
#include "models/phases/phases.hpp"

namespace rapport::app {

CommandRunner define_schedule(CLI::App& /*command*/) {
  return [](const Invocation&) {
    const auto schedule = models::make_daily_schedule();
    int step = 1;
    for (const auto& phase : schedule.phases()) {
      std::cout << step++ << ". " << std::left << std::setw(22) << phase->name() << phase->summary() << '\n';
    }
    return static_cast<int>(kOk);
  };
}

}  // namespace rapport::app
