"""The Python module against the CLI (issue 17): same bits, same error messages, the tables,
the GIL released, Ctrl-C. Run by CTest (tests/python/CMakeLists.txt) with the build tree's
package on PYTHONPATH and the CLI in RAPPORT_EXECUTABLE."""
import io
import os
import pathlib
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


def everything(path):
    """Every dataset (bytes and dtype) and every attribute under /scenarios."""
    found = {}

    def visit(name, obj):
        for key, value in obj.attrs.items():
            found[f"{name}@{key}"] = value
        if isinstance(obj, h5py.Dataset):
            data = obj[()]
            found[name] = (data.dtype.str, data.tolist() if data.dtype.kind == "O" else data.tobytes())

    with h5py.File(path, "r") as f:
        f["scenarios"].visititems(visit)
    return found


@pytest.mark.parametrize("threads", [1, 2])
def test_same_bits_as_the_cli(tmp_path, threads):
    cli("run", SCENARIOS / "status_quo.toml", SCENARIOS / "selective.toml", "-o", tmp_path / "cli.h5",
        "--replicates", 3, "--seed", 7, "--days", 40, "--threads", threads, "--quiet", *SMALL_SET)
    results = rapport.run([small("status_quo"), small("selective")], replicates=3, seed=7, days=40, threads=threads)
    results.save(tmp_path / "python.h5")

    expected, actual = everything(tmp_path / "cli.h5"), everything(tmp_path / "python.h5")
    assert expected.keys() == actual.keys()
    for name in expected:
        assert np.array_equal(expected[name], actual[name]) if "@" in name else expected[name] == actual[name], name
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
    worker = threading.Thread(target=rapport.run, args=(scenario,), kwargs={"replicates": 4, "days": 365, "threads": 1})
    worker.start()
    while worker.is_alive():
        ticks += 1
        time.sleep(0.005)
    assert ticks > 20  # this thread kept running while the simulation did


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
