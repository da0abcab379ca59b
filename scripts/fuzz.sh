#!/usr/bin/env bash
# Builds the libFuzzer targets (preset `fuzz`: clang, address + undefined) and runs each
# for a bounded time, FUZZ_SECONDS (default 60). Seeds: scenarios/*.toml for the scenario
# parser and validator, scenarios/sweeps/, scenarios/calibration/ and scenarios/decisions/
# for the sweep, calibration and decision readers; a journal with whole records
# (fuzz/make_journal_seed.py) for the journal of sweeps and decisions; a tiny results file (fuzz/make_results_seed.py) for the results
# reader. A crash, leak or timeout fails the script and leaves its input in
# build/fuzz/artifacts/; reproduce it with `build/fuzz/rapport_<target> FILE` and turn it
# into a GoogleTest regression test (tests/app/hardening_test.cpp shows how).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp print_suppressions=0"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

work=build/fuzz/corpus  # libFuzzer adds the inputs it finds interesting to the first directory
mkdir -p "$work/scenario" "$work/results" "$work/sweep" "$work/calibration" "$work/decision" "$work/journal" build/fuzz/artifacts
/usr/bin/python3 fuzz/make_results_seed.py "$work/results/seed.h5"
/usr/bin/python3 fuzz/make_journal_seed.py "$work/journal/seed"

fuzz() {
  local target=$1
  shift
  echo "fuzz: $target for ${seconds}s"
  if ! "build/fuzz/rapport_$target" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="build/fuzz/artifacts/$target-" "$@" >"build/fuzz/$target.log" 2>&1; then
    tail -n 40 "build/fuzz/$target.log"
    echo "fuzz: $target FAILED; the input is in build/fuzz/artifacts/" >&2
    return 1
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "build/fuzz/$target.log" | sed "s/^/fuzz: $target /"
}
fuzz scenario_fuzzer "$work/scenario" scenarios
fuzz results_fuzzer "$work/results"
fuzz sweep_fuzzer "$work/sweep" scenarios/sweeps
fuzz calibration_fuzzer "$work/calibration" scenarios/calibration
fuzz decision_fuzzer "$work/decision" scenarios/decisions
# On tmpfs where there is one: each input creates, syncs and reopens a journal file.
TMPDIR=$( [ -w /dev/shm ] && echo /dev/shm || echo "${TMPDIR:-/tmp}") fuzz journal_fuzzer "$work/journal"
