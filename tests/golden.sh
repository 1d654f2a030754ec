#!/bin/sh
# golden.sh BUILD BIN - every capture in captures/ replays to exactly the
# JSON Lines, text diagram, Mermaid diagram and SVG drawing kept in
# tests/golden/ (reviewed by hand and checked against tshark), the
# lesson recordings and two plain captures to the HTML page (its style
# and script, the same for every page, left out), and the captures of
# several streams to the Mermaid diagram and SVG of their second
# (--stream 1). `make golden` writes them
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
	for kind in jsonl txt mmd svg; do
		if [ "$kind" = jsonl ]; then
			LC_ALL=C "$bin" replay --format jsonl "$cap" >"$tmp" 2>&1
		elif [ "$kind" = mmd ]; then
			LC_ALL=C "$bin" replay --format mermaid "$cap" >"$tmp" 2>&1
		elif [ "$kind" = svg ]; then
			LC_ALL=C "$bin" replay --format svg "$cap" >"$tmp" 2>&1
		else
			LC_ALL=C "$bin" replay --text --ascii "$cap" >"$tmp" 2>&1
		fi
		compare "$name.$kind"
	done
done

# The HTML page: the drawing, each row's details, a lesson's words.
for cap in captures/[0-9][0-9]-*.pcap captures/run-forking.pcap captures/echo-client-closes.pcap; do
	[ -f "$cap" ] || continue
	LC_ALL=C "$bin" replay --format html "$cap" 2>&1 |
		sed -e '/^<style>$/,/^<\/style>$/d' -e '/^<script>$/,/^<\/script>$/d' >"$tmp"
	compare "$(basename "$cap").html"
done

# A chosen stream: its endpoints, its calls, its starting states, and
# the stream before it named as not drawn.
for name in interleaved.pcap run-forking.pcap; do
	LC_ALL=C "$bin" replay --format mermaid --stream 1 "captures/$name" >"$tmp" 2>&1
	compare "$name.stream1.mmd"
	LC_ALL=C "$bin" replay --format svg --stream 1 "captures/$name" >"$tmp" 2>&1
	compare "$name.stream1.svg"
done
finish golden
