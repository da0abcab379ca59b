#include "analysis/calibration/calibration_file.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <iomanip>
#include <limits>
#include <set>
#include <sstream>

#include "models/parameters.hpp"
#include "sim/toml_input.hpp"

namespace rapport::analysis::calibration {
namespace {

using sim::ConfigError;
using sim::input_error;

constexpr std::array<std::string_view, 5> kRootKeys = {"base", "set", "parameters", "targets", "abc"};
constexpr std::array<std::string_view, 4> kParameterKeys = {"key", "prior", "low", "high"};
constexpr std::array<std::string_view, 4> kTargetKeys = {"statistic", "value", "scale", "tolerance"};
constexpr std::array<std::string_view, 7> kAbcKeys = {"method",      "samples", "accept",    "epsilon",
                                                      "generations", "seed",    "replicates"};
constexpr std::array<std::string_view, 2> kPriorNames = {"uniform", "log_uniform"};
constexpr std::array<std::string_view, 2> kMethodNames = {"rejection", "smc"};

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

std::string format_number(double x) {
  std::ostringstream out;
  out << x;
  return out.str();
}

CalibratedParameter read_parameter(const sim::TomlReader& reader, const toml::table& table, const std::string& label,
                                   const sim::Settings& set) {
  reader.check_keys(table, kParameterKeys, label + ".");
  const auto& schema = models::parameter_schema();
  const auto& key_node = reader.required(table, "key", label + ".key");
  CalibratedParameter parameter;
  parameter.key = reader.string(key_node, label + ".key");
  const auto where = reader.at(key_node);
  const sim::ParameterSpec* spec = schema.find(parameter.key);
  if (!spec) throw schema.unknown_key(where, parameter.key);
  if (spec->kind != sim::ValueKind::kReal) {
    throw input_error(where, parameter.key, "cannot be calibrated: only real-valued keys can");
  }
  if (set.contains(parameter.key)) {
    throw input_error(where, parameter.key, "is both calibrated and fixed in [set]; remove one");
  }
  const auto& prior_node = reader.required(table, "prior", label + ".prior");
  parameter.prior.kind = reader.choice(prior_node, label + ".prior", kPriorNames) == "log_uniform"
                             ? Prior::Kind::kLogUniform
                             : Prior::Kind::kUniform;
  const auto& low_node = reader.required(table, "low", label + ".low");
  const auto& high_node = reader.required(table, "high", label + ".high");
  parameter.prior.low = reader.number(low_node, label + ".low");
  parameter.prior.high = reader.number(high_node, label + ".high");
  const std::string allowed = "; allowed for '" + parameter.key + "': " + format_number(spec->min) + " to " +
                              format_number(spec->max) + " (plausible: " + spec->plausible + ")";
  if (parameter.prior.low < spec->min) {
    throw input_error(reader.at(low_node), label + ".low",
                      "is " + format_number(parameter.prior.low) + ", below the key's range" + allowed);
  }
  if (parameter.prior.high > spec->max) {
    throw input_error(reader.at(high_node), label + ".high",
                      "is " + format_number(parameter.prior.high) + ", above the key's range" + allowed);
  }
  if (!(parameter.prior.low < parameter.prior.high)) {
    throw input_error(reader.at(high_node), label,
                      "needs low < high (low = " + format_number(parameter.prior.low) +
                          ", high = " + format_number(parameter.prior.high) + ")");
  }
  if (parameter.prior.kind == Prior::Kind::kLogUniform && !(parameter.prior.low > 0.0)) {
    throw input_error(reader.at(low_node), label + ".low", "must be above 0 for a log_uniform prior");
  }
  return parameter;
}

Target read_target(const sim::TomlReader& reader, const toml::table& table, const std::string& label) {
  reader.check_keys(table, kTargetKeys, label + ".");
  Target target;
  const auto& statistic_node = reader.required(table, "statistic", label + ".statistic");
  target.statistic = reader.string(statistic_node, label + ".statistic");
  const auto definition = find_target_statistic(target.statistic);
  if (!definition) {
    const auto& known = target_statistic_names();
    const std::string hint = sim::did_you_mean(target.statistic, known);
    std::string list;
    for (const auto& name : known) list += (list.empty() ? "" : ", ") + name;
    throw input_error(reader.at(statistic_node), label + ".statistic",
                      "unknown statistic '" + target.statistic + "'; " + (hint.empty() ? "allowed: " + list : hint));
  }
  target.definition = *definition;
  const auto& value_node = reader.required(table, "value", label + ".value");
  target.value = reader.number(value_node, label + ".value");
  if (const auto* scale_node = table.get("scale")) {
    target.scale = reader.number(*scale_node, label + ".scale");
    if (!(target.scale > 0.0)) throw input_error(reader.at(*scale_node), label + ".scale", "must be above 0");
  } else {
    if (target.value == 0.0) {
      throw input_error(reader.at(value_node), label,
                        "has value 0, so it needs an explicit 'scale' (the distance unit)");
    }
    target.scale = std::fabs(target.value);
  }
  target.tolerance = target.scale;
  if (const auto* tolerance_node = table.get("tolerance")) {
    target.tolerance = reader.number(*tolerance_node, label + ".tolerance");
    if (!(target.tolerance > 0.0)) {
      throw input_error(reader.at(*tolerance_node), label + ".tolerance", "must be above 0");
    }
  }
  return target;
}

void read_abc(const sim::TomlReader& reader, const toml::table* table, CalibrationSpec& spec) {
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
      throw input_error(reader.at(*n), "abc.accept",
                        "is " + format_number(abc.accept) + ", out of range; allowed: a share above 0 and at most 1");
    }
  }
  if (const auto* n = table->get("epsilon")) {
    if (abc.method != Method::kRejection) {
      throw input_error(reader.at(*n), "abc.epsilon",
                        "applies to method = \"rejection\" only (SMC sets its own thresholds)");
    }
    if (table->get("accept")) throw input_error(reader.at(*n), "abc.epsilon", "give 'abc.epsilon' or 'abc.accept', not both");
    abc.epsilon = reader.number(*n, "abc.epsilon");
    if (!(*abc.epsilon > 0.0)) throw input_error(reader.at(*n), "abc.epsilon", "must be above 0");
  }
  if (const auto* n = table->get("generations")) {
    if (abc.method != Method::kSmc) throw input_error(reader.at(*n), "abc.generations", "applies to method = \"smc\" only");
    abc.generations = static_cast<std::size_t>(reader.integer(*n, "abc.generations", 1, kMaxGenerations));
  }
  if (const auto* n = table->get("seed")) {
    abc.seed = static_cast<std::uint64_t>(reader.integer(*n, "abc.seed", 0, std::numeric_limits<std::int64_t>::max()));
  }
  if (const auto* n = table->get("replicates")) spec.replicates = reader.integer(*n, "abc.replicates", 1, kMaxReplicates);
}

