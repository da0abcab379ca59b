#!/usr/bin/python3
"""A sweep killed part-way (SIGKILL, then SIGTERM) and resumed with --resume gives the
same /sweeps datasets as an uninterrupted sweep; the journal refuses other work.

usage: resume_sweep.py <rapport executable> <work directory> [launcher words...]
The launcher (e.g. `mpirun --oversubscribe -np 2`) runs the killed and resumed sweeps;
the reference sweep always runs without it.
"""
import os
import pathlib
import shutil
import signal
import struct
import subprocess
import sys
import time

from same_bits import assert_same_datasets

OUTCOMES = ["trust_mean", "friend_requests"]
# 48 LHS points x 2 replicates: enough runs that a kill still lands part-way when other work
# loads the machine, as the journal then grows in bursts (at 48 runs, kills landed after 45).
RUNS = 96


def write_sweep(work, seed):
    scenarios = pathlib.Path(__file__).resolve().parents[2] / "scenarios"
    path = work / f"resume_{seed}.toml"
    path.write_text(
        'name = "resume"\n'
        f'base = "{scenarios / "status_quo.toml"}"\n'
        f"outcomes = {OUTCOMES!r}\n".replace("'", '"')
        + f"[design]\nmethod = \"lhs\"\nsamples = {RUNS // 2}\nreplicates = 2\nseed = {seed}\n"
        "[set]\npopulation.physicians = 10\npopulation.patients_per_physician = 2000\nrun.days = 365\n"
        "[[parameters]]\nkey = \"requests.rate_per_year\"\nlow = 0.01\nhigh = 0.2\n"
    )
    return path


def journal_runs(journal):
    """Complete records in a journal (header, then index, size, payload, checksum)."""
    data = journal.read_bytes() if journal.exists() else b""
    if len(data) < 36:
        return 0
    (fingerprint_size,) = struct.unpack_from("<Q", data, 28)
    offset, runs = 36 + fingerprint_size + 8, 0
    while offset + 24 <= len(data):
        (size,) = struct.unpack_from("<Q", data, offset + 8)
        if offset + 24 + size > len(data):
            break
        offset, runs = offset + 24 + size, runs + 1
    return runs


def session_processes(session):
    """Process ids in a session (an MPI launcher puts each rank in its own process group)."""
    pids = []
    for stat in pathlib.Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session:
            pids.append(int(stat.parent.name))
    return pids


def stop(process, sig):
    """Signals every process of the job at once, as Slurm does at a time limit."""
    for pid in session_processes(process.pid):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


def start(command):
    """In a session of its own, so a kill reaches every process of an MPI launch, and at a
    lower priority, so that this script, watching the journal on a machine whose cores the
    sweep fills, sees it grow run by run and kills it part-way rather than too late."""
    return subprocess.Popen(["nice", "-n", "10", *command], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


class KilledTooLate(Exception):
    """The sweep finished before the kill landed (the machine was too busy to watch it)."""


def kill_part_way(command, journal, sig):
    """Starts the command and kills it once at least 6 more runs are journaled."""
    before = journal_runs(journal)
    process = start(command)
    deadline = time.time() + 120
    while journal_runs(journal) < before + 6:
        if process.poll() is not None:
            raise KilledTooLate(process.communicate())
        assert time.time() < deadline, "no runs were journaled within 120 s"
        time.sleep(0.02)
    stop(process, sig)
    _, err = process.communicate(timeout=120)
    done = journal_runs(journal)
    if done == 0 or done == RUNS:  # the journal was complete, or removed with the output written
        raise KilledTooLate(err)
    assert before + 6 <= done, f"{done} runs journaled, fewer than when the kill was sent"
    return process.returncode, err, done


def kill_and_resume(rapport, work, sweep, reference, launcher):
    """SIGKILL, then SIGTERM during --resume, then --resume to the end. Returns the runs journaled at each kill."""
    out = work / "killed.h5"
    journal = pathlib.Path(str(out) + ".journal")
    for leftover in (out, journal):
        leftover.unlink(missing_ok=True)
    command = launcher + [rapport, "sweep", str(sweep), "-o", str(out), "--threads", "1"]

    # SIGKILL at an arbitrary moment: no output, the journal keeps what finished.
    _, _, done = kill_part_way(command, journal, signal.SIGKILL)
    assert not out.exists()

    # Without --resume the journal is not silently overwritten.
    again = subprocess.run(command, capture_output=True, text=True)
    assert again.returncode == 4 and "--resume" in again.stderr, again

    # A torn record (a kill in the middle of a write) is dropped, not half-used.
    with open(journal, "ab") as f:
        f.write(struct.pack("<QQ", 3, 4096) + b"\x01" * 10)

    # SIGTERM during the resumed sweep: exit 5, and the journal grows.
    code, err, done_after_term = kill_part_way(command + ["--resume"], journal, signal.SIGTERM)
    assert code == 5 or launcher, (code, err)  # mpirun reports its own exit status
    assert done_after_term > done, (done, done_after_term)
    assert "--resume" in err or launcher, err

    # Resume to the end: only the missing runs run, and the datasets are the uninterrupted ones.
    finished = subprocess.run(command + ["--resume"], capture_output=True, text=True)
    assert finished.returncode == 0, finished
    assert f"{done_after_term} already in" in finished.stderr and f"{RUNS - done_after_term} to go" in finished.stderr, finished.stderr
    assert not journal.exists(), "the journal is removed once the results file is complete"
    assert_same_datasets(reference, out, "/sweeps")
    return done, done_after_term


def retried(attempt, what):
    """Runs attempt() until a kill lands part-way (a busy machine can make the watcher late)."""
    for _ in range(5):
        try:
            return attempt()
        except KilledTooLate:
            print(f"{what}: the sweep finished before the kill landed; trying again")
    raise AssertionError(f"{what}: five kills in a row landed after the sweep had finished")


def main(rapport, work, launcher):
    work = pathlib.Path(work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    sweep = write_sweep(work, seed=5)
    reference = work / "reference.h5"
    subprocess.run([rapport, "sweep", str(sweep), "-o", str(reference), "--quiet"], check=True)
    done, done_after_term = retried(lambda: kill_and_resume(rapport, work, sweep, reference, launcher), "resume")

    # A journal of different work (another seed) is refused, naming the journal.
    other = write_sweep(work, seed=6)
    other_out = work / "other.h5"
    other_journal = pathlib.Path(str(other_out) + ".journal")

    def kill_other():
        other_journal.unlink(missing_ok=True)
        other_out.unlink(missing_ok=True)
        kill_part_way(launcher + [rapport, "sweep", str(other), "-o", str(other_out), "--threads", "1"],
                      other_journal, signal.SIGKILL)

    retried(kill_other, "other work")
    refused = subprocess.run(launcher + [rapport, "sweep", str(sweep), "-o", str(other_out), "--resume"],
                             capture_output=True, text=True)
    assert refused.returncode != 0 and "different work" in refused.stderr, refused
    print(f"resume: killed after {done} and {done_after_term} of {RUNS} runs; resumed datasets identical")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
