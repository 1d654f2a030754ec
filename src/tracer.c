/*
 * tracer.c - programs run under ptrace (see tracer.h).
 *
 * Shell: ptrace, seccomp, signalfd-free waiting, /proc and
 * process_vm_readv. A stop is one of: a seccomp stop at a traced call's
 * entry, the syscall-exit stop asked for after it, a fork, clone or
 * exec event, a group stop, or a signal on its way to the program (passed
 * on). Interrupted calls: a return of ERESTARTSYS and its kin is not the
 * call's end; when the same call enters again it was restarted (one
 * call for the views), and when anything else comes first it returned
 * EINTR to the program.
 */
#include "tracer.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "util.h"

/* The kernel's own restart codes, never seen by a program. */
enum { ERESTARTSYS_ = 512, ERESTARTNOHAND_ = 514, ERESTART_BLOCK_ = 516 };

struct tracee {
	pid_t tid, pid;
	bool ended;      /* its end was reported when it began to exit */
	bool told;       /* its parent's fork or clone event was handled (or
	                    tcpviz started it) */
	bool in_call;    /* entered, its return asked for */
	bool restarting; /* its last return was a restart code */
	struct tracer_call call;
};

/* A call held at its entry, and how it goes on. */
struct paused {
	pid_t tid;
	enum __ptrace_request how;
};

struct tracer {
	struct tracer_hooks h;
	struct paused *paused;
	size_t npaused;
	/* Ended before their parent's fork or clone event was handled
	 * (waitpid gives statuses in any order): not to be added then. */
	pid_t *gone;
	size_t ngone;
	int64_t checked; /* when the table was last checked against the
	                    kernel's (tracer_forget_vanished) */
	int sigfd;       /* SIGCHLD, blocked: a stop or an end to wait for */
	struct tracee *v;
	size_t n, cap;
};

static int64_t tracer_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

struct tracer *tracer_new(const struct tracer_hooks *hooks)
{
	struct tracer *t = xcalloc(1, sizeof *t);
	t->h = *hooks;
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	pthread_sigmask(SIG_BLOCK, &chld, NULL);
	t->sigfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
	return t;
}

static struct tracee *tracer_find(struct tracer *t, pid_t tid)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].tid == tid)
			return &t->v[i];
	return NULL;
}

/* A /proc/TID/status field's first number, or -1. */
static long tracer_status_field(pid_t tid, const char *field, bool last)
{
	char path[64], line[256];
	long v = -1;
	snprintf(path, sizeof path, "/proc/%d/status", (int)tid);
	FILE *fp = fopen(path, "re");
	if (fp == NULL)
		return -1;
	size_t flen = strlen(field);
	while (fgets(line, sizeof line, fp))
		if (strncmp(line, field, flen) == 0 && line[flen] == ':') {
			char *p = line + flen + 1, *end;
			for (;;) {
				long x = strtol(p, &end, 10);
				if (end == p)
					break;
				v = x;
				p = end;
				if (!last)
					break;
			}
			break;
		}
	fclose(fp);
	return v;
}

static struct tracee *tracer_add(struct tracer *t, pid_t tid, pid_t pid)
{
	struct tracee *e = tracer_find(t, tid);
	if (e != NULL)
		return e;
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->v = xrealloc(t->v, t->cap * sizeof *t->v);
	}
	e = &t->v[t->n++];
	memset(e, 0, sizeof *e);
	e->tid = tid;
	e->pid = pid > 0 ? pid : tid;
	return e;
}

static void tracer_remove(struct tracer *t, struct tracee *e)
{
	*e = t->v[--t->n];
}

pid_t tracer_parent(pid_t pid)
{
	long v = tracer_status_field(pid, "PPid", false);
	return v > 0 ? (pid_t)v : 0;
}

pid_t tracer_own_pid(pid_t pid)
{
	long v = tracer_status_field(pid, "NSpid", true);
	return v > 0 ? (pid_t)v : pid;
}

