// What `rapport report` shows, computed from a rapport HDF5 file and serialised as JSON for
// the page's charts: the run's description, summaries against a baseline, per-day bands of
// every metric and of the paired differences, sweeps with their sensitivity indices,
// calibrations, and any other tables the file holds (found by shape, not by name, so that
// outputs added later are shown without changing this code).
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

namespace rapport::analysis {

struct ReportOptions {
  std::optional<std::string> baseline;  // default: decline_all when the file has it
  std::string generator;                // the rapport version writing the report
  std::size_t max_points = 400;         // per plotted series; longer runs show every k-th day
  std::size_t max_table_rows = 50;      // generic tables beyond this show their first rows
};

// The first scenario a comparison is made against when none is named.
inline constexpr const char* kDefaultBaseline = "decline_all";

// Throws ResultsFileError (not a readable rapport file) or AnalysisInputError (unknown or
// unpairable baseline).
std::string report_json(const std::filesystem::path& results, const ReportOptions& options);

}  // namespace rapport::analysis
