"""The Python module against the CLI (issue 17): same bits, same error messages, the tables,
the GIL released, Ctrl-C. Run by CTest (tests/python/CMakeLists.txt) with the build tree's
package on PYTHONPATH and the CLI in RAPPORT_EXECUTABLE."""
import io
import os
import pathlib
import re
import signal
import subprocess
import sys
import textwrap
import threading
import time

import h5py
import numpy as np
import pandas as pd
import pytest

import rapport

RAPPORT = os.environ["RAPPORT_EXECUTABLE"]
SCENARIOS = pathlib.Path(os.environ["RAPPORT_SOURCE_DIR"]) / "scenarios"
SMALL = {"population.physicians": 4, "population.patients_per_physician": 100}
SMALL_SET = [arg for key, value in SMALL.items() for arg in ("--set", f"{key}={value}")]


def cli(*args, check=True):
    result = subprocess.run([RAPPORT, *map(str, args)], capture_output=True, text=True)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def cli_error(*args):
    """The one error line of a failing CLI command, without its "rapport: error: " prefix."""
    result = cli(*args, check=False)
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.startswith("rapport: error: ")]
    assert len(lines) == 1, result.stderr
    return lines[0].removeprefix("rapport: error: ")


def small(name):
    return rapport.Scenario.from_file(SCENARIOS / f"{name}.toml").with_(SMALL)


def everything(path, group="scenarios"):
    """Every dataset (bytes and dtype) and every attribute under /<group>."""
    found = {}

    def visit(name, obj):
        for key, value in obj.attrs.items():
            found[f"{name}@{key}"] = value
        if isinstance(obj, h5py.Dataset):
            data = obj[()]
            found[name] = (data.dtype.str, data.tolist() if data.dtype.kind == "O" else data.tobytes())

    with h5py.File(path, "r") as f:
        f[group].visititems(visit)
    return found


def assert_same_under(group, expected_file, actual_file):
    """Every dataset and attribute under /<group> of both files is the same, bit for bit."""
    expected, actual = everything(expected_file, group), everything(actual_file, group)
    assert expected.keys() == actual.keys()
    for name in expected:
        assert np.array_equal(expected[name], actual[name]) if "@" in name else expected[name] == actual[name], name
    return expected


@pytest.mark.parametrize("threads", [1, 2])
def test_same_bits_as_the_cli(tmp_path, threads):
    cli("run", SCENARIOS / "status_quo.toml", SCENARIOS / "selective.toml", "-o", tmp_path / "cli.h5",
        "--replicates", 3, "--seed", 7, "--days", 40, "--threads", threads, "--quiet", *SMALL_SET)
    results = rapport.run([small("status_quo"), small("selective")], replicates=3, seed=7, days=40, threads=threads)
    results.save(tmp_path / "python.h5")

    assert_same_under("scenarios", tmp_path / "cli.h5", tmp_path / "python.h5")
    with h5py.File(tmp_path / "cli.h5", "r") as f:
        for scenario in ("status_quo", "selective"):
            for metric in results.metric_names:
                stored = f[f"scenarios/{scenario}/metrics/{metric}"][()]
                assert results.metric(scenario, metric).tobytes() == stored.tobytes(), (scenario, metric)
    # The CLI reproduces the file written from Python.
    assert "bit-identical" in cli("rerun", tmp_path / "python.h5", "-o", tmp_path / "rerun.h5", "--verify", "--quiet").stdout


def test_metric_arrays_view_the_results_without_copies():
    results = rapport.run(small("selective"), replicates=2, seed=1, days=10, threads=1)
    first = results.metric("selective", "trust_mean")
    again = results.metrics("selective")["trust_mean"]
    assert first.shape == (2, 10) and first.dtype == np.float64
    assert np.shares_memory(first, again)  # both view the results' own buffer
    assert not first.flags.writeable
    del results
    assert np.isfinite(first).all()  # the view keeps the results alive


def test_to_pandas_is_the_tidy_long_table():
    results = rapport.run([small("status_quo"), small("selective")], replicates=2, seed=3, days=12, threads=2)
    table = results.to_pandas()
    n_metrics = len(results.metric_names)
    assert list(table.columns) == ["scenario", "replicate", "day", "metric", "value"]
    assert len(table) == 2 * 2 * 12 * n_metrics
    assert not table.duplicated(["scenario", "replicate", "day", "metric"]).any()
    wide = table.pivot_table(index=["scenario", "replicate", "day"], columns="metric", values="value", observed=True)
    for scenario in results.scenarios:
        for metric in ("trust_mean", "messages"):
            np.testing.assert_array_equal(wide.loc[scenario][metric].to_numpy().reshape(2, 12),
                                          results.metric(scenario, metric))


