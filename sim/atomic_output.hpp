// An output file written all at once or not at all, by one process at a time.
//
// The output is claimed first: a hidden claim file beside it, locked with flock(2), so a
// second writer of the same output is refused at once, and a claim or temporary file left
// by a killed process (whose lock the kernel released) is recognised and cleaned by the
// next run. The data goes to a hidden temporary beside the target, renamed into place only
// on commit(), so a failed or interrupted run never leaves a partial or damaged output.
// Works for any kind of file (results, a results file edited in place, a scenario's text).
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>

namespace rapport::sim {

// The output cannot be claimed, prepared or moved into place.
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class AtomicOutput {
 public:
  // Claims `target` and creates the (empty) temporary file at once, so that a missing,
  // unwritable or full directory, a target that is not a regular file (a directory, a
  // device, a FIFO), an existing target without `overwrite`, or another process writing
  // the same output is an OutputError before any work. A symbolic link as target is
  // followed: the file it names is replaced and the link kept. `expected_bytes`: about
  // how much will be written, checked against the free space of the file system.
  AtomicOutput(std::filesystem::path target, bool overwrite, std::uint64_t expected_bytes = 0);
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;
  ~AtomicOutput();

  // The file the data goes to until commit().
  [[nodiscard]] const std::filesystem::path& temporary() const { return temporary_; }
  // The file commit() replaces: the target, with symbolic links followed.
  [[nodiscard]] const std::filesystem::path& destination() const { return destination_; }
  // Flushes the temporary to disk and renames it onto the destination.
  void commit();

  // A hidden file beside `target` named after it with `suffix`, within the 255-byte
  // limit of a file name however long the target's name is (a long name is shortened
  // and a hash of it keeps the result unique).
  static std::filesystem::path hidden_sibling(const std::filesystem::path& target, const std::string& suffix);

 private:
  void check_destination(bool overwrite) const;
  void claim();
  void release() noexcept;

  std::filesystem::path requested_;    // as the user named it, for messages
  std::filesystem::path destination_;  // links followed
  std::filesystem::path directory_;
  std::filesystem::path claim_;
  std::filesystem::path temporary_;
  int claim_fd_ = -1;
  bool committed_ = false;
};

}  // namespace rapport::sim
