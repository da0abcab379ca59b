"""Writes a seed for the journal fuzzer (fuzz/journal_fuzzer.cpp): three whole records
that a run could have written (three doubles each), one record of the wrong shape, and a
torn tail, in the fuzzer's input layout: record count, then per record a run byte, a
length byte and the payload."""
import struct
import sys


def record(run, payload):
    return bytes([run, len(payload)]) + payload


def values(*numbers):
    return struct.pack("<Q", len(numbers)) + struct.pack(f"<{len(numbers)}d", *numbers)


seed = bytes([4])
seed += record(0, values(0.5, 0.25, 1.0))
seed += record(3, values(0.75, 0.5, 2.0))
seed += record(5, values(0.1, 0.2, 3.0))
seed += record(1, values(1.0, 2.0))  # two values where a run writes three
seed += b"\x07torn"
with open(sys.argv[1], "wb") as out:
    out.write(seed)
