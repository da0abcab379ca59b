#include "models/scenario.hpp"

#include <algorithm>
#include <set>

#include "sim/config_settings.hpp"

namespace rapport::models {

std::string group_name_problem(std::string_view name) {
  if (name.empty()) return "is empty";
  if (name == "." || name == "..") return "is '" + std::string(name) + "'";
  if (name.find('/') != std::string_view::npos) return "contains '/'";
  if (std::any_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
    return "contains a control character";
  }
  return "";
}

void check_settings(const sim::Settings& settings) {
  const auto& schema = parameter_schema();
  for (const auto& [key, setting] : settings) {
    if (key == "extends") throw sim::input_error(setting.origin, key, "not allowed here; name the scenario as the base");
    const auto* spec = schema.find(key);
    if (!spec) throw schema.unknown_key(setting.origin, key);
    (void)sim::checked_value(*spec, setting.value, setting.origin);
  }
}

Scenario load_scenario(const std::filesystem::path& file, const sim::Settings& overrides) {
  auto config = sim::resolve_scenario(file, overrides, parameter_schema());
  if (const auto problem = group_name_problem(config.name); !problem.empty()) {
    throw sim::input_error(file.string(), "", "the scenario's name (its file stem) " + problem +
                                                  ", so it cannot name a results group; rename the file");
  }
  auto params = parameters_from(config);
  return {std::move(config), std::move(params)};
}

Scenario scenario_from_settings(const std::string& name, const sim::Settings& settings, const sim::Settings& overrides) {
  if (const auto problem = group_name_problem(name); !problem.empty()) {
    throw sim::input_error("", "", "the scenario's name '" + name + "' " + problem +
                                       ", so it cannot name a results group; choose another name");
  }
  auto config = sim::resolve_scenario_settings(name, settings, overrides, parameter_schema());
  auto params = parameters_from(config);
  return {std::move(config), std::move(params)};
}

void add_uniquely_named(std::vector<Scenario>& scenarios, Scenario scenario) {
  const auto& name = scenario.config.name;
  if (std::any_of(scenarios.begin(), scenarios.end(), [&](const Scenario& s) { return s.config.name == name; })) {
    throw sim::input_error(scenario.config.file.string(), "",
                           "another scenario is also named '" + name + "' (names are file stems and must be unique)");
  }
  scenarios.push_back(std::move(scenario));
}

std::vector<Scenario> load_scenarios(const std::vector<std::string>& files, const std::vector<std::string>& overrides) {
  const auto settings = sim::parse_overrides(overrides);
  std::vector<Scenario> scenarios;
  for (const auto& file : files) add_uniquely_named(scenarios, load_scenario(file, settings));
  return scenarios;
}

Scenario scenario_from_text(const std::string& name, const std::string& toml_text) {
  auto config = sim::resolve_scenario_text(name, toml_text, parameter_schema());
  auto params = parameters_from(config);
  return {std::move(config), std::move(params)};
}

ParameterSetter::ParameterSetter(const Scenario& base, const sim::Settings& base_overrides,
                                 std::vector<std::string> keys)
    : base_(assigned_parameters(base.config)), keys_(std::move(keys)) {
  const auto& schema = parameter_schema();
  std::set<std::string> replaced_tables;
  for (const auto& key : keys_) {
    if (!schema.find(key)) throw schema.unknown_key("", key);
    const std::string table = schema.atomic_table_of(key);
    if (table.empty()) continue;
    const bool overrides_replaced_it = std::any_of(base_overrides.begin(), base_overrides.end(), [&](const auto& kv) {
      return schema.atomic_table_of(kv.first) == table;
    });
    if (!overrides_replaced_it) replaced_tables.insert(table);
  }
  for (const auto& spec : schema.parameters) {
    if (replaced_tables.contains(schema.atomic_table_of(spec.key)) &&
        std::find(keys_.begin(), keys_.end(), spec.key) == keys_.end()) {
      cleared_.push_back(spec.key);
    }
  }
}

Parameters ParameterSetter::at(std::span<const sim::ParameterValue> values) const {
  Parameters p = base_;
  for (const auto& key : cleared_) reset_parameter(p, key);
  for (std::size_t i = 0; i < keys_.size(); ++i) set_parameter(p, keys_[i], values[i], "");
  apply_cross_key_rules(p, [](std::string_view) { return std::string(); });
  return p;
}

}  // namespace rapport::models
