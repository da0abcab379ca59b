// The report page's scripts and style, compiled into the binary (embed_assets.cmake):
// Vega 5 from Debian's libjs-vega behind a module shim, the page's own script, its style.
#pragma once

#include <string_view>

namespace rapport::analysis::report_assets {

extern const std::string_view kVega;    // defines the global `vega`
extern const std::string_view kScript;  // draws the report from the JSON data element
extern const std::string_view kStyle;

}  // namespace rapport::analysis::report_assets