def test_summarize_matches_rapport_summarize(tmp_path):
    results = rapport.run([small("status_quo"), small("selective")], replicates=3, seed=5, days=20, threads=2)
    results.save(tmp_path / "run.h5")
    for baseline in (None, "status_quo"):
        args = ["--baseline", baseline] if baseline else []
        expected = pd.read_csv(io.StringIO(cli("summarize", tmp_path / "run.h5", "--csv", *args).stdout))
        pd.testing.assert_frame_equal(rapport.summarize(results, baseline=baseline), expected)
    with pytest.raises(rapport.ConfigError, match="unknown scenario 'nobody'"):
        rapport.summarize(results, baseline="nobody")


def stored_table(file, group, columns):
    """A table `rapport summarize --write` stored, one column per dataset."""
    with h5py.File(file, "r") as f:
        return pd.DataFrame({name: [v.decode() if isinstance(v, bytes) else v for v in f[f"{group}/{name}"][()]]
                             for name in columns})


def test_requester_effects_risks_and_workload_are_what_summarize_stores(tmp_path):
    results = rapport.run([small("status_quo"), small("accept_all")], replicates=3, seed=5, days=60, threads=2)
    file = tmp_path / "run.h5"
    results.save(file)
    cli("summarize", file, "--baseline", "status_quo", "--write")

    effects = rapport.requester_effects(results, baseline="status_quo")
    assert set(effects["scenario"]) == {"accept_all"} and len(effects) > 0
    columns = [c for c in effects.columns if c != "scenario"]
    pd.testing.assert_frame_equal(effects[columns],
                                  stored_table(file, "scenarios/accept_all/summary/requester_effects", columns))
    pd.testing.assert_frame_equal(rapport.requester_effects(file, "status_quo"), effects)  # a path works too

    risks = rapport.physician_risks(results)
    for scenario in results.scenarios:
        rows = risks[risks["scenario"] == scenario].reset_index(drop=True)
        columns = [c for c in rows.columns if c != "scenario"]
        assert len(rows) > 0
        pd.testing.assert_frame_equal(rows[columns], stored_table(file, f"scenarios/{scenario}/summary/risk", columns))
    ten_years = rapport.physician_risks(results, career_years=10, metrics=["breaches"])
    assert list(ten_years["metric"]) == ["breaches", "breaches"]
    assert (ten_years["career_probability"].to_numpy() <= risks.loc[risks["metric"] == "breaches",
                                                                    "career_probability"].to_numpy()).all()

    workload = rapport.physician_workload(results)
    for scenario in results.scenarios:
        rows = workload[workload["scenario"] == scenario].reset_index(drop=True)
        columns = [c for c in rows.columns if c != "scenario"]
        assert set(rows["physicians"]) == {"all", "findable"}
        pd.testing.assert_frame_equal(rows[columns],
                                      stored_table(file, f"scenarios/{scenario}/summary/workload", columns))
    assert (workload["ci_low"] >= 0).all()
    groups = workload.pivot_table(index=["scenario", "measure"], columns="physicians", values="physicians_per_replicate")
    assert (groups["findable"] <= groups["all"]).all()

    with pytest.raises(rapport.ConfigError, match="unknown scenario 'nobody'"):
        rapport.requester_effects(results, baseline="nobody")
    with pytest.raises(rapport.ConfigError, match="career length must be > 0"):
        rapport.physician_risks(results, career_years=0)
    with pytest.raises(rapport.ResultsFileError):
        rapport.summarize(tmp_path / "missing.h5")


def test_report_is_the_page_of_rapport_report(tmp_path):
    results = rapport.run([small("status_quo"), small("selective")], replicates=2, seed=2, days=20, threads=2)
    file = tmp_path / "results.h5"
    results.save(file)
    cli("report", file, "-o", tmp_path / "cli.html", "--baseline", "status_quo", "--quiet")
    rapport.report(file, tmp_path / "from_file.html", baseline="status_quo")
    expected = (tmp_path / "cli.html").read_bytes()
    assert (tmp_path / "from_file.html").read_bytes() == expected
    # From the results in memory, through the file save() writes (named results.h5, as here),
    # which differs only in when it was created.
    rapport.report(results, tmp_path / "from_results.html", baseline="status_quo")
    created = re.compile(rb'"created":"[^"]*"')
    page = (tmp_path / "from_results.html").read_bytes()
    assert len(created.findall(page)) == 1
    assert created.sub(b"", page) == created.sub(b"", expected)

    with pytest.raises(rapport.OutputError, match="exists"):
        rapport.report(results, tmp_path / "cli.html")
    rapport.report(results, tmp_path / "cli.html", baseline="status_quo", force=True)
    with pytest.raises(rapport.ConfigError):
        rapport.report(file, tmp_path / "other.html", baseline="nobody")
    assert not (tmp_path / "other.html").exists()


