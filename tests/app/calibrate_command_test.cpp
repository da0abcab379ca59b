// `rapport calibrate` end to end: the file layout, bit-identical results for any thread
// count, a calibrated scenario that validates and carries the posterior means, exit codes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "models/parameters.hpp"
#include "sim/config.hpp"
#include "sim/hdf5_file.hpp"
#include "tests/support/file_contents.hpp"
#include "tests/support/run_command.hpp"
#include "tests/support/temporary_directory.hpp"

namespace rapport {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class CalibrateCommand : public ::testing::Test {
 protected:
  // Arguments are test-controlled paths without quotes or spaces.
  static test::CommandResult rapport(const std::string& args) {
    return test::run_command(std::string(RAPPORT_EXECUTABLE) + " " + args);
  }

  // A calibration of the portal message rate on a tiny population; `extra` goes into [abc].
  fs::path calibration_file(const std::string& extra = "") {
    const auto path = dir_ / "portal.toml";
    std::ofstream(path) << "base = \"" << (fs::path(RAPPORT_SOURCE_DIR) / "scenarios" / "status_quo.toml").string()
                        << "\"\n[set]\nrun.days = 60\npopulation.physicians = 4\npopulation.patients_per_physician = 150\n"
                        << "[[parameters]]\nkey = \"messages.portal_per_year\"\nprior = \"uniform\"\nlow = 0.2\nhigh = 3.0\n"
                        << "[[targets]]\nstatistic = \"portal_messages_per_enrolled_patient_per_year\"\nvalue = 2.27\n"
                        << "[abc]\nmethod = \"smc\"\nsamples = 12\ngenerations = 2\nseed = 9\n"
                        << extra;
    return path;
  }

