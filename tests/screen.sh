#!/bin/sh
# screen.sh BUILD BIN - the ncurses timeline driven as a person would:
# in tmux, with send-keys, read back with capture-pane, at several sizes.
set -u
. tests/lib.sh
screen_suite screen "$2" || exit 0

cap=$(pwd)/captures/echo-client-closes.pcap
# A session that outlives the others keeps the tmux server up between
# them (a server whose last session ends exits, racing the next one).
t new-session -d -s keep -x 80 -y 24 "sleep 600"
t new-session -d -s s -x 80 -y 24 \
	"LANG=C.UTF-8 LC_ALL=C.UTF-8 '$bin' replay '$cap'; echo EXIT=\$?; sleep 30"
check "replay screen opens with the client's endpoint" wait_for "127.0.0.1:48602"
check "the server's endpoint in the header too" wait_for "127.0.0.1:5555"
check "the SYN's arrow" wait_for "SYN"
check "the status line names the keys" wait_for "? help"
screen >"$tmp/first.txt"

keys j
keys Enter
check "Enter opens the detail pane on the selected segment" wait_for "ISN"
keys Enter
keys r
check "r shows absolute numbers" sh -c "$(command -v tmux) -L $sock capture-pane -p -t s | grep -Eq 'SYN seq=[0-9]{6,}'"
keys r
keys '?'
check "? opens the help, listing every key" sh -c "$(command -v tmux) -L $sock capture-pane -p -t s | grep -q 'choose a connection'"
keys x
keys End
check "End selects the last line" sh -c "$(command -v tmux) -L $sock capture-pane -p -t s | tail -n 1 | grep -q 'line 11 of 11'"
keys Home
check "Home selects the first line" sh -c "$(command -v tmux) -L $sock capture-pane -p -t s | tail -n 1 | grep -q 'line 1 of 11'"

t resize-window -t s -x 100 -y 30 2>/dev/null || t resize-pane -t s -x 100 -y 30
sleep 0.5
check "after a resize to 100x30 the screen is redrawn to the new width" sh -c "[ \$($(command -v tmux) -L $sock capture-pane -p -t s | awk '{ if (length(\$0) > m) m = length(\$0) } END { print m }') -gt 80 ]"
t resize-window -t s -x 60 -y 20 2>/dev/null || t resize-pane -t s -x 60 -y 20
check "below 80x24: one line saying so" wait_for "needs at least 80x24"
t resize-window -t s -x 80 -y 24 2>/dev/null || t resize-pane -t s -x 80 -y 24
check "back to 80x24: the timeline again" wait_for "127.0.0.1:5555"

keys q
check "q quits with status 0" wait_for "EXIT=0"
check "the terminal is back: the shell's output shows below" sh -c "! $(command -v tmux) -L $sock capture-pane -p -t s | grep -q 'help'"

# Ctrl-C restores the terminal as well, and tcpviz dies of it (as a
# shell expects; tests/status_of.py says how it ended).
t kill-session -t s
t new-session -d -s s -x 80 -y 24 \
	"LC_ALL=C python3 tests/status_of.py '$tmp/st' '$bin' replay '$cap'; sleep 30"
check "ASCII screen in the C locale" wait_for "127.0.0.1:48602"
check "no Unicode arrows in the C locale" sh -c "! $(command -v tmux) -L $sock capture-pane -p -t s | grep -q '▶'"
keys C-c
check "Ctrl-C quits (status 130, by the signal)" wait_for "EXIT=130 SIGNALLED=yes"

