#!/usr/bin/env bash
# Cost of a changing world (issue 14, BENCHMARKS.md "A world that changes"): wall time and
# peak RSS of a 20-year run of scenarios/trends/guideline_secure_portal.toml (trends,
# patient and physician turnover, guideline adoption) against the same run with those
# features off, and a 1-year run of each for memory. The difference of the 20-year wall
# times is what turnover, trends and adoption cost; the rest is the daily work.
# Each timing is the best of REPEATS.
# Usage: benchmarks/bench_world_change.sh [path/to/rapport] [repeats] [physicians] [threads]
set -euo pipefail
cd "$(dirname "$0")/.."
rapport=${1:-build/release/rapport}
repeats=${2:-2}
physicians=${3:-500}
threads=${4:-2}
scenario=scenarios/trends/guideline_secure_portal.toml
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
off=(--set trends.enabled=false --set turnover.patient_exit_per_year=0 --set turnover.physician_exit_per_year=0
     --set guideline.policy=none)

# Prints "seconds kilobytes" of the best of $repeats runs; further arguments go to rapport run.
measure() {
  local days=$1 best_s="" best_kb=""
  shift
  for _ in $(seq "$repeats"); do
    /usr/bin/time -f "%e %M" -o "$out/time" "$rapport" run "$scenario" -o "$out/r.h5" --force --quiet \
      --replicates 1 --days "$days" --threads "$threads" --set population.physicians="$physicians" \
      --set population.patients_per_physician=2000 "$@"
    read -r s kb < "$out/time"
    if [ -z "$best_s" ] || awk "BEGIN{exit !($s < $best_s)}"; then best_s=$s; best_kb=$kb; fi
  done
  echo "$best_s $best_kb"
}

patients=$((physicians * 2000))
echo "| run ($patients patients, $threads threads) | 365 days: wall (s) | peak RSS (MB) | 7300 days: wall (s) | peak RSS (MB) |"
echo "|---|---|---|---|---|"
read -r on1 on1_kb < <(measure 365)
read -r on20 on20_kb < <(measure 7300)
read -r off1 off1_kb < <(measure 365 "${off[@]}")
read -r off20 off20_kb < <(measure 7300 "${off[@]}")
echo "| trends, turnover, guideline | $on1 | $((on1_kb / 1024)) | $on20 | $((on20_kb / 1024)) |"
echo "| features off | $off1 | $((off1_kb / 1024)) | $off20 | $((off20_kb / 1024)) |"
echo
echo "share of the 20-year run spent on the changing world: $(awk "BEGIN{printf \"%.3f\", ($on20 - $off20) / $on20}")"
echo "20-year patient-days/s with the changing world: $(awk "BEGIN{printf \"%.1fM\", 7300 * $patients / $on20 / 1e6}")"
