#!/bin/sh
# run.sh DIR SECONDS TARGET... - each libFuzzer target for SECONDS, seeded
# from the project's captures, lessons and recordings and from tcpdump's
# test captures (../shared/pcaps, when present). Exits 1 when a target
# found a crash, naming the input it left in DIR.
set -u
dir=$1
secs=$2
shift 2
seeds="$dir/seeds"
rm -rf "$seeds"
files=$(ls captures/*.pcap captures/*.pcapng captures/*.events lessons/*.lesson 2>/dev/null)
if [ -d ../shared/pcaps ]; then
	files="$files $(find ../shared/pcaps -type f -size -64k | sort)"
else
	echo "fuzz: ../shared/pcaps not found: seeding from captures/ only"
fi
# shellcheck disable=SC2086
python3 tests/fuzz/seeds.py "$seeds" $files || exit 1
status=0
for t in "$@"; do
	corpus="$dir/corpus/$t"
	mkdir -p "$corpus"
	echo "== fuzz $t: $secs s"
	"$dir/fuzz_$t" "$corpus" "$seeds/$t" tests/fuzz/regress/"$t" \
		-max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-max_len=65536 -print_final_stats=1 \
		-artifact_prefix="$dir/$t-" >"$dir/$t.log" 2>&1
	rc=$?
	grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ *DONE)' "$dir/$t.log" | sed 's/^/  /'
	if [ "$rc" -ne 0 ]; then
		status=1
		echo "  FAIL: fuzz $t found a crash (status $rc):"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written)' "$dir/$t.log" | sed 's/^/    /'
	fi
done
exit $status
