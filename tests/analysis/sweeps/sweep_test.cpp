// Sweep files, `rapport sweep` and `rapport sensitivity`: validation messages, the stored
// layout, CSV output and thread-count independence, on tiny populations.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "analysis/sweeps/point_runner.hpp"
#include "analysis/sweeps/sweep_file.hpp"
#include "analysis/sweeps/sweep_runner.hpp"
#include "models/scenario.hpp"
#include "sim/hdf5_file.hpp"
#include "tests/support/run_command.hpp"
#include "tests/support/temporary_directory.hpp"

namespace {

namespace fs = std::filesystem;
using rapport::analysis::load_sweep_file;

using rapport::test::TemporaryDirectory;

// `rapport <arguments>`; stderr goes into `out` with stdout, or is dropped.
rapport::test::CommandResult rapport(const std::string& arguments, bool with_stderr = true) {
  return rapport::test::run_command(std::string(RAPPORT_EXECUTABLE) + " " + arguments +
                                    (with_stderr ? " 2>&1" : " 2>/dev/null"));
}

class SweepTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    directory_ = new TemporaryDirectory("rapport_sweep_test");
  }
  static void TearDownTestSuite() {
    delete directory_;
    directory_ = nullptr;
  }
  static std::string path(const std::string& name) { return (*directory_ / name).string(); }
  static std::string scenario(const std::string& name) {
    return std::string(RAPPORT_SOURCE_DIR) + "/scenarios/" + name + ".toml";
  }
  // A sweep file in the temporary folder; `body` follows the base scenario line(s).
  static std::string write(const std::string& name, const std::string& text) {
    std::ofstream(path(name)) << text;
    return path(name);
  }
  static std::string tiny_sweep(const std::string& bases, const std::string& design) {
    return bases + "\noutcomes = [\"trust_mean\", \"breaches_cumulative\", \"messages\"]\n" + design +
           "\n[set]\npopulation.physicians = 4\npopulation.patients_per_physician = 60\nrun.days = 20\n"
           "\n"
           "[[parameters]]\nkey = \"trust.decline_silent\"\nlow = -0.05\nhigh = 0.02\n\n"
           "[[parameters]]\nkey = \"requests.rate_per_year\"\ndistribution = \"log_uniform\"\nlow = 0.001\nhigh = 0.02\n"
           "\n[[parameters]]\nkey = \"messages.minutes_per_message\"\ndistribution = \"normal_truncated\"\n"
           "mean = 2.3\nsd = 0.8\nlow = 1.2\nhigh = 5\n\n"
           "[[parameters]]\nkey = \"cascade.max_hops\"\nlow = 1\nhigh = 5\n";
  }
  // The error message of loading `text` as a sweep file, or "" if it loads.
  static std::string error_of(const std::string& text) {
    const auto file = write("invalid.toml", text);
    try {
      (void)load_sweep_file(file);
    } catch (const rapport::sim::ConfigError& e) {
      return e.what();
    }
    return "";
  }
  static TemporaryDirectory* directory_;
};
TemporaryDirectory* SweepTest::directory_ = nullptr;

TEST_F(SweepTest, ValidFileLoadsWithDefaults) {
  const auto spec = load_sweep_file(write("valid.toml", tiny_sweep("base = \"" + scenario("decline_all") + "\"",
                                                                   "[design]\nmethod = \"sobol\"\nsamples = 4\n")));
  EXPECT_EQ(spec.name, "valid");
  EXPECT_EQ(spec.points(), 4u * (4 + 2));
  EXPECT_EQ(spec.replicates, 1);
  EXPECT_TRUE(spec.parameters[3].integer);
  EXPECT_EQ(spec.set.size(), 3u);
  ASSERT_EQ(spec.bases.size(), 1u);
  EXPECT_EQ(spec.bases[0].params.run.days, 20) << "each base is resolved once, with [set] applied";
}