# SIGTERM and a fatal signal give the terminal back too.
for pair in TERM:143 SEGV:139; do
	sig=${pair%:*}
	want=${pair#*:}
	t kill-session -t s
	t new-session -d -s s -x 80 -y 24 \
		"LC_ALL=C.UTF-8 '$bin' replay '$cap'; echo EXIT=\$?; stty -a | grep -o ' -\?icanon' ; sleep 30"
	wait_for "127.0.0.1:48602" >/dev/null
	pkill -"$sig" -f "$bin replay $cap"
	check "SIG$sig: exit status $want" wait_for "EXIT=$want"
	check "SIG$sig: the terminal is back in canonical mode" wait_for " icanon"
	check "SIG$sig: the timeline is gone from the screen" sh -c "! $(command -v tmux) -L $sock capture-pane -p -t s | grep -q 'help  q quit'"
done

# Several connections: the picker lists them and jumps to the chosen one.
t kill-session -t s
t new-session -d -s s -x 80 -y 24 \
	"LC_ALL=C.UTF-8 '$bin' replay '$(pwd)/captures/interleaved.pcap'; echo EXIT=\$?; sleep 30"
check "interleaved capture opens" wait_for "127.0.0.1:48602"
keys c
check "c lists both connections" sh -c "$(command -v tmux) -L $sock capture-pane -p -t s | grep -q '48604'"
keys j
keys Enter
check "choosing the second connection shows its endpoints in the header" sh -c "$(command -v tmux) -L $sock capture-pane -p -t s | head -n 1 | grep -q '48604'"
keys q
check "q quits from there" wait_for "EXIT=0"

# t twice: the wall clock, in a replay the capture's own timestamps (the
# first frame's time of day, here in UTC).
first=$(python3 -c "
import struct, sys, time
d = open(sys.argv[1], 'rb').read(40)
magic = struct.unpack('<I', d[:4])[0]
sec, frac = struct.unpack('<II', d[24:32])
us = frac // 1000 if magic == 0xa1b23c4d else frac
print(time.strftime('%H:%M:%S', time.gmtime(sec)) + '.%06d' % us)" "$cap")
t kill-session -t s
t new-session -d -s s -x 80 -y 24 \
	"TZ=UTC LC_ALL=C.UTF-8 '$bin' replay '$cap'; echo EXIT=\$?; sleep 30"
wait_for "127.0.0.1:5555" >/dev/null
keys t
keys t
check "t, t in a replay: the wall clock of the capture ($first)" wait_for "^$first"
check "t, t: the time column is headed clock" wait_for "clock client"
keys q

# The live demo on the screen, run by an ordinary user.
runnable_copy "$bin" "$tmp" >/dev/null
if [ "$(id -u)" = 0 ]; then
	as_user="setpriv --reuid=nobody --regid=nogroup --clear-groups"
else
	as_user=""
fi
t kill-session -t s
t new-session -d -s s -x 80 -y 24 \
	"$as_user env LC_ALL=C.UTF-8 '$tmp/tcpviz' demo --delay 150; echo EXIT=\$?; sleep 30"
check "live demo: accept() shown blocking" wait_for "accept(3) blocked"
check "live demo: the handshake arrives" wait_for "handshake 3/3"
check "live demo: TIME_WAIT on the client" wait_for "TIME_WAIT"
check "live demo: the end is said" wait_for "demo has ended"
keys q
check "live demo: q quits with status 0" wait_for "EXIT=0"

# --step on the screen: nothing happens until space.
t kill-session -t s
t new-session -d -s s -x 80 -y 24 \
	"$as_user env LC_ALL=C.UTF-8 '$tmp/tcpviz' demo --step; echo EXIT=\$?; sleep 30"
check "--step: the screen is up" wait_for "live demo"
sleep 0.5
check "--step: no call before the first key" sh -c "! $(command -v tmux) -L $sock capture-pane -p -t s | grep -Eq '^ *[0-9]+\.[0-9]+ .*socket\(\)'"
keys Space
check "--step: space runs the first step" wait_for "socket() = "
keys q
check "--step: q quits" wait_for "EXIT=0"

# A lesson, live, run by an ordinary user: the narration pane, a step a
# key, the question before its step, b back through what happened.
cp -r lessons "$tmp/lessons"
chmod -R a+rX "$tmp/lessons"
t kill-session -t s
t new-session -d -s s -x 80 -y 24 \
	"$as_user env LC_ALL=C.UTF-8 '$tmp/tcpviz' lesson '$tmp/lessons/01-handshake.lesson'; echo EXIT=\$?; sleep 30"
check "lesson: the introduction in the lesson pane" wait_for "Many tutorials say accept()"
check "lesson: the title on the status line (shortened beside what Space does)" wait_for "^ The three-way hands"
sleep 0.5
check "lesson: no step before the first key" sh -c "! $(command -v tmux) -L $sock capture-pane -p -t s | grep -q 'step 1 of 9: server socket ─'"
keys Space
check "lesson: space runs step 1, a rule in the timeline" wait_for "step 1 of 9: server socket"
for _ in 1 2 3; do
	keys Space
	sleep 0.3
done
check "lesson: the question comes before its step runs" wait_for "Before step 5:"
check "lesson: ... and its words" wait_for "What does the server's kernel answer"
check "lesson: nothing of step 5 yet" sh -c "! $(command -v tmux) -L $sock capture-pane -p -t s | grep -q 'handshake 1/3'"
keys Space
check "lesson: step 5 runs: the handshake" wait_for "handshake 3/3"
check "lesson: the answer after the step" wait_for "A: A SYN-ACK, at once"
keys b
check "lesson: b goes back a whole step" wait_for "Step 4 of 9: client socket"
keys b
check "lesson: b again" wait_for "Step 3 of 9: server listen"
check "lesson: a past step's narration" wait_for "the socket is LISTEN"
t resize-window -t s -x 130 -y 30 2>/dev/null || t resize-pane -t s -x 130 -y 30
sleep 0.5
check "lesson at 130 columns: the pane beside the timeline" sh -c "$(command -v tmux) -L $sock capture-pane -p -t s | head -n 1 | grep -q 'Step 3 of 9: server listen'"
keys Space
keys Space
check "lesson: space walks forward to the newest step first" wait_for "Step 5 of 9: client connect"
keys q
check "lesson: q quits with status 0" wait_for "EXIT=0"

# A lesson's recording, revealed a step at a time.
t kill-session -t s
t new-session -d -s s -x 80 -y 24 \
	"LC_ALL=C.UTF-8 '$bin' lesson '$(pwd)/lessons/06-refused.lesson' --replay; echo EXIT=\$?; sleep 30"
check "lesson --replay: the introduction first" wait_for "answers a SYN with a RST"
check "lesson --replay: nothing shown before a key" wait_for "no lines yet"
keys Space
check "lesson --replay: space reveals step 1" wait_for "step 1 of 3: client socket"
check "lesson --replay: then the next question" wait_for "Nobody listens on that port"
check "lesson --replay: not its answer yet" sh -c "! $(command -v tmux) -L $sock capture-pane -p -t s | grep -q 'RST,ACK'"
keys Space
check "lesson --replay: step 2 revealed: the RST" wait_for "RST,ACK"
check "lesson --replay: the answer" wait_for "A: A RST (with ACK)"
keys b
check "lesson --replay: b back to step 1" wait_for "Step 1 of 3: client socket"
keys q
check "lesson --replay: q quits with status 0" wait_for "EXIT=0"

# A lesson in Chinese, at 80x24 (the pane below) and 120x36 (beside):
# after every step, each row fits the width in cells, the pane's bar
# stays at one column on every row, no text runs into the timeline, the
# status bar is whole, and the newest step's words are on the screen
# whole. A UTF-8 locale (C.UTF-8) and tmux -u, as a CJK user has.
cp tests/lessons/zh.lesson "$tmp/zh.lesson"
chmod a+r "$tmp/zh.lesson"
zh_title="三次握手：连接在 accept() 之前就已经建立"
# zh_ok W H ARGS...: the screen passes tests/screen_check.py within 4 s;
# else says why.
zh_ok() {
	for _ in $(seq 1 40); do
		screen | python3 tests/screen_check.py "$@" >"$tmp/why" && return 0
		sleep 0.1
	done
	cat "$tmp/why" >&2
	screen >&2
	return 1
}
for size in 80x24 120x36; do
	w=${size%x*}
	h=${size#*x}
	if [ "$w" -ge 120 ]; then pane="--bar 80"; else pane="--rule lesson"; fi
	t kill-session -t s
	t -u new-session -d -s s -x "$w" -y "$h" \
		"$as_user env LC_ALL=C.UTF-8 '$tmp/tcpviz' lesson '$tmp/zh.lesson'; echo EXIT=\$?; sleep 30"
	check "zh $size: the introduction, whole" zh_ok "$w" "$h" $pane \
		--status "$zh_title" --timeline \
		--has "你好，世界！connect() 会一直阻塞，直到服务器的 SYN-ACK 到达。"
	for step in 1 2 3 4 5 6 7 8 9 10 11; do
		case $step in
		1) words="套接字只是一个句柄：什么也不发送，内核称它为 CLOSED。" ;;
		3) words="内核现在在这个端口上应答 SYN：套接字处于 LISTEN 状态。" ;;
		5) words="A: 立即回答一个 SYN-ACK，服务器程序什么也不用做；" ;;
		6) words="accept() 立即返回：握手早已完成。它只是从全连接队列中取出连接，不发送任何报文段。" ;;
		7) words="客户端发送的是 UTF-8 字节：每个汉字三个字节，屏幕上占两个格子。" ;;
		8) words="服务器收到15个字节：五个汉字，每个三个字节。recv()返回15，它数的是字节，不是字符。这一段没有空格，所以只能在两个汉字之间换行。" ;;
		11) words="That was the last step." ;;
		*) words="Step $step of 11" ;;
		esac
		keys Space
		check "zh $size: step $step, the screen whole" zh_ok "$w" "$h" \
			$pane --status "$zh_title" --timeline --has "$words"
	done
	keys q
	check "zh $size: q quits with status 0" wait_for "EXIT=0"
done

finish screen
