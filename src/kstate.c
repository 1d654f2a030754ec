/*
 * kstate.c - TCP sockets as the kernel sees them, through one
 * NETLINK_SOCK_DIAG dump (see kstate.h).
 *
 * Shell: asks, parses, maps the state number; the mapping is pure and
 * tested alone. Every length in a reply is checked against the bytes
 * received (NLMSG_OK, RTA_OK) before anything behind it is read. Must not
 * infer states, keep history or touch the model: the demo compares what
 * this returns with what conntrack infers.
 */
#include "kstate.h"

#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "i18n.h"
#include "util.h"

/* Linux's state numbers (include/net/tcp_states.h), named here because
 * the C library knows only some of them. */
enum {
	LINUX_TCP_ESTABLISHED = 1,
	LINUX_TCP_SYN_SENT,
	LINUX_TCP_SYN_RECV,
	LINUX_TCP_FIN_WAIT1,
	LINUX_TCP_FIN_WAIT2,
	LINUX_TCP_TIME_WAIT,
	LINUX_TCP_CLOSE,
	LINUX_TCP_CLOSE_WAIT,
	LINUX_TCP_LAST_ACK,
	LINUX_TCP_LISTEN,
	LINUX_TCP_CLOSING,
	LINUX_TCP_NEW_SYN_RECV, /* a request socket: SYN received, SYN,ACK
	                           sent, the final ACK not yet in */
	LINUX_TCP_MAX_STATES
};

/* The cell holds the RFC 9293 state plus one, so a zero reads "unused". */
/* clang-format off */
static const unsigned char kstate_map[LINUX_TCP_MAX_STATES] = {
	[LINUX_TCP_ESTABLISHED]  = ST_ESTABLISHED + 1,
	[LINUX_TCP_SYN_SENT]     = ST_SYN_SENT + 1,
	[LINUX_TCP_SYN_RECV]     = ST_SYN_RECEIVED + 1,
	[LINUX_TCP_FIN_WAIT1]    = ST_FIN_WAIT_1 + 1,
	[LINUX_TCP_FIN_WAIT2]    = ST_FIN_WAIT_2 + 1,
	[LINUX_TCP_TIME_WAIT]    = ST_TIME_WAIT + 1,
	[LINUX_TCP_CLOSE]        = ST_CLOSED + 1,
	[LINUX_TCP_CLOSE_WAIT]   = ST_CLOSE_WAIT + 1,
	[LINUX_TCP_LAST_ACK]     = ST_LAST_ACK + 1,
	[LINUX_TCP_LISTEN]       = ST_LISTEN + 1,
	[LINUX_TCP_CLOSING]      = ST_CLOSING + 1,
	[LINUX_TCP_NEW_SYN_RECV] = ST_SYN_RECEIVED + 1,
};
/* clang-format on */

/* Big enough for any one datagram of a dump (the kernel fills at most
 * 32 KiB per read); a larger one is reported, never cut silently. */
enum { KSTATE_RECV_BUFFER = 64 * 1024 };

int kstate_from_kernel(int tcp_state_number, enum tcp_state *out)
{
	if (tcp_state_number < 0 || tcp_state_number >= LINUX_TCP_MAX_STATES ||
	    kstate_map[tcp_state_number] == 0)
		return -1;
	*out = (enum tcp_state)(kstate_map[tcp_state_number] - 1);
	return 0;
}

uint64_t kstate_fd_inode(int fd)
{
	struct stat st;

	if (fstat(fd, &st) == -1 || !S_ISSOCK(st.st_mode))
		return 0;
	return (uint64_t)st.st_ino;
}

static int kstate_send_request(int nl, int family, uint32_t seq)
{
	struct {
		struct nlmsghdr nlh;
		struct inet_diag_req_v2 req;
	} msg;
	struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};

	memset(&msg, 0, sizeof msg);
	msg.nlh.nlmsg_len = sizeof msg;
	msg.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	msg.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	msg.nlh.nlmsg_seq = seq;
	msg.req.sdiag_family = (uint8_t)family;
	msg.req.sdiag_protocol = IPPROTO_TCP;
	msg.req.idiag_ext = 1u << (INET_DIAG_INFO - 1);
	msg.req.idiag_states = ~0u; /* every state, request sockets too */
	msg.req.id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
	msg.req.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
	if (sendto(nl, &msg, sizeof msg, 0, (struct sockaddr *)&kernel,
	           sizeof kernel) != (ssize_t)sizeof msg)
		return -1;
	return 0;
}

static void kstate_endpoint(struct endpoint *ep, int family,
                            const uint32_t addr[4], uint16_t port_be)
{
	memset(ep, 0, sizeof *ep);
	ep->addr.family = family == AF_INET6 ? 6 : 4;
	memcpy(ep->addr.bytes, addr, family == AF_INET6 ? 16 : 4);
	ep->port = ntohs(port_be);
}

/* tcpi_state from the attributes after the fixed message, -1 when absent. */
static int kstate_info_state(const struct inet_diag_msg *m, size_t len)
{
	size_t fixed = NLMSG_ALIGN(sizeof *m);
	const struct rtattr *rta;
	unsigned int rest;

	if (len <= fixed)
		return -1;
	rta = (const struct rtattr *)((const char *)m + fixed);
	rest = (unsigned int)(len - fixed);
	for (; RTA_OK(rta, rest); rta = RTA_NEXT(rta, rest)) {
		if (rta->rta_type == INET_DIAG_INFO && RTA_PAYLOAD(rta) >= 1)
			return *(const unsigned char *)RTA_DATA(rta);
	}
	return -1;
}

