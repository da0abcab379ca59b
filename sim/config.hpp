// Scenario configuration: TOML files with `extends`, command-line overrides,
// and validation against a schema of typed parameters. Knows no model.
#pragma once

#include <toml++/toml.h>

#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace rapport::sim {

// A user-facing input error. The message already names the file and the key.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class ValueKind { kInteger, kReal, kBoolean, kChoice };

using ParameterValue = std::variant<std::int64_t, double, bool, std::string>;

// One row of a schema: what a key accepts, its default and where the default comes from.
struct ParameterSpec {
  std::string key;
  ValueKind kind = ValueKind::kReal;
  ParameterValue default_value;
  double min = 0.0;  // inclusive bounds for numbers
  double max = 0.0;
  std::vector<std::string> choices;  // for kChoice
  std::string unit;
  std::string plausible;  // evidence-based plausible range, for docs and sweeps
  std::string source;     // evidence source by name, or "assumption"
  std::string description;
};

struct Schema {
  std::vector<ParameterSpec> parameters;
  // Tables a scenario replaces as a whole rather than merging key by key (e.g. a policy mix).
  std::vector<std::string> atomic_tables;

  [[nodiscard]] const ParameterSpec* find(std::string_view key) const;
  [[nodiscard]] std::string closest_key(std::string_view key) const;
};

// A scenario after `extends`, overrides and validation: every schema key has a value.
struct ResolvedConfig {
  std::string name;                    // file stem
  std::filesystem::path file;          // the file named on the command line
  std::map<std::string, ParameterValue> values;
  std::map<std::string, std::string> origin;  // key -> file (or "--set") that set it

  [[nodiscard]] std::int64_t integer(const std::string& key) const;
  [[nodiscard]] double real(const std::string& key) const;
  [[nodiscard]] bool boolean(const std::string& key) const;
  [[nodiscard]] const std::string& choice(const std::string& key) const;
  // The complete configuration as TOML text, defaults included, so it can be rerun as is.
  [[nodiscard]] std::string to_toml() const;
  // Where a key's value came from, for error messages about consistency between keys.
  [[nodiscard]] std::string where(const std::string& key) const;
};

// Loads a scenario file, follows `extends`, applies `key=value` overrides, validates.
ResolvedConfig resolve_scenario(const std::filesystem::path& file, const std::vector<std::string>& overrides,
                                const Schema& schema);
// Loads TOML text (used when rerunning a stored configuration).
ResolvedConfig resolve_scenario_text(const std::string& name, const std::string& toml_text, const Schema& schema);

std::size_t edit_distance(std::string_view a, std::string_view b);

// Reading and parsing TOML with rapport's error messages (ConfigError naming file, line and column);
// shared with other TOML inputs such as sweep files.
std::string read_text_file(const std::filesystem::path& file);
toml::table parse_toml_text(const std::string& text, const std::string& source_name);

}  // namespace rapport::sim
