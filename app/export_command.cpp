// `rapport export`: long-format CSV tables and a data dictionary (analysis/export/).
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <system_error>

#include "analysis/export/tidy_export.hpp"
#include "analysis/results_reader.hpp"
#include "app/commands.hpp"
#include "sim/atomic_output.hpp"
#include "sim/hdf5_file.hpp"

namespace rapport::app {
namespace {

struct ExportOptions {
  std::string results;
  std::string csv_directory;
  bool force = false;
  bool quiet = false;
};

int export_tables(const ExportOptions& options) {
  namespace fs = std::filesystem;
  const fs::path target = options.csv_directory;
  std::error_code error;
  if (fs::exists(target, error) && !options.force) {
    std::cerr << "rapport: error: " << target.string() << ": output exists; pass --force to replace it\n";
    return kOutputError;
  }
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (!fs::is_directory(parent, error)) {
    std::cerr << "rapport: error: " << target.string() << ": output directory " << parent.string()
              << " does not exist\n";
    return kOutputError;
  }
  // Tables are written into a hidden directory beside the target and renamed into place when
  // complete, so a failure never leaves a partial export or loses an earlier one.
  const auto hidden = [&](const std::string& suffix) {
    return sim::AtomicOutput::hidden_sibling(target, suffix + std::to_string(::getpid()));
  };
  const fs::path temporary = hidden(".tmp-");
  fs::remove_all(temporary, error);
  if (!fs::create_directory(temporary, error)) {
    std::cerr << "rapport: error: " << target.string() << ": cannot create a directory in " << parent.string()
              << ": " << error.message() << '\n';
    return kOutputError;
  }
  const auto discard = [&] { fs::remove_all(temporary, error); };
  std::vector<std::string> written;
  try {
    written = analysis::export_csv(options.results, temporary);
  } catch (const analysis::ResultsFileError& e) {
    discard();
    std::cerr << "rapport: error: " << e.what() << '\n';
    return kOutputError;
  } catch (const sim::Hdf5Error& e) {
    discard();
    std::cerr << "rapport: error: " << options.results << ": " << e.what() << '\n';
    return kOutputError;
  }
  const fs::path old = hidden(".old-");
  const bool replacing = fs::exists(target, error);
  if (replacing) fs::rename(target, old, error);
  if (!error) fs::rename(temporary, target, error);
  if (error) {
    discard();
    if (replacing && fs::exists(old)) fs::rename(old, target, error);
    std::cerr << "rapport: error: " << target.string() << ": cannot move the export into place\n";
    return kOutputError;
  }
  if (replacing) fs::remove_all(old, error);
  if (!options.quiet) {
    std::cout << "rapport: wrote";
    for (const auto& name : written) std::cout << ' ' << name;
    std::cout << " to " << target.string() << '\n';
  }
  return kOk;
}

}  // namespace

CommandRunner define_export(CLI::App& command) {
  auto options = std::make_shared<ExportOptions>();
  command.add_option("results", options->results, "file written by rapport run or sweep")->required();
  command.add_option("--csv", options->csv_directory, "directory to create for the CSV files")->required();
  command.add_flag("-f,--force", options->force, "replace an existing directory");
  command.add_flag("-q,--quiet", options->quiet, "print nothing but errors");
  return [options](const Invocation&) { return export_tables(*options); };
}

}  // namespace rapport::app