/* The first NUL- or newline-ended string of a /proc file into out. */
static bool tracer_proc_text(pid_t pid, const char *what, char *out, size_t cap)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, what);
	out[0] = '\0';
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	ssize_t n = read(fd, out, cap - 1);
	close(fd);
	if (n <= 0) {
		out[0] = '\0';
		return false;
	}
	out[n] = '\0';
	out[strcspn(out, "\n")] = '\0';
	return out[0] != '\0';
}

/* The program's name as it was run (argv[0]'s last part: comm keeps
 * only 15 bytes), else comm. */
void tracer_comm(pid_t pid, char *out, size_t cap)
{
	char argv0[256];
	if (tracer_proc_text(pid, "cmdline", argv0, sizeof argv0)) {
		const char *base = strrchr(argv0, '/');
		snprintf(out, cap, "%s", base ? base + 1 : argv0);
		if (out[0] != '\0')
			return;
	}
	tracer_proc_text(pid, "comm", out, cap);
}

/* In the child, before exec: no traced call may come between the
 * filter and the stop (nobody would answer it: ENOSYS). */
static void tracer_child(char *const argv[], int in, int out, int errfd)
{
	if ((in != 0 && dup2(in, 0) < 0) || (out != 1 && dup2(out, 1) < 0) ||
	    (errfd != 2 && dup2(errfd, 2) < 0))
		_exit(126);
	/* Nothing of tcpviz's own: the capture, the recording, pipes. */
	if (syscall(SYS_close_range, 3U, ~0U, 0) != 0)
		for (int fd = 3; fd < 4096; fd++)
			close(fd);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL); /* tcpviz ignores it; a program must not */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* A tcpviz that dropped sudo's root is not dumpable, nor its fork:
	 * the tracer could not seize it. It holds nothing of tcpviz's now;
	 * exec sets dumpable again as the program deserves. */
	prctl(PR_SET_DUMPABLE, 1);
	struct sys_insn prog[128];
	size_t n = syscalls_filter(prog, 128);
	struct sock_fprog fp = {.len = (unsigned short)n,
	                        .filter = (struct sock_filter *)prog};
	if (n == 0 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fp) != 0)
		_exit(126);
	kill(getpid(), SIGSTOP);
	execvp(argv[0], argv);
	dprintf(2, "tcpviz: run: %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

pid_t tracer_spawn(struct tracer *t, char *const argv[], int in, int out,
                   int errfd, char *err, size_t errlen)
{
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0)
		tracer_child(argv, in, out, errfd);
	int st;
	if (waitpid(pid, &st, WUNTRACED) != pid || !WIFSTOPPED(st)) {
		snprintf(err, errlen,
		         _("%s: could not be started under the tracer (seccomp "
		           "or prctl refused)"),
		         argv[0]);
		if (!WIFEXITED(st) && !WIFSIGNALED(st)) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
		}
		return -1;
	}
	long opts = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK |
	            PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE |
	            PTRACE_O_TRACEEXEC | PTRACE_O_TRACESECCOMP |
	            PTRACE_O_TRACEEXIT | PTRACE_O_EXITKILL;
	if (ptrace(PTRACE_SEIZE, pid, 0L, opts) != 0) {
		snprintf(err, errlen,
		         _("%s: ptrace: %s (is "
		           "/proc/sys/kernel/yama/ptrace_scope 3?)"),
		         argv[0], strerror(errno));
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
		return -1;
	}
	tracer_add(t, pid, pid)->told = true;
	kill(pid, SIGCONT);
	return pid;
}

static size_t tracer_read(pid_t tid, uint64_t addr, void *out, size_t n)
{
	if (addr == 0 || n == 0)
		return 0;
	struct iovec local = {out, n};
	struct iovec remote = {(void *)(uintptr_t)addr, n};
	ssize_t got = process_vm_readv(tid, &local, 1, &remote, 1, 0);
	return got > 0 ? (size_t)got : 0;
}

static size_t tracer_min(size_t a, size_t b)
{
	return a < b ? a : b;
}

