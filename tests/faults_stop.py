#!/usr/bin/env python3
"""faults_stop.py TCPVIZ DIR - a demo and a lesson stopped by SIGINT,
SIGTERM and SIGHUP at moments spread over their run, as a person at the
keyboard or a closing terminal would stop them.

For each stop: tcpviz dies of the signal it was sent (a shell sees
128+N, a loop around it stops), says so in one line, leaves no thread
and no namespace behind, and its recording is a valid capture holding
every packet the run had shown until then. Then two demos killed by
SIGKILL, which cannot be caught: their recordings still replay cleanly
and their namespaces are gone. Prints "ok DESC" or
"FAIL DESC" lines for the calling suite to count.
"""
import os
import signal
import subprocess
import sys
import time

tv, tmp = sys.argv[1], sys.argv[2]
lesson = os.path.join(os.getcwd(), "lessons", "01-handshake.lesson")


def say(good, desc):
    print(("ok " if good else "FAIL ") + desc, flush=True)


def netns_of(pid):
    try:
        return os.readlink("/proc/%d/ns/net" % pid)
    except OSError:
        return None


def processes_in(ns):
    """PIDs of every process still in network namespace ns."""
    left = []
    for name in os.listdir("/proc"):
        if name.isdigit() and netns_of(int(name)) == ns:
            left.append(int(name))
    return left


def segments(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return sum(1 for line in f if '"type":"segment"' in line)


def stop_at(name, args, sig, at, stdin=None):
    rec = os.path.join(tmp, name + ".pcap")
    out = os.path.join(tmp, name + ".jsonl")
    err = os.path.join(tmp, name + ".err")
    own_ns = netns_of(os.getpid())
    with open(out, "w") as o, open(err, "w") as e:
        p = subprocess.Popen([tv] + args + ["--format", "jsonl", "--record", rec],
                             stdin=stdin if stdin is not None else subprocess.DEVNULL,
                             stdout=o, stderr=e)
        time.sleep(at)
        ns = netns_of(p.pid)
        p.send_signal(sig)
        try:
            rc = p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
            say(False, "%s: still running 20 s after the signal" % name)
            return
    signame = signal.Signals(sig).name
    desc = "%s (%s after %.2f s)" % (name, signame, at)
    say(rc == -sig, "%s: dies of %s (returncode %d)" % (desc, signame, rc))
    with open(err) as f:
        lines = [l for l in f.read().splitlines() if not l.startswith("-- press Enter")]
    want = "tcpviz: %s: stopped by signal %d" % (args[0], sig)
    say(lines == [want], "%s: stderr is the one line %r (got %r)" % (desc, want, lines))
    if ns is not None and ns != own_ns:
        left = processes_in(ns)
        say(not left, "%s: its namespace is gone (left: %s)" % (desc, left))
    else:
        say(False, "%s: was not in a namespace of its own when stopped" % desc)
    with open(out) as f:
        last = f.read().splitlines()[-1:]
    say(last and '"type":"summary"' in last[0], "%s: the output ends with its summary" % desc)
    replayed = os.path.join(tmp, name + ".replayed")
    with open(replayed, "w") as o:
        r = subprocess.run([tv, "replay", "--format", "jsonl", rec], stdout=o,
                           stderr=subprocess.PIPE, text=True)
    say(r.returncode == 0 and r.stderr == "",
        "%s: the recording replays without a warning (%d, %r)" % (desc, r.returncode, r.stderr))
    live, kept = segments(out), segments(replayed)
    say(live == kept, "%s: the recording holds every segment shown (%d shown, %d kept)"
        % (desc, live, kept))


# The demo: about 5 s of steps at 300 ms; stops from its first moments to
# its teardown.
moments = [(signal.SIGINT, 0.05), (signal.SIGTERM, 0.3), (signal.SIGHUP, 1.0),
           (signal.SIGINT, 2.0), (signal.SIGTERM, 3.2)]
for i, (sig, at) in enumerate(moments):
    stop_at("demo-%d" % i, ["demo", "--delay", "300"], sig, at)

# A lesson run by its pacing, and one waiting for Enter before a step
# (its standard input a pipe nobody writes to).
for i, (sig, at) in enumerate([(signal.SIGHUP, 0.4), (signal.SIGINT, 1.5)]):
    stop_at("lesson-%d" % i, ["lesson", lesson, "--auto", "--delay", "300"], sig, at)
# SIGKILL cannot be caught: nothing is cleaned up, but every packet is
# written whole, in one write, as soon as it is drained, so what is on
# disk is still a capture that replays cleanly, and the kernel takes the
# namespace away with the process.
for i, at in enumerate([1.9, 2.8]):
    name = "killed-%d" % i
    rec = os.path.join(tmp, name + ".pcap")
    with open(os.path.join(tmp, name + ".jsonl"), "w") as o:
        p = subprocess.Popen([tv, "demo", "--delay", "300", "--format", "jsonl",
                              "--record", rec], stdin=subprocess.DEVNULL, stdout=o,
                             stderr=subprocess.DEVNULL)
        time.sleep(at)
        ns = netns_of(p.pid)
        p.kill()
        p.wait()
    desc = "demo (SIGKILL after %.1f s)" % at
    say(not processes_in(ns), "%s: its namespace is gone" % desc)
    r = subprocess.run([tv, "replay", "--format", "jsonl", rec], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    say(r.returncode == 0 and r.stderr == "" and '"type":"segment"' in r.stdout,
        "%s: the recording replays cleanly (%d, %r)" % (desc, r.returncode, r.stderr))

rfd, wfd = os.pipe()
stop_at("lesson-key", ["lesson", lesson], signal.SIGTERM, 0.8, stdin=rfd)
os.close(rfd)
os.close(wfd)
