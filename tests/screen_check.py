#!/usr/bin/env python3
"""screen_check.py WIDTH HEIGHT [options] < capture

Checks one tmux capture-pane of tcpviz's screen as a person would read
it, in display cells (a CJK character takes two):
  --bar COL         every row but the status bar has the lesson pane's
                    bar (U+2502) at cell COL: nothing pushed it aside
  --rule TEXT       some row is a rule across the whole width with TEXT
                    in it (the lesson pane below the timeline)
  --status TITLE    the status bar (the last row) is whole: a blank, the
                    title (TITLE, or its start and an ellipsis), "line N
                    of M" (or "no lines yet"), maybe what space does and
                    a notice, and the
                    keys' reminders, each whole, "? help" first
  --timeline        every row of the timeline (left of the bar, above
                    the rule) is its header, its rule, a blank or a
                    line that starts with its time (or, while it is
                    empty, what space does next): nothing from
                    another row or pane ran into it
  --has TEXT        TEXT, blanks ignored, is in the lesson pane's rows
                    read in order (a paragraph wrapped over several rows
                    is intact): right of the bar after --bar, below the
                    rule after --rule, else anywhere
Every row must fit WIDTH cells. Prints what is wrong and exits 1.
"""
import re
import sys

from text_width import cells

HINTS = ["? help", "q quit", "Enter details", "c connections"]


def at_cell(row, col):
    """The character drawn at cell col of row, or None."""
    x = 0
    for c in row:
        w = cells(c)
        if x == col or (w == 2 and x + 1 == col):
            return c
        x += w
    return None


def right_of(row, col):
    """What row shows right of cell col."""
    x = 0
    for k, c in enumerate(row):
        if x > col:
            return row[k:]
        x += cells(c)
    return ""


def left_of(row, col):
    """What row shows left of cell col."""
    x = 0
    for k, c in enumerate(row):
        if x >= col:
            return row[:k]
        x += cells(c)
    return row


def check_status(row, title):
    hint = "(?:  (?:%s))*" % "|".join(re.escape(h) for h in HINTS)
    m = re.match(r"^ (.+?)  (?:line [0-9]+ of [0-9]+|no lines yet)"
                 r"(?:  (?!\? help)[^ ](?:[^ ]| (?! ))*)*(%s)$" % hint,
                 row.rstrip())
    if not m:
        return ["status bar %r is not whole" % row]
    t = m.group(1)
    if t != title and not (t.endswith("\u2026") and
                           title.startswith(t[:-1])):
        return ["status bar's title %r is not %r" % (t, title)]
    if not m.group(2).startswith("  ? help"):
        return ["status bar %r lacks \"? help\"" % row]
    return []


TIME = re.compile(r"^ *(?:[+-]?[0-9]+\.[0-9]{6}|"
                  r"[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6})( |$)")


def check_timeline(rows):
    bad = []
    if not rows or not re.match(r"^ *(time|\+time|clock|时间|\+时间|时刻) ", rows[0]):
        bad.append("timeline header %r" % (rows[0] if rows else ""))
    if len(rows) < 2 or rows[1].strip("\u2500-") != "":
        bad.append("timeline rule %r" % (rows[1] if len(rows) > 1 else ""))
    for y, r in enumerate(rows[2:], 2):
        if r.strip() and not TIME.match(r) and \
                r.strip() != "(nothing captured yet)" and \
                not r.strip().startswith("Space: "):
            bad.append("timeline row %d: %r" % (y, r))
    return bad


def main(argv):
    width, height = int(argv[1]), int(argv[2])
    rows = sys.stdin.read().split("\n")
    if rows and rows[-1] == "":
        rows.pop()
    rows += [""] * (height - len(rows))
    bad = []
    if len(rows) != height:
        bad.append("%d rows, want %d" % (len(rows), height))
    for i, r in enumerate(rows):
        if cells(r) > width:
            bad.append("row %d takes %d cells: %r" % (i, cells(r), r))
    opts = argv[3:]
    pane = rows[:-1]
    left = rows[:-1]
    timeline = False
    i = 0
    while i < len(opts):
        o, arg = opts[i], opts[i + 1] if i + 1 < len(opts) else None
        i += 2
        if o == "--bar":
            col = int(arg)
            for y, r in enumerate(rows[:-1]):
                if at_cell(r, col) != "\u2502":
                    bad.append("row %d: no bar at cell %d: %r" % (y, col, r))
            pane = [right_of(r, col) for r in rows[:-1]]
            left = [left_of(r, col) for r in rows[:-1]]
        elif o == "--rule":
            at = [y for y, r in enumerate(rows) if arg in r and
                  cells(r) == width and
                  r.count("\u2500") >= width - len(arg) - 4]
            if not at:
                bad.append("no rule with %r across the width" % arg)
            else:
                pane = rows[at[0] + 1:-1]
                left = rows[:at[0]]
        elif o == "--status":
            bad += check_status(rows[-1], arg)
        elif o == "--timeline":
            i -= 1
            timeline = True
        elif o == "--has":
            flat = "".join(r.replace(" ", "") for r in pane)
            if arg.replace(" ", "") not in flat:
                bad.append("%r is not on the screen whole" % arg)
        else:
            bad.append("unknown option %s" % o)
    if timeline:
        bad += check_timeline(left)
    for b in bad:
        print("  " + b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
