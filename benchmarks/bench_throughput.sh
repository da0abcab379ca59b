#!/usr/bin/env bash
# End-to-end throughput and memory of the rapport CLI (BENCHMARKS.md, "Method").
# Daily throughput = 364 days x patients / (wall(365-day run) - wall(1-day run)),
# so set-up and writing cancel out. Memory per patient = marginal peak RSS
# between a 1M- and a 2M-patient one-day run. Each timing is the best of REPEATS.
# Usage: benchmarks/bench_throughput.sh [path/to/rapport] [repeats]
# PHYSICIANS="50 500 5000" runs 100k, 1M and 10M patients (2,000 per physician); default 500.
set -euo pipefail
cd "$(dirname "$0")/.."
rapport=${1:-build/release/rapport}
repeats=${2:-3}
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

echo "| patients | threads | 1-day run (s) | 365-day run (s) | patient-days/s | peak RSS (MB) |"
echo "|---|---|---|---|---|---|"
for physicians in ${PHYSICIANS:-500}; do
  for threads in 1 2; do
    read -r t1 _ < <(measure "$physicians" 1 "$threads")
    read -r t365 kb365 < <(measure "$physicians" 365 "$threads")
    patients=$((physicians * 2000))
    rate=$(awk "BEGIN{printf \"%.1fM\", 364 * $patients / ($t365 - $t1) / 1e6}")
    echo "| $patients | $threads | $t1 | $t365 | $rate | $((kb365 / 1024)) |"
  done
done
read -r _ kb_1m < <(measure 500 1 2)
read -r _ kb_2m < <(measure 1000 1 2)
echo
echo "marginal peak RSS per patient (1M -> 2M patients, 1-day runs): $(( (kb_2m - kb_1m) * 1024 / 1000000 )) bytes"