TEST_F(SweepTest, ValidationNamesFileLineAndKey) {
  const std::string base = "base = \"" + scenario("decline_all") + "\"";
  const std::string sobol = "[design]\nmethod = \"sobol\"\nsamples = 4\n";
  auto expect_error = [&](const std::string& text, const std::string& expected) {
    const auto message = error_of(text);
    EXPECT_NE(message.find(expected), std::string::npos) << "expected '" << expected << "' in: " << message;
    EXPECT_NE(message.find("invalid.toml"), std::string::npos) << message;
  };
  expect_error(tiny_sweep(base, sobol + "replicate = 3\n"), "did you mean 'design.replicates'");
  expect_error("titel = \"x\"\n" + tiny_sweep(base, sobol), "titel: unknown key");
  expect_error(tiny_sweep(base, "[design]\nmethod = \"sobol\"\nsample = 4\n"), "did you mean 'design.samples'");
  expect_error(tiny_sweep(base, "[design]\nmethod = \"sobl\"\nsamples = 4\n"), "did you mean 'sobol'");
  expect_error(tiny_sweep(base, sobol) + "\n[[parameters]]\nkey = \"trust.declined_silent\"\nlow = 0\nhigh = 1\n",
               "not a model parameter; did you mean 'trust.decline_silent'");
  expect_error(tiny_sweep(base, sobol) + "\n[[parameters]]\nkey = \"trust.accept\"\nlow = -2\nhigh = 0.05\n",
               "trust.accept: the range [-2, 0.05] leaves the values the model accepts; allowed: -1 to 1");
  expect_error(tiny_sweep(base, sobol) + "\n[[parameters]]\nkey = \"trust.accept\"\ndistribution = \"log_uniform\""
                                         "\nlow = 0\nhigh = 0.05\n",
               "log_uniform range must be positive");
  expect_error(tiny_sweep(base, sobol) + "\n[[parameters]]\nkey = \"trust.accept\"\ndistribution = \"normal\""
                                         "\nlow = 0\nhigh = 0.05\n",
               "did you mean 'normal_truncated'");
  expect_error(tiny_sweep(base, sobol) + "\n[[parameters]]\nkey = \"network.type\"\nlow = 0\nhigh = 1\n",
               "not numeric");
  expect_error(tiny_sweep(base, sobol) + "\n[[parameters]]\nkey = \"trust.decline_silent\"\nlow = 0\nhigh = 0.01\n",
               "swept twice");
  expect_error(tiny_sweep(base, sobol) + "\n[[parameters]]\nkey = \"trust.accept\"\nlow = 0\nhigh = 0.05\nsd = 1\n",
               "only for normal_truncated");
  expect_error(tiny_sweep(base, "[design]\nmethod = \"grid\"\nsamples = 4\n"), "not 'design.samples'");
  expect_error("base = \"" + scenario("decline_all") + "\"\noutcomes = [\"trust_men\"]\n" + sobol, "did you mean 'trust_mean'");
  expect_error(tiny_sweep("base = \"missing.toml\"", sobol), "does not exist");
  auto with_set = tiny_sweep(base, sobol);
  with_set.replace(with_set.find("[set]\n"), 6, "[set]\nrun.replicate = 2\n");
  expect_error(with_set, "run.replicate: unknown key");
}

TEST_F(SweepTest, PointMakerSetsValuesOnTheResolvedBaseWithTheChecksOfAScenarioFile) {
  using rapport::analysis::PointMaker;
  const auto base = rapport::models::load_scenario(
      scenario("decline_all"),
      rapport::sim::parse_overrides({"population.physicians=3", "population.patients_per_physician=40", "run.days=10"}));
  const PointMaker maker(base, {}, {"cascade.max_hops", "trust.accept"});
  const auto point = maker.prepare(std::vector<double>{2.6, 0.1}, 2, 5);
  EXPECT_EQ(point.model.parameters().cascade.max_hops, 3) << "integer keys take the nearest integer";
  EXPECT_EQ(point.model.parameters().trust.accept, 0.1);
  EXPECT_EQ(point.model.parameters().run.replicates, 2);
  EXPECT_EQ(point.model.parameters().run.seed, 5);
  EXPECT_EQ(point.seed, 5);

  const auto ids = rapport::analysis::outcome_ids({"visits", "trust_mean"});
  const auto statistics = rapport::analysis::replicate_statistics(point, 1, ids);
  EXPECT_GT(statistics[0], 0.0);  // visits: a run total over 10 days
  EXPECT_GT(statistics[1], 0.0);
  EXPECT_LT(statistics[1], 1.0);

  try {
    (void)maker.prepare(std::vector<double>{2, 1.5}, 2, 5);
    ADD_FAILURE() << "a value out of the key's range was accepted";
  } catch (const rapport::sim::ConfigError& e) {
    EXPECT_STREQ(e.what(), "trust.accept: is 1.5, out of range (above the maximum of 1); allowed: a number from -1 to 1");
  }
}

