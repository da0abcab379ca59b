#!/usr/bin/env bash
# Scale of `rapport decide` (issue 15, BENCHMARKS.md "Decision at scale"): a probabilistic
# sensitivity analysis of DRAWS parameter draws x 5 guideline policies, each run 20,000
# patients (10 physicians x 2,000) over 10 years, with the one-way threshold analysis of
# three parameters, on THREADS threads. Prints the wall time, the processor time (user +
# system) and the number of runs. The target is DRAWS = 1000 in under 30 minutes on 2 cores;
# a smaller DRAWS gives the cost per draw, since every draw is the same amount of work.
# Usage: benchmarks/bench_decide_scale.sh [path/to/rapport] [draws] [threads]
set -euo pipefail
cd "$(dirname "$0")/.."
rapport=$(realpath "${1:-build/release/rapport}")
draws=${2:-1000}
threads=${3:-2}
scenarios=$(pwd)/scenarios
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

cat > "$out/scale.toml" <<EOF
name = "scale"
policies = ["$scenarios/decline_all.toml", "$scenarios/decline_explained.toml", "$scenarios/secure_portal.toml",
            "$scenarios/accept_with_rules.toml", "$scenarios/open_page.toml"]

[psa]
draws = $draws
seed = 7

[set]
population.physicians = 10
population.patients_per_physician = 2000
run.days = 3650

[[parameters]]
key = "trust.decline_silent"

[[parameters]]
key = "adherence.exposure_slope"

[[parameters]]
key = "breaches.p_per_message_personal"
EOF

/usr/bin/time -f "%e %U %S" -o "$out/time" "$rapport" decide "$out/scale.toml" -o "$out/scale.h5" --threads "$threads" \
  --quiet --force
read -r wall user system < "$out/time"
echo "draws $draws, policies 5, runs $((draws * 5)) (+ threshold runs), 20,000 patients x 3650 days, $threads threads:"
echo "wall $wall s, processor $(awk "BEGIN{print $user + $system}") s"
