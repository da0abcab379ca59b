#include "sim/config.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

namespace rapport::sim {
namespace {

struct Leaf {
  ParameterValue value;
  std::string origin;  // "file:line" or "--set"
};
using FlatTable = std::map<std::string, Leaf>;

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
  if (std::isfinite(x) && x == std::trunc(x) && std::abs(x) < 1e15) {
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

void flatten(const toml::table& table, const std::string& prefix, const std::string& file, FlatTable& out) {
  for (auto&& [k, node] : table) {
    const std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    const std::string origin = file + ":" + std::to_string(node.source().begin.line);
    if (const auto* sub = node.as_table()) {
      flatten(*sub, key, file, out);
    } else if (const auto* i = node.as_integer()) {
      out[key] = {i->get(), origin};
    } else if (const auto* d = node.as_floating_point()) {
      out[key] = {d->get(), origin};
    } else if (const auto* b = node.as_boolean()) {
      out[key] = {b->get(), origin};
    } else if (const auto* s = node.as_string()) {
      out[key] = {s->get(), origin};
    } else {
      throw ConfigError(origin + ": '" + key + "' has an unsupported value type (use a number, boolean or string)");
    }
  }
}

// Child keys override parent keys; an atomic table set by the child replaces the parent's.
void merge_over(FlatTable& base, const FlatTable& child, const Schema& schema) {
  for (const auto& table : schema.atomic_tables) {
    const std::string prefix = table + ".";
    const bool child_sets = std::any_of(child.begin(), child.end(),
                                        [&](const auto& kv) { return kv.first.starts_with(prefix); });
    if (child_sets) std::erase_if(base, [&](const auto& kv) { return kv.first.starts_with(prefix); });
  }
  for (const auto& [key, leaf] : child) base[key] = leaf;
}

FlatTable load_with_extends(const std::filesystem::path& file, std::vector<std::filesystem::path>& chain,
                            const Schema& schema) {
  const auto canonical = std::filesystem::weakly_canonical(file);
  if (std::find(chain.begin(), chain.end(), canonical) != chain.end()) {
    std::string cycle;
    for (const auto& f : chain) cycle += f.filename().string() + " -> ";
    throw ConfigError(chain.back().string() + ": 'extends' forms a cycle: " + cycle + file.filename().string());
  }
  if (!std::filesystem::exists(file)) {
    const std::string who = chain.empty() ? "" : chain.back().string() + ": 'extends' names a missing file: ";
    throw ConfigError(who + file.string() + ": no such scenario file");
  }
  if (std::filesystem::is_directory(file)) throw ConfigError(file.string() + ": is a directory, not a scenario file");
  chain.push_back(canonical);
  const toml::table table = parse_toml_text(read_text_file(file), file.string());
  FlatTable flat;
  flatten(table, "", file.string(), flat);

  FlatTable result;
  if (auto it = flat.find("extends"); it != flat.end()) {
    const auto* parent = std::get_if<std::string>(&it->second.value);
    if (!parent) throw ConfigError(it->second.origin + ": 'extends' must be a file path string");
    result = load_with_extends(file.parent_path() / *parent, chain, schema);
    flat.erase(it);
  }
  merge_over(result, flat, schema);
  chain.pop_back();
  return result;
}

FlatTable parse_overrides(const std::vector<std::string>& overrides) {
  FlatTable flat;
  for (const auto& assignment : overrides) {
    const auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == assignment.size()) {
      throw ConfigError("--set '" + assignment + "': expected dotted.key=value, e.g. --set run.days=365");
    }
    const std::string key = assignment.substr(0, eq);
    const std::string value = assignment.substr(eq + 1);
    FlatTable parsed;
    try {
      flatten(toml::parse("v = " + value), "", "--set", parsed);
    } catch (const toml::parse_error&) {
      parsed["v"] = {value, "--set"};  // a bare word is a string, e.g. network.type=barabasi_albert
    } catch (const ConfigError&) {  // an array, table or date: name the override, not TOML's scratch key
      throw ConfigError("--set " + key + ": '" + value + "' is not a number, boolean or string");
    }
    flat[key] = {parsed.at("v").value, "--set " + key};
  }
  return flat;
}

ParameterValue checked_value(const ParameterSpec& spec, const Leaf& leaf) {
  const std::string where = leaf.origin + ": '" + spec.key + "' ";
  auto bad_type = [&]() {
    return ConfigError(where + "must be " + describe(spec.kind) + "; " + allowed_text(spec));
  };
  auto check_range = [&](double x) {
    if (!std::isfinite(x) || x < spec.min || x > spec.max) {
      const std::string side = x < spec.min   ? " (below the minimum of " + format_number(spec.min) + ")"
                               : x > spec.max ? " (above the maximum of " + format_number(spec.max) + ")"
                                              : "";
      throw ConfigError(where + "is " + format_number(x) + ", out of range" + side + "; " + allowed_text(spec));
    }
  };
  switch (spec.kind) {
    case ValueKind::kInteger: {
      const auto* i = std::get_if<std::int64_t>(&leaf.value);
      if (!i) throw bad_type();
      check_range(static_cast<double>(*i));
      return *i;
    }
    case ValueKind::kReal: {
      double x = 0.0;
      if (const auto* i = std::get_if<std::int64_t>(&leaf.value)) {
        x = static_cast<double>(*i);
      } else if (const auto* d = std::get_if<double>(&leaf.value)) {
        x = *d;
      } else {
        throw bad_type();
      }
      check_range(x);
      return x;
    }
    case ValueKind::kBoolean: {
      const auto* b = std::get_if<bool>(&leaf.value);
      if (!b) throw bad_type();
      return *b;
    }
    case ValueKind::kChoice: {
      const auto* s = std::get_if<std::string>(&leaf.value);
      if (!s || std::find(spec.choices.begin(), spec.choices.end(), *s) == spec.choices.end()) {
        throw ConfigError(where + "is not a valid choice; " + allowed_text(spec));
      }
      return *s;
    }
  }
  throw bad_type();
}

ResolvedConfig validate(std::string name, std::filesystem::path file, const FlatTable& flat, const Schema& schema) {
  ResolvedConfig config;
  config.name = std::move(name);
  config.file = std::move(file);
  for (const auto& spec : schema.parameters) config.values[spec.key] = spec.default_value;
  for (const auto& [key, leaf] : flat) {
    const ParameterSpec* spec = schema.find(key);
    if (!spec) {
      throw ConfigError(leaf.origin + ": unknown key '" + key + "'; did you mean '" + schema.closest_key(key) +
                        "'? (`rapport parameters` lists every key)");
    }
    config.values[key] = checked_value(*spec, leaf);
    config.origin[key] = leaf.origin;
  }
  return config;
}

}  // namespace

toml::table parse_toml_text(const std::string& text, const std::string& source_name) {
  try {
    return toml::parse(text, source_name);
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    throw ConfigError(source_name + ":" + std::to_string(where.line) + ":" + std::to_string(where.column) +
                      ": TOML syntax error: " + std::string(e.description()));
  }
}

std::string read_text_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError(file.string() + ": cannot open the scenario file");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const ParameterSpec* Schema::find(std::string_view key) const {
  const auto it = std::find_if(parameters.begin(), parameters.end(), [&](const auto& p) { return p.key == key; });
  return it == parameters.end() ? nullptr : &*it;
}

std::string Schema::closest_key(std::string_view key) const {
  std::string best;
  std::size_t best_distance = std::string::npos;
  for (const auto& spec : parameters) {
    const std::size_t d = edit_distance(key, spec.key);
    if (d < best_distance) {
      best_distance = d;
      best = spec.key;
    }
  }
  return best;
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
  toml::table root;
  for (const auto& [key, value] : values) {
    toml::table* table = &root;
    std::size_t start = 0;
    for (std::size_t dot = key.find('.'); dot != std::string::npos; dot = key.find('.', start)) {
      const std::string part = key.substr(start, dot - start);
      if (!table->contains(part)) table->insert(part, toml::table{});
      table = table->get_as<toml::table>(part);
      start = dot + 1;
    }
    const std::string leaf = key.substr(start);
    std::visit([&](const auto& v) { table->insert_or_assign(leaf, v); }, value);
  }
  std::ostringstream out;
  out << toml::toml_formatter(root);
  out << '\n';
  return out.str();
}

ResolvedConfig resolve_scenario(const std::filesystem::path& file, const std::vector<std::string>& overrides,
                                const Schema& schema) {
  std::vector<std::filesystem::path> chain;
  FlatTable flat = load_with_extends(file, chain, schema);
  merge_over(flat, parse_overrides(overrides), schema);
  return validate(file.stem().string(), file, flat, schema);
}

ResolvedConfig resolve_scenario_text(const std::string& name, const std::string& toml_text, const Schema& schema) {
  FlatTable flat;
  flatten(parse_toml_text(toml_text, name), "", name, flat);
  return validate(name, name, flat, schema);
}

}  // namespace rapport::sim
