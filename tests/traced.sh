#!/bin/sh
# traced.sh BUILD BIN - `tcpviz run` on the test programs
# (tests/programs/): the calls and segments in causal order, the output
# and ends (tests/traced_check.py), as root and as an ordinary user; bad
# programs and bad usage; nothing left running; a recording that replays
# the same; under sudo the programs are not root; and the screen in tmux
# at three sizes.
set -u
. tests/lib.sh
build=$1
bin=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; [ -n "${sock:-}" ] && tmux -L "$sock" kill-server 2>/dev/null' EXIT
tv=$(runnable_copy "$bin" "$tmp")
if [ ! -x "$build/programs/echo_server" ]; then
	fail "the test programs are not built (make programs)"
	finish traced
	exit 1
fi
mkdir "$tmp/p"
cp "$build"/programs/* "$tmp/p/"
chmod -R a+rx "$tmp/p"
P=$tmp/p

# left NAME: no process of the test programs is running any more.
left() {
	! pgrep -f "$P/" >/dev/null 2>&1
}

# scenario NAME CHECK RUNNER... -- ARGS...: a run as RUNNER, its records
# judged by traced_check.py CHECK, then nothing may be left running.
scenario() {
	name=$1 check=$2
	shift 2
	if [ "$1" = as_user ]; then
		shift
		as_user timeout -s KILL 60 "$@" >"$tmp/$name.jsonl" 2>"$tmp/$name.err"
	else
		timeout -s KILL 60 "$@" >"$tmp/$name.jsonl" 2>"$tmp/$name.err"
	fi
	rc=$?
	if [ "$rc" -ne 0 ]; then
		fail "$name: status $rc: $(head -c 300 "$tmp/$name.err")"
	elif python3 tests/traced_check.py "$tmp/$name.jsonl" "$check" >"$tmp/$name.check"; then
		ok
	else
		fail "$name: $(grep FAIL "$tmp/$name.check" | head -n 5)"
	fi
	check "$name: nothing left running" left
}

for who in root user; do
	if [ "$who" = root ]; then
		[ "$(id -u)" = 0 ] || { skip "runs as root (not root)"; continue; }
		runner=""
	else
		runner=as_user
	fi
	scenario "$who echo" echo $runner "$tv" run --jsonl -e "$P/echo_server" -e "$P/echo_client 8887 hello"
	scenario "$who forever" forever $runner "$tv" run --jsonl --grace 300 -e "$P/forever_server" -e "$P/echo_client 8887 hello"
	scenario "$who forking" forking $runner "$tv" run --jsonl -e "$P/forking_server 8887 2" -e "$P/threaded_client"
	scenario "$who noclose" noclose $runner "$tv" run --jsonl -e "$P/echo_server" -e "$P/noclose_client"
	scenario "$who nonblocking" nonblocking $runner "$tv" run --jsonl -- "$P/nonblocking_client"
	scenario "$who crash" crash $runner "$tv" run --jsonl -e "$P/echo_server" -e "$P/crash"
	scenario "$who ignores SIGTERM" ignores $runner "$tv" run --jsonl --grace 200 -e "$P/ignores_term" -e "$P/echo_client 8887 x"
	scenario "$who command not found" notfound $runner "$tv" run --jsonl -e "nosuch_program_tcpviz"
done

# The classic fixed port, twice at once: each run has its own loopback.
"$tv" run --jsonl -e "$P/echo_server 6666" -e "$P/echo_client 6666 one" >"$tmp/a.jsonl" 2>&1 &
"$tv" run --jsonl -e "$P/echo_server 6666" -e "$P/echo_client 6666 two" >"$tmp/b.jsonl" 2>&1
wait
check "port 6666 in two runs at once: neither clashes" sh -c "grep -q 'client: got one' '$tmp/a.jsonl' && grep -q 'client: got two' '$tmp/b.jsonl'"

# A thousand children: all traced, all gone at the end.
"$tv" run --jsonl --grace 200 -e "$P/fork_bomb" -e "sleep 0.3" >"$tmp/bomb.jsonl" 2>"$tmp/bomb.err"
check "fork bomb: status 0" [ $? -eq 0 ]
check "fork bomb: every fork shown" [ "$(grep -c '"event":"fork"' "$tmp/bomb.jsonl")" -ge 1000 ]
check "fork bomb: every child ended" [ "$(grep -c '"type":"exit"' "$tmp/bomb.jsonl")" -ge 1001 ]
check "fork bomb: nothing left running" left

# A program that escapes its parent (a new session, a double fork) is
# gone with the run all the same.
timeout -s KILL 60 "$tv" run --jsonl -e "setsid sh -c 'sleep 307 &'; echo forked" >"$tmp/escape.jsonl" 2>"$tmp/escape.err"
check "double fork: the run ends" [ $? -eq 0 ]
check "double fork: the escaped sleep was traced" grep -q '"event":"exec","text":"sleep"' "$tmp/escape.jsonl"
check "double fork: and is gone" sh -c "! pgrep -f '[s]leep 307' >/dev/null"

# The last program never ends: a signal ends the run, and it all.
"$tv" run --jsonl -e "$P/never_exits" >"$tmp/never.jsonl" 2>"$tmp/never.err" &
pid=$!
sleep 1
kill -TERM "$pid"
wait "$pid"
rc=$?
check "never exits: SIGTERM ends tcpviz with 143" [ "$rc" -eq 143 ]
check "never exits: one line on stderr" sh -c "[ \"\$(cat '$tmp/never.err')\" = 'tcpviz: run: stopped by signal 15' ]"
check "never exits: its end is in the records" grep -q '"prog":"never_exits","status":null,"signal":"TERM"' "$tmp/never.jsonl"
check "never exits: nothing left running" left

# The last program reads tcpviz's standard input.
printf 'hello\nworld\n' | "$tv" run --text -e "$P/echo_server" -e "$P/echo_client_stdin" >"$tmp/stdin.txt" 2>&1
check "standard input: the last program is fed what tcpviz reads" sh -c "grep -q 'says: client: got hello' '$tmp/stdin.txt' && grep -q 'says: client: got world' '$tmp/stdin.txt'"
check "standard input: the others read /dev/null" grep -q 'echo_server\[[0-9]*\] exited with status 0' "$tmp/stdin.txt"

# A program without standard output and error still runs and is traced.
"$tv" run --jsonl -e "$P/echo_server" -e "$P/closes_stdout" >"$tmp/closed.jsonl" 2>&1
check "closes stdout: its calls shown all the same" grep -q '"prog":"closes_stdout",[^}]*"call":"connect","phase":"return"' "$tmp/closed.jsonl"

# Bad usage: one line, status 2.
bad() {
	desc=$1
	shift
	"$tv" run "$@" >"$tmp/bad.out" 2>"$tmp/bad.err"
	rc=$?
	check "usage: $desc: status 2, one line" sh -c "[ $rc -eq 2 ] && [ \$(wc -l <'$tmp/bad.err') -eq 1 ] && [ ! -s '$tmp/bad.out' ]"
}
bad "nothing to run"
bad "a program that does not exist" -- nosuch_program_tcpviz
bad "-e and a program" -e true -- true
bad "-i without --host" -i lo -e true
bad "a bad gap" --gap x -e true
setsid "$tv" run --step --text -e true </dev/null >"$tmp/bad.out" 2>"$tmp/bad.err"
rc=$?
check "usage: --step off the screen without a terminal: status 2, one line" sh -c "[ $rc -eq 2 ] && [ \$(wc -l <'$tmp/bad.err') -eq 1 ] && grep -q 'needs a terminal' '$tmp/bad.err'"

# --host: the host's own namespaces, for root (or CAP_NET_RAW) only.
if [ "$(id -u)" = 0 ]; then
	port=$((20000 + $$ % 20000))
	timeout -s KILL 60 "$tv" run --host -i lo --jsonl -e "$P/echo_server $port" -e "$P/echo_client $port host" >"$tmp/host.jsonl" 2>"$tmp/host.err"
	check "--host as root: the programs talk on the host's loopback" sh -c "grep -q 'client: got host' '$tmp/host.jsonl' && grep -q '\"dport\":$port' '$tmp/host.jsonl'"
	check "--host as root: nothing left running" left
fi
as_user "$tv" run --host -e true >"$tmp/host.out" 2>"$tmp/host.err"
rc=$?
check "--host as an ordinary user: status 1, one line saying what it needs" sh -c "[ $rc -eq 1 ] && [ \$(wc -l <'$tmp/host.err') -eq 1 ] && grep -q 'needs root or CAP_NET_RAW' '$tmp/host.err'"

# A recording replays as the run showed it.
"$tv" run --text -r "$tmp/rec.pcap" -e "$P/echo_server" -e "$P/echo_client 8887 hello" >"$tmp/live.txt" 2>"$tmp/rec.err"
"$tv" replay --text "$tmp/rec.pcap" >"$tmp/replayed.txt" 2>>"$tmp/rec.err"
check "recording: the replay shows what the run showed" sh -c "sed 1d '$tmp/live.txt' >'$tmp/l' && sed 1,2d '$tmp/replayed.txt' >'$tmp/r' && cmp -s '$tmp/l' '$tmp/r'"
check "recording: the programs' output is in it" grep -q 'echo_client\[[0-9]*\] says: client: got hello' "$tmp/replayed.txt"

# Under sudo the programs run as the user who asked, never as root.
if [ "$(id -u)" = 0 ]; then
	SUDO_UID=65534 SUDO_GID=65534 "$tv" run --jsonl -e "id -u; id -g" >"$tmp/sudo.jsonl" 2>"$tmp/sudo.err"
	check "sudo: the program's uid is the user's" grep -q '"text":"65534"' "$tmp/sudo.jsonl"
	check "sudo: and never 0" sh -c "! grep -q '\"text\":\"0\"' '$tmp/sudo.jsonl'"
else
	skip "sudo (not root)"
fi

# The screen, as a class sees it.
if command -v tmux >/dev/null 2>&1; then
	sock=tcpviz-traced-$$
	for size in 80x24 120x36 160x45; do
		w=${size%x*}
		h=${size#*x}
		t kill-session -t s 2>/dev/null
		t new-session -d -s s -x "$w" -y "$h" "LC_ALL=C.UTF-8 '$tv' run -e '$P/echo_server' -e '$P/echo_client 8887 hello'; echo EXIT=\$?; sleep 60"
		check "screen $size: the run ends and says so" wait_for "the programs have ended"
		check "screen $size: the status bar whole" sh -c "$(command -v tmux) -L $sock capture-pane -p -t s | python3 tests/screen_check.py $w $h --status 'tcpviz run'"
		check "screen $size: the server's end, in its column" wait_for "echo_server\[[0-9]*\] exited with status 0"
		keys Home
		check "screen $size: calls name their program" wait_for "echo_server\[[0-9]*\] socket("
		check "screen $size: the program's output" wait_for "says: server: listening on 8887"
		keys q
		check "screen $size: q ends it with status 0" wait_for "EXIT=0"
	done
	# Ctrl-C on the screen: the programs stopped, the terminal back.
	t kill-session -t s 2>/dev/null
	t new-session -d -s s -x 80 -y 24 "python3 tests/status_of.py '$tmp/st' env LC_ALL=C.UTF-8 '$tv' run -e '$P/forever_server'; sleep 60"
	wait_for "forever_server\[[0-9]*\] accept(3)" >/dev/null
	keys C-c
	check "Ctrl-C: tcpviz run dies of it, status 130" wait_for "EXIT=130 SIGNALLED=yes"
	check "Ctrl-C: the server is gone" sh -c "! pgrep -f '$P/forever_server' | grep -v \$\$ | xargs -r ps -o args= -p | grep -q '^$P/forever_server'"
	# The input line: key i, a line typed, Enter sends it, Ctrl-D ends it.
	t kill-session -t s 2>/dev/null
	t new-session -d -s s -x 100 -y 30 "LC_ALL=C.UTF-8 '$tv' run -e '$P/echo_server' -e '$P/echo_client_stdin'; echo EXIT=\$?; sleep 60"
	wait_for "says: server: listening on 8887" >/dev/null
	keys i
	check "input: key i opens the line" wait_for "input: _  Enter sends, Ctrl-D ends its input"
	t send-keys -t s -l "hello 你好"
	sleep 0.3
	check "input: the line as typed" wait_for "input: hello 你好_"
	keys Enter
	check "input: Enter sends it to the last program" wait_for "echo_client_stdin\[[0-9]*\] says: client: got hello 你好"
	keys C-d
	check "input: Ctrl-D ends its input, and the program with it" wait_for "echo_client_stdin\[[0-9]*\] exited with status 0"
	check "input: then the run ends" wait_for "the programs have ended"
	keys q
	check "input: q ends it with status 0" wait_for "EXIT=0"
	# --step: each call waits for Space, named on the status bar.
	t kill-session -t s 2>/dev/null
	t new-session -d -s s -x 120 -y 36 "LC_ALL=C.UTF-8 '$tv' run --step -e '$P/echo_server' -e '$P/echo_client 8887 hello'; echo EXIT=\$?; sleep 60"
	check "step: the first call waits, named on the status bar" wait_for "Space: echo_server\[[0-9]*\] socket(AF_INET, SOCK_STREAM) goes on"
	check "step: and is not shown before it is made" sh -c "! $(command -v tmux) -L $sock capture-pane -p -t s | grep -q 'socket(AF_INET, SOCK_STREAM) \.\.\.'"
	keys Space
	check "step: Space makes it" wait_for "echo_server\[[0-9]*\] socket(AF_INET, SOCK_STREAM) \.\.\."
	check "step: the next waits" wait_for "Space: echo_server\[[0-9]*\] socket() goes on\|Space: echo_server\[[0-9]*\] setsockopt"
	n=0
	while [ $n -lt 40 ] && ! screen | grep -q 'the programs have ended'; do
		keys Space
		n=$((n + 1))
	done
	check "step: Space by Space, to the end" wait_for "the programs have ended"
	check "step: the client got its echo" wait_for "echo_client\[[0-9]*\] says: client: got hello"
	check "step: the client started only once the server waited in accept()" sh -c "! $(command -v tmux) -L $sock capture-pane -p -S - -t s | grep -q ECONNREFUSED"
	keys q
	check "step: q ends it with status 0" wait_for "EXIT=0"
	t kill-session -t s # its command line names the programs too
	check "step: nothing left running" left
else
	skip "the screen (no tmux)"
fi

finish traced
