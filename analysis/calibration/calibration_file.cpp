#include "analysis/calibration/calibration_file.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <set>
#include <sstream>

#include "analysis/calibration/calibration.hpp"
#include "analysis/sweeps/point_runner.hpp"
#include "models/parameters.hpp"
#include "sim/config.hpp"

namespace rapport::analysis::calibration {
namespace {

using sim::ConfigError;

const std::vector<std::string> kRootKeys = {"base", "set", "parameters", "targets", "abc"};
const std::vector<std::string> kParameterKeys = {"key", "prior", "low", "high"};
const std::vector<std::string> kTargetKeys = {"statistic", "value", "scale"};
const std::vector<std::string> kAbcKeys = {"method", "samples", "accept", "epsilon", "generations", "seed", "replicates"};
const std::vector<std::string> kPriorNames = {"uniform", "log_uniform"};
const std::vector<std::string> kMethodNames = {"rejection", "smc"};

// Defaults of [abc] (docs/CALIBRATION.md): rejection keeps the best tenth of 1000 prior
// draws; SMC halves the threshold's quantile over four generations (Beaumont et al. 2009).
constexpr std::size_t kDefaultSamples = 1000;
constexpr double kDefaultRejectionAccept = 0.1;
constexpr double kDefaultSmcAccept = 0.5;
constexpr std::size_t kDefaultSmcGenerations = 4;

// Generous ceilings that catch typos (a million samples) rather than limit real studies.
constexpr std::int64_t kMaxSamples = 1'000'000;
constexpr std::int64_t kMaxGenerations = 100;
constexpr std::int64_t kMaxReplicates = 1000;

std::string list(const std::vector<std::string>& names) {
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i) text += (i ? ", " : "") + names[i];
  return text;
}

// "; did you mean 'x'?" when the closest known name is a plausible typo, else the full list.
std::string suggestion(const std::string& name, const std::vector<std::string>& known) {
  const auto closest = std::min_element(known.begin(), known.end(), [&](const auto& a, const auto& b) {
    return sim::edit_distance(name, a) < sim::edit_distance(name, b);
  });
  if (closest != known.end() && sim::edit_distance(name, *closest) <= std::max<std::size_t>(2, name.size() / 3)) {
    return "; did you mean '" + *closest + "'?";
  }
  return "; allowed: " + list(known);
}

std::string format_number(double x) {
  std::ostringstream out;
  out << x;
  return out.str();
}

// Error messages anchored at "file:line: ".
class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  [[nodiscard]] ConfigError error(const toml::node& node, const std::string& message) const {
    return ConfigError(file_ + ":" + std::to_string(node.source().begin.line) + ": " + message);
  }
  [[nodiscard]] ConfigError error(const std::string& message) const { return ConfigError(file_ + ": " + message); }

  void check_keys(const toml::table& table, const std::vector<std::string>& allowed, const std::string& prefix) const {
    for (auto&& [k, node] : table) {
      const std::string key(k.str());
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        throw error(node, "unknown key '" + prefix + key + "'" + suggestion(key, allowed));
      }
    }
  }

  [[nodiscard]] const toml::node& required(const toml::table& table, const std::string& key, const std::string& label,
                                           const toml::node& owner) const {
    const toml::node* node = table.get(key);
    if (!node) throw error(owner, "'" + label + "' is missing");
    return *node;
  }

  [[nodiscard]] std::string string(const toml::node& node, const std::string& label) const {
    const auto* value = node.as_string();
    if (!value) throw error(node, "'" + label + "' must be a string");
    return value->get();
  }

  [[nodiscard]] double number(const toml::node& node, const std::string& label) const {
    double x = 0.0;
    if (const auto* i = node.as_integer()) {
      x = static_cast<double>(i->get());
    } else if (const auto* d = node.as_floating_point()) {
      x = d->get();
    } else {
      throw error(node, "'" + label + "' must be a number");
    }
    if (!std::isfinite(x)) throw error(node, "'" + label + "' must be finite");
    return x;
  }

  [[nodiscard]] std::int64_t integer(const toml::node& node, const std::string& label, std::int64_t low,
                                     std::int64_t high) const {
    const auto* i = node.as_integer();
    if (!i) throw error(node, "'" + label + "' must be an integer");
    if (i->get() < low || i->get() > high) {
      throw error(node, "'" + label + "' is " + std::to_string(i->get()) + ", out of range; allowed: an integer from " +
                            std::to_string(low) + " to " + std::to_string(high));
    }
    return i->get();
  }

  [[nodiscard]] std::string choice(const toml::node& node, const std::string& label,
                                   const std::vector<std::string>& allowed) const {
    const std::string value = string(node, label);
    if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
      throw error(node, "'" + label + "' is '" + value + "'" + suggestion(value, allowed));
    }
    return value;
  }

  [[nodiscard]] const std::string& file() const { return file_; }

 private:
  std::string file_;
};

