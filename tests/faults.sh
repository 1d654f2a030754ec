#!/bin/sh
# faults.sh BUILD BIN - what stops or starves tcpviz underneath: signals
# at any moment of a demo or a lesson, on the screen and off it; a
# terminal closed under the screen; a disk that fills while recording; a
# capture that drops packets; an echo server nobody outside its
# namespace can reach; a lesson run under sudo.
set -u
. tests/lib.sh
bin=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
tmp=$(mktemp -d)
sock=tcpviz-faults-$$
cleanup() {
	command -v tmux >/dev/null 2>&1 && t kill-server 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
tv=$(runnable_copy "$bin" "$tmp")
lesson=$(pwd)/lessons/01-handshake.lesson

# count_lines FILE: the "ok"/"FAIL" lines a helper printed, as checks.
count_lines() {
	while IFS= read -r line; do
		case "$line" in
		ok\ *) ok ;;
		FAIL\ *) fail "${line#FAIL }" ;;
		*) echo "  $line" ;;
		esac
	done <"$1"
}

# replays_clean REC: the recording is a capture tcpviz replays without a
# word on stderr, holding at least one segment.
replays_clean() {
	"$tv" replay --format jsonl "$1" >"$tmp/rc.jsonl" 2>"$tmp/rc.err" &&
		[ ! -s "$tmp/rc.err" ] &&
		grep -q '"type":"segment"' "$tmp/rc.jsonl"
}

# ns_gone NS: no process is left in network namespace NS, which was a
# namespace of its own (not ours, not unknown).
ns_gone() {
	[ -n "$1" ] && [ "$1" != "$(readlink /proc/self/ns/net)" ] || return 1
	for f in /proc/[0-9]*/ns/net; do
		[ "$(readlink "$f" 2>/dev/null)" = "$1" ] && return 1
	done
	return 0
}

# --- Signals off the screen: the demo and a lesson, at moments spread
# over their run.
python3 tests/faults_stop.py "$tv" "$tmp" >"$tmp/stop.out" 2>&1
count_lines "$tmp/stop.out"

