// The one typed path from a scenario to a model: a scenario file (with its `extends`
// chain) and overrides become a resolved configuration and typed Parameters, for `run`,
// `rerun`, `validate`, sweeps and calibration alike. Sweeps and calibration resolve a base
// once and set each point's values on the typed parameters (ParameterSetter), with the
// same checks as a scenario file and no text or file in between.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "models/parameters.hpp"
#include "sim/config.hpp"

namespace rapport::models {

struct Scenario {
  sim::ResolvedConfig config;
  Parameters params;
};

// A scenario file with `extends` and overrides, validated: every key against the schema,
// the rules between keys, and a name (the file stem) that can name its results group.
// Throws sim::ConfigError.
Scenario load_scenario(const std::filesystem::path& file, const sim::Settings& overrides = {});
// The scenario files of one command (`--set` assignments apply to each); names must be unique.
std::vector<Scenario> load_scenarios(const std::vector<std::string>& files, const std::vector<std::string>& overrides);
// Settings given by key (the Python module's Scenario(dict)) with overrides, validated as a
// scenario file with those settings would be; `name` names its results group.
Scenario scenario_from_settings(const std::string& name, const sim::Settings& settings,
                                const sim::Settings& overrides = {});
// Appends `scenario`, or throws sim::ConfigError when one of `scenarios` has its name already
// (their results groups would clash).
void add_uniquely_named(std::vector<Scenario>& scenarios, Scenario scenario);
// A configuration stored as TOML text in a results file (`rerun`).
Scenario scenario_from_text(const std::string& name, const std::string& toml_text);

// Checks settings given outside a scenario file (a sweep's or calibration's [set]) where
// they were written: known keys with allowed values, and no `extends`.
void check_settings(const sim::Settings& settings);

// Why `name` cannot name a group of a results file, or "" when it can.
std::string group_name_problem(std::string_view name);

// Sets the same keys of a base scenario at point after point, through the parameter
// table's rows: the range check of each key, then the rules between keys, exactly as if
// the values were overrides of the base file. Thread-safe: at() is const.
class ParameterSetter {
 public:
  // `base_overrides` are the overrides the base was resolved with (a sweep's [set]): like a
  // scenario that extends the base, a point that sets one share of an atomic table (policy.mix)
  // clears the shares the base file set, unless those overrides replaced the table already.
  ParameterSetter(const Scenario& base, const sim::Settings& base_overrides, std::vector<std::string> keys);

  // The base's parameters with keys[i] set to values[i]; a sim::ConfigError names the key
  // and what it allows.
  [[nodiscard]] Parameters at(std::span<const sim::ParameterValue> values) const;
  [[nodiscard]] const std::vector<std::string>& keys() const { return keys_; }

 private:
  Parameters base_;  // before the rules between keys, which every point applies again
  std::vector<std::string> keys_;
  std::vector<std::string> cleared_;  // keys of atomic tables back at their defaults at every point
};

}  // namespace rapport::models
