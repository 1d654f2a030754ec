# lib.sh - counters and checks shared by the shell test suites.
# Each suite sources it, calls ok/fail/skip, and ends with `finish NAME`,
# which prints "NAME: N passed, N failed, N skipped" and sets the status.
passed=0
failed=0
skipped=0

ok() { passed=$((passed + 1)); }
fail() {
	failed=$((failed + 1))
	echo "  FAIL: $*" >&2
}
skip() {
	skipped=$((skipped + 1))
	echo "  skipped: $*"
}
# check DESCRIPTION COMMAND...: passes when the command succeeds.
check() {
	desc=$1
	shift
	if "$@"; then ok; else fail "$desc"; fi
}
finish() {
	echo "$1: $passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
}

# The tmux helpers of the screen suites: the suite sets $sock (its own
# tmux server) and names its session "s".
t() { tmux -L "$sock" "$@"; }
# screen: the pane's text now.
screen() { t capture-pane -p -t s 2>/dev/null; }
# wait_for PATTERN: up to 8 s for the pane to show it.
wait_for() {
	for _ in $(seq 1 80); do
		screen | grep -q -- "$1" && return 0
		sleep 0.1
	done
	return 1
}

# screen_suite NAME BIN: the start every tmux suite shares: $bin (BIN,
# absolute), its own tmux server ($sock), a $tmp folder, both gone at
# exit, and keys. Returns 1 (after saying so) when tmux is missing:
# `screen_suite NAME "$2" || exit 0`.
screen_suite() {
	bin=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
	if ! command -v tmux >/dev/null 2>&1; then
		skip "tmux is not installed (make deps-test installs it)"
		finish "$1"
		return 1
	fi
	sock=tcpviz-$1-$$
	tmp=$(mktemp -d)
	trap 't kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
}
# keys KEY...: typed into session "s", then a moment for the screen.
keys() {
	t send-keys -t s "$@"
	sleep 0.3
}

# runnable_copy BIN DIR: a copy of BIN in DIR that an ordinary user may
# run, wherever the build tree lives; prints its path.
runnable_copy() {
	chmod 755 "$2"
	cp "$1" "$2/tcpviz"
	chmod 755 "$2/tcpviz"
	echo "$2/tcpviz"
}

# as_user CMD...: run CMD as an ordinary user (nobody when we are root).
as_user() {
	if [ "$(id -u)" != 0 ]; then
		"$@"
	elif command -v setpriv >/dev/null 2>&1; then
		setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
	else
		runuser -u nobody -- "$@"
	fi
}
