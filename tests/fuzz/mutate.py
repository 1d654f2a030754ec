#!/usr/bin/env python3
"""mutate.py OUT COUNT FILE... - COUNT hostile captures made from FILEs:
bit flips, truncations, splices of two files, and absurd lengths written
into the record headers. Seeded, so a failure can be made again."""
import os
import random
import struct
import sys


def absurd(data, rnd):
    """Overwrite a length field of a pcap record or pcapng block."""
    b = bytearray(data)
    if len(b) < 32:
        return bytes(b)
    values = [0, 1, 0x7FFFFFFF, 0xFFFFFFFF, 0x10000, 65535, 65536, 262145]
    v = struct.pack("<I", rnd.choice(values))
    # After the 24-byte pcap file header, or anywhere 4-aligned for pcapng.
    off = rnd.randrange(24 if b[:4] != b"\x0a\x0d\x0d\x0a" else 4, len(b) - 4)
    off -= off % 4
    b[off:off + 4] = v
    return bytes(b)


def mutate(files, rnd):
    data = open(rnd.choice(files), "rb").read()
    kind = rnd.randrange(4)
    if kind == 0 and data:
        b = bytearray(data)
        for _ in range(rnd.randint(1, 16)):
            i = rnd.randrange(len(b))
            b[i] ^= 1 << rnd.randrange(8)
        return bytes(b)
    if kind == 1:
        return data[:rnd.randrange(len(data) + 1)]
    if kind == 2:
        other = open(rnd.choice(files), "rb").read()
        return data[:rnd.randrange(len(data) + 1)] + other[rnd.randrange(len(other) + 1):]
    return absurd(data, rnd)


def main():
    out, count, files = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    os.makedirs(out, exist_ok=True)
    rnd = random.Random(20261122)
    for n in range(count):
        with open(os.path.join(out, "m%05d" % n), "wb") as f:
            f.write(mutate(files, rnd))


main()
