#!/usr/bin/python3
"""Runs a tiny scenario with the rapport CLI and reads the results the way a
Python user would: h5py for the file, pandas for a metric matrix.

usage: read_with_h5py.py <rapport executable> <work directory>
"""
import math
import pathlib
import re
import shutil
import subprocess
import sys
import tomllib

import h5py
import numpy as np
import pandas as pd

METRICS = [
    "trust_mean", "adherence_mean", "friend_requests", "requests_accepted", "requests_declined",
    "requests_redirected", "messages", "physician_minutes_mean", "physician_minutes_p90", "breaches",
    "breaches_cumulative", "boundary_incidents", "info_reach",
]
DAYS, REPLICATES, PHYSICIANS = 30, 3, 5


def text(value):
    """An HDF5 string attribute as str, whichever way h5py returns it."""
    return value.decode("utf-8") if isinstance(value, (bytes, np.bytes_)) else str(value)


def check_string_attributes_are_str(path):
    """Every string attribute rapport writes reads back as str (format 2), with no .decode()."""
    checked = 0
    with h5py.File(path, "r") as f:
        objects = [("/", f)]
        f.visititems(lambda name, obj: objects.append((name, obj)))
        for name, obj in objects:
            for key, value in obj.attrs.items():
                if isinstance(value, (bytes, np.bytes_)) or getattr(value, "dtype", np.dtype(float)).kind in "SO":
                    raise AssertionError(f"{name} attribute {key} reads as {type(value).__name__}, not str")
                checked += isinstance(value, str)
    assert checked > 100, checked