// A point set on the typed parameters runs exactly as the same values given as
// overrides of the base file, including a share of the atomic policy.mix table (which
// replaces the file's mix) and the rules between keys.
TEST_F(SweepTest, TypedPointRunsLikeTheSameValuesAsOverrides) {
  using rapport::sim::parse_overrides;
  const std::vector<std::string> fixed = {"population.physicians=3", "population.patients_per_physician=40",
                                          "run.days=12"};
  const auto settings = parse_overrides(fixed);
  const auto base = rapport::models::load_scenario(scenario("status_quo"), settings);
  const rapport::analysis::PointMaker maker(base, settings, {"policy.mix.accept_all", "trust.accept"});
  const auto ids = rapport::analysis::outcome_ids({"trust_mean", "messages", "friend_requests"});

  auto assignments = fixed;
  assignments.insert(assignments.end(), {"policy.mix.accept_all=1", "trust.accept=0.03125", "run.replicates=1",
                                         "run.seed=7"});
  const auto as_text = rapport::models::load_scenario(scenario("status_quo"), parse_overrides(assignments));
  const rapport::analysis::PreparedPoint text_point{rapport::models::Model(as_text.params), 1, 7};
  const auto typed_point = maker.prepare(std::vector<double>{1.0, 0.03125}, 1, 7);
  EXPECT_EQ(rapport::analysis::replicate_statistics(typed_point, 0, ids),
            rapport::analysis::replicate_statistics(text_point, 0, ids));

  // Half the mix to accept_all clears the file's other shares, so the mix sums to 0.5.
  try {
    (void)maker.prepare(std::vector<double>{0.5, 0.0}, 1, 7);
    ADD_FAILURE() << "a mix summing to 0.5 was accepted";
  } catch (const rapport::sim::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("policy.mix.*: the shares sum to 0.5"), std::string::npos) << e.what();
  }
}

// Preparing a sweep reads the sweep file and each base once, however many points it has:
// with the base deleted after loading, all 10,000 points are still prepared.
TEST_F(SweepTest, TenThousandPointsAreMadeFromBasesReadOnce) {
  const auto base = write("read_once_base.toml", "[population]\nphysicians = 3\npatients_per_physician = 40\n");
  const auto file = write("read_once.toml", "base = \"read_once_base.toml\"\noutcomes = [\"trust_mean\"]\n"
                                            "[design]\nmethod = \"lhs\"\nsamples = 10000\n"
                                            "[[parameters]]\nkey = \"trust.accept\"\nlow = 0\nhigh = 0.05\n"
                                            "[[parameters]]\nkey = \"cascade.max_hops\"\nlow = 1\nhigh = 5\n");
  const auto spec = load_sweep_file(file);
  fs::remove(base);
  const rapport::analysis::SweepRuns runs(spec);
  EXPECT_EQ(runs.size(), 10000u);
  EXPECT_EQ(runs.data().base_configs.size(), 1u);
}

