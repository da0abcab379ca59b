#!/usr/bin/python3
"""The MPI build gives the same bits as the single-process build: a sweep and a
multi-scenario run under `mpirun -np 1`, `-np 2` and `-np 3` (oversubscribed on one
machine) against the same commands of the build without MPI. Only /sweeps and
/scenarios are compared: timings, hosts and process counts live in /provenance.

usage: mpi_same_bits.py <rapport (MPI)> <rapport (no MPI)> <work directory>
"""
import pathlib
import shutil
import subprocess
import sys

from same_bits import assert_same_datasets

SCENARIOS = pathlib.Path(__file__).resolve().parents[2] / "scenarios"


def main(mpi_rapport, single_rapport, work):
    work = pathlib.Path(work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    sweep = work / "mpi_sweep.toml"
    sweep.write_text(
        'name = "mpi"\n'
        f'scenarios = ["{SCENARIOS / "decline_all.toml"}", "{SCENARIOS / "secure_portal.toml"}"]\n'
        'outcomes = ["trust_mean", "friend_requests", "physician_minutes_mean"]\n'
        '[design]\nmethod = "morris"\nsamples = 4\nreplicates = 2\nseed = 3\n'
        "[set]\npopulation.physicians = 5\npopulation.patients_per_physician = 300\nrun.days = 120\n"
        '[[parameters]]\nkey = "requests.rate_per_year"\nlow = 0.01\nhigh = 0.3\n'
        '[[parameters]]\nkey = "trust.decline_silent"\nlow = -0.05\nhigh = 0.0\n'
    )
    run_args = [str(SCENARIOS / "decline_all.toml"), str(SCENARIOS / "accept_all.toml"), "--replicates", "5",
                "--days", "60", "--set", "population.physicians=6", "--quiet"]

    def both(rapport, stem, launcher=()):
        subprocess.run([*launcher, rapport, "sweep", str(sweep), "-o", str(work / f"{stem}_sweep.h5"), "--quiet",
                        "--threads", "1"], check=True)
        subprocess.run([*launcher, rapport, "run", *run_args, "-o", str(work / f"{stem}_run.h5"), "--threads", "1"],
                       check=True)

    both(single_rapport, "single")
    for ranks in (1, 2, 3):
        both(mpi_rapport, f"np{ranks}", ["mpirun", "--oversubscribe", "-np", str(ranks)])
        assert_same_datasets(work / "single_sweep.h5", work / f"np{ranks}_sweep.h5", "/sweeps")
        assert_same_datasets(work / "single_run.h5", work / f"np{ranks}_run.h5", "/scenarios")
    print("mpi: sweep and run datasets identical with -np 1, 2, 3 and without MPI")


if __name__ == "__main__":
    main(*sys.argv[1:4])
