#!/bin/sh
# classroom.sh BUILD BIN - the screen as a class sees it on a projector,
# driven in tmux at 80x24, 120x36 and 160x45 and read back with
# capture-pane (-e where colour matters): colours where the terminal has
# them, every return whole, the next step named, one line at a time,
# and the status bar's words.
set -u
. tests/lib.sh
screen_suite classroom "$2" || exit 0
# start W H COMMAND: a fresh session "s" of that size running COMMAND.
start() {
	t kill-session -t s 2>/dev/null
	t new-session -d -s s -x "$1" -y "$2" "$3; echo EXIT=\$?; sleep 60"
}

esc=$(printf '\033')
# sgr_colour N: the pane, read with its escapes, sets foreground colour N
# (SGR 3N, alone or among other parameters).
sgr_colour() {
	t capture-pane -e -p -t s | grep -Eq "${esc}\[([0-9;]*;)?3$1(;[0-9;]*)?m"
}
# no_colour: no foreground colour 0-7 anywhere on the pane.
no_colour() {
	! t capture-pane -e -p -t s | grep -Eq "${esc}\[([0-9;]*;)?3[0-7](;[0-9;]*)?m"
}

sizes="80x24 120x36 160x45"
cap=$(pwd)/captures/echo-client-closes.pcap
t new-session -d -s keep -x 80 -y 24 "sleep 900"

