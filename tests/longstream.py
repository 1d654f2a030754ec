#!/usr/bin/env python3
"""longstream.py FILE [N] - write a pcap of one TCP connection carrying N
(default 3000) data segments: a handshake, N segments of 10 bytes from
the client each acknowledged, a teardown. For the exports' row limits:
one stream longer than any diagram should draw."""
import struct
import sys

path = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
C, S = bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])
CP, SP = 40000, 5555
out = open(path, "wb")
out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
t = [0]


def seg(c2s, flags, seq, ack, data=b""):
    src, dst = (C, S) if c2s else (S, C)
    sp, dp = (CP, SP) if c2s else (SP, CP)
    tcp = struct.pack("!HHIIBBHHH", sp, dp, seq, ack, 5 << 4, flags, 65535, 0, 0) + data
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 0, 0, 64, 6, 0, src, dst) + tcp
    frame = b"\x00" * 12 + b"\x08\x00" + ip
    t[0] += 1000
    out.write(struct.pack("<IIII", t[0] // 1000000, t[0] % 1000000, len(frame), len(frame)))
    out.write(frame)


SYN, ACK, PSH, FIN = 0x02, 0x10, 0x08, 0x01
cs, ss = 1000, 5000
seg(True, SYN, cs, 0)
seg(False, SYN | ACK, ss, cs + 1)
seg(True, ACK, cs + 1, ss + 1)
cs, ss = cs + 1, ss + 1
for i in range(n):
    seg(True, PSH | ACK, cs, ss, b"0123456789")
    cs += 10
    seg(False, ACK, ss, cs)
seg(True, FIN | ACK, cs, ss)
seg(False, FIN | ACK, ss, cs + 1)
seg(True, ACK, cs + 1, ss + 1)
