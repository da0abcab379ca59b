// Physician workload from a hand-built physician table: group means per replicate,
// the per-workday scaling, the findable group and the t-interval across replicates.
#include "analysis/physician_workload.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "sim/hdf5_file.hpp"
#include "tests/support/temporary_directory.hpp"

namespace rapport::analysis {
namespace {

constexpr std::int64_t kDays = 10;
// Two replicates of three physicians; the second physician is findable in both, the third
// only in the first replicate.
const std::vector<double> kFindable = {0, 1, 1, 0, 1, 0};
const std::vector<double> kMinutesPerDay = {10, 20, 30, 12, 18, 24};
const std::vector<double> kDemandPerDay = {11, 25, 40, 12, 30, 24};
const std::vector<double> kAfterHoursTotal = {0, 50, 100, 10, 40, 0};  // over the run

class PhysicianWorkloadTest : public ::testing::Test {
 protected:
  void write_file(bool with_demand, const std::vector<double>& findable = kFindable) {
    sim::Hdf5File file(path_, sim::Hdf5File::Mode::kCreate);
    file.set_attribute("/", "format", std::string("rapport"));
    file.set_attribute("/", "format_version", std::int64_t{1});
    file.set_attribute("/", "rapport_version", std::string("test"));
    const std::string group = "/scenarios/s";
    file.create_group(group);
    file.set_attribute(group, "config", std::string("# hand-built\n"));
    file.set_attribute(group, "seed", std::int64_t{1});
    file.set_attribute(group, "replicates", std::int64_t{2});
    file.set_attribute(group, "days", kDays);
    file.write_matrix(group + "/metrics/messages", sim::Matrix{2, kDays, std::vector<double>(2 * kDays, 1.0)});
    file.set_attribute(group + "/metrics/messages", "reduction", std::string("count"));
    const auto table = [&](const char* column, const std::vector<double>& values) {
      file.write_matrix(group + "/physicians/" + column, sim::Matrix{2, 3, values});
    };
    table("findable", findable);
    table("minutes_per_day", kMinutesPerDay);
    table("after_hours_minutes", kAfterHoursTotal);
    if (with_demand) table("demand_minutes_per_day", kDemandPerDay);
  }

  static const WorkloadSummary& find(const std::vector<WorkloadSummary>& rows, const std::string& physicians,
                                     const std::string& measure) {
    for (const auto& row : rows) {
      if (row.physicians == physicians && row.measure == measure) return row;
    }
    throw std::runtime_error("no row " + physicians + "/" + measure);
  }

  // Mean and the two-replicate t-interval (t(0.975, 1) = 12.706...) of two group means.
  static void expect_across(const WorkloadSummary& row, double a, double b) {
    const double mean = (a + b) / 2, sd = std::abs(a - b) / std::sqrt(2.0);
    const double half = 12.706204736174707 * sd / std::sqrt(2.0);
    EXPECT_NEAR(row.across_replicates.mean, mean, 1e-12) << row.measure;
    EXPECT_NEAR(row.across_replicates.ci_low, std::max(0.0, mean - half), 1e-9) << row.measure;
    EXPECT_NEAR(row.across_replicates.ci_high, mean + half, 1e-9) << row.measure;
  }

  test::TemporaryDirectory directory_{"rapport_workload_test"};
  std::filesystem::path path_ = directory_ / "table.h5";
};

TEST_F(PhysicianWorkloadTest, MinutesPerWorkdayAreGroupMeansTimesSevenFifths) {
  write_file(true);
  const auto rows = physician_workload(load_results(path_));
  constexpr double kWorkday = 7.0 / 5.0;
  expect_across(find(rows, "all", "minutes_worked_per_workday"), 20 * kWorkday, 18 * kWorkday);
  expect_across(find(rows, "findable", "minutes_worked_per_workday"), 25 * kWorkday, 18 * kWorkday);
  expect_across(find(rows, "all", "minutes_asked_per_workday"), 76.0 / 3 * kWorkday, 22 * kWorkday);
  expect_across(find(rows, "findable", "minutes_asked_per_workday"), 32.5 * kWorkday, 30 * kWorkday);
  // Run totals are divided by the days first.
  expect_across(find(rows, "all", "after_hours_minutes_per_workday"), 5 * kWorkday, 50.0 / 30 * kWorkday);
  expect_across(find(rows, "all", "message_hours_per_physician_year"), 20 * 365.0 / 60, 18 * 365.0 / 60);
  EXPECT_DOUBLE_EQ(find(rows, "findable", "minutes_worked_per_workday").physicians_per_replicate, 1.5);
  EXPECT_EQ(find(rows, "all", "minutes_worked_per_workday").units, "minutes/workday");
}

TEST_F(PhysicianWorkloadTest, ColumnsAFileLacksGiveNoRow) {
  write_file(false);
  const auto rows = physician_workload(load_results(path_));
  for (const auto& row : rows) {
    EXPECT_NE(row.measure, "minutes_asked_per_workday");
    EXPECT_NE(row.measure, "backlog_minutes_at_end");
  }
  EXPECT_NO_THROW(find(rows, "all", "minutes_worked_per_workday"));
}

TEST_F(PhysicianWorkloadTest, AGroupEmptyInAReplicateIsLeftOut) {
  write_file(true, {0, 1, 1, 0, 0, 0});
  const auto rows = physician_workload(load_results(path_));
  for (const auto& row : rows) EXPECT_EQ(row.physicians, "all") << row.measure;
}

}  // namespace
}  // namespace rapport::analysis
