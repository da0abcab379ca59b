#!/usr/bin/python3
"""Runs a tiny decision with `rapport decide` and reads /decisions/<name>/ with h5py: the
stored summary, acceptability curves and EVPI recomputed from the stored draws, the same
bits with one and two threads, a decision killed part-way and finished with --resume
giving the bits of an uninterrupted one, and bad decision files refused with one line.

usage: decide_with_h5py.py <rapport executable> <work directory>
"""
import pathlib
import shutil
import signal
import subprocess
import sys
import time

import h5py
import numpy as np

from resume_sweep import journal_runs, start, stop
from same_bits import assert_same_datasets

DRAWS, POLICIES = 24, ["decline_all", "secure_portal", "accept_all"]


def text(value):
    """An HDF5 string attribute as str, whichever way h5py returns it."""
    return value.decode("utf-8") if isinstance(value, (bytes, np.bytes_)) else str(value)


def probability_best(nb):
    """Share of draws each policy is best in; k policies tied for the best count 1/k each."""
    best = nb == nb.max(axis=1, keepdims=True)
    return (best / best.sum(axis=1, keepdims=True)).mean(axis=0)


def resumable_decision(work, scenarios):
    """Runs long enough (10,000 patients for a year each) for a kill to land part-way."""
    path = work / "resumable.toml"
    path.write_text(
        f'policies = ["{scenarios / "decline_all.toml"}", "{scenarios / "accept_all.toml"}"]\n'
        "[psa]\ndraws = 20\nseed = 8\n"
        "[set]\npopulation.physicians = 10\npopulation.patients_per_physician = 1000\nrun.days = 365\n"
        '[[parameters]]\nkey = "trust.accept"\n[threshold]\nenabled = false\n')
    return path


def kill_and_resume(rapport, decision, work):
    """SIGKILL once some PSA runs are journaled, then --resume: the datasets of an uninterrupted decision."""
    reference, out = work / "uninterrupted.h5", work / "resumed.h5"
    subprocess.run([rapport, "decide", str(decision), "-o", str(reference), "--quiet"], check=True)
    journal = pathlib.Path(str(out) + ".journal")
    runs = 40  # 20 draws x 2 policies
    for _ in range(5):
        out.unlink(missing_ok=True)
        journal.unlink(missing_ok=True)
        process = start([rapport, "decide", str(decision), "-o", str(out), "--threads", "1"])
        deadline = time.time() + 120
        while journal_runs(journal) < 4 and process.poll() is None:
            assert time.time() < deadline, "no PSA runs were journaled within 120 s"
            time.sleep(0.02)
        stop(process, signal.SIGKILL)
        process.communicate(timeout=120)
        done = journal_runs(journal)
        if not out.exists() and 0 < done < runs:
            break
        print("decide: the decision finished before the kill landed; trying again")
    else:
        raise AssertionError("five kills in a row landed after the decision had finished")
    again = subprocess.run([rapport, "decide", str(decision), "-o", str(out)], capture_output=True, text=True)
    assert again.returncode == 4 and "--resume" in again.stderr, again
    finished = subprocess.run([rapport, "decide", str(decision), "-o", str(out), "--resume"], capture_output=True,
                              text=True)
    assert finished.returncode == 0, finished.stderr
    assert f"{done} already in" in finished.stderr and f"{runs - done} to go" in finished.stderr, finished.stderr
    assert not journal.exists(), "the journal is removed once the results file is complete"
    assert_same_datasets(reference, out, "/decisions")
    return done


def refused(rapport, work, name, text, *expected):
    """A bad decision file: exit code 3, one line naming the file and `expected`, nothing written."""
    bad = work / name
    bad.write_text(text)
    done = subprocess.run([rapport, "decide", str(bad), "-o", str(work / "bad.h5")], capture_output=True, text=True)
    assert done.returncode == 3, (done.returncode, done.stderr)
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    for words in (name, *expected):
        assert words in done.stderr, (words, done.stderr)
    assert not (work / "bad.h5").exists()


def decision_file(work, scenarios):
    policies = ", ".join(f'"{scenarios / (p + ".toml")}"' for p in POLICIES)
    path = work / "tiny.toml"
    path.write_text(
        f'name = "tiny"\npolicies = [{policies}]\nwillingness_to_pay = 20000\n'
        f"[psa]\ndraws = {DRAWS}\nseed = 3\n"
        "[set]\npopulation.physicians = 4\npopulation.patients_per_physician = 100\nrun.days = 60\n"
        "requests.rate_per_year = 0.3\n"
        '[[parameters]]\nkey = "trust.accept"\n'
        '[[parameters]]\nkey = "trust.breach"\ndistribution = "uniform"\nlow = -0.5\nhigh = -0.1\n'
        '[weights]\ntrust_years = { health = 0.05 }\n'
        "[willingness_to_pay_range]\nlow = 0\nhigh = 40000\nsteps = 5\n"
        "[threshold]\ngrid_points = 3\ntolerance = 0.2\n"
        '[two_way]\nparameters = ["trust.accept", "trust.breach"]\nlevels = 2\n')
    return path


