/*
 * tracesrc.c - traced programs as a source of the session (see
 * tracesrc.h).
 *
 * Shell: the tracer's calls become call events, its forks, execs and
 * ends process records; /proc/PID/fd says which descriptor is which
 * socket (its inode), and a sock_diag dump by inode whether it is TCP.
 * Nothing here decodes a segment or draws.
 */
#include "tracesrc.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kstate.h"
#include "procsock.h"
#include "payload.h"
#include "session.h"
#include "tracer.h"
#include "tracetext.h"
#include "util.h"

enum {
	HOLD_MAX_NS = 1000000000, /* a socket's first calls wait this long */
	MAX_KSOCKS = 256,
	DETAIL_MAX = 512,
};

/* A descriptor of a traced process that is a TCP socket. */
struct tsock {
	int fd;
	uint64_t inode;
	bool has_ends; /* its addresses, as the kernel last gave them */
	struct endpoint local, remote;
	bool sided; /* side known: connect, listen or accept said it */
	enum side side;
	bool listener;
};

/* A call made before its socket's side was known. */
struct held_call {
	uint64_t inode;
	struct call_event ev; /* detail owned */
};

struct tproc {
	pid_t pid, own, root; /* root: the started program it comes from */
	pid_t writer;  /* root only: the last of its tree to write on fd 1/2 */
	char name[64]; /* before its first exec: what it will run */
	enum side guess;
	struct tsock *socks;
	size_t nsocks;
	bool ended;
};

struct tthread {
	pid_t tid, pid;
	char paused[160];            /* the call it is paused at (stepping) */
	struct call_event paused_ev; /* its enter, made when it goes on;
	                                detail owned */
	int gen;                     /* execs seen: a new actor after each */
	const struct actor *actor;
	int made_gen;
	bool waiting; /* in a call that waits */
	int64_t since;
};

/* A socket's endpoints, as the kernel last gave them: to tell which
 * sockets without a descriptor (TIME_WAIT, ...) were the programs'. */
struct known_end {
	struct endpoint local, remote;
	enum side side;
};

struct tracesrc {
	struct session *session;
	bool stepping; /* pause every shown call at its entry */
	void (*before_exit)(void *ctx); /* reads the programs' output */
	void *ctx;
	struct tracer *tracer;
	struct tproc *procs;
	size_t nprocs;
	struct tthread *threads;
	size_t nthreads;
	struct held_call *held;
	size_t nheld;
	struct known_end *ends;
	size_t nends;
};

static int64_t tracesrc_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static struct tproc *tracesrc_proc(struct tracesrc *ts, pid_t pid)
{
	for (size_t i = 0; i < ts->nprocs; i++)
		if (ts->procs[i].pid == pid)
			return &ts->procs[i];
	return NULL;
}

static struct tproc *tracesrc_add_proc(struct tracesrc *ts, pid_t pid,
                                       const struct tproc *parent)
{
	struct tproc *p = tracesrc_proc(ts, pid);
	if (p != NULL)
		return p;
	/* parent points into the array about to move. */
	struct tproc from = parent ? *parent : (struct tproc){0};
	parent = parent ? &from : NULL;
	ts->procs = xrealloc(ts->procs, (ts->nprocs + 1) * sizeof *ts->procs);
	p = &ts->procs[ts->nprocs++];
	memset(p, 0, sizeof *p);
	p->pid = pid;
	p->own = tracer_own_pid(pid);
	p->root = parent ? parent->root : pid;
	p->guess = parent ? parent->guess : SIDE_CLIENT;
	if (parent && parent->nsocks) { /* a fork shares its sockets */
		p->socks = xmalloc(parent->nsocks * sizeof *p->socks);
		memcpy(p->socks, parent->socks,
		       parent->nsocks * sizeof *p->socks);
		p->nsocks = parent->nsocks;
	}
	return p;
}

