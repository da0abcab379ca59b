#!/usr/bin/env bash
# End-to-end throughput and memory of the rapport CLI (BENCHMARKS.md).
# Daily throughput = 364 days x patients / (wall(365-day run) - wall(1-day run)),
# so set-up and writing cancel out. The bandwidth bound = STREAM triad bandwidth at
# the same thread count / the 34 bytes of agent state a day must touch per patient
# (rapport_bench_kernels, BM_StreamTriad). Memory per patient = marginal peak RSS
# between a 1M- and a 2M-patient one-day run. Each timing is the best of REPEATS.
# Usage: benchmarks/bench_throughput.sh [path/to/rapport] [repeats]
# The kernel benchmark is taken from benchmarks/ next to the rapport binary.
# PHYSICIANS="50 500 5000" runs 100k, 1M and 10M patients (2,000 per physician); default 500.
set -euo pipefail
cd "$(dirname "$0")/.."
rapport=${1:-build/release/rapport}
repeats=${2:-3}
kernels=$(dirname "$rapport")/benchmarks/rapport_bench_kernels
scenario=scenarios/status_quo.toml
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Prints "seconds kilobytes" of the best of $repeats runs.
measure() {
  local physicians=$1 days=$2 threads=$3 best_s="" best_kb=""
  for _ in $(seq "$repeats"); do
    /usr/bin/time -f "%e %M" -o "$out/time" "$rapport" run "$scenario" -o "$out/r.h5" --force --quiet \
      --replicates 1 --days "$days" --threads "$threads" --set population.physicians="$physicians" \
      --set population.patients_per_physician=2000
    read -r s kb < "$out/time"
    if [ -z "$best_s" ] || awk "BEGIN{exit !($s < $best_s)}"; then best_s=$s; best_kb=$kb; fi
  done
  echo "$best_s $best_kb"
}

# Prints the bandwidth bound in patient-days/s on $1 threads (best of 5 triads).
bound() {
  "$kernels" --benchmark_filter="BM_StreamTriad/[0-9]+/$1/" --benchmark_repetitions=5 \
    --benchmark_report_aggregates_only=false 2>/dev/null |
    grep -o 'bound_patient_days/s=[0-9.]*[kMG]' | sed 's/.*=//' |
    awk '{v = $1 + 0; s = substr($1, length($1)); v *= (s == "k" ? 1e3 : s == "M" ? 1e6 : s == "G" ? 1e9 : 1);
          if (v > best) best = v} END {printf "%.0f", best}'
}

declare -A bounds
for threads in 1 2; do bounds[$threads]=$(bound "$threads"); done
echo "bandwidth bound (patient-days/s): 1 thread $(awk "BEGIN{printf \"%.0fM\", ${bounds[1]} / 1e6}")," \
  "2 threads $(awk "BEGIN{printf \"%.0fM\", ${bounds[2]} / 1e6}")"
echo
echo "| patients | threads | 1-day run (s) | 365-day run (s) | patient-days/s | of the bandwidth bound | peak RSS (MB) |"
echo "|---|---|---|---|---|---|---|"
for physicians in ${PHYSICIANS:-500}; do
  patients=$((physicians * 2000))
  declare -A daily
  for threads in 1 2; do
    read -r t1 _ < <(measure "$physicians" 1 "$threads")
    read -r t365 kb365 < <(measure "$physicians" 365 "$threads")
    daily[$threads]=$(awk "BEGIN{print $t365 - $t1}")
    rate=$(awk "BEGIN{print 364 * $patients / ($t365 - $t1)}")
    echo "| $patients | $threads | $t1 | $t365 | $(awk "BEGIN{printf \"%.1fM\", $rate / 1e6}")" \
      "| $(awk "BEGIN{printf \"%.2f\", $rate / ${bounds[$threads]}}") | $((kb365 / 1024)) |"
  done
  echo "| $patients | scaling 1 -> 2 threads: $(awk "BEGIN{printf \"%.2fx\", ${daily[1]} / ${daily[2]}}") | | | | | |"
done
read -r _ kb_1m < <(measure 500 1 2)
read -r _ kb_2m < <(measure 1000 1 2)
echo
echo "marginal peak RSS per patient (1M -> 2M patients, 1-day runs): $(( (kb_2m - kb_1m) * 1024 / 1000000 )) bytes"
