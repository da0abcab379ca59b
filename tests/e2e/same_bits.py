"""Bit-for-bit comparison of the datasets under one group of two rapport files (h5py)."""
import h5py
import numpy as np


def datasets(path, group):
    found = {}
    with h5py.File(path, "r") as f:
        f[group].visititems(lambda name, obj: found.__setitem__(name, obj[()]) if isinstance(obj, h5py.Dataset) else None)
    return found


def assert_same_datasets(reference, other, group):
    """Same dataset names, dtypes and bytes (NaN included) under `group`."""
    a, b = datasets(reference, group), datasets(other, group)
    assert a.keys() == b.keys(), (sorted(a), sorted(b))
    for name in a:
        x, y = np.asarray(a[name]), np.asarray(b[name])
        same = x.tolist() == y.tolist() if x.dtype.kind == "O" else (x.dtype == y.dtype and x.tobytes() == y.tobytes())
        assert same, f"{group}/{name} differs between {reference} and {other}"