static struct tthread *tracesrc_thread(struct tracesrc *ts, pid_t tid,
                                       pid_t pid)
{
	for (size_t i = 0; i < ts->nthreads; i++)
		if (ts->threads[i].tid == tid)
			return &ts->threads[i];
	ts->threads =
	        xrealloc(ts->threads, (ts->nthreads + 1) * sizeof *ts->threads);
	struct tthread *t = &ts->threads[ts->nthreads++];
	memset(t, 0, sizeof *t);
	t->tid = tid;
	t->pid = pid;
	t->made_gen = -1;
	return t;
}

/* The thread's actor, made (or made again after an exec). */
static const struct actor *tracesrc_actor(struct tracesrc *ts, pid_t tid,
                                          pid_t pid)
{
	struct tthread *t = tracesrc_thread(ts, tid, pid);
	if (t->actor != NULL && t->made_gen == t->gen)
		return t->actor;
	char comm[64], label[128];
	struct tproc *p = tracesrc_proc(ts, pid);
	tracer_comm(pid, comm, sizeof comm);
	if (p && p->name[0] && t->gen == 0) /* still tcpviz's fork */
		snprintf(comm, sizeof comm, "%s", p->name);
	pid_t own = p ? p->own : pid;
	if (tid == pid)
		snprintf(label, sizeof label, "%s[%d]", comm, (int)own);
	else
		snprintf(label, sizeof label, "%s[%d/%d]", comm, (int)own,
		         (int)tracer_own_pid(tid));
	t->actor = session_actor(ts->session, label, (int)own,
	                         (int)(tid == pid ? own : tracer_own_pid(tid)),
	                         comm);
	t->made_gen = t->gen;
	return t->actor;
}

static struct tsock *tracesrc_sock(struct tproc *p, int fd)
{
	for (size_t i = 0; i < p->nsocks; i++)
		if (p->socks[i].fd == fd)
			return &p->socks[i];
	return NULL;
}

static void tracesrc_drop_sock(struct tproc *p, int fd)
{
	struct tsock *s = tracesrc_sock(p, fd);
	if (s != NULL)
		*s = p->socks[--p->nsocks];
}

static struct tsock *tracesrc_put_sock(struct tproc *p, int fd, uint64_t inode)
{
	tracesrc_drop_sock(p, fd);
	p->socks = xrealloc(p->socks, (p->nsocks + 1) * sizeof *p->socks);
	struct tsock *s = &p->socks[p->nsocks++];
	memset(s, 0, sizeof *s);
	s->fd = fd;
	s->inode = inode;
	s->side = p->guess;
	return s;
}

/* A descriptor tcpviz has not seen made (inherited, passed): a TCP
 * socket if the kernel lists its inode among TCP sockets. */
static struct tsock *tracesrc_probe(struct tproc *p, int fd)
{
	uint64_t inode = procsock_inode(p->pid, fd);
	if (inode == 0)
		return NULL;
	struct ksock ks[MAX_KSOCKS];
	int n = procsock_list(ks, MAX_KSOCKS);
	for (int i = 0; i < n; i++)
		if (ks[i].inode == inode) {
			struct tsock *s = tracesrc_put_sock(p, fd, inode);
			/* A listener, or a connection on a listener's port, is
			 * the server's; any other connection the client's. */
			s->listener = ks[i].state == ST_LISTEN;
			s->sided = ks[i].state != ST_CLOSED;
			s->side = SIDE_CLIENT;
			for (int k = 0; k < n; k++)
				if (ks[k].state == ST_LISTEN &&
				    ks[k].local.port == ks[i].local.port)
					s->side = SIDE_SERVER;
			return s;
		}
	return NULL;
}

/* Every descriptor of any traced process on this socket, but one. */
static int tracesrc_others(const struct tracesrc *ts, uint64_t inode,
                           const struct tproc *self, int fd)
{
	int n = 0;
	for (size_t i = 0; i < ts->nprocs; i++) {
		const struct tproc *p = &ts->procs[i];
		if (p->ended)
			continue;
		for (size_t k = 0; k < p->nsocks; k++)
			if (p->socks[k].inode == inode &&
			    !(p == self && p->socks[k].fd == fd))
				n++;
	}
	return n;
}