def test_errors_are_the_cli_messages(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[run]\ndays = -1\n")
    with pytest.raises(rapport.ConfigError) as error:
        rapport.Scenario.from_file(bad)
    assert str(error.value) == cli_error("run", bad, "-o", tmp_path / "x.h5")

    baseline = SCENARIOS / "status_quo.toml"
    for key, value in (("run.dayz", 3), ("run.days", 0), ("policy.mix.selective", 2.0), ("network.type", "ring")):
        with pytest.raises(rapport.ConfigError) as error:
            rapport.Scenario.from_file(baseline).with_({key: value})
        expected = cli_error("run", baseline, "-o", tmp_path / "x.h5", "--set", f"{key}={value}")
        assert str(error.value) == expected.replace("--set: ", "with_: ", 1)

    with pytest.raises(rapport.ConfigError) as error:
        rapport.Scenario({"run": {"days": 0}})
    assert str(error.value).startswith("Scenario(dict): run.days: is 0, out of range")
    with pytest.raises(rapport.ConfigError, match="another scenario is also named 'selective'"):
        rapport.run([small("selective"), small("selective")], days=2)
    with pytest.raises(rapport.ConfigError, match=r"rapport.run: run.replicates: is 0, out of range"):
        rapport.run(small("selective"), replicates=0)
    assert issubclass(rapport.ConfigError, rapport.Error) and issubclass(rapport.OutputError, rapport.Error)


def test_save_refuses_to_replace_without_force(tmp_path):
    results = rapport.run(small("selective"), replicates=1, seed=1, days=3, threads=1)
    results.save(tmp_path / "run.h5")
    before = (tmp_path / "run.h5").read_bytes()
    with pytest.raises(rapport.OutputError, match="run.h5"):
        results.save(tmp_path / "run.h5")
    assert (tmp_path / "run.h5").read_bytes() == before
    results.save(tmp_path / "run.h5", force=True)
    with h5py.File(tmp_path / "run.h5", "r") as f:
        command = f.attrs["command"]
        assert (command.decode() if isinstance(command, bytes) else command).startswith("python: rapport.run(['selective']")


def test_scenarios_from_dicts_and_overrides():
    nested = rapport.Scenario({"run": {"days": 30}, "policy": {"mix": {"selective": 1.0}}}, name="mine")
    dotted = rapport.Scenario({"run.days": 30, "policy.mix.selective": 1.0}, name="mine")
    assert nested.values == dotted.values and nested.name == "mine" and nested.file is None
    assert nested["run.days"] == 30
    # Overrides accumulate like repeated --set; keyword unpacking takes dotted keys.
    changed = dotted.with_({"run.days": 5}).with_(**{"run.seed": np.int64(9)})
    assert (changed["run.days"], changed["run.seed"], dotted["run.days"]) == (5, 9, 30)
    from_file = rapport.Scenario.from_file(SCENARIOS / "selective.toml")
    assert from_file.name == "selective" and from_file.to_toml() == rapport.Scenario(
        {"extends": str(SCENARIOS / "selective.toml")}, name="selective").to_toml()


def test_the_gil_is_released_during_a_run():
    ticks = 0
    scenario = small("selective").with_({"population.physicians": 20, "population.patients_per_physician": 1000})
    # Long enough (over a second) that a faster engine still leaves time for many ticks.
    worker = threading.Thread(target=rapport.run, args=(scenario,),
                              kwargs={"replicates": 24, "days": 365, "threads": 1})
    start = time.monotonic()
    worker.start()
    while worker.is_alive():
        ticks += 1
        time.sleep(0.005)
    elapsed = time.monotonic() - start
    # This thread kept running while the simulation did: at least a quarter of the ticks it
    # would have made alone (a held lock would allow about one).
    assert ticks > 20 and ticks > elapsed / 0.005 / 4, (ticks, elapsed)


def test_ctrl_c_stops_a_run_with_keyboard_interrupt(tmp_path):
    script = textwrap.dedent(f"""
        import os, signal, sys, time
        import rapport
        big = rapport.Scenario.from_file({str(SCENARIOS / "selective.toml")!r})
        print("started", flush=True)
        start = time.monotonic()
        try:
            rapport.run(big, replicates=50, days=3650, threads=2)
            print("finished")
        except KeyboardInterrupt:
            print(f"interrupted after {{time.monotonic() - start:.1f}} s", flush=True)
        small = big.with_(**{{"population.physicians": 2, "population.patients_per_physician": 50}})
        print("ran again", len(rapport.run(small, replicates=1, days=2).scenarios), flush=True)
        try:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(5)
        except KeyboardInterrupt:
            print("python's handler is back", flush=True)
    """)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=os.environ)
    assert child.stdout.readline().strip() == "started"
    time.sleep(1.5)
    sent = time.monotonic()
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=120)
    assert child.returncode == 0, err
    assert out.splitlines()[0].startswith("interrupted after"), out
    assert time.monotonic() - sent < 30
    assert "ran again 1" in out and "python's handler is back" in out, out


