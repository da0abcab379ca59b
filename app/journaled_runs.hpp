// The numbered runs of a sweep or of a decision's PSA, each giving a fixed number of
// values, spread over the job farm (threads, and the ranks of an MPI build) and written to
// a journal beside the output as each finishes, so that a stopped or killed command loses
// only the runs in flight and the same command with --resume finishes it (docs/CLUSTER.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/long_command.hpp"
#include "sim/run_journal.hpp"

namespace rapport::app {

// The options of a command whose runs are journaled (sweep, decide).
struct JournaledCommandOptions {
  LongCommandOptions common;
  std::string input_file;
  bool resume = false;  // continue from the journal of an interrupted command
};

// The orchestrator's options: --resume may replace the output an interrupted command left complete.
LongCommandOptions orchestrator_options(const JournaledCommandOptions& options);

// What a journal must match to be resumed: the input file's text, every scenario it
// resolved (as complete configurations), and the code that runs them.
std::string journal_fingerprint(const std::string& input_text, const std::vector<std::string>& resolved_configs);

// Opens the journal of `options.output` into `journal`: a new one, or with `resume` the one
// an interrupted command left (a record that is not `values_per_run` values runs again).
// `what` names the work in errors ("sweep", "decision").
void open_run_journal(std::optional<sim::RunJournal>& journal, const LongCommandOptions& options, bool resume,
                      const std::string& fingerprint, std::size_t runs, std::size_t values_per_run,
                      std::string_view what);

sim::Bytes values_to_bytes(const std::vector<double>& values);
std::vector<double> values_from_bytes(const sim::Bytes& bytes);

// Runs: size(), days(run), run(run, on_day) -> std::vector<double> (thread-safe) and
// store(run, values); each result has its own cells, so the order runs finish in does not
// matter.
template <class Runs>
class JournaledRuns {
 public:
  explicit JournaledRuns(Runs& runs) : runs_(runs) {}

  // Root, once the outputs are claimed: opens (or resumes) the journal and stores the runs it holds.
  void open(const LongCommandOptions& options, bool resume, const std::string& fingerprint,
            std::size_t values_per_run, std::string_view what) {
    open_run_journal(journal_, options, resume, fingerprint, runs_.size(), values_per_run, what);
    for (const auto& [run, bytes] : journal_->finished()) runs_.store(run, values_from_bytes(bytes));
    for (std::size_t run = 0; run < runs_.size(); ++run) {
      if (!journal_->finished().contains(run)) todo_.push_back(run);
    }
  }

  [[nodiscard]] std::size_t resumed() const { return journal_ ? journal_->finished().size() : 0; }
  [[nodiscard]] std::size_t to_go() const { return todo_.size(); }
  [[nodiscard]] std::string journal_path() const { return journal_ ? journal_->path().string() : ""; }

  // Every process: runs what the journal lacks; true once every run is stored (the root's
  // view, which decides for all). A stop keeps the finished runs in the journal.
  bool run_all(const Session& session, const std::string& label) {
    std::uint64_t todo_days = 0;
    for (const auto run : todo_) todo_days += runs_.days(run);
    const auto progress = session.progress(todo_days, label);
    const auto on_day = [&] {
      throw_if_stopped();
      progress->tick();
    };
    finished_ = resumed() + session.run_jobs(
                                todo_, [&](std::size_t run) { return values_to_bytes(runs_.run(run, on_day)); },
                                [&](std::size_t run, sim::Bytes bytes, bool local) {
                                  journal_->append(run, bytes);
                                  runs_.store(run, values_from_bytes(bytes));
                                  if (!local) progress->tick(runs_.days(run));
                                });
    progress->finish();
    if (finished_ < runs_.size() && journal_) journal_->sync();
    return finished_ == runs_.size();
  }

  [[nodiscard]] std::string what_is_kept() const {
    return std::to_string(finished_) + " of " + std::to_string(runs_.size()) + " runs are saved in " +
           journal_path() + "; run the same command with --resume to finish";
  }
  // Root, once the output holds every run.
  void remove_journal() { journal_->remove(); }

 private:
  Runs& runs_;
  std::optional<sim::RunJournal> journal_;  // on the root only
  std::vector<std::size_t> todo_;           // on the root only: the others are handed runs by it
  std::size_t finished_ = 0;
};

}  // namespace rapport::app
