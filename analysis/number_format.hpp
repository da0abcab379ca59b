// How numbers are printed by every analysis report: exact for CSV, short for tables.
#pragma once

#include <string>

namespace rapport::analysis {

// Shortest decimal that reads back to the same double; "nan" when undefined (CSV).
std::string round_trip(double x);
// Five significant digits: enough to compare policies, short enough to align; "n/a" when undefined.
std::string readable(double x);
// "[low, high]" with readable() bounds; "n/a" when undefined.
std::string readable_interval(double low, double high);
// Three decimals, "<0.001" below that, "n/a" when undefined.
std::string readable_p_value(double p);

// A CSV field: quoted (with doubled quotes) only when it holds a comma, quote or line break.
std::string csv_field(const std::string& text);

}  // namespace rapport::analysis
