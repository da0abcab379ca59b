#include "analysis/report/report_page.hpp"

#include <fstream>

#include "analysis/report/report_assets.hpp"
#include "sim/atomic_output.hpp"

namespace rapport::analysis {
namespace {

std::string escape_html(const std::string& text) {
  std::string escaped;
  for (const char c : text) {
    switch (c) {
      case '&': escaped += "&amp;"; break;
      case '<': escaped += "&lt;"; break;
      case '>': escaped += "&gt;"; break;
      case '"': escaped += "&quot;"; break;
      default: escaped += c;
    }
  }
  return escaped;
}

}  // namespace

std::string report_page(const std::string& data_json, const std::string& title) {
  std::string page;
  page.reserve(report_assets::kVega.size() + data_json.size() + 16384);
  // Vega compiles its expressions with Function(), hence 'unsafe-eval'; nothing may be fetched.
  page += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>rapport report: ";
  page += escape_html(title);
  page += "</title>\n<style>\n";
  page += report_assets::kStyle;
  page += "</style>\n</head>\n<body>\n<main id=\"report\"></main>\n"
          "<script type=\"application/json\" id=\"report-data\">";
  page += data_json;  // '<' is escaped by the JSON writer, so the element cannot end early
  page += "</script>\n<script>\n";
  page += report_assets::kVega;
  page += "</script>\n<script>\n";
  page += report_assets::kScript;
  page += "</script>\n</body>\n</html>\n";
  return page;
}

void write_report(const std::filesystem::path& results, const std::filesystem::path& output,
                  const ReportOptions& options, bool force) {
  sim::AtomicOutput atomic(output, force);
  const auto page = report_page(report_json(results, options), results.filename().string());
  std::ofstream out(atomic.temporary(), std::ios::binary | std::ios::trunc);
  out << page;
  out.close();
  if (!out) throw sim::OutputError(output.string() + ": cannot write the report");
  atomic.commit();
}

}  // namespace rapport::analysis
