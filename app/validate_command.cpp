// `rapport validate`: check scenario files without running them (the same checks as `run`).
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "app/commands.hpp"
#include "app/simulation.hpp"

namespace rapport::app {

CommandRunner define_validate(CLI::App& command) {
  struct Options {
    std::vector<std::string> files, overrides;
  };
  auto options = std::make_shared<Options>();
  command.add_option("files", options->files, "scenario TOML files")->required()->check(CLI::ExistingFile);
  command.add_option("--set", options->overrides, "override a parameter: dotted.key=value (repeatable)");
  return [options](const Invocation&) {
    try {
      for (const auto& [config, params] : models::load_scenarios(options->files, options->overrides)) {
        std::cout << config.file.string() << ": ok ("
                  << params.population.physicians * params.population.patients_per_physician << " patients, "
                  << params.run.days << " days, " << params.run.replicates << " replicates)\n";
      }
    } catch (const sim::ConfigError& e) {
      std::cerr << "rapport: error: " << e.what() << '\n';
      return static_cast<int>(kBadInput);
    }
    return static_cast<int>(kOk);
  };
}

}  // namespace rapport::app
