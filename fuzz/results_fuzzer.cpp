// libFuzzer target: any bytes as a results file, opened the way `summarize` and
// `rerun --verify` open one (analysis/results_reader.cpp, sim/hdf5_file.cpp).
// The contract under test: a damaged or foreign file is analysis::ResultsFileError
// (loading), analysis::AnalysisInputError (summaries) or sim::Hdf5Error (direct
// Hdf5File use, as in compare_scenarios), never a crash, a hang or another exception.
// Coverage is collected in this process only, i.e. for inputs HDF5 does not crash on.
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "analysis/compare_files.hpp"
#include "analysis/results_reader.hpp"
#include "analysis/summary.hpp"
#include "sim/hdf5_file.hpp"

namespace {

// HDF5 reads files, not memory buffers, so each input goes through one scratch file
// per fuzzing process, removed when the process exits.
struct ScratchFile {
  std::filesystem::path path = std::filesystem::temp_directory_path() /
                               ("rapport-results-fuzz-" + std::to_string(::getpid()) + ".h5");
  ~ScratchFile() {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rapport;
  static const ScratchFile scratch;
  {
    std::ofstream out(scratch.path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    // load_results reads the file in a forked child first (HDF5 itself can crash on
    // crafted files), so what follows here only runs on files that child survived.
    const auto results = analysis::load_results(scratch.path);
    (void)analysis::summarize(results, results.scenarios.front().name);
    const sim::Hdf5File file(scratch.path, sim::Hdf5File::Mode::kReadOnly);
    (void)analysis::compare_scenarios(file, file);
  } catch (const analysis::ResultsFileError&) {
  } catch (const analysis::AnalysisInputError&) {
  } catch (const sim::Hdf5Error&) {
  }
  return 0;
}
