// What memory the machine can give a run, so that an impossible size is refused before
// anything is allocated (the kernel would otherwise overcommit and kill the process later).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace rapport::sim {

// MemAvailable of /proc/meminfo in bytes; nullopt where the kernel does not say.
std::optional<std::uint64_t> available_memory_bytes();

// "1.4 GiB", "730 MiB": for messages.
std::string readable_bytes(std::uint64_t bytes);

}  // namespace rapport::sim
