// Commands that describe rather than run: validate, policies, parameters, schedule.
#include <iomanip>
#include <iostream>
#include <sstream>

#include "app/commands.hpp"
#include "app/simulation.hpp"
#include "models/model.hpp"
#include "models/parameters.hpp"
#include "models/phases/phases.hpp"

namespace rapport::app {
namespace {

std::string format_default(const sim::ParameterValue& value) {
  std::ostringstream out;
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, bool>) out << (v ? "true" : "false");
        else if constexpr (std::is_same_v<T, std::string>) out << '"' << v << '"';
        else out << v;
      },
      value);
  return out.str();
}

}  // namespace

int validate_command(const std::vector<std::string>& scenario_files, const std::vector<std::string>& overrides) {
  try {
    for (const auto& [config, params] : models::load_scenarios(scenario_files, overrides)) {
      std::cout << config.file.string() << ": ok ("
                << params.population.physicians * params.population.patients_per_physician << " patients, "
                << params.run.days << " days, " << params.run.replicates << " replicates)\n";
    }
  } catch (const sim::ConfigError& e) {
    std::cerr << "rapport: error: " << e.what() << '\n';
    return kBadInput;
  }
  return kOk;
}

int policies_command() {
  for (const auto& policy : models::policy_table()) {
    std::cout << std::left << std::setw(20) << policy.name << policy.summary << '\n';
  }
  return kOk;
}

int parameters_command(bool markdown) {
  const auto& schema = models::parameter_schema();
  if (markdown) {
    std::cout << "| key | default | unit | plausible range | source | meaning |\n|---|---|---|---|---|---|\n";
    for (const auto& p : schema.parameters) {
      std::cout << "| `" << p.key << "` | " << format_default(p.default_value) << " | " << p.unit << " | "
                << p.plausible << " | " << p.source << " | " << p.description << " |\n";
    }
    return kOk;
  }
  for (const auto& p : schema.parameters) {
    std::cout << std::left << std::setw(48) << p.key << std::setw(12) << format_default(p.default_value)
              << p.description << '\n';
  }
  return kOk;
}

int schedule_command() {
  const auto schedule = models::make_daily_schedule();
  int step = 1;
  for (const auto& phase : schedule.phases()) {
    std::cout << step++ << ". " << std::left << std::setw(22) << phase->name() << phase->summary() << '\n';
  }
  return kOk;
}

}  // namespace rapport::app
