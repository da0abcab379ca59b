// Runs a shell command (usually the rapport CLI) from a test; one copy of the spawn-and-capture code.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <string>
#include <vector>

extern char** environ;

namespace rapport::test {

struct CommandResult {
  int exit_code = -1;  // -1 when the command could not be started or did not exit normally
  std::string out;     // stdout (with stderr in it too for a command ending in "2>&1")
  std::string err;     // stderr
};

// `word` in single quotes for /bin/sh, embedded single quotes escaped.
inline std::string shell_quoted(const std::string& word) {
  std::string quoted = "'";
  for (const char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// `program` and each of `args` shell-quoted, separated by spaces. Appended piece by piece:
// GCC 12 warns falsely (-Wrestrict) on chained concatenation.
inline std::string command_line(const std::string& program, const std::vector<std::string>& args) {
  std::string command = shell_quoted(program);
  for (const auto& a : args) {
    command += ' ';
    command += shell_quoted(a);
  }
  return command;
}

// Runs `command` through `/bin/sh -c` (as popen and system do) and waits for it, reading
// its stdout and stderr through two pipes until both are closed.
inline CommandResult run_command(const std::string& command) {
  CommandResult result;
  int out_pipe[2];
  int err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) return result;
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    return result;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
  const char* argv[] = {"sh", "-c", command.c_str(), nullptr};
  pid_t pid = -1;
  const int spawned = ::posix_spawn(&pid, "/bin/sh", &actions, nullptr, const_cast<char* const*>(argv), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (spawned == 0) {
    std::array<pollfd, 2> readable{{{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}}};
    std::array<std::string*, 2> sinks{&result.out, &result.err};
    std::array<char, 4096> buffer{};
    for (int open = 2; open > 0;) {
      if (::poll(readable.data(), readable.size(), -1) < 0) {
        if (errno == EINTR) continue;
        break;
      }
      for (std::size_t i = 0; i < readable.size(); ++i) {
        if (readable[i].fd < 0 || readable[i].revents == 0) continue;
        const ssize_t n = ::read(readable[i].fd, buffer.data(), buffer.size());
        if (n > 0) {
          sinks[i]->append(buffer.data(), static_cast<std::size_t>(n));
        } else if (n == 0 || errno != EINTR) {
          readable[i].fd = -1;  // end of file (or a read error): poll ignores it from now on
          --open;
        }
      }
    }
    int status = 0;
    pid_t waited = -1;
    do {
      waited = ::waitpid(pid, &status, 0);
    } while (waited < 0 && errno == EINTR);
    if (waited == pid && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  }
  ::close(out_pipe[0]);
  ::close(err_pipe[0]);
  return result;
}

}  // namespace rapport::test
