#!/bin/sh
# lessons.sh BUILD BIN - every lesson checks itself against the kernel
# (tcpviz lesson NAME --check), as root and as an ordinary user; a lesson
# whose expectation fails, and a lesson file with an error, say so.
set -u
. tests/lib.sh
bin=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tv=$(runnable_copy "$bin" "$tmp")
cp -r lessons "$tmp/lessons"
chmod -R a+rX "$tmp/lessons"

"$tv" lesson >"$tmp/list" 2>&1
check "tcpviz lesson lists every lesson file" [ "$(wc -l <"$tmp/list")" -eq "$(ls lessons/*.lesson | wc -l)" ]
check "the list gives names and titles" grep -q '^01-handshake  *The three-way handshake' "$tmp/list"

for f in "$tmp"/lessons/*.lesson; do
	name=$(basename "$f" .lesson)
	for who in root user; do
		if [ "$who" = root ]; then
			[ "$(id -u)" = 0 ] || continue
			"$tv" lesson "$f" --check >"$tmp/out" 2>&1
		else
			as_user "$tv" lesson "$f" --check >"$tmp/out" 2>&1
		fi
		rc=$?
		if [ "$rc" -eq 0 ] && grep -q ' 0 failed$' "$tmp/out"; then
			ok
		else
			fail "$name as $who: status $rc: $(tr '\n' ' ' <"$tmp/out" | head -c 400)"
		fi
	done
done

# A lesson the kernel does not obey fails, naming the line.
sed 's/^expect returns 0$/expect blocked/' lessons/01-handshake.lesson >"$tmp/wrong.lesson"
"$tv" lesson "$tmp/wrong.lesson" --check >"$tmp/out" 2>&1
rc=$?
check "a failed expectation: status 1" [ "$rc" -eq 1 ]
check "a failed expectation names its line" grep -q 'wrong.lesson:[0-9]*: step 5: expect blocked: did not hold' "$tmp/out"

printf 'title Broken\nstep client teleport\n' >"$tmp/broken.lesson"
"$tv" lesson "$tmp/broken.lesson" --check >"$tmp/out" 2>"$tmp/err"
rc=$?
check "a lesson file with an error: status 2, FILE:LINE" sh -c "[ $rc -eq 2 ] && grep -q 'broken.lesson:2: expected a call' '$tmp/err'"
"$tv" lesson no-such-lesson >/dev/null 2>"$tmp/err"
check "an unknown lesson: status 2" [ $? -eq 2 ]
"$tv" lesson 03 --format jsonl --auto --delay 0 >"$tmp/03.jsonl" 2>&1
check "a lesson's records in JSON Lines (--auto)" sh -c "grep -q '\"call\":\"shutdown\"\\|\"call\":\"close\"' '$tmp/03.jsonl' && grep -q '\"state\":\"TIME_WAIT\"' '$tmp/03.jsonl'"

"$tv" lesson 06 --format jsonl --auto --delay 0 >"$tmp/06.jsonl" 2>&1
check "narration in JSON Lines: the question before the step" grep -q '"type":"narration","t":[0-9.]*,"step":2,"kind":"ask","text":"Nobody listens' "$tmp/06.jsonl"
check "narration in JSON Lines: the answer after it" grep -q '"step":2,"kind":"answer"' "$tmp/06.jsonl"
"$tv" lesson 03 --text --ascii --auto --delay 0 >"$tmp/03.txt" 2>&1
check "text: the lesson's title first" sh -c "head -n 1 '$tmp/03.txt' | grep -q 'Teardown: the client closes first'"
check "text: each step's narration" grep -q '^  step 8, say:' "$tmp/03.txt"

finish lessons