// A TOML value as the literal `--set` accepts; reals keep 17 digits so nothing is rounded.
std::string literal(const Reader& reader, const toml::node& node, const std::string& key) {
  std::ostringstream out;
  if (const auto* i = node.as_integer()) {
    out << i->get();
  } else if (const auto* d = node.as_floating_point()) {
    out << std::setprecision(17) << d->get();
  } else if (const auto* b = node.as_boolean()) {
    out << (b->get() ? "true" : "false");
  } else if (const auto* s = node.as_string()) {
    out << toml::value<std::string>(s->get());
  } else {
    throw reader.error(node, "'set." + key + "' must be a number, boolean or string");
  }
  return out.str();
}

// `[set]` flattened to dotted keys, each checked against the schema here so the message
// points at this file's line (resolve_scenario would only say "--set").
void read_set(const Reader& reader, const toml::table& table, const std::string& prefix,
              std::vector<std::pair<std::string, const toml::node*>>& out) {
  const auto& schema = models::parameter_schema();
  for (auto&& [k, node] : table) {
    const std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (const auto* sub = node.as_table()) {
      read_set(reader, *sub, key, out);
      continue;
    }
    if (key == "extends") throw reader.error(node, "'set.extends' is not allowed; name the scenario in 'base'");
    if (!schema.find(key)) {
      throw reader.error(node, "unknown scenario key 'set." + key + "'; did you mean 'set." + schema.closest_key(key) +
                                   "'? (`rapport parameters` lists every key)");
    }
    out.emplace_back(key, &node);
  }
}

CalibratedParameter read_parameter(const Reader& reader, const toml::table& table, const std::string& label,
                                   const std::set<std::string>& set_keys) {
  reader.check_keys(table, kParameterKeys, label + ".");
  const auto& schema = models::parameter_schema();
  const auto& key_node = reader.required(table, "key", label + ".key", table);
  CalibratedParameter parameter;
  parameter.key = reader.string(key_node, label + ".key");
  const sim::ParameterSpec* spec = schema.find(parameter.key);
  if (!spec) {
    throw reader.error(key_node, "'" + label + ".key' names an unknown scenario key '" + parameter.key +
                                     "'; did you mean '" + schema.closest_key(parameter.key) +
                                     "'? (`rapport parameters` lists every key)");
  }
  if (spec->kind != sim::ValueKind::kReal) {
    throw reader.error(key_node, "'" + parameter.key + "' cannot be calibrated: only real-valued keys can");
  }
  if (set_keys.contains(parameter.key)) {
    throw reader.error(key_node, "'" + parameter.key + "' is both calibrated and fixed in [set]; remove one");
  }
  const auto& prior_node = reader.required(table, "prior", label + ".prior", table);
  parameter.prior.kind = reader.choice(prior_node, label + ".prior", kPriorNames) == "log_uniform"
                             ? Prior::Kind::kLogUniform
                             : Prior::Kind::kUniform;
  const auto& low_node = reader.required(table, "low", label + ".low", table);
  const auto& high_node = reader.required(table, "high", label + ".high", table);
  parameter.prior.low = reader.number(low_node, label + ".low");
  parameter.prior.high = reader.number(high_node, label + ".high");
  const std::string allowed = "; '" + parameter.key + "' allows " + format_number(spec->min) + " to " +
                              format_number(spec->max) + " (plausible: " + spec->plausible + ")";
  if (parameter.prior.low < spec->min) {
    throw reader.error(low_node, "'" + label + ".low' is " + format_number(parameter.prior.low) + ", below the key's range" + allowed);
  }
  if (parameter.prior.high > spec->max) {
    throw reader.error(high_node, "'" + label + ".high' is " + format_number(parameter.prior.high) + ", above the key's range" + allowed);
  }
  if (!(parameter.prior.low < parameter.prior.high)) {
    throw reader.error(high_node, "'" + label + "' needs low < high (low = " + format_number(parameter.prior.low) +
                                      ", high = " + format_number(parameter.prior.high) + ")");
  }
  if (parameter.prior.kind == Prior::Kind::kLogUniform && !(parameter.prior.low > 0.0)) {
    throw reader.error(low_node, "'" + label + ".low' must be above 0 for a log_uniform prior");
  }
  return parameter;
}

