#include "sim/hdf5_file.hpp"

#include <algorithm>
#include <limits>
#include <system_error>
#include <utility>

namespace rapport::sim {
namespace {

// HDF5 prints its own error stack by default; rapport reports errors itself.
// HDF5's exit-time clean-up is switched off (before the library starts, the only time
// it can be): after a failed H5Fclose (e.g. on a full disk) HDF5 1.10 keeps a broken
// file entry that crashes that clean-up. Files are closed explicitly before exit.
void silence_hdf5_once() {
  static const bool silenced = [] {
    H5dont_atexit();
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    return true;
  }();
  (void)silenced;
}

// The operating system's reason for the innermost failure on HDF5's error stack, if
// there is one (e.g. "No space left on device"): HDF5's file drivers record errno's
// text inside their own message as "error message = '...'".
std::string system_reason_on_error_stack() {
  std::string reason;
  const auto visit = [](unsigned, const H5E_error2_t* entry, void* data) -> herr_t {
    auto& found = *static_cast<std::string*>(data);
    const std::string_view text = entry->desc ? entry->desc : "";
    const std::string_view marker = "error message = '";
    if (const auto start = text.find(marker); found.empty() && start != std::string_view::npos) {
      const auto rest = text.substr(start + marker.size());
      found = std::string(rest.substr(0, rest.find('\'')));
    }
    return 0;
  };
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, visit, &reason);
  return reason;
}

std::string failure(const std::string& what) {
  const std::string reason = system_reason_on_error_stack();
  return "HDF5: " + what + " failed" + (reason.empty() ? "" : ": " + reason);
}

void check(herr_t status, const std::string& what) {
  if (status < 0) throw Hdf5Error(failure(what));
}

// rapport writes every dataset in full, so a dataset or attribute can never hold more
// values than its bytes in the file allow. Deflate expands at most about 1032-fold; a
// damaged or crafted header claiming more would make the reader allocate wildly.
constexpr std::uint64_t kMaxExpansion = 1100;

void check_plausible_size(std::uint64_t nominal_bytes, std::uint64_t stored_bytes, std::uint64_t file_bytes,
                          const std::string& what) {
  const std::uint64_t storable = std::min(stored_bytes, file_bytes);
  if (nominal_bytes / kMaxExpansion > storable) {
    throw Hdf5Error(what + " claims " + std::to_string(nominal_bytes) + " bytes but the file stores " +
                    std::to_string(storable) + " (damaged file)");
  }
}

H5Id string_type(std::size_t length) {
  H5Id type(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
  check(H5Tset_size(type.get(), std::max<std::size_t>(length, 1)), "string size");
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "string charset");
  return type;
}

H5Id open_object(hid_t file, const std::string& object) {
  return H5Id(H5Oopen(file, object.c_str(), H5P_DEFAULT), H5Oclose, "open " + object);
}

H5Id open_attribute(hid_t file, const std::string& object, const std::string& name) {
  return H5Id(H5Aopen_by_name(file, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
              "attribute " + name + " of " + object);
}

void write_attribute(hid_t file, const std::string& object, const std::string& name, hid_t type,
                     const void* data) {
  const H5Id obj = open_object(file, object);
  if (H5Aexists(obj.get(), name.c_str()) > 0) check(H5Adelete(obj.get(), name.c_str()), "replace attribute " + name);
  const H5Id space(H5Screate(H5S_SCALAR), H5Sclose, "scalar space");
  const H5Id attribute(H5Acreate2(obj.get(), name.c_str(), type, space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                      "create attribute " + name);
  check(H5Awrite(attribute.get(), type, data), "write attribute " + name);
}

std::string type_signature(hid_t type) {
  const char* kind = "other";
  switch (H5Tget_class(type)) {
    case H5T_INTEGER: kind = "integer"; break;
    case H5T_FLOAT: kind = "float"; break;
    case H5T_STRING: kind = "string"; break;
    default: break;
  }
  if (H5Tis_variable_str(type) > 0 || H5Tdetect_class(type, H5T_VLEN) > 0) {
    throw Hdf5Error("HDF5: variable-length data cannot be read as raw bytes");
  }
  return std::string(kind) + " " + std::to_string(H5Tget_size(type));
}

std::vector<std::size_t> extent(hid_t space) {
  const int rank = H5Sget_simple_extent_ndims(space);
  if (rank < 0) throw Hdf5Error("HDF5: dataspace rank");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  return {dims.begin(), dims.end()};
}

}  // namespace

H5Id::H5Id(hid_t id, Closer closer, const std::string& what) : id_(id), closer_(closer) {
  if (id < 0) throw Hdf5Error(failure(what));
}
H5Id::H5Id(H5Id&& other) noexcept : id_(other.id_), closer_(other.closer_) { other.id_ = H5I_INVALID_HID; }
H5Id& H5Id::operator=(H5Id&& other) noexcept {
  if (this != &other) {
    close();
    id_ = other.id_;
    closer_ = other.closer_;
    other.id_ = H5I_INVALID_HID;
  }
  return *this;
}
H5Id::~H5Id() { close(); }
void H5Id::close() {
  if (id_ >= 0 && closer_) closer_(id_);
  id_ = H5I_INVALID_HID;
}
void H5Id::close_or_throw(const std::string& what) {
  const hid_t id = std::exchange(id_, H5I_INVALID_HID);
  if (id >= 0 && closer_) check(closer_(id), what);
}

std::uint64_t Hdf5File::file_size() const {
  hsize_t size = 0;
  check(H5Fget_filesize(file_.get(), &size), "size of " + path_.string());
  return size;
}

Hdf5File::Hdf5File(const std::filesystem::path& path, Mode mode) : path_(path) {
  silence_hdf5_once();
  const std::string name = path.string();
  switch (mode) {
    case Mode::kCreate:
      file_ = H5Id(H5Fcreate(name.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose, "create " + name);
      break;
    case Mode::kReadOnly:
    case Mode::kReadWrite:
      // A FIFO or device would block or mislead HDF5: only regular files are read.
      if (std::error_code error; !std::filesystem::is_regular_file(path, error)) {
        throw Hdf5Error(name + ": not a regular file");
      }
      if (H5Fis_hdf5(name.c_str()) <= 0) {
        throw Hdf5Error(name + ": not a readable HDF5 file");
      }
      file_ = H5Id(H5Fopen(name.c_str(), mode == Mode::kReadOnly ? H5F_ACC_RDONLY : H5F_ACC_RDWR, H5P_DEFAULT),
                   H5Fclose, "open " + name);
      break;
  }
}

void Hdf5File::create_group(const std::string& path) {
  const H5Id lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose, "link property list");
  check(H5Pset_create_intermediate_group(lcpl.get(), 1), "intermediate groups");
  const H5Id group(H5Gcreate2(file_.get(), path.c_str(), lcpl.get(), H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
                   "create group " + path);
}

bool Hdf5File::exists(const std::string& path) const {
  if (path == "/") return true;
  std::size_t pos = 0;
  while ((pos = path.find('/', pos + 1)) != std::string::npos) {
    if (H5Lexists(file_.get(), path.substr(0, pos).c_str(), H5P_DEFAULT) <= 0) return false;
  }
  return H5Lexists(file_.get(), path.c_str(), H5P_DEFAULT) > 0;
}

std::vector<std::string> Hdf5File::children(const std::string& group) const {
  std::vector<std::string> names;
  const H5Id g(H5Gopen2(file_.get(), group.c_str(), H5P_DEFAULT), H5Gclose, "open group " + group);
  H5G_info_t info;
  check(H5Gget_info(g.get(), &info), "group info " + group);
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    const ssize_t size = H5Lget_name_by_idx(g.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    if (size < 0) throw Hdf5Error(failure("name of link " + std::to_string(i) + " in " + group));
    std::string name(static_cast<std::size_t>(size), '\0');
    H5Lget_name_by_idx(g.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(), name.size() + 1, H5P_DEFAULT);
    names.push_back(name);
  }
  return names;
}

Hdf5File::ObjectKind Hdf5File::kind(const std::string& path) const {
  // H5Iget_type on an opened object works the same in HDF5 1.10 and 1.12+.
  const H5Id object = open_object(file_.get(), path);
  switch (H5Iget_type(object.get())) {
    case H5I_GROUP: return ObjectKind::kGroup;
    case H5I_DATASET: return ObjectKind::kDataset;
    default: return ObjectKind::kOther;
  }
}

unsigned Hdf5File::link_count(const std::string& path) const {
#if H5_VERSION_GE(1, 12, 0)
  H5O_info2_t info{};
  check(H5Oget_info_by_name3(file_.get(), path.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT), "links to " + path);
#else
  H5O_info_t info{};
  check(H5Oget_info_by_name2(file_.get(), path.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT), "links to " + path);
#endif
  return info.rc;
}

std::vector<std::string> Hdf5File::attribute_names(const std::string& object) const {
  const H5Id obj = open_object(file_.get(), object);
  std::vector<std::string> names;
  const auto collect = [](hid_t, const char* name, const H5A_info_t*, void* data) -> herr_t {
    static_cast<std::vector<std::string>*>(data)->emplace_back(name);
    return 0;
  };
  hsize_t index = 0;
  check(H5Aiterate2(obj.get(), H5_INDEX_NAME, H5_ITER_INC, &index, collect, &names), "attributes of " + object);
  return names;
}

void Hdf5File::set_attribute(const std::string& object, const std::string& name, const std::string& value) {
  // Variable-length UTF-8, as h5py writes them, so that h5py reads them back as str (format 2;
  // format 1 stored fixed-length strings, which h5py returns as bytes).
  const H5Id type(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
  check(H5Tset_size(type.get(), H5T_VARIABLE), "variable string");
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "string charset");
  const char* text = value.c_str();
  write_attribute(file_.get(), object, name, type.get(), &text);
}
void Hdf5File::set_attribute(const std::string& object, const std::string& name, std::int64_t value) {
  write_attribute(file_.get(), object, name, H5T_NATIVE_INT64, &value);
}
void Hdf5File::set_attribute(const std::string& object, const std::string& name, double value) {
  write_attribute(file_.get(), object, name, H5T_NATIVE_DOUBLE, &value);
}

bool Hdf5File::has_attribute(const std::string& object, const std::string& name) const {
  if (!exists(object)) return false;
  return H5Aexists_by_name(file_.get(), object.c_str(), name.c_str(), H5P_DEFAULT) > 0;
}

std::string Hdf5File::string_attribute(const std::string& object, const std::string& name) const {
  const H5Id attribute = open_attribute(file_.get(), object, name);
  const H5Id type(H5Aget_type(attribute.get()), H5Tclose, "attribute type");
  if (H5Tget_class(type.get()) != H5T_STRING) throw Hdf5Error(object + " attribute " + name + " is not a string");
  if (H5Tis_variable_str(type.get()) > 0) {
    char* text = nullptr;
    const H5Id memtype(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
    check(H5Tset_size(memtype.get(), H5T_VARIABLE), "variable string");
    // h5py writes UTF-8; HDF5 converts no string between character sets.
    check(H5Tset_cset(memtype.get(), H5Tget_cset(type.get())), "string charset");
    check(H5Aread(attribute.get(), memtype.get(), &text), "read attribute " + name);
    std::string value = text ? text : "";
    H5free_memory(text);
    return value;
  }
  check_plausible_size(H5Tget_size(type.get()), H5Aget_storage_size(attribute.get()), file_size(),
                       object + " attribute " + name);
  std::string value(H5Tget_size(type.get()), '\0');
  check(H5Aread(attribute.get(), type.get(), value.data()), "read attribute " + name);
  value.erase(std::find(value.begin(), value.end(), '\0'), value.end());
  return value;
}

std::int64_t Hdf5File::integer_attribute(const std::string& object, const std::string& name) const {
  const H5Id attribute = open_attribute(file_.get(), object, name);
  std::int64_t value = 0;
  check(H5Aread(attribute.get(), H5T_NATIVE_INT64, &value), "read attribute " + name);
  return value;
}

void Hdf5File::write_numeric(const std::string& path, hid_t type, const std::vector<hsize_t>& dims,
                             const void* data) {
  const H5Id space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose, "dataspace");
  const H5Id dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "dataset property list");
  const hsize_t element_bytes = H5Tget_size(type);
  hsize_t bytes = element_bytes;
  for (const hsize_t d : dims) bytes *= d;
  // Small datasets are stored as they are: compressing costs zlib a fresh 256 KiB state per
  // chunk, far more than the bytes it would save. Larger ones are cut into chunks of whole
  // rows (whole time series) of about kChunkBytes, shuffled and deflated.
  constexpr hsize_t kSmallDatasetBytes = 4 << 10;
  constexpr hsize_t kChunkBytes = 256 << 10;
  if (bytes >= kSmallDatasetBytes) {
    std::vector<hsize_t> chunk(dims);
    if (dims.size() == 1) {
      chunk[0] = std::min<hsize_t>(dims[0], kChunkBytes / element_bytes);
    } else {
      const hsize_t row_bytes = bytes / dims[0];
      chunk[0] = std::clamp<hsize_t>(kChunkBytes / row_bytes, 1, dims[0]);
      chunk[1] = std::min<hsize_t>(dims[1], kChunkBytes / element_bytes);
    }
    check(H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data()), "chunking " + path);
    check(H5Pset_shuffle(dcpl.get()), "shuffle " + path);
    check(H5Pset_deflate(dcpl.get(), 4), "deflate " + path);
  }
  const H5Id lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose, "link property list");
  check(H5Pset_create_intermediate_group(lcpl.get(), 1), "intermediate groups");
  H5Id dataset(H5Dcreate2(file_.get(), path.c_str(), type, space.get(), lcpl.get(), dcpl.get(), H5P_DEFAULT),
                     H5Dclose, "create dataset " + path);
  if (bytes > 0) check(H5Dwrite(dataset.get(), type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "write " + path);
  // Chunks wait in HDF5's cache until the dataset closes; a full disk shows up here.
  dataset.close_or_throw("write " + path);
}

void Hdf5File::write_matrix(const std::string& path, const Matrix& matrix) {
  write_numeric(path, H5T_NATIVE_DOUBLE, {matrix.rows, matrix.cols}, matrix.values.data());
}
void Hdf5File::write_vector(const std::string& path, const std::vector<double>& values) {
  write_numeric(path, H5T_NATIVE_DOUBLE, {values.size()}, values.data());
}
void Hdf5File::write_vector(const std::string& path, const std::vector<std::int64_t>& values) {
  write_numeric(path, H5T_NATIVE_INT64, {values.size()}, values.data());
}

void Hdf5File::write_strings(const std::string& path, std::size_t rows, std::size_t cols,
                             const std::vector<std::string>& values) {
  write_strings_shaped(path, {rows, cols}, values);
}

void Hdf5File::write_strings(const std::string& path, const std::vector<std::string>& values) {
  write_strings_shaped(path, {values.size()}, values);
}

// Fixed-length, NUL-padded strings as wide as the longest value (at least 1 byte).
void Hdf5File::write_strings_shaped(const std::string& path, const std::vector<hsize_t>& shape,
                                    const std::vector<std::string>& values) {
  std::size_t width = 1;
  for (const auto& v : values) width = std::max(width, v.size());
  std::vector<char> packed(values.size() * width, '\0');
  for (std::size_t i = 0; i < values.size(); ++i) std::copy(values[i].begin(), values[i].end(), &packed[i * width]);
  const H5Id type = string_type(width);
  check(H5Tset_strpad(type.get(), H5T_STR_NULLPAD), "string padding");
  write_numeric(path, type.get(), shape, packed.data());
}

RawData Hdf5File::read_raw(const std::string& path) const {
  const H5Id dataset(H5Dopen2(file_.get(), path.c_str(), H5P_DEFAULT), H5Dclose, "open dataset " + path);
  const H5Id type(H5Dget_type(dataset.get()), H5Tclose, "type of " + path);
  const H5Id space(H5Dget_space(dataset.get()), H5Sclose, "dataspace of " + path);
  RawData raw{type_signature(type.get()), extent(space.get()), {}};
  const auto n_bytes = static_cast<std::uint64_t>(H5Sget_simple_extent_npoints(space.get())) * H5Tget_size(type.get());
  check_plausible_size(n_bytes, H5Dget_storage_size(dataset.get()), file_size(), path);
  raw.bytes.resize(n_bytes);
  // Reading in the file's own type converts nothing, so the bytes are the stored ones.
  if (!raw.bytes.empty()) {
    check(H5Dread(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.bytes.data()), "read " + path);
  }
  return raw;
}

RawData Hdf5File::read_raw_attribute(const std::string& object, const std::string& name) const {
  const H5Id attribute = open_attribute(file_.get(), object, name);
  const H5Id type(H5Aget_type(attribute.get()), H5Tclose, "attribute type");
  if (H5Tget_class(type.get()) == H5T_STRING && H5Tis_variable_str(type.get()) > 0) {
    const std::string text = string_attribute(object, name);
    return {"string variable", {}, {text.begin(), text.end()}};
  }
  const H5Id space(H5Aget_space(attribute.get()), H5Sclose, "attribute space");
  RawData raw{type_signature(type.get()), extent(space.get()), {}};
  const auto n_bytes = static_cast<std::uint64_t>(H5Sget_simple_extent_npoints(space.get())) * H5Tget_size(type.get());
  check_plausible_size(n_bytes, H5Aget_storage_size(attribute.get()), file_size(), object + " attribute " + name);
  raw.bytes.resize(n_bytes);
  if (!raw.bytes.empty()) check(H5Aread(attribute.get(), type.get(), raw.bytes.data()), "read attribute " + name);
  return raw;
}

std::vector<std::size_t> Hdf5File::shape(const std::string& path) const {
  const H5Id dataset(H5Dopen2(file_.get(), path.c_str(), H5P_DEFAULT), H5Dclose, "open dataset " + path);
  const H5Id space(H5Dget_space(dataset.get()), H5Sclose, "dataspace of " + path);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0) throw Hdf5Error("HDF5: rank of " + path);
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  return {dims.begin(), dims.end()};
}