# --- Signals on the screen, and a terminal that closes under it.
if command -v tmux >/dev/null 2>&1; then
	# pid_of PATTERN: the tcpviz whose command line has PATTERN, once up.
	pid_of() {
		for _ in $(seq 1 50); do
			p=$(pgrep -f -- "$1" | head -n 1)
			[ -n "$p" ] && echo "$p" && return 0
			sleep 0.1
		done
		return 1
	}
	# gone PID: the process has ended, within 10 s.
	gone() {
		for _ in $(seq 1 100); do
			kill -0 "$1" 2>/dev/null || return 0
			sleep 0.1
		done
		return 1
	}
	t new-session -d -s keep -x 80 -y 24 "sleep 600"

	# Ctrl-C typed in the middle of the live demo; SIGHUP sent to it;
	# SIGTERM while a lesson waits for its next key. tests/status_of.py
	# says how tcpviz ended (the shell around it would die of the Ctrl-C
	# too).
	for case in demo:C-c:130 demo:HUP:129 lesson:TERM:143; do
		what=${case%%:*}
		how=${case#*:}
		how=${how%:*}
		want=${case##*:}
		rec=$tmp/screen-$what-$how.pcap
		if [ "$what" = demo ]; then
			run="'$tv' demo --delay 300 --record '$rec'"
		else
			run="'$tv' lesson '$lesson' --record '$rec'"
		fi
		t new-session -d -s s -x 100 -y 30 \
			"python3 tests/status_of.py '$tmp/st' $run; stty -a | grep -o ' -\?icanon'; sleep 30"
		pid=$(pid_of "^$tv .*$rec")
		if [ "$what" = demo ]; then
			wait_for "connect(" >/dev/null
		else
			wait_for "space runs" >/dev/null
			# Up to the handshake (the fifth step connects).
			for _ in 1 2 3 4 5 6; do
				t send-keys -t s " " && sleep 0.4
			done
			wait_for "connect(" >/dev/null
		fi
		ns=$(readlink "/proc/$pid/ns/net")
		if [ "$how" = C-c ]; then
			t send-keys -t s C-c
		else
			kill -"$how" "$pid"
		fi
		check "screen $what, $how: dies of it, exit status $want" wait_for "EXIT=$want SIGNALLED=yes"
		check "screen $what, $how: the terminal is back in canonical mode" wait_for " icanon"
		check "screen $what, $how: the recording replays cleanly" replays_clean "$rec"
		check "screen $what, $how: its namespace is gone" ns_gone "$ns"
		t kill-session -t s
	done

	# The terminal closes (tmux kills the window and hangs it up; the
	# SIGHUP goes to the session leader, here the wrapper): tcpviz sees
	# its terminal gone and ends as a SIGHUP would end it, dying of it,
	# or with status 129 when SIGHUP is ignored (nohup). Before, it went
	# on reading a dead terminal for ever.
	for mode in hup nohup; do
		rec=$tmp/closed-$mode.pcap
		rm -f "$tmp/st"
		nohup=0
		[ "$mode" = nohup ] && nohup=1
		t new-session -d -s s -x 100 -y 30 \
			"NOHUP=$nohup python3 tests/status_of.py '$tmp/st' '$tv' demo --delay 300 --record '$rec'"
		pid=$(pid_of "^$tv .*$rec")
		wait_for "connect(" >/dev/null
		ns=$(readlink "/proc/$pid/ns/net")
		t kill-session -t s
		check "terminal closed ($mode): tcpviz ends" gone "$pid"
		for _ in $(seq 1 50); do
			[ -s "$tmp/st" ] && break
			sleep 0.1
		done
		want="EXIT=129 SIGNALLED=yes"
		[ "$mode" = nohup ] && want="EXIT=129 SIGNALLED=no"
		check "terminal closed ($mode): ended by the hangup ('$(cat "$tmp/st" 2>/dev/null)', want '$want')" [ "$(cat "$tmp/st" 2>/dev/null)" = "$want" ]
		check "terminal closed ($mode): the recording replays cleanly" replays_clean "$rec"
		check "terminal closed ($mode): its namespace is gone" ns_gone "$ns"
	done

	# Ctrl-C in a shell loop around tcpviz stops the loop: tcpviz dies
	# of SIGINT rather than exiting 130, so the shell knows it was
	# interrupted (bash goes on with a loop otherwise).
	if command -v bash >/dev/null 2>&1; then
		rm -f "$tmp/st"
		t new-session -d -s s -x 100 -y 30 \
			"python3 tests/status_of.py '$tmp/st' bash -c 'for i in 1 2 3; do \"$tv\" demo --delay 300 -j >/dev/null; echo NEXT; done'; sleep 30"
		pid_of "^$tv demo --delay 300 -j" >/dev/null
		sleep 1
		t send-keys -t s C-c
		check "Ctrl-C in a shell loop: the shell stops too" wait_for "EXIT=130 SIGNALLED=yes"
		check "Ctrl-C in a shell loop: no next round" sh -c "! $(command -v tmux) -L $sock capture-pane -p -t s | grep -q NEXT"
		t kill-session -t s 2>/dev/null
	fi

	# A capture too small for a loopback frame drops them: the screen
	# says so in its status bar.
	t new-session -d -s s -x 120 -y 30 "'$tv' demo --delay 100 --buffer-size 1; sleep 30"
	check "drops: the screen's status bar says packets were dropped" wait_for "packets dropped by kernel; ended: q quits"
	t kill-session -t s
else
	skip "tmux is not installed (make deps-test installs it): the screen's signals"
fi

# --- Drops off the screen: one line on stderr, the count in the summary.
"$tv" demo --delay 0 --buffer-size 1 -j >"$tmp/drop.jsonl" 2>"$tmp/drop.err"
rc=$?
check "drops: status 0, one line on stderr saying so" sh -c "[ $rc -eq 0 ] && [ \$(wc -l <'$tmp/drop.err') -eq 1 ] && grep -q '[1-9][0-9]* packets dropped by kernel' '$tmp/drop.err'"
check "drops: the summary counts them" grep -q '"dropped":[1-9]' "$tmp/drop.jsonl"
"$tv" demo --delay 0 -j >"$tmp/nodrop.jsonl" 2>"$tmp/nodrop.err"
check "no drops: nothing said, the summary counts 0" sh -c "[ ! -s '$tmp/nodrop.err' ] && grep -q '\"dropped\":0' '$tmp/nodrop.jsonl'"
"$tv" demo --buffer-size 0 >/dev/null 2>"$tmp/b.err"
check "--buffer-size 0: status 2, one line" sh -c "[ $? -eq 2 ] && [ \$(wc -l <'$tmp/b.err') -eq 1 ]"

# --- Output that goes away: a reader that closes the pipe ends the demo
# quietly (as it ends tcpdump), the recording kept; output onto a full
# device is one line and status 1.
"$tv" demo --delay 300 --record "$tmp/pipe.pcap" 2>"$tmp/pipe.err" | head -n 2 >/dev/null
"$tv" replay -j "$tmp/pipe.pcap" >"$tmp/pipe.jsonl" 2>&1
check "closed pipe: the demo stopped early, quietly (no teardown recorded)" sh -c "[ ! -s '$tmp/pipe.err' ] && ! grep -q '\"flags\":\"FIN' '$tmp/pipe.jsonl'"
if [ -w /dev/full ]; then
	"$tv" demo --delay 0 >/dev/full 2>"$tmp/devfull.err"
	check "output onto a full device: status 1, one line" sh -c "[ $? -eq 1 ] && [ \$(wc -l <'$tmp/devfull.err') -eq 1 ] && grep -q 'standard output: No space left on device' '$tmp/devfull.err'"
fi

# --- A disk that fills while recording. A small tmpfs in a mount
# namespace of our own (no root needed): the demo goes on, says which
# file failed and why in one line, exits 1, and what was written before
# is whole: a capture cut back to its last whole packet, an events file
# cut back to its last whole line.
if unshare -Urm true 2>/dev/null; then
	# full_disk SIZE SCRIPT: SCRIPT run with a SIZE tmpfs on $tmp/disk.
	full_disk() {
		mkdir -p "$tmp/disk"
		unshare -Urm sh -c "mount -t tmpfs -o size=$1 tcpviz-test '$tmp/disk' && $2"
	}
	# The events file fills first: a lesson's narration on 8 KiB.
	full_disk 8k "env -u SUDO_UID '$tv' lesson '$lesson' --auto --delay 0 -j --record '$tmp/disk/rec.pcap' >'$tmp/full1.jsonl' 2>'$tmp/full1.err'; echo \$? >'$tmp/full1.rc'; cp '$tmp/disk/rec.pcap' '$tmp/disk/rec.pcap.events' '$tmp/'"
	check "full disk (.events): exit status 1" [ "$(cat "$tmp/full1.rc")" = 1 ]
	check "full disk (.events): one line naming the file and the error" sh -c "[ \$(wc -l <'$tmp/full1.err') -eq 1 ] && grep -q 'rec.pcap.events: No space left on device' '$tmp/full1.err'"
	check "full disk (.events): the lesson went on to its teardown" sh -c "tail -n 1 '$tmp/full1.jsonl' | grep -q '\"type\":\"summary\"' && grep -q '\"flags\":\"FIN' '$tmp/full1.jsonl'"
	check "full disk (.events): the events file ends with a whole line" sh -c "[ -s '$tmp/rec.pcap.events' ] && [ \"\$(tail -c 1 '$tmp/rec.pcap.events' | od -An -c | tr -d ' ')\" = '\\n' ]"
	"$tv" replay -j "$tmp/rec.pcap" >"$tmp/full1r.jsonl" 2>"$tmp/full1r.err"
	check "full disk (.events): the recording replays without a warning" sh -c "[ $? -eq 0 ] && [ ! -s '$tmp/full1r.err' ]"
	check "full disk (.events): the capture holds every segment" [ "$(grep -c '"type":"segment"' "$tmp/full1r.jsonl")" -eq "$(grep -c '"type":"segment"' "$tmp/full1.jsonl")" ]

	# The capture fills: 4 KiB for it, its events elsewhere (a link),
	# a lesson sending 40 messages.
	{
		echo "title Forty messages"
		for s in "server socket" "server bind" "server listen" "server accept" "client socket" "client connect"; do
			echo "step $s"
		done
		for _ in $(seq 1 40); do
			echo "step client send $(printf '%0300d' 0)"
		done
		echo "step client close"
		echo "step server close"
	} >"$tmp/forty.lesson"
	full_disk 4k "ln -s '$tmp/forty.events' '$tmp/disk/rec.pcap.events' && env -u SUDO_UID '$tv' lesson '$tmp/forty.lesson' --auto --delay 0 -j --record '$tmp/disk/rec.pcap' >'$tmp/full2.jsonl' 2>'$tmp/full2.err'; echo \$? >'$tmp/full2.rc'; cp '$tmp/disk/rec.pcap' '$tmp/forty.pcap'"
	check "full disk (capture): exit status 1" [ "$(cat "$tmp/full2.rc")" = 1 ]
	check "full disk (capture): one line naming the file, the error and what it holds" sh -c "[ \$(wc -l <'$tmp/full2.err') -eq 1 ] && grep -q 'rec.pcap: No space left on device: the recording holds only the first [0-9]* packets' '$tmp/full2.err'"
	kept=$(sed -n 's/.*the first \([0-9]*\) packets.*/\1/p' "$tmp/full2.err")
	check "full disk (capture): the demo went on to the end" sh -c "tail -n 1 '$tmp/full2.jsonl' | grep -q '\"type\":\"summary\"' && [ \$(grep -c '\"type\":\"segment\"' '$tmp/full2.jsonl') -gt ${kept:-0} ]"
	"$tv" replay -j "$tmp/forty.pcap" >"$tmp/full2r.jsonl" 2>"$tmp/full2r.err"
	check "full disk (capture): the recording is a valid capture, no cut-off packet" sh -c "[ $? -eq 0 ] && ! grep -q . '$tmp/full2r.err'"
	# (Times aside: the replay has no events file, so its clock starts
	# at the first packet, the live one at the first call.)
	grep '"type":"segment"' "$tmp/full2.jsonl" | head -n "${kept:-0}" | sed 's/"t":[0-9.]*,//' >"$tmp/full2.first"
	grep '"type":"segment"' "$tmp/full2r.jsonl" | sed 's/"t":[0-9.]*,//' >"$tmp/full2r.segs"
	check "full disk (capture): it holds the first $kept segments, as shown live" sh -c "[ ${kept:-0} -gt 0 ] && cmp -s '$tmp/full2.first' '$tmp/full2r.segs'"
else
	skip "no user and mount namespaces here: the full-disk recordings"
fi

# --- The echo server is reachable only inside its namespace, over IPv4
# and IPv6: it listens on the loopback address alone (no wildcard), in a
# namespace whose only interface is that loopback, and a connect from
# the host to the same port is refused.
for fam in 4 6; do
	if [ "$fam" = 4 ]; then
		addr=127.0.0.1 table=tcp hexaddr=0100007F any=00000000 flag=
	else
		addr=::1 table=tcp6 hexaddr=00000000000000000000000001000000
		any=00000000000000000000000000000000 flag=-6
	fi
	port=$(python3 -c "
import socket
s = socket.socket(socket.AF_INET$( [ "$fam" = 6 ] && echo 6 )); s.bind(('$addr', 0)); print(s.getsockname()[1])")
	hexport=$(printf '%04X' "$port")
	"$tv" demo $flag --delay 500 --port "$port" -j >/dev/null 2>"$tmp/reach.err" &
	pid=$!
	listening=no
	for _ in $(seq 1 50); do
		if grep -q "^ *[0-9]*: $hexaddr:$hexport [0:]* 0A" "/proc/$pid/net/$table" 2>/dev/null; then
			listening=yes
			break
		fi
		sleep 0.1
	done
	check "reach (IPv$fam): the echo server listens on $addr inside the demo" [ "$listening" = yes ]
	check "reach (IPv$fam): and on no wildcard address" sh -c "! grep -q ': $any:$hexport [0:]* 0A' /proc/$pid/net/tcp /proc/$pid/net/tcp6"
	check "reach (IPv$fam): the demo has a network namespace of its own" [ "$(readlink "/proc/$pid/ns/net")" != "$(readlink /proc/self/ns/net)" ]
	check "reach (IPv$fam): its namespace has no interface but the loopback" sh -c "[ \"\$(tail -n +3 /proc/$pid/net/dev | cut -d: -f1 | tr -d ' ')\" = lo ]"
	python3 -c "
import socket, sys
s = socket.socket(socket.AF_INET$( [ "$fam" = 6 ] && echo 6 )); s.settimeout(2)
try:
    s.connect(('$addr', $port))
except ConnectionRefusedError:
    sys.exit(0)
sys.exit(1)"
	check "reach (IPv$fam): a connect from outside the namespace is refused" [ $? -eq 0 ]
	kill -TERM "$pid"
	{ wait "$pid"; } 2>/dev/null
done

# --- Under sudo, a lesson, like the demo, runs as the invoking user once
# its capture is open.
if [ "$(id -u)" = 0 ]; then
	SUDO_UID=65534 SUDO_GID=65534 "$tv" lesson "$lesson" --auto --delay 300 -j >"$tmp/sudo.jsonl" 2>"$tmp/sudo.err" &
	pid=$!
	sleep 1
	uids=$(awk '/^Uid:/ {print $2, $3, $4, $5}' "/proc/$pid/status" 2>/dev/null)
	gids=$(awk '/^Groups:/ {$1 = ""; print}' "/proc/$pid/status" 2>/dev/null)
	wait "$pid"
	rc=$?
	check "lesson under sudo: runs as the invoking user (uids '$uids')" [ "$uids" = "65534 65534 65534 65534" ]
	check "lesson under sudo: root's groups are gone (groups '$gids')" sh -c "! echo ' $gids ' | grep -q ' 0 '"
	check "lesson under sudo: the lesson still completes" sh -c "[ $rc -eq 0 ] && tail -n 1 '$tmp/sudo.jsonl' | grep -q '\"type\":\"summary\"'"
	# The recording is opened as the user: theirs, and only where they
	# may write.
	mkdir -m 777 "$tmp/theirs"
	SUDO_UID=65534 SUDO_GID=65534 "$tv" lesson "$lesson" --auto --delay 0 -j --record "$tmp/theirs/rec.pcap" >/dev/null 2>"$tmp/sudo.err"
	check "lesson under sudo: the recording belongs to the user" sh -c "[ $? -eq 0 ] && [ \"\$(stat -c %u:%g '$tmp/theirs/rec.pcap' '$tmp/theirs/rec.pcap.events' | sort -u)\" = 65534:65534 ]"
	mkdir -m 755 "$tmp/roots"
	SUDO_UID=65534 SUDO_GID=65534 "$tv" lesson "$lesson" --auto --delay 0 -j --record "$tmp/roots/rec.pcap" >/dev/null 2>"$tmp/sudo.err"
	check "lesson under sudo: no recording where only root may write (one line, status 1)" sh -c "[ $? -eq 1 ] && [ \$(wc -l <'$tmp/sudo.err') -eq 1 ] && grep -q 'Permission denied' '$tmp/sudo.err' && [ ! -e '$tmp/roots/rec.pcap' ]"
	SUDO_UID=65534 SUDO_GID=65534 "$tv" lesson "$lesson" --check >"$tmp/sudo.check" 2>&1
	check "lesson --check under sudo: every expectation holds" sh -c "[ $? -eq 0 ] && grep -q ' 0 failed$' '$tmp/sudo.check'"
else
	skip "not root: the lesson under sudo"
fi

finish faults
