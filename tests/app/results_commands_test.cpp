// The summarize and rerun commands, run as a user would: exit codes and printed output.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <toml++/toml.h>

#include "analysis/compare_files.hpp"
#include "sim/hdf5_file.hpp"
#include "tests/support/run_command.hpp"
#include "tests/support/temporary_directory.hpp"

namespace {

using rapport::test::TemporaryDirectory;

// `rapport <arguments>`; stderr goes into `out` with stdout.
rapport::test::CommandResult rapport(const std::string& arguments) {
  return rapport::test::run_command(std::string(RAPPORT_EXECUTABLE) + " " + arguments + " 2>&1");
}

// One tiny two-scenario run shared by every test (a second or so to simulate).
class ResultsCommandsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    directory_ = new TemporaryDirectory("rapport_results_commands");
    const std::string scenarios = std::string(RAPPORT_SOURCE_DIR) + "/scenarios/";
    const auto run = rapport("run " + scenarios + "decline_all.toml " + scenarios + "accept_all.toml -o " +
                             path("original.h5") +
                             " --replicates 3 --days 40 --threads 2 -q --set population.physicians=8"
                             " --set population.patients_per_physician=150 --set requests.rate_per_year=0.005");
    ASSERT_EQ(run.exit_code, 0) << run.out;
  }
  static void TearDownTestSuite() {
    delete directory_;
    directory_ = nullptr;
  }
  static std::string path(const std::string& name) { return (*directory_ / name).string(); }
  static TemporaryDirectory* directory_;
};
TemporaryDirectory* ResultsCommandsTest::directory_ = nullptr;

TEST_F(ResultsCommandsTest, SummarizeCsvHasTheDocumentedHeader) {
  const auto plain = rapport("summarize " + path("original.h5") + " --csv");
  ASSERT_EQ(plain.exit_code, 0) << plain.out;
  EXPECT_EQ(plain.out.rfind("scenario,metric,statistic,n,mean,sd,ci_low,ci_high,interval,mid\n", 0), 0u) << plain.out;

  const auto paired = rapport("summarize " + path("original.h5") + " --csv --baseline decline_all");
  ASSERT_EQ(paired.exit_code, 0) << paired.out;
  EXPECT_EQ(paired.out.rfind("scenario,metric,statistic,n,mean,sd,ci_low,ci_high,"
                             "diff_mean,diff_ci_low,diff_ci_high,p_value,interval,mid,diff_interval,below_mid\n", 0), 0u)
      << paired.out;
  EXPECT_NE(paired.out.find("\ndecline_all,trust_mean,final_day,3,"), std::string::npos);
  EXPECT_NE(paired.out.find("\ndecline_all,messages,daily_mean,3,"), std::string::npos);
  EXPECT_NE(paired.out.find("\ndecline_all,breaches,per_replicate_year,3,"), std::string::npos);
}

TEST_F(ResultsCommandsTest, SummarizeTakesMinimumImportantDifferencesAndCareerYears) {
  const auto set = rapport("summarize " + path("original.h5") +
                           " --csv --baseline decline_all --metrics trust_mean --mid trust_mean=0.25");
  ASSERT_EQ(set.exit_code, 0) << set.out;
  EXPECT_NE(set.out.find(",student_t,0.25,paired_t,true\n"), std::string::npos) << set.out;
  const auto career = rapport("summarize " + path("original.h5") + " --metrics complaints --career-years 10");
  ASSERT_EQ(career.exit_code, 0) << career.out;
  EXPECT_NE(career.out.find("P(>=1 in 10 years) per physician"), std::string::npos) << career.out;

  for (const char* bad : {"--mid trust_maen=0.1", "--mid trust_mean", "--mid trust_mean=-1", "--mid trust_mean=x"}) {
    const auto rejected = rapport("summarize " + path("original.h5") + " " + bad);
    EXPECT_EQ(rejected.exit_code, 2) << bad;
    EXPECT_NE(rejected.out.find("--mid"), std::string::npos) << rejected.out;
  }
  EXPECT_EQ(rapport("summarize " + path("original.h5") + " --career-years 0").exit_code, 2);
}

