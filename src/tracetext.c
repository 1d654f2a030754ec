/*
 * tracetext.c - what a traced call's arguments and results look like
 * (see tracetext.h). Pure.
 */
#include "tracetext.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "payload.h"
#include "util.h"

enum { PREVIEW_CELLS = 24 /* of data shown in a call's detail */ };

void tracetext_addr_text(const uint8_t *a, size_t n, char *out, size_t cap)
{
	char host[INET6_ADDRSTRLEN] = "?";
	sa_family_t fam = 0;
	if (n >= sizeof fam)
		memcpy(&fam, a, sizeof fam);
	if (fam == AF_INET && n >= sizeof(struct sockaddr_in)) {
		struct sockaddr_in s4;
		memcpy(&s4, a, sizeof s4);
		inet_ntop(AF_INET, &s4.sin_addr, host, sizeof host);
		snprintf(out, cap, "%s:%u", host, ntohs(s4.sin_port));
	} else if (fam == AF_INET6 && n >= sizeof(struct sockaddr_in6)) {
		struct sockaddr_in6 s6;
		memcpy(&s6, a, sizeof s6);
		inet_ntop(AF_INET6, &s6.sin6_addr, host, sizeof host);
		snprintf(out, cap, "[%s]:%u", host, ntohs(s6.sin6_port));
	} else {
		snprintf(out, cap, "%s", n ? "(not an IP address)" : "");
	}
}

/* ", \"hello\\n\"": the first bytes, escaped, in quotes. */
static void tracetext_preview(const uint8_t *d, size_t n, char *out, size_t cap)
{
	char text[PAYLOAD_ESCAPED_MAX(TRACER_DATA_MAX) + 1];
	size_t used = 0;
	size_t len = payload_escape(text, d, n, 0, PREVIEW_CELLS, &used, NULL);
	text[len] = '\0';
	if (n)
		strcatf(out, cap, " \"%s\"%s", text, used < n ? "..." : "");
}

static const char *tracetext_how(uint64_t how)
{
	return how == SHUT_RD     ? "SHUT_RD"
	       : how == SHUT_WR   ? "SHUT_WR"
	       : how == SHUT_RDWR ? "SHUT_RDWR"
	                          : "?";
}

static const char *tracetext_optname(uint64_t level, uint64_t name)
{
	if (level == SOL_SOCKET)
		switch (name) {
		case SO_REUSEADDR:
			return "SO_REUSEADDR";
		case SO_REUSEPORT:
			return "SO_REUSEPORT";
		case SO_LINGER:
			return "SO_LINGER";
		case SO_KEEPALIVE:
			return "SO_KEEPALIVE";
		case SO_ERROR:
			return "SO_ERROR";
		case SO_RCVBUF:
			return "SO_RCVBUF";
		case SO_SNDBUF:
			return "SO_SNDBUF";
		}
	if (level == IPPROTO_TCP && name == 1)
		return "TCP_NODELAY";
	return NULL;
}

/* poll()'s descriptors and the events asked for (entry) or that
 * happened (return): "fd 3 POLLOUT". */
static void tracetext_pollfds(const struct tracer_call *c, bool asked,
                              char *out, size_t cap)
{
	static const struct {
		short bit;
		const char *name;
	} ev[] = {{POLLIN, "POLLIN"},   {POLLOUT, "POLLOUT"},
	          {POLLERR, "POLLERR"}, {POLLHUP, "POLLHUP"},
	          {POLLPRI, "POLLPRI"}, {POLLNVAL, "POLLNVAL"}};
	for (size_t i = 0; i + sizeof(struct pollfd) <= c->data_len;
	     i += sizeof(struct pollfd)) {
		struct pollfd p;
		memcpy(&p, c->data + i, sizeof p);
		short bits = asked ? p.events : p.revents;
		if (!asked && bits == 0)
			continue;
		strcatf(out, cap, "%sfd %d", out[0] ? ", " : "", p.fd);
		for (size_t k = 0, n = 0; k < sizeof ev / sizeof *ev; k++)
			if (bits & ev[k].bit)
				strcatf(out, cap, "%s%s", n++ ? "|" : " ",
				        ev[k].name);
	}
	if (asked && c->sys->shape == SHAPE_POLL &&
	    strcmp(c->sys->name, "poll") == 0)
		strcatf(out, cap, ", timeout %d ms", (int)c->args[2]);
}

/* What the entry of a call shows. */
void tracetext_enter(const struct tracer_call *c, int other_refs, char *out,
                     size_t cap)
{
	const struct sys_entry *sys = c->sys;
	const char *opt;
	out[0] = '\0';
	switch (sys->shape) {
	case SHAPE_SOCKET:
		snprintf(out, cap, "%s, SOCK_STREAM",
		         c->args[0] == AF_INET6 ? "AF_INET6" : "AF_INET");
		break;
	case SHAPE_ADDR_IN:
		tracetext_addr_text(c->addr, c->addr_len, out, cap);
		break;
	case SHAPE_LISTEN:
		snprintf(out, cap, "backlog %d", (int)c->args[1]);
		break;
	case SHAPE_SEND:
	case SHAPE_SENDV:
		snprintf(out, cap, "%llu bytes",
		         sys->shape == SHAPE_SEND
		                 ? (unsigned long long)c->args[2]
		                 : (unsigned long long)c->data_len);
		tracetext_preview(c->data, c->data_len, out, cap);
		break;
	case SHAPE_RECV:
		snprintf(out, cap, "up to %llu bytes",
		         (unsigned long long)c->args[2]);
		break;
	case SHAPE_SHUTDOWN:
		snprintf(out, cap, "%s", tracetext_how(c->args[1]));
		break;
	case SHAPE_POLL:
		tracetext_pollfds(c, true, out, cap);
		break;
	case SHAPE_SOCKOPT:
		opt = tracetext_optname(c->args[1], c->args[2]);
		if (opt)
			snprintf(out, cap, "%s", opt);
		else
			snprintf(out, cap, "level %d, option %d",
			         (int)c->args[1], (int)c->args[2]);
		break;
	case SHAPE_FD:
		if (sys->call == CALL_CLOSE && other_refs > 0)
			snprintf(out, cap,
			         "not the last descriptor of its socket: "
			         "nothing is sent");
		break;
	default:
		break;
	}
}

/* What the return of a call shows. */
void tracetext_return(const struct tracer_call *c, char *out, size_t cap)
{
	out[0] = '\0';
	if (c->ret < 0)
		return;
	switch (c->sys->shape) {
	case SHAPE_ACCEPT:
		tracetext_addr_text(c->addr, c->addr_len, out, cap);
		break;
	case SHAPE_RECV:
	case SHAPE_RECVV:
		tracetext_preview(c->data, c->data_len, out, cap);
		if (out[0] == ' ')
			memmove(out, out + 1, strlen(out));
		break;
	case SHAPE_POLL:
		tracetext_pollfds(c, false, out, cap);
		break;
	default:
		break;
	}
}
