// Summaries of a hand-built results file with known numbers, checked against
// values computed independently here; CSV output and the stored summary layout.
#include "analysis/summary.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "analysis/physician_risk.hpp"
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
const Rows kBaseMessages = {{1, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}};
const Rows kAltMessages = {{2, 1, 0, 1}, {0, 0, 1, 0}, {3, 3, 3, 3}};
const Rows kNoComplaints = {{0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}};
constexpr std::size_t kPhysicians = 5;
constexpr double kReplicateYears = 3 * 4 / 365.0;

class SummaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = directory_ / "known.h5";
    sim::Hdf5File file(path_, sim::Hdf5File::Mode::kCreate);
    file.set_attribute("/", "format", std::string("rapport"));
    file.set_attribute("/", "format_version", std::int64_t{1});
    file.set_attribute("/", "rapport_version", std::string("test"));
    add_scenario(file, "base", kBaseTrust, kBaseBreaches, kBaseMessages);
    add_scenario(file, "alt", kAltTrust, kAltBreaches, kAltMessages);
    add_scenario(file, "copy_of_base", kBaseTrust, kBaseBreaches, kBaseMessages);
  }

  static void add_scenario(sim::Hdf5File& file, const std::string& name, const Rows& trust, const Rows& breaches,
                           const Rows& messages) {
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
        {"complaints", {"count", kNoComplaints}},
        {"messages", {"count", messages}},
    };
    for (const auto& [metric, stored] : metrics) {
      const std::string path = group + "/metrics/" + metric;
      file.write_matrix(path, to_matrix(stored.rows));
      file.set_attribute(path, "reduction", stored.reduction);
    }
    file.write_matrix(group + "/physicians/findable", sim::Matrix{trust.size(), kPhysicians,
                                                                  std::vector<double>(trust.size() * kPhysicians, 1.0)});
  }

  static const MetricSummary& find(const std::vector<MetricSummary>& all, const std::string& scenario,
                                   const std::string& metric) {
    for (const auto& s : all) {
      if (s.scenario == scenario && s.metric == metric) return s;
    }
    throw std::runtime_error("no summary for " + scenario + "/" + metric);
  }

  // Independent reference: the textbook formulas on three numbers.
  static void expect_summary(const SampleSummary& s, double a, double b, double c, bool lower_bound_at_zero = true) {
    const double mean = (a + b + c) / 3.0;
    const double sd = std::sqrt(((a - mean) * (a - mean) + (b - mean) * (b - mean) + (c - mean) * (c - mean)) / 2.0);
    const double half_width = kT975TwoDf * sd / std::sqrt(3.0);
    EXPECT_EQ(s.n, 3u);
    EXPECT_NEAR(s.mean, mean, 1e-12);
    EXPECT_NEAR(s.sd, sd, 1e-12);
    EXPECT_NEAR(s.ci_low, lower_bound_at_zero ? std::max(0.0, mean - half_width) : mean - half_width, 1e-9);
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

TEST_F(SummaryTest, DailyFlowsUseTheMeanPerDay) {
  const auto all = summarize(load_results(path_), std::nullopt);
  const auto& alt = find(all, "alt", "messages");
  EXPECT_EQ(alt.statistic, Statistic::kDailyMean);
  EXPECT_EQ(alt.interval, IntervalMethod::kStudentT);
  expect_summary(alt.across_replicates, 1.0, 0.25, 3.0);
}

// A t-interval of a mostly-zero count reaches below 0; a non-negative mean cannot.
TEST_F(SummaryTest, IntervalsOfNonNegativeMetricsStopAtZero) {
  const auto all = summarize(load_results(path_), std::nullopt);
  const auto& s = find(all, "base", "messages").across_replicates;
  const double mean = 0.25 / 3.0, sd = std::sqrt((2 * mean * mean + (0.25 - mean) * (0.25 - mean)) / 2.0);
  EXPECT_EQ(s.ci_low, 0.0);
  EXPECT_NEAR(s.ci_high, mean + kT975TwoDf * sd / std::sqrt(3.0), 1e-12);
  for (const auto& summary : all) EXPECT_GE(summary.across_replicates.ci_low, 0.0) << summary.metric;
  const auto band = daily_band(load_results(path_).scenario("base").metric("messages").values);
  for (const double low : band.low) EXPECT_GE(low, 0.0);
}

// Garwood bounds for 8 events (breaches of `base`): chi2(0.025, 16) / 2 and chi2(0.975, 18) / 2,
// from scipy.stats.chi2.ppf; for 0 events (complaints) the upper bound chi2(0.975, 2) / 2 = -ln(0.025).
TEST_F(SummaryTest, RareCountsAreYearlyRatesWithExactPoissonIntervals) {
  const auto all = summarize(load_results(path_), std::nullopt);
  const auto& s = find(all, "base", "breaches");
  EXPECT_EQ(s.statistic, Statistic::kYearlyRate);
  EXPECT_EQ(s.interval, IntervalMethod::kGarwood);
  EXPECT_NEAR(s.across_replicates.mean, 8.0 / kReplicateYears, 1e-9);
  EXPECT_NEAR(s.across_replicates.ci_low * kReplicateYears, 3.4538321767485014, 1e-10);
  EXPECT_NEAR(s.across_replicates.ci_high * kReplicateYears, 15.763189220193313, 1e-10);
  const auto& none = find(all, "base", "complaints").across_replicates;
  EXPECT_EQ(none.mean, 0.0);
  EXPECT_EQ(none.ci_low, 0.0);
  EXPECT_NEAR(none.ci_high, -std::log(0.025) / kReplicateYears, 1e-9);
}

// No event in either scenario: the difference is bounded by the two upper bounds, not [0, 0].
TEST_F(SummaryTest, DifferenceOfTwoZeroCellsKeepsTheirUpperBounds) {
  auto results = load_results(path_);
  results.scenarios.at(0).config_toml = "# another configuration\n";  // alt: zero complaints too
  ASSERT_EQ(results.scenarios.at(0).name, "alt");
  const auto all = summarize(results, std::string("base"));
  const auto& s = find(all, "alt", "complaints");
  const double upper = -std::log(0.025) / kReplicateYears;
  EXPECT_EQ(s.difference_interval, IntervalMethod::kGarwoodBounds);
  EXPECT_NEAR(s.versus_baseline->difference.ci_low, -upper, 1e-9);
  EXPECT_NEAR(s.versus_baseline->difference.ci_high, upper, 1e-9);
}

// MIDs: trust_mean 0.01 absolute; messages 1 per physician per day; breaches 1 per 1,000 physician-years.
TEST_F(SummaryTest, DifferencesInsideTheMinimumImportantDifferenceAreMarked) {
  const auto results = load_results(path_);
  const auto defaults = summarize(results, std::string("base"));
  EXPECT_EQ(find(defaults, "alt", "trust_mean").minimum_important_difference, 0.01);
  EXPECT_EQ(find(defaults, "alt", "messages").minimum_important_difference, 1.0 * kPhysicians);
  EXPECT_DOUBLE_EQ(find(defaults, "alt", "breaches").minimum_important_difference, 0.001 * kPhysicians);
  EXPECT_DOUBLE_EQ(find(defaults, "alt", "breaches_cumulative").minimum_important_difference,
                   0.001 * kPhysicians * 4 / 365.0);
  // alt - base in trust: 0.05, 0.02, 0.08; the interval reaches beyond 0.01.
  EXPECT_FALSE(find(defaults, "alt", "trust_mean").below_minimum_important_difference);
  EXPECT_TRUE(find(defaults, "copy_of_base", "trust_mean").below_minimum_important_difference);
  const auto& d = find(defaults, "alt", "trust_mean").versus_baseline->difference;
  const auto wide = summarize(results, std::string("base"), {}, parse_mid_overrides({"trust_mean=0.5"}));
  EXPECT_EQ(find(wide, "alt", "trust_mean").minimum_important_difference, 0.5);
  EXPECT_TRUE(find(wide, "alt", "trust_mean").below_minimum_important_difference) << d.ci_low << ' ' << d.ci_high;
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
  expect_summary(s.versus_baseline->difference, 0.65 - 0.60, 0.60 - 0.58, 0.70 - 0.62, false);
  const auto& d = s.versus_baseline->difference;
  const double t = d.mean / (d.sd / std::sqrt(3.0));
  // Two-sided p of Student t with 2 df has a closed form: 1 - |t| / sqrt(t^2 + 2).
  EXPECT_NEAR(s.versus_baseline->p_value, 1.0 - std::fabs(t) / std::sqrt(t * t + 2.0), 1e-12);
}

// The same configuration gives the same runs, so even a zero-event difference is exactly 0.
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
  EXPECT_EQ(plain.str().substr(0, plain.str().find('\n')),
            "scenario,metric,statistic,n,mean,sd,ci_low,ci_high,interval,mid");
  EXPECT_EQ(paired.str().substr(0, paired.str().find('\n')),
            "scenario,metric,statistic,n,mean,sd,ci_low,ci_high,diff_mean,diff_ci_low,diff_ci_high,p_value,"
            "interval,mid,diff_interval,below_mid");
  EXPECT_NE(plain.str().find("\nbase,messages,daily_mean,3,0.08333333333333333,"), std::string::npos) << plain.str();
  EXPECT_NE(paired.str().find(",garwood,0.005,paired_bootstrap,"), std::string::npos) << paired.str();
}