Target read_target(const Reader& reader, const toml::table& table, const std::string& label) {
  reader.check_keys(table, kTargetKeys, label + ".");
  Target target;
  const auto& statistic_node = reader.required(table, "statistic", label + ".statistic", table);
  target.statistic = reader.string(statistic_node, label + ".statistic");
  const auto definition = find_target_statistic(target.statistic);
  if (!definition) {
    throw reader.error(statistic_node, "unknown statistic '" + target.statistic + "'" +
                                           suggestion(target.statistic, target_statistic_names()));
  }
  target.definition = *definition;
  const auto& value_node = reader.required(table, "value", label + ".value", table);
  target.value = reader.number(value_node, label + ".value");
  if (const auto* scale_node = table.get("scale")) {
    target.scale = reader.number(*scale_node, label + ".scale");
    if (!(target.scale > 0.0)) throw reader.error(*scale_node, "'" + label + ".scale' must be above 0");
  } else {
    if (target.value == 0.0) {
      throw reader.error(value_node, "'" + label + "' has value 0, so it needs an explicit 'scale' (the distance unit)");
    }
    target.scale = std::fabs(target.value);
  }
  return target;
}

void read_abc(const Reader& reader, const toml::table* table, CalibrationSpec& spec) {
  spec.abc.samples = kDefaultSamples;
  spec.abc.accept = kDefaultRejectionAccept;
  if (!table) return;
  reader.check_keys(*table, kAbcKeys, "abc.");
  auto& abc = spec.abc;
  if (const auto* n = table->get("method")) {
    abc.method = reader.choice(*n, "abc.method", kMethodNames) == "smc" ? Method::kSmc : Method::kRejection;
  }
  if (abc.method == Method::kSmc) {
    abc.accept = kDefaultSmcAccept;
    abc.generations = kDefaultSmcGenerations;
  }
  if (const auto* n = table->get("samples")) {
    abc.samples = static_cast<std::size_t>(reader.integer(*n, "abc.samples", 2, kMaxSamples));
  }
  if (const auto* n = table->get("accept")) {
    abc.accept = reader.number(*n, "abc.accept");
    if (!(abc.accept > 0.0 && abc.accept <= 1.0)) {
      throw reader.error(*n, "'abc.accept' is " + format_number(abc.accept) +
                                 ", out of range; allowed: a share above 0 and at most 1");
    }
  }
  if (const auto* n = table->get("epsilon")) {
    if (abc.method != Method::kRejection) {
      throw reader.error(*n, "'abc.epsilon' applies to method = \"rejection\" only (SMC sets its own thresholds)");
    }
    if (table->get("accept")) throw reader.error(*n, "give 'abc.epsilon' or 'abc.accept', not both");
    abc.epsilon = reader.number(*n, "abc.epsilon");
    if (!(*abc.epsilon > 0.0)) throw reader.error(*n, "'abc.epsilon' must be above 0");
  }
  if (const auto* n = table->get("generations")) {
    if (abc.method != Method::kSmc) throw reader.error(*n, "'abc.generations' applies to method = \"smc\" only");
    abc.generations = static_cast<std::size_t>(reader.integer(*n, "abc.generations", 1, kMaxGenerations));
  }
  if (const auto* n = table->get("seed")) {
    abc.seed = static_cast<std::uint64_t>(reader.integer(*n, "abc.seed", 0, std::numeric_limits<std::int64_t>::max()));
  }
  if (const auto* n = table->get("replicates")) spec.replicates = reader.integer(*n, "abc.replicates", 1, kMaxReplicates);
}

