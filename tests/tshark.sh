#!/bin/sh
# tshark.sh BUILD BIN - the replay agrees with tshark, field for field, on
# the project's captures and on the plain TCP captures of tcpdump's test
# suite in ../shared (skipped, and said so, when those are absent).
set -u
. tests/lib.sh
bin=$2
if ! command -v tshark >/dev/null 2>&1; then
	skip "tshark is not installed (make deps-test installs it)"
	finish tshark
	exit
fi
files=$(ls captures/*.pcap captures/*.pcapng 2>/dev/null)
plain=../shared/pcaps/tcpdump-tcp-plain.txt
if [ -f "$plain" ]; then
	for f in $(cat "$plain"); do
		files="$files ../shared/pcaps/tcpdump/$f"
	done
else
	echo "  skipped: tcpdump's plain TCP captures ($plain not found)"
	export TSHARK_SKIPPED=1
fi
# shellcheck disable=SC2086
exec python3 tests/tshark_compare.py "$bin" $files
