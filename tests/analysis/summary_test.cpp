// Summaries of a hand-built results file with known numbers, checked against
// values computed independently here; CSV output and the stored summary layout.
#include "analysis/summary.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "analysis/summary_report.hpp"
#include "analysis/summary_writer.hpp"
#include "sim/hdf5_file.hpp"
#include "tests/support/temporary_directory.hpp"

namespace rapport::analysis {
namespace {

// t quantile for a 95% interval from three replicates: (2p - 1) sqrt(2 / (4p(1 - p))) at p = 0.975.
constexpr double kT975TwoDf = 4.3026527297494639;

using Rows = std::vector<std::vector<double>>;  // [replicate][day]

struct StoredMetric {
  std::string reduction;
  Rows rows;
};

sim::Matrix to_matrix(const Rows& rows) {
  sim::Matrix m{rows.size(), rows.front().size(), {}};
  for (const auto& row : rows) m.values.insert(m.values.end(), row.begin(), row.end());
  return m;
}

Rows running_total(const Rows& daily) {
  Rows total = daily;
  for (auto& row : total) {
    for (std::size_t t = 1; t < row.size(); ++t) row[t] += row[t - 1];
  }
  return total;
}

const Rows kBaseTrust = {{0.50, 0.52, 0.55, 0.60}, {0.50, 0.51, 0.53, 0.58}, {0.50, 0.53, 0.56, 0.62}};
const Rows kBaseBreaches = {{0, 1, 0, 2}, {1, 0, 0, 0}, {0, 0, 2, 2}};
const Rows kAltTrust = {{0.50, 0.55, 0.60, 0.65}, {0.50, 0.52, 0.57, 0.60}, {0.50, 0.58, 0.66, 0.70}};
const Rows kAltBreaches = {{1, 1, 1, 2}, {0, 0, 2, 0}, {1, 1, 1, 1}};

class SummaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = directory_ / "known.h5";
    sim::Hdf5File file(path_, sim::Hdf5File::Mode::kCreate);
    file.set_attribute("/", "format", std::string("rapport"));
    file.set_attribute("/", "format_version", std::int64_t{1});
    file.set_attribute("/", "rapport_version", std::string("test"));
    add_scenario(file, "base", kBaseTrust, kBaseBreaches);
    add_scenario(file, "alt", kAltTrust, kAltBreaches);
    add_scenario(file, "copy_of_base", kBaseTrust, kBaseBreaches);
  }

  static void add_scenario(sim::Hdf5File& file, const std::string& name, const Rows& trust, const Rows& breaches) {
    const std::string group = "/scenarios/" + name;
    file.create_group(group);
    file.set_attribute(group, "config", std::string("# hand-built\n"));
    file.set_attribute(group, "seed", std::int64_t{42});
    file.set_attribute(group, "replicates", static_cast<std::int64_t>(trust.size()));
    file.set_attribute(group, "days", static_cast<std::int64_t>(trust.front().size()));
    const std::map<std::string, StoredMetric> metrics = {
        {"trust_mean", {"level", trust}},
        {"breaches", {"count", breaches}},
        {"breaches_cumulative", {"cumulative", running_total(breaches)}},
    };
    for (const auto& [metric, stored] : metrics) {
      const std::string path = group + "/metrics/" + metric;
      file.write_matrix(path, to_matrix(stored.rows));
      file.set_attribute(path, "reduction", stored.reduction);
    }
  }

  static const MetricSummary& find(const std::vector<MetricSummary>& all, const std::string& scenario,
                                   const std::string& metric) {
    for (const auto& s : all) {
      if (s.scenario == scenario && s.metric == metric) return s;
    }
    throw std::runtime_error("no summary for " + scenario + "/" + metric);
  }