/* A call's addresses, from its socket's. */
static void tracesrc_ends(struct call_event *ev, const struct tsock *s)
{
	if (s == NULL || !s->has_ends)
		return;
	ev->has_ends = true;
	ev->local = s->local;
	ev->remote = s->remote;
}

static bool tracesrc_waits(enum call_kind k)
{
	return k == CALL_ACCEPT || k == CALL_CONNECT || k == CALL_RECV ||
	       k == CALL_POLL;
}

/* Calls of a socket whose side is now known, let go with it. */
static void tracesrc_release_held(struct tracesrc *ts, uint64_t inode, bool all,
                                  enum side side, bool use_side)
{
	size_t k = 0;
	for (size_t i = 0; i < ts->nheld; i++) {
		struct held_call *h = &ts->held[i];
		if (all || h->inode == inode) {
			if (use_side)
				h->ev.side = side;
			session_call(ts->session, &h->ev);
			free((char *)h->ev.detail);
		} else {
			ts->held[k++] = *h;
		}
	}
	ts->nheld = k;
}

static void tracesrc_emit(struct tracesrc *ts, const struct call_event *ev,
                          const struct tsock *s)
{
	bool hold = s != NULL && !s->sided;
	if (!hold) {
		session_call(ts->session, ev);
		return;
	}
	ts->held = xrealloc(ts->held, (ts->nheld + 1) * sizeof *ts->held);
	struct held_call *h = &ts->held[ts->nheld++];
	h->inode = s->inode;
	h->ev = *ev;
	h->ev.detail = xstrdup(ev->detail ? ev->detail : "");
}

/* A socket's side, now known. */
static void tracesrc_side(struct tracesrc *ts, struct tproc *p, struct tsock *s,
                          enum side side)
{
	if (s->sided)
		return;
	s->sided = true;
	s->side = side;
	/* Other descriptors of the same socket (dup, fork) learn it too. */
	for (size_t i = 0; i < ts->nprocs; i++)
		for (size_t k = 0; k < ts->procs[i].nsocks; k++) {
			struct tsock *o = &ts->procs[i].socks[k];
			if (o->inode == s->inode) {
				o->sided = true;
				o->side = side;
			}
		}
	if (side == SIDE_SERVER || p->guess == SIDE_CLIENT)
		p->guess = side;
	tracesrc_release_held(ts, s->inode, false, side, true);
}

/* After the return of a call that makes, copies or drops descriptors;
 * whether the kernel's states should be read. */
static bool tracesrc_after(struct tproc *p, struct tsock *s,
                           const struct tracer_call *c)
{
	enum call_kind k = c->sys->call;
	if (k == CALL_SOCKET && c->ret >= 0) {
		tracesrc_put_sock(p, (int)c->ret,
		                  procsock_inode(p->pid, (int)c->ret));
		return false;
	}
	if (s == NULL)
		return false;
	switch (k) {
	case CALL_ACCEPT:
		if (c->ret >= 0) {
			struct tsock *n = tracesrc_put_sock(
			        p, (int)c->ret,
			        procsock_inode(p->pid, (int)c->ret));
			n->sided = true;
			n->side = SIDE_SERVER;
		}
		return true;
	case CALL_DUP:
		if (c->ret >= 0) {
			struct tsock copy = *s;
			copy.fd = (int)c->ret;
			*tracesrc_put_sock(p, (int)c->ret, s->inode) = copy;
		}
		return false;
	case CALL_CLOSE:
		if (c->ret == 0)
			tracesrc_drop_sock(p, (int)c->args[0]);
		return true;
	case CALL_LISTEN:
		if (c->ret == 0)
			s->listener = true;
		return true;
	case CALL_CONNECT:
	case CALL_SHUTDOWN:
		return true;
	default:
		return false;
	}
}

