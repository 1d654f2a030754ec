#!/bin/sh
# cli.sh BUILD BIN - the command line as a user meets it: help, version,
# formats, standard input, filter expressions, and one clear line with
# status 2 for every kind of bad input.
set -u
. tests/lib.sh
build=$1
bin=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cap=captures/echo-client-closes.pcap

# run ARGS...: status in $rc, output in $tmp/out and $tmp/err.
run() {
	"$bin" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}
has() { grep -q -- "$1" "$2"; }
lines() { wc -l <"$1" | tr -d ' '; }

# expect_error STATUS PATTERN ARGS...: one stderr line matching PATTERN.
expect_error() {
	want=$1 pattern=$2
	shift 2
	run "$@"
	if [ "$rc" -eq "$want" ] && [ "$(lines "$tmp/err")" = 1 ] &&
		has "$pattern" "$tmp/err" && [ ! -s "$tmp/out" ]; then
		ok
	else
		fail "tcpviz $*: status $rc (want $want), stderr: $(cat "$tmp/err")"
	fi
}

run --version
check "--version prints the version" sh -c "[ $rc -eq 0 ] && grep -Eq '^tcpviz [0-9]+\.[0-9]+' '$tmp/out'"
run --help
check "--help lists replay" sh -c "[ $rc -eq 0 ] && grep -q 'replay FILE' '$tmp/out'"
check "--help lists demo and lesson" sh -c "grep -q '^  demo ' '$tmp/out' && grep -q '^  lesson ' '$tmp/out'"
run replay --help
check "replay --help describes --format" sh -c "[ $rc -eq 0 ] && grep -q -- '--format' '$tmp/out'"
check "replay --help lists every format from the table" sh -c "grep -q '^  text ' '$tmp/out' && grep -q '^  jsonl ' '$tmp/out'"
run lesson --help
check "lesson --help lists the formats too" sh -c "[ $rc -eq 0 ] && grep -q '^  jsonl ' '$tmp/out'"
run replay --format json "$cap"
check "--format json is jsonl" sh -c "[ $rc -eq 0 ] && head -n 1 '$tmp/out' | grep -q '^{\"type\":\"segment\"'"
run --delay 0 --format jsonl
check "options without a command run the demo" sh -c "[ $rc -eq 0 ] && grep -q '\"type\":\"call\"' '$tmp/out'"

expect_error 2 "unknown command 'frobnicate'" frobnicate
expect_error 2 "no capture file" replay
expect_error 2 "unknown option '--bogus'" replay --bogus "$cap"
expect_error 2 "unknown format 'xml' (one of: text, jsonl, mermaid, svg, html)" replay --format xml "$cap"
expect_error 2 "demo: unknown format 'png' (one of: text, jsonl, mermaid, svg, html)" demo --format png
expect_error 2 "option '--format' needs a value" replay "$cap" --format
expect_error 2 "$tmp/missing.pcap: No such file or directory" replay "$tmp/missing.pcap"
expect_error 2 "README.md: not a pcap or pcapng capture" replay README.md
: >"$tmp/empty.pcap"
expect_error 2 "empty.pcap: " replay "$tmp/empty.pcap"
expect_error 2 "bad filter expression 'port banana'" replay "$cap" port banana
expect_error 2 "standard input: not a pcap" replay - <README.md
chmod 000 "$tmp/empty.pcap"
if [ "$(id -u)" != 0 ]; then
	expect_error 2 "empty.pcap: Permission denied" replay "$tmp/empty.pcap"
fi

# JSON Lines: one object per line, segments then streams then a summary.
run replay --format jsonl "$cap"
check "jsonl: status 0" [ "$rc" -eq 0 ]
check "jsonl: 11 segment records" [ "$(grep -c '"type":"segment"' "$tmp/out")" = 11 ]
check "jsonl: one stream record" [ "$(grep -c '"type":"stream"' "$tmp/out")" = 1 ]
check "jsonl: summary last" sh -c "tail -n 1 '$tmp/out' | grep -q '\"type\":\"summary\"'"
check "jsonl: every line parses" python3 -c "
import json,sys
for l in open('$tmp/out'): json.loads(l)"
cp "$tmp/out" "$tmp/file.jsonl"