def main(rapport, work):
    work = pathlib.Path(work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    scenario = work / "pyread.toml"
    scenario.write_text(
        f"[run]\ndays = {DAYS}\nreplicates = {REPLICATES}\nseed = 7\n"
        f"[population]\nphysicians = {PHYSICIANS}\npatients_per_physician = 50\n"
        "[network]\nmean_degree = 6\n"
        "[requests]\nrate_per_year = 0.5\n"
        "[policy.mix]\nsecure_portal = 0.6\nselective = 0.4\n")
    output = work / "results.h5"
    subprocess.run([rapport, "run", str(scenario), "-o", str(output), "--quiet", "--threads", "2"], check=True)
    subprocess.run([rapport, "summarize", str(output), "--write"], check=True, capture_output=True)
    check_string_attributes_are_str(output)

    with h5py.File(output, "r") as f:
        assert text(f.attrs["format"]) == "rapport", f.attrs["format"]
        assert int(f.attrs["format_version"]) == 2
        assert text(f.attrs["rapport_version"])
        assert "run" in text(f.attrs["command"])
        assert "provenance" in f

        group = f["scenarios/pyread"]
        assert int(group.attrs["days"]) == DAYS
        assert int(group.attrs["replicates"]) == REPLICATES
        assert int(group.attrs["seed"]) == 7
        config_text = group.attrs["config"]
        config = tomllib.loads(config_text)
        # Reals print as written (format 2), not as 17 significant digits.
        assert "secure_portal = 0.6\n" in config_text and "selective = 0.4\n" in config_text, config_text
        assert not re.search(r"\d\.\d{15,}", config_text), config_text
        assert config["policy"]["mix"] == {"decline_all": 0.0, "accept_all": 0.0, "professional_page": 0.0,
                                           "secure_portal": 0.6, "selective": 0.4, "decline_explained": 0.0,
                                           "decline_silent": 0.0, "accept_with_rules": 0.0,
                                           "open_page": 0.0}, config["policy"]
        assert config["run"]["days"] == DAYS and config["population"]["physicians"] == PHYSICIANS

        day = group["day"][()]
        assert day.shape == (DAYS,) and list(day) == list(range(DAYS))

        for name in METRICS:
            data = group["metrics"][name]
            assert data.shape == (REPLICATES, DAYS), (name, data.shape)
            assert data.dtype == np.float64, (name, data.dtype)
            assert text(data.attrs["units"]), name
            assert text(data.attrs["description"]), name

        trust = group["metrics/trust_mean"]
        frame = pd.DataFrame(trust[()].T, index=pd.Index(day, name="day"),
                             columns=[f"replicate_{r}" for r in range(REPLICATES)])
        assert frame.shape == (DAYS, REPLICATES)
        assert all(dtype == np.float64 for dtype in frame.dtypes)
        assert ((frame >= 0) & (frame <= 1)).all().all(), frame.describe()
        assert frame.notna().all().all()
        assert text(trust.attrs["units"]) == "trust (0-1)"

        cumulative = pd.DataFrame(group["metrics/breaches_cumulative"][()])
        assert (cumulative.diff(axis=1).fillna(0) >= 0).all().all()

        policy = group["physicians/policy"][()]
        assert policy.shape == (REPLICATES, PHYSICIANS), policy.shape
        names = {text(p) for p in policy.ravel()}
        assert names == {"secure_portal", "selective"}, names
        panel = group["physicians/panel_size"][()]
        assert panel.dtype == np.float64 and math.isclose(panel[0].sum(), PHYSICIANS * 50)

        # The requester table is one data frame of 1-D columns; one row per request.
        table = group["requesters"]
        requesters = pd.DataFrame({name: table[name][()] for name in table})
        requesters["response"] = requesters["response"].str.decode("ascii")
        per_replicate = requesters.groupby("replicate").size().reindex(range(REPLICATES), fill_value=0)
        requests = group["metrics/friend_requests"][()].sum(axis=1)
        assert (per_replicate.to_numpy() == requests).all(), (per_replicate, requests)
        assert requests.sum() > 0
        assert set(requesters["response"]) <= {"redirected_portal", "accepted", "pending"}, set(requesters["response"])
        for response in ["declined", "accepted", "redirected_page", "redirected_portal", "pending", "not_asked"]:
            count = group[f"requester_series/{response}/requesters"][()]
            assert count.shape == (REPLICATES, DAYS), (response, count.shape)
            assert (count[:, -1] == 0).all() or response in set(requesters["response"]), response

        # Outcome totals for effects per requester: one value per replicate.
        totals = group["outcome_totals"]
        first = requesters[requesters["first_request"] == 1].groupby("replicate").size()
        first = first.reindex(range(REPLICATES), fill_value=0).to_numpy()
        assert (totals["requester_count"][()] == first).all(), (totals["requester_count"][()], first)
        assert np.allclose(totals["population/messages"][()], group["metrics/messages"][()].sum(axis=1))
        assert np.allclose(totals["population/breaches"][()], group["metrics/breaches"][()].sum(axis=1))
        assert np.allclose(totals["requesters/messages"][()],
                           requesters.groupby("replicate")["messages_after"].sum().reindex(range(REPLICATES),
                                                                                          fill_value=0))
        assert (totals["population/trust"][()] >= totals["requesters/trust"][()]).all()

        # Policy arms partition the scenario every day: the two arms' messages add up to the metric,
        # their physicians to the scenario's, and the other policies' arms are empty.
        arms = group["arms"]
        assert set(arms) == set(config["policy"]["mix"]), set(arms)
        physicians = sum(arms[f"{p}/physicians"][()] for p in arms)
        assert (physicians == PHYSICIANS).all()
        messages = sum(arms[f"{p}/messages"][()] for p in arms)
        assert np.allclose(messages, group["metrics/messages"][()])
        assert (arms["decline_all/patients"][()] == 0).all()
        assert np.isnan(arms["decline_all/trust_mean"][()]).all()
        patients = sum(arms[f"{p}/patients"][()] for p in arms)
        trust = sum(np.nan_to_num(arms[f"{p}/trust_mean"][()]) * arms[f"{p}/patients"][()] for p in arms)
        assert np.allclose(trust / patients, group["metrics/trust_mean"][()])

    shutil.rmtree(work)
    print("h5py/pandas read back", output.name, "ok")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
