// AtomicOutput's promises: nothing partial is ever left behind, one writer per output,
// leftovers of a killed writer cleaned, and nothing but a regular file ever replaced.
#include "sim/atomic_output.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "sim/hdf5_file.hpp"
#include "tests/support/file_contents.hpp"
#include "tests/support/temporary_directory.hpp"

namespace rapport::sim {
namespace {

namespace fs = std::filesystem;

class AtomicOutputTest : public ::testing::Test {
 protected:
  std::size_t entries() const {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir_.path()), fs::directory_iterator{}));
  }
  test::TemporaryDirectory dir_{"rapport-atomic"};
};

TEST_F(AtomicOutputTest, RefusesAnExistingTargetWithoutOverwrite) {
  const auto target = dir_ / "out.h5";
  { std::ofstream(target) << "keep me"; }
  EXPECT_THROW(AtomicOutput(target, false), OutputError);
  EXPECT_EQ(test::file_contents(target), "keep me");
  EXPECT_EQ(entries(), 1U);
}

TEST_F(AtomicOutputTest, UncommittedLeavesNothingBehind) {
  const auto target = dir_ / "out.h5";
  {
    AtomicOutput out(target, false);
    Hdf5File f(out.temporary(), Hdf5File::Mode::kCreate);
    f.create_group("/x");
    f.close();
    EXPECT_TRUE(fs::exists(out.temporary()));
  }
  EXPECT_FALSE(fs::exists(target));
  EXPECT_TRUE(fs::is_empty(dir_.path()));
}

TEST_F(AtomicOutputTest, CommitReplacesTargetWhenOverwriteAllowed) {
  const auto target = dir_ / "out.h5";
  { std::ofstream(target) << "old"; }
  {
    AtomicOutput out(target, true);
    Hdf5File f(out.temporary(), Hdf5File::Mode::kCreate);
    f.set_attribute("/", "format", std::string("rapport"));
    f.close();
    out.commit();
  }
  const Hdf5File f(target, Hdf5File::Mode::kReadOnly);
  EXPECT_EQ(f.string_attribute("/", "format"), "rapport");
  EXPECT_EQ(entries(), 1U);
}

TEST_F(AtomicOutputTest, MissingDirectoryAndEmptyNameAreErrors) {
  EXPECT_THROW(AtomicOutput(dir_ / "nope" / "out.h5", false), OutputError);
  EXPECT_THROW(AtomicOutput("", true), OutputError);
  EXPECT_THROW(AtomicOutput(dir_.path(), true), OutputError);
}

TEST_F(AtomicOutputTest, ASecondWriterOfTheSameOutputIsRefusedAtOnce) {
  const auto target = dir_ / "out.h5";
  const AtomicOutput first(target, false);
  try {
    const AtomicOutput second(target, true);
    ADD_FAILURE() << "a second writer was accepted";
  } catch (const OutputError& e) {
    EXPECT_NE(std::string(e.what()).find("another rapport process"), std::string::npos) << e.what();
  }
}

TEST_F(AtomicOutputTest, LeftoversOfAKilledWriterAreCleaned) {
  const auto target = dir_ / "out.h5";
  // What a process killed between claiming and committing leaves: an unlocked claim and a temporary.
  { std::ofstream(AtomicOutput::hidden_sibling(target, ".claim")) << "12345"; }
  { std::ofstream(AtomicOutput::hidden_sibling(target, ".tmp")) << "partial"; }
  {
    AtomicOutput out(target, false);
    { std::ofstream(out.temporary()) << "whole"; }
    out.commit();
  }
  EXPECT_EQ(test::file_contents(target), "whole");
  EXPECT_EQ(entries(), 1U);
}

TEST_F(AtomicOutputTest, AFifoIsNeverReplacedEvenWithOverwrite) {
  const auto fifo = dir_ / "out.h5";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_THROW(AtomicOutput(fifo, true), OutputError);
  EXPECT_TRUE(fs::is_fifo(fifo));
  EXPECT_EQ(entries(), 1U);
}

TEST_F(AtomicOutputTest, ADeviceIsNeverReplacedEvenWithOverwrite) {
  EXPECT_THROW(AtomicOutput("/dev/null", true), OutputError);
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
}

TEST_F(AtomicOutputTest, ASymbolicLinkKeepsPointingAtTheReplacedFile) {
  const auto real = dir_ / "real.h5";
  const auto link = dir_ / "link.h5";
  { std::ofstream(real) << "old"; }
  fs::create_symlink(real.filename(), link);
  {
    AtomicOutput out(link, true);
    { std::ofstream(out.temporary()) << "new"; }
    out.commit();
  }
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(test::file_contents(real), "new");
}

TEST_F(AtomicOutputTest, ALongNameKeepsItsHiddenFilesWithinTheNameLimit) {
  const std::string long_name = std::string(242, 'x') + ".h5";  // 245 bytes
  const auto target = dir_ / long_name;
  {
    AtomicOutput out(target, false);
    EXPECT_LE(out.temporary().filename().string().size(), 255U);
    { std::ofstream(out.temporary()) << "data"; }
    out.commit();
  }
  EXPECT_EQ(test::file_contents(target), "data");
  const auto other = AtomicOutput::hidden_sibling(dir_ / (std::string(242, 'x') + ".h6"), ".tmp");
  EXPECT_NE(AtomicOutput::hidden_sibling(target, ".tmp"), other);
}

TEST_F(AtomicOutputTest, NotEnoughFreeSpaceIsFoundBeforeAnyWork) {
  try {
    const AtomicOutput out(dir_ / "out.h5", false, std::uint64_t{1} << 62);
    ADD_FAILURE() << "an output larger than any disk was accepted";
  } catch (const OutputError& e) {
    EXPECT_NE(std::string(e.what()).find("No space left"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(fs::is_empty(dir_.path()));
}

}  // namespace
}  // namespace rapport::sim
