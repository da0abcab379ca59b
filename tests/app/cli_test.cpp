// The rapport CLI end to end: the HDF5 layout contract, thread-count
// independence of the file, exit codes and untouched outputs on errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <hdf5.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "models/metrics.hpp"
#include "models/results_writer.hpp"
#include "models/parameters.hpp"
#include "models/policies/policy.hpp"
#include "sim/config.hpp"
#include "sim/hdf5_file.hpp"
#include "tests/support/file_contents.hpp"
#include "tests/support/run_command.hpp"
#include "tests/support/temporary_directory.hpp"

namespace rapport {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;

class Cli : public ::testing::Test {
 protected:
  // Runs `rapport <args>` with stdout and stderr captured.
  static test::CommandResult rapport(const std::vector<std::string>& args) {
    return test::run_command(test::command_line(RAPPORT_EXECUTABLE, args));
  }

  fs::path write(const std::string& name, const std::string& text) {
    const auto path = dir_ / name;
    std::ofstream(path) << text;
    return path;
  }

  fs::path tiny_scenario(const std::string& name = "tiny.toml") {
    return write(name,
                 "[run]\ndays = 40\nreplicates = 2\nseed = 42\n"
                 "[population]\nphysicians = 6\npatients_per_physician = 60\n"
                 "[network]\nmean_degree = 6\n"
                 "[physicians]\np_personal_presence = 0.8\n"
                 "[requests]\nrate_per_year = 0.5\n"
                 "[policy.mix]\ndecline_all = 0.5\naccept_all = 0.5\n");
  }

  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_.path())) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

  test::TemporaryDirectory dir_{"rapport-e2e"};
};

const std::vector<std::string> kContractMetrics = {
    "trust_mean", "adherence_mean", "friend_requests", "requests_accepted", "requests_declined",
    "requests_redirected", "messages", "physician_minutes_mean", "physician_minutes_p90", "breaches",
    "breaches_cumulative", "boundary_incidents", "info_reach"};

