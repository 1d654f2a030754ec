#!/bin/sh
# demo.sh BUILD BIN - the live demo, run for real: as root and as an
# ordinary user (each in a private network namespace), over IPv4 and
# IPv6, recorded and replayed, and stopped by signals. What the records
# must show is checked by tests/demo_check.py.
set -u
. tests/lib.sh
bin=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tv=$(runnable_copy "$bin" "$tmp")

# demo_ok NAME [RUNNER...]: a demo run, its records checked.
demo_ok() {
	name=$1
	shift
	"$@" "$tv" demo --delay 0 --format jsonl >"$tmp/$name.jsonl" 2>"$tmp/$name.err"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		fail "$name: status $rc: $(head -c 300 "$tmp/$name.err")"
		return
	fi
	if python3 tests/demo_check.py "$tmp/$name.jsonl" >"$tmp/$name.check"; then
		ok
	else
		fail "$name: $(grep FAIL "$tmp/$name.check" | head -n 5)"
	fi
}


if [ "$(id -u)" = 0 ]; then
	demo_ok root
	demo_ok unprivileged as_user
	# As root, the path an ordinary user takes (a user namespace too).
	demo_ok root-user-namespace env TCPVIZ_NETNS=user
else
	skip "the demo as root (not running as root)"
	demo_ok unprivileged
fi

# IPv6: the same exchange over ::1.
"$tv" demo --ipv6 --delay 0 --format jsonl >"$tmp/v6.jsonl" 2>"$tmp/v6.err"
check "IPv6 demo: status 0" [ $? -eq 0 ]
check "IPv6 demo: segments between [::1] ends" grep -q '"src":"::1"' "$tmp/v6.jsonl"
check "IPv6 demo: records check out" sh -c "python3 tests/demo_check.py '$tmp/v6.jsonl' >/dev/null"

# The text diagram: calls in their columns, arrows between.
"$tv" demo --delay 0 --ascii >"$tmp/text.txt" 2>&1
check "text demo: connect() on the client's side" grep -q '^ *[0-9.]*  client connect(' "$tmp/text.txt"
check "text demo: accept() returns on the server's side" grep -q 'server accept() = [0-9]' "$tmp/text.txt"
check "text demo: the kernel's TIME_WAIT" grep -q 'kernel: client no fd TIME_WAIT' "$tmp/text.txt"

# Recording: a capture tcpviz (and tshark) can read, and the calls beside.
"$tv" demo --delay 0 --format jsonl --record "$tmp/rec.pcap" >"$tmp/rec.jsonl" 2>"$tmp/rec.err"
check "record: status 0" [ $? -eq 0 ]
live=$(grep -c '"type":"segment"' "$tmp/rec.jsonl")
"$tv" replay --format jsonl "$tmp/rec.pcap" >"$tmp/replayed.jsonl" 2>"$tmp/replayed.err"
check "record: replays cleanly" [ $? -eq 0 ] && [ ! -s "$tmp/replayed.err" ]
check "record: the same $live segments" [ "$(grep -c '"type":"segment"' "$tmp/replayed.jsonl")" = "$live" ]
check "record: the calls are in FILE.events" grep -q '"type":"call","t":[0-9.]*,"actor":"client","call":"connect"' "$tmp/rec.pcap.events"
grep -v '"type":"summary"' "$tmp/rec.jsonl" >"$tmp/live.records"
grep -v '"type":"summary"' "$tmp/replayed.jsonl" >"$tmp/replayed.records"
check "record: the replay shows the same calls, kernel states and segments" cmp -s "$tmp/live.records" "$tmp/replayed.records"
head -n 3 "$tmp/rec.pcap.events" >"$tmp/short.pcap.events"
echo '{"type":"call","t":"soon"}' >>"$tmp/short.pcap.events"
cp "$tmp/rec.pcap" "$tmp/short.pcap"
"$tv" replay --format jsonl "$tmp/short.pcap" >"$tmp/short.jsonl" 2>"$tmp/short.err"
check "record: a bad .events line is one warning, the segments still shown" sh -c "[ $? -eq 0 ] && [ \$(wc -l <'$tmp/short.err') -eq 1 ] && grep -q 'short.pcap.events line 4' '$tmp/short.err' && [ \$(grep -c '\"type\":\"segment\"' '$tmp/short.jsonl') -eq $live ] && [ \$(grep -c '\"type\":\"call\"' '$tmp/short.jsonl') -eq 2 ]"
"$tv" demo --delay 0 --record /nonexistent/dir/rec.pcap >/dev/null 2>"$tmp/bad.err"
rc=$?
check "record to an unwritable path: status 1, one line" sh -c "[ $rc -eq 1 ] && [ \$(wc -l <'$tmp/bad.err') -eq 1 ]"

if [ -w /dev/full ]; then
	"$tv" demo --delay 0 --record /dev/full >/dev/null 2>"$tmp/full.err"
	rc=$?
	check "record to a full disk: status 1, one line" sh -c "[ $rc -eq 1 ] && [ \$(wc -l <'$tmp/full.err') -eq 1 ] && grep -q 'No space left' '$tmp/full.err'"
fi

