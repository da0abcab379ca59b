// RunResult <-> bytes, field by field in declaration order (model.hpp).
#include <stdexcept>
#include <type_traits>

#include "models/model.hpp"

namespace rapport::models {

sim::Bytes to_bytes(const RunResult& result) {
  sim::ByteWriter writer;
  writer.put(static_cast<std::uint64_t>(result.series.n_days()));
  writer.put(result.series.values());
  PhysicianTable::for_each_column(
      [&](std::string_view, std::string_view, auto column) { writer.put(result.physicians.*column); });
  writer.put(result.trust_histogram);
  writer.put(result.adherence_histogram);
  return writer.take();
}

RunResult run_result_from_bytes(const sim::Bytes& bytes) {
  sim::ByteReader reader(bytes);
  const auto days = reader.get<std::uint64_t>();
  RunResult result{sim::DailySeries(kMetricCount, days), {}, {}, {}};
  result.series.values() = reader.get_vector<double>();
  if (result.series.values().size() != kMetricCount * days) throw std::runtime_error("run result: series size");
  PhysicianTable::for_each_column([&](std::string_view, std::string_view, auto column) {
    auto& values = result.physicians.*column;
    if constexpr (std::is_same_v<std::decay_t<decltype(values)>, std::vector<std::string>>) {
      values = reader.get_strings();
    } else {
      values = reader.get_vector<double>();
    }
  });
  result.trust_histogram = reader.get_vector<double>();
  result.adherence_histogram = reader.get_vector<double>();
  if (!reader.done()) throw std::runtime_error("run result: trailing bytes");
  return result;
}

}  // namespace rapport::models
