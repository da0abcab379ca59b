#include "app/journaled_runs.hpp"

#include <filesystem>
#include <stdexcept>

#include "app/version.hpp"
#include "models/results_writer.hpp"

namespace rapport::app {
namespace {

// A journal record holds exactly `count` values, and nothing else.
bool holds_values(const sim::Bytes& bytes, std::size_t count) {
  try {
    sim::ByteReader reader(bytes);
    return reader.get_vector<double>().size() == count && reader.done();
  } catch (const std::runtime_error&) {
    return false;
  }
}

}  // namespace

LongCommandOptions orchestrator_options(const JournaledCommandOptions& options) {
  LongCommandOptions common = options.common;
  common.force = common.force || options.resume;
  return common;
}

std::string journal_fingerprint(const std::string& input_text, const std::vector<std::string>& resolved_configs) {
  std::string text = "rapport " + std::string(kVersion) + " format " + std::to_string(models::kFormatVersion) +
                     "\n" + input_text;
  for (const auto& config : resolved_configs) text += "\n" + config;
  return text;
}

void open_run_journal(std::optional<sim::RunJournal>& journal, const LongCommandOptions& options, bool resume,
                      const std::string& fingerprint, std::size_t runs, std::size_t values_per_run,
                      std::string_view what) {
  const auto path = sim::RunJournal::beside(options.output);
  if (resume && std::filesystem::exists(options.output) && !std::filesystem::exists(path)) {
    throw sim::JournalError(options.output + " already exists and no journal of unfinished runs is beside it: "
                            "nothing to resume (pass --force to run the " + std::string(what) + " again)");
  }
  journal.emplace(path, fingerprint, runs, resume ? sim::RunJournal::Mode::kResume : sim::RunJournal::Mode::kStartFresh,
                  options.force,
                  [values_per_run](const sim::Bytes& bytes) { return holds_values(bytes, values_per_run); });
}

sim::Bytes values_to_bytes(const std::vector<double>& values) {
  sim::ByteWriter writer;
  writer.put(values);
  return writer.take();
}

std::vector<double> values_from_bytes(const sim::Bytes& bytes) { return sim::ByteReader(bytes).get_vector<double>(); }

}  // namespace rapport::app
