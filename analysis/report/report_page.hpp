// The self-contained HTML page of `rapport report`: Vega, the page's script and style and
// the report's data, all inline; a Content-Security-Policy forbids the page any request.
#pragma once

#include <filesystem>
#include <string>

#include "analysis/report/report_data.hpp"

namespace rapport::analysis {

// `data_json` is the output of report_json(); `title` names the results file.
std::string report_page(const std::string& data_json, const std::string& title);

// The page of the file `results` written to `output`. The output is checked (and its temporary
// created) before any reading and renamed into place only when complete, so a failure never
// leaves half a page or loses an old one. Throws sim::OutputError (output exists without
// `force`, unwritable), ResultsFileError or sim::Hdf5Error (unreadable results) and
// AnalysisInputError (e.g. an unknown baseline).
void write_report(const std::filesystem::path& results, const std::filesystem::path& output,
                  const ReportOptions& options, bool force);

}  // namespace rapport::analysis
