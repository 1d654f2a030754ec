#!/bin/sh
# screen.sh BUILD BIN - the ncurses timeline driven as a person would:
# in tmux, with send-keys, read back with capture-pane, at several sizes.
set -u
. tests/lib.sh
bin=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
if ! command -v tmux >/dev/null 2>&1; then
	skip "tmux is not installed (make deps-test installs it)"
	finish screen
	exit
fi
sock=tcpviz-test-$$
tmp=$(mktemp -d)
t() { tmux -L "$sock" "$@"; }
cleanup() {
	t kill-server 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# screen: the pane's text now.
screen() { t capture-pane -p -t s 2>/dev/null; }
# wait_for PATTERN: up to 5 s for the pane to show it.
wait_for() {
	for _ in $(seq 1 50); do
		screen | grep -q -- "$1" && return 0
		sleep 0.1
	done
	return 1
}
keys() {
	t send-keys -t s "$@"
	sleep 0.3
}

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

# Ctrl-C restores the terminal as well.
t kill-session -t s
t new-session -d -s s -x 80 -y 24 \
	"LC_ALL=C '$bin' replay '$cap'; echo EXIT=\$?; sleep 30"
check "ASCII screen in the C locale" wait_for "127.0.0.1:48602"
check "no Unicode arrows in the C locale" sh -c "! $(command -v tmux) -L $sock capture-pane -p -t s | grep -q '▶'"
keys C-c
check "Ctrl-C quits (status 130)" wait_for "EXIT=130"

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
check "--step: no call before the first key" sh -c "! $(command -v tmux) -L $sock capture-pane -p -t s | grep -q 'socket()'"
keys Space
check "--step: space runs the first step" wait_for "socket() = "
keys q
check "--step: q quits" wait_for "EXIT=0"

finish screen
