/*
 * procsock.h - which socket a traced program's descriptor is: its inode
 * through /proc/PID/fd/N ("socket:[inode]"), and the kernel's TCP
 * sockets (sock_diag, kstate.c) matched by that inode, in the
 * namespace tcpviz and the programs share.
 *
 * Shell: /proc and netlink; no model.
 */
#ifndef TCPVIZ_PROCSOCK_H
#define TCPVIZ_PROCSOCK_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "kstate.h"

/* The socket inode behind a process's descriptor, or 0 (not a socket,
 * or gone). */
uint64_t procsock_inode(pid_t pid, int fd);
/* Every TCP socket the kernel has, IPv4 and IPv6: how many stored. */
int procsock_list(struct ksock *out, int max);
/* The other end of a process's socket, "127.0.0.1:50418"; out left as
 * it was when the kernel does not list it. */
void procsock_peer(pid_t pid, int fd, char *out, size_t cap);

#endif