TEST_F(SweepTest, SweepThenSensitivityCsvAndStoredLayout) {
  const auto file = write("e2e.toml", tiny_sweep("scenarios = [\"" + scenario("decline_all") + "\", \"" +
                                                     scenario("accept_all") + "\"]",
                                                 "[design]\nmethod = \"sobol\"\nsamples = 6\nreplicates = 2\nseed = 3\n"));
  const auto run = rapport("sweep " + file + " -o " + path("e2e.h5") + " --threads 2 -q");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  const auto again = rapport("sweep " + file + " -o " + path("e2e.h5") + " -q");
  EXPECT_EQ(again.exit_code, 4) << again.out;  // exists, no --force

  const auto csv = rapport("sensitivity " + path("e2e.h5") + " --csv", /*with_stderr=*/false);
  ASSERT_EQ(csv.exit_code, 0) << csv.out;
  EXPECT_EQ(csv.out.rfind("parameter,outcome,S1,S1_ci_low,S1_ci_high,ST,ST_ci_low,ST_ci_high", 0), 0u)
      << csv.out;
  EXPECT_NE(csv.out.find("\ntrust.decline_silent,trust_mean,"), std::string::npos) << csv.out;

  const auto robust = rapport("sensitivity " + path("e2e.h5") + " --compare accept_all,decline_all");
  ASSERT_EQ(robust.exit_code, 0) << robust.out;
  EXPECT_NE(robust.out.find("Policy robustness"), std::string::npos) << robust.out;
  // A Saltelli design's PRCC p-values are marked, and the reason printed under the table.
  EXPECT_NE(robust.out.find("* PRCC p-value on a Saltelli design: its points are not independent"),
            std::string::npos)
      << robust.out;

  // --csv with --compare: the indices, a blank line, the robustness table.
  const auto both = rapport("sensitivity " + path("e2e.h5") + " --csv --compare accept_all,decline_all", false);
  ASSERT_EQ(both.exit_code, 0) << both.out;
  const auto blank = both.out.find("\n\n");
  ASSERT_NE(blank, std::string::npos) << both.out;
  EXPECT_EQ(both.out.substr(0, blank + 1), csv.out) << "the indices as without --compare";
  EXPECT_EQ(both.out.substr(blank + 2).rfind("outcome,better,policy_a,policy_b,points,", 0), 0u) << both.out;
  EXPECT_NE(both.out.find("\ntrust_mean,higher,accept_all,decline_all,36,"), std::string::npos) << both.out;
  const auto unknown = rapport("sensitivity " + path("e2e.h5") + " --compare accept_all,secure_portal");
  EXPECT_EQ(unknown.exit_code, 3) << unknown.out;

  rapport::sim::Hdf5File h5(path("e2e.h5"), rapport::sim::Hdf5File::Mode::kReadOnly);
  const std::string g = "/sweeps/e2e";
  EXPECT_EQ(h5.string_attribute("/", "format"), "rapport");
  EXPECT_EQ(h5.string_attribute(g, "method"), "sobol");
  EXPECT_EQ(h5.integer_attribute(g, "replicates"), 2);
  EXPECT_EQ(h5.shape(g + "/design"), (std::vector<std::size_t>{36, 4}));
  EXPECT_EQ(h5.shape(g + "/outcomes/accept_all/trust_mean"), (std::vector<std::size_t>{36, 2}));
  EXPECT_TRUE(h5.exists(g + "/sensitivity/robustness/share_a_better"));
  EXPECT_EQ(h5.shape(g + "/sensitivity/ST"), (std::vector<std::size_t>{2 * 3 * 4}));
  const auto hops = h5.read_matrix(g + "/design");
  for (std::size_t r = 0; r < hops.rows; ++r) EXPECT_EQ(hops.at(r, 3), std::round(hops.at(r, 3)));  // integer key
}