TEST_F(ResultsCommandsTest, SummarizeTableListsMetricsAndScenarios) {
  const auto table = rapport("summarize " + path("original.h5") + " --baseline decline_all --metrics trust_mean");
  ASSERT_EQ(table.exit_code, 0) << table.out;
  EXPECT_NE(table.out.find("trust_mean"), std::string::npos);
  EXPECT_NE(table.out.find("accept_all"), std::string::npos);
  EXPECT_NE(table.out.find("95% CI"), std::string::npos);
  EXPECT_EQ(table.out.find("adherence_mean"), std::string::npos);
  // Where the policy acts comes first: the effects per requester, then the population table.
  const auto effects = table.out.find("Effects per requester against 'decline_all'");
  ASSERT_NE(effects, std::string::npos) << table.out;
  EXPECT_LT(effects, table.out.find("trust_mean"));
  EXPECT_NE(table.out.find("after_hours_minutes", effects), std::string::npos);
}

TEST_F(ResultsCommandsTest, SummarizeWriteStoresTheSummaryGroup) {
  std::filesystem::copy_file(path("original.h5"), path("written.h5"));
  const auto written = rapport("summarize " + path("written.h5") + " --baseline decline_all --write --csv");
  ASSERT_EQ(written.exit_code, 0) << written.out;
  const rapport::sim::Hdf5File file(path("written.h5"), rapport::sim::Hdf5File::Mode::kReadOnly);
  for (const std::string scenario : {"accept_all", "decline_all"}) {
    const std::string group = "/scenarios/" + scenario + "/summary";
    EXPECT_EQ(file.string_attribute(group, "baseline"), "decline_all");
    for (const char* dataset : {"metric", "statistic", "n", "mean", "sd", "ci_low", "ci_high", "diff_mean",
                                "diff_ci_low", "diff_ci_high", "p_value", "bands/trust_mean", "interval", "mid",
                                "diff_interval", "below_mid", "risk/metric", "risk/career_probability_ci_high"}) {
      EXPECT_TRUE(file.exists(group + "/" + dataset)) << group << "/" << dataset;
    }
  }
  EXPECT_EQ(file.shape("/scenarios/accept_all/summary/bands/breaches_cumulative"), (std::vector<std::size_t>{3, 40}));
  EXPECT_EQ(file.string_attribute("/scenarios/accept_all/summary/requester_effects", "baseline"), "decline_all");
  EXPECT_EQ(file.shape("/scenarios/accept_all/summary/requester_effects/direct_ci_high"), (std::vector<std::size_t>{6}));
  EXPECT_FALSE(file.exists("/scenarios/decline_all/summary/requester_effects"));
}

TEST_F(ResultsCommandsTest, SummarizeRejectsBadInputWithOneLine) {
  const auto missing = rapport("summarize " + path("missing.h5"));
  EXPECT_EQ(missing.exit_code, 4) << missing.out;

  std::FILE* text = std::fopen(path("notes.h5").c_str(), "w");
  std::fputs("not a results file\n", text);
  std::fclose(text);
  const auto not_rapport = rapport("summarize " + path("notes.h5"));
  EXPECT_EQ(not_rapport.exit_code, 4);
  EXPECT_NE(not_rapport.out.find("not a rapport results file"), std::string::npos) << not_rapport.out;

  const auto baseline = rapport("summarize " + path("original.h5") + " --baseline decline_al");
  EXPECT_EQ(baseline.exit_code, 3);
  EXPECT_NE(baseline.out.find("did you mean 'decline_all'"), std::string::npos) << baseline.out;
}

TEST_F(ResultsCommandsTest, RerunVerifyReportsBitIdentical) {
  const auto rerun = rapport("rerun " + path("original.h5") + " -o " + path("rerun.h5") + " --verify -q --threads 1");
  EXPECT_EQ(rerun.exit_code, 0) << rerun.out;
  EXPECT_NE(rerun.out.find("bit-identical"), std::string::npos) << rerun.out;
}

