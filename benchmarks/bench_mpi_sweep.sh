#!/usr/bin/env bash
# Wall time of one fixed sweep (benchmarks/mpi_scaling.toml) on 1 and 2 threads without
# MPI, and on 1 and 2 MPI ranks (BENCHMARKS.md, "Sweeps over MPI ranks"). Each figure is
# the best of REPEATS; every variant writes identical /sweeps datasets (checked here).
# Usage: benchmarks/bench_mpi_sweep.sh [mpi build directory] [repeats]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/mpi}
repeats=${2:-3}
sweep=benchmarks/mpi_scaling.toml
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

# Prints the best wall time (s) of $repeats runs of the command, which writes $out/<name>.h5.
best_of() {
  local name=$1 best=""
  shift
  for _ in $(seq "$repeats"); do
    /usr/bin/time -f "%e" -o "$out/time" "$@" sweep "$sweep" -o "$out/$name.h5" --force --quiet
    local s
    s=$(cat "$out/time")
    if [ -z "$best" ] || awk "BEGIN{exit !($s < $best)}"; then best=$s; fi
  done
  echo "$best"
}

single_1=$(best_of single_1 "$build/rapport-single-process" --threads 1)
single_2=$(best_of single_2 "$build/rapport-single-process" --threads 2)
mpi_1x1=$(best_of mpi_1x1 mpirun -np 1 --bind-to none "$build/rapport" --threads 1)
mpi_1x2=$(best_of mpi_1x2 mpirun -np 1 --bind-to none "$build/rapport" --threads 2)
mpi_2x1=$(best_of mpi_2x1 mpirun -np 2 --bind-to core "$build/rapport" --threads 1)
for variant in single_2 mpi_1x1 mpi_1x2 mpi_2x1; do
  h5diff -q "$out/single_1.h5" "$out/$variant.h5" /sweeps /sweeps || { echo "$variant differs" >&2; exit 1; }
done

ratio() { awk "BEGIN{printf \"%.2f\", $1 / $2}"; }
echo "| build | ranks x threads | wall (s) | speed-up over 1 x 1 |"
echo "|---|---|---|---|"
echo "| no MPI | 1 x 1 | $single_1 | 1.00 |"
echo "| no MPI | 1 x 2 | $single_2 | $(ratio "$single_1" "$single_2") |"
echo "| MPI | 1 x 1 | $mpi_1x1 | $(ratio "$single_1" "$mpi_1x1") |"
echo "| MPI | 1 x 2 | $mpi_1x2 | $(ratio "$single_1" "$mpi_1x2") |"
echo "| MPI | 2 x 1 | $mpi_2x1 | $(ratio "$single_1" "$mpi_2x1") |"
echo
echo "all variants wrote identical /sweeps datasets; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