// The base with [set] must be a valid scenario (resolved here, the only time the base is
// read), and stay valid with every calibrated parameter at either end of its prior
// (rules between keys, e.g. shares summing to 1).
void resolve_base(const sim::TomlReader& reader, CalibrationSpec& spec) {
  const auto at = [&](bool high) {
    std::vector<double> values;
    for (const auto& p : spec.parameters) values.push_back(high ? p.prior.high : p.prior.low);
    return values;
  };
  try {
    spec.base_scenario = models::load_scenario(spec.base, spec.set);
    const auto maker = point_maker(spec);
    (void)maker.prepare(at(false), spec.replicates, 0);
    (void)maker.prepare(at(true), spec.replicates, 0);
  } catch (const ConfigError& e) {
    throw input_error(reader.file(), "",
                      std::string("the base scenario with [set] and the priors' bounds is invalid: ") + e.what());
  }
}

}  // namespace

PointMaker point_maker(const CalibrationSpec& spec) {
  std::vector<std::string> keys;
  for (const auto& p : spec.parameters) keys.push_back(p.key);
  return {spec.base_scenario, spec.set, keys};
}

CalibrationSpec parse_calibration(const std::string& text, const std::filesystem::path& file) {
  const sim::TomlReader reader(file.string(), "docs/CALIBRATION.md");
  const toml::table root = sim::parse_toml_text(text, file.string());
  reader.check_keys(root, kRootKeys, "");

  CalibrationSpec spec;
  spec.name = file.stem().string();
  spec.file = file;
  spec.text = text;

  const toml::node* base = root.get("base");
  if (!base) throw input_error(reader.file(), "base", "missing (the scenario file to calibrate, relative to this file)");
  spec.base_as_written = reader.string(*base, "base");
  spec.base = file.parent_path() / spec.base_as_written;
  if (!std::filesystem::exists(spec.base)) {
    throw input_error(reader.at(*base), "base", "names a missing file: " + spec.base.string());
  }

  if (const toml::node* set = root.get("set")) {
    const auto* table = set->as_table();
    if (!table) throw input_error(reader.at(*set), "set", "must be a table of scenario keys");
    sim::flatten_table(*table, reader.file(), spec.set);
    models::check_settings(spec.set);
  }

  const auto array_of_tables = [&](const std::string& key, const std::string& what) -> const toml::array& {
    const toml::node* node = root.get(key);
    if (!node) throw input_error(reader.file(), key, "missing: add at least one [[" + key + "]] table (" + what + ")");
    const auto* array = node->as_array();
    if (!array || array->empty() || !array->is_array_of_tables()) {
      throw input_error(reader.at(*node), key, "must be one or more [[" + key + "]] tables (" + what + ")");
    }
    return *array;
  };

  const auto& parameters = array_of_tables("parameters", "key, prior, low, high");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    const auto& table = *parameters[i].as_table();
    auto parameter = read_parameter(reader, table, "parameters[" + std::to_string(i + 1) + "]", spec.set);
    if (!seen.insert(parameter.key).second) {
      throw input_error(reader.at(table), parameter.key, "is calibrated twice");
    }
    spec.parameters.push_back(std::move(parameter));
  }

  const auto& targets = array_of_tables("targets", "statistic, value, scale, tolerance");
  for (std::size_t i = 0; i < targets.size(); ++i) {
    spec.targets.push_back(read_target(reader, *targets[i].as_table(), "targets[" + std::to_string(i + 1) + "]"));
  }

  const toml::node* abc = root.get("abc");
  if (abc && !abc->as_table()) throw input_error(reader.at(*abc), "abc", "must be a table");
  read_abc(reader, abc ? abc->as_table() : nullptr, spec);

  resolve_base(reader, spec);
  return spec;
}

CalibrationSpec load_calibration(const std::filesystem::path& file) {
  return parse_calibration(sim::read_input_file(file, "calibration file"), file);
}

}  // namespace rapport::analysis::calibration
