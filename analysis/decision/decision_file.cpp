#include "analysis/decision/decision_file.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <regex>
#include <set>
#include <stdexcept>

#include "analysis/number_format.hpp"
#include "analysis/sweeps/point_runner.hpp"
#include "models/parameters.hpp"
#include "sim/toml_input.hpp"

namespace rapport::analysis {
namespace {

using sim::input_error;

constexpr std::array<std::string_view, kDecisionOutcomes> kOutcomeNames = {
    "adherence_years", "trust_years", "physician_hours", "breaches", "complaints", "investigations",
    "boundary_incidents"};

// Defaults of docs/DECISION.md ("Outcomes and default weights"): health in QALYs, cost in
// one currency unit. Adherence-years: 26% better outcomes with adherence (DiMatteo 2002)
// times an assumed 0.1 QALY per patient-year between a good and a poor outcome.
constexpr std::array<std::pair<double, double>, kDecisionOutcomes> kDefaultWeights = {{
    {0.026, 0.0},    // adherence_years
    {0.0, 0.0},      // trust_years: valued through adherence already
    {0.0, 100.0},    // physician_hours
    {0.0, 5000.0},   // breaches
    {0.0, 1000.0},   // complaints
    {0.0, 10000.0},  // investigations
    {0.0, 500.0},    // boundary_incidents
}};
constexpr double kDefaultWillingnessToPay = 50000.0;
constexpr double kDefaultWillingnessToPayHigh = 150000.0;
constexpr std::int64_t kDefaultWillingnessToPaySteps = 31;
constexpr std::int64_t kMaxDraws = 1'000'000;
// The threshold range of a distribution with unbounded support: its central 95%.
constexpr double kRangeTail = 0.025;

const toml::table* optional_table(const toml::table& root, std::string_view key, const sim::TomlReader& reader) {
  const auto* node = root.get(key);
  if (!node) return nullptr;
  const auto* table = node->as_table();
  if (!table) throw input_error(reader.at(*node), key, "must be a table");
  return table;
}

std::optional<double> optional_number(const toml::table& table, std::string_view key, const std::string& label,
                                      const sim::TomlReader& reader) {
  const auto* node = table.get(key);
  if (!node) return std::nullopt;
  return reader.number(*node, label);
}

void parse_policies(const toml::table& root, DecisionSpec& spec, const sim::TomlReader& reader) {
  const auto& node = reader.required(root, "policies", "policies");
  const auto* list = node.as_array();
  if (!list || list->size() < 2) {
    throw input_error(reader.at(node), "policies", "must list at least two scenario files (the policies to compare)");
  }
  std::set<std::string> stems;
  for (const auto& item : *list) {
    const auto* path = item.as_string();
    if (!path) throw input_error(reader.at(item), "policies", "entries must be scenario file paths (strings)");
    const auto file = spec.file.parent_path() / path->get();
    if (!std::filesystem::exists(file)) {
      throw input_error(reader.at(item), "policies",
                        file.string() + " does not exist (paths are relative to the decision file)");
    }
    if (!stems.insert(file.stem().string()).second) {
      throw input_error(reader.at(item), "policies",
                        "two policies are named '" + file.stem().string() + "' (names are file stems and must be unique)");
    }
    spec.policy_files.push_back(file);
  }
}

void parse_psa(const toml::table& root, DecisionSpec& spec, const sim::TomlReader& reader) {
  const auto* psa = optional_table(root, "psa", reader);
  if (!psa) throw input_error(reader.file(), "psa", "missing the [psa] table (draws, replicates, seed)");
  constexpr std::array<std::string_view, 3> keys = {"draws", "replicates", "seed"};
  reader.check_keys(*psa, keys, "psa.");
  spec.draws = static_cast<std::size_t>(reader.integer(reader.required(*psa, "draws", "psa.draws"), "psa.draws", 20, kMaxDraws));
  if (const auto* r = psa->get("replicates")) spec.replicates = reader.integer(*r, "psa.replicates", 1, 10000);
  if (const auto* s = psa->get("seed")) spec.seed = reader.integer(*s, "psa.seed", 0, std::numeric_limits<std::int64_t>::max());
}

void parse_set(const toml::table& root, DecisionSpec& spec, const sim::TomlReader& reader) {
  const auto* table = optional_table(root, "set", reader);
  if (!table) return;
  sim::flatten_table(*table, reader.file(), spec.set);
  models::check_settings(spec.set);
  for (const auto& [key, setting] : spec.set) {
    if (key == "run.seed" || key == "run.replicates") {
      throw input_error(setting.origin, "set." + key, "is set by psa." + key.substr(4));
    }
  }
}

ParameterDistribution distribution_of(const toml::table& entry, const sim::ParameterSpec& schema_row,
                                      const std::string& key, const sim::TomlReader& reader) {
  const auto where = reader.at(entry);
  const auto number = [&](std::string_view name) { return optional_number(entry, name, key + ": " + std::string(name), reader); };
  const auto low = number("low");
  const auto high = number("high");
  const auto mean = number("mean");
  const auto sd = number("sd");
  const auto needs = [&](bool present, const std::string& what) {
    if (!present) throw input_error(where, key, what);
  };
  const double default_value = std::holds_alternative<double>(schema_row.default_value)
                                   ? std::get<double>(schema_row.default_value)
                                   : static_cast<double>(std::get<std::int64_t>(schema_row.default_value));
  try {
    const auto* distribution = entry.get("distribution");
    if (!distribution) {
      const auto range = parse_plausible_range(schema_row.plausible);
      needs(range.has_value(), "has no plausible range in the parameter table ('" + schema_row.plausible +
                                   "'); give a distribution");
      if (default_value > range->low && default_value < range->high)
        return ParameterDistribution::triangular(range->low, default_value, range->high);
      return ParameterDistribution::uniform(range->low, range->high);
    }
    constexpr std::array<std::string_view, 5> kinds = {"beta", "gamma", "log_normal", "uniform", "triangular"};
    const std::string kind = reader.choice(*distribution, key + ": distribution", kinds);
    const bool moments = mean && sd;
    if (kind == "beta") {
      const double support_low = low.value_or(0.0);
      const double support_high = high.value_or(1.0);
      if (moments) return ParameterDistribution::beta_from_moments(*mean, *sd, support_low, support_high);
      const auto alpha = number("alpha");
      const auto beta = number("beta");
      needs(alpha && beta, "a beta distribution needs 'alpha' and 'beta', or 'mean' and 'sd'");
      return ParameterDistribution::beta(*alpha, *beta, support_low, support_high);
    }
    if (kind == "gamma") {
      if (moments) return ParameterDistribution::gamma_from_moments(*mean, *sd);
      const auto shape = number("shape");
      const auto scale = number("scale");
      needs(shape && scale, "a gamma distribution needs 'shape' and 'scale', or 'mean' and 'sd'");
      return ParameterDistribution::gamma(*shape, *scale);
    }
    if (kind == "log_normal") {
      if (moments) return ParameterDistribution::log_normal_from_moments(*mean, *sd);
      const auto mu = number("mu");
      const auto sigma = number("sigma");
      needs(mu && sigma, "a log_normal distribution needs 'mu' and 'sigma' (of log x), or 'mean' and 'sd'");
      return ParameterDistribution::log_normal(*mu, *sigma);
    }
    needs(low && high, "a " + kind + " distribution needs 'low' and 'high'");
    if (kind == "uniform") return ParameterDistribution::uniform(*low, *high);
    return ParameterDistribution::triangular(*low, number("mode").value_or(default_value), *high);
  } catch (const std::invalid_argument& e) {
    throw input_error(where, key, e.what());
  }
}

DecisionParameter parse_parameter(const toml::table& entry, const sim::TomlReader& reader) {
  constexpr std::array<std::string_view, 13> keys = {"key",   "distribution", "low",  "high",  "mode",
                                                     "mean",  "sd",           "alpha", "beta", "shape",
                                                     "scale", "mu",           "sigma"};
  reader.check_keys(entry, keys, "parameters.");
  DecisionParameter parameter{reader.string(reader.required(entry, "key", "parameters.key"), "parameters.key"),
                              ParameterDistribution::uniform(0.0, 1.0), {}, false};
  const auto where = reader.at(*entry.get("key"));
  const auto* row = &varied_parameter(parameter.key, where, "uncertain", "psa.seed and psa.replicates");
  parameter.integer = row->kind == sim::ValueKind::kInteger;
  parameter.distribution = distribution_of(entry, *row, parameter.key, reader);
  const auto& p = parameter.distribution.parameters();
  switch (parameter.distribution.kind()) {
    case ParameterDistributionKind::kUniform: parameter.range = {p[0], p[1]}; break;
    case ParameterDistributionKind::kTriangular: parameter.range = {p[0], p[2]}; break;
    default:
      parameter.range = {parameter.distribution.quantile(kRangeTail), parameter.distribution.quantile(1.0 - kRangeTail)};
  }
  const double lowest = parameter.distribution.quantile(1e-9);
  const double highest = parameter.distribution.quantile(1.0 - 1e-9);
  if (lowest < row->min || highest > row->max) {
    throw input_error(where, parameter.key,
                      "the distribution reaches [" + readable(lowest) + ", " + readable(highest) +
                          "], outside the values the model accepts: " + round_trip(row->min) + " to " +
                          round_trip(row->max) + " (plausible: " + row->plausible + ")");
  }
  return parameter;
}

void parse_parameters(const toml::table& root, DecisionSpec& spec, const sim::TomlReader& reader) {
  const auto* list = root["parameters"].as_array();
  if (!list || list->empty()) {
    throw input_error(reader.file(), "parameters", "nothing is uncertain: add [[parameters]] (key, and a distribution)");
  }
  for (const auto& item : *list) {
    const auto* entry = item.as_table();
    if (!entry) throw input_error(reader.at(item), "parameters", "each [[parameters]] entry must be a table");
    auto parameter = parse_parameter(*entry, reader);
    const auto where = reader.at(*entry->get("key"));
    if (spec.set.contains(parameter.key)) throw input_error(where, parameter.key, "is both uncertain and fixed in [set]");
    for (const auto& other : spec.parameters) {
      if (other.key == parameter.key) throw input_error(where, parameter.key, "is listed twice");
    }
    spec.parameters.push_back(std::move(parameter));
  }
}

void parse_weights(const toml::table& root, DecisionSpec& spec, const sim::TomlReader& reader) {
  spec.weights = default_outcome_weights();
  const auto* weights = optional_table(root, "weights", reader);
  if (!weights) return;
  reader.check_keys(*weights, kOutcomeNames, "weights.");
  for (std::size_t k = 0; k < kDecisionOutcomes; ++k) {
    const auto* node = weights->get(kOutcomeNames[k]);
    if (!node) continue;
    const auto* table = node->as_table();
    const std::string label = "weights." + std::string(kOutcomeNames[k]);
    if (!table) throw input_error(reader.at(*node), label, "must be a table { health = ..., cost = ... }");
    constexpr std::array<std::string_view, 2> keys = {"health", "cost"};
    reader.check_keys(*table, keys, label + ".");
    if (const auto health = optional_number(*table, "health", label + ".health", reader)) spec.weights[k].health_per_unit = *health;
    if (const auto cost = optional_number(*table, "cost", label + ".cost", reader)) spec.weights[k].cost_per_unit = *cost;
  }
}

void parse_willingness_to_pay(const toml::table& root, DecisionSpec& spec, const sim::TomlReader& reader) {
  spec.willingness_to_pay = kDefaultWillingnessToPay;
  if (const auto* node = root.get("willingness_to_pay")) {
    spec.willingness_to_pay = reader.number(*node, "willingness_to_pay");
    if (spec.willingness_to_pay < 0.0) throw input_error(reader.at(*node), "willingness_to_pay", "must not be negative");
  }
  double low = 0.0;
  double high = std::max(kDefaultWillingnessToPayHigh, spec.willingness_to_pay);
  std::int64_t steps = kDefaultWillingnessToPaySteps;
  if (const auto* range = optional_table(root, "willingness_to_pay_range", reader)) {
    constexpr std::array<std::string_view, 3> keys = {"low", "high", "steps"};
    reader.check_keys(*range, keys, "willingness_to_pay_range.");
    low = optional_number(*range, "low", "willingness_to_pay_range.low", reader).value_or(low);
    high = optional_number(*range, "high", "willingness_to_pay_range.high", reader).value_or(high);
    if (const auto* s = range->get("steps")) steps = reader.integer(*s, "willingness_to_pay_range.steps", 2, 10000);
    if (!(low >= 0.0 && low < high)) {
      throw input_error(reader.at(*range), "willingness_to_pay_range", "needs 0 <= low < high");
    }
  }
  for (std::int64_t i = 0; i < steps; ++i)
    spec.willingness_to_pay_range.push_back(low + (high - low) * static_cast<double>(i) / static_cast<double>(steps - 1));
}

std::size_t parameter_index(const DecisionSpec& spec, const toml::node& node, const std::string& label,
                            const sim::TomlReader& reader) {
  const auto key = reader.string(node, label);
  for (std::size_t j = 0; j < spec.parameters.size(); ++j)
    if (spec.parameters[j].key == key) return j;
  const std::string hint = sim::did_you_mean(key, spec.parameter_keys());
  throw input_error(reader.at(node), label,
                    "'" + key + "' is not one of the uncertain [[parameters]]" + (hint.empty() ? "" : "; " + hint));
}

void parse_groups(const toml::table& root, DecisionSpec& spec, const sim::TomlReader& reader) {
  const auto* node = root.get("groups");
  if (!node) return;
  const auto* list = node->as_array();
  if (!list) throw input_error(reader.at(*node), "groups", "must be [[groups]] tables (name, parameters)");
  for (const auto& item : *list) {
    const auto* entry = item.as_table();
    if (!entry) throw input_error(reader.at(item), "groups", "each [[groups]] entry must be a table");
    constexpr std::array<std::string_view, 2> keys = {"name", "parameters"};
    reader.check_keys(*entry, keys, "groups.");
    ParameterGroup group{reader.string(reader.required(*entry, "name", "groups.name"), "groups.name"), {}};
    const auto& members = reader.required(*entry, "parameters", "groups.parameters");
    const auto* array = members.as_array();
    if (!array || array->size() < 2) {
      throw input_error(reader.at(members), "groups.parameters", "must list at least two uncertain parameters");
    }
    for (const auto& member : *array) {
      const auto index = parameter_index(spec, member, "groups.parameters", reader);
      if (std::find(group.members.begin(), group.members.end(), index) != group.members.end()) {
        throw input_error(reader.at(member), "groups.parameters", "lists '" + spec.parameters[index].key + "' twice");
      }
      group.members.push_back(index);
    }
    spec.groups.push_back(std::move(group));
  }
}

void parse_threshold(const toml::table& root, DecisionSpec& spec, const sim::TomlReader& reader) {
  if (const auto* threshold = optional_table(root, "threshold", reader)) {
    constexpr std::array<std::string_view, 4> keys = {"enabled", "grid_points", "tolerance", "replicates"};
    reader.check_keys(*threshold, keys, "threshold.");
    if (const auto* node = threshold->get("enabled")) {
      const auto* flag = node->as_boolean();
      if (!flag) throw input_error(reader.at(*node), "threshold.enabled", "must be true or false");
      spec.threshold = flag->get();
    }
    if (const auto* node = threshold->get("grid_points"))
      spec.grid_points = static_cast<std::size_t>(reader.integer(*node, "threshold.grid_points", 2, 101));
    if (const auto tolerance = optional_number(*threshold, "tolerance", "threshold.tolerance", reader)) {
      if (!(*tolerance > 0.0 && *tolerance < 1.0)) {
        throw input_error(reader.at(*threshold->get("tolerance")), "threshold.tolerance",
                          "must lie in (0, 1): a share of each parameter's range");
      }
      spec.tolerance = *tolerance;
    }
    if (const auto* node = threshold->get("replicates"))
      spec.threshold_replicates = reader.integer(*node, "threshold.replicates", 1, 10000);
  }
  if (const auto* two_way = optional_table(root, "two_way", reader)) {
    constexpr std::array<std::string_view, 2> keys = {"parameters", "levels"};
    reader.check_keys(*two_way, keys, "two_way.");
    const auto& pair = reader.required(*two_way, "parameters", "two_way.parameters");
    const auto* array = pair.as_array();
    if (!array || array->size() != 2) {
      throw input_error(reader.at(pair), "two_way.parameters", "must name exactly two uncertain parameters");
    }
    const auto first = parameter_index(spec, *array->get(0), "two_way.parameters", reader);
    const auto second = parameter_index(spec, *array->get(1), "two_way.parameters", reader);
    if (first == second) throw input_error(reader.at(pair), "two_way.parameters", "must name two different parameters");
    spec.two_way = std::pair{first, second};
    if (const auto* node = two_way->get("levels"))
      spec.two_way_levels = static_cast<std::size_t>(reader.integer(*node, "two_way.levels", 2, 101));
  }
}

}  // namespace

std::vector<std::string> DecisionSpec::policy_names() const {
  std::vector<std::string> names;
  for (const auto& policy : policy_files) names.push_back(policy.stem().string());
  return names;
}

std::vector<std::string> DecisionSpec::policy_configs() const {
  std::vector<std::string> configs;
  for (const auto& policy : policies) configs.push_back(policy.config.to_toml());
  return configs;
}

std::vector<std::string> DecisionSpec::parameter_keys() const {
  std::vector<std::string> keys;
  for (const auto& parameter : parameters) keys.push_back(parameter.key);
  return keys;
}

std::string_view decision_outcome_name(DecisionOutcome outcome) { return kOutcomeNames[static_cast<std::size_t>(outcome)]; }

std::vector<OutcomeWeight> default_outcome_weights() {
  std::vector<OutcomeWeight> weights;
  for (std::size_t k = 0; k < kDecisionOutcomes; ++k)
    weights.push_back({std::string(kOutcomeNames[k]), kDefaultWeights[k].first, kDefaultWeights[k].second});
  return weights;
}

std::optional<ParameterRange> parse_plausible_range(const std::string& text) {
  static const std::regex pattern(
      R"(^\s*([-+]?[0-9]*\.?[0-9]+(?:e[-+]?[0-9]+)?)\s*(?:-|to)\s*([-+]?[0-9]*\.?[0-9]+(?:e[-+]?[0-9]+)?)\s*$)");
  std::smatch match;
  if (!std::regex_match(text, match, pattern)) return std::nullopt;
  const ParameterRange range{std::stod(match[1].str()), std::stod(match[2].str())};
  if (!(range.low < range.high)) return std::nullopt;
  return range;
}

DecisionSpec load_decision_file(const std::filesystem::path& file) {
  return parse_decision_file(sim::read_input_file(file, "decision file"), file);
}

DecisionSpec parse_decision_file(const std::string& text, const std::filesystem::path& file) {
  DecisionSpec spec;
  spec.file = file;
  spec.toml_text = text;
  const sim::TomlReader reader(file.string(), "docs/DECISION.md");
  const toml::table root = sim::parse_toml_text(spec.toml_text, file.string());
  constexpr std::array<std::string_view, 12> keys = {
      "name", "description", "policies", "willingness_to_pay", "willingness_to_pay_range", "psa",
      "set",  "parameters",  "weights",  "groups",             "threshold",                "two_way"};
  reader.check_keys(root, keys, "");
  spec.name = root.contains("name") ? reader.string(reader.required(root, "name", "name"), "name") : file.stem().string();
  if (const auto problem = models::group_name_problem(spec.name); !problem.empty()) {
    throw input_error(reader.file(), "name", problem);
  }
  if (root.contains("description")) spec.description = reader.string(reader.required(root, "description", "description"), "description");
  parse_policies(root, spec, reader);
  parse_psa(root, spec, reader);
  parse_set(root, spec, reader);
  parse_parameters(root, spec, reader);
  parse_weights(root, spec, reader);
  parse_willingness_to_pay(root, spec, reader);
  parse_groups(root, spec, reader);
  parse_threshold(root, spec, reader);
  // Every policy must be a valid scenario with [set] applied before anything runs.
  for (const auto& policy : spec.policy_files) {
    try {
      spec.policies.push_back(models::load_scenario(policy, spec.set));
    } catch (const sim::ConfigError& e) {
      throw sim::ConfigError(reader.file() + ": policy scenario with [set] applied: " + e.what());
    }
  }
  return spec;
}

}  // namespace rapport::analysis
