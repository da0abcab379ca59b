// The self-contained HTML page of `rapport report`: Vega, the page's script and style and
// the report's data, all inline; a Content-Security-Policy forbids the page any request.
#pragma once

#include <string>

namespace rapport::analysis {

// `data_json` is the output of report_json(); `title` names the results file.
std::string report_page(const std::string& data_json, const std::string& title);

}  // namespace rapport::analysis
