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
