#!/bin/sh
# run.sh BUILD BIN - every test of tcpviz: the cmocka suites, then the
# suites that drive the binary. Prints each suite's summary and one total.
set -u
build=$1
bin=$2
export TCPVIZ_BIN="$bin"
total_pass=0
total_fail=0
total_skip=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

add_counts() {
	# Reads "NAME: N passed, N failed, N skipped" lines from $log.
	line=$(grep -E '^[a-z0-9_ -]+: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$log" | tail -n 1)
	if [ -z "$line" ]; then
		total_fail=$((total_fail + 1))
		echo "  (no summary: counted as one failure)"
		return
	fi
	set -- $(echo "$line" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped/\1 \2 \3/')
	total_pass=$((total_pass + $1))
	total_fail=$((total_fail + $2))
	total_skip=$((total_skip + $3))
}

for t in "$build"/test_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	"$t" >"$log" 2>&1
	rc=$?
	cat "$log"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	p=${p:-0}
	f=${f:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 # crashed or failed without a summary
	fi
	echo "$name: $p passed, $f failed, 0 skipped" >"$log"
	cat "$log"
	add_counts
done

for suite in structure cli golden tshark shared_pcaps fuzz demo lessons faults screen classroom traced exports i18n; do
	echo "== $suite"
	sh "tests/$suite.sh" "$build" "$bin" >"$log" 2>&1
	cat "$log"
	add_counts
done

echo
echo "total: $total_pass passed, $total_fail failed, $total_skip skipped"
[ "$total_fail" -eq 0 ]
