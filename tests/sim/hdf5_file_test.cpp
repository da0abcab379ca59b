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
