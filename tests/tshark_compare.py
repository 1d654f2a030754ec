#!/usr/bin/env python3
"""tshark_compare.py BIN FILE... - the replay against tshark, field by field.

For every frame that tshark decodes as one TCP segment, tcpviz's JSON Lines
record must carry the same frame number, stream, flags, raw and relative
sequence and acknowledgement numbers, payload length, window, ports and
analysis notes (tshark's tcp.analysis.* flags). Prints one line per file
and a summary line; exits 1 when any file differs.
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
         ["tcp.analysis." + a for a in ANALYSIS]


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
        analysis = {a for a, v in zip(ANALYSIS, col[11:]) if v}
        rows[int(col[0])] = {
            "stream": int(col[1]),
            "flags": int(col[2], 16) & 0x1FF,
            "seq": int(col[3]), "ack": int(col[4]),
            "rseq": int(col[5]), "rack": int(col[6]) if col[6] else None,
            "len": int(col[7]), "win": int(col[8]),
            "sport": int(col[9]), "dport": int(col[10]),
            "analysis": analysis,
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
        }
    return run.returncode, rows


COMPARED = {"frames": 0, "notes": 0}


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
        for key in t:
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
    print("  compared %d segments field by field, %d of them with analysis notes"
          % (COMPARED["frames"], COMPARED["notes"]))
    print("tshark: %d passed, %d failed, %s skipped"
          % (passed, failed, os.environ.get("TSHARK_SKIPPED", "0")))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