def tiny_decision(tmp_path, name="tiny", days=30):
    """Two policies, two uncertain parameters, 20 draws of 400 patients for `days` days, with the
    threshold analysis and a two-way map."""
    path = tmp_path / f"{name}.toml"
    path.write_text(textwrap.dedent(f"""\
        name = "{name}"
        policies = ["{SCENARIOS / 'decline_all.toml'}", "{SCENARIOS / 'accept_all.toml'}"]
        [psa]
        draws = 20
        seed = 3
        [set]
        population.physicians = 4
        population.patients_per_physician = 100
        run.days = {days}
        requests.rate_per_year = 0.05
        [[parameters]]
        key = "trust.accept"
        [[parameters]]
        key = "trust.decline_silent"
        [threshold]
        grid_points = 3
        [two_way]
        parameters = ["trust.accept", "trust.decline_silent"]
        levels = 2
        """))
    return path


def test_decide_writes_the_datasets_of_rapport_decide(tmp_path):
    decision_file = tiny_decision(tmp_path)
    cli("decide", decision_file, "-o", tmp_path / "cli.h5", "--threads", 1, "--quiet")
    decision = rapport.decide(decision_file, tmp_path / "python.h5", threads=2)
    assert_same_under("decisions", tmp_path / "cli.h5", tmp_path / "python.h5")
    with h5py.File(tmp_path / "python.h5", "r") as f:
        command = f.attrs["command"]
        assert (command.decode() if isinstance(command, bytes) else command).startswith("python: rapport.decide(")

    # The DataFrames are the stored tables.
    assert decision.name == "tiny" and decision.policies == ["decline_all", "accept_all"]
    assert decision.output == tmp_path / "python.h5"
    stored = "decisions/tiny"
    summary_columns = [c for c in decision.summary.columns if c != "policy"]
    pd.testing.assert_frame_equal(decision.summary[summary_columns], stored_table(tmp_path / "cli.h5", f"{stored}/summary",
                                                                                  summary_columns))
    with h5py.File(tmp_path / "cli.h5", "r") as f:
        d = f[stored]
        attribute = lambda group, name: d[group].attrs[name].decode() if isinstance(d[group].attrs[name], bytes) \
            else d[group].attrs[name]
        assert (decision.optimal, decision.evpi, decision.text) == (
            attribute("summary", "optimal"), attribute("summary", "evpi"), attribute("summary", "text"))
        assert decision.net_benefit_draws.to_numpy().tobytes() == d["psa/net_benefit"][()].tobytes()
        assert decision.parameter_draws.to_numpy().tobytes() == d["psa/parameters"][()].tobytes()
        assert list(decision.parameter_draws.columns) == list(d["parameters"].asstr()[:])
        curves = decision.acceptability.pivot(index="willingness_to_pay", columns="policy", values="probability_best")
        np.testing.assert_array_equal(curves[decision.policies].to_numpy(), d["acceptability/probability_best"][()])
        np.testing.assert_array_equal(decision.frontier["evpi"], d["acceptability/evpi"][()])
        np.testing.assert_array_equal(decision.frontier["probability_best"], d["acceptability/frontier_probability"][()])
        assert list(decision.frontier["policy"]) == [decision.policies[p] for p in d["acceptability/frontier_policy"][()]]
        parameters = decision.evppi[decision.evppi["kind"] == "parameter"]
        np.testing.assert_array_equal(parameters["evppi"], d["evppi/parameter"][()])
        np.testing.assert_array_equal(parameters["effective_df"], d["evppi/parameter_effective_df"][()])
        np.testing.assert_array_equal(decision.switches["value"], d["threshold/switch_value"][()])
        assert list(decision.tornado["parameter"]) == [decision.parameters[i] for i in d["tornado/parameter"][()]]
        np.testing.assert_array_equal(decision.tornado["at_low"], d["tornado/at_low"][()])
        assert decision.base_increment == d["tornado"].attrs["base_increment"]
        assert list(decision.two_way.columns) == ["trust.accept", "trust.decline_silent", "optimal"]
        assert list(decision.two_way["optimal"]) == [decision.policies[p] for p in d["two_way/optimal"][()]]
    assert decision.acceptability.groupby("willingness_to_pay")["probability_best"].sum().round(12).eq(1).all()

    # Without an output, nothing is left behind.
    again = rapport.decide(decision_file, threads=2)
    assert again.output is None and again.text == decision.text


