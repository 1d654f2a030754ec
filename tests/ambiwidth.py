#!/usr/bin/env python3
"""ambiwidth.py BIN CAPTURE - the screen asks the terminal how wide it
draws a box line (U+2500, of ambiguous width) and, where a terminal set
up for CJK answers two cells, draws in 7-bit ASCII. A pseudo-terminal
plays that terminal: tcpviz replay runs on it three times, the cursor
report saying column 3 (two cells), column 2 (one cell), or nothing.
Prints "ok - ..." or "FAIL: ..." lines; exits 1 when any failed."""
import os
import pty
import select
import sys
import time

BIN, CAPTURE = sys.argv[1], sys.argv[2]
BOX = "\u2500".encode()
failed = 0


def run(answer):
    """The screen's bytes after the probe, the terminal answering with
    `answer` (None: no answer)."""
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update(TERM="xterm", LC_ALL="C.UTF-8", COLUMNS="120",
                          LINES="36")
        os.execv(BIN, [BIN, "replay", CAPTURE])
    import fcntl
    import struct
    import termios
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
    out = b""
    asked = False
    end = time.time() + 4
    after = b""
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.1)
        if not r:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
        if asked:
            after += chunk
        if not asked and b"\x1b[6n" in out:
            asked = True
            after = out.split(b"\x1b[6n", 1)[1]
            if answer is not None:
                os.write(fd, answer)
    os.write(fd, b"q")
    time.sleep(0.5)
    try:
        while select.select([fd], [], [], 0.2)[0]:
            if not os.read(fd, 65536):
                break
    except OSError:
        pass
    _, status = os.waitpid(pid, 0)
    return asked, after, status


def check(name, ok, why=""):
    global failed
    if ok:
        print("ok - " + name)
    else:
        failed += 1
        print("FAIL: " + name + (": " + why if why else ""))


asked, after, status = run(b"\x1b[1;3R")
check("the screen asks the terminal where the cursor is", asked)
check("two cells: no box line drawn, ASCII instead",
      asked and BOX not in after and b"----" in after,
      "box lines drawn" if BOX in after else "no ASCII line")
check("two cells: q quits with status 0", os.WEXITSTATUS(status) == 0)
asked, after, status = run(b"\x1b[1;2R")
check("one cell: box lines drawn", asked and BOX in after)
asked, after, status = run(None)
check("no answer: box lines drawn, after a moment", asked and BOX in after)
check("no answer: q quits with status 0", os.WEXITSTATUS(status) == 0)
print("ambiwidth: %d failed" % failed)
sys.exit(1 if failed else 0)