TEST_F(SweepTest, DatasetsDoNotDependOnThreadCount) {
  const auto file = write("threads.toml", tiny_sweep("base = \"" + scenario("status_quo") + "\"",
                                                     "[design]\nmethod = \"lhs\"\nsamples = 12\nreplicates = 2\n"));
  ASSERT_EQ(rapport("sweep " + file + " -o " + path("one.h5") + " --threads 1 -q").exit_code, 0);
  ASSERT_EQ(rapport("sweep " + file + " -o " + path("two.h5") + " --threads 2 -q").exit_code, 0);
  rapport::sim::Hdf5File one(path("one.h5"), rapport::sim::Hdf5File::Mode::kReadOnly);
  rapport::sim::Hdf5File two(path("two.h5"), rapport::sim::Hdf5File::Mode::kReadOnly);
  const std::string g = "/sweeps/threads";
  for (const auto* dataset : {"/design", "/design_unit", "/outcomes/trust_mean", "/outcomes/breaches_cumulative",
                              "/outcomes/messages", "/parameters"}) {
    EXPECT_EQ(one.read_raw(g + dataset), two.read_raw(g + dataset)) << dataset;
  }
  EXPECT_EQ(one.read_raw_attribute(g, "sweep_toml"), two.read_raw_attribute(g, "sweep_toml"));
}

TEST_F(SweepTest, MorrisSweepPrintsMuStar) {
  const auto file = write("morris.toml", tiny_sweep("base = \"" + scenario("decline_all") + "\"",
                                                    "[design]\nmethod = \"morris\"\nsamples = 3\n"));
  ASSERT_EQ(rapport("sweep " + file + " -o " + path("morris.h5") + " -q").exit_code, 0);
  const auto csv = rapport("sensitivity " + path("morris.h5") + " --csv", false);
  ASSERT_EQ(csv.exit_code, 0) << csv.out;
  EXPECT_EQ(csv.out.rfind("parameter,outcome,mu_star,mu,sigma,prcc,prcc_p_value,scenario\n", 0), 0u) << csv.out;
}

// Issue 16: a design axis over the policy mix. The swept share and `mix_rest`'s share sum to 1
// at every point, so "what share of physicians should redirect" is one sweep.
TEST_F(SweepTest, MixAxisSweepsAShareWhoseRestGoesToOnePolicy) {
  const auto mix_sweep = [&](const std::string& rest_line, const std::string& high) {
    return "base = \"" + scenario("status_quo") + "\"\n" + rest_line +
           "outcomes = [\"policy_share_secure_portal\", \"policy_share_decline_all\", \"trust_mean\"]\n"
           "[design]\nmethod = \"grid\"\nlevels = 3\n"
           "[set]\npopulation.physicians = 4\npopulation.patients_per_physician = 40\nrun.days = 10\n"
           "[[parameters]]\nkey = \"policy.mix.secure_portal\"\nlow = 0\nhigh = " + high + "\n"
           "[[parameters]]\nkey = \"trust.accept\"\nlow = 0\nhigh = 0.05\n";
  };
  const std::string rest = "mix_rest = \"decline_all\"\n";
  EXPECT_NE(error_of(mix_sweep("", "1")).find("mix_rest: shares of policy.mix are swept (policy.mix.secure_portal)"),
            std::string::npos)
      << error_of(mix_sweep("", "1"));
  EXPECT_NE(error_of(mix_sweep("mix_rest = \"decline_al\"\n", "1")).find("did you mean 'decline_all'"),
            std::string::npos);
  EXPECT_NE(error_of(mix_sweep("mix_rest = \"secure_portal\"\n", "1")).find("is swept too"), std::string::npos);
  EXPECT_NE(error_of(mix_sweep(rest, "1") + "[[parameters]]\nkey = \"policy.mix.accept_all\"\nlow = 0\nhigh = 0.2\n")
                .find("their highs must sum to at most 1"),
            std::string::npos);
  EXPECT_EQ(error_of(mix_sweep(rest, "1")), "");

  const auto file = write("mix.toml", mix_sweep(rest, "1"));
  const auto run = rapport("sweep " + file + " -o " + path("mix.h5") + " --threads 2 -q");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  rapport::sim::Hdf5File h5(path("mix.h5"), rapport::sim::Hdf5File::Mode::kReadOnly);
  const auto design = h5.read_matrix("/sweeps/mix/design");
  const auto portal = h5.read_matrix("/sweeps/mix/outcomes/policy_share_secure_portal");
  const auto decline = h5.read_matrix("/sweeps/mix/outcomes/policy_share_decline_all");
  ASSERT_EQ(design.rows, 9u);
  std::set<double> shares;
  for (std::size_t p = 0; p < design.rows; ++p) {
    const double share = design.at(p, 0);
    shares.insert(share);
    EXPECT_NEAR(portal.at(p, 0) + decline.at(p, 0), 1.0, 1e-12) << "point " << p << ": the mix sums to 1";
    if (share == 0.0) {
      EXPECT_EQ(portal.at(p, 0), 0.0) << "point " << p;
    }
    if (share == 1.0) {
      EXPECT_EQ(decline.at(p, 0), 0.0) << "point " << p;
    }
  }
  EXPECT_EQ(shares, (std::set<double>{0.0, 0.5, 1.0}));
}

