// The one reading layer of rapport's TOML inputs (scenario, sweep and calibration files):
// files are read only when they are regular files, text is parsed with bounded depth,
// and tables flatten to dotted keys with typed values. Errors use sim::input_error's
// format ("file:line: key: what is allowed").
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "sim/config.hpp"

namespace rapport::sim {

// Parts of a dotted key, and `extends` files in a chain: far beyond any real scenario,
// low enough that hostile input cannot exhaust the stack.
inline constexpr std::size_t kMaxKeyDepth = 32;
inline constexpr std::size_t kMaxExtendsDepth = 64;

// The text of an input file (`what` names it in errors: "scenario file", "sweep file").
// Anything but a regular file is refused before reading, so a FIFO or device cannot block.
std::string read_input_file(const std::filesystem::path& file, std::string_view what);

// Parses TOML text; refuses NUL bytes and keys nested deeper than kMaxKeyDepth.
toml::table parse_toml_text(const std::string& text, const std::string& source_name);

// "file:line" of a node, or "file" when the node has no position.
std::string location(const std::string& file, const toml::node& node);

// Adds the leaves of `table` as dotted keys with typed values (numbers, booleans, strings)
// and their "file:line". A key given twice, even once as a quoted dotted key ("run.days")
// and once through a table, is refused, as is any other value type.
void flatten_table(const toml::table& table, const std::string& file, Settings& out, const std::string& prefix = "");

// Typed access to the nodes of one input file (sweep, calibration), every error in
// input_error's format with the node's line; `label` is the key as the user wrote it.
class TomlReader {
 public:
  // `listed_in` names where every key of this kind of file is documented.
  TomlReader(std::string file, std::string listed_in) : file_(std::move(file)), listed_in_(std::move(listed_in)) {}

  [[nodiscard]] const std::string& file() const { return file_; }
  [[nodiscard]] std::string at(const toml::node& node) const { return location(file_, node); }

  // Refuses a key of `table` that is not in `known`, suggesting the closest (keys named `prefix` + key).
  void check_keys(const toml::table& table, std::span<const std::string_view> known, const std::string& prefix) const;
  [[nodiscard]] const toml::node& required(const toml::table& table, std::string_view key,
                                           const std::string& label) const;
  [[nodiscard]] std::string string(const toml::node& node, const std::string& label) const;
  [[nodiscard]] double number(const toml::node& node, const std::string& label) const;  // finite
  [[nodiscard]] std::int64_t integer(const toml::node& node, const std::string& label, std::int64_t min,
                                     std::int64_t max) const;
  // A string that must be one of `allowed`.
  [[nodiscard]] std::string choice(const toml::node& node, const std::string& label,
                                   std::span<const std::string_view> allowed) const;

 private:
  std::string file_;
  std::string listed_in_;
};

// A value as TOML writes it: strings quoted and escaped; reals as the shortest decimal that reads
// back to the same double (0.3, not 0.29999999999999999), with ".0" when it would read as an integer.
std::string toml_literal(const ParameterValue& value);
// The shortest decimal that reads back to the same double (std::to_chars).
std::string shortest_decimal(double x);

}  // namespace rapport::sim
