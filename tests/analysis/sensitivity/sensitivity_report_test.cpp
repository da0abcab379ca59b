// The printed sensitivity table: numbers that must not be read at face value are marked, with
// the reason under the table (issue 16).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <sstream>
#include <string>

#include "analysis/sensitivity/sensitivity_report.hpp"

namespace {

using namespace rapport::analysis;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

SensitivityRow row(const std::string& parameter, double s1, double st) {
  return {"decline_all", "trust_mean", parameter, {s1, s1 - 0.3, s1 + 0.3}, {st, st - 0.2, st + 0.2},
          kNaN, kNaN, kNaN, {0.5, 0.0004}};
}

std::string printed(const SensitivityReport& report) {
  std::ostringstream out;
  print_sensitivity_table(out, report);
  return out.str();
}

// The line of the table that starts with `parameter`.
std::string line_of(const std::string& table, const std::string& parameter) {
  const auto start = table.find("  " + parameter + " ");
  return start == std::string::npos ? "" : table.substr(start, table.find('\n', start) - start);
}

TEST(SensitivityTable, MarksSobolIndicesOutsideTheUnitIntervalWithTheReason) {
  const SensitivityReport report{"sweep", DesignMethod::kSobol, {100, 1, 0.95},
                                 {row("requests.rate_per_year", 1.1296, 1.0429), row("trust.accept", 0.2, 0.3),
                                  row("trust.decline_silent", -0.0017, 0.0001)},
                                 std::nullopt, {}};
  const auto table = printed(report);
  EXPECT_NE(line_of(table, "requests.rate_per_year").find("1.1296!"), std::string::npos) << table;
  EXPECT_NE(line_of(table, "requests.rate_per_year").find("1.0429!"), std::string::npos) << table;
  EXPECT_NE(line_of(table, "trust.decline_silent").find("-0.0017!"), std::string::npos) << table;
  EXPECT_EQ(line_of(table, "trust.decline_silent").find("0.0001!"), std::string::npos) << table;
  EXPECT_EQ(line_of(table, "trust.accept").find('!'), std::string::npos) << table;
  EXPECT_NE(table.find("! index outside [0, 1]: sampling error of the estimate"), std::string::npos) << table;
  // Every PRCC p-value of a Saltelli design is marked, with its reason.
  EXPECT_NE(line_of(table, "trust.accept").find("<0.001*"), std::string::npos) << table;
  EXPECT_NE(table.find("* PRCC p-value on a Saltelli design"), std::string::npos) << table;
}

TEST(SensitivityTable, IndicesInsideTheUnitIntervalAndOtherDesignsCarryNoMark) {
  SensitivityReport report{"sweep", DesignMethod::kSobol, {100, 1, 0.95}, {row("trust.accept", 0.2, 1.0)},
                           std::nullopt, {}};
  EXPECT_EQ(printed(report).find("index outside"), std::string::npos) << printed(report);
  report.method = DesignMethod::kLatinHypercube;
  const auto table = printed(report);
  EXPECT_EQ(table.find('*'), std::string::npos) << "an lhs design's points are independent: " << table;
  EXPECT_EQ(table.find('!'), std::string::npos) << table;
}

}  // namespace