// The base with [set] must be a valid scenario, and stay valid with every calibrated
// parameter at either end of its prior (rules between keys, e.g. shares summing to 1).
void check_scenario(const Reader& reader, const CalibrationSpec& spec) {
  const auto at = [&](bool high) {
    std::vector<double> values;
    for (const auto& p : spec.parameters) values.push_back(high ? p.prior.high : p.prior.low);
    return values;
  };
  try {
    (void)prepare_point({spec.base, spec.set, spec.replicates, 0});
    (void)prepare_point({spec.base, point_overrides(spec, at(false)), spec.replicates, 0});
    (void)prepare_point({spec.base, point_overrides(spec, at(true)), spec.replicates, 0});
  } catch (const ConfigError& e) {
    throw reader.error(std::string("the base scenario with [set] and the priors' bounds is invalid: ") + e.what());
  }
}

}  // namespace

CalibrationSpec parse_calibration(const std::string& text, const std::filesystem::path& file) {
  const Reader reader(file.string());
  const toml::table root = sim::parse_toml_text(text, file.string());
  reader.check_keys(root, kRootKeys, "");

  CalibrationSpec spec;
  spec.name = file.stem().string();
  spec.file = file;
  spec.text = text;

  const toml::node* base = root.get("base");
  if (!base) throw reader.error("'base' is missing (the scenario file to calibrate, relative to this file)");
  spec.base_as_written = reader.string(*base, "base");
  spec.base = file.parent_path() / spec.base_as_written;
  if (!std::filesystem::exists(spec.base)) {
    throw reader.error(*base, "'base' names a missing file: " + spec.base.string());
  }

  std::set<std::string> set_keys;
  if (const toml::node* set = root.get("set")) {
    const auto* table = set->as_table();
    if (!table) throw reader.error(*set, "'set' must be a table of scenario keys");
    std::vector<std::pair<std::string, const toml::node*>> entries;
    read_set(reader, *table, "", entries);
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [key, node] : entries) {
      spec.set.push_back(key + "=" + literal(reader, *node, key));
      set_keys.insert(key);
    }
  }

  const auto array_of_tables = [&](const std::string& key, const std::string& what) -> const toml::array& {
    const toml::node* node = root.get(key);
    if (!node) throw reader.error("'" + key + "' is missing: add at least one [[" + key + "]] table (" + what + ")");
    const auto* array = node->as_array();
    if (!array || array->empty() || !array->is_array_of_tables()) {
      throw reader.error(*node, "'" + key + "' must be one or more [[" + key + "]] tables (" + what + ")");
    }
    return *array;
  };

  const auto& parameters = array_of_tables("parameters", "key, prior, low, high");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    const auto& table = *parameters[i].as_table();
    auto parameter = read_parameter(reader, table, "parameters[" + std::to_string(i + 1) + "]", set_keys);
    if (!seen.insert(parameter.key).second) {
      throw reader.error(table, "'" + parameter.key + "' is calibrated twice");
    }
    spec.parameters.push_back(std::move(parameter));
  }

  const auto& targets = array_of_tables("targets", "statistic, value, scale");
  for (std::size_t i = 0; i < targets.size(); ++i) {
    spec.targets.push_back(read_target(reader, *targets[i].as_table(), "targets[" + std::to_string(i + 1) + "]"));
  }

  const toml::node* abc = root.get("abc");
  if (abc && !abc->as_table()) throw reader.error(*abc, "'abc' must be a table");
  read_abc(reader, abc ? abc->as_table() : nullptr, spec);

  check_scenario(reader, spec);
  return spec;
}

CalibrationSpec load_calibration(const std::filesystem::path& file) {
  if (!std::filesystem::is_regular_file(file)) throw ConfigError(file.string() + ": no such calibration file");
  return parse_calibration(sim::read_text_file(file), file);
}

}  // namespace rapport::analysis::calibration
