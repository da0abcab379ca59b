// What memory the machine can give a run, so that an impossible size is refused before
// anything is allocated (the kernel would otherwise overcommit and kill the process later).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace rapport::sim {

// MemAvailable of /proc/meminfo in bytes; nullopt where the kernel does not say.
std::optional<std::uint64_t> available_memory_bytes();

// Has the C library keep memory a run frees for the next run of the process instead of
// handing it back to the kernel. Runs in a sweep, a calibration or a decision allocate and
// free the same sizes over and over, and memory fresh from the kernel costs a page fault
// per page on first touch, which on virtual machines can cost more than the run's days.
// Call once at the start of the process, before threads start.
void keep_freed_memory_for_reuse();

// "1.4 GiB", "730 MiB": for messages.
std::string readable_bytes(std::uint64_t bytes);

}  // namespace rapport::sim