/* One SOCK_DIAG_BY_FAMILY message: 1 stored, 0 not ours, -1 malformed. */
static int kstate_parse_one(const struct nlmsghdr *h, int family, uint16_t port,
                            struct ksock *ks)
{
	const struct inet_diag_msg *m;
	size_t len;

	if (h->nlmsg_len < NLMSG_LENGTH(sizeof *m))
		return -1;
	m = NLMSG_DATA(h);
	len = h->nlmsg_len - NLMSG_LENGTH(0);
	if (m->idiag_family != family)
		return 0;
	if (port != 0 && ntohs(m->id.idiag_sport) != port &&
	    ntohs(m->id.idiag_dport) != port)
		return 0;
	kstate_endpoint(&ks->local, family, m->id.idiag_src, m->id.idiag_sport);
	kstate_endpoint(&ks->remote, family, m->id.idiag_dst,
	                m->id.idiag_dport);
	ks->kernel_state = m->idiag_state;
	if (kstate_from_kernel(m->idiag_state, &ks->state) == -1)
		ks->state = ST_CLOSED; /* a state newer than tcpviz */
	ks->inode = m->idiag_inode;
	ks->rqueue = m->idiag_rqueue;
	ks->wqueue = m->idiag_wqueue;
	ks->info_state = kstate_info_state(m, len);
	return 1;
}

struct kstate_dump {
	int family;
	uint16_t port;
	uint32_t seq;
	struct ksock *out;
	int max, count;
	bool done;
};

/* One datagram of the dump; -1 with err set on an error or nonsense. */
static int kstate_parse(struct kstate_dump *d, const void *buf, size_t n,
                        char *err, size_t errlen)
{
	const struct nlmsghdr *h = buf;
	unsigned int rest = (unsigned int)n;
	struct ksock ks;

	for (; NLMSG_OK(h, rest); h = NLMSG_NEXT(h, rest)) {
		if (h->nlmsg_seq != d->seq)
			continue; /* not an answer to this request */
		if (h->nlmsg_type == NLMSG_DONE) {
			d->done = true;
			return 0;
		}
		if (h->nlmsg_type == NLMSG_ERROR) {
			const struct nlmsgerr *e = NLMSG_DATA(h);
			int code = h->nlmsg_len >= NLMSG_LENGTH(sizeof *e)
			                   ? -e->error
			                   : EPROTO;
			snprintf(err, errlen,
			         _("sock_diag: the kernel refused "
			           "the dump: %s"),
			         strerror(code));
			return -1;
		}
		if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY)
			continue;
		switch (kstate_parse_one(h, d->family, d->port, &ks)) {
		case -1:
			snprintf(err, errlen, "%s",
			         _("sock_diag: a reply is too short "
			           "for a socket"));
			return -1;
		case 1:
			if (d->count < d->max)
				d->out[d->count++] = ks;
			break;
		}
	}
	return 0;
}

static ssize_t kstate_recv(int nl, void *buf, size_t len, char *err,
                           size_t errlen)
{
	struct iovec iov = {.iov_base = buf, .iov_len = len};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
	ssize_t n;

	do
		n = recvmsg(nl, &mh, 0);
	while (n == -1 && errno == EINTR);
	if (n == -1)
		snprintf(err, errlen, _("sock_diag: cannot read the reply: %s"),
		         strerror(errno));
	else if (n == 0 || (mh.msg_flags & MSG_TRUNC)) {
		snprintf(err, errlen, "%s",
		         n == 0 ? _("sock_diag: the kernel closed the socket")
		                : _("sock_diag: a reply did not fit the "
		                    "buffer"));
		n = -1;
	}
	return n;
}

static int kstate_dump(int nl, struct kstate_dump *d, char *err, size_t errlen)
{
	char *buf;
	ssize_t n;
	int r = 0;

	if (kstate_send_request(nl, d->family, d->seq) == -1) {
		snprintf(err, errlen,
		         _("sock_diag: cannot send the request: %s"),
		         strerror(errno));
		return -1;
	}
	buf = xmalloc(KSTATE_RECV_BUFFER);
	while (!d->done && r == 0) {
		n = kstate_recv(nl, buf, KSTATE_RECV_BUFFER, err, errlen);
		if (n == -1)
			r = -1;
		else
			r = kstate_parse(d, buf, (size_t)n, err, errlen);
	}
	free(buf);
	return r;
}

int kstate_list(int family, uint16_t port, struct ksock *out, int max,
                char *err, size_t errlen)
{
	struct kstate_dump d = {.family = family,
	                        .port = port,
	                        .seq = 1,
	                        .out = out,
	                        .max = max < 0 ? 0 : max};
	int nl, r;

	if (family != AF_INET && family != AF_INET6) {
		snprintf(err, errlen,
		         _("sock_diag: family %d is not IPv4 or IPv6"), family);
		return -1;
	}
	nl = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (nl == -1) {
		snprintf(err, errlen,
		         _("sock_diag: cannot open a netlink socket: %s"),
		         strerror(errno));
		return -1;
	}
	r = kstate_dump(nl, &d, err, errlen);
	close(nl);
	return r == -1 ? -1 : d.count;
}
