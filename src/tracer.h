/*
 * tracer.h - programs run under ptrace: every traced system call
 * (syscalls.h) of every process and thread they start, at entry and at
 * return, timed on the capture's clock; their forks, execs and ends.
 *
 * Shell: ptrace, seccomp, /proc and process_vm_readv; it knows nothing
 * of sockets' meaning, sessions or views. The caller (run.c) decides
 * per call whether it wants the return (a read on a file: no), and turns
 * what it is told into events. Every ptrace call is made from the thread
 * that called tracer_new (the kernel's rule for a tracer).
 *
 * How: each program is forked with a seccomp filter that stops it only
 * at the traced calls (SECCOMP_RET_TRACE), stops itself before exec and
 * is seized with PTRACE_SEIZE (TRACESECCOMP, TRACEFORK, TRACEVFORK,
 * TRACECLONE, TRACEEXEC, TRACEEXIT, TRACESYSGOOD, EXITKILL);
 * PTRACE_GET_SYSCALL_INFO reads the call, PTRACE_SYSCALL then stops it at the
 * return.
 */
#ifndef TCPVIZ_TRACER_H
#define TCPVIZ_TRACER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "syscalls.h"

/* Bytes of a buffer or address read from a traced program. */
enum { TRACER_DATA_MAX = 64, TRACER_ADDR_MAX = 128 };

struct tracer_call {
	pid_t tid, pid; /* the thread, and its process (thread group) */
	int64_t ts_ns;  /* CLOCK_REALTIME at the stop */
	const struct sys_entry *sys;
	bool enter;
	uint64_t args[6];
	long ret; /* on return: the value, or -1 with err */
	int err;
	/* On entry: bind/connect's address, send's first bytes, poll's
	 * array. On return: accept's peer, recv's first bytes (ret of
	 * them), poll's array with what happened. */
	uint8_t addr[TRACER_ADDR_MAX];
	size_t addr_len;
	uint8_t data[TRACER_DATA_MAX];
	size_t data_len;
	/* Set by the call hook on entry: keep the program stopped there
	 * until tracer_resume_one (stepping through a program's calls). */
	bool pause;
};

enum tracer_proc_kind { TRACER_FORK, TRACER_THREAD, TRACER_EXEC };

struct tracer_hooks {
	/* A traced call entered or returned. On entry, return whether the
	 * return is wanted (else the program runs on unstopped). */
	bool (*call)(void *ctx, struct tracer_call *c);
	/* A new process or thread (child, of parent), or an exec in pid. */
	void (*proc)(void *ctx, enum tracer_proc_kind k, pid_t parent,
	             pid_t child, int64_t ts_ns);
	/* A process begins to exit, its descriptors still open (may be
	 * NULL): what it wrote before can be read now. */
	void (*exiting)(void *ctx, pid_t tid, pid_t pid);
	/* A thread or process ends: status as waitpid gives it. Said when
	 * it begins to exit, its descriptors still open (or, killed by
	 * SIGKILL, when it is gone). A process's end is its thread group
	 * leader's (tid == pid). Once per thread. */
	void (*exit)(void *ctx, pid_t tid, pid_t pid, int status,
	             int64_t ts_ns);
	void *ctx;
};

struct tracer;

struct tracer *tracer_new(const struct tracer_hooks *hooks);
/* Kill (SIGKILL) and reap whatever is still traced; free. */
void tracer_free(struct tracer *t);

/*
 * Start argv (execvp) with the given standard descriptors, traced from
 * its first instruction. Returns its pid, or -1 with one line in err
 * (the program could not be found or run: nothing was started).
 */
pid_t tracer_spawn(struct tracer *t, char *const argv[], int in, int out,
                   int errfd, char *err, size_t errlen);

/* Handle every stop there is, waiting up to timeout_ms for the first;
 * returns the number handled. tracer_new blocks SIGCHLD in the calling
 * thread (threads made after it inherit that): tracer_fd is readable
 * when a traced program stopped or ended, for a caller's poll(). */
int tracer_poll(struct tracer *t, int timeout_ms);
int tracer_fd(const struct tracer *t);

/* Calls paused on entry (tracer_call.pause), oldest first: the thread
 * of the oldest (0: none), and let it go on. */
pid_t tracer_paused_tid(const struct tracer *t);
void tracer_resume_one(struct tracer *t);

/* Threads traced and not yet ended. */
size_t tracer_alive(const struct tracer *t);
/* Whether any thread of process pid is still alive. */
bool tracer_process_alive(const struct tracer *t, pid_t pid);
/* Send sig to every traced process. */
void tracer_signal_all(struct tracer *t, int sig);

/* The pid a process sees itself as (its last NSpid), or pid when its
 * namespace is the tracer's. */
pid_t tracer_own_pid(pid_t pid);
/* A process's parent (its PPid), or 0. */
pid_t tracer_parent(pid_t pid);
/* A process's program name (/proc/PID/comm) into out. */
void tracer_comm(pid_t pid, char *out, size_t cap);

#endif