# Signals: the demo stops, says so, and leaves a valid recording.
for pair in INT:2 TERM:15; do
	sig=${pair%:*}
	num=${pair#*:}
	"$tv" demo --delay 400 --format jsonl --record "$tmp/sig.pcap" >"$tmp/sig.jsonl" 2>"$tmp/sig.err" &
	pid=$!
	sleep 1.5
	kill -"$sig" "$pid"
	wait "$pid"
	rc=$?
	want=$((128 + num))
	check "SIG$sig: exit status $want (got $rc)" [ "$rc" -eq "$want" ]
	check "SIG$sig: said on stderr" grep -q "stopped by signal" "$tmp/sig.err"
	"$tv" replay --format jsonl "$tmp/sig.pcap" >"$tmp/sigr.jsonl" 2>"$tmp/sigr.err"
	check "SIG$sig: the recording replays without a warning" sh -c "[ $? -eq 0 ] && [ ! -s '$tmp/sigr.err' ]"
	check "SIG$sig: the JSON Lines end with the summary" sh -c "tail -n 1 '$tmp/sig.jsonl' | grep -q '\"type\":\"summary\"'"
	check "SIG$sig: no process left" sh -c "! kill -0 $pid 2>/dev/null"
done

# --step: a key before each step; q stops the demo early but cleanly.
yes '' | "$tv" demo --step --format jsonl >"$tmp/step.jsonl" 2>"$tmp/step.err"
check "--step: every step runs when keys come" sh -c "[ $? -eq 0 ] && python3 tests/demo_check.py '$tmp/step.jsonl' >/dev/null"
check "--step: one prompt per step" [ "$(grep -c 'press Enter' "$tmp/step.err")" -eq 14 ]
printf '\n\nq\n' | "$tv" demo --step --format jsonl >"$tmp/q.jsonl" 2>"$tmp/q.err"
check "--step: q stops after two steps, status 0" sh -c "[ $? -eq 0 ] && [ \$(grep -c '\"phase\":\"return\"' '$tmp/q.jsonl') -eq 2 ] && grep -q 'stopped before the end' '$tmp/q.err'"

if [ "$(id -u)" = 0 ]; then
	# Under sudo, the demo runs as the invoking user once the capture
	# is open.
	SUDO_UID=65534 SUDO_GID=65534 "$tv" demo --delay 300 --format jsonl >"$tmp/sudo.jsonl" 2>"$tmp/sudo.err" &
	pid=$!
	sleep 1
	uids=$(awk '/^Uid:/ {print $2, $3, $4, $5}' "/proc/$pid/status" 2>/dev/null)
	wait "$pid"
	rc=$?
	check "under sudo: runs as the invoking user (uids '$uids')" [ "$uids" = "65534 65534 65534 65534" ]
	check "under sudo: the demo still completes" sh -c "[ $rc -eq 0 ] && python3 tests/demo_check.py '$tmp/sudo.jsonl' >/dev/null"

	# On the host loopback, a port already in use is one clear error.
	python3 -c "
import socket, time
s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(1)
print(s.getsockname()[1], flush=True); time.sleep(5)" >"$tmp/port" &
	lpid=$!
	sleep 0.5
	port=$(cat "$tmp/port")
	TCPVIZ_NETNS=host "$tv" demo --delay 0 --port "$port" >/dev/null 2>"$tmp/inuse.err"
	rc=$?
	kill "$lpid" 2>/dev/null
	check "port in use: status 2, one line naming it" sh -c "[ $rc -eq 2 ] && [ \$(wc -l <'$tmp/inuse.err') -eq 1 ] && grep -q 'port $port on 127.0.0.1: Address already in use' '$tmp/inuse.err'"
fi

# Bad usage.
"$tv" demo --port 0 >/dev/null 2>"$tmp/u.err"
check "demo --port 0: status 2" [ $? -eq 2 ]
"$tv" demo --delay soon >/dev/null 2>"$tmp/u.err"
check "demo --delay soon: status 2" [ $? -eq 2 ]
"$tv" demo extra >/dev/null 2>"$tmp/u.err"
check "demo with an argument: status 2" [ $? -eq 2 ]

# A message in Chinese: the text diagram stays UTF-8 within 80 cells,
# and the byte count is the bytes' (five characters, 15 bytes).
as_user env LC_ALL=C.UTF-8 "$tv" demo --delay 0 --text --message '你好，世界' >"$tmp/zh.txt" 2>"$tmp/err"
rc=$?
if out=$(python3 tests/text_width.py 80 "$tmp/zh.txt" "client send(" "15 bytes") && [ "$rc" -eq 0 ]; then
	ok
else
	fail "the demo with a Chinese message: status $rc: $out"
fi
# ... and the text itself is shown, where the student sees its length:
# under the segment's label in the text diagram (sent and echoed), in
# JSON Lines, and as bytes in 7-bit output.
check "the message's text under its segments" [ "$(grep -c '^ *"你好，世界"$' "$tmp/zh.txt")" -eq 2 ]
as_user "$tv" demo --delay 0 --jsonl --message '你好，世界' >"$tmp/zh.jsonl" 2>"$tmp/err"
check "the message's text in JSON Lines" sh -c "[ \$(grep -c '\"len\":15,.*\"payload\":\"你好，世界\"}' '$tmp/zh.jsonl') -eq 2 ]"
as_user "$tv" demo --delay 0 --text --ascii --message '你好' >"$tmp/zh-ascii.txt" 2>"$tmp/err"
check "the message's bytes in 7-bit output" grep -q '^ *"\\xe4\\xbd\\xa0\\xe5\\xa5\\xbd"$' "$tmp/zh-ascii.txt"

finish demo