// Issue 16: `rerun --verify` reproduces a sweep from its results file alone (the stored sweep
// file and resolved bases) and compares /sweeps bit for bit, as it does for a run.
TEST_F(SweepTest, RerunVerifiesASweepFromItsFileAlone) {
  fs::create_directories(path("gone"));
  const auto file = write("gone/reproduce.toml", tiny_sweep("base = \"" + scenario("status_quo") + "\"",
                                                             "[design]\nmethod = \"lhs\"\nsamples = 5\n"));
  ASSERT_EQ(rapport("sweep " + file + " -o " + path("reproduce.h5") + " -q").exit_code, 0);
  fs::remove_all(path("gone"));  // the sweep file is no longer needed
  ASSERT_EQ(rapport("sensitivity " + path("reproduce.h5")).exit_code, 0);  // a derived group, not compared

  const auto rerun = rapport("rerun " + path("reproduce.h5") + " -o " + path("reproduced.h5") + " --verify -q --threads 2");
  EXPECT_EQ(rerun.exit_code, 0) << rerun.out;
  EXPECT_NE(rerun.out.find("bit-identical: all "), std::string::npos) << rerun.out;
  EXPECT_NE(rerun.out.find(" datasets under /sweeps match "), std::string::npos) << rerun.out;
  rapport::sim::Hdf5File reproduced(path("reproduced.h5"), rapport::sim::Hdf5File::Mode::kReadOnly);
  EXPECT_TRUE(reproduced.exists("/sweeps/reproduce/design")) << "named as the original sweep, not after the file";
  EXPECT_EQ(reproduced.string_attribute("/provenance", "rerun_of"), path("reproduce.h5"));

  fs::copy_file(path("reproduce.h5"), path("tampered.h5"));
  {
    rapport::sim::Hdf5File tampered(path("tampered.h5"), rapport::sim::Hdf5File::Mode::kReadWrite);
    const std::string dataset = "/sweeps/reproduce/outcomes/trust_mean";
    auto values = tampered.read_matrix(dataset);
    values.values.front() += 1e-12;
    tampered.remove(dataset);
    tampered.write_matrix(dataset, values);
  }
  const auto differs = rapport("rerun " + path("tampered.h5") + " -o " + path("from_tampered.h5") + " --verify -q");
  EXPECT_EQ(differs.exit_code, 6) << differs.out;
  EXPECT_NE(differs.out.find("/sweeps/reproduce/outcomes/trust_mean: values differ"), std::string::npos)
      << differs.out;
}

TEST_F(SweepTest, InvalidSweepExitsWithBadInput) {
  const auto file = write("bad.toml", tiny_sweep("base = \"" + scenario("decline_all") + "\"",
                                                 "[design]\nmethod = \"sobol\"\nsamples = 4\nsed = 2\n"));
  const auto run = rapport("sweep " + file + " -o " + path("bad.h5"));
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_NE(run.out.find("did you mean 'design.seed'"), std::string::npos) << run.out;
  EXPECT_FALSE(fs::exists(path("bad.h5")));
  EXPECT_EQ(rapport("sensitivity " + path("missing.h5")).exit_code, 4);
}

}  // namespace
