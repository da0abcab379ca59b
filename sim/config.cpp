#include "sim/config.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <sstream>

#include "sim/config_settings.hpp"
#include "sim/toml_input.hpp"

namespace rapport::sim {
namespace {

std::string describe(ValueKind kind) {
  switch (kind) {
    case ValueKind::kInteger: return "an integer";
    case ValueKind::kReal: return "a number";
    case ValueKind::kBoolean: return "true or false";
    case ValueKind::kChoice: return "one of the listed names";
  }
  return "a value";
}

std::string format_number(double x) {
  std::ostringstream out;
  // Whole numbers in full ("1000000", not "1e+06"): bounds of counts read better that way.
  if (std::isfinite(x) && x == std::trunc(x) && std::abs(x) < 9.2e18) {
    out << static_cast<std::int64_t>(x);
  } else {
    out << x;
  }
  return out.str();
}

std::string allowed_text(const ParameterSpec& spec) {
  if (spec.kind == ValueKind::kChoice) {
    std::string text = "allowed: ";
    for (std::size_t i = 0; i < spec.choices.size(); ++i) text += (i ? ", " : "") + spec.choices[i];
    return text;
  }
  if (spec.kind == ValueKind::kBoolean) return "allowed: true or false";
  return "allowed: " + describe(spec.kind) + " from " + format_number(spec.min) + " to " + format_number(spec.max);
}

// Child keys override parent keys; an atomic table set by the child replaces the parent's.
void merge_over(Settings& base, const Settings& child, const Schema& schema) {
  for (const auto& table : schema.atomic_tables) {
    const std::string prefix = table + ".";
    const bool child_sets = std::any_of(child.begin(), child.end(),
                                        [&](const auto& kv) { return kv.first.starts_with(prefix); });
    if (child_sets) std::erase_if(base, [&](const auto& kv) { return kv.first.starts_with(prefix); });
  }
  for (const auto& [key, setting] : child) base[key] = setting;
}

Settings over_extended(Settings flat, const std::filesystem::path& directory, std::vector<std::filesystem::path>& chain,
                       const Schema& schema);

Settings load_with_extends(const std::filesystem::path& file, std::vector<std::filesystem::path>& chain,
                           const Schema& schema) {
  const auto canonical = std::filesystem::weakly_canonical(file);
  if (std::find(chain.begin(), chain.end(), canonical) != chain.end()) {
    std::string cycle;
    for (const auto& f : chain) cycle += f.filename().string() + " -> ";
    throw input_error(chain.back().string(), "extends", "forms a cycle: " + cycle + file.filename().string());
  }
  if (chain.size() == kMaxExtendsDepth) {
    throw input_error(chain.back().string(), "extends",
                      "the chain of 'extends' is longer than " + std::to_string(kMaxExtendsDepth) + " files");
  }
  if (!chain.empty() && !std::filesystem::exists(file)) {
    throw input_error(chain.back().string(), "extends", "names a missing file: " + file.string());
  }
  chain.push_back(canonical);
  const toml::table table = parse_toml_text(read_input_file(file, "scenario file"), file.string());
  Settings flat;
  flatten_table(table, file.string(), flat);
  Settings result = over_extended(std::move(flat), file.parent_path(), chain, schema);
  chain.pop_back();
  return result;
}

// `flat` merged over the settings of the file its `extends` names (relative to `directory`), if any.
Settings over_extended(Settings flat, const std::filesystem::path& directory, std::vector<std::filesystem::path>& chain,
                       const Schema& schema) {
  Settings result;
  if (auto it = flat.find("extends"); it != flat.end()) {
    const auto* parent = std::get_if<std::string>(&it->second.value);
    if (!parent) throw input_error(it->second.origin, "extends", "must be a file path string");
    result = load_with_extends(directory / *parent, chain, schema);
    flat.erase(it);
  }
  merge_over(result, flat, schema);
  return result;
}

ResolvedConfig validate(std::string name, std::filesystem::path file, const Settings& flat, const Schema& schema) {
  ResolvedConfig config;
  config.name = std::move(name);
  config.file = std::move(file);
  for (const auto& spec : schema.parameters) config.values[spec.key] = spec.default_value;
  for (const auto& [key, setting] : flat) {
    const ParameterSpec* spec = schema.find(key);
    if (!spec) throw schema.unknown_key(setting.origin, key);
    config.values[key] = checked_value(*spec, setting.value, setting.origin);
    config.origin[key] = setting.origin;
  }
  return config;
}

bool has_control_character(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

}  // namespace

ConfigError input_error(std::string_view where, std::string_view key, std::string_view what) {
  std::string message(where);
  if (!key.empty()) message += (message.empty() ? "" : ": ") + std::string(key);
  message += (message.empty() ? "" : ": ") + std::string(what);
  return ConfigError(message);
}

std::string did_you_mean(std::string_view name, const std::vector<std::string>& known) {
  if (name.empty() || known.empty()) return "";
  for (const auto& k : known) {
    if (k.starts_with(name)) return "did you mean '" + k + "'?";
  }
  const auto closest = std::min_element(known.begin(), known.end(), [&](const auto& a, const auto& b) {
    return edit_distance(name, a) < edit_distance(name, b);
  });
  if (edit_distance(name, *closest) > std::max<std::size_t>(2, name.size() / 3)) return "";
  return "did you mean '" + *closest + "'?";
}

ParameterValue checked_value(const ParameterSpec& spec, const ParameterValue& value, std::string_view where) {
  auto bad_type = [&]() { return input_error(where, spec.key, "must be " + describe(spec.kind) + "; " + allowed_text(spec)); };
  auto out_of_range = [&](const std::string& shown, const std::string& side) {
    return input_error(where, spec.key, "is " + shown + ", out of range" + side + "; " + allowed_text(spec));
  };
  const std::string below = " (below the minimum of " + format_number(spec.min) + ")";
  const std::string above = " (above the maximum of " + format_number(spec.max) + ")";
  switch (spec.kind) {
    case ValueKind::kInteger: {
      const auto* i = std::get_if<std::int64_t>(&value);
      if (!i) throw bad_type();
      // Compared as integers: a double rounds 9000000000000000001 down to the maximum seed.
      if (*i < static_cast<std::int64_t>(spec.min)) throw out_of_range(std::to_string(*i), below);
      if (*i > static_cast<std::int64_t>(spec.max)) throw out_of_range(std::to_string(*i), above);
      return *i;
    }
    case ValueKind::kReal: {
      double x = 0.0;
      if (const auto* i = std::get_if<std::int64_t>(&value)) {
        x = static_cast<double>(*i);
      } else if (const auto* d = std::get_if<double>(&value)) {
        x = *d;
      } else {
        throw bad_type();
      }
      if (!std::isfinite(x) || x < spec.min || x > spec.max) {
        throw out_of_range(format_number(x), x < spec.min ? below : x > spec.max ? above : "");
      }
      return x;
    }
    case ValueKind::kBoolean: {
      const auto* b = std::get_if<bool>(&value);
      if (!b) throw bad_type();
      return *b;
    }
    case ValueKind::kChoice: {
      const auto* s = std::get_if<std::string>(&value);
      if (!s || std::find(spec.choices.begin(), spec.choices.end(), *s) == spec.choices.end()) {
        throw input_error(where, spec.key, "is not a valid choice; " + allowed_text(spec));
      }
      return *s;
    }
  }
  throw bad_type();
}

Settings parse_overrides(const std::vector<std::string>& assignments) {
  Settings settings;
  const std::string origin = "--set";
  for (const auto& assignment : assignments) {
    const auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == assignment.size()) {
      throw input_error("--set", assignment, "expected dotted.key=value, e.g. --set run.days=365");
    }
    const std::string key = assignment.substr(0, eq);
    const std::string value = assignment.substr(eq + 1);
    // A line break would let the value smuggle in a second TOML assignment.
    if (has_control_character(assignment)) {
      throw input_error("--set", key, "the assignment contains a line break or other control character");
    }
    const auto not_a_value = [&] {
      return input_error("--set", key, "'" + value + "' is not a number, boolean or string; give one key per --set");
    };
    std::optional<toml::table> table;
    try {
      table = parse_toml_text("v = " + value, "--set");
    } catch (const ConfigError&) {
      settings[key] = {value, origin};  // a bare word is a string, e.g. network.type=barabasi_albert
      continue;
    }
    const toml::node* node = table->get("v");
    if (table->size() != 1 || !node || node->is_table() || node->is_array()) throw not_a_value();
    Settings parsed;
    try {
      flatten_table(*table, origin, parsed);
    } catch (const ConfigError&) {  // a date or time
      throw not_a_value();
    }
    settings[key] = {parsed.at("v").value, origin};
  }
  return settings;
}

const ParameterSpec* Schema::find(std::string_view key) const {
  const auto it = std::find_if(parameters.begin(), parameters.end(), [&](const auto& p) { return p.key == key; });
  return it == parameters.end() ? nullptr : &*it;
}

std::vector<std::string> Schema::keys() const {
  std::vector<std::string> names;
  for (const auto& spec : parameters) names.push_back(spec.key);
  return names;
}

std::string Schema::atomic_table_of(std::string_view key) const {
  for (const auto& table : atomic_tables) {
    if (key.size() > table.size() && key.starts_with(table) && key[table.size()] == '.') return table;
  }
  return "";
}

ConfigError Schema::unknown_key(std::string_view where, std::string_view key) const {
  const std::string hint = did_you_mean(key, keys());
  return input_error(where, key, "unknown key; " + (hint.empty() ? "" : hint + " ") + "(`rapport parameters` lists every key)");
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::int64_t ResolvedConfig::integer(const std::string& key) const { return std::get<std::int64_t>(values.at(key)); }
double ResolvedConfig::real(const std::string& key) const { return std::get<double>(values.at(key)); }
bool ResolvedConfig::boolean(const std::string& key) const { return std::get<bool>(values.at(key)); }
const std::string& ResolvedConfig::choice(const std::string& key) const {
  return std::get<std::string>(values.at(key));
}

std::string ResolvedConfig::where(const std::string& key) const {
  const auto it = origin.find(key);
  return it != origin.end() ? it->second : file.string() + " (default of '" + key + "')";
}

std::string ResolvedConfig::to_toml() const {
  // Written here rather than by toml++'s formatter, which prints 0.3 as 0.29999999999999999.
  std::map<std::string, std::vector<std::pair<std::string, const ParameterValue*>>> tables;
  for (const auto& [key, value] : values) {
    const auto dot = key.rfind('.');
    const std::string table = dot == std::string::npos ? "" : key.substr(0, dot);
    tables[table].emplace_back(key.substr(dot + 1), &value);
  }
  std::ostringstream out;
  for (const auto& [table, entries] : tables) {  // "" (top-level keys) sorts first, as TOML needs
    if (!table.empty()) out << (out.tellp() > 0 ? "\n[" : "[") << table << "]\n";
    for (const auto& [leaf, value] : entries) out << leaf << " = " << toml_literal(*value) << '\n';
  }
  return out.str();
}

ResolvedConfig resolve_scenario(const std::filesystem::path& file, const Settings& overrides, const Schema& schema) {
  std::vector<std::filesystem::path> chain;
  Settings flat = load_with_extends(file, chain, schema);
  merge_over(flat, overrides, schema);
  return validate(file.stem().string(), file, flat, schema);
}

ResolvedConfig resolve_scenario_settings(const std::string& name, const Settings& settings, const Settings& overrides,
                                         const Schema& schema) {
  std::vector<std::filesystem::path> chain;
  Settings flat = over_extended(settings, {}, chain, schema);
  merge_over(flat, overrides, schema);
  return validate(name, name, flat, schema);
}

ResolvedConfig resolve_scenario_text(const std::string& name, const std::string& toml_text, const Schema& schema) {
  Settings flat;
  flatten_table(parse_toml_text(toml_text, name), name, flat);
  return validate(name, name, flat, schema);
}

}  // namespace rapport::sim
