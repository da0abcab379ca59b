// `rapport report`: one self-contained HTML page of a results file, for readers who will not
// open a notebook (analysis/report/).
#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <memory>
#include <optional>

#include "analysis/report/report_data.hpp"
#include "analysis/report/report_page.hpp"
#include "analysis/results_reader.hpp"
#include "app/commands.hpp"
#include "app/version.hpp"
#include "sim/atomic_output.hpp"
#include "sim/hdf5_file.hpp"

namespace rapport::app {
namespace {

struct ReportOptions {
  std::string results;
  std::string output;
  std::optional<std::string> baseline;  // default: decline_all when the file has it
  bool force = false;
  bool quiet = false;
};

int report(const ReportOptions& options) {
  // The output is checked (and its temporary created) before any reading, and renamed into
  // place only when complete, so a failure never leaves half a page or loses an old one.
  std::optional<sim::AtomicOutput> output;
  try {
    output.emplace(options.output, options.force);
  } catch (const sim::OutputError& e) {
    std::cerr << "rapport: error: " << e.what() << '\n';
    return kOutputError;
  }
  std::string page;
  try {
    analysis::ReportOptions report;
    report.baseline = options.baseline;
    report.generator = kVersion;
    page = analysis::report_page(analysis::report_json(options.results, report),
                                 std::filesystem::path(options.results).filename().string());
  } catch (const analysis::ResultsFileError& e) {
    std::cerr << "rapport: error: " << e.what() << '\n';
    return kOutputError;
  } catch (const sim::Hdf5Error& e) {
    std::cerr << "rapport: error: " << options.results << ": not a readable rapport file: " << e.what() << '\n';
    return kOutputError;
  } catch (const analysis::AnalysisInputError& e) {
    std::cerr << "rapport: error: " << options.results << ": " << e.what() << '\n';
    return kBadInput;
  }
  try {
    std::ofstream out(output->temporary(), std::ios::binary | std::ios::trunc);
    out << page;
    out.close();
    if (!out) throw sim::OutputError(options.output + ": cannot write the report");
    output->commit();
  } catch (const sim::OutputError& e) {
    std::cerr << "rapport: error: " << e.what() << '\n';
    return kOutputError;
  }
  if (!options.quiet) std::cout << "rapport: report written to " << options.output << '\n';
  return kOk;
}

}  // namespace

CommandRunner define_report(CLI::App& command) {
  auto options = std::make_shared<ReportOptions>();
  command.add_option("results", options->results, "file written by rapport run, sweep or calibrate")->required();
  command.add_option("-o,--output", options->output, "report file (.html)")->required();
  command.add_option("--baseline", options->baseline,
                     "scenario every other is compared with (default: decline_all when present)");
  command.add_flag("-f,--force", options->force, "replace an existing report");
  command.add_flag("-q,--quiet", options->quiet, "print nothing but errors");
  return [options](const Invocation&) { return report(*options); };
}

}  // namespace rapport::app
