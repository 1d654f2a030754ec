/*
 * syscalls.h - the system calls `tcpviz run` traces, what each is in
 * tcpviz's terms, and the seccomp filter that stops a traced program at
 * those and no others.
 *
 * Pure: a table and a filter program built from it; tracer.c installs
 * the filter and reads the calls. The filter returns SECCOMP_RET_TRACE
 * with the call's index in this table as its data, so the tracer knows
 * the call without a lookup. Numbers are this machine's architecture's
 * (where it has no such call, e.g. poll on aarch64, the entry is left
 * out of the filter).
 */
#ifndef TCPVIZ_SYSCALLS_H
#define TCPVIZ_SYSCALLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"

/* How a traced call's arguments are read. */
enum sys_shape {
	SHAPE_SOCKET,   /* socket(family, type, protocol) */
	SHAPE_ADDR_IN,  /* bind/connect(fd, addr, len) */
	SHAPE_LISTEN,   /* listen(fd, backlog) */
	SHAPE_ACCEPT,   /* accept, getsockname, getpeername(fd, addr*,
	                   len*): the address on return */
	SHAPE_SEND,     /* send/sendto/write(fd, buf, len) */
	SHAPE_SENDV,    /* writev(fd, iov, n), sendmsg(fd, msg, flags) */
	SHAPE_RECV,     /* recv/recvfrom/read(fd, buf, len) */
	SHAPE_RECVV,    /* readv(fd, iov, n), recvmsg(fd, msg, flags) */
	SHAPE_SHUTDOWN, /* shutdown(fd, how) */
	SHAPE_FD,       /* close(fd) */
	SHAPE_SOCKOPT,  /* set/getsockopt(fd, level, name, ...) */
	SHAPE_POLL,     /* poll/ppoll(fds, n, ...) */
	SHAPE_SELECT,   /* select/pselect6(n, ...) */
	SHAPE_EPOLL,    /* epoll_wait/epoll_pwait(epfd, ...) */
	SHAPE_DUP,      /* dup(fd), dup2/dup3(fd, newfd) */
	SHAPE_FCNTL,    /* fcntl(fd, F_DUPFD..., arg) */
	SHAPE_RESTART,  /* restart_syscall(): an interrupted call resumed */
};

struct sys_entry {
	const char *name; /* "accept4" */
	long nr;          /* this architecture's number; -1: none here */
	enum call_kind call;
	enum sys_shape shape;
	bool on_fd; /* its first argument is a descriptor whose
	               kind decides whether it is shown */
};

/* The traced calls; their index is the filter's data. */
size_t syscalls_count(void);
const struct sys_entry *syscalls_entry(size_t i);
/* The entry of a number, or NULL. */
const struct sys_entry *syscalls_by_nr(long nr);

/* A BPF instruction as struct sock_filter lays it out. */
struct sys_insn {
	uint16_t code;
	uint8_t jt, jf;
	uint32_t k;
};

/* The filter for this architecture into out (room for max): returns the
 * instruction count, or 0 when max is too small. Any other architecture
 * (a 32-bit program on a 64-bit kernel) is traced at every call, which
 * only costs time. */
size_t syscalls_filter(struct sys_insn *out, size_t max);
/* Run a filter on a call as the kernel would (for tests): the action
 * and data it returns for arch and nr. */
uint32_t syscalls_filter_run(const struct sys_insn *prog, size_t n,
                             uint32_t arch, long nr);
/* This architecture's AUDIT_ARCH_* value. */
uint32_t syscalls_arch(void);

#endif
