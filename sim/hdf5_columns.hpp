// A table of rows written as one 1-D dataset per column: each column names its dataset
// and how to read its value from a row, so a struct's fields become datasets without a
// hand-kept vector per field.
//
//   sim::write_columns(file, group, targets,
//                      sim::Column{"statistic", &Target::statistic}, sim::Column{"value", &Target::value});
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "sim/hdf5_file.hpp"

namespace rapport::sim {

template <class Projection>
struct Column {
  std::string_view name;  // the dataset, inside the group
  Projection value;       // a row (or a pointer to one) -> a number, a bool or a string
};
template <class Projection>
Column(std::string_view, Projection) -> Column<Projection>;

namespace detail {

// Floating point becomes float64; integers and bools int64 (bools as 0/1); anything else a string.
template <class Rows, class Projection>
void write_column(Hdf5File& file, const std::string& path, const Rows& rows, const Projection& projection) {
  using Row = decltype(*std::begin(rows));
  using Value = std::remove_cvref_t<std::invoke_result_t<const Projection&, Row>>;
  if constexpr (std::is_floating_point_v<Value>) {
    std::vector<double> values;
    for (const auto& row : rows) values.push_back(static_cast<double>(std::invoke(projection, row)));
    file.write_vector(path, values);
  } else if constexpr (std::is_integral_v<Value>) {
    std::vector<std::int64_t> values;
    for (const auto& row : rows) values.push_back(static_cast<std::int64_t>(std::invoke(projection, row)));
    file.write_vector(path, values);
  } else {
    std::vector<std::string> values;
    for (const auto& row : rows) values.emplace_back(std::invoke(projection, row));
    file.write_strings(path, values);
  }
}

}  // namespace detail

template <class Rows, class... Projections>
void write_columns(Hdf5File& file, const std::string& group, const Rows& rows, const Column<Projections>&... columns) {
  (detail::write_column(file, group + "/" + std::string(columns.name), rows, columns.value), ...);
}

}  // namespace rapport::sim