TEST_F(SummaryTest, StoredSummariesRoundTripAndReplaceEarlierOnes) {
  auto results = load_results(path_);
  store_summaries(results, {summarize(results, std::nullopt), std::nullopt, {}, 30, {}, {}});
  store_summaries(results, {summarize(results, std::string("base")), std::string("base"), physician_risks(results, 20), 20, {}, {}});

  const sim::Hdf5File file(path_, sim::Hdf5File::Mode::kReadOnly);
  const std::string group = "/scenarios/alt/summary";
  EXPECT_EQ(file.string_attribute(group, "baseline"), "base");
  const auto metrics = file.read_raw(group + "/metric");
  ASSERT_EQ(metrics.shape, std::vector<std::size_t>{5});
  const auto mean = file.read_matrix(group + "/mean");
  const auto diff = file.read_matrix(group + "/diff_mean");
  const auto mid = file.read_matrix(group + "/mid");
  const auto below = file.read_matrix(group + "/below_mid").values;  // int64, converted on reading
  const auto all = summarize(results, std::string("base"));
  // Stored in the file's metric order, which is name order.
  const std::vector<std::string> order = {"breaches", "breaches_cumulative", "complaints", "messages", "trust_mean"};
  for (std::size_t m = 0; m < order.size(); ++m) {
    const auto& s = find(all, "alt", order[m]);
    EXPECT_EQ(mean.values[m], s.across_replicates.mean) << order[m];
    EXPECT_EQ(diff.values[m], s.versus_baseline->difference.mean) << order[m];
    EXPECT_EQ(mid.values[m], s.minimum_important_difference) << order[m];
    EXPECT_EQ(below[m], s.below_minimum_important_difference ? 1.0 : 0.0) << order[m];
  }
  // Risks: breaches and complaints, with the career length they were computed for.
  EXPECT_TRUE(file.has_attribute(group + "/risk", "career_years"));
  EXPECT_EQ(file.read_matrix(group + "/risk/events").values, (std::vector<double>{11.0, 0.0}));
  EXPECT_EQ(file.read_matrix(group + "/risk/physician_years").values,
            (std::vector<double>{kPhysicians * kReplicateYears, kPhysicians * kReplicateYears}));
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
