#!/bin/sh
# golden.sh BUILD BIN - every capture in captures/ replays to exactly the
# JSON Lines, text diagram and Mermaid diagram kept in tests/golden/ (reviewed by hand and
# checked against tshark), and the captures of several streams to the
# Mermaid diagram of their second (--stream 1). `make golden` writes them
# again after a change that is meant to alter the output; review the
# diff before committing.
set -u
. tests/lib.sh
bin=$2
gold=tests/golden
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

# compare NAME: the output in $tmp against $gold/NAME (written first
# with UPDATE_GOLDEN=1).
compare() {
	if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
		mkdir -p "$gold"
		cp "$tmp" "$gold/$1"
	fi
	if [ ! -f "$gold/$1" ]; then
		fail "$1: no golden file (make golden writes it)"
	elif cmp -s "$tmp" "$gold/$1"; then
		ok
	else
		fail "$1 differs from $gold: $(diff "$gold/$1" "$tmp" | head -n 6)"
	fi
}

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
		compare "$name.$kind"
	done
done

# A chosen stream: its endpoints, its calls, its starting states, and
# the stream before it named as not drawn.
for name in interleaved.pcap run-forking.pcap; do
	LC_ALL=C "$bin" replay --format mermaid --stream 1 "captures/$name" >"$tmp" 2>&1
	compare "$name.stream1.mmd"
done
finish golden