/* Whether a call is shown: the socket it is on (NULL for socket() and
 * poll(), shown by their own rules). */
static bool tracesrc_shown(struct tproc *p, const struct tracer_call *c,
                           struct tsock **s)
{
	const struct sys_entry *sys = c->sys;
	*s = NULL;
	if (sys->shape == SHAPE_SOCKET)
		return (c->args[0] == AF_INET || c->args[0] == AF_INET6) &&
		       (c->args[1] & 0xf) == SOCK_STREAM;
	if (sys->call == CALL_POLL)
		return p->nsocks > 0;
	if (sys->shape == SHAPE_FCNTL && c->args[1] != F_DUPFD &&
	    c->args[1] != F_DUPFD_CLOEXEC)
		return false;
	int fd = (int)c->args[0];
	*s = tracesrc_sock(p, fd);
	if (*s == NULL && c->enter)
		*s = tracesrc_probe(p, fd);
	return *s != NULL;
}

/* A write on standard output or error that is no socket: its return is
 * where what it wrote is read, so that a line shows where it was
 * written. */
static bool tracesrc_output_write(struct tracesrc *ts,
                                  const struct tracer_call *c)
{
	if (c->sys->call != CALL_SEND || c->sys->shape == SHAPE_SENDV ||
	    (c->args[0] != 1 && c->args[0] != 2) || ts->before_exit == NULL)
		return false;
	const struct tproc *p = tracesrc_proc(ts, c->pid);
	struct tproc *root = p ? tracesrc_proc(ts, p->root) : NULL;
	if (root != NULL) /* what is read next is most likely its */
		root->writer = c->pid;
	if (!c->enter)
		ts->before_exit(ts->ctx);
	return true;
}

static void tracesrc_note(struct tracesrc *ts, pid_t pid, enum note_kind k,
                          int64_t t, const char *text, int child)
{
	struct tproc *p = tracesrc_proc(ts, pid);
	struct note_event n = {.ts_ns = t,
	                       .actor = tracesrc_actor(ts, pid, pid),
	                       .side = p ? p->guess : SIDE_CLIENT,
	                       .kind = k,
	                       .text = text ? text : "",
	                       .child = child,
	                       .status = -1};
	session_note(ts->session, &n);
}

/* The sockets a forked child shares with its parent: "fd 3, 4". */
static void tracesrc_shared(const struct tproc *p, char *out, size_t cap)
{
	out[0] = '\0';
	for (size_t i = 0; i < p->nsocks; i++)
		strcatf(out, cap, "%s%d", i ? ", " : "fd ", p->socks[i].fd);
}

/* A process first met by one of its calls (its first stop can come
 * before its parent's fork event): it starts from its parent's sockets,
 * as the fork gave them. */
static struct tproc *tracesrc_meet(struct tracesrc *ts, pid_t pid, int64_t t)
{
	struct tproc *p = tracesrc_proc(ts, pid);
	if (p != NULL)
		return p;
	pid_t ppid = tracer_parent(pid);
	struct tproc *parent = tracesrc_proc(ts, ppid);
	if (parent == NULL)
		return tracesrc_add_proc(ts, pid, NULL);
	p = tracesrc_add_proc(ts, pid, parent);
	/* Its fork, said before anything it does (the parent's own fork
	 * event may be read later: it says nothing then). */
	char shared[256];
	tracesrc_shared(p, shared, sizeof shared);
	tracesrc_note(ts, ppid, NOTE_FORK, t, shared, (int)p->own);
	return tracesrc_proc(ts, pid);
}

/* --step: the call waits at its entry; its enter is made (and shown)
 * when the user lets it go on (tracesrc_step). */
