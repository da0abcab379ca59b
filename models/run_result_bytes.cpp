// RunResult <-> bytes, field by field in declaration order (model.hpp).
#include <stdexcept>

#include "models/model.hpp"

namespace rapport::models {
namespace {

// Every per-physician column, in one place, so writing and reading cannot disagree.
template <class Table, class Visit>
void for_each_number_column(Table& table, Visit&& visit) {
  for (auto* column : {&table.findable, &table.panel_size, &table.requests_received, &table.minutes_per_day,
                       &table.overtime_minutes, &table.breaches, &table.complaints, &table.personal_friends,
                       &table.page_followers, &table.portal_users}) {
    visit(*column);
  }
}

}  // namespace

sim::Bytes to_bytes(const RunResult& result) {
  sim::ByteWriter writer;
  writer.put(static_cast<std::uint64_t>(result.series.n_days()));
  writer.put(result.series.values());
  writer.put(result.physicians.policy);
  writer.put(result.physicians.specialty);
  for_each_number_column(result.physicians, [&](const std::vector<double>& column) { writer.put(column); });
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
  result.physicians.policy = reader.get_strings();
  result.physicians.specialty = reader.get_strings();
  for_each_number_column(result.physicians, [&](std::vector<double>& column) { column = reader.get_vector<double>(); });
  result.trust_histogram = reader.get_vector<double>();
  result.adherence_histogram = reader.get_vector<double>();
  if (!reader.done()) throw std::runtime_error("run result: trailing bytes");
  return result;
}

}  // namespace rapport::models
