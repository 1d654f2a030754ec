#!/usr/bin/env python3
"""classroom_picker.py < capture - the connection picker's heading sits
over its columns: on every connection's row, each column the heading
names (the capture with several, client, server, client state, server
state) starts where its name
starts, and the segment count ends where "segments" ends. Exits 1, saying
which, when one does not."""
import sys

rows = sys.stdin.read().split("\n")
head = rows[1]
# The connections' rows: each has the arrow between its endpoints.
conns = [r for r in rows[3:] if "\u2192" in r or "->" in r]
bad = []


def starts(row, col):
    return col < len(row) and row[col] != " " and (col == 0 or row[col - 1] == " ")


names = ["client", "server ", "client state", "server state"]
# Several captures: a first column naming each connection's capture.
if head.lstrip().startswith("capture"):
    names.insert(0, "capture")
for name in names:
    col = head.find(name)
    for r in conns:
        if not starts(r, col):
            bad.append("%r does not start under %r: %r" % (r[col:], name, r))
end = head.find("segments") + len("segments") - 1
for r in conns:
    if not (r[end].isdigit() and r[end + 1] == " "):
        bad.append("the count does not end under \"segments\": %r" % r)
if head.find("client") < 0 or not conns:
    bad.append("no picker: %r" % rows[:4])
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
