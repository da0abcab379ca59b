// libFuzzer target: the journal an interrupted sweep or decision left beside its output
// (app/journaled_runs.cpp, sim/run_journal.cpp), as damage would leave it. The input is
// records whose framing and checksums are valid but whose run index and contents are
// arbitrary (the case a checksum cannot catch), then arbitrary bytes as a torn tail.
// The contract under test: resuming yields only records of a run in range that hold
// exactly the values a run writes, or a JournalError; and reopening the journal after the
// damaged tail was cut off yields the same runs.
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "app/journaled_runs.hpp"

namespace {

using namespace rapport;

constexpr std::size_t kRuns = 6;
constexpr std::size_t kValuesPerRun = 3;

void open(std::optional<sim::RunJournal>& journal, const app::LongCommandOptions& options, bool resume) {
  app::open_run_journal(journal, options, resume, "journal fuzzer", kRuns, kValuesPerRun, "sweep");
}

// Every record resumed is one the work could have written.
void check_records(const sim::RunJournal& journal) {
  for (const auto& [run, bytes] : journal.finished()) {
    if (run >= kRuns || app::values_from_bytes(bytes).size() != kValuesPerRun) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto output = std::filesystem::temp_directory_path() / ("rapport-journal-fuzz-" + std::to_string(::getpid()) + ".h5");
  app::LongCommandOptions options;
  options.output = output.string();
  options.force = true;
  const auto path = sim::RunJournal::beside(output);

  // The first byte is the number of records (up to 15); each is a run byte (indices up to
  // twice the runs), a length byte and that many bytes. What follows is the torn tail.
  std::size_t offset = 0;
  const std::size_t records = size > 0 ? data[offset++] % 16 : 0;
  {
    std::optional<sim::RunJournal> journal;
    open(journal, options, false);
    for (std::size_t record = 0; record < records && offset + 2 <= size; ++record) {
      const std::size_t run = data[offset] % (2 * kRuns);
      const std::size_t length = std::min<std::size_t>(data[offset + 1], size - offset - 2);
      const auto* payload = reinterpret_cast<const char*>(data + offset + 2);
      journal->append(run, sim::Bytes(payload, payload + length));
      offset += 2 + length;
    }
  }
  std::ofstream(path, std::ios::binary | std::ios::app)
      .write(reinterpret_cast<const char*>(data + offset), static_cast<std::streamsize>(size - offset));

  try {
    std::optional<sim::RunJournal> resumed, again;
    open(resumed, options, true);
    check_records(*resumed);
    open(again, options, true);
    if (again->finished() != resumed->finished()) __builtin_trap();
  } catch (const sim::JournalError&) {
    // a journal that cannot be used is refused, which is the documented outcome
  }
  std::filesystem::remove(path);
  return 0;
}
