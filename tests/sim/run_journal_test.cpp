// The run journal behind `rapport sweep --resume`: what a kill can leave, and what a
// resume may use.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "sim/run_journal.hpp"
#include "tests/support/temporary_directory.hpp"

namespace rapport::sim {
namespace {

namespace fs = std::filesystem;

class RunJournalTest : public ::testing::Test {
 protected:
  test::TemporaryDirectory dir_{"rapport-journal"};
  fs::path path_ = RunJournal::beside(dir_ / "out.h5");
};

Bytes bytes_of(std::initializer_list<double> values) {
  ByteWriter writer;
  writer.put(std::vector<double>(values));
  return writer.take();
}

TEST_F(RunJournalTest, SitsBesideTheOutput) { EXPECT_EQ(path_, dir_ / "out.h5.journal"); }

TEST_F(RunJournalTest, ResumeReadsBackEveryAppendedRun) {
  {
    RunJournal journal(path_, "sweep A", 10, RunJournal::Mode::kStartFresh, false);
    EXPECT_TRUE(journal.finished().empty());
    journal.append(7, bytes_of({1.5, -2.0}));
    journal.append(2, bytes_of({}));
  }
  RunJournal resumed(path_, "sweep A", 10, RunJournal::Mode::kResume, false);
  ASSERT_EQ(resumed.finished().size(), 2U);
  EXPECT_EQ(resumed.finished().at(7), bytes_of({1.5, -2.0}));
  EXPECT_EQ(resumed.finished().at(2), bytes_of({}));
  resumed.append(3, bytes_of({4.0}));
  EXPECT_EQ(RunJournal(path_, "sweep A", 10, RunJournal::Mode::kResume, false).finished().size(), 3U);
}

TEST_F(RunJournalTest, ATornLastRecordIsDroppedAndCutOff) {
  {
    RunJournal journal(path_, "sweep A", 10, RunJournal::Mode::kStartFresh, false);
    journal.append(1, bytes_of({1.0}));
    journal.append(4, bytes_of({4.0}));
  }
  const auto whole = fs::file_size(path_);
  fs::resize_file(path_, whole - 3);  // a kill in the middle of the last write
  {
    RunJournal resumed(path_, "sweep A", 10, RunJournal::Mode::kResume, false);
    ASSERT_EQ(resumed.finished().size(), 1U);
    EXPECT_TRUE(resumed.finished().contains(1));
    resumed.append(4, bytes_of({4.0}));  // appended after the cut, not after the torn bytes
  }
  EXPECT_EQ(fs::file_size(path_), whole);
  EXPECT_EQ(RunJournal(path_, "sweep A", 10, RunJournal::Mode::kResume, false).finished().size(), 2U);
}

TEST_F(RunJournalTest, ADamagedRecordEndsTheUsablePart) {
  {
    RunJournal journal(path_, "sweep A", 10, RunJournal::Mode::kStartFresh, false);
    journal.append(1, bytes_of({1.0}));
    journal.append(2, bytes_of({2.0}));
  }
  std::fstream file(path_, std::ios::in | std::ios::out | std::ios::binary);
  file.seekp(-12, std::ios::end);  // a payload byte of the last record
  file.put('\x7f');
  file.close();
  const RunJournal resumed(path_, "sweep A", 10, RunJournal::Mode::kResume, false);
  EXPECT_EQ(resumed.finished().size(), 1U);
}

TEST_F(RunJournalTest, AJournalOfOtherWorkIsRefused) {
  { RunJournal journal(path_, "sweep A", 10, RunJournal::Mode::kStartFresh, false); }
  EXPECT_THROW(RunJournal(path_, "sweep B", 10, RunJournal::Mode::kResume, false), JournalError);
  EXPECT_THROW(RunJournal(path_, "sweep A", 11, RunJournal::Mode::kResume, false), JournalError);
}

TEST_F(RunJournalTest, StartingFreshNeverSilentlyDiscardsAJournal) {
  {
    RunJournal journal(path_, "sweep A", 10, RunJournal::Mode::kStartFresh, false);
    journal.append(1, bytes_of({1.0}));
  }
  try {
    RunJournal again(path_, "sweep A", 10, RunJournal::Mode::kStartFresh, false);
    FAIL() << "an existing journal was overwritten";
  } catch (const JournalError& e) {
    EXPECT_NE(std::string(e.what()).find("--resume"), std::string::npos) << e.what();
  }
  const RunJournal forced(path_, "sweep A", 10, RunJournal::Mode::kStartFresh, true);
  EXPECT_TRUE(forced.finished().empty());
  EXPECT_TRUE(RunJournal(path_, "sweep A", 10, RunJournal::Mode::kResume, false).finished().empty());
}

TEST_F(RunJournalTest, ResumeWithoutAJournalStartsOne) {
  RunJournal journal(path_, "sweep A", 10, RunJournal::Mode::kResume, false);
  EXPECT_TRUE(journal.finished().empty());
  EXPECT_TRUE(fs::exists(path_));
  journal.remove();
  EXPECT_FALSE(fs::exists(path_));
}

TEST(ByteBuffer, RoundTripsValuesVectorsAndStrings) {
  ByteWriter writer;
  writer.put(std::uint64_t{42});
  writer.put(std::vector<double>{0.25, -1.0});
  writer.put(std::vector<std::string>{"accept_all", ""});
  const auto bytes = writer.take();
  ByteReader reader(bytes);
  EXPECT_EQ(reader.get<std::uint64_t>(), 42U);
  EXPECT_EQ(reader.get_vector<double>(), (std::vector<double>{0.25, -1.0}));
  EXPECT_EQ(reader.get_strings(), (std::vector<std::string>{"accept_all", ""}));
  EXPECT_TRUE(reader.done());
  EXPECT_THROW(reader.get<char>(), std::runtime_error);
}

// A record whose checksum holds but whose result has the wrong shape (here: one value
// where the work writes two) is not used: its run runs again.
TEST_F(RunJournalTest, ARecordOfTheWrongShapeIsDroppedEvenWithAValidChecksum) {
  const auto two_values = [](const Bytes& bytes) {
    ByteReader reader(bytes);
    return reader.get_vector<double>().size() == 2 && reader.done();
  };
  {
    RunJournal journal(path_, "sweep A", 10, RunJournal::Mode::kStartFresh, false);
    journal.append(1, bytes_of({1.0, 2.0}));
    journal.append(2, bytes_of({3.0}));
    journal.append(3, bytes_of({4.0, 5.0}));
  }
  const RunJournal resumed(path_, "sweep A", 10, RunJournal::Mode::kResume, false, two_values);
  ASSERT_EQ(resumed.finished().size(), 1U);
  EXPECT_EQ(resumed.finished().at(1), bytes_of({1.0, 2.0}));
}

TEST_F(RunJournalTest, ForceDiscardsOnlyARapportJournal) {
  { std::ofstream(path_) << "my notes\n"; }
  EXPECT_THROW(RunJournal(path_, "sweep A", 10, RunJournal::Mode::kStartFresh, true), JournalError);
  std::ifstream in(path_);
  std::string text;
  std::getline(in, text);
  EXPECT_EQ(text, "my notes");
}

}  // namespace
}  // namespace rapport::sim
