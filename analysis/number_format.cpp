#include "analysis/number_format.hpp"

#include <cmath>
#include <cstdio>

#include "sim/toml_input.hpp"

namespace rapport::analysis {

std::string round_trip(double x) {
  return std::isnan(x) ? "nan" : sim::shortest_decimal(x);
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string readable(double x) {
  if (std::isnan(x)) return "n/a";
  char text[32];
  std::snprintf(text, sizeof text, "%.5g", x);
  return text;
}

std::string readable_interval(double low, double high) {
  if (std::isnan(low)) return "n/a";
  std::string text = "[";  // built in steps: GCC 12 warns falsely (-Wrestrict) on "[" + std::string
  text += readable(low);
  text += ", ";
  text += readable(high);
  text += ']';
  return text;
}

std::string readable_p_value(double p) {
  if (std::isnan(p)) return "n/a";
  if (p < 0.001) return "<0.001";
  char text[16];
  std::snprintf(text, sizeof text, "%.3f", p);
  return text;
}

}  // namespace rapport::analysis
