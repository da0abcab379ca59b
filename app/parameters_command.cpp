// `rapport parameters`: every scenario key with default, unit, plausible range, source and
// meaning, as an aligned table, as CSV, or as the Markdown table of docs/PARAMETERS.md.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <array>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>

#include "analysis/number_format.hpp"
#include "app/commands.hpp"
#include "models/parameter_notes.hpp"
#include "models/parameters.hpp"

namespace rapport::app {
namespace {

enum class Layout { kAligned, kCsv, kMarkdown };

// Strings quoted as in a scenario file, except in CSV, where a field is bare text and a
// number exact.
std::string format_default(const sim::ParameterValue& value, Layout layout) {
  std::ostringstream out;
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, bool>) out << (v ? "true" : "false");
        else if constexpr (std::is_same_v<T, std::string>) out << (layout == Layout::kCsv ? v : '"' + v + '"');
        else if constexpr (std::is_same_v<T, double>) {
          if (layout == Layout::kCsv) out << analysis::round_trip(v);  // exact, for scripts
          else out << v;
        } else out << v;
      },
      value);
  return out.str();
}

constexpr std::array<const char*, 6> kColumns = {"key", "default", "unit", "plausible range", "source", "meaning"};

std::array<std::string, 6> row_of(const sim::ParameterSpec& p, Layout layout) {
  const std::string_view note = models::range_note(p.key);
  const std::string plausible = note.empty() ? p.plausible : p.plausible + " (" + std::string(note) + ")";
  return {p.key, format_default(p.default_value, layout), p.unit, plausible, p.source, p.description};
}

int print_parameters(Layout layout) {
  const auto& schema = models::parameter_schema();
  if (layout == Layout::kMarkdown) {
    std::cout << "| key | default | unit | plausible range | source | meaning |\n|---|---|---|---|---|---|\n";
    for (const auto& p : schema.parameters) {
      const auto row = row_of(p, layout);
      std::cout << "| `" << row[0] << "` |";
      for (std::size_t c = 1; c < row.size(); ++c) std::cout << ' ' << row[c] << " |";
      std::cout << '\n';
    }
    return kOk;
  }
  if (layout == Layout::kCsv) {
    std::cout << "key,default,unit,plausible_range,source,meaning\n";
    for (const auto& p : schema.parameters) {
      const auto row = row_of(p, layout);
      for (std::size_t c = 0; c < row.size(); ++c) std::cout << (c ? "," : "") << analysis::csv_field(row[c]);
      std::cout << '\n';
    }
    return kOk;
  }
  std::vector<std::array<std::string, 6>> rows;
  std::array<std::size_t, 6> width{};
  for (std::size_t c = 0; c < kColumns.size(); ++c) width[c] = std::string_view(kColumns[c]).size();
  for (const auto& p : schema.parameters) {
    rows.push_back(row_of(p, layout));
    for (std::size_t c = 0; c < width.size(); ++c) width[c] = std::max(width[c], rows.back()[c].size());
  }
  const auto print_row = [&](const auto& cells) {
    std::string line;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const std::string cell = cells[c];
      line += c + 1 == cells.size() ? cell : cell + std::string(width[c] - cell.size() + 2, ' ');
    }
    std::cout << line << '\n';
  };
  print_row(kColumns);
  for (const auto& row : rows) print_row(row);
  return kOk;
}

}  // namespace

CommandRunner define_parameters(CLI::App& command) {
  auto markdown = std::make_shared<bool>(false);
  auto csv = std::make_shared<bool>(false);
  command.add_flag("--markdown", *markdown, "print the table as Markdown (docs/PARAMETERS.md)");
  command.add_flag("--csv", *csv, "print the table as CSV (key,default,unit,plausible_range,source,meaning)")
      ->excludes("--markdown");
  return [markdown, csv](const Invocation&) {
    return print_parameters(*markdown ? Layout::kMarkdown : *csv ? Layout::kCsv : Layout::kAligned);
  };
}

}  // namespace rapport::app
