#!/usr/bin/env bash
# Installs dependencies, builds, runs every scenario in scenarios/ and prints the
# comparison against the guideline (decline_all) with 95% intervals: first where a policy
# acts (the effect per requester on trust, adherence, messages and after-hours minutes, and
# physicians' career risks), then the population table; the summary is also stored in
# results/demo.h5 (docs/ANALYSIS.md), and drawn in results/demo.html.
#
# Sized to finish in a minute or two on 2 cores: the default population (100 physicians,
# 200,000 patients) over one year (--days 365, not the default 730) with 8 replicates for
# each of the 10 scenarios, 8 x 10 x 200,000 x 365 = 5.8e9 patient-days (at the 30 million
# patient-days per second once measured on 2 free cores, about 100 s). For the full two-year
# horizon with 5 replicates run: DEMO_DAYS=730 DEMO_REPLICATES=5 scripts/demo.sh
# Further arguments go to `rapport run`, e.g. --threads 2 or --set key=value.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh release
mkdir -p results
./build/release/rapport run scenarios/*.toml -o results/demo.h5 --force \
  --days "${DEMO_DAYS:-365}" --replicates "${DEMO_REPLICATES:-8}" "$@"
echo
echo "Policies against decline_all (paired by replicate; docs/ANALYSIS.md):"
./build/release/rapport summarize results/demo.h5 --baseline decline_all --write \
  --metrics trust_mean,adherence_mean,messages,physician_minutes_mean,after_hours_minutes,overtime_minutes,breaches,complaints,investigations
echo
./build/release/rapport report results/demo.h5 -o results/demo.html --force
echo "Open results/demo.html in a browser for the tables and figures (README: See your results)."
echo
echo "The same in Python, in process (docs/PYTHON.md), on a smaller population:"
PYTHONPATH=build/release/python /usr/bin/python3 - <<'PYTHON'
import rapport
small = {"population.physicians": 20, "population.patients_per_physician": 300}
scenarios = [rapport.Scenario.from_file(f"scenarios/{name}.toml").with_(small) for name in ("decline_all", "selective")]
results = rapport.run(scenarios, replicates=4, seed=1, days=365)
print(rapport.summarize(results, baseline="decline_all", metrics=["trust_mean", "adherence_mean"]).to_string())
PYTHON
