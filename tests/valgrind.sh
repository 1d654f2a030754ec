#!/bin/sh
# valgrind.sh BUILD BIN - tcpviz under valgrind: the unit tests, every
# capture of captures/ replayed both ways, the fuzz drivers over their
# regression inputs and seeds, the live demo, a lesson, a demo stopped
# by a signal and one recording onto a full device. Any invalid
# read or write, any use of uninitialised memory and any definite or
# indirect leak fails.
set -u
. tests/lib.sh
build=$1
bin=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! command -v valgrind >/dev/null 2>&1; then
	fail "valgrind is not installed (make valgrind installs it)"
	finish valgrind
	exit
fi
vg() {
	valgrind -q --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=definite,indirect \
		--show-leak-kinds=definite,indirect "$@" >"$tmp/out" 2>"$tmp/err"
}
said() { head -c 600 "$tmp/err" | tr '\n' ' '; }

for t in "$build"/test_*; do
	case "$t" in *.d) continue ;; esac
	vg "$t"
	rc=$?
	check "valgrind: $(basename "$t") (status $rc) $( [ $rc -eq 0 ] || said)" [ "$rc" -eq 0 ]
done
for cap in captures/*.pcap captures/*.pcapng; do
	for fmt in text jsonl; do
		vg "$bin" replay --format "$fmt" "$cap"
		rc=$?
		check "valgrind: replay $fmt $cap (status $rc) $( [ $rc -eq 0 ] || said)" [ "$rc" -eq 0 ]
	done
done
files=$(ls captures/*.pcap captures/*.pcapng captures/*.events lessons/*.lesson)
# shellcheck disable=SC2086
python3 tests/fuzz/seeds.py "$tmp/seeds" $files
for t in decode replay lesson eventfile; do
	vg "$build/fuzz_$t" "tests/fuzz/regress/$t" "$tmp/seeds/$t"
	rc=$?
	check "valgrind: fuzz $t over its regressions and seeds (status $rc) $( [ $rc -eq 0 ] || said)" [ "$rc" -eq 0 ]
done
vg "$bin" demo --text --delay 0
rc=$?
check "valgrind: the live demo (status $rc) $( [ $rc -eq 0 ] || said)" [ "$rc" -eq 0 ]
vg "$bin" lesson 09 --check
rc=$?
check "valgrind: lesson 09 --check (status $rc) $( [ $rc -eq 0 ] || said)" [ "$rc" -eq 0 ]
vg "$bin" lesson 01 --replay --text
rc=$?
check "valgrind: lesson 01 --replay (status $rc) $( [ $rc -eq 0 ] || said)" [ "$rc" -eq 0 ]
# Stopped half-way by SIGTERM, recording: everything freed before it
# dies of the signal (status 143, not valgrind's 99).
vg "$bin" demo --text --delay 300 --record "$tmp/stopped.pcap" &
pid=$!
sleep 3
pkill -TERM -P "$pid" 2>/dev/null || kill -TERM "$pid"
wait "$pid"
rc=$?
check "valgrind: a demo stopped by SIGTERM (status $rc) $( [ $rc -eq 143 ] || said)" [ "$rc" -eq 143 ]
# A recording onto a full device: the error path.
vg "$bin" demo --text --delay 0 --record /dev/full
rc=$?
check "valgrind: a recording onto a full device (status $rc) $( [ $rc -eq 1 ] || said)" [ "$rc" -eq 1 ]
finish valgrind
