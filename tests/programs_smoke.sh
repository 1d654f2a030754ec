#!/bin/sh
# programs_smoke.sh BUILD - the test programs of `tcpviz run`
# (tests/programs/, built by `make programs` into BUILD/programs) run
# untraced, each pair against the other, so that a failure in a test of
# `tcpviz run` is not the program's own. Not part of `make test`.
#
# Runs in a private network and pid namespace: the fixed ports clash with
# nothing on the host, and every process the programs leave is killed
# with the namespace when the script ends. Needs root, or unprivileged
# user namespaces. Run from the project root:
#     sh tests/programs_smoke.sh build/default
set -u
. tests/lib.sh

if [ $# -ne 1 ]; then
	echo "usage: sh tests/programs_smoke.sh BUILD" >&2
	exit 2
fi

if [ -z "${PROGRAMS_SMOKE_INSIDE:-}" ]; then
	if [ "$(id -u)" -eq 0 ]; then
		as_root=
	else
		as_root=-r
	fi
	PROGRAMS_SMOKE_INSIDE=1 exec unshare $as_root -n -p -f \
		sh "$0" "$@"
fi

bin=$1/programs
for p in echo_server echo_client echo_client_stdin forever_server \
	forking_server noclose_client nonblocking_client threaded_client \
	crash never_exits ignores_term fork_bomb closes_stdout pingpong; do
	if [ ! -x "$bin/$p" ]; then
		echo "programs_smoke: $bin/$p is missing (make programs)" >&2
		exit 2
	fi
done
if ! ip link set lo up; then
	echo "programs_smoke: cannot bring lo up in the namespace" >&2
	exit 1
fi

# crash must leave no core file in the project.
ulimit -c 0
tmp=$(mktemp -d)
servers=
trap 'for p in $servers; do kill $p 2>/dev/null; done; rm -rf "$tmp"' EXIT

pass() {
	echo "ok - $1"
	ok
}
# expect NAME FILE PATTERN: NAME passes when FILE has a line PATTERN.
expect() {
	if grep -q -- "$3" "$2"; then
		pass "$1"
	else
		fail "$1 (wanted '$3', got: $(tr '\n' '|' <"$2"))"
	fi
}
# start_server OUT CMD...: CMD in the background, its output in OUT;
# returns once it says it listens (up to 5 s). Its pid is $server.
start_server() {
	out=$1
	shift
	timeout 10 "$@" >"$out" 2>&1 &
	server=$!
	servers="$servers $server"
	for _ in $(seq 1 50); do
		grep -q 'listening on' "$out" && return 0
		sleep 0.1
	done
	return 1
}
# wait_server NAME: the server in $server ends by itself, with status 0.
wait_server() {
	if wait "$server"; then
		pass "$1"
	else
		fail "$1 (exit status $?)"
	fi
}
# status NAME WANT CMD...: NAME passes when CMD ends with status WANT;
# its output is left in $tmp/cli.
status() {
	name=$1
	want=$2
	shift 2
	"$@" >"$tmp/cli" 2>&1
	got=$?
	if [ "$got" -eq "$want" ]; then
		pass "$name"
	else
		fail "$name (exit status $got, wanted $want)"
	fi
}

# One echo client against the one-client echo server.
start_server "$tmp/srv" "$bin/echo_server" 8887 ||
	fail "echo_server listens"
timeout 10 "$bin/echo_client" 8887 >"$tmp/cli" 2>&1
expect "echo_client gets its echo" "$tmp/cli" '^client: got hello$'
wait_server "echo_server exits 0 after its client"
expect "echo_server sees its client close" "$tmp/srv" \
	'^server: client closed$'

# Two threads of one client against the forking server.
start_server "$tmp/srv" "$bin/forking_server" 8888 2 ||
	fail "forking_server listens"
timeout 10 "$bin/threaded_client" 8888 >"$tmp/cli" 2>&1
expect "threaded_client: thread 1 gets its echo" "$tmp/cli" \
	'^client: got thread 1$'
expect "threaded_client: thread 2 gets its echo" "$tmp/cli" \
	'^client: got thread 2$'
wait_server "forking_server exits 0 after 2 clients"
if [ "$(grep -c '^server: client closed$' "$tmp/srv")" -eq 2 ]; then
	pass "forking_server: each child sees its client close"
else
	fail "forking_server: each child sees its client close"
fi

# A non-blocking connect, answered and refused.
start_server "$tmp/srv" "$bin/echo_server" 8889 ||
	fail "echo_server listens"
timeout 10 "$bin/nonblocking_client" 8889 >"$tmp/cli" 2>&1
expect "nonblocking_client connects" "$tmp/cli" '^client: connect result 0$'
expect "nonblocking_client gets its echo" "$tmp/cli" '^client: got hi$'
wait_server "echo_server exits 0 after the nonblocking client"
timeout 10 "$bin/nonblocking_client" 8899 >"$tmp/cli" 2>&1
expect "nonblocking_client is refused where nothing listens" "$tmp/cli" \
	'^client: connect result Connection refused$'

# The benchmark's round trips.
start_server "$tmp/srv" "$bin/pingpong" server 8890 ||
	fail "pingpong server listens"
timeout 10 "$bin/pingpong" client 8890 1000 >"$tmp/cli" 2>&1
expect "pingpong: 1000 round trips" "$tmp/cli" '^pingpong: 1000 round trips$'
wait_server "pingpong server exits 0 after its client"

# A client driven by its input, against the server that never exits.
start_server "$tmp/srv" "$bin/forever_server" 8891 ||
	fail "forever_server listens"
printf 'one\ntwo' | timeout 10 "$bin/echo_client_stdin" 8891 \
	>"$tmp/cli" 2>&1
expect "echo_client_stdin: the first line's echo" "$tmp/cli" \
	'^client: got one$'
expect "echo_client_stdin: the last line's echo, without a newline" \
	"$tmp/cli" '^client: got two$'
sleep 0.2
if kill -0 "$server" 2>/dev/null; then
	pass "forever_server is still running after its client"
else
	fail "forever_server is still running after its client"
fi
kill "$server"
wait "$server" 2>/dev/null
expect "forever_server sees its client close" "$tmp/srv" \
	'^server: client closed$'

# The clients that end badly: the server still sees each one close.
start_server "$tmp/srv" "$bin/echo_server" 8892 ||
	fail "echo_server listens"
status "noclose_client exits 0 without close" 0 \
	timeout 10 "$bin/noclose_client" 8892
wait_server "echo_server exits 0 after noclose_client"
expect "echo_server sees noclose_client close" "$tmp/srv" \
	'^server: client closed$'

start_server "$tmp/srv" "$bin/echo_server" 8893 ||
	fail "echo_server listens"
status "crash dies of SIGSEGV" 139 timeout 10 "$bin/crash" 8893
expect "crash says it connected" "$tmp/cli" '^crash: connected$'
wait_server "echo_server exits 0 after crash"

start_server "$tmp/srv" "$bin/echo_server" 8894 ||
	fail "echo_server listens"
status "closes_stdout exits 0" 0 timeout 10 "$bin/closes_stdout" 8894
wait_server "echo_server exits 0 after closes_stdout"

# The programs that do not end: timeout ends them (124 after SIGTERM,
# 137 when only SIGKILL does).
status "never_exits runs until stopped" 124 timeout 1 "$bin/never_exits"
expect "never_exits says it started" "$tmp/cli" '^never: started$'
status "ignores_term outlives SIGTERM" 137 \
	timeout -k 1 1 "$bin/ignores_term"
expect "ignores_term says it started" "$tmp/cli" '^ignores: started$'
status "fork_bomb runs until stopped" 124 timeout 3 "$bin/fork_bomb"
expect "fork_bomb forks 1000" "$tmp/cli" '^forked 1000$'

finish programs
