#include "sim/run_journal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iterator>

namespace rapport::sim {
namespace {

constexpr char kMagic[16] = {'r', 'a', 'p', 'p', 'o', 'r', 't', '-', 'j', 'o', 'u', 'r', 'n', 'a', 'l', '\n'};
constexpr std::uint32_t kJournalVersion = 1;
constexpr std::uint64_t kMaxRecordBytes = std::uint64_t{1} << 34;

// FNV-1a, 64 bit: detects torn or damaged records (not an adversary).
std::uint64_t checksum(const char* data, std::size_t n, std::uint64_t hash = 0xcbf29ce484222325ULL) {
  for (std::size_t i = 0; i < n; ++i) {
    hash ^= static_cast<unsigned char>(data[i]);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::string system_error(const std::string& what, const std::filesystem::path& path) {
  return "cannot " + what + " the run journal " + path.string() + ": " + std::strerror(errno);
}

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void write_all(int fd, const Bytes& bytes, const std::filesystem::path& path) {
  std::size_t written = 0;
  while (written < bytes.size()) {
    const auto n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw JournalError(system_error("write to", path));
    written += static_cast<std::size_t>(n);
  }
}

Bytes header_bytes(const std::string& fingerprint, std::size_t runs) {
  ByteWriter w;
  for (const char c : kMagic) w.put(c);
  w.put(kJournalVersion);
  w.put(static_cast<std::uint64_t>(runs));
  w.put(fingerprint);
  auto bytes = w.take();
  const auto sum = checksum(bytes.data(), bytes.size());
  bytes.insert(bytes.end(), reinterpret_cast<const char*>(&sum), reinterpret_cast<const char*>(&sum) + sizeof sum);
  return bytes;
}

// Whether `path` starts as every journal rapport writes does.
bool is_rapport_journal(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[sizeof kMagic] = {};
  return in.read(magic, sizeof magic) && std::equal(std::begin(magic), std::end(magic), std::begin(kMagic));
}

}  // namespace

std::filesystem::path RunJournal::beside(const std::filesystem::path& output) {
  return std::filesystem::path(output.string() + ".journal");
}

RunJournal::RunJournal(std::filesystem::path path, std::string fingerprint, std::size_t runs, Mode mode,
                       bool overwrite, const std::function<bool(const Bytes&)>& valid_record)
    : path_(std::move(path)), fingerprint_(std::move(fingerprint)) {
  std::error_code error;
  const bool exists = std::filesystem::exists(std::filesystem::symlink_status(path_, error));
  if (exists && !std::filesystem::is_regular_file(std::filesystem::symlink_status(path_, error))) {
    throw JournalError(path_.string() + ": not a regular file, so not a rapport journal; move it away");
  }
  if (exists && mode == Mode::kStartFresh && !overwrite) {
    throw JournalError(path_.string() + " holds the finished runs of an interrupted job writing the same output; "
                       "pass --resume to continue it, or --force to discard it and start over");
  }
  if (exists && !is_rapport_journal(path_)) {
    throw JournalError(path_.string() + ": not a rapport journal, so rapport neither reads nor replaces it; move "
                       "it away or choose another output");
  }
  if (exists && mode == Mode::kResume) {
    read_existing(runs, valid_record);
    fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW);
    if (fd_ < 0) throw JournalError(system_error("open", path_));
    return;
  }
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0666);
  if (fd_ < 0) throw JournalError(system_error("create", path_));
  write_header(runs);
}

RunJournal::~RunJournal() {
  if (fd_ >= 0) {
    ::fdatasync(fd_);
    ::close(fd_);
  }
}

void RunJournal::write_header(std::size_t runs) {
  write_all(fd_, header_bytes(fingerprint_, runs), path_);
  sync();
}

void RunJournal::read_existing(std::size_t runs, const std::function<bool(const Bytes&)>& valid_record) {
  std::ifstream in(path_, std::ios::binary);
  if (!in) throw JournalError(system_error("read", path_));
  const Bytes bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto expected = header_bytes(fingerprint_, runs);
  if (bytes.size() < expected.size() || !std::equal(expected.begin(), expected.end(), bytes.begin())) {
    throw JournalError(path_.string() +
                       " was written by different work (the input files, the rapport version or the number of runs "
                       "changed) or is damaged; pass --force to discard it and start over");
  }
  // Records: run index, size, bytes, checksum. Stop at the first that is torn or damaged.
  std::size_t offset = expected.size();
  while (true) {
    constexpr std::size_t kFixed = 2 * sizeof(std::uint64_t);
    if (bytes.size() - offset < kFixed + sizeof(std::uint64_t)) break;
    std::uint64_t run = 0, size = 0, sum = 0;
    std::memcpy(&run, bytes.data() + offset, sizeof run);
    std::memcpy(&size, bytes.data() + offset + sizeof run, sizeof size);
    if (size > kMaxRecordBytes || bytes.size() - offset - kFixed - sizeof sum < size) break;
    std::memcpy(&sum, bytes.data() + offset + kFixed + size, sizeof sum);
    if (sum != checksum(bytes.data() + offset, kFixed + size) || run >= runs) break;
    const char* payload = bytes.data() + offset + kFixed;
    Bytes result(payload, payload + size);
    if (valid_record && !valid_record(result)) break;
    finished_.try_emplace(run, std::move(result));
    offset += kFixed + size + sizeof sum;
  }
  if (offset < bytes.size()) std::filesystem::resize_file(path_, offset);  // cut off a torn tail
}

void RunJournal::append(std::size_t run, const Bytes& result) {
  ByteWriter w;
  w.put(static_cast<std::uint64_t>(run));
  w.put(static_cast<std::uint64_t>(result.size()));
  auto record = w.take();
  record.insert(record.end(), result.begin(), result.end());
  const auto sum = checksum(record.data(), record.size());
  record.insert(record.end(), reinterpret_cast<const char*>(&sum), reinterpret_cast<const char*>(&sum) + sizeof sum);
  write_all(fd_, record, path_);
  if (now_ns() - last_sync_ns_ > 1'000'000'000) sync();
}

void RunJournal::sync() {
  if (::fdatasync(fd_) != 0) throw JournalError(system_error("sync", path_));
  last_sync_ns_ = now_ns();
}

void RunJournal::remove() {
  ::close(fd_);
  fd_ = -1;
  std::filesystem::remove(path_);
}

}  // namespace rapport::sim
