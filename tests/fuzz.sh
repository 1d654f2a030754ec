#!/bin/sh
# fuzz.sh BUILD BIN - the fuzz targets without libFuzzer: every
# regression input (tests/fuzz/regress/TARGET/), the seeds cut from the
# captures, and thousands of mutated captures replay without a crash, a
# sanitizer report or a hang, in bounded memory.
set -u
. tests/lib.sh
build=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run TARGET DIR...: the driver over inputs, within 300 s.
run() {
	t=$1
	shift
	timeout 300 "$build/fuzz_$t" "$@" >"$tmp/out" 2>"$tmp/err"
}

for t in decode replay lesson eventfile; do
	run "$t" "tests/fuzz/regress/$t"
	check "fuzz $t: every regression input ($(cat "$tmp/out"))" [ $? -eq 0 ]
done

files=$(ls captures/*.pcap captures/*.pcapng captures/*.events lessons/*.lesson)
shared=../shared/pcaps
if [ -d "$shared" ]; then
	files="$files $(find "$shared" -type f -size -64k | sort)"
else
	skip "tcpdump's captures ($shared not found): seeds from captures/ only"
fi
# shellcheck disable=SC2086
python3 tests/fuzz/seeds.py "$tmp/seeds" $files
for t in decode replay lesson eventfile; do
	run "$t" "$tmp/seeds/$t"
	check "fuzz $t: every seed ($(cat "$tmp/out"))" [ $? -eq 0 ]
done

# Mutated captures: bit flips, truncation, splices, absurd lengths.
# shellcheck disable=SC2086
python3 tests/fuzz/mutate.py "$tmp/mutated" 3000 captures/*.pcap captures/*.pcapng
# Bounded memory: a hostile length must not make tcpviz allocate it
# (not under the sanitizers, which reserve address space of their own).
limit=""
case "$build" in
*san*) ;;
*) limit="ulimit -v 1048576;" ;;
esac
sh -c "$limit timeout 300 '$build/fuzz_replay' '$tmp/mutated'" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "3000 mutated captures replay in 1 GiB, no crash or hang ($(cat "$tmp/out"), status $rc)" [ "$rc" -eq 0 ]
[ "$rc" -eq 0 ] || tail -n 5 "$tmp/err"

finish fuzz