  test::TemporaryDirectory dir_{"rapport-calibrate"};
};

std::vector<std::string> datasets_under(const sim::Hdf5File& file, const std::string& group) {
  std::vector<std::string> paths;
  for (const auto& child : file.children(group)) {
    const std::string path = group + "/" + child;
    if (file.kind(path) == sim::Hdf5File::ObjectKind::kGroup) {
      for (auto& p : datasets_under(file, path)) paths.push_back(std::move(p));
    } else {
      paths.push_back(path);
    }
  }
  return paths;
}

TEST_F(CalibrateCommand, WritesTheDocumentedLayoutIdenticallyForAnyThreadCountAndAValidScenario) {
  const auto file = calibration_file();
  const auto one = rapport("calibrate " + file.string() + " -o " + (dir_ / "one.h5").string() + " --threads 1 --quiet");
  ASSERT_EQ(one.exit_code, 0) << one.err;
  const auto two = rapport("calibrate " + file.string() + " -o " + (dir_ / "two.h5").string() +
                           " --scenario-out " + (dir_ / "calibrated.toml").string() + " --threads 2");
  ASSERT_EQ(two.exit_code, 0) << two.err;
  EXPECT_THAT(two.out, HasSubstr("messages.portal_per_year"));

  const sim::Hdf5File a(dir_ / "one.h5", sim::Hdf5File::Mode::kReadOnly);
  const sim::Hdf5File b(dir_ / "two.h5", sim::Hdf5File::Mode::kReadOnly);
  EXPECT_EQ(a.string_attribute("/", "format"), "rapport");
  EXPECT_TRUE(a.has_attribute("/provenance", "wall_seconds"));
  const std::string group = "/calibrations/portal";
  EXPECT_EQ(a.string_attribute(group, "method"), "smc");
  EXPECT_EQ(a.integer_attribute(group, "seed"), 9);
  EXPECT_THAT(a.string_attribute(group, "calibration"), HasSubstr("portal_messages_per_enrolled_patient_per_year"));
  for (const auto* path : {"parameters", "proposals", "distances", "statistics", "accepted", "weights", "epsilons",
                           "posterior_summary/mean", "posterior_summary/q975", "targets/value"}) {
    EXPECT_TRUE(a.exists(group + "/" + path)) << path;
  }
  EXPECT_EQ(a.shape(group + "/accepted"), (std::vector<std::size_t>{12, 1}));
  EXPECT_EQ(a.shape(group + "/epsilons"), (std::vector<std::size_t>{2}));
  const auto paths = datasets_under(a, group);
  EXPECT_EQ(paths, datasets_under(b, group));
  for (const auto& path : paths) EXPECT_EQ(a.read_raw(path), b.read_raw(path)) << path << " differs across threads";

  // Default scenario path: beside the results, named after them; both validate.
  ASSERT_TRUE(fs::exists(dir_ / "one_calibrated.toml"));
  const auto validated =
      rapport("validate " + (dir_ / "one_calibrated.toml").string() + " " + (dir_ / "calibrated.toml").string());
  EXPECT_EQ(validated.exit_code, 0) << validated.err;
  const auto text = test::file_contents(dir_ / "calibrated.toml");
  EXPECT_THAT(text, HasSubstr("portal.toml"));
  EXPECT_THAT(text, HasSubstr("extends = "));
  const auto config = sim::resolve_scenario(dir_ / "calibrated.toml", {}, models::parameter_schema());
  const double mean = a.read_matrix(group + "/posterior_summary/mean").values.at(0);
  EXPECT_EQ(config.real("messages.portal_per_year"), mean) << "the posterior mean, bit for bit";
  EXPECT_NE(config.integer("population.physicians"), 4) << "[set] applies to the calibration's simulations only";
}

// On a terminal (`script` gives the command one), each generation's progress bar stays on one
// line however many batches of proposals the generation needs: it never restarts.
TEST_F(CalibrateCommand, AProgressBarNeverRestartsWithinAGeneration) {
  const auto file = calibration_file("accept = 0.2\n");
  const auto on_terminal = test::run_command("script -qec '" + std::string(RAPPORT_EXECUTABLE) + " calibrate " +
                                             file.string() + " -o " + (dir_ / "tty.h5").string() +
                                             " --threads 2' /dev/null");
  ASSERT_EQ(on_terminal.exit_code, 0) << on_terminal.out << on_terminal.err;
  // Generation 0 draws 12 / 0.2 = 60 proposals at once; generation 1 (12 particles) needed
  // more than one batch of 12 when there were more than 60 + 12 simulations.
  const auto counted = on_terminal.out.find(" simulations, ");
  ASSERT_NE(counted, std::string::npos) << on_terminal.out;
  const auto start = on_terminal.out.rfind(' ', counted - 1) + 1;
  EXPECT_GT(std::stoi(on_terminal.out.substr(start, counted - start)), 60 + 12) << on_terminal.out;
  for (const std::string generation : {"generation 0 [", "generation 1 ["}) {
    std::size_t lines_with_a_bar = 0;
    std::istringstream lines(on_terminal.out);
    for (std::string line; std::getline(lines, line);) lines_with_a_bar += line.find(generation) != std::string::npos;
    EXPECT_EQ(lines_with_a_bar, 1u) << generation << " in:\n" << on_terminal.out;
  }
}

TEST_F(CalibrateCommand, ExitCodesForBadFilesAndExistingOutputs) {
  const auto bad = rapport("calibrate " + calibration_file("sampels = 3\n").string() + " -o " + (dir_ / "x.h5").string());
  EXPECT_EQ(bad.exit_code, 3);
  EXPECT_THAT(bad.err, AllOf(HasSubstr("portal.toml:"), HasSubstr("abc.sampels: unknown key; did you mean 'abc.samples'?")));
  EXPECT_FALSE(fs::exists(dir_ / "x.h5"));

  std::ofstream(dir_ / "exists_calibrated.toml") << "# keep me\n";
  const auto exists = rapport("calibrate " + calibration_file().string() + " -o " + (dir_ / "exists.h5").string());
  EXPECT_EQ(exists.exit_code, 4);
  EXPECT_THAT(exists.err, HasSubstr("--force"));
  EXPECT_EQ(test::file_contents(dir_ / "exists_calibrated.toml"), "# keep me\n");
  EXPECT_FALSE(fs::exists(dir_ / "exists.h5"));

  EXPECT_EQ(rapport("calibrate " + (dir_ / "missing.toml").string() + " -o " + (dir_ / "y.h5").string()).exit_code, 3);
  EXPECT_EQ(rapport("calibrate " + calibration_file().string()).exit_code, 2) << "-o is required";
  const auto own_input = rapport("calibrate " + calibration_file().string() + " -o " + (dir_ / "z.h5").string() +
                                 " --scenario-out " + calibration_file().string() + " --force");
  EXPECT_EQ(own_input.exit_code, 2);
  EXPECT_THAT(own_input.err, HasSubstr("would overwrite"));
}

}  // namespace
}  // namespace rapport
