#!/usr/bin/python3
"""Runs two small scenarios, stores `rapport summarize --write`, and checks the stored
intervals the way a reviewer would, with h5py and SciPy and nothing of rapport's:

- the exact Poisson (Garwood) bounds of every rare event count equal
  chi2.ppf(0.025, 2k) / 2 and chi2.ppf(0.975, 2k + 2) / 2 for the total k over replicates,
  divided by the exposure (replicate-years, physician-years / 1,000, requests / 1,000);
- a zero-event cell keeps its upper bound (never [0, 0]);
- the career probability is 1 - exp(-rate x years) of the bounds;
- no interval of a metric (all of them non-negative) reaches below 0;
- every message minute asked of a physician was worked or waits at the end, and the
  physician workload table equals the group means of the physician table (all and
  findable physicians), per workday (x 7/5), with SciPy's t-interval across replicates.

usage: rare_event_intervals.py <rapport executable> <work directory>
"""
import math
import pathlib
import shutil
import subprocess
import sys

import h5py
import numpy as np
from scipy.stats import chi2, t

DAYS, REPLICATES, PHYSICIANS, CAREER_YEARS = 120, 3, 8, 25
RARE = ["boundary_incidents", "breaches", "breaches_personal", "breaches_portal", "complaints", "investigations"]


def garwood(k):
    low = 0.0 if k == 0 else chi2.ppf(0.025, 2 * k) / 2
    return low, chi2.ppf(0.975, 2 * k + 2) / 2


def close(a, b):
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def check_workload(group):
    """summary/workload against numpy over /physicians: minutes asked and worked per workday."""
    table, workload = group["physicians"], group["summary/workload"]
    # Conservation: every minute asked was worked or still waits at the end.
    asked, worked = table["demand_minutes_per_day"][()] * DAYS, table["minutes_per_day"][()] * DAYS
    assert np.allclose(asked, worked + table["backlog_minutes"][()], rtol=1e-9, atol=1e-6), "minutes not conserved"
    findable = table["findable"][()] != 0
    rows = list(zip(workload["measure"].asstr()[:], workload["physicians"].asstr()[:]))
    for measure, column in [("minutes_asked_per_workday", "demand_minutes_per_day"),
                            ("minutes_worked_per_workday", "minutes_per_day")]:
        values = table[column][()] * 7 / 5
        for physicians, members in [("all", np.ones_like(findable)), ("findable", findable)]:
            per_replicate = (values * members).sum(axis=1) / members.sum(axis=1)
            n = len(per_replicate)
            half = t.ppf(0.975, n - 1) * per_replicate.std(ddof=1) / math.sqrt(n)
            r = rows.index((measure, physicians))
            assert close(workload["mean"][r], per_replicate.mean()), (measure, physicians)
            assert close(workload["ci_low"][r], max(0.0, per_replicate.mean() - half)), (measure, physicians)
            assert close(workload["ci_high"][r], per_replicate.mean() + half), (measure, physicians)


def main(rapport, work):
    work = pathlib.Path(work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    common = (f"[run]\ndays = {DAYS}\nreplicates = {REPLICATES}\nseed = 5\n"
              f"[population]\nphysicians = {PHYSICIANS}\npatients_per_physician = 200\n"
              "[requests]\nrate_per_year = 2.0\n")
    (work / "accepting.toml").write_text(common + "[policy.mix]\naccept_all = 1.0\n")
    (work / "declining.toml").write_text(common + "[policy.mix]\ndecline_all = 1.0\n")
    output = work / "results.h5"
    subprocess.run([rapport, "run", str(work / "accepting.toml"), str(work / "declining.toml"), "-o", str(output),
                    "--quiet", "--threads", "2"], check=True)
    subprocess.run([rapport, "summarize", str(output), "--baseline", "declining", "--write", "--csv",
                    "--career-years", str(CAREER_YEARS)], check=True, stdout=subprocess.DEVNULL)

    zero_cells = 0
    with h5py.File(output, "r") as f:
        for name in ["accepting", "declining"]:
            group = f["scenarios"][name]
            summary = group["summary"]
            metrics = list(summary["metric"].asstr()[:])
            replicate_years = REPLICATES * DAYS / 365.0
            requests = float(group["metrics/friend_requests"][()].sum())
            assert requests > 0, "the scenario should produce friend requests"

            low, high = summary["ci_low"][()], summary["ci_high"][()]
            for m, metric in enumerate(metrics):
                assert low[m] >= 0 and high[m] >= low[m], (name, metric, low[m], high[m])
            for band in summary["bands"].values():
                assert (band[1] >= 0).all(), (name, band.name)

            check_workload(group)
            risk = summary["risk"]
            assert float(risk.attrs["career_years"]) == CAREER_YEARS
            risk_metrics = list(risk["metric"].asstr()[:])
            assert risk_metrics == RARE, risk_metrics
            for r, metric in enumerate(risk_metrics):
                k = float(group["metrics"][metric][()].sum())
                assert k == int(k) and risk["events"][r] == k, (metric, k)
                k_low, k_high = garwood(int(k))
                if k == 0:
                    zero_cells += 1
                    assert k_high > 3.6, "a zero-event cell keeps its upper bound"
                for prefix, exposure in [("per_replicate_year", replicate_years),
                                         ("per_1000_physician_years", PHYSICIANS * replicate_years / 1000),
                                         ("per_1000_requests", requests / 1000)]:
                    assert close(risk[prefix][r], k / exposure), (metric, prefix)
                    assert close(risk[prefix + "_ci_low"][r], k_low / exposure), (metric, prefix)
                    assert close(risk[prefix + "_ci_high"][r], k_high / exposure), (metric, prefix)
                physician_years = PHYSICIANS * replicate_years
                for suffix, bound in [("", k), ("_ci_low", k_low), ("_ci_high", k_high)]:
                    expected = 1 - math.exp(-bound / physician_years * CAREER_YEARS)
                    assert close(risk["career_probability" + suffix][r], expected), (metric, suffix)

                # The summary row of the same metric: the same interval per replicate-year.
                m = metrics.index(metric)
                assert summary["statistic"].asstr()[m] == "per_replicate_year"
                assert summary["interval"].asstr()[m] == "garwood"
                assert close(summary["ci_low"][m], k_low / replicate_years), metric
                assert close(summary["ci_high"][m], k_high / replicate_years), metric
    assert zero_cells > 0, "the check of zero-event cells needs at least one (complaints or investigations)"
    shutil.rmtree(work)
    print("Garwood intervals match scipy.stats.chi2; no interval below 0; workload matches the physician table")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