/* The first bytes of the first buffer of an iovec array. */
static size_t tracer_read_iov(pid_t tid, uint64_t iov, size_t limit,
                              uint8_t *out)
{
	struct iovec v;
	if (tracer_read(tid, iov, &v, sizeof v) != sizeof v)
		return 0;
	size_t n = tracer_min(tracer_min(v.iov_len, limit), TRACER_DATA_MAX);
	return tracer_read(tid, (uint64_t)(uintptr_t)v.iov_base, out, n);
}

/* The iovec array and name of a msghdr. */
static bool tracer_read_msg(pid_t tid, uint64_t msg, struct msghdr *m)
{
	return tracer_read(tid, msg, m, sizeof *m) == sizeof *m;
}

/* What a call's entry shows of its memory. */
static void tracer_entry_memory(struct tracer_call *c)
{
	struct msghdr m;
	switch (c->sys->shape) {
	case SHAPE_ADDR_IN:
		c->addr_len = tracer_read(
		        c->tid, c->args[1], c->addr,
		        tracer_min((size_t)c->args[2], TRACER_ADDR_MAX));
		break;
	case SHAPE_SEND:
		c->data_len = tracer_read(
		        c->tid, c->args[1], c->data,
		        tracer_min((size_t)c->args[2], TRACER_DATA_MAX));
		break;
	case SHAPE_POLL: /* the pollfd array (8 bytes each) */
		c->data_len = tracer_read(
		        c->tid, c->args[0], c->data,
		        tracer_min((size_t)c->args[1] * 8, TRACER_DATA_MAX));
		break;
	case SHAPE_SENDV:
		if (c->sys->call == CALL_SEND && strcmp(c->sys->name, "writev"))
			c->data_len =
			        tracer_read_msg(c->tid, c->args[1], &m)
			                ? tracer_read_iov(c->tid,
			                                  (uintptr_t)m.msg_iov,
			                                  SIZE_MAX, c->data)
			                : 0;
		else
			c->data_len = tracer_read_iov(c->tid, c->args[1],
			                              SIZE_MAX, c->data);
		break;
	default:
		break;
	}
}

/* What a call's return shows of its memory. */
static void tracer_return_memory(struct tracer_call *c)
{
	struct msghdr m;
	uint32_t len = 0;
	if (c->ret < 0)
		return;
	switch (c->sys->shape) {
	case SHAPE_POLL: /* what happened on each */
		c->data_len = tracer_read(
		        c->tid, c->args[0], c->data,
		        tracer_min((size_t)c->args[1] * 8, TRACER_DATA_MAX));
		break;
	case SHAPE_ACCEPT:
		if (c->args[2] && tracer_read(c->tid, c->args[2], &len,
		                              sizeof len) == sizeof len)
			c->addr_len =
			        tracer_read(c->tid, c->args[1], c->addr,
			                    tracer_min(len, TRACER_ADDR_MAX));
		break;
	case SHAPE_RECV:
		c->data_len = tracer_read(
		        c->tid, c->args[1], c->data,
		        tracer_min((size_t)c->ret, TRACER_DATA_MAX));
		break;
	case SHAPE_RECVV:
		if (strcmp(c->sys->name, "readv") != 0)
			c->data_len =
			        tracer_read_msg(c->tid, c->args[1], &m)
			                ? tracer_read_iov(
			                          c->tid, (uintptr_t)m.msg_iov,
			                          (size_t)c->ret, c->data)
			                : 0;
		else
			c->data_len = tracer_read_iov(c->tid, c->args[1],
			                              (size_t)c->ret, c->data);
		break;
	default:
		break;
	}
}

static bool tracer_restart_code(long rval)
{
	return rval <= -ERESTARTSYS_ && rval >= -ERESTART_BLOCK_;
}

/* A call left at a restart code, and something else came: the program
 * saw EINTR. */
static void tracer_settle_restart(struct tracer *t, struct tracee *e)
{
	if (!e->restarting)
		return;
	e->restarting = false;
	e->call.enter = false;
	e->call.ts_ns = tracer_now(); /* when it is known, in time order */
	e->call.ret = -1;
	e->call.err = EINTR;
	e->call.addr_len = e->call.data_len = 0;
	t->h.call(t->h.ctx, &e->call);
}

