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
check "tcpviz lesson lists every lesson file" [ "$(grep -c "^[0-9]" "$tmp/list")" -eq "$(ls lessons/*.lesson | wc -l)" ]
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

# At a class's pace too: every lesson judged again with 2.5 s between
# steps (in parallel: they mostly wait), so nothing in a lesson depends
# on running at once.
for f in "$tmp"/lessons/*.lesson; do
	name=$(basename "$f" .lesson)
	("$tv" lesson "$f" --check --delay 2500 >"$tmp/slow-$name.out" 2>&1
	 echo $? >"$tmp/slow-$name.rc") &
done
wait
for f in "$tmp"/lessons/*.lesson; do
	name=$(basename "$f" .lesson)
	if [ "$(cat "$tmp/slow-$name.rc")" = 0 ] &&
		grep -q ' 0 failed$' "$tmp/slow-$name.out"; then
		ok
	else
		fail "$name at --delay 2500: $(tr '\n' ' ' <"$tmp/slow-$name.out" | head -c 400)"
	fi
done

# A class that pauses 8 s at the question before step 9 of lesson 09
# (the SYN is sent again three times meanwhile, each dropped): recorded,
# then judged on its recording.
mkdir "$tmp/captures"
(for i in 1 2 3 4 5 6 7 8; do echo; sleep 0.4; done
 sleep 8
 for i in 1 2 3 4 5 6 7 8 9; do echo; sleep 0.4; done) |
	"$tv" lesson 09 --text --record "$tmp/captures/09-backlog.pcap" \
		>"$tmp/pause.txt" 2>"$tmp/pause.err"
check "lesson 09 with a pause: the run ends well" [ $? -eq 0 ]
check "lesson 09 with a pause: the SYN was sent again while the queue was full" \
	sh -c "[ \$(grep -c 'SYN seq=0  (handshake 1/3) \[retransmission\]' '$tmp/pause.txt') -ge 3 ]"
TCPVIZ_CAPTURES=$tmp/captures "$tv" lesson 09 --replay --check >"$tmp/out" 2>&1
rc=$?
check "lesson 09 with a pause: every expectation held ($(tail -n 1 "$tmp/out"))" \
	sh -c "[ $rc -eq 0 ] && grep -q ' 0 failed$' '$tmp/out'"

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

# Every lesson has its recording in captures/, which replays with its
# narration and still meets the lesson's expectations.
for f in lessons/*.lesson; do
	name=$(basename "$f" .lesson)
	if [ ! -f "captures/$name.pcap" ] || [ ! -f "captures/$name.pcap.events" ]; then
		fail "$name: no recording in captures/ ('make captures')"
		continue
	fi
	"$tv" lesson "$f" --replay --check >"$tmp/out" 2>&1
	rc=$?
	if [ "$rc" -eq 0 ] && grep -q ' 0 failed$' "$tmp/out"; then
		ok
	else
		fail "$name: its recording: status $rc: $(tr '\n' ' ' <"$tmp/out" | head -c 400)"
	fi
	steps=$(grep -c '^step ' "$f")
	"$tv" lesson "$f" --replay --format jsonl >"$tmp/rec.jsonl" 2>"$tmp/err"
	rc=$?
	got=$(grep -c '"kind":"step"' "$tmp/rec.jsonl")
	check "$name: the recording replays every step's record ($got of $steps)" \
		sh -c "[ $rc -eq 0 ] && [ $got -eq $steps ] && [ ! -s '$tmp/err' ]"
done

# A recording made now replays to the same records as the live run.
mkdir -p "$tmp/rec"
"$tv" lesson 09 --auto --delay 0 --format jsonl --record "$tmp/rec/09-backlog.pcap" >"$tmp/live.jsonl" 2>&1
TCPVIZ_CAPTURES="$tmp/rec" "$tv" lesson 09 --replay --format jsonl >"$tmp/replayed.jsonl" 2>&1
grep -v '"type":"summary"' "$tmp/live.jsonl" >"$tmp/a"
grep -v '"type":"summary"' "$tmp/replayed.jsonl" >"$tmp/b"
check "a lesson's recording replays to the live run's records" cmp -s "$tmp/a" "$tmp/b"
check "the recording holds the questions and the step records" sh -c "grep -q '\"kind\":\"ask\"' '$tmp/b' && grep -q '\"kind\":\"settled\",\"text\":\"blocked\"' '$tmp/b'"
TCPVIZ_CAPTURES="$tmp/rec" "$tv" lesson 09 --replay --check >"$tmp/out" 2>&1
check "the new recording meets the lesson's expectations" grep -q ' 0 failed$' "$tmp/out"

# A recording that lost its step records does not pass for the lesson.
grep -v '"kind":"step"' "$tmp/rec/09-backlog.pcap.events" >"$tmp/ev" && mv "$tmp/ev" "$tmp/rec/09-backlog.pcap.events"
TCPVIZ_CAPTURES="$tmp/rec" "$tv" lesson 09 --replay --check >"$tmp/out" 2>&1
check "a recording without its steps fails the check (status 1)" sh -c "[ $? -eq 1 ] && grep -q 'the step never ran' '$tmp/out'"

# No recording: one line, status 2.
TCPVIZ_CAPTURES="$tmp/nowhere" "$tv" lesson 01 --replay --check >"$tmp/out" 2>"$tmp/err"
rc=$?
check "a missing recording: status 2, one line naming it" sh -c "[ $rc -eq 2 ] && [ \$(wc -l <'$tmp/err') -eq 1 ] && grep -q 'has no recording' '$tmp/err'"
"$tv" lesson 01 --replay --record "$tmp/x.pcap" >/dev/null 2>"$tmp/err"
check "--record with --replay: status 2" [ $? -eq 2 ]

# The ipv6 directive: the lesson runs over ::1.
"$tv" lesson 10 --auto --delay 0 --format jsonl >"$tmp/10.jsonl" 2>&1
check "an ipv6 lesson runs over ::1" grep -q '"client":"\[::1\]:' "$tmp/10.jsonl"
printf 'title T\nstep client socket\nipv6\n' >"$tmp/late.lesson"
"$tv" lesson "$tmp/late.lesson" --check >/dev/null 2>"$tmp/err"
check "ipv6 after a step: FILE:LINE" grep -q 'late.lesson:3: expected .ipv6. before the first step' "$tmp/err"

# The lessons in Chinese (their zh_CN lines): the list, the narration
# and a recording's narration in Chinese, the judgement the same as in
# English (the report's words in Chinese, a line for each English one);
# a translation missing or out of step fails --check. The copy of the
# binary in $tmp finds the build's catalogues through TCPVIZ_LOCALEDIR.
export TCPVIZ_LOCALEDIR="$PWD/build/locale"
"$tv" --lang zh_CN lesson >"$tmp/list.zh" 2>&1
check "tcpviz --lang zh_CN lesson: the titles in Chinese" grep -q '^01-handshake  *三次握手$' "$tmp/list.zh"
LANGUAGE=zh_CN LC_ALL=C.UTF-8 "$tv" lesson >"$tmp/list.zh2" 2>&1
check "a Chinese LANGUAGE: the titles in Chinese" grep -q '^09-backlog  *全连接队列已满$' "$tmp/list.zh2"
"$tv" --lang en lesson 06 --check >"$tmp/06.en" 2>&1
en_rc=$?
"$tv" --lang zh_CN lesson 06 --check >"$tmp/06.zh" 2>&1
zh_rc=$?
# The same judgement in Chinese words: the same status, lines and
# numbers (file lines, counts) in the same places.
check "--check judges the same in Chinese (status $en_rc and $zh_rc)" sh -c "[ $en_rc -eq 0 ] && [ $zh_rc -eq 0 ] && [ \"\$(tr -cd '0-9\n' <'$tmp/06.en')\" = \"\$(tr -cd '0-9\n' <'$tmp/06.zh')\" ]"
check "--check: the translations checked" grep -q '06-refused.lesson: translations zh_CN: 5 texts, 0 missing, 0 out of step$' "$tmp/06.en"
check "--check: the report in Chinese" sh -c "grep -q '06-refused.lesson: zh_CN 译文：原文 5 条，缺少译文 0 条，与原文不同步 0 条$' '$tmp/06.zh' && grep -q '06-refused.lesson: 共 3 条预期，3 条成立，0 条不成立$' '$tmp/06.zh'"
mkdir "$tmp/rec-zh"
"$tv" --lang zh_CN lesson 06 --format jsonl --auto --delay 0 --record "$tmp/rec-zh/06-refused.pcap" >"$tmp/06.zh.jsonl" 2>&1
check "narration in Chinese in JSON Lines" grep -q '"step":2,"kind":"ask","text":"那个端口上没有人监听。' "$tmp/06.zh.jsonl"
check "the step records stay as written" grep -q '"kind":"step","text":"client connect unused"' "$tmp/06.zh.jsonl"
check "a recording made in Chinese holds the Chinese narration" grep -q '"kind":"answer","text":"一个 RST' "$tmp/rec-zh/06-refused.pcap.events"
"$tv" --lang zh_CN lesson 06 --text --auto --delay 0 >"$tmp/06.zh.txt" 2>&1
check "text: the title and the question in Chinese" sh -c "head -n 1 '$tmp/06.zh.txt' | grep -q '^连接被拒绝$' && grep -q '那个端口上没有人监听' '$tmp/06.zh.txt'"
"$tv" --lang zh_CN lesson 01 --replay --format jsonl >"$tmp/01.zh.jsonl" 2>&1
check "the English recording replays with the lesson's Chinese words" grep -q '"kind":"say","text":"三个报文段：SYN、SYN-ACK、ACK。' "$tmp/01.zh.jsonl"
"$tv" lesson 01 --replay --format jsonl >"$tmp/01.en.jsonl" 2>&1
check "... and in English with its own" grep -q '"kind":"say","text":"Three segments: SYN, SYN-ACK, ACK.' "$tmp/01.en.jsonl"
# A lesson whose English changed since its recording: that line keeps the
# recorded words; the others are the file's Chinese.
mkdir -p "$tmp/stale/lessons" "$tmp/stale/captures"
cp captures/06-refused.pcap captures/06-refused.pcap.events "$tmp/stale/captures/"
sed 's/^ask Nobody listens on that port\. What comes back?$/ask Nobody listens there. What comes back?/' lessons/06-refused.lesson >"$tmp/stale/lessons/06-refused.lesson"
"$tv" --lang zh_CN lesson "$tmp/stale/lessons/06-refused.lesson" --replay --format jsonl >"$tmp/stale.jsonl" 2>&1
check "a recording of other English keeps its own words there" sh -c "grep -q '\"kind\":\"ask\",\"text\":\"Nobody listens on that port. What comes back?\"' '$tmp/stale.jsonl' && grep -q '\"kind\":\"answer\",\"text\":\"一个 RST' '$tmp/stale.jsonl'"
# Out of step, missing: status 1 in either language, naming the lines.
sed -e 's/^answer.zh_CN 一个 RST（带 ACK 标志）/answer.zh_CN 一个复位报文段（带 ACK 标志）/' -e '/^ask.zh_CN /d' lessons/06-refused.lesson >"$tmp/stale/lessons/06-refused.lesson"
for lang in en zh_CN; do
	TCPVIZ_CAPTURES="$tmp/stale/captures" "$tv" --lang $lang lesson "$tmp/stale/lessons/06-refused.lesson" --replay --check >"$tmp/out" 2>&1
	rc=$?
	if [ $lang = en ]; then
		missing='missing: the .ask. here has no zh_CN translation'
		stale='out of step: it lacks .RST. of its .answer. (line 13)'
		held=' 3 held, 0 failed$'
	else
		missing='缺少译文：这里的 .ask. 没有 zh_CN 译文'
		stale='与原文不同步：它所翻译的 .answer.（第 13 行）里有 .RST.，译文里却没有'
		held='，3 条成立，0 条不成立$'
	fi
	check "a translation out of step and one missing ($lang): status 1, each named" sh -c "[ $rc -eq 1 ] &&
		grep -q '06-refused.lesson:12: ask.zh_CN: $missing' '$tmp/out' &&
		grep -q '06-refused.lesson:14: answer.zh_CN: $stale' '$tmp/out' &&
		grep -q '$held' '$tmp/out'"
done
unset TCPVIZ_LOCALEDIR
printf 'title T\nstep client socket\nsay S\n# a note\nsay.zh_CN 说\n' >"$tmp/apart.lesson"
"$tv" lesson "$tmp/apart.lesson" --check >/dev/null 2>"$tmp/err"
check "a translation not right after its line: status 2, FILE:LINE" sh -c "[ $? -eq 2 ] && grep -q \"apart.lesson:5: expected 'say.zh_CN' right after its 'say', found it after a comment\" '$tmp/err'"

# A lesson in Chinese (tests/lessons/zh.lesson): it checks itself like
# any other, and its text diagram is UTF-8 that fits 80 cells, a CJK
# character two of them, every paragraph whole (one without a blank
# breaks between characters, never inside one).
cp tests/lessons/zh.lesson "$tmp/zh.lesson"
chmod a+r "$tmp/zh.lesson"
as_user "$tv" lesson "$tmp/zh.lesson" --check >"$tmp/out" 2>&1
check "the Chinese lesson checks itself" grep -q ' 0 failed$' "$tmp/out"
for enc in ascii utf8; do
	flags=$([ "$enc" = ascii ] && echo --ascii)
	as_user env LC_ALL=C.UTF-8 "$tv" lesson "$tmp/zh.lesson" --auto --delay 0 --text $flags >"$tmp/zh.txt" 2>"$tmp/err"
	rc=$?
	if out=$(python3 tests/text_width.py 80 "$tmp/zh.txt" \
		"三次握手：连接在 accept() 之前就已经建立" \
		"你好，世界！connect() 会一直阻塞，直到服务器的 SYN-ACK 到达。" \
		"accept() 立即返回：握手早已完成。它只是从全连接队列中取出连接，不发送任何报文段。" \
		"服务器收到15个字节：五个汉字，每个三个字节。recv()返回15，它数的是字节，不是字符。这一段没有空格，所以只能在两个汉字之间换行。" \
		"step 7: client send 你好，世界") && [ "$rc" -eq 0 ]; then
		ok
	else
		fail "the Chinese lesson in text ($enc): status $rc: $out"
	fi
done

# A lesson whose network setting the kernel refuses does not run: one
# line naming the setting, the reason and the recording to play instead.
printf 'title x\nsysctl net.ipv4.no_such_setting 1\nstep client socket\n' >"$tmp/sysctl.lesson"
chmod a+r "$tmp/sysctl.lesson"
for who in root user; do
	if [ "$who" = root ]; then
		[ "$(id -u)" = 0 ] || continue
		"$tv" lesson "$tmp/sysctl.lesson" --check >"$tmp/out" 2>"$tmp/err"
	else
		as_user "$tv" lesson "$tmp/sysctl.lesson" --check >"$tmp/out" 2>"$tmp/err"
	fi
	rc=$?
	check "a refused sysctl ($who): status 1, one line naming it and --replay" sh -c "[ $rc -eq 1 ] && [ \$(wc -l <'$tmp/err') -eq 1 ] && grep -q 'needs net.ipv4.no_such_setting = 1 in its network namespace, which this kernel does not allow here (No such file or directory); .tcpviz lesson .*sysctl.lesson --replay. plays its recording' '$tmp/err' && [ ! -s '$tmp/out' ]"
done
# The Fast Open lesson's setting stays in its namespace.
before=$(cat /proc/sys/net/ipv4/tcp_fastopen)
"$tv" lesson "$tmp/lessons/24-fast-open.lesson" --check >/dev/null 2>&1
check "the Fast Open lesson leaves the host's tcp_fastopen as it was" [ "$(cat /proc/sys/net/ipv4/tcp_fastopen)" = "$before" ]

# The simultaneous close holds segments in its own namespace only, for
# milliseconds: at a class's pace no FIN goes twice, the host keeps no
# rule, and where the hold cannot be made the lesson says so in one line.
"$tv" lesson "$tmp/lessons/23-simultaneous-close.lesson" --auto --delay 2500 --format jsonl >"$tmp/23.jsonl" 2>&1
check "lesson 23 at --delay 2500: four segments of teardown, none sent again" sh -c "[ \$(grep -c '\"flags\":\"FIN,ACK\"' '$tmp/23.jsonl') -eq 2 ] && ! grep -q retransmission '$tmp/23.jsonl'"
check "lesson 23 leaves no netfilter rule on the host" sh -c "! iptables-legacy -S OUTPUT 2>/dev/null | grep -q NFQUEUE && ! iptables -S OUTPUT 2>/dev/null | grep -q NFQUEUE"
for who in root user; do
	if [ "$who" = root ]; then
		[ "$(id -u)" = 0 ] || continue
		TMPDIR=/nonexistent "$tv" lesson "$tmp/lessons/23-simultaneous-close.lesson" --check >"$tmp/out" 2>"$tmp/err"
	else
		as_user env TMPDIR=/nonexistent "$tv" lesson "$tmp/lessons/23-simultaneous-close.lesson" --check >"$tmp/out" 2>"$tmp/err"
	fi
	rc=$?
	check "no hold possible ($who): status 1, one line naming why and --replay" sh -c "[ $rc -eq 1 ] && [ \$(wc -l <'$tmp/err') -eq 1 ] && grep -q 'holds segments in its network namespace to make two FINs cross, which is not possible here (/nonexistent: cannot create a temporary directory: No such file or directory); .tcpviz lesson .*23-simultaneous-close.lesson --replay. plays its recording' '$tmp/err' && [ ! -s '$tmp/out' ]"
done

# A step whose actor is still blocked in an earlier call waits for it,
# as the program would, and a signal still ends the lesson at once.
printf 'title stuck\nstep server socket\nstep server bind\nstep server listen\nstep server accept\nstep client socket\nstep client connect\nstep client recv\nstep client close\n' >"$tmp/stuck.lesson"
"$tv" lesson "$tmp/stuck.lesson" --check >"$tmp/out" 2>"$tmp/err" &
pid=$!
sleep 2
kill -TERM "$pid"
for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then
	kill -KILL "$pid"
	fail "a step waiting for its blocked actor ignored SIGTERM"
else
	wait "$pid"
	rc=$?
	check "a step waiting for its blocked actor: SIGTERM ends it (143, one line)" sh -c "[ $rc -eq 143 ] && [ \$(wc -l <'$tmp/err') -eq 1 ] && grep -q 'stopped by signal 15' '$tmp/err'"
fi

# The glossary's rule for words on the screen: no symbols of ambiguous
# width in a lesson's Chinese (a terminal may draw them two cells wide).
check "no lesson's Chinese has a symbol of ambiguous width" sh -c "! grep -n '^[a-z]*\.zh[_A-Z]* .*[“”‘’…—·]\|^  .*[“”‘’…—·]' lessons/*.lesson"

finish lessons