  // Independent reference: the textbook formulas on three numbers.
  static void expect_summary(const SampleSummary& s, double a, double b, double c) {
    const double mean = (a + b + c) / 3.0;
    const double sd = std::sqrt(((a - mean) * (a - mean) + (b - mean) * (b - mean) + (c - mean) * (c - mean)) / 2.0);
    const double half_width = kT975TwoDf * sd / std::sqrt(3.0);
    EXPECT_EQ(s.n, 3u);
    EXPECT_NEAR(s.mean, mean, 1e-12);
    EXPECT_NEAR(s.sd, sd, 1e-12);
    EXPECT_NEAR(s.ci_low, mean - half_width, 1e-9);
    EXPECT_NEAR(s.ci_high, mean + half_width, 1e-9);
  }

  test::TemporaryDirectory directory_{"rapport_summary_test"};
  std::filesystem::path path_;
};

TEST_F(SummaryTest, LevelMetricsUseTheFinalDay) {
  const auto all = summarize(load_results(path_), std::nullopt);
  const auto& s = find(all, "base", "trust_mean");
  EXPECT_EQ(s.statistic, Statistic::kFinalDay);
  expect_summary(s.across_replicates, 0.60, 0.58, 0.62);
}

TEST_F(SummaryTest, CountMetricsUseTheRunTotal) {
  const auto all = summarize(load_results(path_), std::nullopt);
  const auto& s = find(all, "base", "breaches");
  EXPECT_EQ(s.statistic, Statistic::kRunTotal);
  expect_summary(s.across_replicates, 3, 1, 4);
}

TEST_F(SummaryTest, CumulativeMetricsUseTheFinalDayAndAgreeWithCounts) {
  const auto all = summarize(load_results(path_), std::nullopt);
  const auto& s = find(all, "base", "breaches_cumulative");
  EXPECT_EQ(s.statistic, Statistic::kFinalDay);
  expect_summary(s.across_replicates, 3, 1, 4);
}

TEST_F(SummaryTest, PairedDifferenceIsTakenReplicateByReplicate) {
  const auto all = summarize(load_results(path_), std::string("base"));
  const auto& s = find(all, "alt", "trust_mean");
  ASSERT_TRUE(s.versus_baseline);
  expect_summary(s.versus_baseline->difference, 0.65 - 0.60, 0.60 - 0.58, 0.70 - 0.62);
  const auto& d = s.versus_baseline->difference;
  const double t = d.mean / (d.sd / std::sqrt(3.0));
  // Two-sided p of Student t with 2 df has a closed form: 1 - |t| / sqrt(t^2 + 2).
  EXPECT_NEAR(s.versus_baseline->p_value, 1.0 - std::fabs(t) / std::sqrt(t * t + 2.0), 1e-12);
}

TEST_F(SummaryTest, IdenticalScenariosDifferByExactlyZero) {
  for (const auto& s : summarize(load_results(path_), std::string("base"))) {
    if (s.scenario != "copy_of_base" && s.scenario != "base") continue;
    const auto& d = s.versus_baseline->difference;
    EXPECT_EQ(d.mean, 0.0) << s.metric;
    EXPECT_EQ(d.ci_low, 0.0) << s.metric;
    EXPECT_EQ(d.ci_high, 0.0) << s.metric;
    EXPECT_EQ(s.versus_baseline->p_value, 1.0) << s.metric;
  }
}

TEST_F(SummaryTest, DailyBandIsTheTIntervalOfEachDay) {
  const auto results = load_results(path_);
  const auto band = daily_band(results.scenario("base").metric("trust_mean").values);
  ASSERT_EQ(band.mean.size(), 4u);
  EXPECT_EQ(band.mean[0], 0.5);  // all replicates start equal: an exact, zero-width band
  EXPECT_EQ(band.low[0], 0.5);
  EXPECT_NEAR(band.mean[1], 0.52, 1e-12);
  EXPECT_NEAR(band.high[1] - band.mean[1], kT975TwoDf * 0.01 / std::sqrt(3.0), 1e-12);
}