/* A seccomp stop: a traced call's entry. */
static void tracer_on_entry(struct tracer *t, struct tracee *e)
{
	struct __ptrace_syscall_info si;
	long want = 0;
	if (ptrace(PTRACE_GET_SYSCALL_INFO, e->tid, sizeof si, &si) <= 0 ||
	    si.op != PTRACE_SYSCALL_INFO_SECCOMP) {
		ptrace(PTRACE_CONT, e->tid, 0L, 0L);
		return;
	}
	const struct sys_entry *sys =
	        si.seccomp.ret_data < syscalls_count()
	                ? syscalls_entry(si.seccomp.ret_data)
	                : syscalls_by_nr((long)si.seccomp.nr);
	if (sys == NULL) {
		tracer_settle_restart(t, e);
		ptrace(PTRACE_CONT, e->tid, 0L, 0L);
		return;
	}
	if (sys->shape == SHAPE_RESTART && !e->restarting) {
		ptrace(PTRACE_CONT, e->tid, 0L, 0L); /* not one of ours */
		return;
	}
	if (e->restarting &&
	    (e->call.sys == sys || sys->shape == SHAPE_RESTART)) {
		/* The same call again after a signal: one call. */
		e->restarting = false;
		e->in_call = true;
		ptrace(PTRACE_SYSCALL, e->tid, 0L, 0L);
		return;
	}
	tracer_settle_restart(t, e);
	struct tracer_call *c = &e->call;
	memset(c, 0, sizeof *c);
	c->tid = e->tid;
	c->pid = e->pid;
	c->ts_ns = tracer_now();
	c->sys = sys;
	c->enter = true;
	memcpy(c->args, si.seccomp.args, sizeof c->args);
	tracer_entry_memory(c);
	want = t->h.call(t->h.ctx, c);
	e->in_call = want;
	enum __ptrace_request how = want ? PTRACE_SYSCALL : PTRACE_CONT;
	if (c->pause) {
		t->paused = xrealloc(t->paused,
		                     (t->npaused + 1) * sizeof *t->paused);
		t->paused[t->npaused++] = (struct paused){e->tid, how};
		return;
	}
	ptrace(how, e->tid, 0L, 0L);
}

pid_t tracer_paused_tid(const struct tracer *t)
{
	return t->npaused ? t->paused[0].tid : 0;
}

void tracer_resume_one(struct tracer *t)
{
	if (t->npaused == 0)
		return;
	struct paused p = t->paused[0];
	memmove(t->paused, t->paused + 1, (t->npaused - 1) * sizeof *t->paused);
	t->npaused--;
	ptrace(p.how, p.tid, 0L, 0L);
}

/* The syscall-exit stop after an entry whose return was wanted. */
static void tracer_on_exit(struct tracer *t, struct tracee *e)
{
	struct __ptrace_syscall_info si;
	struct tracer_call *c = &e->call;
	e->in_call = false;
	if (ptrace(PTRACE_GET_SYSCALL_INFO, e->tid, sizeof si, &si) > 0 &&
	    si.op == PTRACE_SYSCALL_INFO_EXIT) {
		if (si.exit.is_error && tracer_restart_code(si.exit.rval)) {
			e->restarting = true;
			c->ts_ns = tracer_now();
		} else {
			c->enter = false;
			c->ts_ns = tracer_now();
			c->ret = si.exit.is_error ? -1 : (long)si.exit.rval;
			c->err = si.exit.is_error ? (int)-si.exit.rval : 0;
			c->addr_len = c->data_len = 0;
			tracer_return_memory(c);
			t->h.call(t->h.ctx, c);
		}
	}
	ptrace(PTRACE_CONT, e->tid, 0L, 0L);
}

/* Whether child ended before its birth was told (and forget it). */
static bool tracer_was_gone(struct tracer *t, pid_t child)
{
	for (size_t i = 0; i < t->ngone; i++)
		if (t->gone[i] == child) {
			t->gone[i] = t->gone[--t->ngone];
			return true;
		}
	return false;
}

