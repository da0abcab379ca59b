// `rapport parameters`: every scenario key with default, range and source (--markdown:
// docs/PARAMETERS.md).
#include <CLI/CLI.hpp>

#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>

#include "app/commands.hpp"
#include "models/parameters.hpp"

namespace rapport::app {
namespace {

std::string format_default(const sim::ParameterValue& value) {
  std::ostringstream out;
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, bool>) out << (v ? "true" : "false");
        else if constexpr (std::is_same_v<T, std::string>) out << '"' << v << '"';
        else out << v;
      },
      value);
  return out.str();
}

int print_parameters(bool markdown) {
  const auto& schema = models::parameter_schema();
  if (markdown) {
    std::cout << "| key | default | unit | plausible range | source | meaning |\n|---|---|---|---|---|---|\n";
    for (const auto& p : schema.parameters) {
      std::cout << "| `" << p.key << "` | " << format_default(p.default_value) << " | " << p.unit << " | "
                << p.plausible << " | " << p.source << " | " << p.description << " |\n";
    }
    return kOk;
  }
  for (const auto& p : schema.parameters) {
    std::cout << std::left << std::setw(48) << p.key << std::setw(12) << format_default(p.default_value)
              << p.description << '\n';
  }
  return kOk;
}

}  // namespace

CommandRunner define_parameters(CLI::App& command) {
  auto markdown = std::make_shared<bool>(false);
  command.add_flag("--markdown", *markdown, "print the table as Markdown (docs/PARAMETERS.md)");
  return [markdown](const Invocation&) { return print_parameters(*markdown); };
}

}  // namespace rapport::app
