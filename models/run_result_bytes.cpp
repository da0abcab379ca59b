// RunResult <-> bytes, field by field in declaration order (model.hpp, requesters.hpp).
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
  RequesterTable::for_each_column(
      [&](std::string_view, std::string_view, auto column) { writer.put(result.requesters.*column); });
  writer.put(result.requester_series.values());
  writer.put(result.totals);
  writer.put(result.arm_series.values());
  return writer.take();
}

RunResult run_result_from_bytes(const sim::Bytes& bytes) {
  sim::ByteReader reader(bytes);
  const auto days = reader.get<std::uint64_t>();
  RunResult result = RunResult::for_days(days);
  result.series.values() = reader.get_vector<double>();
  if (result.series.values().size() != kMetricCount * days) throw std::runtime_error("run result: series size");
  const auto read_column = [&](auto& values) {
    if constexpr (std::is_same_v<std::decay_t<decltype(values)>, std::vector<std::string>>) {
      values = reader.get_strings();
    } else {
      values = reader.get_vector<double>();
    }
  };
  PhysicianTable::for_each_column(
      [&](std::string_view, std::string_view, auto column) { read_column(result.physicians.*column); });
  result.trust_histogram = reader.get_vector<double>();
  result.adherence_histogram = reader.get_vector<double>();
  RequesterTable::for_each_column(
      [&](std::string_view, std::string_view, auto column) { read_column(result.requesters.*column); });
  result.requester_series.values() = reader.get_vector<double>();
  if (result.requester_series.values().size() != kRequesterSeriesRows * days) {
    throw std::runtime_error("run result: requester series size");
  }
  result.totals = reader.get<OutcomeTotals>();
  result.arm_series.values() = reader.get_vector<double>();
  if (result.arm_series.values().size() != kArmSeriesRows * days) throw std::runtime_error("run result: arm series size");
  if (!reader.done()) throw std::runtime_error("run result: trailing bytes");
  return result;
}

}  // namespace rapport::models
