#include "analysis/sweeps/sweep_file.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <set>

#include "analysis/number_format.hpp"
#include "models/metrics.hpp"
#include "models/parameters.hpp"

namespace rapport::analysis {
namespace {

constexpr std::size_t kMaxPoints = 10'000'000;

// Where a node is, as "file:line", for every message.
struct Context {
  std::string file;
  [[nodiscard]] std::string at(const toml::node& node) const {
    return file + ":" + std::to_string(node.source().begin.line);
  }
  [[nodiscard]] std::string at(const toml::table& table) const {
    const auto line = table.source().begin.line;
    return line > 0 ? file + ":" + std::to_string(line) : file;
  }
};

// The known name a typo most likely meant: one it abbreviates, else the nearest by edit distance.
std::string closest(std::string_view name, std::span<const std::string_view> known) {
  for (const auto k : known) {
    if (!name.empty() && k.starts_with(name)) return std::string(k);
  }
  return std::string(*std::min_element(known.begin(), known.end(), [&](auto a, auto b) {
    return sim::edit_distance(name, a) < sim::edit_distance(name, b);
  }));
}

void reject_unknown_keys(const toml::table& table, std::span<const std::string_view> known, const std::string& prefix,
                         const Context& context) {
  for (auto&& [key, node] : table) {
    if (std::find(known.begin(), known.end(), key.str()) == known.end()) {
      throw sim::ConfigError(context.at(node) + ": unknown key '" + prefix + std::string(key.str()) +
                             "' in the sweep file; did you mean '" + prefix + closest(key.str(), known) +
                             "'? (docs/SENSITIVITY.md lists every key)");
    }
  }
}

std::string required_string(const toml::table& table, std::string_view key, const std::string& what,
                            const Context& context) {
  const auto* node = table.get(key);
  if (!node) throw sim::ConfigError(context.at(table) + ": missing '" + what + "'");
  const auto* text = node->as_string();
  if (!text) throw sim::ConfigError(context.at(*node) + ": '" + what + "' must be a string");
  return text->get();
}

std::int64_t integer_in(const toml::node& node, const std::string& what, std::int64_t min, std::int64_t max,
                        const Context& context) {
  const auto* i = node.as_integer();
  if (!i) throw sim::ConfigError(context.at(node) + ": '" + what + "' must be an integer");
  if (i->get() < min || i->get() > max) {
    throw sim::ConfigError(context.at(node) + ": '" + what + "' is " + std::to_string(i->get()) +
                           ", out of range; allowed: " + std::to_string(min) + " to " + std::to_string(max));
  }
  return i->get();
}

double number(const toml::node& node, const std::string& what, const Context& context) {
  if (const auto* i = node.as_integer()) return static_cast<double>(i->get());
  if (const auto* d = node.as_floating_point(); d && std::isfinite(d->get())) return d->get();
  throw sim::ConfigError(context.at(node) + ": '" + what + "' must be a finite number");
}

DesignMethod parse_method(const toml::table& design, const Context& context) {
  const std::string text = required_string(design, "method", "design.method", context);
  constexpr std::array<std::string_view, 4> names = {"sobol", "morris", "lhs", "grid"};
  constexpr std::array<DesignMethod, 4> methods = {DesignMethod::kSobol, DesignMethod::kMorris,
                                                   DesignMethod::kLatinHypercube, DesignMethod::kGrid};
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (text == names[i]) return methods[i];
  }
  throw sim::ConfigError(context.at(*design.get("method")) + ": 'design.method' is '" + text +
                         "'; allowed: sobol, morris, lhs, grid (did you mean '" + closest(text, names) + "'?)");
}

void parse_design(const toml::table& root, SweepSpec& spec, const Context& context) {
  const auto* design = root["design"].as_table();
  if (!design) throw sim::ConfigError(context.file + ": missing the [design] table (method, samples, replicates, seed)");
  constexpr std::array<std::string_view, 5> keys = {"method", "samples", "levels", "replicates", "seed"};
  reject_unknown_keys(*design, keys, "design.", context);
  spec.method = parse_method(*design, context);

  const auto* samples = design->get("samples");
  const auto* levels = design->get("levels");
  const auto where = context.at(*design);
  switch (spec.method) {
    case DesignMethod::kSobol:
    case DesignMethod::kLatinHypercube:
    case DesignMethod::kMorris:
      if (!samples) throw sim::ConfigError(where + ": missing 'design.samples'");
      spec.samples = static_cast<std::size_t>(integer_in(*samples, "design.samples", 2, 1'000'000, context));
      if (spec.method != DesignMethod::kMorris && levels) {
        throw sim::ConfigError(context.at(*levels) + ": 'design.levels' is only for morris and grid designs");
      }
      spec.levels = levels ? static_cast<std::size_t>(integer_in(*levels, "design.levels", 2, 1000, context)) : 4;
      if (spec.method == DesignMethod::kMorris && spec.levels % 2 != 0) {
        throw sim::ConfigError(context.at(*levels) + ": 'design.levels' must be even for a Morris design");
      }
      if (spec.method != DesignMethod::kMorris) spec.levels = 0;
      break;
    case DesignMethod::kGrid:
      if (samples) {
        throw sim::ConfigError(context.at(*samples) +
                               ": a grid design takes 'design.levels' (values per parameter), not 'design.samples'");
      }
      if (!levels) throw sim::ConfigError(where + ": missing 'design.levels' (values per parameter) for a grid");
      spec.levels = static_cast<std::size_t>(integer_in(*levels, "design.levels", 2, 1000, context));
      spec.samples = spec.levels;
      break;
  }
  if (const auto* r = design->get("replicates")) spec.replicates = integer_in(*r, "design.replicates", 1, 100000, context);
  if (const auto* s = design->get("seed")) {
    spec.seed = integer_in(*s, "design.seed", 0, std::numeric_limits<std::int64_t>::max(), context);
  }
}

SweepParameter parse_parameter(const toml::table& entry, const std::set<std::string>& set_keys, const Context& context) {
  constexpr std::array<std::string_view, 6> keys = {"key", "distribution", "low", "high", "mean", "sd"};
  reject_unknown_keys(entry, keys, "parameters.", context);
  SweepParameter p;
  p.key = required_string(entry, "key", "parameters.key", context);
  const auto where = context.at(*entry.get("key"));
  const auto& schema = models::parameter_schema();
  const auto* spec = schema.find(p.key);
  if (!spec) {
    throw sim::ConfigError(where + ": '" + p.key + "' is not a model parameter; did you mean '" +
                           schema.closest_key(p.key) + "'? (`rapport parameters` lists every key)");
  }
  if (spec->kind != sim::ValueKind::kReal && spec->kind != sim::ValueKind::kInteger) {
    throw sim::ConfigError(where + ": '" + p.key + "' is not numeric and cannot be swept (set it in [set] instead)");
  }
  if (p.key.starts_with("run.")) {
    throw sim::ConfigError(where + ": '" + p.key +
                           "' cannot be swept: design.seed and design.replicates set the runs; put run.days in [set]");
  }
  if (set_keys.contains(p.key)) {
    throw sim::ConfigError(where + ": '" + p.key + "' is both swept and fixed in [set]");
  }
  p.integer = spec->kind == sim::ValueKind::kInteger;

  std::string kind = "uniform";
  if (entry.contains("distribution")) kind = required_string(entry, "distribution", "parameters.distribution", context);
  constexpr std::array<std::string_view, 3> kinds = {"uniform", "log_uniform", "normal_truncated"};
  if (kind == "uniform") {
    p.distribution.kind = DistributionKind::kUniform;
  } else if (kind == "log_uniform") {
    p.distribution.kind = DistributionKind::kLogUniform;
  } else if (kind == "normal_truncated") {
    p.distribution.kind = DistributionKind::kNormalTruncated;
  } else {
    throw sim::ConfigError(context.at(*entry.get("distribution")) + ": 'distribution' of '" + p.key + "' is '" + kind +
                           "'; allowed: uniform, log_uniform, normal_truncated (did you mean '" +
                           closest(kind, kinds) + "'?)");
  }
  for (const auto bound : {"low", "high"}) {
    if (!entry.contains(bound)) {
      throw sim::ConfigError(where + ": '" + p.key + "' needs 'low' and 'high' (the range of its " + kind + ")");
    }
  }
  auto& d = p.distribution;
  d.low = number(*entry.get("low"), "low", context);
  d.high = number(*entry.get("high"), "high", context);
  const std::string range_text = "allowed for '" + p.key + "': " + round_trip(spec->min) + " to " +
                                 round_trip(spec->max) + " (plausible: " + spec->plausible + ")";
  if (d.low < spec->min || d.high > spec->max) {
    throw sim::ConfigError(where + ": the range [" + round_trip(d.low) + ", " + round_trip(d.high) + "] of '" + p.key +
                           "' leaves the values the model accepts; " + range_text);
  }
  if (!(d.low < d.high)) {
    throw sim::ConfigError(where + ": 'low' must be below 'high' for '" + p.key + "'");
  }
  if (d.kind == DistributionKind::kLogUniform && d.low <= 0.0) {
    throw sim::ConfigError(where + ": a log_uniform range must be positive; 'low' of '" + p.key + "' is " +
                           round_trip(d.low));
  }
  const bool normal = d.kind == DistributionKind::kNormalTruncated;
  for (const auto moment : {"mean", "sd"}) {
    if (normal && !entry.contains(moment)) {
      throw sim::ConfigError(where + ": '" + p.key + "' is normal_truncated and needs 'mean' and 'sd'");
    }
    if (!normal && entry.contains(moment)) {
      throw sim::ConfigError(context.at(*entry.get(moment)) + ": '" + moment + "' of '" + p.key +
                             "' is only for normal_truncated distributions");
    }
  }
  if (normal) {
    d.mean = number(*entry.get("mean"), "mean", context);
    d.sd = number(*entry.get("sd"), "sd", context);
    if (!(d.sd > 0.0)) throw sim::ConfigError(context.at(*entry.get("sd")) + ": 'sd' of '" + p.key + "' must be positive");
  } else {
    d.mean = d.sd = std::numeric_limits<double>::quiet_NaN();
  }
  return p;
}

// `[set]` as override strings, flattening nested tables into dotted keys.
void flatten_set(const toml::table& table, const std::string& prefix, const Context& context,
                 std::vector<std::string>& out, std::set<std::string>& keys) {
  for (auto&& [k, node] : table) {
    const std::string key = prefix + std::string(k.str());
    if (const auto* sub = node.as_table()) {
      flatten_set(*sub, key + ".", context, out, keys);
      continue;
    }
    std::string value;
    if (const auto* i = node.as_integer()) value = std::to_string(i->get());
    else if (const auto* d = node.as_floating_point()) value = round_trip(d->get());
    else if (const auto* b = node.as_boolean()) value = b->get() ? "true" : "false";
    else if (const auto* s = node.as_string()) value = '"' + s->get() + '"';
    else throw sim::ConfigError(context.at(node) + ": 'set." + key + "' must be a number, boolean or string");
    if (key == "run.seed" || key == "run.replicates") {
      throw sim::ConfigError(context.at(node) + ": 'set." + key + "' is set by design." + key.substr(4));
    }
    out.push_back(key + "=" + value);
    keys.insert(key);
  }
}

void parse_bases(const toml::table& root, SweepSpec& spec, const Context& context) {
  const auto* base = root.get("base");
  const auto* scenarios = root.get("scenarios");
  if ((base == nullptr) == (scenarios == nullptr)) {
    throw sim::ConfigError(context.file + ": give exactly one of 'base' (a scenario file) or 'scenarios' (a list)");
  }
  const auto folder = spec.file.parent_path();
  if (base) {
    spec.base_files.push_back(folder / required_string(root, "base", "base", context));
  } else {
    const auto* list = scenarios->as_array();
    if (!list || list->empty()) {
      throw sim::ConfigError(context.at(*scenarios) + ": 'scenarios' must be a non-empty list of scenario files");
    }
    for (const auto& item : *list) {
      const auto* path = item.as_string();
      if (!path) throw sim::ConfigError(context.at(item) + ": 'scenarios' entries must be file paths (strings)");
      spec.base_files.push_back(folder / path->get());
    }
  }
  std::set<std::string> stems;
  for (const auto& f : spec.base_files) {
    if (!std::filesystem::exists(f)) {
      throw sim::ConfigError(context.file + ": base scenario " + f.string() + " does not exist (paths are relative to the sweep file)");
    }
    if (!stems.insert(f.stem().string()).second) {
      throw sim::ConfigError(context.file + ": two base scenarios are named '" + f.stem().string() +
                             "' (names are file stems and must be unique)");
    }
  }
}

void parse_outcomes(const toml::table& root, SweepSpec& spec, const Context& context) {
  const auto* node = root.get("outcomes");
  const auto* list = node ? node->as_array() : nullptr;
  if (!list || list->empty()) {
    throw sim::ConfigError((node ? context.at(*node) : context.file) +
                           ": 'outcomes' must list metric names, e.g. outcomes = [\"trust_mean\"]");
  }
  std::vector<std::string_view> metrics;
  for (const auto& m : models::metric_table()) metrics.push_back(m.name);
  for (const auto& item : *list) {
    const auto* name = item.as_string();
    if (!name) throw sim::ConfigError(context.at(item) + ": 'outcomes' entries must be metric names (strings)");
    if (std::find(metrics.begin(), metrics.end(), name->get()) == metrics.end()) {
      throw sim::ConfigError(context.at(item) + ": unknown outcome '" + name->get() + "'; did you mean '" +
                             closest(name->get(), metrics) + "'? (README, \"HDF5 results\", lists the metrics)");
    }
    if (std::find(spec.outcomes.begin(), spec.outcomes.end(), name->get()) != spec.outcomes.end()) {
      throw sim::ConfigError(context.at(item) + ": outcome '" + name->get() + "' is listed twice");
    }
    spec.outcomes.push_back(name->get());
  }
}

}  // namespace

