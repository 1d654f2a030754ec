#!/bin/sh
# golden.sh BUILD BIN - every capture in captures/ replays to exactly the
# JSON Lines, text diagram and Mermaid diagram kept in tests/golden/ (reviewed by hand and
# checked against tshark). `make golden` writes them again after a change
# that is meant to alter the output; review the diff before committing.
set -u
. tests/lib.sh
bin=$2
gold=tests/golden
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for cap in captures/*.pcap captures/*.pcapng; do
	[ -f "$cap" ] || continue
	name=$(basename "$cap")
	for kind in jsonl txt mmd; do
		if [ "$kind" = jsonl ]; then
			LC_ALL=C "$bin" replay --format jsonl "$cap" >"$tmp" 2>&1
		elif [ "$kind" = mmd ]; then
			LC_ALL=C "$bin" replay --format mermaid "$cap" >"$tmp" 2>&1
		else
			LC_ALL=C "$bin" replay --text --ascii "$cap" >"$tmp" 2>&1
		fi
		if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
			mkdir -p "$gold"
			cp "$tmp" "$gold/$name.$kind"
		fi
		if [ ! -f "$gold/$name.$kind" ]; then
			fail "$name.$kind: no golden file (make golden writes it)"
		elif cmp -s "$tmp" "$gold/$name.$kind"; then
			ok
		else
			fail "$name.$kind differs from $gold: $(diff "$gold/$name.$kind" "$tmp" | head -n 6)"
		fi
	done
done
finish golden
