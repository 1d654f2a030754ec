#!/bin/sh
# classroom.sh BUILD BIN - the screen as a class sees it on a projector,
# driven in tmux at 80x24, 120x36 and 160x45 and read back with
# capture-pane (-e where colour matters): colours where the terminal has
# them, every return whole, the next step named, one line at a time,
# and the status bar's words.
set -u
. tests/lib.sh
bin=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
if ! command -v tmux >/dev/null 2>&1; then
	skip "tmux is not installed (make deps-test installs it)"
	finish classroom
	exit
fi
sock=tcpviz-class-$$
tmp=$(mktemp -d)
cleanup() {
	t kill-server 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

keys() {
	t send-keys -t s "$@"
	sleep 0.3
}
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

finish classroom
