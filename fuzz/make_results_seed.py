"""Writes a tiny results file in rapport's layout (README, "HDF5 results") as a fuzzing seed.

Usage: make_results_seed.py OUT.h5. Small on purpose (one scenario, two replicates, three
days, two metrics) so mutations stay fast; it uses the storage features rapport's writer
uses (chunking, shuffle, deflate, fixed-length strings) so the fuzzer starts from them.
"""
import sys

import h5py
import numpy as np

CONFIG = """[run]
days = 3
replicates = 2
seed = 1

[population]
physicians = 1
patients_per_physician = 5
"""

with h5py.File(sys.argv[1], "w") as f:
    f.attrs["format"] = np.bytes_("rapport")
    f.attrs["format_version"] = np.int64(1)
    f.attrs["rapport_version"] = np.bytes_("0.1.0")
    scenario = f.create_group("scenarios/seed")
    scenario.attrs["config"] = np.bytes_(CONFIG)
    for name in ("seed", "replicates", "days"):
        scenario.attrs[name] = np.int64({"seed": 1, "replicates": 2, "days": 3}[name])
    scenario.create_dataset("day", data=np.arange(3, dtype=np.int64))
    for metric, reduction in (("trust_mean", "level"), ("visits", "count")):
        data = np.arange(6, dtype=np.float64).reshape(2, 3) / 7.0
        ds = scenario.create_dataset(f"metrics/{metric}", data=data, chunks=(1, 3), shuffle=True,
                                     compression="gzip", compression_opts=4)
        ds.attrs["reduction"] = np.bytes_(reduction)
        ds.attrs["units"] = np.bytes_("fraction")
    f.create_group("provenance").attrs["host"] = np.bytes_("seed")
