// A thin RAII layer over the HDF5 C API: just the shapes rapport stores
// (string/number attributes, chunked and compressed 1-D and 2-D datasets).
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/matrix.hpp"

namespace rapport::sim {

class Hdf5Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Owns one HDF5 identifier and closes it with the matching function.
class H5Id {
 public:
  using Closer = herr_t (*)(hid_t);
  H5Id() = default;
  H5Id(hid_t id, Closer closer, const std::string& what);
  H5Id(const H5Id&) = delete;
  H5Id& operator=(const H5Id&) = delete;
  H5Id(H5Id&& other) noexcept;
  H5Id& operator=(H5Id&& other) noexcept;
  ~H5Id();
  [[nodiscard]] hid_t get() const { return id_; }
  void close();
  // Closes and reports failure, for closes that flush data (files, written datasets).
  void close_or_throw(const std::string& what);

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

// A dataset or attribute exactly as stored: its type, its shape and its bytes,
// so two files can be compared bit for bit without knowing what they hold.
struct RawData {
  std::string type;  // class and size, e.g. "float 8" or "string 12"; "string variable" holds its text
  std::vector<std::size_t> shape;
  std::vector<unsigned char> bytes;
  friend bool operator==(const RawData&, const RawData&) = default;
};

class Hdf5File {
 public:
  enum class Mode { kCreate, kReadOnly, kReadWrite };
  enum class ObjectKind { kGroup, kDataset, kOther };
  Hdf5File(const std::filesystem::path& path, Mode mode);

  void create_group(const std::string& path);
  [[nodiscard]] bool exists(const std::string& path) const;
  [[nodiscard]] std::vector<std::string> children(const std::string& group) const;
  [[nodiscard]] ObjectKind kind(const std::string& path) const;
  // How many hard links lead to the object: rapport writes 1; more can close a cycle.
  [[nodiscard]] unsigned link_count(const std::string& path) const;

  void set_attribute(const std::string& object, const std::string& name, const std::string& value);
  void set_attribute(const std::string& object, const std::string& name, std::int64_t value);
  void set_attribute(const std::string& object, const std::string& name, double value);
  [[nodiscard]] std::string string_attribute(const std::string& object, const std::string& name) const;
  [[nodiscard]] std::int64_t integer_attribute(const std::string& object, const std::string& name) const;
  [[nodiscard]] bool has_attribute(const std::string& object, const std::string& name) const;
  [[nodiscard]] std::vector<std::string> attribute_names(const std::string& object) const;

  // float64 [rows, cols], chunked by row and deflate-compressed.
  void write_matrix(const std::string& path, const Matrix& matrix);
  void write_vector(const std::string& path, const std::vector<double>& values);
  void write_vector(const std::string& path, const std::vector<std::int64_t>& values);
  void write_strings(const std::string& path, std::size_t rows, std::size_t cols, const std::vector<std::string>& values);
  void write_strings(const std::string& path, const std::vector<std::string>& values);  // 1-D
  [[nodiscard]] Matrix read_matrix(const std::string& path) const;
  // Fixed-length strings as written by write_strings, row-major whatever the rank.
  [[nodiscard]] std::vector<std::string> read_strings(const std::string& path) const;
  [[nodiscard]] std::vector<std::size_t> shape(const std::string& path) const;
  // Fixed-size types only (rapport writes no variable-length data).
  [[nodiscard]] RawData read_raw(const std::string& path) const;
  [[nodiscard]] RawData read_raw_attribute(const std::string& object, const std::string& name) const;
  // Deletes a link (group or dataset) if present, so a section can be rewritten.
  void remove(const std::string& path);

  // Flushes and closes; throws if anything could not be written (e.g. the disk is full).
  void close() { file_.close_or_throw("close " + path_.string()); }
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  void write_numeric(const std::string& path, hid_t type, const std::vector<hsize_t>& dims, const void* data);
  void write_strings_shaped(const std::string& path, const std::vector<hsize_t>& shape, const std::vector<std::string>& values);
  [[nodiscard]] std::uint64_t file_size() const;
  std::filesystem::path path_;
  H5Id file_;
};

}  // namespace rapport::sim
