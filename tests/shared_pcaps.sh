#!/bin/sh
# shared_pcaps.sh BUILD BIN - every capture of tcpdump's test suite (hostile
# and varied input, in ../shared) replays without a crash or a hang, in
# both output formats: exit status 0, or 2 with one line on stderr for a
# file that is not a capture. Skipped, and said so, when ../shared is absent.
set -u
. tests/lib.sh
bin=$2
dir=../shared/pcaps/tcpdump
if [ ! -d "$dir" ]; then
	skip "tcpdump's test captures ($dir not found)"
	finish shared_pcaps
	exit
fi
err=$(mktemp)
trap 'rm -f "$err"' EXIT
for f in "$dir"/*; do
	for fmt in jsonl text; do
		timeout 20 "$bin" replay --format "$fmt" "$f" >/dev/null 2>"$err"
		rc=$?
		lines=$(wc -l <"$err")
		case $rc in
		0) ok ;;
		2) if [ "$lines" -eq 1 ]; then ok; else fail "$f ($fmt): status 2 with $lines lines on stderr"; fi ;;
		124) fail "$f ($fmt): still running after 20 s" ;;
		*) fail "$f ($fmt): exit status $rc: $(head -c 300 "$err")" ;;
		esac
	done
done
finish shared_pcaps
