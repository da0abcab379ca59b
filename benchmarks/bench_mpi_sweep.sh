#!/usr/bin/env bash
# Wall time of one fixed sweep (benchmarks/mpi_scaling.toml) on 1 and 2 threads without
# MPI, and on 1 and 2 MPI ranks (BENCHMARKS.md, "Sweeps over MPI ranks"). Each figure is
# the best of REPEATS; every variant writes identical /sweeps datasets (checked here).
# "launch" is what mpirun and MPI start-up cost (the same launch running --version).
# Usage: benchmarks/bench_mpi_sweep.sh [mpi build directory] [repeats]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/mpi}
repeats=${2:-3}
sweep=benchmarks/mpi_scaling.toml
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

# Prints the best wall time (s) of $repeats sweeps on $threads threads by the command
# (a rapport executable, possibly behind mpirun), which write $out/<name>.h5.
best_of() {
  local name=$1 threads=$2 best=""
  shift 2
  for _ in $(seq "$repeats"); do
    /usr/bin/time -f "%e" -o "$out/time" "$@" sweep "$sweep" -o "$out/$name.h5" --threads "$threads" --force --quiet
    local s
    s=$(cat "$out/time")
    if [ -z "$best" ] || awk "BEGIN{exit !($s < $best)}"; then best=$s; fi
  done
  echo "$best"
}

single_1=$(best_of single_1 1 "$build/rapport-single-process")
single_2=$(best_of single_2 2 "$build/rapport-single-process")
mpi_1x1=$(best_of mpi_1x1 1 mpirun -np 1 --bind-to none "$build/rapport")
mpi_1x2=$(best_of mpi_1x2 2 mpirun -np 1 --bind-to none "$build/rapport")
mpi_2x1=$(best_of mpi_2x1 1 mpirun -np 2 --bind-to core "$build/rapport")
# What mpirun and MPI_Init cost before any work: the same launches running `--version`.
launch_best() {
  local best=""
  for _ in $(seq "$repeats"); do
    /usr/bin/time -f "%e" -o "$out/time" "$@" --version >/dev/null
    local s
    s=$(cat "$out/time")
    if [ -z "$best" ] || awk "BEGIN{exit !($s < $best)}"; then best=$s; fi
  done
  echo "$best"
}
launch_1=$(launch_best mpirun -np 1 --bind-to none "$build/rapport")
launch_2=$(launch_best mpirun -np 2 --bind-to core "$build/rapport")

for variant in single_2 mpi_1x1 mpi_1x2 mpi_2x1; do
  h5diff -q "$out/single_1.h5" "$out/$variant.h5" /sweeps /sweeps || { echo "$variant differs" >&2; exit 1; }
done

ratio() { awk "BEGIN{printf \"%.2f\", $1 / $2}"; }
net() { awk "BEGIN{printf \"%.2f\", $1 - $2}"; }
echo "| build | ranks x threads | wall (s) | launch (s) | wall - launch (s) | speed-up over 1 x 1 (net) |"
echo "|---|---|---|---|---|---|"
echo "| no MPI | 1 x 1 | $single_1 | - | $single_1 | 1.00 |"
echo "| no MPI | 1 x 2 | $single_2 | - | $single_2 | $(ratio "$single_1" "$single_2") |"
echo "| MPI | 1 x 1 | $mpi_1x1 | $launch_1 | $(net "$mpi_1x1" "$launch_1") | $(ratio "$single_1" "$(net "$mpi_1x1" "$launch_1")") |"
echo "| MPI | 1 x 2 | $mpi_1x2 | $launch_1 | $(net "$mpi_1x2" "$launch_1") | $(ratio "$single_1" "$(net "$mpi_1x2" "$launch_1")") |"
echo "| MPI | 2 x 1 | $mpi_2x1 | $launch_2 | $(net "$mpi_2x1" "$launch_2") | $(ratio "$single_1" "$(net "$mpi_2x1" "$launch_2")") |"
echo
echo "all variants wrote identical /sweeps datasets; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
