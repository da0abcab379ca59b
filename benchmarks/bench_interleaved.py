#!/usr/bin/python3
"""Daily throughput of several rapport binaries, interleaved, against the bandwidth bound.

On a shared machine the speed of both the code and the memory moves by tens of percent from
minute to minute, so binaries are compared in one run: every round times a 1-day and a
365-day run of each binary (1,000,000 patients, 2 threads, as benchmarks/bench_throughput.sh),
each round starting with the next binary, after measuring the STREAM triad (the bound).
Each binary's times are the fastest of all rounds; daily throughput = 364 x patients /
(t365 - t1). The ratio is given against the best triad of the run (the script's definition,
as in bench_throughput.sh) and against the median one.

Usage: benchmarks/bench_interleaved.py [--rounds N] [--threads T] RAPPORT...
The kernel benchmark (the triad) is taken from benchmarks/ next to the first binary.
"""
import argparse
import pathlib
import re
import statistics
import subprocess
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
PHYSICIANS, PER_PHYSICIAN = 500, 2000


def timed_run(binary, days, threads, output):
    start = time.perf_counter()
    subprocess.run([binary, "run", "scenarios/status_quo.toml", "-o", output, "--force", "--quiet",
                    "--replicates", "1", "--days", str(days), "--threads", str(threads),
                    "--set", f"population.physicians={PHYSICIANS}",
                    "--set", f"population.patients_per_physician={PER_PHYSICIAN}"], check=True, cwd=ROOT)
    return time.perf_counter() - start


def triad_bounds(kernels, threads):
    out = subprocess.run([kernels, f"--benchmark_filter=BM_StreamTriad/[0-9]+/{threads}/",
                          "--benchmark_repetitions=3"], capture_output=True, text=True, check=True).stdout
    scale = {"k": 1e3, "M": 1e6, "G": 1e9}
    repetitions = [line for line in out.splitlines() if not re.search(r"_(mean|median|stddev|cv) ", line)]
    return [float(value) * scale[unit] for line in repetitions
            for value, unit in re.findall(r"bound_patient_days/s=([0-9.]+)([kMG])", line)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("binaries", nargs="+")
    args = parser.parse_args()
    binaries = [str(pathlib.Path(b).resolve()) for b in args.binaries]
    kernels = pathlib.Path(binaries[0]).parent / "benchmarks" / "rapport_bench_kernels"
    times = {(b, days): [] for b in binaries for days in (1, 365)}
    bounds = []
    with tempfile.TemporaryDirectory() as scratch:
        output = str(pathlib.Path(scratch) / "run.h5")
        for round_index in range(args.rounds):
            bounds += triad_bounds(kernels, args.threads)
            # Each round starts with the next binary: whichever binary runs right after the
            # triads is slower (about 0.06 s on a 1-day run, measured), so a fixed order
            # would bias the first binary's times.
            start = round_index % len(binaries)
            for binary in binaries[start:] + binaries[:start]:
                for days in (1, 365):
                    times[(binary, days)].append(timed_run(binary, days, args.threads, output))
    best, median = max(bounds), statistics.median(bounds)
    patients = PHYSICIANS * PER_PHYSICIAN
    print(f"bandwidth bound, {args.threads} threads: best {best / 1e6:.0f}M, median {median / 1e6:.0f}M "
          f"patient-days/s ({len(bounds)} triads in {args.rounds} rounds)")
    print("| binary | 1-day run (s) | 365-day run (s) | daily work (s) | patient-days/s | of the best bound "
          "| of the median bound | 1-day run / daily work |")
    print("|---|---|---|---|---|---|---|---|")
    for name, binary in zip(args.binaries, binaries):
        t1, t365 = min(times[(binary, 1)]), min(times[(binary, 365)])
        rate = 364 * patients / (t365 - t1)
        print(f"| {name} | {t1:.3f} | {t365:.3f} | {t365 - t1:.3f} | {rate / 1e6:.0f}M | {rate / best:.3f} "
              f"| {rate / median:.3f} | {t1 / (t365 - t1):.3f} |")


if __name__ == "__main__":
    main()
