#!/usr/bin/python3
"""`rapport export`: the long-format CSV tables read back with pandas hold exactly the
numbers of the HDF5 file (h5py), with one row per scenario x replicate x day x metric and
one per physician, units in the data dictionary; an existing directory is kept without
--force and replaced with it; a sweep file exports its design and outcomes.

usage: export_tables.py <rapport executable> <source directory> <work directory>
"""
import pathlib
import shutil
import subprocess
import sys

import h5py
import numpy as np
import pandas as pd

DAYS, REPLICATES, PHYSICIANS = 20, 2, 5


def text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def main(rapport, source, work):
    source, work = pathlib.Path(source), pathlib.Path(work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    scenarios = [source / "scenarios/decline_all.toml", source / "scenarios/status_quo.toml"]
    subprocess.run([rapport, "run", *map(str, scenarios), "-o", "run.h5", "--days", str(DAYS), "--replicates",
                    str(REPLICATES), "--quiet", "--set", f"population.physicians={PHYSICIANS}",
                    "--set", "population.patients_per_physician=30", "--set", "requests.rate_per_year=1"],
                   check=True, cwd=work)
    subprocess.run([rapport, "export", "run.h5", "--csv", "tables", "--quiet"], check=True, cwd=work)

    # round_trip: pandas' default parser may miss the last bit of a shortest round-trip decimal.
    metrics = pd.read_csv(work / "tables/metrics.csv", float_precision="round_trip")
    physicians = pd.read_csv(work / "tables/physicians.csv", float_precision="round_trip")
    dictionary = pd.read_csv(work / "tables/data_dictionary.csv", keep_default_na=False)
    with h5py.File(work / "run.h5") as f:
        names = list(f["scenarios"])
        metric_names = list(f["scenarios"][names[0]]["metrics"])
        # Other daily series (requester_series/<response>/<statistic>) follow the metrics in the same table.
        requester_series = metrics[metrics.metric.str.startswith("requester_series/")]
        assert set(requester_series.metric) == {f"requester_series/{response}/{statistic}"
                                                for response in list(f["scenarios"][names[0]]["requester_series"])
                                                for statistic in ["trust_mean", "adherence_mean", "requesters"]}
        metrics = metrics[metrics.metric.isin(metric_names)]
        assert len(metrics) == len(names) * REPLICATES * DAYS * len(metric_names), len(metrics)
        assert list(metrics.columns) == ["scenario", "replicate", "day", "metric", "value"]
        for name in names:
            group = f["scenarios"][name]
            for metric in metric_names:
                rows = metrics[(metrics.scenario == name) & (metrics.metric == metric)]
                table = rows.pivot(index="replicate", columns="day", values="value").to_numpy()
                assert np.array_equal(table, group["metrics"][metric][:], equal_nan=True), (name, metric)
                units = dictionary[(dictionary.table == "metrics.csv") & (dictionary.metric == metric)]["units"]
                assert list(units) == [text(group["metrics"][metric].attrs["units"])], (metric, list(units))
            rows = physicians[physicians.scenario == name].sort_values(["replicate", "row"])
            assert len(rows) == REPLICATES * PHYSICIANS
            for column, dataset in group["physicians"].items():
                stored = dataset[:].reshape(-1)
                if stored.dtype.kind == "S":
                    assert list(rows[column]) == [text(v) for v in stored], column
                else:
                    assert np.array_equal(rows[column].to_numpy(dtype=float), stored.astype(float)), column

    # An existing directory is kept (exit 4) unless --force, which replaces it whole.
    marker = work / "tables/mine.txt"
    marker.write_text("keep")
    refused = subprocess.run([rapport, "export", "run.h5", "--csv", "tables"], cwd=work, capture_output=True, text=True)
    assert refused.returncode == 4 and "--force" in refused.stderr, refused
    assert marker.exists()
    subprocess.run([rapport, "export", "run.h5", "--csv", "tables", "--force", "--quiet"], check=True, cwd=work)
    assert not marker.exists() and (work / "tables/metrics.csv").exists()
    assert not [p for p in work.iterdir() if p.name.startswith(".tables")], "temporary directories left behind"

    # A sweep file: design and per-replicate outcomes, long.
    subprocess.run([rapport, "sweep", str(source / "scenarios/sweeps/smoke.toml"), "-o", "sweep.h5", "--quiet"],
                   check=True, cwd=work)
    subprocess.run([rapport, "export", "sweep.h5", "--csv", "sweep_tables", "--quiet"], check=True, cwd=work)
    design = pd.read_csv(work / "sweep_tables/sweep_design.csv", float_precision="round_trip")
    outcomes = pd.read_csv(work / "sweep_tables/sweep_outcomes.csv", float_precision="round_trip")
    with h5py.File(work / "sweep.h5") as f:
        sweep = f["sweeps/smoke"]
        stored_design = sweep["design"][:]
        assert len(design) == stored_design.size
        parameters = [text(p) for p in sweep["parameters"][:]]
        first = design[design.parameter == parameters[0]].sort_values("point")["value"].to_numpy()
        assert np.array_equal(first, stored_design[:, 0])
        bases = [text(s) for s in sweep["scenarios"][:]]
        stored = sweep["outcomes"][bases[1]]["trust_mean"][:]
        rows = outcomes[(outcomes.scenario == bases[1]) & (outcomes.outcome == "trust_mean")]
        assert np.array_equal(rows.pivot(index="point", columns="replicate", values="value").to_numpy(), stored)
    print(f"export: {len(metrics)} metric rows, {len(physicians)} physician rows and a sweep read back exactly")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
