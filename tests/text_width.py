#!/usr/bin/env python3
"""text_width.py WIDTH FILE [TEXT...]

FILE (tcpviz's text output) is valid UTF-8, every line of it fits WIDTH
display cells (a CJK character takes two), and each TEXT, blanks
ignored, is in it whole (a paragraph wrapped over lines lost nothing).
Prints what is wrong and exits 1.
"""
import sys
import unicodedata


def cells(s):
    """Display cells of s: East Asian Wide and Fullwidth take two, marks
    and format characters none."""
    n = 0
    for c in s:
        if unicodedata.combining(c) or unicodedata.category(c) == "Cf":
            continue
        n += 2 if unicodedata.east_asian_width(c) in "WF" else 1
    return n


def main(argv):
    width, path = int(argv[1]), argv[2]
    data = open(path, "rb").read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        print("  %s: not UTF-8 at byte %d" % (path, e.start))
        return 1
    bad = []
    if not text.strip():
        bad.append("%s is empty" % path)
    for n, line in enumerate(text.split("\n"), 1):
        if cells(line) > width:
            bad.append("line %d takes %d cells: %r" % (n, cells(line), line))
    flat = "".join(text.split())
    for want in argv[3:]:
        if "".join(want.split()) not in flat:
            bad.append("%r is not in it whole" % want)
    for b in bad:
        print("  " + b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
