#!/usr/bin/env python3
"""demo_check.py FILE.jsonl [--client-closes] - what a demo must show.

Reads the JSON Lines of `tcpviz demo --format jsonl` and checks the
segments, both actors' calls, the causal order between calls and the
segments that release them, and the kernel's states. Prints one line per
check and a summary line; exits 1 when any check fails.
"""
import json
import sys

records = [json.loads(line) for line in open(sys.argv[1])]
segs = [r for r in records if r["type"] == "segment"]
calls = [r for r in records if r["type"] == "call"]
kstates = [r for r in records if r["type"] == "kstate"]
passed = failed = 0


def check(what, ok):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("  FAIL: " + what)


def seg(role, direction):
    found = [s for s in segs if s["role"] == role and s["dir"] == direction]
    return found[0] if found else None


def call(actor, name, phase, nth=0):
    found = [c for c in calls if c["actor"] == actor and c["call"] == name
             and c["phase"] == phase]
    return found[nth] if len(found) > nth else None


times = [r["t"] for r in records if "t" in r]
check("records in time order", times == sorted(times))
check("one stream", len({s["stream"] for s in segs}) == 1)
syn, synack, ack3 = seg("handshake-1", "c2s"), seg("handshake-2", "s2c"), seg("handshake-3", "c2s")
check("the three handshake segments", syn and synack and ack3)
cfin, sfin = seg("fin", "c2s"), seg("fin", "s2c")
check("a FIN each way, the client's first", cfin and sfin and cfin["t"] < sfin["t"])
check("data both ways", seg("data", "c2s") and seg("data", "s2c"))

script = [("server", "socket"), ("server", "bind"), ("server", "listen"),
          ("server", "accept"), ("client", "socket"), ("client", "connect"),
          ("client", "send"), ("server", "send"), ("client", "recv"),
          ("client", "close"), ("server", "close")]
for actor, name in script:
    check("%s %s() entered and returned" % (actor, name),
          call(actor, name, "enter") and call(actor, name, "return"))
failed_calls = [c for c in calls if c["phase"] == "return" and c["ret"] is not None and c["ret"] < 0]
check("no call failed: %s" % failed_calls, not failed_calls)

if syn and synack and ack3:
    ce, cr = call("client", "connect", "enter"), call("client", "connect", "return")
    ar = call("server", "accept", "return")
    check("connect() entered before its SYN", ce and ce["t"] <= syn["t"])
    check("connect() returned after the SYN-ACK", cr and cr["t"] >= synack["t"])
    check("accept() returned after the final ACK", ar and ar["t"] >= ack3["t"])
    check("accept() was entered before the SYN (it blocked)",
          call("server", "accept", "enter")["t"] < syn["t"])
zero = [c for c in calls if c["actor"] == "server" and c["call"] == "recv"
        and c["phase"] == "return" and c["ret"] == 0]
check("the server's recv() returned 0", zero)
if zero and cfin:
    check("recv() returned 0 after the client's FIN", zero[0]["t"] >= cfin["t"])
ccl = call("client", "close", "enter")
if ccl and cfin:
    check("close() entered before its FIN", ccl["t"] <= cfin["t"])

check("the kernel showed the listener in LISTEN",
      any(k["actor"] == "server" and k["state"] == "LISTEN" for k in kstates))
check("the kernel showed both ends ESTABLISHED",
      {"client", "server"} <= {k["actor"] for k in kstates if k["state"] == "ESTABLISHED"})
client_last = [k for k in kstates if k["actor"] == "client"]
check("the client's socket ends in TIME_WAIT in the kernel",
      client_last and client_last[-1]["state"] == "TIME_WAIT")
check("and in the segments", client_last and client_last[-1]["inferred"] == "TIME_WAIT")
streams = [r for r in records if r["type"] == "stream"]
check("stream record: client TIME_WAIT, server CLOSED",
      streams and streams[0]["client_state"] == "TIME_WAIT"
      and streams[0]["server_state"] == "CLOSED")
summary = [r for r in records if r["type"] == "summary"]
check("summary last, no packet dropped",
      records[-1]["type"] == "summary" and summary[0].get("dropped") == 0)
print("demo_check: %d passed, %d failed, 0 skipped" % (passed, failed))
sys.exit(1 if failed else 0)
