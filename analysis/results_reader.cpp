#include "analysis/results_reader.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <functional>
#include <system_error>
#include <optional>

#include "analysis/compare_files.hpp"
#include "sim/atomic_output.hpp"
#include "sim/hdf5_file.hpp"
#include "sim/config.hpp"

namespace rapport::analysis {
namespace {

sim::Reduction parse_reduction(const std::string& text, const std::string& where) {
  for (const auto r : {sim::Reduction::kLevel, sim::Reduction::kCount, sim::Reduction::kCumulative}) {
    if (text == sim::reduction_name(r)) return r;
  }
  throw ResultsFileError(where + ": unknown reduction '" + text + "'");
}

// "unknown X 'name'" with the closest known name when it is a plausible typo,
// otherwise the list of known names.
std::string unknown_name_message(const std::string& what, const std::string& name,
                                 const std::vector<std::string>& known) {
  std::string message = "unknown " + what + " '" + name + "'";
  const auto closest = std::min_element(known.begin(), known.end(), [&](const auto& a, const auto& b) {
    return sim::edit_distance(name, a) < sim::edit_distance(name, b);
  });
  if (closest == known.end()) return message;
  if (sim::edit_distance(name, *closest) <= std::max<std::size_t>(2, name.size() / 3)) {
    return message + "; did you mean '" + *closest + "'?";
  }
  message += "; the file has: ";
  for (std::size_t i = 0; i < known.size(); ++i) message += (i ? ", " : "") + known[i];
  return message;
}

template <class Item>
std::vector<std::string> names_of(const std::vector<Item>& items) {
  std::vector<std::string> names;
  for (const auto& item : items) names.push_back(item.name);
  return names;
}

// Names what is missing or malformed before reading it, so a damaged file gives a
// message about the file rather than about an HDF5 call.
ResultsFileError damaged(const sim::Hdf5File& file, const std::string& object, const std::string& problem) {
  return ResultsFileError(file.path().string() + ": damaged or incomplete results file: " + object + " " + problem);
}

// One value per replicate; a dataset of another length is damage.
std::vector<double> per_replicate_values(const sim::Hdf5File& file, const std::string& path, std::int64_t replicates) {
  if (file.kind(path) != sim::Hdf5File::ObjectKind::kDataset || file.shape(path).size() != 1 ||
      file.shape(path)[0] != static_cast<std::size_t>(replicates)) {
    throw damaged(file, path, "is not a [replicates] dataset");
  }
  return file.read_matrix(path).values;
}

OutcomeTotalsByReplicate read_outcome_totals(const sim::Hdf5File& file, const std::string& group,
                                             std::int64_t replicates) {
  OutcomeTotalsByReplicate totals;
  const std::string path = group + "/outcome_totals";
  if (!file.exists(path)) return totals;
  totals.outcomes = file.children(path + "/population");
  for (const auto& outcome : totals.outcomes) {
    totals.population.push_back(per_replicate_values(file, path + "/population/" + outcome, replicates));
    totals.requesters.push_back(per_replicate_values(file, path + "/requesters/" + outcome, replicates));
  }
  totals.requester_count = per_replicate_values(file, path + "/requester_count", replicates);
  totals.first_requests.resize(static_cast<std::size_t>(replicates));
  const std::string table = group + "/requesters/";
  const auto column = [&](const char* name) { return file.read_matrix(table + name).values; };
  const auto replicate = column("replicate"), physician = column("physician"), patient = column("patient"),
             day = column("request_day"), first = column("first_request");
  for (std::size_t i = 0; i < replicate.size(); ++i) {
    const auto r = static_cast<std::size_t>(replicate[i]);
    if (r >= totals.first_requests.size() || physician.size() != replicate.size() || patient.size() != replicate.size() ||
        day.size() != replicate.size() || first.size() != replicate.size()) {
      throw damaged(file, table, "has columns of different lengths or a replicate out of range");
    }
    if (first[i] == 1) totals.first_requests[r].push_back({physician[i], patient[i], day[i]});
  }
  for (auto& requests : totals.first_requests) std::sort(requests.begin(), requests.end());
  return totals;
}

ScenarioResults read_scenario(const sim::Hdf5File& file, const std::string& name,
                              std::span<const sim::MetricSpec> expected_metrics) {
  const std::string group = "/scenarios/" + name;
  if (file.kind(group) != sim::Hdf5File::ObjectKind::kGroup) throw damaged(file, group, "is not a group");
  for (const char* attribute : {"config", "seed", "replicates", "days"}) {
    if (!file.has_attribute(group, attribute)) {
      throw damaged(file, group, "lacks the attribute '" + std::string(attribute) + "'");
    }
  }
  ScenarioResults scenario;
  scenario.name = name;
  scenario.config_toml = file.string_attribute(group, "config");
  scenario.seed = file.integer_attribute(group, "seed");
  scenario.replicates = file.integer_attribute(group, "replicates");
  scenario.days = file.integer_attribute(group, "days");
  if (scenario.replicates < 1 || scenario.days < 1) throw damaged(file, group, "has fewer than 1 replicate or day");
  const std::string metrics = group + "/metrics";
  if (!file.exists(metrics) || file.kind(metrics) != sim::Hdf5File::ObjectKind::kGroup) {
    throw damaged(file, metrics, "is missing");
  }
  const std::vector<std::size_t> expected_shape{static_cast<std::size_t>(scenario.replicates),
                                                static_cast<std::size_t>(scenario.days)};
  for (const auto& metric : file.children(metrics)) {
    const std::string path = metrics + "/" + metric;
    if (file.kind(path) != sim::Hdf5File::ObjectKind::kDataset) throw damaged(file, path, "is not a dataset");
    if (!file.has_attribute(path, "reduction")) throw damaged(file, path, "lacks the attribute 'reduction'");
    if (file.shape(path) != expected_shape) throw damaged(file, path, "is not [replicates, days]");
    scenario.metrics.push_back(
        {metric, parse_reduction(file.string_attribute(path, "reduction"), file.path().string() + ":" + path),
         file.has_attribute(path, "units") ? file.string_attribute(path, "units") : std::string(),
         file.read_matrix(path)});
  }
  // Every column of the physician table is [replicates, physicians]; `findable` is one of them.
  if (const std::string findable = group + "/physicians/findable"; file.exists(findable)) {
    const auto shape = file.shape(findable);
    if (shape.size() != 2) throw damaged(file, findable, "is not [replicates, physicians]");
    scenario.physicians = static_cast<std::int64_t>(shape[1]);
    const std::vector<std::size_t> table_shape{static_cast<std::size_t>(scenario.replicates), shape[1]};
    for (const char* column : kWorkloadColumns) {
      const std::string path = group + "/physicians/" + column;
      if (!file.exists(path)) continue;
      if (file.kind(path) != sim::Hdf5File::ObjectKind::kDataset || file.shape(path) != table_shape) {
        throw damaged(file, path, "is not [replicates, physicians]");
      }
      scenario.physician_columns.emplace(column, file.read_matrix(path));
    }
  }
  scenario.outcome_totals = read_outcome_totals(file, group, scenario.replicates);
  if (scenario.metrics.empty()) throw damaged(file, metrics, "holds no metrics");
  const auto present = names_of(scenario.metrics);
  for (const auto& spec : expected_metrics) {
    if (std::find(present.begin(), present.end(), spec.name) == present.end()) {
      throw damaged(file, metrics, "lacks '" + std::string(spec.name) + "'");
    }
  }
  return scenario;
}

// Paired comparisons need the same metrics in every scenario of a file.
void check_same_metrics(const sim::Hdf5File& file, const std::vector<ScenarioResults>& scenarios) {
  const auto expected = names_of(scenarios.front().metrics);
  for (const auto& s : scenarios) {
    const auto present = names_of(s.metrics);
    for (const auto& name : expected) {
      if (std::find(present.begin(), present.end(), name) == present.end()) {
        throw damaged(file, "/scenarios/" + s.name + "/metrics", "lacks '" + name + "'");
      }
    }
    if (present.size() != expected.size()) {
      throw damaged(file, "/scenarios/" + scenarios.front().name + "/metrics",
                    "lacks metrics that /scenarios/" + s.name + " has");
    }
  }
}

// HDF5's format signature, at the start of the file unless a user block precedes it.
bool has_hdf5_signature(const std::filesystem::path& path) {
  constexpr std::string_view kSignature("\x89HDF\r\n\x1a\n", 8);
  std::ifstream in(path, std::ios::binary);
  for (const std::streamoff offset : {0, 512, 1024, 2048}) {
    std::string head(kSignature.size(), '\0');
    in.clear();
    in.seekg(offset);
    if (in.read(head.data(), static_cast<std::streamsize>(head.size())) && head == kSignature) return true;
  }
  return false;
}

}  // namespace

const MetricSeries& ScenarioResults::metric(const std::string& metric_name) const {
  for (const auto& m : metrics) {
    if (m.name == metric_name) return m;
  }
  throw AnalysisInputError(unknown_name_message("metric", metric_name, names_of(metrics)));
}

const ScenarioResults& Results::scenario(const std::string& scenario_name) const {
  for (const auto& s : scenarios) {
    if (s.name == scenario_name) return s;
  }
  throw AnalysisInputError(unknown_name_message("scenario", scenario_name, names_of(scenarios)));
}

namespace {

// What each kind of rapport file is, by its top-level group, and the commands that read it.
struct FileKind {
  std::string_view group, what, read_by;
};
constexpr std::array<FileKind, 4> kFileKinds{{
    {"/scenarios", "a results file of `rapport run`", "`rapport summarize`, `rerun`, `report` or `export`"},
    {"/sweeps", "a sweep file of `rapport sweep`", "`rapport sensitivity`, `report`, `export` or `rerun`"},
    {"/calibrations", "a calibration file of `rapport calibrate`", "`rapport report` (or h5py: docs/CALIBRATION.md)"},
    {"/decisions", "a decision file of `rapport decide`", "`rapport report` (or h5py: docs/DECISION.md)"},
}};

}  // namespace

void check_rapport_file(const sim::Hdf5File& file, const std::string& content_group, const std::string& written_by) {
  const std::string name = file.path().string();
  const bool is_rapport = file.has_attribute("/", "format") && file.string_attribute("/", "format") == "rapport" &&
                          file.has_attribute("/", "format_version");
  if (is_rapport && !file.exists(content_group)) {
    // Another kind of rapport file: say which, and what reads it.
    for (const auto& kind : kFileKinds) {
      if (file.exists(std::string(kind.group))) {
        throw ResultsFileError(name + ": not a rapport " + written_by + " but " + std::string(kind.what) +
                               "; read it with " + std::string(kind.read_by));
      }
    }
  }
  if (!is_rapport || !file.exists(content_group)) throw ResultsFileError(name + ": not a rapport " + written_by);
  const auto version = file.integer_attribute("/", "format_version");
  if (version > kReadableFormatVersion) {
    throw ResultsFileError(name + ": results format version " + std::to_string(version) +
                           " is newer than this rapport reads (" + std::to_string(kReadableFormatVersion) +
                           "); upgrade rapport");
  }
}

void check_results_file(const sim::Hdf5File& file) {
  check_rapport_file(file, "/scenarios", "results file (written by `rapport run`)");
}

void edit_file_atomically(const std::filesystem::path& path, const std::function<void(sim::Hdf5File&)>& edit,
                          const std::function<void()>& check_stop) {
  sim::AtomicOutput output(path, /*overwrite=*/true);
  std::error_code error;
  std::filesystem::copy_file(output.destination(), output.temporary(), std::filesystem::copy_options::overwrite_existing,
                             error);
  if (error) throw sim::OutputError(path.string() + ": cannot copy for writing: " + error.message());
  if (check_stop) check_stop();
  sim::Hdf5File file(output.temporary(), sim::Hdf5File::Mode::kReadWrite);
  edit(file);
  file.close();
  if (check_stop) check_stop();
  output.commit();
}

namespace {

Results read_results(const std::filesystem::path& path, std::span<const sim::MetricSpec> expected_metrics) {
  std::optional<sim::Hdf5File> opened;
  try {
    opened.emplace(path, sim::Hdf5File::Mode::kReadOnly);
  } catch (const sim::Hdf5Error&) {
    throw ResultsFileError(path.string() + (has_hdf5_signature(path)
                                                ? ": damaged or truncated HDF5 file; cannot read it"
                                                : ": not a rapport results file (not readable as HDF5)"));
  }
  const sim::Hdf5File& file = *opened;
  try {
    check_results_file(file);
    Results results;
    results.path = path;
    results.format_version = file.integer_attribute("/", "format_version");
    results.rapport_version =
        file.has_attribute("/", "rapport_version") ? file.string_attribute("/", "rapport_version") : "unknown";
    for (const auto& name : file.children("/scenarios")) results.scenarios.push_back(read_scenario(file, name, expected_metrics));
    if (results.scenarios.empty()) throw ResultsFileError(path.string() + ": the file holds no scenarios");
    check_same_metrics(file, results.scenarios);
    return results;
  } catch (const sim::Hdf5Error& e) {
    throw ResultsFileError(path.string() + ": cannot read results: " + e.what());
  }
}

}  // namespace

void read_first_in_a_separate_process(const std::filesystem::path& path, const std::function<void()>& read) {
  if (std::error_code error; !std::filesystem::is_regular_file(path, error)) {
    // A FIFO would block every read; a missing file or a device is not a rapport file either.
    throw ResultsFileError(path.string() + (std::filesystem::exists(path, error) ? ": not a regular file"
                                                                                 : ": no such file"));
  }
  constexpr int kReadable = 0, kRefused = 3;  // anything else: the child crashed
  std::fflush(nullptr);  // nothing buffered is written twice
  const pid_t child = ::fork();
  if (child < 0) return;  // cannot isolate; read as before
  if (child == 0) {
    for (const int signal : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) std::signal(signal, SIG_DFL);
    const int null = ::open("/dev/null", O_WRONLY);
    if (null >= 0) ::dup2(null, STDERR_FILENO);  // a crash report here is not the user's error
    int outcome = kReadable;
    try {
      read();
    } catch (...) {
      outcome = kRefused;  // the same error follows when this process reads the file
    }
    ::_exit(outcome);  // no exit handlers: they belong to the parent
  }
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || (WEXITSTATUS(status) != kReadable && WEXITSTATUS(status) != kRefused)) {
    throw ResultsFileError(path.string() + ": damaged HDF5 file: the HDF5 library crashed reading it (in a "
                                           "separate process); rapport cannot read it");
  }
}

Results load_results(const std::filesystem::path& path, std::span<const sim::MetricSpec> expected_metrics) {
  // Both reads, each whatever the other found: the walk (what `rerun --verify` reads) may
  // reach damage the reader stops short of.
  read_first_in_a_separate_process(path, [&] {
    std::exception_ptr refused;
    try {
      (void)read_results(path, expected_metrics);
    } catch (...) {
      refused = std::current_exception();
    }
    const sim::Hdf5File file(path, sim::Hdf5File::Mode::kReadOnly);
    if (file.exists("/scenarios")) (void)compare_scenarios(file, file);
    if (refused) std::rethrow_exception(refused);
  });
  return read_results(path, expected_metrics);
}

}  // namespace rapport::analysis
