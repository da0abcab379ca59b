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

// `stored`: the bases' resolved configurations stored with a sweep's results, which stand in
// for the base files (which need not exist any more).
void parse_bases(const toml::table& root, SweepSpec& spec, const sim::TomlReader& reader, bool stored) {
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
    if (!stored && !std::filesystem::exists(f)) {
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

namespace {

constexpr std::string_view kMixPrefix = "policy.mix.";

// A design axis over the policy mix: swept shares of policy.mix and one policy, `mix_rest`,
// that takes 1 minus their sum, so that every point's shares sum to 1 (BehaviorSpace-style
// "what share should redirect").
void parse_mix_rest(const toml::table& root, SweepSpec& spec, const sim::TomlReader& reader) {
  double largest_swept_total = 0.0;
  std::string swept;
  for (const auto& p : spec.parameters) {
    if (!p.key.starts_with(kMixPrefix)) continue;
    largest_swept_total += p.distribution.high;
    swept += (swept.empty() ? "" : ", ") + p.key;
  }
  const auto* node = root.get("mix_rest");
  if (!node) {
    if (!swept.empty()) {
      throw input_error(reader.file(), "mix_rest",
                        "shares of policy.mix are swept (" + swept +
                            "), so name the policy that takes the rest of the mix at every point, e.g. mix_rest = "
                            "\"decline_all\"");
    }
    return;
  }
  const auto where = reader.at(*node);
  spec.mix_rest = reader.string(*node, "mix_rest");
  const std::string rest_key = std::string(kMixPrefix) + spec.mix_rest;
  if (!models::parameter_schema().find(rest_key)) {
    std::vector<std::string> policies;
    for (const auto& key : models::parameter_schema().keys()) {
      if (key.starts_with(kMixPrefix)) policies.push_back(key.substr(kMixPrefix.size()));
    }
    std::string list;
    for (const auto& name : policies) list += (list.empty() ? "" : ", ") + name;
    const std::string hint = sim::did_you_mean(spec.mix_rest, policies);
    throw input_error(where, "mix_rest", "'" + spec.mix_rest + "' is not a policy; allowed: " + list +
                                             (hint.empty() ? "" : " (" + hint + ")"));
  }
  if (swept.empty()) {
    throw input_error(where, "mix_rest", "no share of policy.mix is swept; add [[parameters]] key = \"policy.mix.<policy>\"");
  }
  if (std::any_of(spec.parameters.begin(), spec.parameters.end(), [&](const auto& p) { return p.key == rest_key; })) {
    throw input_error(where, "mix_rest", "'" + spec.mix_rest + "' is swept too; mix_rest takes 1 minus the swept shares");
  }
  for (const auto& [key, value] : spec.set) {
    if (key.starts_with(kMixPrefix)) {
      throw input_error(reader.file(), "set." + key, "fixes a share of a swept mix; sweep it or leave it to mix_rest");
    }
  }
  if (largest_swept_total > 1.0) {
    throw input_error(where, "mix_rest",
                      "the swept shares (" + swept + ") can reach " + std::to_string(largest_swept_total) +
                          " together; their highs must sum to at most 1, so that the share of '" + spec.mix_rest +
                          "' stays at least 0");
  }
}

// The sweep of `text`; its bases read from their files, or from `stored_bases` when given.
SweepSpec parse_sweep(const std::string& text, const std::filesystem::path& file,
                      const std::vector<std::string>* stored_bases) {
  SweepSpec spec;
  spec.file = file;
  spec.toml_text = text;
  const sim::TomlReader reader(file.string(), "docs/SENSITIVITY.md");
  const toml::table root = sim::parse_toml_text(spec.toml_text, file.string());
  constexpr std::array<std::string_view, 9> keys = {"name",   "description", "base",       "scenarios", "outcomes",
                                                    "design", "parameters",  "set",        "mix_rest"};
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
  parse_bases(root, spec, reader, stored_bases != nullptr);
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
  parse_mix_rest(root, spec, reader);
  if (spec.method == DesignMethod::kSobol && spec.parameters.size() < 2) {
    throw input_error(reader.file(), "parameters", "a Sobol design needs at least 2 parameters");
  }
  if (spec.points() > kMaxPoints) {
    throw input_error(reader.file(), "design", "the design has more than " + std::to_string(kMaxPoints) + " points");
  }

  if (stored_bases) {
    if (stored_bases->size() != spec.base_files.size()) {
      throw sim::ConfigError(reader.file() + ": the stored sweep lists " + std::to_string(spec.base_files.size()) +
                             " base scenarios but stores " + std::to_string(stored_bases->size()));
    }
    for (std::size_t b = 0; b < spec.base_files.size(); ++b) {
      spec.bases.push_back(models::scenario_from_text(spec.base_files[b].stem().string(), (*stored_bases)[b]));
    }
    return spec;
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

}  // namespace

SweepSpec parse_sweep_file(const std::string& text, const std::filesystem::path& file) {
  return parse_sweep(text, file, nullptr);
}

SweepSpec stored_sweep(const std::string& name, const std::string& text, const std::vector<std::string>& base_configs,
                       const std::filesystem::path& results) {
  auto spec = parse_sweep(text, results, &base_configs);
  spec.name = name;  // the default name is the stem of the sweep file, not of the results
  return spec;
}

std::vector<std::string> point_keys(const SweepSpec& spec) {
  std::vector<std::string> keys;
  for (const auto& p : spec.parameters) keys.push_back(p.key);
  if (!spec.mix_rest.empty()) keys.push_back(std::string(kMixPrefix) + spec.mix_rest);
  return keys;
}

std::vector<double> point_values(const SweepSpec& spec, std::span<const double> swept) {
  std::vector<double> values(swept.begin(), swept.end());
  if (spec.mix_rest.empty()) return values;
  double rest = 1.0;
  for (std::size_t j = 0; j < swept.size(); ++j) {
    if (spec.parameters[j].key.starts_with(kMixPrefix)) rest -= swept[j];
  }
  values.push_back(std::max(rest, 0.0));  // rounding can leave -1e-17 at the largest shares
  return values;
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
