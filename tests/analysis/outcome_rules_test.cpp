// The outcome rules (direction, minimum important difference, rare-event flag) cover every
// metric the model writes, and docs/ANALYSIS.md shows the same defaults.
#include "analysis/outcome_rules.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "models/metrics.hpp"

namespace rapport::analysis {
namespace {

TEST(OutcomeRules, CoverEveryMetricOfTheModelAndNameNoOther) {
  std::set<std::string_view> used;
  for (const auto& spec : models::metric_table()) {
    const auto* rule = find_outcome_rule(spec.name);
    ASSERT_NE(rule, nullptr) << spec.name;
    used.insert(rule->metric);
  }
  EXPECT_EQ(used.size(), outcome_rules().size()) << "a rule names no metric of the model";
  EXPECT_EQ(find_outcome_rule("policy_share_decline_all")->metric, kPolicySharePattern);
  EXPECT_EQ(find_outcome_rule("policy_share_"), nullptr);
}

// Rows `| `metric` | MID | counted | why |` of the "Minimum important differences" table.
TEST(OutcomeRules, DocumentedDefaultsEqualTheTable) {
  std::ifstream file(std::string(RAPPORT_SOURCE_DIR) + "/docs/ANALYSIS.md");
  ASSERT_TRUE(file) << "docs/ANALYSIS.md";
  std::map<std::string, std::pair<double, std::string>> documented;
  bool in_table = false;
  for (std::string line; std::getline(file, line);) {
    if (line.starts_with("| metric | MID | counted |")) in_table = true;
    if (!in_table || !line.starts_with("| `")) {
      if (in_table && line.empty()) break;
      continue;
    }
    std::istringstream cells(line);
    std::string skip, metric, mid, counted;
    std::getline(cells, skip, '|');
    std::getline(cells, metric, '|');
    std::getline(cells, mid, '|');
    std::getline(cells, counted, '|');
    const auto trim = [](std::string s) {
      s.erase(0, s.find_first_not_of(" `"));
      s.erase(s.find_last_not_of(" `") + 1);
      return s;
    };
    documented[trim(metric)] = {std::stod(trim(mid)), trim(counted)};
  }
  ASSERT_EQ(documented.size(), outcome_rules().size()) << "docs/ANALYSIS.md lists a different set of metrics";
  for (const auto& rule : outcome_rules()) {
    const auto row = documented.find(std::string(rule.metric));
    ASSERT_NE(row, documented.end()) << rule.metric;
    EXPECT_EQ(row->second.first, rule.mid) << rule.metric;
    std::string basis(mid_basis_name(rule.basis));
    for (auto& c : basis) c = c == '_' ? ' ' : c;
    if (basis == "per physician year") basis = "per physician-year";
    EXPECT_EQ(row->second.second, basis) << rule.metric;
  }
}

TEST(OutcomeRules, MidScalesWithPhysiciansAndYears) {
  EXPECT_EQ(minimum_important_difference("trust_mean", 100, 365), 0.01);
  EXPECT_DOUBLE_EQ(minimum_important_difference("breaches", 100, 365), 0.1);
  EXPECT_DOUBLE_EQ(minimum_important_difference("breaches_cumulative", 100, 730), 0.2);
  EXPECT_TRUE(std::isnan(minimum_important_difference("messages", 0, 365)));
  EXPECT_TRUE(std::isnan(minimum_important_difference("not_a_metric", 100, 365)));
  EXPECT_EQ(minimum_important_difference("messages", 0, 365, parse_mid_overrides({"messages=3"})), 3.0);
}

TEST(OutcomeRules, MidOverridesRejectWhatTheyCannotUse) {
  EXPECT_EQ(parse_mid_overrides({"trust_mean=0.02", "breaches=1e-3"}).at("breaches"), 1e-3);
  for (const std::string bad : {"trust_maen=0.1", "trust_mean", "trust_mean=", "trust_mean=-0.1",
                                "trust_mean=0.1x", "trust_mean=inf", "trust_mean=nan"}) {
    EXPECT_THROW(parse_mid_overrides({bad}), std::invalid_argument) << bad;
  }
}

}  // namespace
}  // namespace rapport::analysis
