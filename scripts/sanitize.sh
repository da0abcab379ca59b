#!/usr/bin/env bash
# Runs the C++ tests under a sanitizer preset, each in its own build directory (build/<preset>).
#   asan  every test, under AddressSanitizer + UndefinedBehaviorSanitizer, except the
#         notebooks and the h5py reader: those time Python and Jupyter start-up, and the
#         rapport commands they run are the ones the e2e tests already run under ASan.
#   tsan  the parallel tests under ThreadSanitizer: the invariants and determinism suite
#         (every run is parallel inside), the CLI's one-versus-two-threads test and the
#         signal tests (a handler setting a flag that worker threads read), and a sweep
#         killed and resumed (runs in parallel, results journaled under a lock).
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:?usage: scripts/sanitize.sh asan|tsan}
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp print_suppressions=0"
case "$preset" in
  asan)
    bash scripts/build.sh asan
    ctest --preset asan -E '^(notebook_|e2e_read_results_with_h5py)'
    ;;
  tsan)
    # Debian's libtbb is not built with ThreadSanitizer, so TSan cannot see the
    # synchronisation inside it; scripts/tsan.supp lists the (narrow) consequences.
    export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$PWD/scripts/tsan.supp"
    cmake --preset tsan >/dev/null
    cmake --build --preset tsan --target rapport rapport_invariants_tests rapport_app_tests rapport_hardening_tests
    ctest --preset tsan -R '^(Determinism|CommonRandomNumbers|AcceptAll|DeclineAll|MixedPolicies|NoRequests|WordOfMouth|.*EveryPolicy|Cli\.OneAndTwoThreads|Signals/Interruption|e2e_sweep_resume_after_kill)'
    ;;
  *)
    echo "scripts/sanitize.sh: unknown preset '$preset' (asan or tsan)" >&2
    exit 2
    ;;
esac
