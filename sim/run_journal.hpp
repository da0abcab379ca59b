// The checkpoint of a long job: an append-only file beside the output that records each
// finished run (its index and its result bytes) as soon as it completes, so a job killed
// at any moment (SIGTERM, SIGKILL, a cluster's time limit) loses only the runs in flight.
//
// Every record carries a checksum: a record torn by a kill mid-write fails it and is
// dropped (and cut off) when the journal is reopened, so a run is either wholly in the
// journal or not at all. The header holds a fingerprint of the work (inputs and version):
// a journal is only resumed by the work that wrote it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>

#include "sim/bytes.hpp"

namespace rapport::sim {

// I/O failures and journals that cannot be used (another job's, unreadable header).
class JournalError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

class RunJournal {
 public:
  enum class Mode {
    kStartFresh,  // a new journal; an existing one is an error unless `overwrite`
    kResume,      // continue an existing journal of the same work (or start one if none exists)
  };
  // `valid_record`: whether a record's result bytes have the shape and range the work
  // writes; a record that fails it is treated like a torn one (its run runs again).
  // `overwrite` discards only a rapport journal: any other file there is an error.
  RunJournal(std::filesystem::path path, std::string fingerprint, std::size_t runs, Mode mode, bool overwrite,
             const std::function<bool(const Bytes&)>& valid_record = {});
  RunJournal(const RunJournal&) = delete;
  RunJournal& operator=(const RunJournal&) = delete;
  ~RunJournal();

  // Runs found complete when the journal was opened, by run index.
  [[nodiscard]] const std::map<std::size_t, Bytes>& finished() const { return finished_; }
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

  // Appends one finished run. Written with one write(2), so a killed process leaves the
  // record whole in the page cache or absent; synced to disk at most once a second.
  void append(std::size_t run, const Bytes& result);
  // Flushes to disk (e.g. when stopping on a signal).
  void sync();
  // Deletes the journal once its runs are safely in the final output.
  void remove();

  // Where the journal of an output file lives.
  static std::filesystem::path beside(const std::filesystem::path& output);

 private:
  void read_existing(std::size_t runs, const std::function<bool(const Bytes&)>& valid_record);
  void write_header(std::size_t runs);

  std::filesystem::path path_;
  std::string fingerprint_;
  std::map<std::size_t, Bytes> finished_;
  int fd_ = -1;
  std::int64_t last_sync_ns_ = 0;
};

}  // namespace rapport::sim