def decide(rapport, decision, output, threads):
    done = subprocess.run([rapport, "decide", str(decision), "-o", str(output), "--threads", str(threads)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def main(rapport, work):
    work = pathlib.Path(work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    scenarios = pathlib.Path(__file__).resolve().parents[2] / "scenarios"
    decision = decision_file(work, scenarios)
    printed = decide(rapport, decision, work / "two.h5", 2)
    decide(rapport, decision, work / "one.h5", 1)

    with h5py.File(work / "two.h5", "r") as f, h5py.File(work / "one.h5", "r") as g:
        d = f["decisions/tiny"]
        assert list(d["policies"].asstr()[:]) == POLICIES
        assert list(d["parameters"].asstr()[:]) == ["trust.accept", "trust.breach"]
        draws = d["psa/parameters"][:]
        assert draws.shape == (DRAWS, 2)
        assert ((draws[:, 1] >= -0.5) & (draws[:, 1] <= -0.1)).all()
        # Net benefit is wtp * health - cost, from the stored outcomes and weights.
        outcomes = list(d["weights/outcome"].asstr()[:])
        health_w, cost_w = d["weights/health_per_unit"][:], d["weights/cost_per_unit"][:]
        assert health_w[outcomes.index("trust_years")] == 0.05
        assert cost_w[outcomes.index("physician_hours")] == 100.0
        health = sum(health_w[k] * d[f"psa/outcomes/{o}"][:] for k, o in enumerate(outcomes))
        cost = sum(cost_w[k] * d[f"psa/outcomes/{o}"][:] for k, o in enumerate(outcomes))
        nb = d["psa/net_benefit"][:]
        assert nb.shape == (DRAWS, len(POLICIES))
        np.testing.assert_allclose(nb, 20000 * health - cost, rtol=1e-12, atol=1e-9)
        # Adherence-years of a 400-patient, 60-day run: about 0.75 x 400 x 60 / 365.
        adherence_years = d["psa/outcomes/adherence_years"][:]
        assert (abs(adherence_years / (400 * 60 / 365) - 0.75) < 0.15).all(), adherence_years[:2]
        # Summary, probability best and EVPI are what the draws say.
        np.testing.assert_allclose(d["summary/probability_best"][:], probability_best(nb), rtol=1e-12)
        np.testing.assert_allclose(d["summary/expected_net_benefit"][:], nb.mean(axis=0))
        evpi = max(0.0, nb.max(axis=1).mean() - nb.mean(axis=0).max())
        np.testing.assert_allclose(d["summary"].attrs["evpi"], evpi, rtol=1e-12, atol=1e-9)
        assert text(d["summary"].attrs["optimal"]) == POLICIES[int(nb.mean(axis=0).argmax())]
        curves = d["acceptability/probability_best"][:]
        assert curves.shape == (5, 3)
        np.testing.assert_allclose(curves.sum(axis=1), 1.0)
        np.testing.assert_allclose(d["acceptability/willingness_to_pay"][:], [0, 10000, 20000, 30000, 40000])
        evppi = d["evppi/parameter"][:]
        assert evppi.shape == (2,) and (evppi >= 0).all() and (evppi <= evpi * 1.05 + 1e-9).all()
        assert d["threshold/values"].shape == (2, 3)
        assert d["tornado/parameter"].shape == (2,)
        assert d["two_way/optimal"].shape == (4,)
        # The printed summary is the stored one.
        assert text(d["summary"].attrs["text"]) in printed, printed
        assert text(d["summary"].attrs["text"]).startswith("Recommend ")
        # One thread or two: the same bits.
        for path in ["psa/net_benefit", "psa/parameters", "threshold/net_benefit", "evppi/parameter"]:
            assert np.array_equal(d[path][:], g[f"decisions/tiny/{path}"][:]), path

    # Bad decision files: one line naming the file, the key and what is allowed.
    good = decision.read_text()
    refused(rapport, work, "misspelt.toml", good.replace("[psa]\ndraws", "[psa]\ndrawz"), "psa.drawz",
            "did you mean 'psa.draws'")
    refused(rapport, work, "unknown_parameter.toml", good.replace('key = "trust.accept"', 'key = "trust.acept"'),
            "trust.acept", "did you mean 'trust.accept'")
    refused(rapport, work, "distribution.toml", good.replace('distribution = "uniform"', 'distribution = "normal"'),
            "trust.breach: distribution", "beta", "triangular")
    refused(rapport, work, "range.toml", good.replace("low = -0.5", "low = -5"), "trust.breach",
            "outside the values the model accepts")
    refused(rapport, work, "one_policy.toml", good.replace(
        f', "{scenarios / "secure_portal.toml"}", "{scenarios / "accept_all.toml"}"', ""), "policies", "at least two")
    refused(rapport, work, "weight.toml", good.replace("trust_years = {", "trust_yaers = {"), "weights.trust_yaers",
            "trust_years")
    refused(rapport, work, "set.toml", good.replace("run.days = 60", "run.days = -1"), "run.days", "allowed")
    done = kill_and_resume(rapport, resumable_decision(work, scenarios), work)
    print(f"decide: read back with h5py, recomputed and reproduced; killed after {done} PSA runs and resumed")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
