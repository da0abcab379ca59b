#!/usr/bin/python3
"""Runs README's "See your results" snippets as written (shell, Python, R) on a small
results file named as README names it, and checks what they read against h5py.

usage: readme_results.py <rapport executable> <source directory> <work directory>
"""
import os
import pathlib
import re
import shutil
import subprocess
import sys

import h5py
import numpy as np
import pandas as pd

DAYS, REPLICATES, PHYSICIANS = 25, 3, 4


def snippets(readme):
    """The fenced blocks of the section, by language, in order."""
    section = readme.split("## See your results", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```(sh|python|r)\n(.*?)```", section, flags=re.S)


def run_python(code, name, directory):
    """Runs a snippet in `directory` (README's paths are relative) and returns its variables."""
    scope, cwd = {}, os.getcwd()
    os.chdir(directory)
    try:
        exec(compile(code, name, "exec"), scope, scope)
    finally:
        os.chdir(cwd)
    return scope


def main(rapport, source, work):
    source, work = pathlib.Path(source), pathlib.Path(work)
    shutil.rmtree(work, ignore_errors=True)
    (work / "results").mkdir(parents=True)
    subprocess.run([rapport, "run", str(source / "scenarios/status_quo.toml"), str(source / "scenarios/decline_all.toml"),
                    "-o", "results/demo.h5", "--days", str(DAYS), "--replicates", str(REPLICATES), "--quiet",
                    "--set", f"population.physicians={PHYSICIANS}", "--set", "population.patients_per_physician=40"],
                   check=True, cwd=work)
    blocks = snippets((source / "README.md").read_text())
    languages = [language for language, _ in blocks]
    assert languages == ["sh", "python", "python", "r"], languages

    with h5py.File(work / "results/demo.h5") as f:
        stored = f["scenarios/status_quo/metrics/trust_mean"][:]
        stored_units = f["scenarios/status_quo/metrics/trust_mean"].attrs["units"]
    stored_units = stored_units.decode() if isinstance(stored_units, bytes) else stored_units

    # The commands, with `rapport` the binary under test.
    commands = re.sub(r"^rapport ", f"{rapport} ", blocks[0][1], flags=re.M)
    subprocess.run(["bash", "-euo", "pipefail", "-c", commands], check=True, cwd=work)
    assert (work / "results/demo.html").stat().st_size > 100_000
    assert (work / "results/demo_tables/metrics.csv").exists()

    # pandas on the export: the pivot equals the per-day mean over replicates.
    scope = run_python(blocks[1][1], "README pandas snippet", work)
    assert np.allclose(scope["trust"]["status_quo"].to_numpy(), stored.mean(axis=0), rtol=0, atol=1e-15)
    assert scope["units"]["trust_mean"] == stored_units

    # h5py on the results file.
    scope = run_python(blocks[2][1], "README h5py snippet", work)
    assert scope["trust"].shape == (DAYS, REPLICATES)
    assert np.array_equal(scope["trust"].to_numpy(), stored.T)
    units = scope["units"]
    assert (units.decode() if isinstance(units, bytes) else units) == stored_units

    # R with hdf5r, as written, then what it read printed exactly for comparison.
    r_script = blocks[3][1] + (
        'cat(dim(trust), "\\n")\n'
        'cat(units, "\\n")\n'
        'cat(sprintf("%.17g", trust[, 1]), "\\n")\n'
        'cat(nrow(metrics), "\\n")\n')
    out = subprocess.run(["Rscript", "--vanilla", "-e", r_script], check=True, cwd=work, capture_output=True,
                         text=True).stdout.splitlines()
    assert out[0].split() == [str(DAYS), str(REPLICATES)], out[0]
    assert out[1].strip() == stored_units, out[1]
    assert np.array_equal(np.array([float(x) for x in out[2].split()]), stored[0]), out[2]
    metrics = pd.read_csv(work / "results/demo_tables/metrics.csv")
    assert int(out[3]) == len(metrics)
    print("README snippets ran: sh, pandas, h5py and R read the same numbers")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
