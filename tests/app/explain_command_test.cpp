// `rapport explain`: every policy/baseline pair with one mechanism off lands in one results
// file with the switch applied; a mechanism that cannot act in either policy leaves its runs
// bit-identical (so its contribution is exactly 0); unknown mechanisms are usage errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "sim/hdf5_file.hpp"
#include "tests/support/run_command.hpp"
#include "tests/support/temporary_directory.hpp"

namespace rapport {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class Explain : public ::testing::Test {
 protected:
  test::CommandResult rapport(const std::vector<std::string>& args) {
    return test::run_command(test::command_line(RAPPORT_EXECUTABLE, args));
  }

  // A small panel with many findable physicians and frequent requests, so that policies act.
  fs::path scenario(const std::string& name, const std::string& policy) {
    const auto path = dir_ / (name + ".toml");
    std::ofstream(path) << "[run]\ndays = 60\nreplicates = 2\nseed = 7\n"
                           "[population]\nphysicians = 6\npatients_per_physician = 80\n"
                           "[network]\nmean_degree = 6\n"
                           "[physicians]\np_personal_presence = 0.9\n"
                           "[requests]\nrate_per_year = 1.0\n"
                           "[policy.mix]\n"
                        << policy << " = 1.0\n";
    return path;
  }

  test::TemporaryDirectory dir_{"rapport-explain"};
};

TEST_F(Explain, RunsEachPairWithTheMechanismOffAndPrintsItsContribution) {
  const auto out = dir_ / "explain.h5";
  const auto result = rapport({"explain", scenario("declining", "decline_all").string(),
                               scenario("accepting", "accept_all").string(), "-o", out.string(), "--mechanisms",
                               "benign_posts,breaches", "--threads", "2"});
  ASSERT_EQ(result.exit_code, 0) << result.out + result.err;
  EXPECT_THAT(result.out, HasSubstr("Effect per requester of 'accepting' against 'declining'"));
  EXPECT_THAT(result.out, HasSubstr("benign_posts"));
  EXPECT_THAT(result.out, HasSubstr("breaches"));

  const sim::Hdf5File file(out, sim::Hdf5File::Mode::kReadOnly);
  EXPECT_EQ(file.children("/scenarios"),
            (std::vector<std::string>{"accepting", "accepting_without_benign_posts", "accepting_without_breaches",
                                      "declining", "declining_without_benign_posts", "declining_without_breaches"}));
  const std::string switched = file.string_attribute("/scenarios/accepting_without_breaches", "config");
  EXPECT_THAT(switched, HasSubstr("p_privacy_violation = 0"));
  EXPECT_THAT(file.string_attribute("/scenarios/accepting", "config"), HasSubstr("p_privacy_violation = 0.005"));
}

TEST_F(Explain, AMechanismThatCannotActLeavesItsRunsBitIdentical) {
  // Neither decline variant has personal friends, so benign personal posts never happen.
  const auto out = dir_ / "declines.h5";
  const auto result = rapport({"explain", scenario("silent", "decline_silent").string(),
                               scenario("explained", "decline_explained").string(), "-o", out.string(),
                               "--mechanisms", "benign_posts", "--quiet"});
  ASSERT_EQ(result.exit_code, 0) << result.out + result.err;
  const sim::Hdf5File file(out, sim::Hdf5File::Mode::kReadOnly);
  for (const std::string policy : {"silent", "explained"}) {
    for (const std::string metric : {"trust_mean", "adherence_mean", "messages"}) {
      EXPECT_EQ(file.read_matrix("/scenarios/" + policy + "/metrics/" + metric).values,
                file.read_matrix("/scenarios/" + policy + "_without_benign_posts/metrics/" + metric).values)
          << policy << " " << metric;
    }
  }
}

TEST_F(Explain, AnUnknownMechanismIsAUsageErrorAndWritesNothing) {
  const auto out = dir_ / "never.h5";
  const auto result = rapport({"explain", scenario("a", "decline_all").string(), scenario("b", "accept_all").string(),
                               "-o", out.string(), "--mechanisms", "telepathy"});
  EXPECT_EQ(result.exit_code, 2) << result.out + result.err;
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace
}  // namespace rapport
