#!/usr/bin/env python3
"""tshark_compare.py BIN FILE... - the replay against tshark, field by field.

For every frame that tshark decodes as one TCP segment, tcpviz's JSON Lines
record must carry the same frame number, stream, flags, raw and relative
sequence and acknowledgement numbers, payload length, window, ports and
analysis notes (tshark's tcp.analysis.* flags), and its payload field must
hold the first bytes of tshark's tcp.payload (at most PAYLOAD_MAX, fewer
only where the capture has fewer). Prints one line per file and a summary
line; exits 1 when any file differs.
"""
import json
import os
import subprocess
import sys

ANALYSIS = [
    "retransmission", "fast_retransmission", "spurious_retransmission",
    "out_of_order", "duplicate_ack", "zero_window", "zero_window_probe",
    "zero_window_probe_ack", "window_update", "window_full", "keep_alive",
    "keep_alive_ack", "lost_segment", "ack_lost_segment", "reused_ports",
]
FIELDS = ["frame.number", "tcp.stream", "tcp.flags", "tcp.seq_raw",
          "tcp.ack_raw", "tcp.seq", "tcp.ack", "tcp.len",
          "tcp.window_size_value", "tcp.srcport", "tcp.dstport"] + \
         ["tcp.analysis." + a for a in ANALYSIS] + ["tcp.payload"]
PAYLOAD_MAX = 64
ESCAPES = {"\\": 0x5c, '"': 0x22, "n": 0x0a, "r": 0x0d, "t": 0x09}


def unescape(text):
    """tcpviz's payload text back to its bytes (payload.h's escapes)."""
    out = bytearray()
    i = 0
    while i < len(text):
        c = text[i]
        if c != "\\":
            out += c.encode("utf-8")
            i += 1
        elif text[i + 1] == "x":
            out.append(int(text[i + 2:i + 4], 16))
            i += 4
        else:
            out.append(ESCAPES[text[i + 1]])
            i += 2
    return bytes(out)


def tshark_rows(path):
    cmd = ["tshark", "-n", "-r", path, "-T", "fields", "-E", "separator=\t",
           "-o", "tcp.relative_sequence_numbers:TRUE"]
    for f in FIELDS:
        cmd += ["-e", f]
    out = subprocess.run(cmd, capture_output=True, text=True).stdout
    rows = {}
    for line in out.splitlines():
        col = line.split("\t")
        if len(col) < len(FIELDS) or not col[1] or "," in col[1]:
            continue  # no TCP, or several TCP headers (tunnels, ICMP)
        if not all(col[i] for i in (2, 3, 4, 5, 7, 8, 9, 10)):
            # tshark found a TCP header it could not finish (malformed or
            # cut): nothing to compare field by field.
            rows[int(col[0])] = None
            continue
        analysis = {a for a, v in zip(ANALYSIS, col[11:11 + len(ANALYSIS)])
                    if v}
        payload = col[11 + len(ANALYSIS)].replace(":", "")
        rows[int(col[0])] = {
            "stream": int(col[1]),
            "flags": int(col[2], 16) & 0x1FF,
            "seq": int(col[3]), "ack": int(col[4]),
            "rseq": int(col[5]), "rack": int(col[6]) if col[6] else None,
            "len": int(col[7]), "win": int(col[8]),
            "sport": int(col[9]), "dport": int(col[10]),
            "analysis": analysis,
            "payload": bytes.fromhex(payload) if payload else None,
        }
    return rows


FLAG_BITS = {"FIN": 1, "SYN": 2, "RST": 4, "PSH": 8, "ACK": 16, "URG": 32,
             "ECE": 64, "CWR": 128, "AE": 256}


def tcpviz_rows(binary, path):
    run = subprocess.run([binary, "replay", "--format", "jsonl", path],
                         capture_output=True, text=True)
    rows = {}
    for line in run.stdout.splitlines():
        r = json.loads(line)
        if r["type"] != "segment":
            continue
        flags = 0
        for name in filter(None, r["flags"].split(",")):
            flags |= FLAG_BITS[name]
        rows[r["frame"]] = {
            "stream": r["stream"], "flags": flags, "seq": r["seq"],
            "ack": r["ack"], "rseq": r["rseq"], "rack": r["rack"],
            "len": r["len"], "win": r["win"], "sport": r["sport"],
            "dport": r["dport"], "analysis": set(r["analysis"]),
            "payload": unescape(r["payload"]), "truncated": r["truncated"],
        }
    return run.returncode, rows


COMPARED = {"frames": 0, "notes": 0, "payloads": 0}


def payload_diff(frame, want, o):
    """The payload kept must be tshark's first bytes, all it could be."""
    got = o["payload"]
    if want is None and o["flags"] & 4:
        return []  # tshark reads a RST's data as its reset cause instead
    if want is None:  # tshark gives none (no payload, or none captured)
        return [] if not got else ["frame %d: payload tshark none, tcpviz %r"
                                   % (frame, got)]
    COMPARED["payloads"] += 1
    size = min(len(want), PAYLOAD_MAX)
    if got != want[:size] and not (o["truncated"] and
                                   want.startswith(got)):
        return ["frame %d: payload tshark %r, tcpviz %r"
                % (frame, want[:size], got)]
    return []


def compare(binary, path):
    rc, ours = tcpviz_rows(binary, path)
    if rc != 0:
        return ["tcpviz exited with status %d" % rc]
    theirs = tshark_rows(path)
    diffs = []
    for frame in sorted(set(theirs) | set(ours)):
        t, o = theirs.get(frame), ours.get(frame)
        if frame in theirs and t is None:
            continue
        if t is None:
            diffs.append("frame %d: tshark shows no TCP segment" % frame)
            continue
        if o is None:
            diffs.append("frame %d: tcpviz shows no TCP segment" % frame)
            continue
        COMPARED["frames"] += 1
        COMPARED["notes"] += bool(t["analysis"])
        diffs += payload_diff(frame, t["payload"], o)
        for key in t:
            if key == "payload":
                continue
            want, got = t[key], o[key]
            if key == "rack" and not (t["flags"] & 16):
                continue  # tshark prints 0; tcpviz says null without ACK
            if want != got:
                diffs.append("frame %d: %s tshark %s, tcpviz %s"
                             % (frame, key, sorted(want) if key == "analysis" else want,
                                sorted(got) if key == "analysis" else got))
    return diffs


def main():
    binary, files = sys.argv[1], sys.argv[2:]
    verbose = len(files) < 4
    passed = failed = 0
    for path in files:
        diffs = compare(binary, path)
        if diffs:
            failed += 1
            print("  FAIL %s: %d differences, first: %s"
                  % (path.rsplit("/", 1)[-1], len(diffs), "; ".join(diffs[:3])))
            if verbose:
                for d in diffs[3:20]:
                    print("    " + d)
        else:
            passed += 1
    print("  compared %d segments field by field, %d of them with analysis "
          "notes, %d payloads" % (COMPARED["frames"], COMPARED["notes"],
                                  COMPARED["payloads"]))
    if COMPARED["frames"] and not COMPARED["payloads"]:
        print("  FAIL: no payload was compared")
        failed += 1
    print("tshark: %d passed, %d failed, %s skipped"
          % (passed, failed, os.environ.get("TSHARK_SKIPPED", "0")))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