static void tracesrc_pause(struct tthread *t, struct tracer_call *c,
                           const struct call_event *ev, const char *detail)
{
	/* As its row will show it: "accept(3)", "connect(3, ...)". */
	char fd[16] = "";
	if (ev->fd >= 0)
		snprintf(fd, sizeof fd, "%d", ev->fd);
	snprintf(t->paused, sizeof t->paused, "%.60s %s(%s%s%.60s)",
	         ev->actor->label, c->sys->name, fd,
	         fd[0] && detail[0] ? ", " : "", detail);
	c->pause = true;
	t->paused_ev = *ev;
	t->paused_ev.detail = xstrdup(detail);
}

static bool tracesrc_on_call(void *ctx, struct tracer_call *c)
{
	struct tracesrc *ts = ctx;
	struct tproc *p = tracesrc_meet(ts, c->pid, c->ts_ns - 1);
	struct tsock *s;
	if (!tracesrc_shown(p, c, &s))
		return tracesrc_output_write(ts, c) && c->enter;
	enum call_kind k = c->sys->call;
	/* What the call itself says of its socket's side. */
	if (s && c->enter && (k == CALL_CONNECT))
		tracesrc_side(ts, p, s, SIDE_CLIENT);
	if (s && c->enter && (k == CALL_LISTEN || k == CALL_ACCEPT))
		tracesrc_side(ts, p, s, SIDE_SERVER);
	char detail[DETAIL_MAX];
	if (c->enter)
		tracetext_enter(c,
		                s && k == CALL_CLOSE
		                        ? tracesrc_others(ts, s->inode, p,
		                                          (int)c->args[0])
		                        : 0,
		                detail, sizeof detail);
	else
		tracetext_return(c, detail, sizeof detail);
	/* accept() without an address buffer still has a peer to show. */
	if (!c->enter && k == CALL_ACCEPT && c->ret >= 0 && !detail[0])
		procsock_peer(c->pid, (int)c->ret, detail, sizeof detail);
	struct tthread *t = tracesrc_thread(ts, c->tid, c->pid);
	struct call_event ev = {
	        .ts_ns = c->ts_ns,
	        .actor = tracesrc_actor(ts, c->tid, c->pid),
	        .side = s ? s->side : p->guess,
	        .call = k,
	        .enter = c->enter,
	        .fd = k == CALL_POLL     ? -1
	              : k == CALL_SOCKET ? (c->enter ? -1 : (int)c->ret)
	                                 : (int)c->args[0],
	        .ret = c->ret,
	        .err = c->err,
	        .detail = detail,
	        .syscall = strcmp(c->sys->name, event_call_name(k)) == 0
	                           ? NULL
	                           : c->sys->name,
	};
	if (k == CALL_SOCKET && !c->enter && c->ret < 0)
		ev.fd = -1;
	t->waiting = c->enter && tracesrc_waits(k);
	t->since = c->ts_ns;
	if (c->enter)
		tracesrc_ends(&ev, s);
	if (c->enter && ts->stepping) {
		tracesrc_pause(t, c, &ev, detail);
		return true;
	}
	if (c->enter) {
		tracesrc_emit(ts, &ev, s);
		return true;
	}
	/* A return: the tables and the kernel's states first, so that the
	 * call knows its connection (accept(): the one it accepted). */
	struct tsock before = s ? *s : (struct tsock){0};
	bool snap = tracesrc_after(p, s, c);
	if (snap)
		tracesrc_snapshot(ts);
	p = tracesrc_proc(ts, c->pid);
	struct tsock *now = NULL;
	if (k == CALL_ACCEPT && c->ret >= 0)
		now = tracesrc_sock(p, (int)c->ret);
	else if (s != NULL && p != NULL)
		now = tracesrc_sock(p, (int)c->args[0]);
	tracesrc_ends(&ev, now ? now : s ? &before : NULL);
	tracesrc_emit(ts, &ev, now ? now : s ? &before : NULL);
	return false;
}

