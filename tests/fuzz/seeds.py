#!/usr/bin/env python3
"""seeds.py OUT FILE... - seed inputs for the fuzz targets, from captures.

replay: each capture as it is (files up to 64 KiB).
decode: each classic pcap's frames in fuzz_decode's format: one byte for
        the link type (its index in fuzz_decode.c's table), then each frame
        as a 2-byte big-endian length and its bytes.
lesson: each lesson file.  eventfile: each line of each .events file.
"""
import os
import struct
import sys

LINKS = [0, 1, 12, 14, 101, 108, 113, 228, 229, 276]


def frames(data):
    if len(data) < 24:
        return None
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        end = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        end = ">"
    else:
        return None
    link = struct.unpack(end + "I", data[20:24])[0] & 0xFFFF
    if link not in LINKS:
        return None
    out = bytearray([LINKS.index(link)])
    off = 24
    while off + 16 <= len(data) and len(out) < 65536:
        caplen = struct.unpack(end + "I", data[off + 8:off + 12])[0]
        body = data[off + 16:off + 16 + caplen]
        off += 16 + caplen
        if len(body) > 65535:
            break
        out += struct.pack(">H", len(body)) + body
    return bytes(out)


def main():
    out = sys.argv[1]
    for target in ("replay", "decode", "lesson", "eventfile"):
        os.makedirs(os.path.join(out, target), exist_ok=True)
    n = 0
    for path in sys.argv[2:]:
        try:
            with open(path, "rb") as f:
                data = f.read(1 << 20)
        except OSError:
            continue
        n += 1
        name = "%05d" % n
        if path.endswith(".lesson"):
            dest = [("lesson", data)]
        elif path.endswith(".events"):
            dest = [("eventfile", line) for line in data.splitlines()[:200]]
        else:
            dest = []
            if len(data) <= 65536:
                dest.append(("replay", data))
            dec = frames(data)
            if dec:
                dest.append(("decode", dec))
        for i, (target, blob) in enumerate(dest):
            with open(os.path.join(out, target, "%s-%d" % (name, i)), "wb") as f:
                f.write(blob)


main()
