/*
 * kstate.h - the kernel's own view of TCP sockets, through sock_diag.
 *
 * The demo shows the state tcpviz infers from the wire beside the state
 * the kernel holds for the same sockets; this is where the second comes
 * from. Shell: one netlink dump per call, in the caller's network
 * namespace (sock_diag is per namespace, so it also works as root of the
 * user namespace netns.c makes). No model, no drawing.
 */
#ifndef TCPVIZ_KSTATE_H
#define TCPVIZ_KSTATE_H

#include <stddef.h>
#include <stdint.h>

#include "conntrack.h"
#include "tcpstate.h"

struct ksock {
	struct endpoint local, remote; /* remote is 0.0.0.0:0 (or [::]:0)
	                                  for a listener */
	enum tcp_state state;          /* kernel_state in RFC 9293 terms */
	uint64_t inode;   /* the socket's inode, as kstate_fd_inode gives;
	                     0 once no descriptor holds it (after close: an
	                     orphan in FIN_WAIT_*, TIME_WAIT, ...) */
	int kernel_state; /* Linux's number, idiag_state: TCP_ESTABLISHED=1
	                     .. TCP_NEW_SYN_RECV=12 */
	int info_state;   /* tcpi_state from INET_DIAG_INFO; -1 when the
	                     kernel sent none (TIME_WAIT and request sockets
	                     carry no tcp_info) */
	/* A listener's accept queue: the connections waiting for accept()
	 * (idiag_rqueue) and listen()'s backlog (idiag_wqueue). */
	uint32_t rqueue, wqueue;
};

/*
 * Every TCP socket of family (AF_INET or AF_INET6) whose local or remote
 * port is port (0: every one), in any state (listening, connected, TIME_WAIT,
 * request sockets of a handshake in progress). Stores at most max of them in
 * out, in the kernel's order, and returns how many it stored; -1 with one line
 * in err when the kernel could not be asked or answered nonsense.
 */
int kstate_list(int family, uint16_t port, struct ksock *out, int max,
                char *err, size_t errlen);

/*
 * Linux's state number (include/net/tcp_states.h) in RFC 9293 terms:
 * SYN_RECV and NEW_SYN_RECV are SYN_RECEIVED, CLOSE is CLOSED, FIN_WAIT1
 * is FIN_WAIT_1, and so on. Pure. 0, or -1 for a number Linux does not
 * use (out untouched).
 */
int kstate_from_kernel(int tcp_state_number, enum tcp_state *out);

/* The inode of the socket fd refers to (fstat's st_ino), which sock_diag
 * reports as idiag_inode; 0 when fd is not a socket. */
uint64_t kstate_fd_inode(int fd);

#endif
