#!/bin/sh
# bench_run.sh - `make bench`, second part: `tcpviz run` tracing a
# ping-pong of ROUNDS round trips over one connection (tests/programs/
# pingpong.c), beside the same programs untraced and under
# `strace -f -e trace=network`, in the same run.
#
#   sh tests/bench_run.sh BUILD BIN
#
# Each row is the best of BENCH_RUNS (default 3) wall times, every one in
# a network namespace of its own. tcpviz run puts itself and the
# programs on one CPU (see run.c); strace is timed as people run it and
# also pinned the same way. Reported, not asserted: only a run that fails
# makes this exit non-zero.
set -u
me=bench_run
ROUNDS=${BENCH_ROUNDS:-20000}
RUNS=${BENCH_RUNS:-3}
BUILD=$1
BIN=$2
case $BIN in */*) ;; *) BIN=./$BIN ;; esac
P=$(cd "$BUILD/programs" && pwd)
if [ ! -x "$P/pingpong" ] || [ ! -x "$BIN" ]; then
	echo "$me: build first: make programs all" >&2
	exit 2
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tcpviz-bench-run.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
if [ "$(id -u)" = 0 ]; then ns="unshare -n"; else ns="unshare -rn"; fi
pair="ip link set lo up; '$P/pingpong' server 9000 >/dev/null & sleep 0.2; '$P/pingpong' client 9000 $ROUNDS >'$tmp/client.out'; wait"

# best NAME CMD...: the best wall time of RUNS runs, into $best.
best() {
	name=$1
	shift
	best=
	i=0
	while [ $i -lt "$RUNS" ]; do
		t0=$(date +%s%N)
		if ! "$@" >"$tmp/out" 2>"$tmp/err"; then
			echo "$me: $name failed: $(head -c 300 "$tmp/err")" >&2
			exit 1
		fi
		t1=$(date +%s%N)
		s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
		best=$(awk -v a="${best:-$s}" -v b="$s" 'BEGIN { print (b < a ? b : a) }')
		i=$((i + 1))
	done
}

cpu=$(awk '/^processor/ { n++ } END { print n - 1 }' /proc/cpuinfo)
best untraced $ns sh -c "$pair"
untraced=$best
if command -v strace >/dev/null 2>&1; then
	best strace $ns strace -f -e trace=network -o /dev/null sh -c "$pair"
	strace_s=$best
	best "strace on one CPU" taskset -c "$cpu" $ns strace -f -e trace=network -o /dev/null sh -c "$pair"
	strace_one=$best
else
	strace_s=n/a strace_one=n/a
fi
best "tcpviz run" "$BIN" run --jsonl -e "'$P/pingpong' server 9000" -e "'$P/pingpong' client 9000 $ROUNDS"
tcpviz=$best
"$BIN" run --jsonl -e "'$P/pingpong' server 9000" -e "'$P/pingpong' client 9000 $ROUNDS" >"$tmp/run.jsonl" 2>"$tmp/run.err"
segs=$(grep -c '"type":"segment"' "$tmp/run.jsonl")
calls=$(grep -c '"type":"call"' "$tmp/run.jsonl")

echo "tcpviz run: a ping-pong of $ROUNDS round trips (64 bytes each way), best of $RUNS"
printf '%-44s %8s\n' "what" "seconds"
printf '%-44s %8s\n' "untraced" "$untraced"
printf '%-44s %8s\n' "strace -f -e trace=network" "$strace_s"
printf '%-44s %8s\n' "strace, on one CPU (taskset -c $cpu)" "$strace_one"
printf '%-44s %8s\n' "tcpviz run --jsonl (calls and segments)" "$tcpviz"
echo "tcpviz run showed $calls calls and $segs segments$(grep -q dropped "$tmp/run.err" && echo '; it said: '"$(cat "$tmp/run.err")")"
if [ "$strace_s" != n/a ]; then
	awk -v t="$tcpviz" -v s="$strace_s" -v o="$strace_one" 'BEGIN {
		printf "tcpviz run / strace: %.2f (target: at most 1); / strace on one CPU: %.2f\n", t / s, t / o }'
fi
