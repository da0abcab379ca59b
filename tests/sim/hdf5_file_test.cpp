// Hdf5File round trips, and what it refuses to open.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <sys/stat.h>

#include "sim/hdf5_columns.hpp"
#include "sim/hdf5_file.hpp"
#include "tests/support/file_contents.hpp"
#include "tests/support/temporary_directory.hpp"

namespace rapport::sim {
namespace {

namespace fs = std::filesystem;

class Hdf5FileTest : public ::testing::Test {
 protected:
  test::TemporaryDirectory dir_{"rapport-h5"};
};

TEST_F(Hdf5FileTest, MatrixAndAttributesRoundTrip) {
  const auto path = dir_ / "a.h5";
  const Matrix m{2, 3, {0.1, 0.2, 1.0 / 3.0, -4.5, 1e-300, 6.0}};
  {
    Hdf5File f(path, Hdf5File::Mode::kCreate);
    f.create_group("/g/h");
    f.write_matrix("/g/h/m", m);
    f.set_attribute("/g/h/m", "units", std::string("minutes/day"));
    f.set_attribute("/g", "count", std::int64_t{42});
  }
  const Hdf5File f(path, Hdf5File::Mode::kReadOnly);
  EXPECT_TRUE(f.exists("/g/h/m"));
  EXPECT_FALSE(f.exists("/g/x/m"));
  EXPECT_EQ(f.shape("/g/h/m"), (std::vector<std::size_t>{2, 3}));
  const auto back = f.read_matrix("/g/h/m");
  EXPECT_EQ(back.rows, 2u);
  EXPECT_EQ(back.cols, 3u);
  EXPECT_EQ(back.values, m.values);
  EXPECT_EQ(f.string_attribute("/g/h/m", "units"), "minutes/day");
  // Variable-length, as h5py writes strings, so h5py reads str (tests/e2e/read_with_h5py.py).
  const auto raw_units = f.read_raw_attribute("/g/h/m", "units");
  EXPECT_EQ(raw_units.type, "string variable");
  EXPECT_EQ(std::string(raw_units.bytes.begin(), raw_units.bytes.end()), "minutes/day");
  EXPECT_EQ(f.integer_attribute("/g", "count"), 42);
  EXPECT_EQ(f.children("/g"), (std::vector<std::string>{"h"}));
}

// How a dataset is laid out: (chunk dimensions, whether it is deflated); no chunks if contiguous.
std::pair<std::vector<hsize_t>, bool> layout_of(const fs::path& file, const std::string& dataset) {
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t d = H5Dopen2(f, dataset.c_str(), H5P_DEFAULT);
  const hid_t dcpl = H5Dget_create_plist(d);
  std::vector<hsize_t> chunk;
  if (H5Pget_layout(dcpl) == H5D_CHUNKED) {
    chunk.resize(static_cast<std::size_t>(H5Pget_chunk(dcpl, 0, nullptr)));
    H5Pget_chunk(dcpl, static_cast<int>(chunk.size()), chunk.data());
  }
  bool deflated = false;
  for (int k = 0; k < H5Pget_nfilters(dcpl); ++k) {
    unsigned flags = 0;
    std::size_t n_values = 0;
    deflated |= H5Pget_filter2(dcpl, static_cast<unsigned>(k), &flags, &n_values, nullptr, 0, nullptr, nullptr) ==
                H5Z_FILTER_DEFLATE;
  }
  H5Pclose(dcpl);
  H5Dclose(d);
  H5Fclose(f);
  return {chunk, deflated};
}

// Small datasets are stored as they are (compressing one costs zlib far more than it saves);
// larger ones are deflated in chunks of whole rows of about 256 KiB, and read back the same.
TEST_F(Hdf5FileTest, SmallDatasetsAreContiguousAndLargeOnesDeflatedInChunksOfWholeRows) {
  const auto path = dir_ / "layout.h5";
  const Matrix small{2, 100, std::vector<double>(200, 0.25)};
  Matrix series{1000, 365, {}};  // 1,000 daily series of a year: 2.9 MB
  for (std::size_t k = 0; k < series.rows * series.cols; ++k) series.values.push_back(static_cast<double>(k % 97));
  {
    Hdf5File f(path, Hdf5File::Mode::kCreate);
    f.write_matrix("/small", small);
    f.write_matrix("/series", series);
  }
  EXPECT_EQ(layout_of(path, "/small"), (std::pair<std::vector<hsize_t>, bool>{{}, false}));
  // 256 KiB / (365 x 8 bytes) = 89 whole rows a chunk.
  EXPECT_EQ(layout_of(path, "/series"), (std::pair<std::vector<hsize_t>, bool>{{89, 365}, true}));
  const Hdf5File f(path, Hdf5File::Mode::kReadOnly);
  EXPECT_EQ(f.read_matrix("/small").values, small.values);
  EXPECT_EQ(f.read_matrix("/series").values, series.values);
  EXPECT_LT(fs::file_size(path), series.values.size() * sizeof(double) / 4);
}

// Each column becomes the 1-D dataset write_vector or write_strings would write by hand.
TEST_F(Hdf5FileTest, ColumnsOfRowsBecomeOneDatasetEach) {
  struct Row {
    std::string name;
    double value;
    std::size_t count;
    bool flag;
  };
  const std::vector<Row> rows{{"a", 0.5, 3, true}, {"bc", -1e-300, 0, false}};
  const auto path = dir_ / "columns.h5", by_hand = dir_ / "by_hand.h5";
  {
    Hdf5File f(path, Hdf5File::Mode::kCreate);
    f.create_group("/t");
    write_columns(f, "/t", rows, Column{"name", &Row::name}, Column{"value", &Row::value},
                  Column{"count", &Row::count}, Column{"flag", &Row::flag},
                  Column{"twice", [](const Row& r) { return 2 * r.value; }});
    Hdf5File h(by_hand, Hdf5File::Mode::kCreate);
    h.create_group("/t");
    h.write_strings("/t/name", {"a", "bc"});
    h.write_vector("/t/value", std::vector<double>{0.5, -1e-300});
    h.write_vector("/t/count", std::vector<std::int64_t>{3, 0});
    h.write_vector("/t/flag", std::vector<std::int64_t>{1, 0});
    h.write_vector("/t/twice", std::vector<double>{1.0, -2e-300});
  }
  const Hdf5File f(path, Hdf5File::Mode::kReadOnly), h(by_hand, Hdf5File::Mode::kReadOnly);
  for (const std::string column : {"name", "value", "count", "flag", "twice"}) {
    EXPECT_EQ(f.read_raw("/t/" + column), h.read_raw("/t/" + column)) << column;
  }
  EXPECT_EQ(f.read_raw("/t/count").type, h.read_raw("/t/count").type);
  EXPECT_EQ(f.read_strings("/t/name"), (std::vector<std::string>{"a", "bc"}));
}

TEST_F(Hdf5FileTest, AFifoIsRefusedWithoutWaitingForAWriter) {
  const auto fifo = dir_ / "results.h5";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_THROW(Hdf5File(fifo, Hdf5File::Mode::kReadOnly), Hdf5Error);
}

}  // namespace
}  // namespace rapport::sim