# Standard input gives the same records.
"$bin" replay --format jsonl - <"$cap" >"$tmp/stdin.jsonl" 2>"$tmp/err"
check "standard input: same records as the file" cmp -s "$tmp/stdin.jsonl" "$tmp/file.jsonl"
cat "$cap" | "$bin" replay -j - >"$tmp/pipe.jsonl" 2>"$tmp/err"
check "a pipe: same records as the file" cmp -s "$tmp/pipe.jsonl" "$tmp/file.jsonl"

# The filter keeps the file's frame numbers, as tshark does.
run replay --format jsonl "$cap" 'tcp[tcpflags] & tcp-fin != 0'
frames=$(grep -o '"frame":[0-9]*' "$tmp/out" | cut -d: -f2 | tr '\n' ' ')
check "filter: FIN frames keep their numbers (got '$frames')" [ "$frames" = "8 10 " ]
check "filter: the summary counts the frames left out" has '"filtered_out":9' "$tmp/out"
run replay --format jsonl "$cap" port 9
check "filter matching nothing: no segment, status 0" sh -c "[ $rc -eq 0 ] && ! grep -q '\"type\":\"segment' '$tmp/out'"
run replay -j "$cap" tcp and port 5555
check "filter words are joined as tcpdump joins them" [ "$(grep -c '"type":"segment"' "$tmp/out")" = 11 ]

# Text: the default, ASCII when asked or when the locale is not UTF-8.
run replay "$cap"
check "text is the default when output is not a terminal" has "stream 0: client 127.0.0.1:" "$tmp/out"
LC_ALL=C "$bin" replay "$cap" >"$tmp/c.txt" 2>&1
check "C locale: 7-bit output" sh -c "! LC_ALL=C grep -q '[^ -~]' '$tmp/c.txt'"
run replay --ascii "$cap"
check "--ascii: 7-bit output" sh -c "! LC_ALL=C grep -q '[^ -~]' '$tmp/out'"
check "--ascii: arrows both ways" sh -c "grep -q -- '--->' '$tmp/out' && grep -q -- '<---' '$tmp/out'"
if locale -a 2>/dev/null | grep -qi '^c.utf-\?8$'; then
	LC_ALL=C.UTF-8 "$bin" replay "$cap" >"$tmp/u.txt" 2>&1
	check "UTF-8 locale: Unicode arrows" grep -q '▶' "$tmp/u.txt"
else
	skip "no C.UTF-8 locale to test Unicode arrows"
fi

# A capture cut off inside its last packet: all before it, then a warning.
size=$(wc -c <"$cap")
head -c $((size - 20)) "$cap" >"$tmp/cut.pcap"
run replay --format jsonl "$tmp/cut.pcap"
check "cut-off capture: status 0" [ "$rc" -eq 0 ]
check "cut-off capture: the 10 whole segments" [ "$(grep -c '"type":"segment"' "$tmp/out")" = 10 ]
check "cut-off capture: one warning line" sh -c "[ $(lines "$tmp/err") = 1 ] && grep -q 'cut off after frame 10' '$tmp/err'"
check "cut-off capture: summary says so" has '"cut_off":true' "$tmp/out"

# Output that cannot be written is a run-time failure (status 1).
if [ -w /dev/full ]; then
	"$bin" replay -j "$cap" >/dev/full 2>"$tmp/err"
	rc=$?
	check "output to a full device: status 1, one line" sh -c "[ $rc -eq 1 ] && [ $(lines "$tmp/err") = 1 ]"
fi
# A reader that goes away early is not an error worth a message.
"$bin" replay -j "$cap" 2>"$tmp/err" | head -n 1 >/dev/null
check "closed pipe: nothing on stderr" [ ! -s "$tmp/err" ]