std::size_t SweepSpec::points() const {
  const std::size_t k = parameters.size();
  switch (method) {
    case DesignMethod::kSobol: return samples * (k + 2);
    case DesignMethod::kMorris: return samples * (k + 1);
    case DesignMethod::kLatinHypercube: return samples;
    case DesignMethod::kGrid: {
      double points = std::pow(static_cast<double>(levels), static_cast<double>(k));
      return points > static_cast<double>(kMaxPoints) ? kMaxPoints + 1 : static_cast<std::size_t>(points);
    }
  }
  return 0;
}

SweepSpec load_sweep_file(const std::filesystem::path& file) {
  if (!std::filesystem::exists(file)) throw sim::ConfigError(file.string() + ": no such sweep file");
  SweepSpec spec;
  spec.file = file;
  spec.toml_text = sim::read_text_file(file);
  const Context context{file.string()};
  const toml::table root = sim::parse_toml_text(spec.toml_text, file.string());
  constexpr std::array<std::string_view, 8> keys = {"name", "description", "base",       "scenarios",
                                                    "outcomes", "design",    "parameters", "set"};
  reject_unknown_keys(root, keys, "", context);

  spec.name = root.contains("name") ? required_string(root, "name", "name", context) : file.stem().string();
  if (spec.name.empty() || spec.name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.") !=
                               std::string::npos) {
    throw sim::ConfigError(context.file + ": 'name' must be letters, digits, '_', '-' or '.' (it names an HDF5 group)");
  }
  if (root.contains("description")) (void)required_string(root, "description", "description", context);
  parse_bases(root, spec, context);
  parse_outcomes(root, spec, context);
  parse_design(root, spec, context);

  std::set<std::string> set_keys;
  if (const auto* node = root.get("set")) {
    const auto* table = node->as_table();
    if (!table) throw sim::ConfigError(context.at(*node) + ": 'set' must be a table of scenario keys");
    flatten_set(*table, "", context, spec.set_overrides, set_keys);
  }

  const auto* list = root["parameters"].as_array();
  if (!list || list->empty()) {
    throw sim::ConfigError(context.file + ": no [[parameters]] to sweep (each needs key, distribution, low, high)");
  }
  for (const auto& item : *list) {
    const auto* entry = item.as_table();
    if (!entry) throw sim::ConfigError(context.at(item) + ": each [[parameters]] entry must be a table");
    auto parameter = parse_parameter(*entry, set_keys, context);
    for (const auto& other : spec.parameters) {
      if (other.key == parameter.key) {
        throw sim::ConfigError(context.at(*entry->get("key")) + ": '" + parameter.key + "' is swept twice");
      }
    }
    spec.parameters.push_back(std::move(parameter));
  }
  if (spec.method == DesignMethod::kSobol && spec.parameters.size() < 2) {
    throw sim::ConfigError(context.file + ": a Sobol design needs at least 2 parameters");
  }
  if (spec.points() > kMaxPoints) {
    throw sim::ConfigError(context.file + ": the design has more than " + std::to_string(kMaxPoints) + " points");
  }

  // Every base must be a valid scenario with [set] applied, before anything runs.
  for (const auto& base : spec.base_files) {
    try {
      const auto config = sim::resolve_scenario(base, spec.set_overrides, models::parameter_schema());
      (void)models::parameters_from(config);
    } catch (const sim::ConfigError& e) {
      throw sim::ConfigError(context.file + ": base scenario with [set] applied: " + e.what());
    }
  }
  return spec;
}

UnitDesign make_design(const SweepSpec& spec) {
  const std::size_t k = spec.parameters.size();
  const auto seed = static_cast<std::uint64_t>(spec.seed);
  switch (spec.method) {
    case DesignMethod::kSobol: return saltelli_design(k, spec.samples, seed);
    case DesignMethod::kMorris: return morris_design(k, spec.samples, spec.levels, seed);
    case DesignMethod::kLatinHypercube: return latin_hypercube_design(k, spec.samples, seed);
    case DesignMethod::kGrid: return grid_design(k, spec.levels);
  }
  return latin_hypercube_design(k, spec.samples, seed);
}

}  // namespace rapport::analysis
