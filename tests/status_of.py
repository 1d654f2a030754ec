#!/usr/bin/env python3
"""status_of.py FILE CMD... - run CMD on this terminal and say how it
ended, in a pane a test reads: "EXIT=N" as a shell's $? (128+N for a
death by signal N) and "SIGNALLED=yes|no", also written to FILE.

The wrapper itself ignores SIGINT and SIGHUP, so that a Ctrl-C typed at
the pane or the pane's terminal closing reaches CMD alone and the
wrapper lives to write the answer; CMD gets them back at their default
(with NOHUP=1 in the environment, SIGHUP stays ignored for CMD, as
under nohup).
"""
import os
import signal
import subprocess
import sys

path, cmd = sys.argv[1], sys.argv[2:]
signal.signal(signal.SIGINT, signal.SIG_IGN)
signal.signal(signal.SIGHUP, signal.SIG_IGN)
nohup = os.environ.get("NOHUP") == "1"


def child_signals():
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    if not nohup:
        signal.signal(signal.SIGHUP, signal.SIG_DFL)


rc = subprocess.call(cmd, preexec_fn=child_signals)
status = 128 - rc if rc < 0 else rc
line = "EXIT=%d SIGNALLED=%s" % (status, "yes" if rc < 0 else "no")
with open(path, "w") as f:
    f.write(line + "\n")
try:
    print(line, flush=True)
except OSError:
    pass  # the terminal is gone
