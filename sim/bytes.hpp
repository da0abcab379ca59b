// Flat byte buffers for results that cross a process boundary or land in a run journal:
// trivially copyable values, vectors of them and strings, in native byte order (the
// processes of one MPI job, and a journal and its resume, run on the same architecture).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace rapport::sim {

using Bytes = std::vector<char>;

class ByteWriter {
 public:
  template <class T>
    requires std::is_trivially_copyable_v<T>
  void put(const T& value) {
    const auto* p = reinterpret_cast<const char*>(&value);
    bytes_.insert(bytes_.end(), p, p + sizeof(T));
  }
  template <class T>
    requires std::is_trivially_copyable_v<T>
  void put(const std::vector<T>& values) {
    put<std::uint64_t>(values.size());
    const auto* p = reinterpret_cast<const char*>(values.data());
    bytes_.insert(bytes_.end(), p, p + values.size() * sizeof(T));
  }
  void put(const std::string& text) {
    put<std::uint64_t>(text.size());
    bytes_.insert(bytes_.end(), text.begin(), text.end());
  }
  void put(const std::vector<std::string>& texts) {
    put<std::uint64_t>(texts.size());
    for (const auto& t : texts) put(t);
  }
  [[nodiscard]] Bytes take() { return std::move(bytes_); }

 private:
  Bytes bytes_;
};

// Reads what a ByteWriter wrote, in the same order; throws std::runtime_error if the
// buffer is shorter than what is asked of it.
class ByteReader {
 public:
  explicit ByteReader(std::span<const char> bytes) : bytes_(bytes) {}
  template <class T>
    requires std::is_trivially_copyable_v<T>
  T get() {
    T value;
    std::memcpy(&value, take(sizeof(T)), sizeof(T));
    return value;
  }
  template <class T>
    requires std::is_trivially_copyable_v<T>
  std::vector<T> get_vector() {
    const auto n = get<std::uint64_t>();
    if (n > bytes_.size() / sizeof(T)) throw std::runtime_error("byte buffer: vector longer than the buffer");
    std::vector<T> values(n);
    const char* source = take(n * sizeof(T));
    if (n > 0) std::memcpy(values.data(), source, n * sizeof(T));  // an empty vector's data() may be null
    return values;
  }
  std::string get_string() {
    const auto n = get<std::uint64_t>();
    const char* p = take(n);
    return {p, p + n};
  }
  std::vector<std::string> get_strings() {
    const auto n = get<std::uint64_t>();
    if (n > bytes_.size() - offset_) throw std::runtime_error("byte buffer: list longer than the buffer");
    std::vector<std::string> texts;
    texts.reserve(n);
    for (std::uint64_t i = 0; i < n; ++i) texts.push_back(get_string());
    return texts;
  }
  [[nodiscard]] bool done() const { return offset_ == bytes_.size(); }

 private:
  const char* take(std::size_t n) {
    if (n > bytes_.size() - offset_) throw std::runtime_error("byte buffer: read past the end");
    const char* p = bytes_.data() + offset_;
    offset_ += n;
    return p;
  }
  std::span<const char> bytes_;
  std::size_t offset_ = 0;
};

}  // namespace rapport::sim
