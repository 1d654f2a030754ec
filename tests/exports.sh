#!/bin/sh
# exports.sh BUILD BIN - the views that leave the terminal, checked by
# their real renderers: every capture's Mermaid diagram parsed and drawn
# by Mermaid's own library in headless Chromium (tests/browser/), text
# that could break a diagram, the row limit, the same bytes every time.
# A screenshot of one diagram is left in BUILD/exports/ for a person.
set -u
. tests/lib.sh
build=$1
bin=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
modules=build/node/node_modules
if [ ! -f "$modules/mermaid/dist/mermaid.min.js" ] || ! command -v chromium >/dev/null 2>&1; then
	fail "the browser tests' packages are missing (make test installs them: tests/deps.sh test)"
	finish exports
	exit 1
fi
mkdir -p "$build/exports" "$tmp/mmd"

for cap in captures/*.pcap captures/*.pcapng; do
	[ -f "$cap" ] || continue
	name=$(basename "$cap")
	"$bin" replay --format mermaid "$cap" >"$tmp/mmd/$name.mmd" 2>"$tmp/err"
	check "mermaid $name: written, status 0" [ $? -eq 0 ]
	"$bin" replay --format mermaid "$cap" 2>/dev/null | cmp -s - "$tmp/mmd/$name.mmd"
	check "mermaid $name: the same bytes every time" [ $? -eq 0 ]
done

# Text that means something to Mermaid, in a message and in the payload.
tv=$(runnable_copy "$bin" "$tmp")
"$tv" demo --delay 0 --format mermaid --message 'a<b>&"c"; #d %% e
你好' >"$tmp/mmd/hostile.mmd" 2>"$tmp/err"
check "mermaid: a hostile message, written" [ $? -eq 0 ]
check "mermaid: no raw ; # < > & \" in a message" sh -c "! grep -E '^ +[A-Z]+--?>>[A-Z]+:.*[;#<>&\"]' '$tmp/mmd/hostile.mmd' | grep -v '#[0-9]*;' >/dev/null"

# Past the row limit: the first rows and a note of what was left out.
python3 tests/longstream.py "$tmp/big.pcap" 3000
"$bin" replay --format mermaid "$tmp/big.pcap" >"$tmp/mmd/big.mmd" 2>/dev/null
check "mermaid: a long stream stops at 2,000 rows and 50,000 bytes" sh -c "[ \$(grep -c '^    ' '$tmp/mmd/big.mmd') -le 2010 ] && [ \$(wc -c <'$tmp/mmd/big.mmd') -le 50000 ]"
check "mermaid: and says what was left out" grep -q 'more rows not drawn (at most 2000 rows and 45000 bytes' "$tmp/mmd/big.mmd"
# Many streams: the first drawn, the others named, counted once each.
"$build/gencap" -n 400 -c 1 "$tmp/many.pcap" >/dev/null 2>&1
"$bin" replay --format mermaid "$tmp/many.pcap" >"$tmp/mmd/many.mmd" 2>/dev/null
check "mermaid: of 400 streams, the first, and the 399 others named" grep -q 'not drawn: stream 1, 2, 3, 4, 5, 6, 7, 8 and 391 more' "$tmp/mmd/many.mmd"

node tests/browser/mermaid_render.js "$modules" "$build/exports/mermaid.png" "$tmp"/mmd/*.mmd >"$tmp/render" 2>&1
cat "$tmp/render" | grep -v '^mermaid:'
passed=$((passed + $(grep -c '^ok - ' "$tmp/render")))
failed=$((failed + $(grep -c '^FAIL' "$tmp/render")))
check "mermaid: a screenshot for a person" [ -s "$build/exports/mermaid.png" ]

finish exports
