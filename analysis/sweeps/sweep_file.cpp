#include "analysis/sweeps/sweep_file.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <set>
#include <span>

#include "analysis/number_format.hpp"
#include "analysis/sweeps/point_runner.hpp"
#include "models/metrics.hpp"
#include "models/parameters.hpp"
#include "sim/toml_input.hpp"

namespace rapport::analysis {
namespace {

constexpr std::size_t kMaxPoints = 10'000'000;

using sim::input_error;

DesignMethod parse_method(const toml::table& design, const sim::TomlReader& reader) {
  constexpr std::array<std::string_view, 4> names = {"sobol", "morris", "lhs", "grid"};
  constexpr std::array<DesignMethod, 4> methods = {DesignMethod::kSobol, DesignMethod::kMorris,
                                                   DesignMethod::kLatinHypercube, DesignMethod::kGrid};
  const std::string text = reader.choice(reader.required(design, "method", "design.method"), "design.method", names);
  return methods[static_cast<std::size_t>(std::find(names.begin(), names.end(), text) - names.begin())];
}

void parse_design(const toml::table& root, SweepSpec& spec, const sim::TomlReader& reader) {
  const auto* design = root["design"].as_table();
  if (!design) throw input_error(reader.file(), "design", "missing the [design] table (method, samples, replicates, seed)");
  constexpr std::array<std::string_view, 5> keys = {"method", "samples", "levels", "replicates", "seed"};
  reader.check_keys(*design, keys, "design.");
  spec.method = parse_method(*design, reader);

  const auto* samples = design->get("samples");
  const auto* levels = design->get("levels");
  const auto where = reader.at(*design);
  switch (spec.method) {
    case DesignMethod::kSobol:
    case DesignMethod::kLatinHypercube:
    case DesignMethod::kMorris:
      if (!samples) throw input_error(where, "design.samples", "missing");
      spec.samples = static_cast<std::size_t>(reader.integer(*samples, "design.samples", 2, 1'000'000));
      if (spec.method != DesignMethod::kMorris && levels) {
        throw input_error(reader.at(*levels), "design.levels", "is only for morris and grid designs");
      }
      spec.levels = levels ? static_cast<std::size_t>(reader.integer(*levels, "design.levels", 2, 1000)) : 4;
      if (spec.method == DesignMethod::kMorris && spec.levels % 2 != 0) {
        throw input_error(reader.at(*levels), "design.levels", "must be even for a Morris design");
      }
      if (spec.method != DesignMethod::kMorris) spec.levels = 0;
      break;
    case DesignMethod::kGrid:
      if (samples) {
        throw input_error(reader.at(*samples), "design.samples",
                          "a grid design takes 'design.levels' (values per parameter), not 'design.samples'");
      }
      if (!levels) throw input_error(where, "design.levels", "missing (values per parameter of a grid)");
      spec.levels = static_cast<std::size_t>(reader.integer(*levels, "design.levels", 2, 1000));
      spec.samples = spec.levels;
      break;
  }
  if (const auto* r = design->get("replicates")) spec.replicates = reader.integer(*r, "design.replicates", 1, 100000);
  if (const auto* s = design->get("seed")) {
    spec.seed = reader.integer(*s, "design.seed", 0, std::numeric_limits<std::int64_t>::max());
  }
}

SweepParameter parse_parameter(const toml::table& entry, const sim::TomlReader& reader) {
  constexpr std::array<std::string_view, 6> keys = {"key", "distribution", "low", "high", "mean", "sd"};
  reader.check_keys(entry, keys, "parameters.");
  SweepParameter p;
  p.key = reader.string(reader.required(entry, "key", "parameters.key"), "parameters.key");
  const auto where = reader.at(*entry.get("key"));
  const auto* spec = &varied_parameter(p.key, where, "swept", "design.seed and design.replicates");
  p.integer = spec->kind == sim::ValueKind::kInteger;

  constexpr std::array<std::string_view, 3> kinds = {"uniform", "log_uniform", "normal_truncated"};
  constexpr std::array<DistributionKind, 3> distributions = {DistributionKind::kUniform, DistributionKind::kLogUniform,
                                                             DistributionKind::kNormalTruncated};
  const auto* distribution = entry.get("distribution");
  const std::string kind = distribution ? reader.choice(*distribution, p.key + ": distribution", kinds) : "uniform";
  p.distribution.kind =
      distributions[static_cast<std::size_t>(std::find(kinds.begin(), kinds.end(), kind) - kinds.begin())];
  for (const auto bound : {"low", "high"}) {
    if (!entry.contains(bound)) {
      throw input_error(where, p.key, "needs 'low' and 'high' (the range of its " + kind + ")");
    }
  }
  auto& d = p.distribution;
  d.low = reader.number(*entry.get("low"), p.key + ": low");
  d.high = reader.number(*entry.get("high"), p.key + ": high");
  if (d.low < spec->min || d.high > spec->max) {
    throw input_error(where, p.key, "the range [" + round_trip(d.low) + ", " + round_trip(d.high) +
                                        "] leaves the values the model accepts; allowed: " + round_trip(spec->min) +
                                        " to " + round_trip(spec->max) + " (plausible: " + spec->plausible + ")");
  }
  if (!(d.low < d.high)) throw input_error(where, p.key, "'low' must be below 'high'");
  if (d.kind == DistributionKind::kLogUniform && d.low <= 0.0) {
    throw input_error(where, p.key, "a log_uniform range must be positive; 'low' is " + round_trip(d.low));
  }
  const bool normal = d.kind == DistributionKind::kNormalTruncated;
  for (const auto moment : {"mean", "sd"}) {
    if (normal && !entry.contains(moment)) {
      throw input_error(where, p.key, "normal_truncated needs 'mean' and 'sd'");
    }
    if (!normal && entry.contains(moment)) {
      throw input_error(reader.at(*entry.get(moment)), p.key + ": " + moment, "only for normal_truncated distributions");
    }
  }
  if (normal) {
    d.mean = reader.number(*entry.get("mean"), p.key + ": mean");
    d.sd = reader.number(*entry.get("sd"), p.key + ": sd");
    if (!(d.sd > 0.0)) throw input_error(reader.at(*entry.get("sd")), p.key + ": sd", "must be positive");
  } else {
    d.mean = d.sd = std::numeric_limits<double>::quiet_NaN();
  }
  return p;
}

void parse_bases(const toml::table& root, SweepSpec& spec, const sim::TomlReader& reader) {
  const auto* base = root.get("base");
  const auto* scenarios = root.get("scenarios");
  if ((base == nullptr) == (scenarios == nullptr)) {
    throw input_error(reader.file(), "base", "give exactly one of 'base' (a scenario file) or 'scenarios' (a list)");
  }
  const auto folder = spec.file.parent_path();
  if (base) {
    spec.base_files.push_back(folder / reader.string(reader.required(root, "base", "base"), "base"));
  } else {
    const auto* list = scenarios->as_array();
    if (!list || list->empty()) {
      throw input_error(reader.at(*scenarios), "scenarios", "must be a non-empty list of scenario files");
    }
    for (const auto& item : *list) {
      const auto* path = item.as_string();
      if (!path) throw input_error(reader.at(item), "scenarios", "entries must be file paths (strings)");
      spec.base_files.push_back(folder / path->get());
    }
  }
  std::set<std::string> stems;
  for (const auto& f : spec.base_files) {
    if (!std::filesystem::exists(f)) {
      throw input_error(reader.file(), base ? "base" : "scenarios",
                        f.string() + " does not exist (paths are relative to the sweep file)");
    }
    if (!stems.insert(f.stem().string()).second) {
      throw input_error(reader.file(), base ? "base" : "scenarios",
                        "two base scenarios are named '" + f.stem().string() +
                            "' (names are file stems and must be unique)");
    }
  }
}

void parse_outcomes(const toml::table& root, SweepSpec& spec, const sim::TomlReader& reader) {
  const auto* node = root.get("outcomes");
  const auto* list = node ? node->as_array() : nullptr;
  const std::string where = node ? reader.at(*node) : reader.file();
  if (!list || list->empty()) {
    throw input_error(where, "outcomes", "must list metric names, e.g. outcomes = [\"trust_mean\"]");
  }
  std::vector<std::string> metrics;
  for (const auto& m : models::metric_table()) metrics.emplace_back(m.name);
  for (const auto& item : *list) {
    const auto* name = item.as_string();
    if (!name) throw input_error(reader.at(item), "outcomes", "entries must be metric names (strings)");
    if (std::find(metrics.begin(), metrics.end(), name->get()) == metrics.end()) {
      const std::string hint = sim::did_you_mean(name->get(), metrics);
      throw input_error(reader.at(item), "outcomes", "unknown outcome '" + name->get() + "'; " +
                                                          (hint.empty() ? "" : hint + " ") +
                                                          "(README, \"HDF5 results\", lists the metrics)");
    }
    if (std::find(spec.outcomes.begin(), spec.outcomes.end(), name->get()) != spec.outcomes.end()) {
      throw input_error(reader.at(item), "outcomes", "'" + name->get() + "' is listed twice");
    }
    spec.outcomes.push_back(name->get());
  }
}

// `[set]` applies to every point; run.seed and run.replicates belong to [design].
void parse_set(const toml::table& root, SweepSpec& spec, const sim::TomlReader& reader) {
  const auto* node = root.get("set");
  if (!node) return;
  const auto* table = node->as_table();
  if (!table) throw input_error(reader.at(*node), "set", "must be a table of scenario keys");
  sim::flatten_table(*table, reader.file(), spec.set);
  models::check_settings(spec.set);
  for (const auto& [key, setting] : spec.set) {
    if (key == "run.seed" || key == "run.replicates") {
      throw input_error(setting.origin, "set." + key, "is set by design." + key.substr(4));
    }
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
  return parse_sweep_file(sim::read_input_file(file, "sweep file"), file);
}

SweepSpec parse_sweep_file(const std::string& text, const std::filesystem::path& file) {
  SweepSpec spec;
  spec.file = file;
  spec.toml_text = text;
  const sim::TomlReader reader(file.string(), "docs/SENSITIVITY.md");
  const toml::table root = sim::parse_toml_text(spec.toml_text, file.string());
  constexpr std::array<std::string_view, 8> keys = {"name", "description", "base",       "scenarios",
                                                    "outcomes", "design",    "parameters", "set"};
  reader.check_keys(root, keys, "");

  spec.name = root.contains("name") ? reader.string(reader.required(root, "name", "name"), "name") : file.stem().string();
  if (spec.name.empty() || spec.name == "." || spec.name == ".." ||
      spec.name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.") !=
          std::string::npos) {
    throw input_error(reader.file(), "name",
                      "'" + spec.name + "' cannot name an HDF5 group; allowed: letters, digits, '_', '-' and '.' "
                      "(not '.' or '..' alone)");
  }
  if (root.contains("description")) (void)reader.string(reader.required(root, "description", "description"), "description");
  parse_bases(root, spec, reader);
  parse_outcomes(root, spec, reader);
  parse_design(root, spec, reader);
  parse_set(root, spec, reader);

  const auto* list = root["parameters"].as_array();
  if (!list || list->empty()) {
    throw input_error(reader.file(), "parameters", "nothing to sweep: add [[parameters]] (key, distribution, low, high)");
  }
  for (const auto& item : *list) {
    const auto* entry = item.as_table();
    if (!entry) throw input_error(reader.at(item), "parameters", "each [[parameters]] entry must be a table");
    auto parameter = parse_parameter(*entry, reader);
    const auto where = reader.at(*entry->get("key"));
    if (spec.set.contains(parameter.key)) throw input_error(where, parameter.key, "is both swept and fixed in [set]");
    for (const auto& other : spec.parameters) {
      if (other.key == parameter.key) throw input_error(where, parameter.key, "is swept twice");
    }
    spec.parameters.push_back(std::move(parameter));
  }
  if (spec.method == DesignMethod::kSobol && spec.parameters.size() < 2) {
    throw input_error(reader.file(), "parameters", "a Sobol design needs at least 2 parameters");
  }
  if (spec.points() > kMaxPoints) {
    throw input_error(reader.file(), "design", "the design has more than " + std::to_string(kMaxPoints) + " points");
  }

  // Every base must be a valid scenario with [set] applied, before anything runs; this is
  // the only time the base files are read.
  for (const auto& base : spec.base_files) {
    try {
      spec.bases.push_back(models::load_scenario(base, spec.set));
    } catch (const sim::ConfigError& e) {
      throw sim::ConfigError(reader.file() + ": base scenario with [set] applied: " + e.what());
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