TEST_F(SummaryTest, MetricSelectionKeepsTheRequestedOrder) {
  const auto all = summarize(load_results(path_), std::nullopt, {"trust_mean", "breaches"});
  ASSERT_EQ(all.size(), 6u);
  EXPECT_EQ(all[0].metric, "trust_mean");
  EXPECT_EQ(all[1].metric, "breaches");
}

TEST_F(SummaryTest, UnknownBaselineOrMetricIsAnInputError) {
  const auto results = load_results(path_);
  EXPECT_THROW(summarize(results, std::string("nonexistent")), AnalysisInputError);
  EXPECT_THROW(summarize(results, std::nullopt, {"trust_maen"}), AnalysisInputError);
}

TEST_F(SummaryTest, CsvHeaderIsExact) {
  const auto results = load_results(path_);
  std::ostringstream plain, paired;
  print_summary_csv(plain, summarize(results, std::nullopt));
  print_summary_csv(paired, summarize(results, std::string("base")));
  EXPECT_EQ(plain.str().substr(0, plain.str().find('\n')), "scenario,metric,statistic,n,mean,sd,ci_low,ci_high");
  EXPECT_EQ(paired.str().substr(0, paired.str().find('\n')),
            "scenario,metric,statistic,n,mean,sd,ci_low,ci_high,diff_mean,diff_ci_low,diff_ci_high,p_value");
  EXPECT_NE(plain.str().find("\nbase,breaches,run_total,3,2.6666666666666665,"), std::string::npos) << plain.str();
}

TEST_F(SummaryTest, StoredSummariesRoundTripAndReplaceEarlierOnes) {
  auto results = load_results(path_);
  store_summaries(results, summarize(results, std::nullopt), std::nullopt);
  store_summaries(results, summarize(results, std::string("base")), std::string("base"));

  const sim::Hdf5File file(path_, sim::Hdf5File::Mode::kReadOnly);
  const std::string group = "/scenarios/alt/summary";
  EXPECT_EQ(file.string_attribute(group, "baseline"), "base");
  const auto metrics = file.read_raw(group + "/metric");
  ASSERT_EQ(metrics.shape, std::vector<std::size_t>{3});
  const auto mean = file.read_matrix(group + "/mean");
  const auto diff = file.read_matrix(group + "/diff_mean");
  const auto all = summarize(results, std::string("base"));
  // Stored in the file's metric order, which is name order.
  const std::vector<std::string> order = {"breaches", "breaches_cumulative", "trust_mean"};
  for (std::size_t m = 0; m < order.size(); ++m) {
    const auto& s = find(all, "alt", order[m]);
    EXPECT_EQ(mean.values[m], s.across_replicates.mean) << order[m];
    EXPECT_EQ(diff.values[m], s.versus_baseline->difference.mean) << order[m];
  }
  EXPECT_EQ(file.shape(group + "/bands/trust_mean"), (std::vector<std::size_t>{3, 4}));
  // The simulated data are untouched by the rewrite.
  EXPECT_EQ(file.read_matrix("/scenarios/alt/metrics/trust_mean").values, to_matrix(kAltTrust).values);
}

TEST_F(SummaryTest, RejectsFilesItCannotRead) {
  const auto not_rapport = directory_ / "other.h5";
  { sim::Hdf5File file(not_rapport, sim::Hdf5File::Mode::kCreate); }
  EXPECT_THROW(load_results(not_rapport), ResultsFileError);

  const auto text = directory_ / "notes.txt";
  std::ofstream(text) << "not HDF5\n";
  EXPECT_THROW(load_results(text), ResultsFileError);

  {
    sim::Hdf5File file(path_, sim::Hdf5File::Mode::kReadWrite);
    file.set_attribute("/", "format_version", kReadableFormatVersion + 1);
  }
  try {
    (void)load_results(path_);
    FAIL() << "a newer format version was accepted";
  } catch (const ResultsFileError& e) {
    EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace rapport::analysis