static void tracesrc_on_proc(void *ctx, enum tracer_proc_kind k, pid_t parent,
                             pid_t child, int64_t t)
{
	struct tracesrc *ts = ctx;
	struct tproc *pp = tracesrc_add_proc(ts, parent, NULL);
	if (k == TRACER_EXEC) {
		char comm[64];
		tracesrc_thread(ts, parent, parent)->gen++;
		tracer_comm(parent, comm, sizeof comm);
		tracesrc_note(ts, parent, NOTE_EXEC, t, comm, 0);
		return;
	}
	if (k == TRACER_THREAD) {
		tracesrc_thread(ts, child, parent);
		return;
	}
	if (tracesrc_proc(ts, child) != NULL)
		return; /* met already, its fork said then */
	size_t at = (size_t)(pp - ts->procs);
	struct tproc *cp = tracesrc_add_proc(ts, child, &ts->procs[at]);
	char shared[256];
	tracesrc_shared(cp, shared, sizeof shared);
	tracesrc_note(ts, parent, NOTE_FORK, t, shared, (int)cp->own);
}

/* What a process wrote before it ended comes before its end. */
static void tracesrc_on_exiting(void *ctx, pid_t tid, pid_t pid)
{
	struct tracesrc *ts = ctx;
	(void)tid, (void)pid;
	if (ts->before_exit)
		ts->before_exit(ts->ctx);
}

static void tracesrc_on_exit(void *ctx, pid_t tid, pid_t pid, int status,
                             int64_t t)
{
	struct tracesrc *ts = ctx;
	for (size_t i = 0; i < ts->nthreads; i++)
		if (ts->threads[i].tid == tid)
			ts->threads[i].waiting = false;
	if (tid != pid)
		return;
	struct tproc *p = tracesrc_proc(ts, pid);
	struct note_event n = {
	        .ts_ns = t,
	        .actor = tracesrc_actor(ts, pid, pid),
	        .side = p ? p->guess : SIDE_CLIENT,
	        .kind = NOTE_EXIT,
	        .text = "",
	        .status = WIFEXITED(status) ? WEXITSTATUS(status) : -1,
	        .signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0,
	        .core = WIFSIGNALED(status) && WCOREDUMP(status)};
	session_note(ts->session, &n);
	if (p != NULL) {
		bool had = p->nsocks > 0;
		/* The kernel closes what it held: a FIN may follow. */
		p->ended = true;
		p->nsocks = 0;
		if (had)
			tracesrc_snapshot(ts);
	}
}

struct tracesrc *tracesrc_new(struct session *s, void (*before_exit)(void *),
                              void *ctx)
{
	struct tracesrc *ts = xcalloc(1, sizeof *ts);
	ts->session = s;
	ts->before_exit = before_exit;
	ts->ctx = ctx;
	struct tracer_hooks h = {.call = tracesrc_on_call,
	                         .exiting = tracesrc_on_exiting,
	                         .proc = tracesrc_on_proc,
	                         .exit = tracesrc_on_exit,
	                         .ctx = ts};
	ts->tracer = tracer_new(&h);
	return ts;
}

void tracesrc_free(struct tracesrc *ts)
{
	if (ts == NULL)
		return;
	tracer_free(ts->tracer);
	for (size_t i = 0; i < ts->nprocs; i++)
		free(ts->procs[i].socks);
	free(ts->procs);
	for (size_t i = 0; i < ts->nthreads; i++)
		free((char *)ts->threads[i].paused_ev.detail);
	free(ts->threads);
	for (size_t i = 0; i < ts->nheld; i++)
		free((char *)ts->held[i].ev.detail);
	free(ts->held);
	free(ts->ends);
	free(ts);
}

