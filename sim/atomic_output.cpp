#include "sim/atomic_output.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <functional>
#include <string>
#include <system_error>
#include <utility>

namespace rapport::sim {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxFileName = 255;  // bytes, on every file system rapport writes to

std::string os_reason(int error_number) { return std::generic_category().message(error_number); }

std::string in_units(std::uint64_t bytes) {
  return bytes >= (std::uint64_t{10} << 20) ? std::to_string(bytes >> 20) + " MB" : std::to_string(bytes >> 10) + " kB";
}

// Flushes a file or directory to the disk, so a rename is never seen before the data.
void sync_to_disk(const fs::path& path, const std::string& what) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    const int error_number = errno;
    if (fd >= 0) ::close(fd);
    throw OutputError(what + ": " + os_reason(error_number));
  }
  ::close(fd);
}

// The process id written in a claim file, for the message a second writer gets ("" if unreadable).
std::string claim_holder(int fd) {
  std::array<char, 32> text{};
  const ssize_t n = ::pread(fd, text.data(), text.size() - 1, 0);
  return n > 0 ? std::string(text.data(), static_cast<std::size_t>(n)) : std::string();
}

bool same_inode(int fd, const fs::path& path) {
  struct stat opened{}, named{};
  return ::fstat(fd, &opened) == 0 && ::lstat(path.c_str(), &named) == 0 && opened.st_dev == named.st_dev &&
         opened.st_ino == named.st_ino;
}

}  // namespace

fs::path AtomicOutput::hidden_sibling(const fs::path& target, const std::string& suffix) {
  const std::string name = target.filename().string();
  // Built with append: GCC 12 warns falsely (-Wrestrict) on `"." + std::string`.
  std::string hidden(".");
  if (1 + name.size() + suffix.size() <= kMaxFileName) {
    hidden.append(name);
  } else {
    std::array<char, 17> hash{};
    std::snprintf(hash.data(), hash.size(), "%016zx", std::hash<std::string>{}(name));
    hidden.append(name, 0, kMaxFileName - 2 - (hash.size() - 1) - suffix.size()).append("-").append(hash.data());
  }
  return target.parent_path() / hidden.append(suffix);
}

AtomicOutput::AtomicOutput(fs::path target, bool overwrite, std::uint64_t expected_bytes)
    : requested_(std::move(target)) {
  const std::string name = requested_.string();
  if (name.empty()) throw OutputError("the output file name is empty; name a results file (.h5)");
  std::error_code error;
  destination_ = requested_;
  if (fs::is_symlink(requested_, error)) {
    destination_ = fs::weakly_canonical(requested_, error);
    if (error) throw OutputError(name + ": cannot follow the symbolic link: " + error.message());
  }
  const std::string file_name = destination_.filename().string();
  if (file_name.empty() || file_name == "." || file_name == ".." || fs::is_directory(destination_, error)) {
    throw OutputError(name + ": is a directory; name a results file (.h5)");
  }
  directory_ = destination_.has_parent_path() ? destination_.parent_path() : fs::path(".");
  if (!fs::is_directory(directory_, error)) {
    throw OutputError(name + ": output directory " + directory_.string() + " does not exist");
  }
  check_destination(overwrite);  // before claiming, so nothing is created beside a device
  claim();
  try {
    // Again under the claim, so no other rapport process can create or replace the target
    // between this check and the rename in commit().
    check_destination(overwrite);
    // A temporary of this name can only be a killed process's leftover: we hold the claim.
    temporary_ = hidden_sibling(destination_, ".tmp");
    if (::unlink(temporary_.c_str()) != 0 && errno != ENOENT) {
      throw OutputError(name + ": cannot remove the stale temporary file " + temporary_.string() + ": " +
                        os_reason(errno));
    }
    // Created now, exclusively: a read-only or full directory is reported before the work.
    const int fd = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
    if (fd < 0) {
      const int error_number = errno;
      temporary_.clear();  // nothing of ours to remove
      throw OutputError(name + ": cannot write in " + directory_.string() + ": " + os_reason(error_number));
    }
    ::close(fd);
    struct statvfs space{};
    if (expected_bytes > 0 && ::statvfs(directory_.c_str(), &space) == 0 &&
        std::uint64_t{space.f_bavail} * space.f_frsize < expected_bytes) {
      throw OutputError(name + ": cannot write in " + directory_.string() + ": No space left on device (" +
                        in_units(std::uint64_t{space.f_bavail} * space.f_frsize) + " free, the output needs about " +
                        in_units(expected_bytes) + ")");
    }
  } catch (...) {
    if (!temporary_.empty()) ::unlink(temporary_.c_str());
    release();
    throw;
  }
}

void AtomicOutput::check_destination(bool overwrite) const {
  const std::string name = requested_.string();
  struct stat existing{};
  if (::lstat(destination_.c_str(), &existing) != 0) return;
  if (!S_ISREG(existing.st_mode)) {
    throw OutputError(name + ": not a regular file (a device, FIFO or socket); rapport never replaces one");
  }
  if (!overwrite) throw OutputError(name + ": output exists; pass --force to replace it");
}

void AtomicOutput::claim() {
  const std::string name = requested_.string();
  claim_ = hidden_sibling(destination_, ".claim");
  // A claim file unlinked by its holder between our open and our lock is no claim:
  // lock again until the locked file is the one the name points to.
  for (int attempt = 0;; ++attempt) {
    const int fd = ::open(claim_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666);
    if (fd < 0) throw OutputError(name + ": cannot write in " + directory_.string() + ": " + os_reason(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int error_number = errno;
      const std::string holder = claim_holder(fd);
      ::close(fd);
      if (error_number == EWOULDBLOCK) {
        throw OutputError(name + ": another rapport process" + (holder.empty() ? "" : " (pid " + holder + ")") +
                          " is writing this output; wait for it to finish or stop it");
      }
      throw OutputError(name + ": cannot lock " + claim_.string() + ": " + os_reason(error_number));
    }
    if (same_inode(fd, claim_)) {
      claim_fd_ = fd;
      break;
    }
    ::close(fd);
    if (attempt == 99) throw OutputError(name + ": cannot claim the output: " + claim_.string() + " keeps changing");
  }
  // Records who holds the claim; also the first byte written, so a full disk shows here.
  const std::string pid = std::to_string(::getpid());
  if (::ftruncate(claim_fd_, 0) != 0 || ::pwrite(claim_fd_, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
    const int error_number = errno;
    release();
    throw OutputError(name + ": cannot write in " + directory_.string() + ": " + os_reason(error_number));
  }
}

void AtomicOutput::release() noexcept {
  if (claim_fd_ < 0) return;
  ::unlink(claim_.c_str());  // while still locked: a process waiting on this file sees it is gone
  ::close(claim_fd_);
  claim_fd_ = -1;
}

AtomicOutput::~AtomicOutput() {
  if (!committed_ && !temporary_.empty()) ::unlink(temporary_.c_str());
  release();
}

void AtomicOutput::commit() {
  const std::string name = requested_.string();
  sync_to_disk(temporary_, name + ": cannot flush the output to disk");
  if (::rename(temporary_.c_str(), destination_.c_str()) != 0) {
    throw OutputError(name + ": cannot move the output into place: " + os_reason(errno));
  }
  committed_ = true;
  sync_to_disk(directory_, name + ": cannot flush the directory to disk");
}

}  // namespace rapport::sim
