#!/usr/bin/env python3
"""traced_check.py FILE.jsonl SCENARIO - what `tcpviz run --jsonl` must
show of the test programs (tests/programs/) in each scenario: the calls
and segments in causal order, the programs' output and how each ended.
Prints a line per failed check and a summary; exits 1 when any failed.

Scenarios: echo, forever, forking, noclose, nonblocking, crash,
ignores, notfound.
"""
import json
import sys

records = [json.loads(line) for line in open(sys.argv[1])]
scenario = sys.argv[2]
segs = [r for r in records if r["type"] == "segment"]
calls = [r for r in records if r["type"] == "call"]
outputs = [r for r in records if r["type"] == "output"]
exits = [r for r in records if r["type"] == "exit"]
passed = failed = 0


def check(what, ok):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("  FAIL: " + what)


def index(r):
    return records.index(r)


def call(prog, name, phase, nth=0, **kw):
    found = [c for c in calls if c.get("prog") == prog and c["call"] == name
             and c["phase"] == phase
             and all(c.get(k) == v for k, v in kw.items())]
    return found[nth] if len(found) > nth else None


def seg(role, direction, nth=0):
    found = [s for s in segs if s["role"] == role and s["dir"] == direction]
    return found[nth] if len(found) > nth else None


def before(a, b):
    return a is not None and b is not None and index(a) < index(b)


def exit_of(prog):
    found = [e for e in exits if e.get("prog") == prog]
    return found[-1] if found else None


def said(prog, text):
    return any(o.get("prog") == prog and text in o["text"] for o in outputs)


def t(r):
    return r["t"] if r else None


# Every record is in time order, as the session hands them on.
times = [r["t"] for r in records if "t" in r]
check("records in time order", times == sorted(times))
# Calls of traced programs name their process.
check("every call names its process",
      all(c.get("pid") and c.get("prog") and c.get("who") for c in calls))

if scenario in ("echo", "forever"):
    client = "echo_client"
    syn, synack = seg("handshake-1", "c2s"), seg("handshake-2", "s2c")
    ack3 = seg("handshake-3", "c2s")
    ce = call(client, "connect", "enter")
    cr = call(client, "connect", "return")
    check("connect() entered before the SYN", before(ce, syn))
    check("connect() returned after the SYN-ACK", before(synack, cr))
    check("connect() = 0", cr is not None and cr["ret"] == 0)
    check("the client's calls on the client's side",
          ce is not None and ce["actor"] == "client")
    ae = call("echo_server" if scenario == "echo" else "forever_server",
              "accept", "enter")
    check("accept() entered on the server's side",
          ae is not None and ae["actor"] == "server")
    check("accept() entered before the SYN", before(ae, syn))
    ar = call(ae["prog"] if ae else "", "accept", "return")
    check("accept() returned after the final ACK", before(ack3, ar))
    check("accept() returned the peer's address",
          ar is not None and ar["detail"].startswith("127.0.0.1:"))
    check("the client said what it got", said(client, "client: got hello"))
    e = exit_of(client)
    check("the client exited with status 0",
          e is not None and e["status"] == 0 and e["signal"] is None)
    fin = seg("fin", "c2s")
    check("the client's close() before its FIN",
          before(call(client, "close", "enter"), fin))

if scenario == "echo":
    stream = syn["stream"] if syn else None
    on_conn = [c for c in calls if c["phase"] == "return"
               and c["call"] in ("connect", "accept", "send", "recv")]
    check("calls on the connection name its stream",
          bool(on_conn) and all(c["stream"] == stream for c in on_conn))
    check("calls before it (socket, bind, listen) name none",
          all(c["stream"] is None for c in calls
              if c["call"] in ("socket", "bind", "listen")))
    fin = seg("fin", "c2s")
    r0 = [c for c in calls if c.get("prog") == "echo_server"
          and c["call"] == "recv" and c["phase"] == "return"
          and c["ret"] == 0]
    check("the server's recv() = 0 after the client's FIN",
          bool(r0) and before(fin, r0[0]))
    check("the server said the client closed",
          said("echo_server", "server: client closed"))
    e = exit_of("echo_server")
    check("the server exited with status 0",
          e is not None and e["status"] == 0)

if scenario == "forever":
    e = exit_of("forever_server")
    check("the server that accepts for ever was ended by SIGTERM",
          e is not None and e["signal"] == "TERM")
    last = [c for c in calls if c.get("prog") == "forever_server"][-1:]
    check("and shown blocked in accept() at the end",
          bool(last) and last[0]["call"] == "accept"
          and last[0]["phase"] == "enter")

if scenario == "forking":
    forks = [r for r in records if r["type"] == "process"
             and r["event"] == "fork" and r.get("prog") == "forking_server"]
    check("the server forked a child per client", len(forks) == 2)
    tids = {c["tid"] for c in calls if c.get("prog") == "threaded_client"}
    check("the client's two threads, each its own", len(tids) >= 2)
    kept = [c for c in calls if c.get("prog") == "forking_server"
            and c["call"] == "close" and c["phase"] == "enter"
            and "not the last descriptor" in c["detail"]]
    check("the parent's close() of an accepted socket sends nothing",
          len(kept) >= 2)
    child_recv = [c for c in calls if c.get("prog") == "forking_server"
                  and c["call"] == "recv" and c["phase"] == "return"]
    check("each child's calls name its own connection",
          sorted({c["stream"] for c in child_recv}) == [0, 1])
    check("each child echoed and said so",
          sum(1 for o in outputs if "client closed" in o["text"]) == 2)
    check("both threads got their echo",
          said("threaded_client", "thread 1")
          and said("threaded_client", "thread 2"))

if scenario == "noclose":
    e = exit_of("noclose_client")
    fin = seg("fin", "c2s")
    check("the client never called close()",
          call("noclose_client", "close", "enter") is None)
    check("the kernel sent its FIN (or RST) when it exited",
          e is not None and (before(e, fin) or any(
              s["dir"] == "c2s" and "RST" in s["flags"]
              and index(s) > index(e) for s in segs)))

if scenario == "nonblocking":
    cr = call("nonblocking_client", "connect", "return")
    check("connect() = -1 EINPROGRESS at once",
          cr is not None and cr["ret"] == -1 and cr["errno"] == "EINPROGRESS")
    pe = [c for c in calls if c.get("prog") == "nonblocking_client"
          and c["call"] == "poll"]
    check("then it waits in poll()", bool(pe) and before(cr, pe[0]))
    rst = [s for s in segs if "RST" in s["flags"]]
    check("the RST refused it", bool(rst))
    check("SO_ERROR said it", said("nonblocking_client", "Connection refused"))

if scenario == "crash":
    e = exit_of("crash")
    check("the crash is shown as its end: SIGSEGV",
          e is not None and e["signal"] == "SEGV")
    check("and its connection was made first",
          call("crash", "connect", "return") is not None)

if scenario == "ignores":
    e = exit_of("ignores_term")
    check("a program that ignores SIGTERM gets SIGKILL",
          e is not None and e["signal"] == "KILL")

if scenario == "notfound":
    check("the shell's own line about it",
          any("nosuch_program_tcpviz" in o["text"] for o in outputs))
    check("its status 127",
          any(e["status"] == 127 for e in exits))

print("%s: %d passed, %d failed" % (scenario, passed, failed))
sys.exit(1 if failed else 0)