TEST_F(ResultsCommandsTest, RerunVerifyNamesATamperedDataset) {
  std::filesystem::copy_file(path("original.h5"), path("tampered.h5"));
  {
    rapport::sim::Hdf5File file(path("tampered.h5"), rapport::sim::Hdf5File::Mode::kReadWrite);
    const std::string dataset = "/scenarios/accept_all/metrics/trust_mean";
    auto values = file.read_matrix(dataset);
    values.values.back() += 1e-12;
    std::vector<std::pair<std::string, std::string>> attributes;
    for (const auto& name : file.attribute_names(dataset)) attributes.emplace_back(name, file.string_attribute(dataset, name));
    file.remove(dataset);
    file.write_matrix(dataset, values);
    for (const auto& [name, value] : attributes) file.set_attribute(dataset, name, value);
  }
  const auto rerun = rapport("rerun " + path("tampered.h5") + " -o " + path("from_tampered.h5") + " --verify -q");
  EXPECT_EQ(rerun.exit_code, 6) << rerun.out;
  EXPECT_NE(rerun.out.find("/scenarios/accept_all/metrics/trust_mean: values differ"), std::string::npos)
      << rerun.out;
  EXPECT_EQ(rerun.out.find("bit-identical"), std::string::npos);
}

TEST_F(ResultsCommandsTest, RerunRefusesToOverwriteItsSource) {
  const auto rerun = rapport("rerun " + path("original.h5") + " -o " + path("original.h5") + " --force -q");
  EXPECT_EQ(rerun.exit_code, 2) << rerun.out;
}