bool is_float64(const sim::Hdf5File& file, const std::string& path) {
  const hid_t fid = H5Fopen(file.path().c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t dataset = H5Dopen2(fid, path.c_str(), H5P_DEFAULT);
  const hid_t type = H5Dget_type(dataset);
  const bool result = H5Tget_class(type) == H5T_FLOAT && H5Tget_size(type) == 8;
  H5Tclose(type);
  H5Dclose(dataset);
  H5Fclose(fid);
  return result;
}

TEST_F(Cli, RunWritesTheDocumentedHdf5Layout) {
  const auto scenario = tiny_scenario();
  const auto output = dir_ / "results.h5";
  const auto r = rapport({"run", scenario.string(), "-o", output.string(), "--quiet", "--threads", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  const sim::Hdf5File file(output, sim::Hdf5File::Mode::kReadOnly);
  EXPECT_EQ(file.string_attribute("/", "format"), "rapport");
  EXPECT_EQ(file.integer_attribute("/", "format_version"), rapport::models::kFormatVersion);
  EXPECT_THAT(file.string_attribute("/", "rapport_version"), ::testing::MatchesRegex("[0-9]+\\.[0-9]+\\.[0-9]+.*"));
  EXPECT_THAT(file.string_attribute("/", "created"),
              ::testing::MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"));
  EXPECT_THAT(file.string_attribute("/", "command"), AllOf(HasSubstr("run"), HasSubstr("tiny.toml")));
  EXPECT_TRUE(file.exists("/provenance"));

  const std::string group = "/scenarios/tiny";
  ASSERT_EQ(file.children("/scenarios"), std::vector<std::string>{"tiny"});
  EXPECT_EQ(file.integer_attribute(group, "seed"), 42);
  EXPECT_EQ(file.integer_attribute(group, "replicates"), 2);
  EXPECT_EQ(file.integer_attribute(group, "days"), 40);
  // The stored configuration is complete and reruns to the same values.
  const auto stored = sim::resolve_scenario_text("tiny", file.string_attribute(group, "config"),
                                                 models::parameter_schema());
  const auto original = sim::resolve_scenario(scenario, {}, models::parameter_schema());
  EXPECT_EQ(stored.values, original.values);

  EXPECT_EQ(file.shape(group + "/day"), std::vector<std::size_t>{40});
  const auto day = file.read_matrix(group + "/day");
  for (std::size_t t = 0; t < 40; ++t) EXPECT_EQ(day.values[t], static_cast<double>(t));

  for (const auto& name : kContractMetrics) {
    const std::string path = group + "/metrics/" + name;
    SCOPED_TRACE(path);
    ASSERT_TRUE(file.exists(path));
    EXPECT_EQ(file.shape(path), (std::vector<std::size_t>{2, 40}));
    EXPECT_TRUE(is_float64(file, path));
    EXPECT_FALSE(file.string_attribute(path, "units").empty());
    EXPECT_FALSE(file.string_attribute(path, "description").empty());
  }
  // Every declared metric is written, and nothing else.
  std::vector<std::string> declared;
  for (const auto& spec : models::metric_table()) declared.emplace_back(spec.name);
  std::sort(declared.begin(), declared.end());
  EXPECT_EQ(file.children(group + "/metrics"), declared);

  const auto trust = file.read_matrix(group + "/metrics/trust_mean");
  for (const double x : trust.values) {
    EXPECT_GE(x, 0.0);
    EXPECT_LE(x, 1.0);
  }
  const auto requests = file.read_matrix(group + "/metrics/friend_requests");
  double sum = 0;
  for (const double x : requests.values) sum += x;
  EXPECT_GT(sum, 0.0);

  const std::string table = group + "/physicians";
  ASSERT_TRUE(file.exists(table));
  for (const std::string column : {"policy", "specialty", "findable", "panel_size", "requests_received",
                                   "minutes_per_day", "overtime_minutes", "breaches"}) {
    EXPECT_EQ(file.shape(table + "/" + column), (std::vector<std::size_t>{2, 6})) << column;
  }
  const auto panels = file.read_matrix(table + "/panel_size");
  double patients = 0;
  for (std::size_t d = 0; d < 6; ++d) patients += panels.at(0, d);
  EXPECT_EQ(patients, 360.0);
  EXPECT_TRUE(file.exists(group + "/distributions/trust"));

  EXPECT_EQ(entries(), (std::vector<std::string>{"results.h5", "tiny.toml"})) << "no temporary file may remain";
}

TEST_F(Cli, OneAndTwoThreadsWriteIdenticalScenarioData) {
  const auto scenario = tiny_scenario();
  const auto one = dir_ / "one.h5", two = dir_ / "two.h5";
  ASSERT_EQ(rapport({"run", scenario.string(), "-o", one.string(), "-q", "--threads", "1"}).exit_code, 0);
  ASSERT_EQ(rapport({"run", scenario.string(), "-o", two.string(), "-q", "--threads", "2"}).exit_code, 0);
  const sim::Hdf5File a(one, sim::Hdf5File::Mode::kReadOnly), b(two, sim::Hdf5File::Mode::kReadOnly);
  const std::string group = "/scenarios/tiny";
  EXPECT_EQ(a.string_attribute(group, "config"), b.string_attribute(group, "config"));
  std::size_t compared = 0;
  for (const std::string sub : {"/metrics", "/physicians", "/distributions"}) {
    for (const auto& name : a.children(group + sub)) {
      const std::string path = group + sub + "/" + name;
      if (name == "policy" || name == "specialty") continue;  // string tables
      const auto x = a.read_matrix(path), y = b.read_matrix(path);
      ASSERT_EQ(x.values.size(), y.values.size()) << path;
      EXPECT_EQ(std::memcmp(x.values.data(), y.values.data(), x.values.size() * sizeof(double)), 0) << path;
      ++compared;
    }
  }
  EXPECT_GE(compared, models::kMetricCount);
  EXPECT_EQ(a.integer_attribute("/provenance", "threads"), 1);
  EXPECT_EQ(b.integer_attribute("/provenance", "threads"), 2);
}

TEST_F(Cli, InvalidScenarioExitsWithBadInputAndWritesNothing) {
  const auto scenario = write("broken.toml", "[run]\ndays = 10\n[population]\np_chronic = 1.7\n");
  const auto output = dir_ / "never.h5";
  const auto r = rapport({"run", scenario.string(), "-o", output.string(), "-q"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, AllOf(HasSubstr("broken.toml"), HasSubstr("population.p_chronic"), HasSubstr("out of range")));
  EXPECT_FALSE(fs::exists(output));
  EXPECT_EQ(entries(), std::vector<std::string>{"broken.toml"});

  const auto unknown = write("typo.toml", "[run]\ndayz = 10\n");
  const auto r2 = rapport({"run", unknown.string(), "-o", output.string(), "-q"});
  EXPECT_EQ(r2.exit_code, 3);
  EXPECT_THAT(r2.err, AllOf(HasSubstr("typo.toml:2"), HasSubstr("run.dayz"), HasSubstr("run.days")));
  EXPECT_FALSE(fs::exists(output));
}

TEST_F(Cli, BadSetOverrideExitsWithBadInput) {
  const auto scenario = tiny_scenario();
  const auto output = dir_ / "never.h5";
  const auto r = rapport({"run", scenario.string(), "-o", output.string(), "-q", "--set", "run.days"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("expected dotted.key=value"));
  const auto mix = rapport({"run", scenario.string(), "-o", output.string(), "-q", "--set", "policy.mix.selective=0.5"});
  EXPECT_EQ(mix.exit_code, 3);
  EXPECT_THAT(mix.err, HasSubstr("policy.mix."));
  EXPECT_FALSE(fs::exists(output));
}

TEST_F(Cli, ExistingOutputIsUntouchedWithoutForce) {
  const auto scenario = tiny_scenario();
  const auto output = dir_ / "results.h5";
  const std::string precious = "not an HDF5 file, but someone's data\n";
  write("results.h5", precious);
  const auto r = rapport({"run", scenario.string(), "-o", output.string(), "-q"});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_THAT(r.err, HasSubstr("--force"));
  EXPECT_EQ(test::file_contents(output), precious);
  EXPECT_EQ(entries(), (std::vector<std::string>{"results.h5", "tiny.toml"}));

  const auto forced = rapport({"run", scenario.string(), "-o", output.string(), "-q", "--force"});
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  const sim::Hdf5File file(output, sim::Hdf5File::Mode::kReadOnly);
  EXPECT_EQ(file.string_attribute("/", "format"), "rapport");
}

TEST_F(Cli, OutputIntoAMissingDirectoryIsAnOutputError) {
  const auto scenario = tiny_scenario();
  const auto r = rapport({"run", scenario.string(), "-o", (dir_ / "no" / "such" / "out.h5").string(), "-q"});
  EXPECT_EQ(r.exit_code, 4);
}

TEST_F(Cli, CommandLineDaysAndSeedOverrideTheScenario) {
  const auto scenario = tiny_scenario();
  const auto output = dir_ / "short.h5";
  const auto r = rapport({"run", scenario.string(), "-o", output.string(), "-q", "--days", "7", "--seed", "5",
                          "--replicates", "1", "--set", "network.type=barabasi_albert"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const sim::Hdf5File file(output, sim::Hdf5File::Mode::kReadOnly);
  EXPECT_EQ(file.integer_attribute("/scenarios/tiny", "days"), 7);
  EXPECT_EQ(file.integer_attribute("/scenarios/tiny", "seed"), 5);
  EXPECT_EQ(file.shape("/scenarios/tiny/metrics/trust_mean"), (std::vector<std::size_t>{1, 7}));
  EXPECT_THAT(file.string_attribute("/scenarios/tiny", "config"), HasSubstr("barabasi_albert"));
}

TEST_F(Cli, ValidateAcceptsGoodScenariosAndRejectsBadOnes) {
  const auto good = tiny_scenario();
  const auto ok = rapport({"validate", good.string()});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_THAT(ok.out, AllOf(HasSubstr("tiny.toml: ok"), HasSubstr("360 patients"), HasSubstr("40 days")));

  const auto shipped = rapport({"validate", std::string(RAPPORT_SOURCE_DIR) + "/scenarios/status_quo.toml"});
  EXPECT_EQ(shipped.exit_code, 0) << shipped.err;

  const auto bad = write("bad.toml", "[run]\nreplicates = \"many\"\n");
  const auto failed = rapport({"validate", bad.string()});
  EXPECT_EQ(failed.exit_code, 3);
  EXPECT_THAT(failed.err, AllOf(HasSubstr("bad.toml"), HasSubstr("run.replicates"), HasSubstr("must be an integer")));

  const auto overridden = rapport({"validate", good.string(), "--set", "population.p_chronic=2"});
  EXPECT_EQ(overridden.exit_code, 3);
  EXPECT_THAT(overridden.err, HasSubstr("population.p_chronic"));

  const auto child = write("child.toml", "extends = \"missing_parent.toml\"\n");
  const auto missing = rapport({"validate", child.string()});
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_THAT(missing.err, HasSubstr("missing_parent.toml"));
}

TEST_F(Cli, VersionPrintsTheProgramVersion) {
  const auto r = rapport({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, ::testing::ContainsRegex("rapport [0-9]+\\.[0-9]+\\.[0-9]+"));
}

TEST_F(Cli, PoliciesListsEveryPolicyOfTheTable) {
  const auto r = rapport({"policies"});
  EXPECT_EQ(r.exit_code, 0);
  for (const auto& policy : models::policy_table()) {
    EXPECT_THAT(r.out, HasSubstr(std::string(policy.name) + " "));
    EXPECT_THAT(r.out, HasSubstr(std::string(policy.summary)));
  }
}

// Without --markdown, as its help says: every key with default, unit, range, source and
// meaning, each column starting at the same place on every line.
TEST_F(Cli, ParametersPrintsRangeAndSourceInAlignedColumns) {
  const auto r = rapport({"parameters"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string header;
  std::getline(lines, header);
  std::vector<std::size_t> starts;
  for (const char* column : {"key", "default", "unit", "plausible range", "source", "meaning"}) {
    starts.push_back(header.find(column));
    ASSERT_NE(starts.back(), std::string::npos) << header;
  }
  const auto& schema = models::parameter_schema();
  std::size_t row = 0;
  for (std::string line; std::getline(lines, line); ++row) {
    ASSERT_LT(row, schema.parameters.size()) << line;
    const auto& p = schema.parameters[row];
    const std::vector<std::string> cells = {p.key, p.unit, p.plausible, p.source, p.description};
    const std::vector<std::size_t> at = {starts[0], starts[2], starts[3], starts[4], starts[5]};
    for (std::size_t c = 0; c < cells.size(); ++c) {
      EXPECT_EQ(line.compare(at[c], cells[c].size(), cells[c]), 0) << "'" << cells[c] << "' misaligned in: " << line;
    }
  }
  EXPECT_EQ(row, schema.parameters.size());

  const auto csv = rapport({"parameters", "--csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_THAT(csv.out, HasSubstr("key,default,unit,plausible_range,source,meaning\n"));
  const auto rate = csv.out.find("\nrequests.rate_per_year,");
  ASSERT_NE(rate, std::string::npos) << csv.out;
  const auto value = csv.out.substr(rate + std::string_view("\nrequests.rate_per_year,").size());
  EXPECT_EQ(std::stod(value.substr(0, value.find(','))),
            std::get<double>(schema.find("requests.rate_per_year")->default_value))
      << "CSV defaults are exact";
}

TEST_F(Cli, UsageErrorsExitWithTwo) {
  EXPECT_EQ(rapport({}).exit_code, 2);
  EXPECT_EQ(rapport({"run", (dir_ / "absent.toml").string(), "-o", (dir_ / "x.h5").string()}).exit_code, 2);
  EXPECT_EQ(rapport({"frobnicate"}).exit_code, 2);
  const auto scenario = tiny_scenario();
  EXPECT_EQ(rapport({"run", scenario.string(), "-o", (dir_ / "x.h5").string(), "--threads", "0"}).exit_code, 2);
  EXPECT_FALSE(fs::exists(dir_ / "x.h5"));
}

}  // namespace
}  // namespace rapport
