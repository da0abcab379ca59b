// Scenario configuration: TOML files with `extends`, command-line overrides,
// and validation against a schema of typed parameters. Knows no model.
// Reading TOML itself is sim/toml_input.hpp, the one layer every input file goes through.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace rapport::sim {

// A user-facing input error. The message already names the file and the key.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The one format of input errors: "where: key: what is wrong and what is allowed"
// (where is "file:line", "file" or "--set"; an empty where or key is left out).
ConfigError input_error(std::string_view where, std::string_view key, std::string_view what);

// The one closest-name rule of every input: the known name `name` abbreviates, else the
// nearest by edit distance when it is a plausible typo (within max(2, length/3) edits).
// Returns "did you mean 'x'?", or "" when nothing is close.
std::string did_you_mean(std::string_view name, const std::vector<std::string>& known);

enum class ValueKind { kInteger, kReal, kBoolean, kChoice };

using ParameterValue = std::variant<std::int64_t, double, bool, std::string>;

// One row of a schema: what a key accepts, its default and where the default comes from.
struct ParameterSpec {
  std::string key;
  ValueKind kind = ValueKind::kReal;
  ParameterValue default_value;
  double min = 0.0;  // inclusive bounds for numbers (integer bounds are whole and within int64)
  double max = 0.0;
  std::vector<std::string> choices;  // for kChoice
  std::string unit;
  std::string plausible;  // evidence-based plausible range, for docs and sweeps
  std::string source;     // evidence source by name, or "assumption"
  std::string description;
};

// A value as the schema row accepts it (a whole number for a real key becomes a double),
// or a ConfigError "where: key: ..." naming the allowed values.
ParameterValue checked_value(const ParameterSpec& spec, const ParameterValue& value, std::string_view where);

struct Schema {
  std::vector<ParameterSpec> parameters;
  // Tables a scenario replaces as a whole rather than merging key by key (e.g. a policy mix).
  std::vector<std::string> atomic_tables;

  [[nodiscard]] const ParameterSpec* find(std::string_view key) const;
  [[nodiscard]] std::vector<std::string> keys() const;
  // The atomic table `key` belongs to, or "" when none.
  [[nodiscard]] std::string atomic_table_of(std::string_view key) const;
  // A ConfigError for a key the schema lacks, with the closest key suggested.
  [[nodiscard]] ConfigError unknown_key(std::string_view where, std::string_view key) const;
};

// Values given outside a scenario file, by dotted key: --set, or a sweep's or calibration's [set].
struct Setting {
  ParameterValue value;
  std::string origin;  // "file:line" or "--set"
};
using Settings = std::map<std::string, Setting>;

// `--set` assignments ("dotted.key=value"; a bare word is a string) as settings.
Settings parse_overrides(const std::vector<std::string>& assignments);

// A scenario after `extends`, overrides and validation: every schema key has a value.
struct ResolvedConfig {
  std::string name;                    // file stem
  std::filesystem::path file;          // the file named on the command line
  std::map<std::string, ParameterValue> values;
  std::map<std::string, std::string> origin;  // key -> "file:line" (or "--set") that set it

  [[nodiscard]] std::int64_t integer(const std::string& key) const;
  [[nodiscard]] double real(const std::string& key) const;
  [[nodiscard]] bool boolean(const std::string& key) const;
  [[nodiscard]] const std::string& choice(const std::string& key) const;
  // The complete configuration as TOML text, defaults included, so it can be rerun as is.
  [[nodiscard]] std::string to_toml() const;
  // Where a key's value came from, for error messages about consistency between keys.
  [[nodiscard]] std::string where(const std::string& key) const;
};

// Loads a scenario file, follows `extends`, applies the overrides, validates.
ResolvedConfig resolve_scenario(const std::filesystem::path& file, const Settings& overrides, const Schema& schema);
// Loads TOML text (used when rerunning a stored configuration).
ResolvedConfig resolve_scenario_text(const std::string& name, const std::string& toml_text, const Schema& schema);

std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace rapport::sim
