// Reads a whole file into a string, byte for byte: how tests compare outputs and captured logs.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace rapport::test {

// The bytes of `file`; "" when it cannot be opened.
inline std::string file_contents(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

}  // namespace rapport::test