def test_decide_errors_are_the_cli_messages(tmp_path):
    decision_file = tiny_decision(tmp_path)
    rapport.decide(decision_file, tmp_path / "out.h5", threads=2)
    before = (tmp_path / "out.h5").read_bytes()
    with pytest.raises(rapport.OutputError) as error:
        rapport.decide(decision_file, tmp_path / "out.h5")
    assert str(error.value) == cli_error("decide", decision_file, "-o", tmp_path / "out.h5")
    assert (tmp_path / "out.h5").read_bytes() == before

    bad = tmp_path / "bad.toml"
    bad.write_text(decision_file.read_text().replace('key = "trust.accept"', 'key = "trust.acept"'))
    with pytest.raises(rapport.ConfigError) as error:
        rapport.decide(bad, tmp_path / "bad.h5")
    assert str(error.value) == cli_error("decide", bad, "-o", tmp_path / "bad.h5")
    assert "trust.acept" in str(error.value) and not (tmp_path / "bad.h5").exists()
    with pytest.raises(rapport.Error, match="is an input of this command"):
        rapport.decide(decision_file, decision_file, force=True)
    with pytest.raises(rapport.ConfigError, match="threads"):
        rapport.decide(decision_file, tmp_path / "x.h5", threads=0)


def test_summarize_write_stores_what_summarize_write_stores(tmp_path):
    import shutil

    results = rapport.run([small("status_quo"), small("accept_all")], replicates=3, seed=4, days=30, threads=2)
    results.save(tmp_path / "cli.h5")
    shutil.copy(tmp_path / "cli.h5", tmp_path / "python.h5")
    cli("summarize", tmp_path / "cli.h5", "--baseline", "status_quo", "--mid", "trust_mean=0.03", "--career-years", 20,
        "--write")
    table = rapport.summarize(tmp_path / "python.h5", baseline="status_quo", mid={"trust_mean": 0.03}, career_years=20,
                              write=True)
    pd.testing.assert_frame_equal(table, rapport.summarize(results, baseline="status_quo", mid={"trust_mean": 0.03}))
    assert any("/summary/" in name for name in assert_same_under("scenarios", tmp_path / "cli.h5", tmp_path / "python.h5"))

    before = (tmp_path / "python.h5").read_bytes()
    with pytest.raises(rapport.ConfigError, match="unknown scenario 'nobody'"):
        rapport.summarize(tmp_path / "python.h5", baseline="nobody", write=True)
    with pytest.raises(rapport.ConfigError, match="pass its path"):
        rapport.summarize(results, write=True)
    assert (tmp_path / "python.h5").read_bytes() == before


def tiny_sweep(tmp_path):
    """A Sobol design of 8 base samples (32 points) over two parameters, two bases, 30 days of 400 patients."""
    path = tmp_path / "tiny_sweep.toml"
    path.write_text(textwrap.dedent(f"""\
        name = "tiny"
        scenarios = ["{SCENARIOS / 'decline_all.toml'}", "{SCENARIOS / 'secure_portal.toml'}"]
        outcomes = ["trust_mean", "friend_requests"]
        [design]
        method = "sobol"
        samples = 8
        seed = 5
        [set]
        population.physicians = 4
        population.patients_per_physician = 100
        run.days = 30
        [[parameters]]
        key = "requests.rate_per_year"
        low = 0.02
        high = 0.2
        [[parameters]]
        key = "trust.decline_silent"
        low = -0.05
        high = 0.02
        """))
    return path


