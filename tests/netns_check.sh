#!/bin/sh
# netns_check.sh - check src/netns.c by hand, as root: every path into a
# private loopback (network namespace, user and network namespace, host),
# as root, as an ordinary user and as sudo's root, then a capture on lo
# and kstate_list in it. Not part of `make test`: it needs root, setpriv
# and a kernel that allows namespaces. Run from the project root:
#     sudo sh tests/netns_check.sh
# It changes nothing on the host: namespaces die with the probe, and the
# "user namespaces disabled" case is faked by a preloaded unshare() that
# fails, not by a sysctl.
set -eu
. tests/lib.sh

if [ "$(id -u)" -ne 0 ]; then
	echo "netns_check: needs root (sudo sh tests/netns_check.sh)" >&2
	exit 2
fi
for tool in cc setpriv; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "netns_check: $tool is missing" >&2
		exit 2
	fi
done

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
chmod 755 "$dir"

# The probe: netns_enter, lo's flags, pcap on lo, the sudo drop, then one
# loopback connection seen by the capture and by kstate_list.
cat >"$dir/probe.c" <<'EOF'
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kstate.h"
#include "netns.h"

static void count(u_char *n, const struct pcap_pkthdr *h, const u_char *b)
{
	(void)h;
	(void)b;
	(*(int *)(void *)n)++;
}

static int lo_up(void)
{
	struct ifreq ifr;
	int s = socket(AF_INET, SOCK_DGRAM, 0), up;

	memset(&ifr, 0, sizeof ifr);
	strcpy(ifr.ifr_name, "lo");
	up = ioctl(s, SIOCGIFFLAGS, &ifr) == 0 && (ifr.ifr_flags & IFF_UP);
	close(s);
	return up;
}

static int connect_once(uint16_t *port)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t len = sizeof a;
	int l = socket(AF_INET, SOCK_STREAM, 0), c, s;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(l, (struct sockaddr *)&a, len) || listen(l, 1) ||
	    getsockname(l, (struct sockaddr *)&a, &len))
		return -1;
	c = socket(AF_INET, SOCK_STREAM, 0);
	if (connect(c, (struct sockaddr *)&a, len))
		return -1;
	s = accept(l, NULL, NULL);
	*port = ntohs(a.sin_port);
	return s < 0 ? -1 : 0;
}

int main(void)
{
	char err[512], perr[PCAP_ERRBUF_SIZE];
	enum netns_kind kind;
	struct ksock ks[8];
	uint16_t port;
	pcap_t *p;
	int frames = 0, n;

	if (netns_enter(&kind, err, sizeof err) == -1) {
		printf("error=%s\n", err);
		return 1;
	}
	printf("kind=%s lo=%s ", netns_kind_name(kind), lo_up() ? "up" : "down");
	p = pcap_create("lo", perr);
	if (p == NULL || pcap_set_immediate_mode(p, 1) ||
	    pcap_activate(p) < 0) {
		printf("pcap=failed\n");
		return 1;
	}
	if (netns_drop_privileges(err, sizeof err) == -1) {
		printf("drop=%s\n", err);
		return 1;
	}
	printf("pcap=ok ids=%d:%d regain=%s ", (int)geteuid(), (int)getegid(),
	       geteuid() != 0 && setuid(0) == 0 ? "yes" : "no");
	if (connect_once(&port) == -1 || pcap_setnonblock(p, 1, perr)) {
		printf("connect=failed\n");
		return 1;
	}
	usleep(100000);
	while ((n = pcap_dispatch(p, -1, count, (u_char *)&frames)) > 0)
		;
	n = kstate_list(AF_INET, port, ks, 8, err, sizeof err);
	printf("frames=%d ksock=%d\n", frames, n);
	return 0;
}
EOF
cat >"$dir/nouserns.c" <<'EOF'
#include <errno.h>
int unshare(int flags);
int unshare(int flags)
{
	(void)flags;
	errno = ENOSPC; /* what user.max_user_namespaces=0 gives */
	return -1;
}
EOF
cc -std=c11 -D_GNU_SOURCE -Isrc -o "$dir/probe" "$dir/probe.c" src/netns.c \
	src/kstate.c src/util.c -lpcap
cc -shared -fPIC -o "$dir/nouserns.so" "$dir/nouserns.c"
chmod 755 "$dir/probe" "$dir/nouserns.so"

user() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
}

# expect DESCRIPTION PATTERN COMMAND...: the probe's line matches PATTERN.
expect() {
	desc=$1
	pattern=$2
	shift 2
	line=$("$@" 2>&1 || true)
	echo "  $desc: $line"
	# shellcheck disable=SC2254 # the pattern is meant as a glob
	case $line in
	$pattern) ok ;;
	*) fail "$desc: want $pattern" ;;
	esac
}

p=$dir/probe
nouserns="LD_PRELOAD=$dir/nouserns.so"
ok_tail='frames=[1-9]* ksock=3'
ok_run="lo=up pcap=ok *$ok_tail"
as_nobody="lo=up pcap=ok ids=65534:65534 regain=no $ok_tail"
as_ns_root="lo=up pcap=ok ids=0:0 regain=no $ok_tail"
expect "root" "kind=private network namespace $ok_run" "$p"
expect "root, TCPVIZ_NETNS=user" \
	"kind=private user and network namespace $ok_run" \
	env TCPVIZ_NETNS=user "$p"
expect "root, TCPVIZ_NETNS=host" "kind=host loopback $ok_run" \
	env TCPVIZ_NETNS=host "$p"
expect "sudo from nobody" "kind=private network namespace $as_nobody" \
	env SUDO_UID=65534 SUDO_GID=65534 "$p"
expect "sudo from nobody, TCPVIZ_NETNS=user (nothing to drop)" \
	"kind=private user and network namespace $as_ns_root" \
	env TCPVIZ_NETNS=user SUDO_UID=65534 SUDO_GID=65534 "$p"
expect "ordinary user" \
	"kind=private user and network namespace $ok_run" user "$p"
expect "ordinary user, TCPVIZ_NETNS=private" \
	"error=TCPVIZ_NETNS=private: cannot create a network namespace:*" \
	user env TCPVIZ_NETNS=private "$p"
expect "ordinary user, no user namespaces" \
	"error=cannot capture on loopback:*sudo*setcap*sysctl*" \
	user env "$nouserns" "$p"
expect "ordinary user with CAP_NET_RAW, no user namespaces" \
	"kind=host loopback $as_nobody" \
	user --inh-caps +net_raw --ambient-caps +net_raw env "$nouserns" "$p"
expect "TCPVIZ_NETNS=bogus" "error=TCPVIZ_NETNS: unknown value*" \
	env TCPVIZ_NETNS=bogus "$p"
finish netns_check