pid_t tracesrc_start(struct tracesrc *ts, const char *shown, char *const argv[],
                     int in, int out, int errfd, enum side guess, char *err,
                     size_t errlen)
{
	int64_t t = tracesrc_now();
	pid_t pid = tracer_spawn(ts->tracer, argv, in, out, errfd, err, errlen);
	if (pid < 0)
		return -1;
	struct tproc *p = tracesrc_add_proc(ts, pid, NULL);
	p->guess = guess;
	const char *base = strrchr(argv[0], '/');
	snprintf(p->name, sizeof p->name, "%s", base ? base + 1 : argv[0]);
	tracesrc_note(ts, pid, NOTE_START, t, shown, 0);
	return pid;
}

int tracesrc_poll(struct tracesrc *ts, int timeout_ms)
{
	return tracer_poll(ts->tracer, timeout_ms);
}

int tracesrc_fd(const struct tracesrc *ts)
{
	return tracer_fd(ts->tracer);
}

void tracesrc_output(struct tracesrc *ts, pid_t pid, int fd, const char *line,
                     int64_t ts_ns)
{
	/* The pipe is the started program's and its descendants': the
	 * one that last wrote on it (its write was seen), else the newest
	 * of them (a program a shell started, rather than the shell). */
	struct tproc *p = tracesrc_proc(ts, pid);
	pid_t writer = p ? p->writer : 0;
	for (size_t i = ts->nprocs; writer == 0 && i-- > 0;)
		if (ts->procs[i].root == pid) {
			p = &ts->procs[i];
			break;
		}
	if (writer != 0)
		p = tracesrc_proc(ts, writer);
	if (p != NULL)
		pid = p->pid;
	struct note_event n = {.ts_ns = ts_ns,
	                       .actor = tracesrc_actor(ts, pid, pid),
	                       .side = p ? p->guess : SIDE_CLIENT,
	                       .kind = NOTE_OUTPUT,
	                       .text = line,
	                       .fd = fd,
	                       .status = -1};
	session_note(ts->session, &n);
}

bool tracesrc_blocked(const struct tracesrc *ts, pid_t pid, int64_t since_ns)
{
	int64_t now = tracesrc_now();
	for (size_t i = 0; i < ts->nthreads; i++) {
		const struct tthread *t = &ts->threads[i];
		const struct tproc *p =
		        tracesrc_proc((struct tracesrc *)ts, t->pid);
		if (t->waiting && p && p->root == pid &&
		    now - t->since >= since_ns)
			return true;
	}
	return false;
}

bool tracesrc_ended(const struct tracesrc *ts, pid_t pid)
{
	return !tracer_process_alive(ts->tracer, pid);
}

size_t tracesrc_alive(const struct tracesrc *ts)
{
	return tracer_alive(ts->tracer);
}

void tracesrc_signal(struct tracesrc *ts, int sig)
{
	while (tracesrc_step(ts))
		;
	tracer_signal_all(ts->tracer, sig);
}

void tracesrc_set_stepping(struct tracesrc *ts, bool on)
{
	ts->stepping = on;
	if (!on)
		while (tracesrc_step(ts))
			;
}

bool tracesrc_step(struct tracesrc *ts)
{
	pid_t tid = tracer_paused_tid(ts->tracer);
	if (tid == 0)
		return false;
	for (size_t i = 0; i < ts->nthreads; i++) {
		struct tthread *t = &ts->threads[i];
		if (t->tid != tid || t->paused_ev.detail == NULL)
			continue;
		struct tproc *p = tracesrc_proc(ts, t->pid);
		struct tsock *s =
		        p && t->paused_ev.fd >= 0 &&
		                        t->paused_ev.call != CALL_SOCKET
		                ? tracesrc_sock(p, t->paused_ev.fd)
		                : NULL;
		t->paused_ev.ts_ns = tracesrc_now();
		t->since = t->paused_ev.ts_ns;
		tracesrc_emit(ts, &t->paused_ev, s);
		free((char *)t->paused_ev.detail);
		t->paused_ev.detail = NULL;
	}
	tracer_resume_one(ts->tracer);
	return true;
}