# Several captures: every word after the first that names a file is a
# capture, replayed as if alone (stream numbers and time from 0, its own
# summary) and named; one capture's output says nothing of files.
cap2=captures/refused.pcap
run replay -j "$cap" "$cap2"
check "several captures: status 0" [ "$rc" -eq 0 ]
check "several captures: a file record before each, in order" sh -c "grep '\"type\":\"file\"' '$tmp/out' >'$tmp/files' && [ \$(wc -l <'$tmp/files') = 2 ] && sed -n 1p '$tmp/files' | grep -q '\"file\":\"$cap\",\"number\":1,\"files\":2' && sed -n 2p '$tmp/files' | grep -q '\"file\":\"$cap2\",\"number\":2,\"files\":2'"
"$bin" replay -j "$cap" >"$tmp/one.jsonl"
"$bin" replay -j "$cap2" >"$tmp/two.jsonl"
check "several captures: each exactly as replayed alone" sh -c "grep -v '\"type\":\"file\"' '$tmp/out' | cat - >'$tmp/both' && cat '$tmp/one.jsonl' '$tmp/two.jsonl' | cmp -s - '$tmp/both'"
check "one capture: no file record" sh -c "! grep -q '\"type\":\"file\"' '$tmp/one.jsonl'"
check "several captures: streams restart from 0 in each, as tshark's" [ "$(grep -c '"type":"stream","stream":0,' "$tmp/out")" = 2 ]
run replay "$cap" "$cap2" port 48602
check "several captures, text: each titled with its file, the filter on all" sh -c "[ $rc -eq 0 ] && [ \$(grep -c '^tcpviz replay of ' '$tmp/out') = 2 ] && grep -q '^tcpviz replay of $cap2\$' '$tmp/out' && grep -q '^11 frames: 11 TCP segments' '$tmp/out' && grep -q '^2 frames: 0 TCP segments in 0 streams, 2 not matching the filter' '$tmp/out'"
n=$(ls captures/*.pcap | wc -l)
# shellcheck disable=SC2046
run replay --text $(ls captures/*.pcap) tcp
check "replay captures/*.pcap: every one, none taken for the filter" sh -c "[ $rc -eq 0 ] && [ \$(grep -c '^tcpviz replay of captures/' '$tmp/out') = $n ]"
expect_error 2 "README.md: not a pcap or pcapng capture" replay "$cap" README.md
# A diagram is one document: two in one output is drawn by nothing.
expect_error 2 "replay: a diagram holds one capture, and 2 were given: run --format mermaid once per capture" replay --format mermaid "$cap" "$cap2"
expect_error 2 "replay: a diagram holds one capture, and 3 were given" replay --format mermaid --stream 0 "$cap" "$cap2" "$cap" port 5555
long=$(for i in $(seq 1 120); do printf 'port %d or ' "$i"; done)
# shellcheck disable=SC2086
expect_error 2 "'${long}banana': unknown port 'banana'" replay "$cap" "$cap2" ${long}banana

# --stream N: the stream a diagram draws, by the id JSON Lines gives it;
# refused, one line and status 2, when bad or without a diagram format.
multi=captures/interleaved.pcap
check "$multi has two streams" [ "$("$bin" replay -j "$multi" | grep -c '"type":"stream"')" = 2 ]
expect_error 2 "replay: bad stream 'x' (a stream id" replay --format mermaid --stream x "$multi"
expect_error 2 "replay: bad stream '-1'" replay --format mermaid --stream -1 "$multi"
expect_error 2 "replay: bad stream '1x'" replay --format mermaid --stream 1x "$multi"
expect_error 2 "replay: option '--stream' needs a value" replay --format mermaid "$multi" --stream
expect_error 2 "replay: --stream chooses the stream of a diagram (--format mermaid, svg, html)" replay --stream 1 --format text "$multi"
expect_error 2 "a filter such as 'tcp port N' narrows them" replay --stream 0 --jsonl "$multi"
expect_error 2 "replay: --stream chooses the stream of a diagram" replay --stream 0 "$multi"
expect_error 2 "demo: bad stream 'x'" demo --format mermaid --stream x
expect_error 2 "demo: --stream chooses the stream of a diagram" demo --stream 0 --jsonl
expect_error 2 "lesson: --stream chooses the stream of a diagram" lesson 01 --replay --stream 0 --text
expect_error 2 "run: --stream chooses the stream of a diagram" run --stream 0 --jsonl -e true
client1=$("$bin" replay -j "$multi" | sed -n 's/^{"type":"stream","stream":1,"client":"\([^"]*\)".*/\1/p')
client0=$("$bin" replay -j "$multi" | sed -n 's/^{"type":"stream","stream":0,"client":"\([^"]*\)".*/\1/p')
run replay --format mermaid --stream 1 "$multi"
check "--stream 1: status 0, nothing on stderr" sh -c "[ $rc -eq 0 ] && [ ! -s '$tmp/err' ]"
check "--stream 1: stream 1's client ($client1) is the participant" has "^    participant C as client $client1\$" "$tmp/out"
check "--stream 1: stream 0's client ($client0) is not drawn" sh -c "[ -n '$client0' ] && ! grep -q '$client0' '$tmp/out'"
check "--stream 1: stream 0 named as not drawn" has "stream 1 only (--stream N draws another)#59; not drawn: stream 0\$" "$tmp/out"
"$bin" replay --format mermaid "$multi" >"$tmp/first.mmd" 2>&1
run replay --format mermaid --stream 0 "$multi"
check "--stream 0: the first stream, as without --stream" cmp -s "$tmp/out" "$tmp/first.mmd"
# A stream the capture does not have: the diagram says so and which it
# has; still status 0, as for a filter that matches nothing.
run replay --format mermaid --stream 7 "$multi"
check "--stream 7 of 2 streams: status 0, nothing on stderr" sh -c "[ $rc -eq 0 ] && [ ! -s '$tmp/err' ]"
check "--stream 7 of 2 streams: the diagram says which there are" has "^    Note over C,S: stream 7 is not in this capture: it has streams 0-1\$" "$tmp/out"
check "--stream 7 of 2 streams: no segment drawn" sh -c "! grep -q -- '->>' '$tmp/out'"
run lesson 09 --replay --format mermaid --stream 1
check "lesson --replay --stream 1: its second connection" sh -c "[ $rc -eq 0 ] && grep -q 'not drawn: stream 0\$' '$tmp/out'"
run demo --delay 0 --format mermaid --stream 1
check "demo --stream 1 of its one stream: status 0, said in the diagram" sh -c "[ $rc -eq 0 ] && grep -q 'stream 1 is not in this capture: it has stream 0 only\$' '$tmp/out'"

# Lessons from anywhere: a build run from another folder finds the
# lessons/ and captures/ beside its binary; with none, one line says
# where it looked and how to fix it.
absbin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
mkdir -p "$tmp/build/lessons" "$tmp/build/captures" "$tmp/elsewhere" "$tmp/bare"
cp "$absbin" "$tmp/build/tcpviz"
cp lessons/01-handshake.lesson "$tmp/build/lessons/"
cp captures/01-handshake.pcap captures/01-handshake.pcap.events "$tmp/build/captures/"
(cd "$tmp/elsewhere" && env -u TCPVIZ_LESSONS -u TCPVIZ_CAPTURES "$tmp/build/tcpviz" lesson) >"$tmp/out" 2>"$tmp/err"
check "lessons beside the binary are listed from another folder" sh -c "grep -q '^01-handshake ' '$tmp/out' && [ ! -s '$tmp/err' ]"
(cd "$tmp/elsewhere" && env -u TCPVIZ_LESSONS -u TCPVIZ_CAPTURES "$tmp/build/tcpviz" lesson 01 --replay --check) >"$tmp/out" 2>&1
check "a lesson's recording beside the binary replays from another folder" [ $? -eq 0 ]
cp "$absbin" "$tmp/bare/tcpviz"
if [ -d /usr/local/share/tcpviz/lessons ]; then
	skip "lessons are installed: cannot see the message for none"
else
	(cd "$tmp/elsewhere" && env -u TCPVIZ_LESSONS "$tmp/bare/tcpviz" lesson) >"$tmp/out" 2>"$tmp/err"
	rc=$?
	check "no lessons anywhere: status 2, one line naming the places and the fixes" sh -c "[ $rc -eq 2 ] && [ \$(wc -l <'$tmp/err') = 1 ] && grep -q '$tmp/bare/lessons' '$tmp/err' && grep -q 'TCPVIZ_LESSONS' '$tmp/err' && grep -q 'make install' '$tmp/err'"
fi
(cd "$tmp/elsewhere" && TCPVIZ_LESSONS="$tmp/none" "$tmp/bare/tcpviz" lesson 01) >"$tmp/out" 2>"$tmp/err"
rc=$?
check "TCPVIZ_LESSONS naming no folder: status 2, one line naming it" sh -c "[ $rc -eq 2 ] && [ \$(wc -l <'$tmp/err') = 1 ] && grep -q 'TCPVIZ_LESSONS=$tmp/none: No such file' '$tmp/err'"

finish cli