// Scenarios of different days, replicates and seeds in one call: the run warns before
// simulating with every value, and `summarize --baseline` names them and the fixing flags.
TEST_F(ResultsCommandsTest, MixedRunSettingsAreNamedByRunAndSummarize) {
  const std::string scenarios = std::string(RAPPORT_SOURCE_DIR) + "/scenarios/";
  const auto write_scenario = [&](const std::string& name, const std::string& base, int days, int replicates, int seed) {
    std::FILE* file = std::fopen(path(name).c_str(), "w");
    std::fprintf(file,
                 "extends = \"%s%s\"\n[run]\ndays = %d\nreplicates = %d\nseed = %d\n"
                 "[population]\nphysicians = 4\npatients_per_physician = 100\n",
                 scenarios.c_str(), base.c_str(), days, replicates, seed);
    std::fclose(file);
  };
  write_scenario("short.toml", "decline_all.toml", 20, 2, 1);
  write_scenario("long.toml", "secure_portal.toml", 30, 3, 2);
  const auto run = rapport("run " + path("short.toml") + " " + path("long.toml") + " -o " + path("mixed.h5") +
                           " -q --threads 2");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  EXPECT_NE(run.out.find("rapport: warning: the scenarios differ in run.days, run.replicates and run.seed: "
                         "'short' (20 days, 2 replicates, seed 1) and 'long' (30 days, 3 replicates, seed 2)"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("pass --days, --replicates and --seed"), std::string::npos) << run.out;

  const auto paired = rapport("summarize " + path("mixed.h5") + " --baseline short");
  EXPECT_EQ(paired.exit_code, 3) << paired.out;
  EXPECT_NE(paired.out.find("cannot pair 'long' (30 days, 3 replicates, seed 2) with the baseline 'short' "
                            "(20 days, 2 replicates, seed 1)"),
            std::string::npos)
      << paired.out;
  EXPECT_NE(paired.out.find("with the same --days and --replicates"), std::string::npos) << paired.out;

  const auto alike = rapport("run " + path("short.toml") + " " + path("long.toml") + " -o " + path("alike.h5") +
                             " -q --threads 2 --days 20 --replicates 2 --seed 3");
  ASSERT_EQ(alike.exit_code, 0) << alike.out;
  EXPECT_EQ(alike.out.find("warning"), std::string::npos) << "the flags the warning names align the runs";
  EXPECT_EQ(rapport("summarize " + path("alike.h5") + " --baseline short").exit_code, 0);
}

// A rapport file of another command, given to `summarize` or `rerun`, is named with what reads it.
TEST_F(ResultsCommandsTest, OtherRapportFilesSayWhatTheyAreAndWhichCommandReadsThem) {
  const struct {
    const char* group;
    const char* what;
    const char* read_with;
  } kinds[] = {{"/sweeps", "a sweep file of `rapport sweep`", "read it with `rapport sensitivity`, `report`, `export` or `rerun`"},
               {"/calibrations", "a calibration file of `rapport calibrate`", "read it with `rapport report`"},
               {"/decisions", "a decision file of `rapport decide`", "read it with `rapport report`"}};
  const rapport::sim::Hdf5File original(path("original.h5"), rapport::sim::Hdf5File::Mode::kReadOnly);
  for (const auto& kind : kinds) {
    const auto file_name = path(std::string(kind.group + 1) + ".h5");
    {
      rapport::sim::Hdf5File file(file_name, rapport::sim::Hdf5File::Mode::kCreate);
      file.set_attribute("/", "format", std::string("rapport"));
      file.set_attribute("/", "format_version", original.integer_attribute("/", "format_version"));
      file.create_group(kind.group);
    }
    // rerun reproduces a sweep file too (tests/analysis/sweeps).
    const bool reruns = std::string(kind.group) == "/sweeps";
    for (const std::string& command : {"summarize " + file_name, "rerun " + file_name + " -o " + path("x.h5")}) {
      if (reruns && command.starts_with("rerun")) continue;
      const auto refused = rapport(command);
      EXPECT_EQ(refused.exit_code, 4) << command;
      EXPECT_NE(refused.out.find(kind.what), std::string::npos) << refused.out;
      EXPECT_NE(refused.out.find(kind.read_with), std::string::npos) << refused.out;
    }
  }
  const auto sensitivity = rapport("sensitivity " + path("original.h5"));
  EXPECT_NE(sensitivity.out.find("a results file of `rapport run`; read it with `rapport summarize`"),
            std::string::npos)
      << sensitivity.out;
}

// A string attribute as format 1 stored it: fixed-length UTF-8 (h5py reads bytes).
void set_fixed_length_attribute(const std::string& file_name, const std::string& object, const std::string& name,
                                const std::string& text) {
  const hid_t id = H5Fopen(file_name.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  if (H5Aexists_by_name(id, object.c_str(), name.c_str(), H5P_DEFAULT) > 0) {
    H5Adelete_by_name(id, object.c_str(), name.c_str(), H5P_DEFAULT);
  }
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, std::max<std::size_t>(text.size(), 1));
  H5Tset_cset(type, H5T_CSET_UTF8);
  const hid_t space = H5Screate(H5S_SCALAR);
  const hid_t written =
      H5Acreate_by_name(id, object.c_str(), name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Awrite(written, type, text.data());
  H5Aclose(written);
  H5Sclose(space);
  H5Tclose(type);
  H5Fclose(id);
}

// Rewrites a file as format 1 wrote it: string attributes fixed-length, the stored configuration
// with 17 significant digits (toml++'s own formatter), format_version 1.
void store_as_format_1(const std::string& file_name) {
  std::vector<std::pair<std::string, std::pair<std::string, std::string>>> strings;  // object, name, text
  {
    const rapport::sim::Hdf5File file(file_name, rapport::sim::Hdf5File::Mode::kReadOnly);
    std::vector<std::string> objects{"/"};
    for (std::size_t i = 0; i < objects.size(); ++i) {
      const std::string object = objects[i];  // a copy: the loop appends to objects
      for (const auto& name : file.attribute_names(object)) {
        if (file.read_raw_attribute(object, name).type != "string variable") continue;
        std::string text = file.string_attribute(object, name);
        if (name == "config") {
          std::ostringstream old;
          old << toml::toml_formatter(toml::parse(text)) << '\n';
          text = old.str();
        }
        strings.push_back({object, {name, text}});
      }
      if (file.kind(object) != rapport::sim::Hdf5File::ObjectKind::kGroup) continue;
      for (const auto& child : file.children(object)) objects.push_back((object == "/" ? "" : object) + "/" + child);
    }
  }
  for (const auto& [object, attribute] : strings) set_fixed_length_attribute(file_name, object, attribute.first, attribute.second);
  rapport::sim::Hdf5File(file_name, rapport::sim::Hdf5File::Mode::kReadWrite)
      .set_attribute("/", "format_version", std::int64_t{1});
}

// Format 2 stores strings so that h5py reads str and reals as written; files of format 1 are read
// by every command as before, and a rerun of one still verifies bit for bit.
TEST_F(ResultsCommandsTest, FilesOfFormatOneAreReadAndReproducedBitForBit) {
  const auto v1 = path("format_1.h5");
  std::filesystem::copy_file(path("original.h5"), v1, std::filesystem::copy_options::overwrite_existing);
  store_as_format_1(v1);
  {
    const rapport::sim::Hdf5File file(v1, rapport::sim::Hdf5File::Mode::kReadOnly);
    ASSERT_EQ(file.read_raw_attribute("/scenarios/decline_all", "config").type.rfind("string ", 0), 0u);
    ASSERT_NE(file.read_raw_attribute("/scenarios/decline_all", "config").type, "string variable");
    ASSERT_NE(file.string_attribute("/scenarios/decline_all", "config").find("exposure_slope = 0.29999999999999999"),
              std::string::npos);
  }
  const rapport::sim::Hdf5File current(path("original.h5"), rapport::sim::Hdf5File::Mode::kReadOnly);
  EXPECT_EQ(current.read_raw_attribute("/scenarios/decline_all", "config").type, "string variable");
  EXPECT_NE(current.string_attribute("/scenarios/decline_all", "config").find("exposure_slope = 0.3\n"),
            std::string::npos);

  const std::string summary = " --csv --baseline decline_all";
  const auto old_summary = rapport("summarize " + v1 + summary);
  ASSERT_EQ(old_summary.exit_code, 0) << old_summary.out;
  EXPECT_EQ(old_summary.out, rapport("summarize " + path("original.h5") + summary).out);
  const auto verified = rapport("rerun " + v1 + " -o " + path("format_1_again.h5") + " --verify --threads 2 -q");
  EXPECT_EQ(verified.exit_code, 0) << verified.out;
  EXPECT_EQ(rapport("report " + v1 + " -o " + path("format_1.html")).exit_code, 0);
  EXPECT_EQ(rapport("export " + v1 + " --csv " + path("format_1_tables")).exit_code, 0);

}

// rerun --verify compares strings by their text however stored, and configurations by what they
// say: the same doubles written two ways are equal, a different double is not.
TEST_F(ResultsCommandsTest, VerificationComparesConfigurationsByValue) {
  const auto write = [](const std::string& file_name, const std::string& config, bool fixed_length) {
    rapport::sim::Hdf5File file(file_name, rapport::sim::Hdf5File::Mode::kCreate);
    file.create_group("/scenarios/s");
    file.set_attribute("/scenarios/s", "units", std::string("minutes/day"));
    file.set_attribute("/scenarios/s", "config", config);
    file.close();
    if (fixed_length) {
      set_fixed_length_attribute(file_name, "/scenarios/s", "units", "minutes/day");
      set_fixed_length_attribute(file_name, "/scenarios/s", "config", config);
    }
  };
  write(path("shortest.h5"), "[a]\nb = 0.3\nc = 2.0\n", false);
  write(path("seventeen.h5"), "[a]\nb = 0.29999999999999999\nc = 2.0\n", true);
  write(path("other.h5"), "[a]\nb = 0.30000000000000004\nc = 2.0\n", true);
  const rapport::sim::Hdf5File shortest(path("shortest.h5"), rapport::sim::Hdf5File::Mode::kReadOnly);
  const rapport::sim::Hdf5File seventeen(path("seventeen.h5"), rapport::sim::Hdf5File::Mode::kReadOnly);
  const rapport::sim::Hdf5File other(path("other.h5"), rapport::sim::Hdf5File::Mode::kReadOnly);
  EXPECT_TRUE(rapport::analysis::compare_scenarios(seventeen, shortest).identical());
  const auto differences = rapport::analysis::compare_scenarios(other, shortest).differences;
  EXPECT_EQ(differences, std::vector<std::string>{"/scenarios/s: attribute 'config' differs"});
}

}  // namespace
