#!/bin/sh
# mkcaptures.sh - record the captures in captures/ again, on a private
# loopback (a new network namespace), with tcpdump and small Python socket
# scripts playing client and server. Needs root (or unshare -Ur), tcpdump,
# python3 and, for the pcapng copy, editcap. Run from the project root.
set -eu
out=${1:-captures}
mkdir -p "$out"

actors() {
	# $1: scenario. The server listens on 127.0.0.1:5555 (or [::1]).
	python3 - "$1" <<'PY'
import socket, struct, sys, threading, time
scenario = sys.argv[1]
fam, host = (socket.AF_INET6, "::1") if scenario == "ipv6" else (socket.AF_INET, "127.0.0.1")
PORT = 5555

if scenario == "refused":
    c = socket.socket(fam)
    try:
        c.connect((host, PORT))
    except ConnectionRefusedError:
        pass
    sys.exit(0)

ls = socket.socket(fam)
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind((host, PORT))
ls.listen(4)

def drain(s):
    while s.recv(100):
        pass

def server():
    s, _ = ls.accept()
    s.sendall(s.recv(100))
    if scenario in ("server-close", "reuse"):
        s.close()
    elif scenario == "half-close":
        drain(s)
        time.sleep(0.05)
        s.sendall(b"late reply\n")
        s.close()
    elif scenario == "abort":
        try:
            s.recv(100)
        except ConnectionResetError:
            pass
        s.close()
    else:
        drain(s)
        time.sleep(0.05)
        s.close()

def client():
    c = socket.socket(fam)
    if scenario == "reuse":
        # The same 4-tuple twice: the server closes first, so the
        # TIME_WAIT is on its side and the client may bind the port again.
        c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        c.bind((host, 40000))
    c.connect((host, PORT))
    time.sleep(0.05)
    c.sendall(b"hello\n")
    c.recv(100)
    time.sleep(0.05)
    if scenario in ("server-close", "reuse"):
        drain(c)
        time.sleep(0.05)
        c.close()
    elif scenario == "half-close":
        c.shutdown(socket.SHUT_WR)
        drain(c)
        c.close()
    elif scenario == "abort":
        c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        c.close()
    else:
        c.close()

for _ in range(2 if scenario == "reuse" else 1):
    t = threading.Thread(target=server)
    t.start()
    client()
    t.join()
    time.sleep(0.1)
PY
}

record() {
	# $1 file, $2 scenario, rest: tcpdump options
	file=$1 scenario=$2
	shift 2
	tcpdump -q --immediate-mode -U -s 262144 "$@" -w "$file" 'tcp port 5555' 2>/dev/null &
	pid=$!
	sleep 0.5
	actors "$scenario"
	sleep 0.3
	kill "$pid"
	wait "$pid" 2>/dev/null || true
}

if [ "${TCPVIZ_IN_NETNS:-}" != 1 ]; then
	exec env TCPVIZ_IN_NETNS=1 unshare -n sh "$0" "$@"
fi
ip link set lo up
record "$out/echo-client-closes.pcap" client-close -i lo
record "$out/echo-server-closes.pcap" server-close -i lo
record "$out/half-close.pcap" half-close -i lo
record "$out/refused.pcap" refused -i lo
record "$out/abort-rst.pcap" abort -i lo
record "$out/ipv6-cooked-v2.pcap" ipv6 -i any -y LINUX_SLL2
record "$out/echo-cooked-v1.pcap" client-close -i any -y LINUX_SLL
record "$out/echo-nanosecond.pcap" client-close -i lo --time-stamp-precision=nano
record "$out/port-reuse.pcap" reuse -i lo
editcap -F pcapng "$out/echo-client-closes.pcap" "$out/echo-client-closes.pcapng"
# A capture that starts after the handshake.
editcap -r "$out/echo-client-closes.pcap" "$out/mid-stream.pcap" 4-11
# Two connections whose segments interleave: the second shifted to start
# 20 ms after the first.
first() { tshark -r "$1" -c 1 -T fields -e frame.time_epoch 2>/dev/null; }
shift_by=$(python3 -c "print($(first "$out/echo-client-closes.pcap") - $(first "$out/echo-server-closes.pcap") + 0.02)")
editcap -t "$shift_by" "$out/echo-server-closes.pcap" "$out/.shifted.pcap"
mergecap -F pcap -w "$out/interleaved.pcap" "$out/echo-client-closes.pcap" "$out/.shifted.pcap"
rm -f "$out/.shifted.pcap"
