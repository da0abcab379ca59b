// docs/RESULTS.md embeds results_layout_markdown() between two marker lines; this fails
// when a metric, a physician column or the layout changed and the page was not regenerated.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "models/results_writer.hpp"
#include "tests/support/file_contents.hpp"

namespace rapport::models {
namespace {

constexpr std::string_view kBegin = "<!-- BEGIN GENERATED: results_layout_markdown() -->\n";
constexpr std::string_view kEnd = "<!-- END GENERATED -->";

TEST(ResultsDoc, GeneratedPartOfResultsMdIsCurrent) {
  const std::filesystem::path page = std::filesystem::path(RAPPORT_SOURCE_DIR) / "docs" / "RESULTS.md";
  const std::string document = test::file_contents(page);
  const auto begin = document.find(kBegin);
  const auto end = document.find(kEnd);
  ASSERT_NE(begin, std::string::npos) << "docs/RESULTS.md lacks the begin marker";
  ASSERT_NE(end, std::string::npos) << "docs/RESULTS.md lacks the end marker";
  const auto first = begin + kBegin.size();
  ASSERT_LE(first, end);
  const std::string generated = results_layout_markdown();
  if (document.substr(first, end - first) != generated) {
    // The current text, to paste between the markers.
    const auto current = std::filesystem::absolute("RESULTS.generated.md");
    std::ofstream(current) << generated;
    FAIL() << "docs/RESULTS.md is stale: replace the text between its markers with " << current.string();
  }
}

TEST(ResultsDoc, NamesEveryMetricAndEveryPhysicianColumn) {
  const std::string generated = results_layout_markdown();
  for (const auto& row : kMetrics) {
    EXPECT_NE(generated.find("| `" + std::string(row.spec.name) + "` | " + std::string(row.spec.units)),
              std::string::npos)
        << row.spec.name;
  }
  PhysicianTable::for_each_column([&](std::string_view name, std::string_view, auto) {
    EXPECT_NE(generated.find("| `" + std::string(name) + "` |"), std::string::npos) << name;
  });
}

}  // namespace
}  // namespace rapport::models
