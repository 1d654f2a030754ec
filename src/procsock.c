/*
 * procsock.c - which socket a traced program's descriptor is (see
 * procsock.h).
 */
#include "procsock.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

enum { PEER_KSOCKS = 256 }; /* the programs' sockets: a few dozen */

uint64_t procsock_inode(pid_t pid, int fd)
{
	char path[64], link[64];
	snprintf(path, sizeof path, "/proc/%d/fd/%d", (int)pid, fd);
	ssize_t n = readlink(path, link, sizeof link - 1);
	if (n <= 0)
		return 0;
	link[n] = '\0';
	unsigned long long ino;
	return sscanf(link, "socket:[%llu]", &ino) == 1 ? ino : 0;
}

int procsock_list(struct ksock *out, int max)
{
	char err[256];
	int n = kstate_list(AF_INET, 0, out, max, err, sizeof err);
	if (n < 0)
		n = 0;
	int m = kstate_list(AF_INET6, 0, out + n, max - n, err, sizeof err);
	return m > 0 ? n + m : n;
}

void procsock_peer(pid_t pid, int fd, char *out, size_t cap)
{
	uint64_t inode = procsock_inode(pid, fd);
	struct ksock ks[PEER_KSOCKS];
	int n = inode ? procsock_list(ks, PEER_KSOCKS) : 0;
	for (int i = 0; i < n; i++)
		if (ks[i].inode == inode) {
			const struct endpoint *e = &ks[i].remote;
			char host[INET6_ADDRSTRLEN] = "?";
			inet_ntop(e->addr.family == 6 ? AF_INET6 : AF_INET,
			          e->addr.bytes, host, sizeof host);
			snprintf(out, cap,
			         e->addr.family == 6 ? "[%s]:%u" : "%s:%u",
			         host, e->port);
			return;
		}
}