static void tracer_on_event(struct tracer *t, struct tracee *e, int event)
{
	unsigned long msg = 0;
	pid_t tid = e->tid, pid = e->pid; /* e moves when the table grows */
	ptrace(PTRACE_GETEVENTMSG, tid, 0L, &msg);
	int64_t now = tracer_now();
	if (event == PTRACE_EVENT_EXEC) {
		/* A thread that was not the leader took the leader's pid. */
		struct tracee *old = tracer_find(t, (pid_t)msg);
		if (old != NULL && old != e)
			tracer_remove(t, old);
		e = tracer_find(t, tid);
		if (e != NULL)
			e->restarting = e->in_call = false;
		t->h.proc(t->h.ctx, TRACER_EXEC, pid, pid, now);
	} else {
		pid_t child = (pid_t)msg;
		long tgid = tracer_status_field(child, "Tgid", false);
		bool thread = tgid > 0 && tgid == pid;
		if (!tracer_was_gone(t, child))
			tracer_add(t, child, thread ? pid : child)->told = true;
		t->h.proc(t->h.ctx, thread ? TRACER_THREAD : TRACER_FORK, pid,
		          child, now);
	}
	ptrace(PTRACE_CONT, tid, 0L, 0L);
}

static void tracer_on_stop(struct tracer *t, struct tracee *e, int st)
{
	int sig = WSTOPSIG(st), event = (unsigned)st >> 16;
	if (sig == (SIGTRAP | 0x80)) {
		if (e->in_call)
			tracer_on_exit(t, e);
		else
			ptrace(PTRACE_CONT, e->tid, 0L, 0L);
	} else if (sig == SIGTRAP && event == PTRACE_EVENT_SECCOMP) {
		tracer_on_entry(t, e);
	} else if (sig == SIGTRAP &&
	           (event == PTRACE_EVENT_FORK || event == PTRACE_EVENT_VFORK ||
	            event == PTRACE_EVENT_CLONE ||
	            event == PTRACE_EVENT_EXEC)) {
		tracer_on_event(t, e, event);
	} else if (sig == SIGTRAP && event == PTRACE_EVENT_EXIT) {
		/* Its sockets are still open: the end is reported here,
		 * before the FIN or RST the kernel's closing them sends. */
		unsigned long status = 0;
		ptrace(PTRACE_GETEVENTMSG, e->tid, 0L, &status);
		if (e->tid == e->pid && t->h.exiting)
			t->h.exiting(t->h.ctx, e->tid, e->pid);
		e->ended = true;
		t->h.exit(t->h.ctx, e->tid, e->pid, (int)status, tracer_now());
		ptrace(PTRACE_CONT, e->tid, 0L, 0L);
	} else if (event == PTRACE_EVENT_STOP) {
		bool group = sig == SIGSTOP || sig == SIGTSTP ||
		             sig == SIGTTIN || sig == SIGTTOU;
		ptrace(group ? PTRACE_LISTEN : PTRACE_CONT, e->tid, 0L, 0L);
	} else {
		/* A signal on its way to the program: passed on; a call
		 * whose return is wanted stays watched. */
		ptrace(e->in_call || e->restarting ? PTRACE_SYSCALL
		                                   : PTRACE_CONT,
		       e->tid, 0L, (long)sig);
	}
}

/* The kernel says nothing traced is left (ECHILD) while the table still
 * lists some: a thread whose end was never reported (one of a group
 * killed at once can go so). Each is taken as gone, killed if its end
 * was not said. */
static void tracer_forget_all(struct tracer *t)
{
	while (t->n > 0) {
		struct tracee e = t->v[t->n - 1];
		t->n--;
		if (!e.ended)
			t->h.exit(t->h.ctx, e.tid, e.pid, SIGKILL,
			          tracer_now());
	}
	t->npaused = 0;
}

/* Threads the kernel no longer has, whose end never came (a status
 * lost to an order tcpviz did not foresee): taken as gone, once in a
 * while when nothing else happens, so that a run cannot wait for them
 * for ever. */
