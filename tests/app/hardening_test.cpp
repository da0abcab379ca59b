// Issue 7's promises, end to end: every bad input is one line on stderr starting
// "rapport: error:" with a documented exit code, and nothing written is ever lost:
// a pre-existing output is byte-identical afterwards and no temporary file remains.
// Read-only and full disks are real: a tmpfs mounted in a private user and mount
// namespace (`unshare`), skipped where the kernel does not allow one.
#include <gmock/gmock.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <hdf5.h>
#include <signal.h>
#include <sys/stat.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "analysis/results_reader.hpp"
#include "sim/atomic_output.hpp"
#include "sim/hdf5_file.hpp"
#include "tests/support/file_contents.hpp"
#include "tests/support/temporary_directory.hpp"

extern char** environ;

namespace rapport {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;

struct Finished {
  int exit_code = -1;  // 128 + signal when killed by one
  std::string out, err;
};

// A child process with stdout and stderr in files, so a test can signal it while it runs.
class Child {
 public:
  Child(const std::vector<std::string>& argv, const fs::path& scratch) : out_(scratch / ".out"), err_(scratch / ".err") {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int status = posix_spawnp(&pid_, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (status != 0) pid_ = -1;
  }

  [[nodiscard]] pid_t pid() const { return pid_; }

  // True once the child has installed a handler for `signal` (bit signal-1 of SigCgt),
  // so a test never races the handler's installation.
  [[nodiscard]] bool catches(int signal) const {
    std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
    for (std::string line; std::getline(status, line);) {
      if (line.rfind("SigCgt:", 0) == 0) return (std::stoull(line.substr(7), nullptr, 16) >> (signal - 1)) & 1U;
    }
    return false;
  }

  Finished wait() {
    int status = 0;
    ::waitpid(pid_, &status, 0);
    Finished done;
    done.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    done.out = test::file_contents(out_);
    done.err = test::file_contents(err_);
    fs::remove(out_);
    fs::remove(err_);
    return done;
  }

 private:
  pid_t pid_ = -1;
  fs::path out_, err_;
};

// The contract of every failure: one line, prefixed, nothing else on stderr.
void expect_one_error_line(const Finished& r) {
  EXPECT_THAT(r.err, StartsWith("rapport: error: "));
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_EQ(r.err.find("HDF5-DIAG"), std::string::npos) << r.err;
}

class Hardening : public ::testing::Test {
 protected:
  Finished rapport(const std::vector<std::string>& args) {
    std::vector<std::string> argv{RAPPORT_EXECUTABLE};
    argv.insert(argv.end(), args.begin(), args.end());
    Child child(argv, dir_.path());
    EXPECT_GT(child.pid(), 0);
    return child.wait();
  }