const char *tracesrc_next(struct tracesrc *ts)
{
	pid_t tid = tracer_paused_tid(ts->tracer);
	for (size_t i = 0; tid && i < ts->nthreads; i++)
		if (ts->threads[i].tid == tid)
			return ts->threads[i].paused;
	return NULL;
}

/* The socket of a traced process with that inode, and its process. */
static struct tsock *tracesrc_by_inode(struct tracesrc *ts, uint64_t inode,
                                       struct tproc **owner)
{
	for (size_t i = 0; inode && i < ts->nprocs; i++)
		for (size_t k = 0; k < ts->procs[i].nsocks; k++)
			if (ts->procs[i].socks[k].inode == inode &&
			    !ts->procs[i].ended) {
				*owner = &ts->procs[i];
				return &ts->procs[i].socks[k];
			}
	return NULL;
}

/* A socket without a descriptor that was one of the programs': its
 * side, or -1. */
static int tracesrc_known(struct tracesrc *ts, const struct ksock *k)
{
	for (size_t i = 0; i < ts->nends; i++)
		if (endpoint_equal(&ts->ends[i].local, &k->local) &&
		    endpoint_equal(&ts->ends[i].remote, &k->remote))
			return (int)ts->ends[i].side;
	return -1;
}

static void tracesrc_remember(struct tracesrc *ts, const struct ksock *k,
                              enum side side)
{
	if (tracesrc_known(ts, k) >= 0 || k->remote.port == 0)
		return;
	ts->ends = xrealloc(ts->ends, (ts->nends + 1) * sizeof *ts->ends);
	ts->ends[ts->nends++] = (struct known_end){k->local, k->remote, side};
}

/* Every descriptor of this socket learns its addresses. */
static void tracesrc_set_ends(struct tracesrc *ts, const struct ksock *k)
{
	for (size_t i = 0; i < ts->nprocs; i++)
		for (size_t j = 0; j < ts->procs[i].nsocks; j++) {
			struct tsock *s = &ts->procs[i].socks[j];
			if (s->inode != k->inode)
				continue;
			s->has_ends = true;
			s->local = k->local;
			s->remote = k->remote;
		}
}

void tracesrc_snapshot(struct tracesrc *ts)
{
	struct ksock ks[MAX_KSOCKS];
	int n = procsock_list(ks, MAX_KSOCKS);
	int64_t now = tracesrc_now();
	for (int i = 0; i < n; i++) {
		struct tproc *p = NULL;
		struct tsock *s = tracesrc_by_inode(ts, ks[i].inode, &p);
		struct kstate_event k = {.ts_ns = now, .fd = -1};
		if (s != NULL) {
			tracesrc_set_ends(ts, &ks[i]);
			k.side = s->side;
			k.fd = s->fd;
			k.actor = tracesrc_actor(ts, p->pid, p->pid);
			tracesrc_remember(ts, &ks[i], s->side);
		} else {
			int side = tracesrc_known(ts, &ks[i]);
			if (side < 0)
				continue; /* not the programs' */
			k.side = (enum side)side;
		}
		k.local = ks[i].local;
		k.remote = ks[i].remote;
		k.state = ks[i].state;
		session_kstate(ts->session, &k);
	}
}

int64_t tracesrc_held_until(struct tracesrc *ts, int64_t now_ns)
{
	int64_t oldest = INT64_MAX;
	for (size_t i = 0; i < ts->nheld; i++)
		if (now_ns - ts->held[i].ev.ts_ns >= HOLD_MAX_NS) {
			tracesrc_release_held(ts, ts->held[i].inode, false,
			                      SIDE_CLIENT, false);
			i = (size_t)-1; /* the array changed: again */
			oldest = INT64_MAX;
		} else if (ts->held[i].ev.ts_ns < oldest) {
			oldest = ts->held[i].ev.ts_ns;
		}
	return oldest;
}

void tracesrc_flush(struct tracesrc *ts)
{
	tracesrc_release_held(ts, 0, true, SIDE_CLIENT, false);
}
