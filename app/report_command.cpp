// `rapport report`: one self-contained HTML page of a results file, for readers who will not
// open a notebook (analysis/report/).
#include <CLI/CLI.hpp>

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
  try {
    analysis::ReportOptions report;
    report.baseline = options.baseline;
    report.generator = kVersion;
    analysis::write_report(options.results, options.output, report, options.force);
  } catch (const sim::OutputError& e) {
    std::cerr << "rapport: error: " << e.what() << '\n';
    return kOutputError;
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