  fs::path write(const std::string& name, const std::string& text) {
    const auto path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  fs::path tiny_scenario(const std::string& name = "tiny.toml") {
    return write(name,
                 "[run]\ndays = 12\nreplicates = 2\nseed = 3\n"
                 "[population]\nphysicians = 3\npatients_per_physician = 40\n"
                 "[network]\nmean_degree = 4\n");
  }

  // A run long enough (minutes) to be interrupted; it stops within one simulated day.
  fs::path long_scenario() {
    return write("long.toml",
                 "[run]\ndays = 36500\nreplicates = 4\nseed = 3\n"
                 "[population]\nphysicians = 20\npatients_per_physician = 500\n");
  }

  // A results file to damage: written by the CLI itself.
  fs::path results_file(const std::string& name = "results.h5") {
    const auto output = dir_ / name;
    const auto r = rapport({"run", tiny_scenario().string(), "-o", output.string(), "-q"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return output;
  }

  [[nodiscard]] std::vector<std::string> entries(const fs::path& directory) const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(directory)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

  test::TemporaryDirectory dir_{"rapport-hardening"};
};

const std::string kPrecious = "someone's results, which no failed run may touch\n";

// A key nested 100,000 levels deep: it once overflowed the stack.
std::string deeply_nested_key() {
  std::string key = "a";
  for (int i = 0; i < 100000; ++i) key += ".a";
  return key;
}

// ---- bad scenarios and overrides: exit 3, output untouched even with --force ----

TEST_F(Hardening, BadScenarioLeavesAnExistingOutputByteIdentical) {
  const auto output = write("out.h5", kPrecious);
  const auto cases = std::vector<std::pair<std::string, std::vector<std::string>>>{
      {"[run]\ndays = 10\n[population]\nphysicians = 0\n", {"population.physicians", "below the minimum of 1"}},
      {"[run]\ndays = 10\n[population]\npatients_per_physician = 0\n",
       {"population.patients_per_physician", "below the minimum of 1"}},
      {"[requests]\nrate_per_year = -0.5\n", {"requests.rate_per_year", "out of range"}},
      {"[population]\np_chronic = 1.5\n", {"population.p_chronic", "above the maximum of 1"}},
      {"[policy.mix]\naccept_all = 0.3\n", {"policy.mix.", "sum to"}},
      {"[run]\nreplicate = 3\n", {"run.replicate", "did you mean 'run.replicates'"}},
      {"[run]\ndays = \"long\"\n", {"run.days", "must be an integer"}},
      {"[run\ndays = 3\n", {"bad.toml:1:", "TOML syntax error"}},
      {"extends = \"bad.toml\"\n", {"cycle"}},
      {"extends = \"absent.toml\"\n", {"absent.toml", "names a missing file"}},
      {"extends = \".\"\n", {"is a directory"}},
      {"\"run.days\" = 7\n[run]\ndays = 5\n", {"run.days: given twice"}},
      {std::string("[run]\ndays = 5\n\0\n", 17), {"bad.toml:3", "NUL byte"}},
      {deeply_nested_key() + " = 1\n", {"bad.toml:1", "a key has 100001 parts; allowed: at most 32"}},
  };
  for (const auto& [text, words] : cases) {
    SCOPED_TRACE(text);
    const auto scenario = write("bad.toml", text);
    for (const std::string command : {"run", "validate"}) {
      std::vector<std::string> args{command, scenario.string()};
      if (command == "run") args.insert(args.end(), {"-o", output.string(), "--force", "-q"});
      const auto r = rapport(args);
      EXPECT_EQ(r.exit_code, 3) << command;
      expect_one_error_line(r);
      for (const auto& word : words) EXPECT_THAT(r.err, HasSubstr(word)) << command;
    }
    EXPECT_EQ(test::file_contents(output), kPrecious);
  }
  EXPECT_EQ(entries(dir_.path()), (std::vector<std::string>{"bad.toml", "out.h5"}));
}

TEST_F(Hardening, BadSetOverrideLeavesAnExistingOutputByteIdentical) {
  const auto scenario = tiny_scenario();
  const auto output = write("out.h5", kPrecious);
  const auto cases = std::vector<std::pair<std::string, std::string>>{
      {"run.days", "expected dotted.key=value"},
      {"=5", "expected dotted.key=value"},
      {"run.days=[1, 2]", "is not a number, boolean or string"},
      {"run.days=ten", "must be an integer"},
      {"run.dayz=10", "did you mean 'run.days'"},
      {"run={days = 3}", "is not a number, boolean or string"},
      {"run.days={a = 1}", "is not a number, boolean or string"},
      {"run.days=5\nrun.seed=4", "line break"},
      {"population.physicians=0", "below the minimum of 1"},
  };
  for (const auto& [assignment, words] : cases) {
    SCOPED_TRACE(assignment);
    for (const std::string command : {"run", "validate"}) {
      std::vector<std::string> args{command, scenario.string(), "--set", assignment};
      if (command == "run") args.insert(args.end(), {"-o", output.string(), "--force", "-q"});
      const auto r = rapport(args);
      EXPECT_EQ(r.exit_code, 3) << command;
      expect_one_error_line(r);
      EXPECT_THAT(r.err, AllOf(HasSubstr("--set"), HasSubstr(words))) << command;
    }
  }
  EXPECT_EQ(test::file_contents(output), kPrecious);
  EXPECT_EQ(entries(dir_.path()), (std::vector<std::string>{"out.h5", "tiny.toml"}));
}

TEST_F(Hardening, ValidateMakesRunsChecksIncludingUniqueNames) {
  fs::create_directory(dir_ / "other");
  const auto first = tiny_scenario();
  const auto second = write("other/tiny.toml", test::file_contents(first));
  for (const std::string command : {"run", "validate"}) {
    std::vector<std::string> args{command, first.string(), second.string()};
    if (command == "run") args.insert(args.end(), {"-o", (dir_ / "never.h5").string(), "-q"});
    const auto r = rapport(args);
    EXPECT_EQ(r.exit_code, 3) << command;
    expect_one_error_line(r);
    EXPECT_THAT(r.err, HasSubstr("also named 'tiny'"));
  }
  EXPECT_FALSE(fs::exists(dir_ / "never.h5"));
}

// ---- hostile input files (issue 18): a clear error before anything runs, never a hang ----

TEST_F(Hardening, InputFilesThatAreFifosAreRefusedWithoutWaiting) {
  const auto fifo = dir_ / "fifo.toml";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const auto extends_fifo = write("extends_fifo.toml", "extends = \"fifo.toml\"\n");
  const auto output = (dir_ / "never.h5").string();
  const std::vector<std::vector<std::string>> cases = {
      {"validate", fifo.string()},
      {"run", fifo.string(), "-o", output},
      {"run", extends_fifo.string(), "-o", output},
      {"sweep", fifo.string(), "-o", output},
      {"calibrate", fifo.string(), "-o", output},
  };
  for (const auto& args : cases) {
    SCOPED_TRACE(args.front() + " " + args[1]);
    std::vector<std::string> argv{"timeout", "20", RAPPORT_EXECUTABLE};
    argv.insert(argv.end(), args.begin(), args.end());
    Child child(argv, dir_.path());
    const auto r = child.wait();
    EXPECT_EQ(r.exit_code, 3) << "124 means it waited for a writer";
    expect_one_error_line(r);
    EXPECT_THAT(r.err, AllOf(HasSubstr("fifo.toml"), HasSubstr("not a regular file")));
  }
  EXPECT_FALSE(fs::exists(output));
}

TEST_F(Hardening, NamesThatCannotBeHdf5GroupsAreRefusedAtValidation) {
  const auto dots = write("..toml", test::file_contents(tiny_scenario()));
  const auto output = (dir_ / "never.h5").string();
  for (const std::string command : {"run", "validate"}) {
    std::vector<std::string> args{command, dots.string()};
    if (command == "run") args.insert(args.end(), {"-o", output, "-q"});
    const auto r = rapport(args);
    EXPECT_EQ(r.exit_code, 3) << command;
    expect_one_error_line(r);
    EXPECT_THAT(r.err, HasSubstr("cannot name a results group")) << command;
  }
  const auto sweep = write("dot_sweep.toml", "name = \".\"\nbase = \"tiny.toml\"\noutcomes = [\"trust_mean\"]\n"
                                             "[design]\nmethod = \"lhs\"\nsamples = 2\n"
                                             "[[parameters]]\nkey = \"trust.accept\"\nlow = 0\nhigh = 0.05\n");
  const auto r = rapport({"sweep", sweep.string(), "-o", output, "-q"});
  EXPECT_EQ(r.exit_code, 3);
  expect_one_error_line(r);
  EXPECT_THAT(r.err, HasSubstr("dot_sweep.toml: name: '.' cannot name an HDF5 group"));
  EXPECT_FALSE(fs::exists(output));
}

TEST_F(Hardening, SeedAboveTheDocumentedMaximumIsRefused) {
  const auto output = (dir_ / "never.h5").string();
  const auto by_flag = rapport({"run", tiny_scenario().string(), "-o", output, "--seed", "9000000000000000001"});
  EXPECT_EQ(by_flag.exit_code, 2);
  expect_one_error_line(by_flag);
  EXPECT_THAT(by_flag.err, HasSubstr("--seed"));
  const auto by_set = rapport({"run", tiny_scenario().string(), "-o", output, "--set", "run.seed=9000000000000000001"});
  EXPECT_EQ(by_set.exit_code, 3);
  expect_one_error_line(by_set);
  EXPECT_THAT(by_set.err, HasSubstr("--set: run.seed: is 9000000000000000001, out of range"));
  EXPECT_FALSE(fs::exists(output));
}

// Issue 18: a population no machine holds (3e9 patients, about 450 GiB) is refused from
// its configuration, with the estimate, before anything is allocated or written.
TEST_F(Hardening, APopulationTooLargeForTheMachinesMemoryIsRefusedBeforeAllocating) {
  const auto output = (dir_ / "never.h5").string();
  const auto r = rapport({"run", tiny_scenario().string(), "-o", output, "--days", "1", "--replicates", "1",
                          "--set", "population.physicians=100000", "--set", "population.patients_per_physician=30000"});
  EXPECT_EQ(r.exit_code, 3);
  expect_one_error_line(r);
  EXPECT_THAT(r.err, AllOf(HasSubstr("100000 physicians x 30000 patients need about"), HasSubstr("GiB per replicate"),
                           HasSubstr("is available"), HasSubstr("fewer --threads")));
  EXPECT_FALSE(fs::exists(output));
}

// ---- command-line values: exit 2, one line ----

TEST_F(Hardening, CommandLineErrorsAreOneLineWithUsageExitCode) {
  const auto scenario = tiny_scenario();
  const auto output = (dir_ / "never.h5").string();
  const std::vector<std::vector<std::string>> cases = {
      {"run", scenario.string(), "-o", output, "--threads", "0"},
      {"run", scenario.string(), "-o", output, "--days", "-1"},
      {"run", scenario.string(), "-o", output, "--replicates", "many"},
      {"run", (dir_ / "absent.toml").string(), "-o", output},
      {"validate", dir_.path().string()},
      {"run", scenario.string()},
      {"frobnicate"},
  };
  for (const auto& args : cases) {
    SCOPED_TRACE(args.back());
    const auto r = rapport(args);
    EXPECT_EQ(r.exit_code, 2);
    expect_one_error_line(r);
  }
  EXPECT_FALSE(fs::exists(output));
}

// ---- outputs: exit 4 before any simulating ----

TEST_F(Hardening, ExistingOutputWithoutForceIsByteIdentical) {
  const auto output = write("out.h5", kPrecious);
  const auto r = rapport({"run", tiny_scenario().string(), "-o", output.string(), "-q"});
  EXPECT_EQ(r.exit_code, 4);
  expect_one_error_line(r);
  EXPECT_THAT(r.err, HasSubstr("--force"));
  EXPECT_EQ(test::file_contents(output), kPrecious);
  EXPECT_EQ(entries(dir_.path()), (std::vector<std::string>{"out.h5", "tiny.toml"}));
}

TEST_F(Hardening, OutputThatIsADirectoryOrInAMissingDirectoryIsRefusedUpFront) {
  fs::create_directory(dir_ / "results");
  const auto into_directory = rapport({"run", long_scenario().string(), "-o", (dir_ / "results").string(), "-q", "--force"});
  EXPECT_EQ(into_directory.exit_code, 4);
  expect_one_error_line(into_directory);
  EXPECT_THAT(into_directory.err, HasSubstr("is a directory"));

  const auto missing = rapport({"run", long_scenario().string(), "-o", (dir_ / "no" / "out.h5").string(), "-q"});
  EXPECT_EQ(missing.exit_code, 4);
  expect_one_error_line(missing);
  EXPECT_THAT(missing.err, HasSubstr("does not exist"));
  EXPECT_TRUE(fs::is_empty(dir_ / "results"));
}

// Runs `script` (sh, with $1 = rapport and $2 = the test directory) as root of a private
// user and mount namespace, where it can mount a small tmpfs that vanishes afterwards.
class PrivateMount : public Hardening {
 protected:
  void SetUp() override {
    Hardening::SetUp();
    if (rapport_in_namespace("true").exit_code != 0) {
      GTEST_SKIP() << "unshare --user --mount is not permitted here; no private tmpfs to fill or make read-only";
    }
  }
  Finished rapport_in_namespace(const std::string& script) {
    Child child({"unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script, "sh", RAPPORT_EXECUTABLE,
                 dir_.path().string()},
                dir_.path());
    return child.wait();
  }
};

TEST_F(PrivateMount, FullDiskIsReportedAndTheExistingOutputIsByteIdentical) {
  tiny_scenario();
  write("precious", kPrecious);
  fs::create_directory(dir_ / "disk");
  fs::create_directory(dir_ / "seen");
  // A 64 KiB disk holds the old output but not the new one (about 100 KiB).
  const auto r = rapport_in_namespace(
      "mount -t tmpfs -o size=64k tmpfs \"$2/disk\" && cp \"$2/precious\" \"$2/disk/out.h5\" && \"$1\" run \"$2/tiny.toml\" -o \"$2/disk/out.h5\" -q --force; code=$?; "
      "cp \"$2/disk/out.h5\" \"$2/seen/out.h5\"; ls -A \"$2/disk\" > \"$2/seen/listing\"; exit $code");
  EXPECT_EQ(r.exit_code, 4);
  expect_one_error_line(r);
  EXPECT_THAT(r.err, AllOf(HasSubstr("cannot write"), HasSubstr("No space left on device"), HasSubstr("untouched")));
  EXPECT_EQ(test::file_contents(dir_ / "seen" / "out.h5"), kPrecious);
  EXPECT_EQ(test::file_contents(dir_ / "seen" / "listing"), "out.h5\n") << "the temporary file must be gone";
}

TEST_F(PrivateMount, ReadOnlyDirectoryIsReportedBeforeSimulating) {
  long_scenario();
  fs::create_directory(dir_ / "disk");
  const auto started = std::chrono::steady_clock::now();
  const auto r = rapport_in_namespace(
      "mount -t tmpfs -o size=1m,ro tmpfs \"$2/disk\" && \"$1\" run \"$2/long.toml\" -o \"$2/disk/out.h5\" -q");
  EXPECT_EQ(r.exit_code, 4);
  expect_one_error_line(r);
  EXPECT_THAT(r.err, AllOf(HasSubstr("cannot write in"), HasSubstr("Read-only file system")));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(30)) << "checked before simulating";
}

// ---- interruption: exit 5, existing output byte-identical, no temporary file ----

class Interruption : public Hardening, public ::testing::WithParamInterface<int> {};

TEST_P(Interruption, StopsCleanlyAndLeavesTheExistingOutputByteIdentical) {
  const int signal = GetParam();
  const auto scenario = long_scenario();
  const auto output = write("out.h5", kPrecious);
  Child child({RAPPORT_EXECUTABLE, "run", scenario.string(), "-o", output.string(), "-q", "--force", "--threads", "2"},
              dir_.path());
  ASSERT_GT(child.pid(), 0);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (!child.catches(signal) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(::kill(child.pid(), signal), 0);
  const auto r = child.wait();
  EXPECT_EQ(r.exit_code, 5);
  expect_one_error_line(r);
  EXPECT_THAT(r.err, AllOf(HasSubstr(std::string("interrupted by SIG") + sigabbrev_np(signal)),
                           HasSubstr("nothing was written")));
  EXPECT_EQ(test::file_contents(output), kPrecious);
  EXPECT_EQ(entries(dir_.path()), (std::vector<std::string>{"long.toml", "out.h5"}));
}

INSTANTIATE_TEST_SUITE_P(Signals, Interruption, ::testing::Values(SIGINT, SIGTERM, SIGHUP),
                         [](const auto& test) { return std::string("SIG") + sigabbrev_np(test.param); });

// ---- results files: exit 4 from summarize and rerun, the file byte-identical ----

class DamagedResults : public Hardening {
 protected:
  // Each reader, given `file`: exit 4, one line with `words`, the file unchanged, no new output.
  void expect_refused(const fs::path& file, const std::vector<std::string>& words) {
    const std::string before = test::file_contents(file);
    const auto rerun_output = dir_ / "rerun.h5";
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"summarize", file.string()},
             {"summarize", file.string(), "--write"},
             {"rerun", file.string(), "-o", rerun_output.string(), "-q"}}) {
      SCOPED_TRACE(args[0] + " " + args.back());
      const auto r = rapport(args);
      EXPECT_EQ(r.exit_code, 4);
      expect_one_error_line(r);
      for (const auto& word : words) EXPECT_THAT(r.err, HasSubstr(word));
      EXPECT_TRUE(r.out.empty()) << r.out;
    }
    EXPECT_EQ(test::file_contents(file), before);
    EXPECT_FALSE(fs::exists(rerun_output));
  }
};

TEST_F(DamagedResults, FileThatIsNotHdf5) {
  expect_refused(write("notes.h5", "just text\n"), {"notes.h5", "not a rapport results file"});
  expect_refused(write("empty.h5", ""), {"empty.h5", "not a rapport results file"});
}

TEST_F(DamagedResults, Hdf5FileThatIsNotRapports) {
  const auto path = dir_ / "foreign.h5";
  {
    sim::Hdf5File file(path, sim::Hdf5File::Mode::kCreate);
    file.write_vector("/data", std::vector<double>{1, 2, 3});
    file.close();
  }
  expect_refused(path, {"foreign.h5", "not a rapport results file"});
}

TEST_F(DamagedResults, TruncatedFile) {
  const auto full = results_file();
  const std::string bytes = test::file_contents(full);
  for (const std::size_t keep : {std::size_t{8}, std::size_t{600}, bytes.size() / 2, bytes.size() - 1}) {
    SCOPED_TRACE(keep);
    const auto cut = write("cut.h5", bytes.substr(0, keep));
    expect_refused(cut, {"cut.h5"});
  }
}

TEST_F(DamagedResults, NewerFormatVersion) {
  const auto path = results_file();
  {
    sim::Hdf5File file(path, sim::Hdf5File::Mode::kReadWrite);
    file.set_attribute("/", "format_version", std::int64_t{99});
    file.close();
  }
  expect_refused(path, {"format version 99", "upgrade rapport"});
}

TEST_F(DamagedResults, MissingMetricDataset) {
  const auto path = results_file();
  {
    sim::Hdf5File file(path, sim::Hdf5File::Mode::kReadWrite);
    file.remove("/scenarios/tiny/metrics/trust_mean");
    file.close();
  }
  expect_refused(path, {"damaged or incomplete", "lacks 'trust_mean'"});
  const auto second = results_file("second.h5");
  // Two scenarios where one lacks a metric the other has: no pairing is possible.
  {
    const hid_t id = H5Fopen(second.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(id, 0);
    ASSERT_GE(H5Ocopy(id, "/scenarios/tiny", id, "/scenarios/copy", H5P_DEFAULT, H5P_DEFAULT), 0);
    ASSERT_GE(H5Ldelete(id, "/scenarios/copy/metrics/visits", H5P_DEFAULT), 0);
    H5Fclose(id);
  }
  expect_refused(second, {"damaged or incomplete", "visits"});
}

TEST_F(DamagedResults, MissingMetricsGroupOrAttribute) {
  const auto no_metrics = results_file();
  {
    sim::Hdf5File file(no_metrics, sim::Hdf5File::Mode::kReadWrite);
    file.remove("/scenarios/tiny/metrics");
    file.close();
  }
  expect_refused(no_metrics, {"damaged or incomplete", "/scenarios/tiny/metrics"});

  const auto no_config = results_file("no_config.h5");
  {
    const hid_t id = H5Fopen(no_config.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(id, 0);
    ASSERT_GE(H5Adelete_by_name(id, "/scenarios/tiny", "config", H5P_DEFAULT), 0);
    H5Fclose(id);
  }
  expect_refused(no_config, {"damaged or incomplete", "lacks the attribute 'config'"});
}

// Found by fuzz/results_fuzzer.cpp: a header may claim a dataset far larger than the
// file; the reader allocated it before reading (gigabytes, then out of memory).
TEST_F(DamagedResults, DatasetClaimingMoreDataThanTheFileHolds) {
  const auto path = results_file();
  {
    // Only the one damaged metric is left, so nothing else stops the reader first.
    sim::Hdf5File file(path, sim::Hdf5File::Mode::kReadWrite);
    file.remove("/scenarios/tiny/metrics");
    file.close();
  }
  {
    const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(id, 0);
    const hsize_t dims[2] = {2, 12};
    const hsize_t max_dims[2] = {H5S_UNLIMITED, H5S_UNLIMITED};
    const hsize_t chunk[2] = {1, 12};
    const hid_t space = H5Screate_simple(2, dims, max_dims);
    const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_chunk(dcpl, 2, chunk);
    const hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
    H5Pset_create_intermediate_group(lcpl, 1);
    const hid_t dataset = H5Dcreate2(id, "/scenarios/tiny/metrics/visits", H5T_NATIVE_DOUBLE, space, lcpl, dcpl,
                                     H5P_DEFAULT);
    H5Pclose(lcpl);
    ASSERT_GE(dataset, 0);
    // Grown to [2, 1e9] without writing: nothing stored, 16 GB claimed.
    const hsize_t huge[2] = {2, 1'000'000'000};
    ASSERT_GE(H5Dset_extent(dataset, huge), 0);
    const hid_t reduction_type = H5Tcopy(H5T_C_S1);
    H5Tset_size(reduction_type, 5);
    const hid_t scalar = H5Screate(H5S_SCALAR);
    const hid_t reduction = H5Acreate2(dataset, "reduction", reduction_type, scalar, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(reduction, reduction_type, "count");
    H5Aclose(reduction);
    H5Sclose(scalar);
    H5Tclose(reduction_type);
    H5Dclose(dataset);
    H5Pclose(dcpl);
    H5Sclose(space);
    // The shape must match replicates x days to reach the read.
    const hid_t group = H5Gopen2(id, "/scenarios/tiny", H5P_DEFAULT);
    const std::int64_t days = 1'000'000'000;
    const hid_t attribute = H5Aopen(group, "days", H5P_DEFAULT);
    H5Awrite(attribute, H5T_NATIVE_INT64, &days);
    H5Aclose(attribute);
    H5Gclose(group);
    H5Fclose(id);
  }
  // Through the reader directly: the CLI would also refuse the file for its missing metrics.
  try {
    (void)analysis::load_results(path);
    ADD_FAILURE() << "a 16 GB claim in a small file must be refused";
  } catch (const analysis::ResultsFileError& e) {
    EXPECT_THAT(e.what(), AllOf(HasSubstr("/scenarios/tiny/metrics/visits"), HasSubstr("damaged file")));
  }
}

// Found by fuzz/results_fuzzer.cpp: HDF5 1.10 itself crashes (SIGSEGV in H5A__close,
// reading memory it never initialised, so with ASan's allocator at least) when this file
// is opened a second time and walked. The reader walks a file in a forked child first
// and refuses it if the child dies; with other allocators HDF5 survives and the file is
// refused as not rapport's. Either way: exit 4, one line, no crash.
TEST_F(DamagedResults, FileThatCrashesTheHdf5LibraryIsRefused) {
  const fs::path crash = fs::path(RAPPORT_SOURCE_DIR) / "tests/app/fuzz_regressions/hdf5_crash_closing_attribute.h5";
  const auto copy = dir_ / "crash.h5";
  fs::copy_file(crash, copy);
  expect_refused(copy, {"crash.h5"});
  EXPECT_THROW((void)analysis::load_results(copy), analysis::ResultsFileError);
}

// ---- issue 18: output ownership, inputs never replaced, hostile files ----

class OutputOwnership : public Hardening {
 protected:
  // A two-point sweep of tiny.toml (which it does not write).
  fs::path tiny_sweep() {
    return write("sweep.toml",
                           "name = \"s\"\nbase = \"tiny.toml\"\noutcomes = [\"trust_mean\"]\n"
                           "[design]\nmethod = \"grid\"\nlevels = 2\n"
                           "[[parameters]]\nkey = \"trust.decline_silent\"\nlow = -0.05\nhigh = 0.0\n");
  }
};

TEST_F(OutputOwnership, ASecondWriterIsRefusedAtOnceAndTheFirstKeepsItsOutput) {
  const auto scenario = tiny_scenario();
  const auto output = dir_ / "out.h5";
  {
    const sim::AtomicOutput first_writer(output, false);  // holds the claim, as a running `rapport run` does
    const auto r = rapport({"run", scenario.string(), "-o", output.string(), "--force", "-q"});
    EXPECT_EQ(r.exit_code, 4);
    expect_one_error_line(r);
    EXPECT_THAT(r.err, HasSubstr("another rapport process"));
    EXPECT_FALSE(fs::exists(output));
  }
  EXPECT_EQ(entries(dir_.path()), (std::vector<std::string>{"tiny.toml"}));
}

TEST_F(OutputOwnership, LeftoversOfAKilledRunAreCleanedByTheNextRun) {
  const auto scenario = tiny_scenario();
  const auto output = dir_ / "out.h5";
  write(".out.h5.claim", "4242");
  write(".out.h5.tmp", "half of a results file");
  const auto r = rapport({"run", scenario.string(), "-o", output.string(), "-q"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(entries(dir_.path()), (std::vector<std::string>{"out.h5", "tiny.toml"}));
}

TEST_F(OutputOwnership, ADeviceOrFifoIsNeverReplacedEvenWithForce) {
  const auto scenario = tiny_scenario();
  const auto fifo = dir_ / "fifo.h5";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  for (const fs::path& output : {fs::path("/dev/null"), fifo}) {
    SCOPED_TRACE(output.string());
    const auto r = rapport({"run", scenario.string(), "-o", output.string(), "--force", "-q"});
    EXPECT_EQ(r.exit_code, 4);
    expect_one_error_line(r);
    EXPECT_THAT(r.err, HasSubstr("not a regular file"));
  }
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
  EXPECT_TRUE(fs::is_fifo(fifo));
}

TEST_F(OutputOwnership, AnOutputNamingAnInputIsRefusedEvenWithForce) {
  const auto scenario = tiny_scenario();
  const std::string before = test::file_contents(scenario);
  const auto sweep = tiny_sweep();
  const std::string sweep_before = test::file_contents(sweep);
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"run", scenario.string(), "-o", scenario.string(), "--force", "-q"},
           {"sweep", sweep.string(), "-o", sweep.string(), "--force", "-q"},
           {"sweep", sweep.string(), "-o", scenario.string(), "--force", "-q"}}) {
    SCOPED_TRACE(args[0] + " -o " + args[3]);
    const auto r = rapport(args);
    EXPECT_EQ(r.exit_code, 2);
    expect_one_error_line(r);
    EXPECT_THAT(r.err, HasSubstr("is an input of this command"));
  }
  EXPECT_EQ(test::file_contents(scenario), before);
  EXPECT_EQ(test::file_contents(sweep), sweep_before);
}

TEST_F(OutputOwnership, AnEmptyOutputNameIsRefusedBeforeSimulating) {
  const auto r = rapport({"run", long_scenario().string(), "-o", "", "-q"});
  EXPECT_EQ(r.exit_code, 4);
  expect_one_error_line(r);
  EXPECT_THAT(r.err, HasSubstr("empty"));
}

TEST_F(OutputOwnership, ALongValidOutputNameWorks) {
  const auto output = dir_ / (std::string(242, 'r') + ".h5");  // 245 bytes
  const auto r = rapport({"run", tiny_scenario().string(), "-o", output.string(), "-q"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::is_regular_file(output));
}

TEST_F(OutputOwnership, SummarizeWriteThroughALinkWritesTheFileAndKeepsTheLink) {
  const auto results = results_file();
  const auto link = dir_ / "link.h5";
  fs::create_symlink(results.filename(), link);
  const auto r = rapport({"summarize", link.string(), "--write"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::is_symlink(link));
  const sim::Hdf5File file(results, sim::Hdf5File::Mode::kReadOnly);
  EXPECT_TRUE(file.exists("/scenarios/tiny/summary"));
}

TEST_F(OutputOwnership, ForceNeverDeletesAFileThatIsNotRapportsJournal) {
  tiny_scenario();
  const auto sweep = tiny_sweep();
  const auto notes = write("out.h5.journal", kPrecious);
  const auto r = rapport({"sweep", sweep.string(), "-o", (dir_ / "out.h5").string(), "--force", "-q"});
  EXPECT_EQ(r.exit_code, 4);
  expect_one_error_line(r);
  EXPECT_THAT(r.err, HasSubstr("not a rapport journal"));
  EXPECT_EQ(test::file_contents(notes), kPrecious);
  EXPECT_FALSE(fs::exists(dir_ / "out.h5"));
}

TEST_F(OutputOwnership, AFifoAsResultsFileOrJournalIsRefusedNotWaitedOn) {
  const auto fifo = dir_ / "fifo.h5";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  for (const std::string command : {"summarize", "sensitivity"}) {
    const auto r = rapport({command, fifo.string()});
    EXPECT_EQ(r.exit_code, 4) << command;
    expect_one_error_line(r);
    EXPECT_THAT(r.err, HasSubstr("not a regular file")) << command;
  }
  tiny_scenario();
  const auto sweep = tiny_sweep();
  ASSERT_EQ(::mkfifo((dir_ / "out.h5.journal").c_str(), 0600), 0);
  const auto r = rapport({"sweep", sweep.string(), "-o", (dir_ / "out.h5").string(), "--resume", "-q"});
  EXPECT_EQ(r.exit_code, 4);
  expect_one_error_line(r);
  EXPECT_THAT(r.err, HasSubstr("not a regular file"));
}

// h5py rewrites a string attribute as a variable-length UTF-8 string, its default.
TEST_F(DamagedResults, ConfigRewrittenAsVariableLengthUtf8IsRead) {
  const auto path = results_file();
  {
    const std::string config = sim::Hdf5File(path, sim::Hdf5File::Mode::kReadOnly).string_attribute("/scenarios/tiny", "config");
    const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    const hid_t group = H5Gopen2(id, "/scenarios/tiny", H5P_DEFAULT);
    H5Adelete(group, "config");
    const hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, H5T_VARIABLE);
    H5Tset_cset(type, H5T_CSET_UTF8);
    const hid_t space = H5Screate(H5S_SCALAR);
    const hid_t attribute = H5Acreate2(group, "config", type, space, H5P_DEFAULT, H5P_DEFAULT);
    const char* text = config.c_str();
    H5Awrite(attribute, type, &text);
    H5Aclose(attribute);
    H5Sclose(space);
    H5Tclose(type);
    H5Gclose(group);
    H5Fclose(id);
  }
  const auto summarized = rapport({"summarize", path.string()});
  EXPECT_EQ(summarized.exit_code, 0) << summarized.err;
  const auto rerun = rapport({"rerun", path.string(), "-o", (dir_ / "again.h5").string(), "-q"});
  EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
}

// A group hard-linked into itself would send a walk round forever.
TEST_F(DamagedResults, GroupsLinkedIntoACycleAreRefusedNotWalkedForever) {
  const auto path = results_file();
  {
    const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    H5Lcreate_hard(id, "/scenarios/tiny", id, "/scenarios/tiny/metrics_again", H5P_DEFAULT, H5P_DEFAULT);
    H5Fclose(id);
  }
  // The reader reads only rapport's own objects; the extra link is no concern of summarize.
  const auto summarized = rapport({"summarize", path.string()});
  EXPECT_EQ(summarized.exit_code, 0) << summarized.err;
  const auto verified = rapport({"rerun", path.string(), "-o", (dir_ / "again.h5").string(), "--verify", "-q"});
  EXPECT_EQ(verified.exit_code, 4);
  EXPECT_THAT(verified.err, HasSubstr("linked more than once"));
}

}  // namespace
}  // namespace rapport
