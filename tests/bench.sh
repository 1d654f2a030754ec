#!/bin/sh
# bench.sh - `make bench`: how fast, and in how little memory, tcpviz
# replays a busy server's capture, next to tcpdump and tshark on the same
# file.
#
#   sh tests/bench.sh BUILD BIN
#
# Captures come from BUILD/gencap (200,000 and 400,000 ten-segment
# connections) and are kept in BUILD, as they take a while to write and
# hundreds of megabytes. The figures are reported, not asserted: only a
# tcpviz that fails to run makes this exit non-zero.
#
# BENCH_REFERENCE=0 skips tcpdump and tshark, which take minutes.

set -u

me=bench
TARGET_SECONDS=2.0
TARGET_MB=64
# Linear scaling gives 2; fixed start-up costs push it below, anything
# that grows with the connections seen pushes it above.
TARGET_RATIO_MAX=2.4
RUNS=3
# gencap writes ten segments per connection.
SEGMENTS_PER_CONN=10

if [ $# -ne 2 ]; then
	echo "usage: sh tests/bench.sh BUILD BIN" >&2
	exit 2
fi
BUILD=$1
BIN=$2
GENCAP=$BUILD/gencap

# Without a slash the shell would look for tcpviz in PATH, and might time
# an installed copy instead of the one just built.
case $BIN in
*/*) ;;
*) BIN=./$BIN ;;
esac

if [ ! -x "$GENCAP" ]; then
	echo "$me: $GENCAP not built; run 'make bench'" >&2
	exit 2
fi
if [ ! -x "$BIN" ]; then
	echo "$me: $BIN not built; run 'make bench'" >&2
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tcpviz-bench.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# GNU time gives peak RSS as well as wall time; the shell's time does not,
# and a BSD /usr/bin/time has no -f.
TIME=/usr/bin/time
gnu_time() {
	"$TIME" -f '%e %M' -o /dev/null true >/dev/null 2>&1
}
if ! gnu_time; then
	if [ ! -e "$TIME" ] && [ "$(id -u)" = 0 ] &&
		command -v apt-get >/dev/null 2>&1; then
		echo "$me: installing the 'time' package for /usr/bin/time" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q time >/dev/null 2>&1 ||
			{ apt-get update -q >/dev/null 2>&1 &&
				DEBIAN_FRONTEND=noninteractive apt-get install -y -q time >/dev/null 2>&1; }
	fi
	if ! gnu_time; then
		echo "$me: GNU time not found at $TIME; install it for peak memory" \
			"(Debian/Ubuntu: sudo apt-get install time)." >&2
		echo "$me: timing with date(1) meanwhile; peak MB shown as n/a." >&2
		TIME=
	fi
fi

# Nanoseconds since the epoch, for when GNU time is missing; whole
# seconds where date(1) has no %N.
now_ns() {
	_n=$(date +%s%N)
	case $_n in
	*[!0-9]*) _n=$(date +%s)000000000 ;;
	esac
	echo "$_n"
}

# timed OUT ERR CMD...: runs CMD with stdout to OUT and stderr to ERR,
# and sets secs and kb (kb empty if unknown). Returns CMD's status.
timed() {
	_out=$1 _err=$2
	shift 2
	if [ -n "$TIME" ]; then
		"$TIME" -f '%e %M' -o "$tmp/time" "$@" >"$_out" 2>"$_err"
		_rc=$?
		# On failure GNU time writes a "Command exited..." line first.
		secs=$(awk 'END { print ($1 == "" ? 0 : $1) }' "$tmp/time")
		kb=$(awk 'END { print $2 }' "$tmp/time")
	else
		_t0=$(now_ns)
		"$@" >"$_out" 2>"$_err"
		_rc=$?
		_t1=$(now_ns)
		secs=$(awk -v a="$_t0" -v b="$_t1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
		kb=
	fi
	return $_rc
}

# capture NAME CONNECTIONS: (re)writes BUILD/bench-NAME.pcap when it is
# missing or older than gencap, through a temporary name so that an
# interrupted run leaves no truncated capture that looks current.
capture() {
	_f=$BUILD/bench-$1.pcap
	if [ -f "$_f" ] && [ -z "$(find "$GENCAP" -newer "$_f")" ]; then
		return 0
	fi
	echo "$me: writing $_f ($2 connections)" >&2
	if ! "$GENCAP" -n "$2" "$_f.tmp"; then
		rm -f "$_f.tmp"
		echo "$me: gencap failed" >&2
		exit 1
	fi
	mv "$_f.tmp" "$_f"
}

mb() {
	if [ -n "$1" ]; then
		awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'
	else
		echo n/a
	fi
}

row() {
	printf '%-8s %-16s %9s %8s %8s %5s  %s\n' "$@"
}

# bench_tcpviz FILE: best of RUNS; sets best (seconds) and peak (KB, the
# largest seen, as memory is the figure that must not be understated).
bench_tcpviz() {
	best='' peak=''
	_i=0
	while [ $_i -lt $RUNS ]; do
		if ! timed /dev/null "$tmp/err" "$BIN" replay "$1" --format jsonl; then
			echo "$me: '$BIN replay $1 --format jsonl' failed:" >&2
			head -n 20 "$tmp/err" >&2
			exit 1
		fi
		best=$(awk -v a="${best:-$secs}" -v b="$secs" 'BEGIN { print (b < a) ? b : a }')
		if [ -n "$kb" ]; then
			peak=$(awk -v a="${peak:-0}" -v b="$kb" 'BEGIN { print (b > a) ? b : a }')
		fi
		_i=$((_i + 1))
	done
}

pass() {
	if awk "BEGIN { exit !($1) }"; then echo PASS; else echo FAIL; fi
}

capture 200k 200000
capture 400k 400000
seg200=$((200000 * SEGMENTS_PER_CONN))
seg400=$((400000 * SEGMENTS_PER_CONN))

reference=${BENCH_REFERENCE:-1}
echo "tcpviz: '$BIN replay FILE --format jsonl > /dev/null', best of $RUNS runs"
if [ "$reference" != 0 ]; then
	echo "tcpdump -nr and tshark -T fields: one run each, on the 200k capture" \
		"only (minutes; BENCH_REFERENCE=0 skips them)"
fi
echo
row tool capture segments seconds "peak MB" runs target

bench_tcpviz "$BUILD/bench-200k.pcap"
t200=$best m200=$peak
if [ -n "$m200" ]; then
	mem_ok=$(pass "$m200 < $TARGET_MB * 1024")
else
	mem_ok="not measured"
fi
row tcpviz bench-200k.pcap $seg200 "$t200" "$(mb "$m200")" $RUNS \
	"< $TARGET_SECONDS s $(pass "$t200 < $TARGET_SECONDS"), < $TARGET_MB MB $mem_ok"

bench_tcpviz "$BUILD/bench-400k.pcap"
t400=$best m400=$peak
if awk -v t="$t200" 'BEGIN { exit !(t > 0) }'; then
	ratio=$(awk -v a="$t400" -v b="$t200" 'BEGIN { printf "%.2f", a / b }')
	ratio_ok=$(pass "$ratio <= $TARGET_RATIO_MAX")
else
	ratio="n/a" ratio_ok="(200k too fast to compare)"
fi
row tcpviz bench-400k.pcap $seg400 "$t400" "$(mb "$m400")" $RUNS \
	"400k/200k time ratio $ratio, about 2: $ratio_ok"

# Reference tools: same file, their own idea of a plain dump.
reference_row() {
	_tool=$1
	shift
	if [ "$reference" = 0 ]; then
		row "$_tool" bench-200k.pcap $seg200 - - - "skipped (BENCH_REFERENCE=0)"
	elif ! command -v "$_tool" >/dev/null 2>&1; then
		row "$_tool" bench-200k.pcap $seg200 - - - "not installed"
	elif timed /dev/null "$tmp/err" "$@"; then
		row "$_tool" bench-200k.pcap $seg200 "$secs" "$(mb "$kb")" 1 "reference"
	else
		row "$_tool" bench-200k.pcap $seg200 "$secs" "$(mb "$kb")" 1 "failed"
		head -n 5 "$tmp/err" >&2
	fi
}

reference_row tcpdump tcpdump -nr "$BUILD/bench-200k.pcap"
reference_row tshark tshark -r "$BUILD/bench-200k.pcap" -T fields \
	-e frame.number -e tcp.stream -e tcp.flags -e tcp.seq -e tcp.ack
exit 0