def test_sweep_and_sensitivity_are_rapport_sweep_and_sensitivity(tmp_path):
    sweep_file = tiny_sweep(tmp_path)
    cli("sweep", sweep_file, "-o", tmp_path / "cli.h5", "--threads", 1, "--quiet")
    swept = rapport.sweep(sweep_file, tmp_path / "python.h5", threads=2)
    assert_same_under("sweeps", tmp_path / "cli.h5", tmp_path / "python.h5")
    assert swept.scenarios == ["decline_all", "secure_portal"] and swept.parameters == [
        "requests.rate_per_year", "trust.decline_silent"]
    assert swept.design.shape == (32, 2) and swept.samples == 8
    with h5py.File(tmp_path / "cli.h5", "r") as f:
        assert swept.design.to_numpy().tobytes() == f["sweeps/tiny/design"][()].tobytes()
        stored = f["sweeps/tiny/outcomes/secure_portal/trust_mean"][()]
        assert swept.outcome("secure_portal", "trust_mean").tobytes() == stored.tobytes()

    # The indices are the CLI's CSV, and stored as the CLI stores them.
    printed = cli("sensitivity", tmp_path / "cli.h5", "--csv", "--compare", "secure_portal,decline_all",
                  "--resamples", 200).stdout
    indices_csv, robustness_csv = printed.split("\n\n")
    analysed = rapport.sensitivity(swept, compare=("secure_portal", "decline_all"), resamples=200)
    pd.testing.assert_frame_equal(analysed.indices, pd.read_csv(io.StringIO(indices_csv)))
    pd.testing.assert_frame_equal(analysed.robustness, pd.read_csv(io.StringIO(robustness_csv)))
    assert {"S1", "ST", "S1_ci_low", "ST_ci_high", "prcc", "parameter", "outcome", "scenario"} <= set(analysed.indices)
    assert any("/sensitivity/" in name for name in assert_same_under("sweeps", tmp_path / "cli.h5", tmp_path / "python.h5"))
    assert rapport.sensitivity(tmp_path / "python.h5", resamples=200).robustness is None

    with pytest.raises(rapport.ConfigError) as error:
        rapport.sensitivity(tmp_path / "python.h5", compare=("secure_portal", "nobody"))
    assert str(error.value) == cli_error("sensitivity", tmp_path / "cli.h5", "--compare", "secure_portal,nobody") \
        .replace(str(tmp_path / "cli.h5"), str(tmp_path / "python.h5"))
    with pytest.raises(rapport.ResultsFileError):
        rapport.sensitivity(tmp_path / "missing.h5")
    with pytest.raises(rapport.OutputError) as error:
        rapport.sweep(sweep_file, tmp_path / "python.h5")
    assert str(error.value) == cli_error("sweep", sweep_file, "-o", tmp_path / "python.h5")


def test_ctrl_c_stops_a_decision_and_resume_finishes_it(tmp_path):
    decision_file = tiny_decision(tmp_path, name="longer", days=1500)
    output = tmp_path / "python.h5"
    script = textwrap.dedent(f"""
        import rapport
        print("started", flush=True)
        try:
            rapport.decide({str(decision_file)!r}, {str(output)!r}, threads=1)
            print("finished")
        except KeyboardInterrupt as stop:
            print("interrupted:", stop, flush=True)
    """)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=os.environ)
    assert child.stdout.readline().strip() == "started"
    journal = pathlib.Path(f"{output}.journal")
    deadline = time.monotonic() + 120
    while not journal.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    header = journal.stat().st_size
    while journal.stat().st_size == header and time.monotonic() < deadline:  # the first run journaled
        time.sleep(0.01)
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=120)
    assert child.returncode == 0, err
    kept = re.match(r"interrupted: interrupted by SIGINT; (\d+) of 40 runs are saved in .*python\.h5\.journal; "
                    r"run the same command with --resume to finish", out)
    assert kept and 1 <= int(kept.group(1)) < 40, out
    assert not output.exists() and journal.exists()

    with pytest.raises(rapport.OutputError, match="--resume"):
        rapport.decide(decision_file, output)
    rapport.decide(decision_file, output, resume=True, threads=2)
    assert not journal.exists()
    cli("decide", decision_file, "-o", tmp_path / "cli.h5", "--quiet")
    assert_same_under("decisions", tmp_path / "cli.h5", output)