Matrix Hdf5File::read_matrix(const std::string& path) const {
  const auto dims = shape(path);
  if (dims.empty() || dims.size() > 2) throw Hdf5Error(path_.string() + ": " + path + " is not a 1-D or 2-D dataset");
  Matrix matrix;
  matrix.rows = dims.size() == 2 ? dims[0] : 1;
  matrix.cols = dims.back();
  const H5Id dataset(H5Dopen2(file_.get(), path.c_str(), H5P_DEFAULT), H5Dclose, "open dataset " + path);
  const H5Id type(H5Dget_type(dataset.get()), H5Tclose, "type of " + path);
  if (matrix.cols != 0 && matrix.rows > std::numeric_limits<std::uint64_t>::max() / sizeof(double) / matrix.cols) {
    throw Hdf5Error(path_.string() + ": " + path + " has an impossible shape (damaged file)");
  }
  // Converted values are doubles; stored ones may be narrower, so bound by the stored element size.
  check_plausible_size(std::uint64_t{matrix.rows} * matrix.cols * std::min(H5Tget_size(type.get()), sizeof(double)),
                       H5Dget_storage_size(dataset.get()), file_size(), path);
  matrix.values.resize(matrix.rows * matrix.cols);
  if (!matrix.values.empty()) {
    check(H5Dread(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, matrix.values.data()),
          "read " + path);
  }
  return matrix;
}

std::vector<std::string> Hdf5File::read_strings(const std::string& path) const {
  const auto raw = read_raw(path);
  if (raw.type.rfind("string ", 0) != 0) throw Hdf5Error(path_.string() + ": " + path + " does not hold strings");
  const auto width = static_cast<std::size_t>(std::stoul(raw.type.substr(raw.type.find(' ') + 1)));
  std::vector<std::string> values;
  for (std::size_t offset = 0; width > 0 && offset + width <= raw.bytes.size(); offset += width) {
    std::string value(reinterpret_cast<const char*>(raw.bytes.data() + offset), width);
    value.erase(value.find_last_not_of('\0') + 1);
    values.push_back(value);
  }
  return values;
}

void Hdf5File::remove(const std::string& path) {
  if (exists(path)) check(H5Ldelete(file_.get(), path.c_str(), H5P_DEFAULT), "delete " + path);
}

}  // namespace rapport::sim