# 1. Colours where the terminal has them (8 and 256), none when asked.
for size in $sizes; do
	w=${size%x*}
	h=${size#*x}
	for term in xterm xterm-256color; do
		start "$w" "$h" "TERM=$term LC_ALL=C.UTF-8 '$bin' replay '$cap'"
		wait_for "127.0.0.1:5555" >/dev/null
		check "colour $size $term: the client in cyan" sgr_colour 6
		check "colour $size $term: the server in magenta" sgr_colour 5
		check "colour $size $term: the handshake in green" sgr_colour 2
		check "colour $size $term: the teardown in yellow" sgr_colour 3
		keys q
	done
	start "$w" "$h" "TERM=xterm-256color LC_ALL=C.UTF-8 '$bin' replay --no-color '$cap'"
	wait_for "127.0.0.1:5555" >/dev/null
	check "colour $size: none with --no-color" no_colour
	check "colour $size: --no-color keeps the selection reversed" sh -c "$(command -v tmux) -L $sock capture-pane -e -p -t s | grep -q '${esc}\[[0-9;]*7m'"
	keys q
	start "$w" "$h" "TERM=xterm-256color NO_COLOR=1 LC_ALL=C.UTF-8 '$bin' replay '$cap'"
	wait_for "127.0.0.1:5555" >/dev/null
	check "colour $size: none with NO_COLOR" no_colour
	keys q
	start "$w" "$h" "TERM=vt100 LC_ALL=C.UTF-8 '$bin' replay '$cap'"
	wait_for "127.0.0.1:5555" >/dev/null
	check "colour $size: none on a terminal without colours" no_colour
	keys q
done

# The lessons and the demo run live as an ordinary user, from a copy.
runnable_copy "$bin" "$tmp" >/dev/null
cp -r lessons "$tmp/lessons"
chmod -R a+rX "$tmp/lessons"
if [ "$(id -u)" = 0 ]; then
	as_user="setpriv --reuid=nobody --regid=nogroup --clear-groups"
else
	as_user=""
fi
tv=$tmp/tcpviz
chmod 777 "$tmp"

# status_ok W H TITLE: the status bar is whole (tests/screen_check.py).
status_ok() {
	for _ in $(seq 1 40); do
		screen | python3 tests/screen_check.py "$1" "$2" --status "$3" >"$tmp/why" && return 0
		sleep 0.1
	done
	cat "$tmp/why" >&2
	return 1
}

# 10. The words of the status bar, the picker's heading, a cut-off
# capture said on the screen, and Ctrl-C as the README says.
size=$(wc -c <"$cap")
head -c $((size - 20)) "$cap" >"$tmp/cut.pcap"
chmod a+r "$tmp/cut.pcap"
for size in $sizes; do
	w=${size%x*}
	h=${size#*x}
	start "$w" "$h" "$as_user env LC_ALL=C.UTF-8 '$tv' lesson 06 --auto --delay 0"
	check "lesson end $size: the status bar says the lesson has ended" wait_for "the lesson has ended: q quits"
	check "lesson end $size: not the demo" sh -c "! $(command -v tmux) -L $sock capture-pane -p -t s | grep -q 'demo has ended'"
	check "lesson end $size: the status bar whole" status_ok "$w" "$h" "Connection refused"
	keys q

	start "$w" "$h" "LC_ALL=C.UTF-8 '$bin' replay '$tmp/cut.pcap' 2>'$tmp/cut.err'"
	check "cut-off $size: said on the status bar" wait_for "  the capture is cut off after frame 10  "
	check "cut-off $size: the status bar whole" status_ok "$w" "$h" "$tmp/cut.pcap"
	keys q
	check "cut-off $size: and the one line on stderr after the screen" sh -c "wait_for() { :; }; [ \$(wc -l <'$tmp/cut.err') = 1 ] && grep -q 'cut off after frame 10' '$tmp/cut.err'"

	start "$w" "$h" "LC_ALL=C.UTF-8 '$bin' replay '$(pwd)/captures/interleaved.pcap'"
	wait_for "127.0.0.1:48602" >/dev/null
	keys c
	wait_for "Connections:" >/dev/null
	check "picker $size: the heading sits over its columns" sh -c "$(command -v tmux) -L $sock capture-pane -p -t s | python3 tests/classroom_picker.py"
	keys q

	# Several captures follow one another on one screen.
	start "$w" "$h" "cd '$(pwd)' && LC_ALL=C.UTF-8 '$bin' replay captures/01-handshake.pcap captures/interleaved.pcap captures/06-refused.pcap"
	check "several $size: the first capture's rule" wait_for "Capture 1 of 3: captures/01-handshake.pcap"
	check "several $size: the status bar names the first and counts the rest" status_ok "$w" "$h" "captures/01-handshake.pcap and 2 more captures"
	keys End
	check "several $size: the last capture's connection is its own stream 0" wait_for "capture 3, stream 0"
	check "several $size: the refused connection on it, CLOSED throughout" wait_for "SYN seq=0 (handshake 1/3).* CLOSED"
	# The rule is eleven lines above the last: select it.
	keys Up Up Up Up Up Up Up Up Up Up Up
	check "several $size: the last capture's rule, its time from 0 again" wait_for "0.000000 .* Capture 3 of 3: captures/06-refused.pcap"
	keys Enter
	check "several $size: Enter on the rule tells what it held" wait_for "It holds 1 connection;"
	keys Escape c
	wait_for "Connections:" >/dev/null
	if [ "$w" -ge 120 ]; then
		check "several $size: the picker names each connection's capture" sh -c "p=\$($(command -v tmux) -L $sock capture-pane -p -t s); echo \"\$p\" | grep -q '^ *1 captures/01-handshake.pcap  *0 ' && [ \$(echo \"\$p\" | grep -c '^ *2 captures/interleaved.pcap ') -ge 2 ] && echo \"\$p\" | grep -q '^ *3 captures/06-refused.pcap  *0 '"
	else
		check "several $size: where names do not fit, the id says capture:stream" sh -c "p=\$($(command -v tmux) -L $sock capture-pane -p -t s); echo \"\$p\" | grep -q '^ *cap:id  client' && echo \"\$p\" | grep -q '^ *1:0  127' && echo \"\$p\" | grep -q '^ *2:1  127' && echo \"\$p\" | grep -q '^ *3:0  127'"
	fi
	check "several $size: the picker's heading sits over its columns" sh -c "$(command -v tmux) -L $sock capture-pane -p -t s | python3 tests/classroom_picker.py"
	keys Down Down Down Enter Enter
	check "several $size: a segment of the last capture tells its stream of that capture" wait_for "stream 0 of capture 3"
	keys q
	check "several $size: ends with status 0" wait_for "EXIT=0"
done

# seen_through LESSON N: the screens a class sees while Space reveals a
# recorded lesson N times, one after another, into $tmp/seen.
seen_through() {
	start "$w" "$h" "LC_ALL=C.UTF-8 '$bin' lesson $1 --replay"
	wait_for "no lines yet" >/dev/null
	: >"$tmp/seen"
	for _ in $(seq 1 "$2"); do
		keys Space
		screen >>"$tmp/seen"
	done
	keys q
}

# 2. Every return whole, with its errno and how long it blocked, at
# every size; at 120 columns the lesson pane leaves the timeline 80.
for size in $sizes; do
	w=${size%x*}
	h=${size#*x}
	seen_through 06 4
	check "returns $size: lesson 06's connect() = -1 ECONNREFUSED" grep -q "connect() = -1 ECONNREFUSED" "$tmp/seen"
	seen_through 07 12
	check "returns $size: lesson 07's recv() = -1 ECONNRESET, and how long" grep -q "recv() = -1 ECONNRESET after [0-9]*\.[0-9][0-9] ms" "$tmp/seen"
	check "returns $size: lesson 07's accept(), how long, from whom" grep -q "accept() = [0-9]* after [0-9]*\.[0-9][0-9] ms from 127.0.0.1:[0-9]" "$tmp/seen"
	seen_through 09 12
	check "returns $size: lesson 09's connect() blocked a second" grep -q "connect() = 0 after [1-9]\.[0-9][0-9] s" "$tmp/seen"
	check "returns $size: no return shrunk to its value" sh -c "! grep -Eq '(^| )=-?[0-9]' '$tmp/seen'"
	# The tutorials' lessons: a forking server's child named on its
	# calls, a parent's close() that sends nothing, the accept queue
	# read from the kernel, a SIGPIPE beside its EPIPE.
	seen_through 19 13
	check "returns $size: lesson 19's child named on its calls" grep -q "child send(" "$tmp/seen"
	check "returns $size: lesson 19's parent close() sends nothing" grep -q "close() = 0 not the last descriptor" "$tmp/seen"
	seen_through 22 9
	check "returns $size: lesson 22's accept queue from the kernel" grep -q "LISTEN, accept queue 2 (backlog 1)" "$tmp/seen"
	seen_through 20 13
	check "returns $size: lesson 20's send() = -1 EPIPE SIGPIPE" grep -q "send() = -1 EPIPE SIGPIPE" "$tmp/seen"
	# Crossed FINs: the client's FIN finds the server in FIN_WAIT_1
	# and makes it CLOSING, never CLOSE_WAIT; the kernel says CLOSING.
	seen_through 23 8
	check "returns $size: lesson 23's first FIN makes the server CLOSING" grep -q "FIN_WAIT_1 .*FIN,ACK seq=1 ack=1.*▶ CLOSING" "$tmp/seen"
	check "returns $size: lesson 23's crossed FIN makes the client CLOSING" grep -q "CLOSING .*◀─FIN,ACK seq=1 ack=1" "$tmp/seen"
	check "returns $size: lesson 23's kernel says CLOSING on both sides" sh -c "[ \$(grep -o 'kernel fd [0-9]*: CLOSING' '$tmp/seen' | sort -u | wc -l) -eq 2 ]"
	check "returns $size: lesson 23 draws no CLOSE_WAIT" sh -c "! grep -q '▶ CLOSE_WAIT' '$tmp/seen'"
done
# ... and in Chinese: the child is the server's 子进程.
start 80 24 "LC_ALL=C.UTF-8 '$bin' --lang zh_CN lesson 19 --replay"
sleep 1.5
: >"$tmp/seen"
for _ in $(seq 1 13); do
	keys Space
	screen >>"$tmp/seen"
done
keys q
check "lesson 19 in Chinese: the child is 子进程 on its calls" grep -q "子进程 send(" "$tmp/seen"
# The bytes a learner sent, on their segment's own row where the wire
# has room: five characters, fifteen bytes.
start 120 36 "$as_user env LC_ALL=C.UTF-8 '$tv' demo --delay 100 --message '你好，世界'"
check "payload 120x36: the message on the data segment's row" wait_for 'PSH,ACK seq=1 ack=1 len=15 (data) "你好，世界"'
start 120 36 "$as_user env LC_ALL=C.UTF-8 '$tv' demo --delay 100 --ascii --message '你好'"
check "payload 120x36, 7-bit: the bytes as escapes" wait_for 'len=6 (data) "\\xe4\\xbd\\xa0'
start 80 24 "$as_user env LC_ALL=C.UTF-8 '$tv' demo --delay 100"
check "returns 80x24: the live demo's accept() = 5, how long, from whom" wait_for "accept() = 5 after [0-9.]* m\?s from 127.0.0.1:"
keys q

# time_rows: how many timeline lines the pane shows (rows that start
# with a time).
time_rows() {
	screen | grep -Ec '^ *[0-9]+\.[0-9]{6} '
}

# 6. Pacing for a class: the next step named from the first screen, one
# line at a time (--slow, and the key s), a blocked call drawn blocked
# until the segment that releases it is shown.
for size in $sizes; do
	w=${size%x*}
	h=${size#*x}
	start "$w" "$h" "$as_user env LC_ALL=C.UTF-8 '$tv' demo --step"
	check "pacing $size: --step names the next step and its key at once" wait_for "Space: server calls socket()"
	check "pacing $size: ... in the timeline and on the status bar" sh -c "[ \$($(command -v tmux) -L $sock capture-pane -p -t s | grep -c 'Space: server calls socket()') = 2 ]"
	keys Space
	check "pacing $size: then the step after it" wait_for "Space: server calls bind()"
	keys q

	start "$w" "$h" "LC_ALL=C.UTF-8 '$bin' lesson 01 --replay --slow"
	check "slow $size: the first screen names step 1" wait_for "Space: step 1 of 9: server socket"
	keys Space
	check "slow $size: space reveals step 1, none of its lines yet" wait_for "Space: the next line ([0-9]* more)"
	ok_lines=true
	for n in 1 2 3; do
		keys Space
		[ "$(time_rows)" = "$n" ] || ok_lines=false
	done
	check "slow $size: each space shows one line more" $ok_lines
	# On to the SYN: the segments come one at a time.
	for _ in $(seq 1 30); do
		screen | grep -q "handshake 1/3" && break
		keys Space
	done
	check "slow $size: the SYN alone" sh -c "$(command -v tmux) -L $sock capture-pane -p -t s | grep -q 'handshake 1/3' && ! $(command -v tmux) -L $sock capture-pane -p -t s | grep -q 'handshake 2/3'"
	check "slow $size: connect() drawn blocked until its SYN-ACK is shown" wait_for "connect([0-9]*, 127.0.0.1:[0-9]*) blocked"
	keys Space
	check "slow $size: then the SYN-ACK alone" sh -c "$(command -v tmux) -L $sock capture-pane -p -t s | grep -q 'handshake 2/3' && ! $(command -v tmux) -L $sock capture-pane -p -t s | grep -q 'handshake 3/3'"
	check "slow $size: connect() no longer drawn blocked" sh -c "! $(command -v tmux) -L $sock capture-pane -p -t s | grep -q 'connect([0-9]*, .*blocked'"
	keys Space
	check "slow $size: then the ACK" wait_for "handshake 3/3"
	keys '?'
	check "slow $size: the help names the key, from the key table" wait_for "s  *one line at a time (Space shows the next), or all"
	keys Escape
	keys q

	# The key s turns it on in the middle: a whole step, then lines.
	start "$w" "$h" "LC_ALL=C.UTF-8 '$bin' lesson 06 --replay"
	wait_for "Space: step 1 of 3" >/dev/null
	keys Space
	check "key s $size: without it, space shows a whole step" wait_for "socket() = "
	keys s
	keys Space
	check "key s $size: with it, the next step's lines wait" wait_for "Space: the next line"
	before=$(time_rows)
	keys Space
	check "key s $size: and come one a space" [ "$(time_rows)" = "$((before + 1))" ]
	keys s
	check "key s $size: s again shows them all" sh -c "$(command -v tmux) -L $sock capture-pane -p -t s | grep -q 'connect() = -1 ECONNREFUSED'"
	keys q
done

# --slow with --auto: the lesson runs to its end, its lines wait; the
# status bar says both, whole words only.
for size in $sizes; do
	w=${size%x*}
	h=${size#*x}
	start "$w" "$h" "$as_user env LC_ALL=C.UTF-8 '$tv' lesson 06 --auto --delay 0 --slow"
	check "slow to the end $size: what space does, first" wait_for "no lines yet  Space: the next line ([0-9]* more)  the lesson"
	check "slow to the end $size: the status bar whole" status_ok "$w" "$h" "Connection refused"
	keys q
done

# A live lesson, --slow: the step runs, its lines wait for space.
start 80 24 "$as_user env LC_ALL=C.UTF-8 '$tv' lesson 06 --slow"
check "slow live lesson: the first step named" wait_for "Space: step 1 of 3: client socket"
keys Space
check "slow live lesson: the step ran, its lines wait" wait_for "Space: the next line ([0-9]* more)"
keys q

# Ctrl-C on the screen: the terminal back, exit 130, one line (the
# README says what the screen leaves behind).
start 80 24 "python3 tests/status_of.py '$tmp/st' $as_user env LC_ALL=C.UTF-8 '$tv' demo --delay 200 --record '$tmp/int.pcap' 2>'$tmp/int.err'"
wait_for "accept(3)" >/dev/null
keys C-c
check "Ctrl-C on the screen: dies of it, exit status 130" wait_for "EXIT=130 SIGNALLED=yes"
check "Ctrl-C on the screen: the one line on stderr" sh -c "[ \"\$(cat '$tmp/int.err')\" = 'tcpviz: demo: stopped by signal 2' ]"
check "Ctrl-C on the screen: what was captured is in the recording" sh -c "'$bin' replay --format jsonl '$tmp/int.pcap' | grep -q '\"flags\":\"SYN\"'"

finish classroom
