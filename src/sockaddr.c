/*
 * sockaddr.c - the demo's and a lesson's addresses (see sockaddr.h).
 */
#include "sockaddr.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

socklen_t sockaddr_local(int family, uint16_t port, bool any, bool raw,
                         struct sockaddr_storage *ss)
{
	uint16_t wire = raw ? port : htons(port);
	memset(ss, 0, sizeof *ss);
	if (family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
		s6->sin6_family = AF_INET6;
		s6->sin6_addr = any ? in6addr_any : in6addr_loopback;
		s6->sin6_port = wire;
		return sizeof *s6;
	}
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	s4->sin_family = AF_INET;
	s4->sin_addr.s_addr = htonl(any ? INADDR_ANY : INADDR_LOOPBACK);
	s4->sin_port = wire;
	return sizeof *s4;
}

void sockaddr_text(const struct sockaddr_storage *ss, char *out, size_t n)
{
	char host[INET6_ADDRSTRLEN] = "?";
	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)ss;
		inet_ntop(AF_INET6, &s6->sin6_addr, host, sizeof host);
		snprintf(out, n, "[%s]:%u", host, ntohs(s6->sin6_port));
	} else {
		const struct sockaddr_in *s4 = (const void *)ss;
		inet_ntop(AF_INET, &s4->sin_addr, host, sizeof host);
		snprintf(out, n, "%s:%u", host, ntohs(s4->sin_port));
	}
}
