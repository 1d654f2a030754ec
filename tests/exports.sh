#!/bin/sh
# exports.sh BUILD BIN - the views that leave the terminal, checked by
# their real renderers: every capture's Mermaid diagram parsed and drawn
# by Mermaid's own library in headless Chromium (tests/browser/), every
# SVG well-formed (xmllint) and drawn by the browser with no word outside
# it or on another, HTML pages stepped through with their keys in the
# browser as a phone and a projector show them; text that could break a
# diagram, Chinese, the row limits, the same bytes every time, each
# command's output (replay, demo, lesson live and --replay, run).
# Screenshots are left in BUILD/exports/ for a person.
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
mkdir -p "$build/exports" "$tmp/mmd" "$tmp/svg" "$tmp/html"

for cap in captures/*.pcap captures/*.pcapng; do
	[ -f "$cap" ] || continue
	name=$(basename "$cap")
	"$bin" replay --format mermaid "$cap" >"$tmp/mmd/$name.mmd" 2>"$tmp/err"
	check "mermaid $name: written, status 0" [ $? -eq 0 ]
	"$bin" replay --format mermaid "$cap" 2>/dev/null | cmp -s - "$tmp/mmd/$name.mmd"
	check "mermaid $name: the same bytes every time" [ $? -eq 0 ]
done

for cap in captures/*.pcap captures/*.pcapng; do
	[ -f "$cap" ] || continue
	name=$(basename "$cap")
	for fmt in svg html; do
		"$bin" replay --format $fmt "$cap" >"$tmp/$fmt/$name.$fmt" 2>"$tmp/err"
		check "$fmt $name: written, status 0, nothing on stderr" [ $? -eq 0 ] && [ ! -s "$tmp/err" ]
		"$bin" replay --format $fmt "$cap" 2>/dev/null | cmp -s - "$tmp/$fmt/$name.$fmt"
		check "$fmt $name: the same bytes every time" [ $? -eq 0 ]
	done
	check "svg $name: well-formed XML" xmllint --noout "$tmp/svg/$name.svg"
	# The page asks for nothing: no src=, href= or url( but its own
	# arrowheads (#tv-...).
	check "html $name: nothing outside the file" sh -c "! grep -Eo '(src|href)=\"[^\"#]|url\([^#]|@import' '$tmp/html/$name.html'"
done

# Text that means something to Mermaid, in a message and in the payload.
tv=$(runnable_copy "$bin" "$tmp")
"$tv" demo --delay 0 --format mermaid --message 'a<b>&"c"; #d %% e
你好' >"$tmp/mmd/hostile.mmd" 2>"$tmp/err"
check "mermaid: a hostile message, written" [ $? -eq 0 ]
check "mermaid: no raw ; # < > & \" in a message" sh -c "! grep -E '^ +[A-Z]+--?>>[A-Z]+:.*[;#<>&\"]' '$tmp/mmd/hostile.mmd' | grep -v '#[0-9]*;' >/dev/null"

# The same text in a drawing and a page: escaped, well-formed, shown as
# it was (the browser tests read it back).
"$tv" demo --delay 0 --format svg --message '你好 a<b>&"c"; #d %% e
' >"$tmp/svg/hostile.svg" 2>"$tmp/err"
check "svg: a hostile message, written" [ $? -eq 0 ]
check "svg: a hostile message, well-formed" xmllint --noout "$tmp/svg/hostile.svg"
check "svg: the message's words escaped, Chinese kept" sh -c "grep -q '&quot;你好 a&lt;b&gt;&amp;' '$tmp/svg/hostile.svg'"
"$tv" demo --delay 0 --format html --message 'a<b>&"c"; </script><script>alert(1)</script>
你好' >"$tmp/html/hostile.html" 2>"$tmp/err"
check "html: a hostile message, written" [ $? -eq 0 ]
check "html: one </script> per script" [ "$(grep -c '</script>' "$tmp/html/hostile.html")" -eq 2 ]
check "html: the message in the details, < and & as escapes" grep -q 'a\\u003cb\\u003e\\u0026' "$tmp/html/hostile.html"
# A lesson in Chinese: its words beside the steps, measured in cells.
"$tv" lesson tests/lessons/zh.lesson --auto --delay 0 --format svg >"$tmp/svg/zh-lesson.svg" 2>"$tmp/err"
check "svg: a Chinese lesson, live, written" [ $? -eq 0 ]
check "svg: a Chinese lesson, well-formed, its words in it" sh -c "xmllint --noout '$tmp/svg/zh-lesson.svg' && grep -q '三次握手' '$tmp/svg/zh-lesson.svg'"
"$tv" lesson tests/lessons/zh.lesson --auto --delay 0 --format html >"$tmp/html/zh-lesson.html" 2>"$tmp/err"
check "html: a Chinese lesson, live, written" [ $? -eq 0 ]
# Every command: lesson --replay of a recording, the demo, run.
"$bin" lesson 06 --replay --format svg >"$tmp/svg/lesson-replay.svg" 2>"$tmp/err"
check "svg: lesson --replay, written and well-formed" sh -c "[ -s '$tmp/svg/lesson-replay.svg' ] && xmllint --noout '$tmp/svg/lesson-replay.svg'"
"$bin" lesson 06 --replay --format html >"$tmp/html/lesson-replay.html" 2>"$tmp/err"
check "html: lesson --replay, written" [ -s "$tmp/html/lesson-replay.html" ]
"$tv" demo --delay 0 --format html >"$tmp/html/demo.html" 2>"$tmp/err"
check "html: the demo, written" [ $? -eq 0 ]
if [ -x "$build/programs/echo_server" ]; then
	mkdir "$tmp/p" && cp "$build"/programs/* "$tmp/p/" && chmod -R a+rx "$tmp/p"
	"$tv" run --format svg -e "$tmp/p/echo_server" -e "$tmp/p/echo_client 8887 hello" >"$tmp/svg/run.svg" 2>"$tmp/err"
	check "svg: tcpviz run, written and well-formed" sh -c "xmllint --noout '$tmp/svg/run.svg'"
	check "svg: tcpviz run, the programs' calls and the blocked accept()" sh -c "grep -q 'echo_server\[[0-9]*\] accept(' '$tmp/svg/run.svg' && grep -q 'accept() blocked [0-9.]* ms' '$tmp/svg/run.svg'"
	"$tv" run --format html -e "$tmp/p/echo_server" -e "$tmp/p/echo_client 8887 hello" >"$tmp/html/run.html" 2>"$tmp/err"
	check "html: tcpviz run, written" [ $? -eq 0 ]
else
	fail "the test programs are not built (make programs)"
fi
# One capture per diagram; a stream chosen, one that is not there.
"$bin" replay --format svg captures/01-handshake.pcap captures/02-data.pcap >/dev/null 2>"$tmp/err"
check "svg: two captures refused, status 2, one line" sh -c "[ $? -eq 2 ] && [ \$(wc -l <'$tmp/err') -eq 1 ]"
"$bin" replay --format svg --stream 1 captures/interleaved.pcap >"$tmp/svg/stream1.svg" 2>/dev/null
check "svg: --stream 1 draws stream 1 and names stream 0" sh -c "grep -q '>stream 1: client' '$tmp/svg/stream1.svg' && grep -q 'not drawn: stream 0<' '$tmp/svg/stream1.svg'"
"$bin" replay --format html --stream 5 captures/interleaved.pcap >"$tmp/html/nostream.html" 2>"$tmp/err"
check "html: a stream not there, said in the page, status 0" sh -c "[ $? -eq 0 ] && grep -q 'stream 5 is not in this capture: it has streams 0-1' '$tmp/html/nostream.html'"

# Past the row limit: the first rows and a note of what was left out.
python3 tests/longstream.py "$tmp/big.pcap" 3000
"$bin" replay --format mermaid "$tmp/big.pcap" >"$tmp/mmd/big.mmd" 2>/dev/null
check "mermaid: a long stream stops at 2,000 rows and 50,000 bytes" sh -c "[ \$(grep -c '^    ' '$tmp/mmd/big.mmd') -le 2010 ] && [ \$(wc -c <'$tmp/mmd/big.mmd') -le 50000 ]"
check "mermaid: and says what was left out" grep -q 'more rows not drawn (at most 2000 rows and 45000 bytes' "$tmp/mmd/big.mmd"
# Many streams: the first drawn, the others named, counted once each.
"$build/gencap" -n 400 -c 1 "$tmp/many.pcap" >/dev/null 2>&1
"$bin" replay --format mermaid "$tmp/many.pcap" >"$tmp/mmd/many.mmd" 2>/dev/null
check "mermaid: of 400 streams, the first, and the 399 others named" grep -q 'not drawn: stream 1, 2, 3, 4, 5, 6, 7, 8 and 391 more' "$tmp/mmd/many.mmd"
"$bin" replay --format svg "$tmp/big.pcap" >"$tmp/svg/big.svg" 2>/dev/null
check "svg: a long stream stops at 2,000 rows" [ "$(grep -c '^<g>$' "$tmp/svg/big.svg")" -eq 2000 ]
check "svg: and says what was left out" grep -q 'more rows not drawn (at most 2000)' "$tmp/svg/big.svg"
"$bin" replay --format svg "$tmp/many.pcap" >"$tmp/svg/many.svg" 2>/dev/null
check "svg: of 400 streams, the first, and the 399 others named" grep -q 'not drawn: stream 1, 2, 3, 4, 5, 6, 7, 8 and 391 more' "$tmp/svg/many.svg"
python3 tests/longstream.py "$tmp/huge.pcap" 11000
"$bin" replay --format html "$tmp/huge.pcap" >"$tmp/huge.html" 2>/dev/null
check "html: a longer stream stops at 20,000 rows" [ "$(grep -c '<g class="r ' "$tmp/huge.html")" -eq 20000 ]
check "html: and says what was left out" grep -q 'more rows not drawn (at most 20000)' "$tmp/huge.html"

node tests/browser/mermaid_render.js "$modules" "$build/exports/mermaid.png" "$tmp"/mmd/*.mmd >"$tmp/render" 2>&1
cat "$tmp/render" | grep -v '^mermaid:'
passed=$((passed + $(grep -c '^ok - ' "$tmp/render")))
failed=$((failed + $(grep -c '^FAIL' "$tmp/render")))
check "mermaid: a screenshot for a person" [ -s "$build/exports/mermaid.png" ]

node tests/browser/svg_render.js "$modules" "$build/exports/svg.png" \
	"$tmp/svg/03-teardown.pcap.svg" "$tmp"/svg/*.svg >"$tmp/render" 2>&1
grep -v '^svg:' "$tmp/render"
passed=$((passed + $(grep -c '^ok - ' "$tmp/render")))
failed=$((failed + $(grep -c '^FAIL' "$tmp/render")))
check "svg: a screenshot for a person" [ -s "$build/exports/svg.png" ]

node tests/browser/html_page.js "$modules" "$build/exports" \
	"$tmp/html/03-teardown.pcap.html" "$tmp/html/09-backlog.pcap.html" \
	"$tmp/html/echo-client-closes.pcap.html" "$tmp/html/hostile.html" \
	"$tmp/html/zh-lesson.html" "$tmp/html/lesson-replay.html" \
	"$tmp/html/run.html" >"$tmp/render" 2>&1
grep -v '^html:' "$tmp/render"
passed=$((passed + $(grep -c '^ok - ' "$tmp/render")))
failed=$((failed + $(grep -c '^FAIL' "$tmp/render")))
check "html: screenshots for a person" [ -s "$build/exports/html-phone.png" ]

finish exports