static void tracer_forget_vanished(struct tracer *t)
{
	int64_t now = tracer_now();
	if (now - t->checked < 100000000LL)
		return;
	t->checked = now;
	for (size_t i = 0; i < t->n;) {
		struct tracee e = t->v[i];
		if (kill(e.tid, 0) == 0 || errno != ESRCH) {
			i++;
			continue;
		}
		t->v[i] = t->v[--t->n];
		if (!e.ended)
			t->h.exit(t->h.ctx, e.tid, e.pid, SIGKILL, now);
	}
}

/* One waitpid status. */
static void tracer_on_status(struct tracer *t, pid_t tid, int st)
{
	struct tracee *e = tracer_find(t, tid);
	if (WIFEXITED(st) || WIFSIGNALED(st)) {
		pid_t pid = e ? e->pid : tid;
		bool ended = e && e->ended;
		if (e == NULL || !e->told) { /* its fork event is to come */
			t->gone = xrealloc(t->gone,
			                   (t->ngone + 1) * sizeof *t->gone);
			t->gone[t->ngone++] = tid;
		}
		/* A call left at a restart code never returned: the signal
		 * that interrupted it ended the program. */
		if (e)
			tracer_remove(t, e);
		for (size_t i = 0; i < t->npaused; i++)
			if (t->paused[i].tid == tid) {
				memmove(t->paused + i, t->paused + i + 1,
				        (t->npaused - i - 1) *
				                sizeof *t->paused);
				t->npaused--;
				break;
			}
		if (!ended) /* no exit stop (SIGKILL): its end is now */
			t->h.exit(t->h.ctx, tid, pid, st, tracer_now());
		return;
	}
	if (e == NULL) { /* a new thread's first stop before its event */
		long tgid = tracer_status_field(tid, "Tgid", false);
		e = tracer_add(t, tid, tgid > 0 ? (pid_t)tgid : tid);
	}
	if (WIFSTOPPED(st))
		tracer_on_stop(t, e, st);
}

int tracer_poll(struct tracer *t, int timeout_ms)
{
	int handled = 0;
	int64_t deadline = tracer_now() + (int64_t)timeout_ms * 1000000LL;
	for (;;) {
		int st;
		pid_t tid = waitpid(-1, &st, __WALL | WNOHANG);
		if (tid > 0) {
			handled++;
			tracer_on_status(t, tid, st);
			continue;
		}
		if (tid < 0 && errno == ECHILD && t->n > 0) {
			tracer_forget_all(t);
			return handled + 1;
		}
		int64_t left = deadline - tracer_now();
		if (handled == 0 && left <= 0)
			tracer_forget_vanished(t);
		if (tid < 0 || handled > 0 || left <= 0)
			return handled;
		/* A stop raises SIGCHLD (blocked): one call waits for it. */
		struct timespec ts = {(time_t)(left / 1000000000LL),
		                      (long)(left % 1000000000LL)};
		sigset_t chld;
		sigemptyset(&chld);
		sigaddset(&chld, SIGCHLD);
		sigtimedwait(&chld, NULL, &ts);
	}
}

int tracer_fd(const struct tracer *t)
{
	return t->sigfd;
}

size_t tracer_alive(const struct tracer *t)
{
	return t->n;
}

bool tracer_process_alive(const struct tracer *t, pid_t pid)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].pid == pid && !t->v[i].ended)
			return true;
	return false;
}

void tracer_signal_all(struct tracer *t, int sig)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].tid == t->v[i].pid)
			kill(t->v[i].pid, sig);
}

void tracer_free(struct tracer *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->n; i++)
		kill(t->v[i].tid, SIGKILL);
	int st;
	while (t->n > 0 && waitpid(-1, &st, __WALL) > 0)
		t->n--; /* reaped; the table goes with t */
	free(t->v);
	free(t->paused);
	free(t->gone);
	if (t->sigfd >= 0)
		close(t->sigfd);
	free(t);
}
