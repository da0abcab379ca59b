#include "analysis/compare_files.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include <toml++/toml.h>

#include "sim/hdf5_file.hpp"

namespace rapport::analysis {
namespace {

// What later commands derive from the rest: /scenarios/<name>/summary (`summarize --write`)
// and /sweeps/<name>/sensitivity (`sensitivity`).
bool is_derived_summary(const std::string& path) {
  for (const auto& [prefix, derived] : {std::pair<std::string, std::string>{"/scenarios/", "/summary"},
                                        std::pair<std::string, std::string>{"/sweeps/", "/sensitivity"}}) {
    if (path.rfind(prefix, 0) != 0) continue;
    const auto slash = path.find('/', prefix.size());
    if (slash != std::string::npos && path.substr(slash) == derived) return true;
  }
  return false;
}

std::set<std::string> sorted(std::vector<std::string> names) { return {names.begin(), names.end()}; }

bool is_string(const sim::RawData& raw) { return raw.type.rfind("string", 0) == 0; }

// Stored configurations (a scenario's `config` attribute, a sweep's `base_configs`) are equal
// when they say the same: format 1 wrote 0.3 as 0.29999999999999999, format 2 as 0.3 (the
// same double), so a file rerun by a newer rapport matches its original.
bool same_configuration(const std::string& expected, const std::string& actual) {
  if (expected == actual) return true;
  try {
    return toml::parse(expected) == toml::parse(actual);
  } catch (const toml::parse_error&) {
    return false;
  }
}

bool same_configurations(const std::vector<std::string>& expected, const std::vector<std::string>& actual) {
  return std::equal(expected.begin(), expected.end(), actual.begin(), actual.end(), same_configuration);
}

class Comparer {
 public:
  static constexpr int kMaxDepth = 16;  // rapport's own layout is 4 deep
  Comparer(const sim::Hdf5File& expected, const sim::Hdf5File& actual) : expected_(expected), actual_(actual) {}

  void object(const std::string& path, int depth = 0) {
    if (is_derived_summary(path)) return;
    const auto kind = expected_.kind(path);
    if (kind != actual_.kind(path)) {
      result_.differences.push_back(path + ": a group in one file and a dataset in the other");
      return;
    }
    // A group reached by a second hard link can contain itself: the walk would never end.
    if (kind == sim::Hdf5File::ObjectKind::kGroup &&
        (expected_.link_count(path) > 1 || actual_.link_count(path) > 1 || depth > kMaxDepth)) {
      throw sim::Hdf5Error(path + ": a group linked more than once or nested too deep (a link cycle?); rapport "
                                  "never writes one (damaged file)");
    }
    attributes(path);
    if (kind == sim::Hdf5File::ObjectKind::kDataset) {
      ++result_.datasets_compared;
      if (!same_dataset(path)) result_.differences.push_back(path + ": values differ");
      return;
    }
    if (kind != sim::Hdf5File::ObjectKind::kGroup) return;
    const auto in_expected = sorted(expected_.children(path));
    const auto in_actual = sorted(actual_.children(path));
    for (const auto& name : in_expected) {
      const std::string child = path + "/" + name;
      if (in_actual.count(name) == 0) {
        if (!is_derived_summary(child)) result_.differences.push_back(child + ": missing from the new file");
      } else {
        object(child, depth + 1);
      }
    }
    for (const auto& name : in_actual) {
      const std::string child = path + "/" + name;
      if (in_expected.count(name) == 0 && !is_derived_summary(child)) {
        result_.differences.push_back(child + ": only in the new file");
      }
    }
  }

  FileComparison result() && { return std::move(result_); }

 private:
  void attributes(const std::string& path) {
    const auto in_expected = sorted(expected_.attribute_names(path));
    const auto in_actual = sorted(actual_.attribute_names(path));
    for (const auto& name : in_expected) {
      if (in_actual.count(name) == 0) {
        result_.differences.push_back(path + ": attribute '" + name + "' missing from the new file");
      } else if (!same_attribute(path, name)) {
        result_.differences.push_back(path + ": attribute '" + name + "' differs");
      }
    }
    for (const auto& name : in_actual) {
      if (in_expected.count(name) == 0) result_.differences.push_back(path + ": attribute '" + name + "' only in the new file");
    }
  }

  bool same_dataset(const std::string& path) const {
    const auto expected = expected_.read_raw(path);
    const auto actual = actual_.read_raw(path);
    if (expected == actual) return true;
    const bool configurations = path.ends_with("/base_configs") && is_string(expected) && is_string(actual);
    return configurations && same_configurations(expected_.read_strings(path), actual_.read_strings(path));
  }

  // Strings by their text, whether stored fixed-length (format 1) or variable-length (format 2).
  bool same_attribute(const std::string& path, const std::string& name) const {
    const auto expected = expected_.read_raw_attribute(path, name);
    const auto actual = actual_.read_raw_attribute(path, name);
    if (expected == actual) return true;
    if (!is_string(expected) || !is_string(actual)) return false;
    const auto expected_text = expected_.string_attribute(path, name);
    const auto actual_text = actual_.string_attribute(path, name);
    return name == "config" ? same_configuration(expected_text, actual_text) : expected_text == actual_text;
  }

  const sim::Hdf5File& expected_;
  const sim::Hdf5File& actual_;
  FileComparison result_;
};

}  // namespace

FileComparison compare_scenarios(const sim::Hdf5File& expected, const sim::Hdf5File& actual) {
  return compare_group(expected, actual, "/scenarios");
}

FileComparison compare_group(const sim::Hdf5File& expected, const sim::Hdf5File& actual, const std::string& group) {
  Comparer comparer(expected, actual);
  comparer.object(group);
  return std::move(comparer).result();
}

}  // namespace rapport::analysis
