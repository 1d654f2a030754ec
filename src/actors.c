/*
 * actors.c - the echo server and client as two threads running scripted
 * socket calls (see actors.h).
 *
 * A source: it makes real calls and reports them; it never decodes,
 * tracks or draws. Each actor runs one step at a time; a step that
 * blocks (accept, connect, recv) keeps its actor busy until the kernel
 * releases it, while the other actor goes on with its own steps.
 */
#include "actors.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kstate.h"
#include "sockaddr.h"
#include "stopsig.h"
#include "util.h"

struct actor_thread {
	struct actors *owner;
	enum side who;
	pthread_t thread;
	int started;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	struct step pending;
	bool has_step, busy, quit;
	/* The slots, then the sockets a later socket() step put aside
	 * (still open: a client that opens several connections). */
	int fds[ACTORS_FDS];
	char buf[512]; /* the last bytes received, which the server echoes */
	size_t buf_len;
	/* The server's child: its steps go down cmd_fd to the process,
	 * which makes the call and answers on reply_fd. */
	bool child;
	pid_t pid;
	int cmd_fd, reply_fd;
};

/* A step to the child process, and what its call did. */
struct child_reply {
	long ret;
	int err;
	int fd;
	int64_t ts_ns;
	int fds[ACTORS_FDS]; /* the child's descriptors after the call */
	size_t buf_len;      /* what its server echoes now */
	char detail[256];
};

struct actors {
	struct actors_config cfg;
	struct actor_thread actor[ACTORS_COUNT];
	pid_t pid; /* tcpviz's: the child process is another */
	/* The namespace's ip_local_port_range, read once at the start:
	 * where the kernel picks a client's port. */
	unsigned ephemeral_lo, ephemeral_hi;
};

static int64_t actors_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Where a bind step binds: the server's port (on the loopback, or the
 * wildcard), or for the client the loopback with port 0, so the kernel
 * picks the port at bind(). */
static socklen_t actors_bind_addr(const struct actors *a, enum side who,
                                  const struct step *s,
                                  struct sockaddr_storage *ss)
{
	if (who == SIDE_CLIENT)
		return sockaddr_local(a->cfg.family, 0, s->any_addr, false, ss);
	return sockaddr_local(a->cfg.family, a->cfg.port, s->any_addr,
	                      s->raw_port, ss);
}

/* Where a connect step goes: the server, or a port nobody listens on. */
static socklen_t actors_connect_addr(const struct actors *a,
                                     const struct step *s,
                                     struct sockaddr_storage *ss)
{
	return sockaddr_local(a->cfg.family,
	                      s->unused_port ? a->cfg.unused_port : a->cfg.port,
	                      s->any_addr, false, ss);
}

static void actors_report(struct actor_thread *t, struct call_event *ev)
{
	if (ev->ts_ns == 0)
		ev->ts_ns = actors_now();
	ev->actor =
	        t->child ? t->owner->cfg.child : t->owner->cfg.actor[t->who];
	ev->side = t->who;
	t->owner->cfg.on_event(t->owner->cfg.ctx, ev);
}

static int actors_slot_fd(struct actor_thread *t, enum sock_slot slot)
{
	pthread_mutex_lock(&t->lock);
	int fd = t->fds[slot];
	pthread_mutex_unlock(&t->lock);
	return fd;
}

static void actors_set_fd(struct actor_thread *t, enum sock_slot slot, int fd)
{
	pthread_mutex_lock(&t->lock);
	t->fds[slot] = fd;
	pthread_mutex_unlock(&t->lock);
}

/* How many bytes a recv asks for: the step's size ("recv 4"), else the
 * whole buffer. A size beyond the buffer is cut to it. */
static size_t actors_recv_size(const struct actor_thread *t,
                               const struct step *s)
{
	if (s->has_arg && s->arg > 0 && (size_t)s->arg < sizeof t->buf)
		return (size_t)s->arg;
	return sizeof t->buf;
}

/* ", MSG_NOSIGNAL", ", MSG_WAITALL" or "": the flags a step passes. */
static const char *actors_flags_text(int flags)
{
	if (flags & MSG_FASTOPEN)
		return ", MSG_FASTOPEN";
	if (flags & MSG_NOSIGNAL)
		return ", MSG_NOSIGNAL";
	if (flags & MSG_WAITALL)
		return ", MSG_WAITALL";
	return "";
}

/* A send as the step writes it; a SIGPIPE it raised is taken from the
 * thread's pending signals (it is blocked here) and said in detail. */
static long actors_send(struct actor_thread *t, const struct step *s, int fd,
                        char *detail, size_t n)
{
	struct actors *a = t->owner;
	const char *p = s->text != NULL         ? s->text
	                : t->who == SIDE_CLIENT ? a->cfg.message
	                                        : t->buf;
	size_t len = s->text != NULL || t->who == SIDE_CLIENT ? strlen(p)
	                                                      : t->buf_len;
	long r;
	if (s->flags & MSG_FASTOPEN) {
		/* sendto() with the server's address: it connects, and
		 * sends the bytes in the SYN when the client has a cookie. */
		struct sockaddr_storage ss;
		socklen_t sl = actors_connect_addr(a, s, &ss);
		r = sendto(fd, p, len, s->flags, (struct sockaddr *)&ss, sl);
	} else {
		r = send(fd, p, len, s->flags);
	}
	int saved = errno;
	sigset_t pipe;
	sigemptyset(&pipe);
	sigaddset(&pipe, SIGPIPE);
	struct timespec now = {0, 0};
	if (sigtimedwait(&pipe, NULL, &now) == SIGPIPE)
		snprintf(detail, n, "SIGPIPE");
	errno = saved;
	return r;
}

/* getsockname(), with the namespace's ephemeral range for the client's
 * socket, whose port the kernel picks. */
static long actors_getsockname(struct actor_thread *t, int fd, char *detail,
                               size_t n)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	long r = getsockname(fd, (struct sockaddr *)&ss, &len);
	if (r != 0)
		return r;
	char addr[INET6_ADDRSTRLEN + 16];
	sockaddr_text(&ss, addr, sizeof addr);
	if (t->who == SIDE_CLIENT && t->owner->ephemeral_hi > 0)
		snprintf(detail, n, "%s" ACTORS_EPHEMERAL "%u-%u)", addr,
		         t->owner->ephemeral_lo, t->owner->ephemeral_hi);
	else
		snprintf(detail, n, "%s", addr);
	return r;
}

static long actors_sockopt(const struct step *s, int fd, char *detail, size_t n)
{
	int one = 1, err = 0;
	socklen_t len = sizeof err;
	struct linger lg = {.l_onoff = 1, .l_linger = s->arg};
	long r;
	switch (s->opt) {
	case OPT_REUSEADDR:
		return setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one,
		                  sizeof one);
	case OPT_FASTOPEN:
		one = ACTORS_FASTOPEN_QLEN;
		return setsockopt(fd, IPPROTO_TCP, TCP_FASTOPEN, &one,
		                  sizeof one);
	case OPT_ERROR:
		r = getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
		if (r == 0)
			snprintf(detail, n, "SO_ERROR = %s",
			         err == 0                ? "0"
			         : event_errno_name(err) ? event_errno_name(err)
			                                 : "EIO");
		return r;
	default:
		return setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
	}
}

static long actors_poll(int fd, char *detail, size_t n)
{
	struct pollfd p = {.fd = fd, .events = POLLIN | POLLOUT};
	long r = poll(&p, 1, -1);
	if (r > 0) {
		char ev[96];
		event_poll_text(p.revents, ev, sizeof ev);
		snprintf(detail, n, "revents %s", ev);
	}
	return r;
}

static const char actors_not_last[] =
        "not the last descriptor of its socket: nothing is sent";

/* Whether another descriptor keeps slot's socket open, so that closing
 * slot's sends nothing: another slot of the same actor, or the other
 * process's copy (the server's and its child's; known only in tcpviz's
 * own process, not in the child's). */
static bool actors_shared(struct actor_thread *t, enum sock_slot slot)
{
	struct actors *o = t->owner;
	int who = t->child ? ACTORS_CHILD : (int)t->who;
	uint64_t ino = actors_inode(o, who, slot);
	if (ino == 0)
		return false;
	for (int i = 0; i < ACTORS_FDS; i++)
		if (i != (int)slot && actors_inode(o, who, i) == ino)
			return true;
	if (t->who != SIDE_SERVER || getpid() != o->pid)
		return false;
	int other = who == ACTORS_CHILD ? SIDE_SERVER : ACTORS_CHILD;
	for (int i = 0; i < ACTORS_FDS; i++)
		if (actors_inode(o, other, i) == ino)
			return true;
	return false;
}

/* Put fd in slot; a socket still open there stays open, put aside (a
 * client with several connections, a server accepting several). */
static void actors_place(struct actor_thread *t, enum sock_slot slot, int fd)
{
	pthread_mutex_lock(&t->lock);
	for (int i = SLOT_COUNT; i < ACTORS_FDS && t->fds[slot] >= 0; i++)
		if (t->fds[i] < 0) {
			t->fds[i] = t->fds[slot];
			t->fds[slot] = -1;
		}
	t->fds[slot] = fd;
	pthread_mutex_unlock(&t->lock);
}

static long actors_socket(struct actor_thread *t, const struct step *s)
{
	struct actors *a = t->owner;
	long r = socket(a->cfg.family,
	                SOCK_STREAM | (s->nonblock ? SOCK_NONBLOCK : 0), 0);
	if (r >= 0 && t->who == SIDE_SERVER && a->cfg.server_reuseaddr) {
		/* A textbook server's habit: rebinding over its own
		 * TIME_WAIT leftovers; a live listener still refuses. */
		int one = 1;
		setsockopt((int)r, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	}
	if (r >= 0)
		actors_place(t, s->slot, (int)r);
	return r;
}

/* The calls that take an address, or make or drop a descriptor. */
static long actors_call_fd(struct actor_thread *t, const struct step *s, int fd,
                           char *detail, size_t n)
{
	struct actors *a = t->owner;
	struct sockaddr_storage ss;
	socklen_t len;
	long r;

	switch (s->call) {
	case CALL_BIND:
		len = actors_bind_addr(a, t->who, s, &ss);
		return bind(fd, (struct sockaddr *)&ss, len);
	case CALL_ACCEPT:
		len = sizeof ss;
		r = accept(fd, (struct sockaddr *)&ss, &len);
		if (r >= 0) {
			actors_place(t, SLOT_ACCEPTED, (int)r);
			sockaddr_text(&ss, detail, n);
		}
		return r;
	case CALL_CONNECT:
		len = actors_connect_addr(a, s, &ss);
		return connect(fd, (struct sockaddr *)&ss, len);
	case CALL_DUP:
		r = dup(fd);
		if (r >= 0)
			actors_place(t, SLOT_DUP, (int)r);
		return r;
	default: /* CALL_CLOSE */
		if (actors_shared(t, s->slot))
			snprintf(detail, n, "%s", actors_not_last);
		r = close(fd);
		actors_set_fd(t, s->slot, -1);
		return r;
	}
}

/* Make the call; fills ev's ret and err, and detail (n bytes) with
 * what it returned worth showing. */
static void actors_call(struct actor_thread *t, const struct step *s, int fd,
                        struct call_event *ev, char *detail, size_t n)
{
	long r;

	switch (s->call) {
	case CALL_SOCKET:
		r = actors_socket(t, s);
		ev->fd = (int)r;
		break;
	case CALL_BIND:
	case CALL_ACCEPT:
	case CALL_CONNECT:
	case CALL_DUP:
	case CALL_CLOSE:
		r = actors_call_fd(t, s, fd, detail, n);
		break;
	case CALL_LISTEN:
		r = listen(fd, s->has_arg ? s->arg : 4);
		break;
	case CALL_SETSOCKOPT:
	case CALL_GETSOCKOPT:
		r = actors_sockopt(s, fd, detail, n);
		break;
	case CALL_GETSOCKNAME:
		r = actors_getsockname(t, fd, detail, n);
		break;
	case CALL_POLL:
		r = actors_poll(fd, detail, n);
		break;
	case CALL_SEND:
		r = actors_send(t, s, fd, detail, n);
		break;
	case CALL_RECV:
		r = recv(fd, t->buf, actors_recv_size(t, s), s->flags);
		t->buf_len = r > 0 ? (size_t)r : 0;
		break;
	case CALL_SHUTDOWN:
		r = shutdown(fd, SHUT_WR);
		break;
	default:
		r = -1;
		errno = EINVAL;
		break;
	}
	ev->ret = r;
	ev->err = r < 0 ? errno : 0;
}

/* What the enter event shows of the call's arguments, in detail (n
 * bytes). */
static void actors_enter_detail(struct actor_thread *t, const struct step *s,
                                char *detail, size_t n)
{
	struct sockaddr_storage ss;
	switch (s->call) {
	case CALL_SOCKET:
		if (s->nonblock)
			snprintf(detail, n, "SOCK_NONBLOCK");
		break;
	case CALL_BIND:
		actors_bind_addr(t->owner, t->who, s, &ss);
		sockaddr_text(&ss, detail, n);
		break;
	case CALL_CONNECT:
		actors_connect_addr(t->owner, s, &ss);
		sockaddr_text(&ss, detail, n);
		break;
	case CALL_LISTEN:
		snprintf(detail, n, "backlog %d", s->has_arg ? s->arg : 4);
		break;
	case CALL_SETSOCKOPT:
		if (s->opt == OPT_REUSEADDR)
			snprintf(detail, n, "SO_REUSEADDR = 1");
		else if (s->opt == OPT_FASTOPEN)
			snprintf(detail, n, "TCP_FASTOPEN = %d",
			         ACTORS_FASTOPEN_QLEN);
		else
			snprintf(detail, n, "SO_LINGER on, %d s", s->arg);
		break;
	case CALL_GETSOCKOPT:
		snprintf(detail, n, "SO_ERROR");
		break;
	case CALL_POLL:
		snprintf(detail, n, "POLLIN|POLLOUT");
		break;
	case CALL_SEND:
		snprintf(detail, n, "%zu bytes%s",
		         s->text                 ? strlen(s->text)
		         : t->who == SIDE_CLIENT ? strlen(t->owner->cfg.message)
		                                 : t->buf_len,
		         actors_flags_text(s->flags));
		break;
	case CALL_RECV:
		snprintf(detail, n, "up to %zu bytes%s", actors_recv_size(t, s),
		         actors_flags_text(s->flags));
		break;
	case CALL_SHUTDOWN:
		snprintf(detail, n, "SHUT_WR");
		break;
	default:
		break;
	}
}

static ssize_t actors_full(int fd, void *buf, size_t n, bool out)
{
	size_t done = 0;
	while (done < n) {
		ssize_t r = out ? write(fd, (char *)buf + done, n - done)
		                : read(fd, (char *)buf + done, n - done);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		done += (size_t)r;
	}
	return (ssize_t)done;
}

static void actors_note(struct actor_thread *t, enum note_kind k, int child,
                        int status, int sig)
{
	struct actors *a = t->owner;
	struct note_event ev = {.ts_ns = actors_now(),
	                        .actor = t->child ? a->cfg.child
	                                          : a->cfg.actor[t->who],
	                        .side = SIDE_SERVER,
	                        .kind = k,
	                        .text = "",
	                        .child = child,
	                        .status = status,
	                        .signal = sig};
	if (a->cfg.on_note != NULL)
		a->cfg.on_note(a->cfg.ctx, &ev);
}

static void actors_perform(struct actor_thread *t, const struct step *s);

/* In the child process: make each step's call, answer what it did.
 * Only system calls here: the process was forked from a threaded one. */
static void actors_child_main(struct actor_thread *t, int cmd, int reply)
{
	/* The copy of the lock may have been held by another thread. */
	pthread_mutex_init(&t->lock, NULL);
	struct step s;
	while (actors_full(cmd, &s, sizeof s, false) > 0) {
		struct child_reply r;
		memset(&r, 0, sizeof r);
		int fd = s.call == CALL_SOCKET ? -1
		         : s.call == CALL_DUP  ? t->fds[s.src]
		                               : t->fds[s.slot];
		struct call_event ev = {.fd = fd};
		if (s.call != CALL_SOCKET && fd < 0) {
			ev.ret = -1;
			ev.err = EBADF;
		} else {
			actors_call(t, &s, fd, &ev, r.detail, sizeof r.detail);
		}
		r.ret = ev.ret;
		r.err = ev.err;
		r.fd = s.call == CALL_SOCKET ? (int)ev.ret : fd;
		r.ts_ns = actors_now();
		memcpy(r.fds, t->fds, sizeof r.fds);
		r.buf_len = t->buf_len;
		if (actors_full(reply, &r, sizeof r, true) < 0)
			break;
	}
	_exit(0);
}

/* The child keeps the server's sockets and its two pipes; every other
 * descriptor of tcpviz (the client's sockets, the capture) is closed,
 * as the child of a server program would not have them. */
static void actors_child_close_others(const int *keep, int n)
{
	int sorted[ACTORS_FDS + 2], m = 0;
	for (int i = 0; i < n; i++)
		if (keep[i] > 2)
			sorted[m++] = keep[i];
	for (int i = 1; i < m; i++)
		for (int j = i; j > 0 && sorted[j - 1] > sorted[j]; j--) {
			int x = sorted[j];
			sorted[j] = sorted[j - 1];
			sorted[j - 1] = x;
		}
	unsigned from = 3;
	for (int i = 0; i < m; i++) {
		if ((unsigned)sorted[i] > from)
			close_range(from, (unsigned)sorted[i] - 1, 0);
		from = (unsigned)sorted[i] + 1;
	}
	close_range(from, ~0U, 0);
}

/* The server forks: the child gets a copy of each of its sockets and is
 * driven from the child actor's thread. */
static void actors_fork(struct actor_thread *t)
{
	struct actors *a = t->owner;
	struct actor_thread *c = &a->actor[ACTORS_CHILD];
	int cmd[2], reply[2];
	if (c->pid > 0 || pipe(cmd) != 0)
		return;
	if (pipe(reply) != 0) {
		close(cmd[0]);
		close(cmd[1]);
		return;
	}
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid == 0) {
		int keep[ACTORS_FDS + 2];
		for (int i = 0; i < ACTORS_FDS; i++)
			keep[i] = t->fds[i];
		keep[ACTORS_FDS] = cmd[0];
		keep[ACTORS_FDS + 1] = reply[1];
		actors_child_close_others(keep, ACTORS_FDS + 2);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(1);
		actors_child_main(t, cmd[0], reply[1]);
	}
	close(cmd[0]);
	close(reply[1]);
	if (pid < 0) {
		close(cmd[1]);
		close(reply[0]);
		return;
	}
	pthread_mutex_lock(&c->lock);
	c->pid = pid;
	c->cmd_fd = cmd[1];
	c->reply_fd = reply[0];
	memcpy(c->fds, t->fds, sizeof c->fds);
	memcpy(c->buf, t->buf, sizeof c->buf);
	c->buf_len = t->buf_len;
	pthread_mutex_unlock(&c->lock);
	actors_note(t, NOTE_FORK, (int)pid, 0, 0);
}

/* The child exits (its descriptors closed by the kernel), reaped here. */
static void actors_child_exit(struct actor_thread *c)
{
	if (c->pid <= 0)
		return;
	close(c->cmd_fd);
	c->cmd_fd = -1;
	int status = 0;
	while (waitpid(c->pid, &status, 0) < 0 && errno == EINTR)
		;
	close(c->reply_fd);
	c->reply_fd = -1;
	pthread_mutex_lock(&c->lock);
	c->pid = -1;
	for (int i = 0; i < ACTORS_FDS; i++)
		c->fds[i] = -1;
	pthread_mutex_unlock(&c->lock);
	actors_note(c, NOTE_EXIT, 0,
	            WIFEXITED(status) ? WEXITSTATUS(status) : -1,
	            WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

/* A child's step: entered here, made in the child process. */
static void actors_perform_child(struct actor_thread *c, const struct step *s)
{
	int fd = s->call == CALL_SOCKET ? -1
	         : s->call == CALL_DUP  ? actors_slot_fd(c, s->src)
	                                : actors_slot_fd(c, s->slot);
	char enter_detail[256] = "";
	struct call_event ev = {.call = s->call,
	                        .enter = true,
	                        .fd = fd,
	                        .detail = enter_detail};
	actors_enter_detail(c, s, enter_detail, sizeof enter_detail);
	actors_report(c, &ev);
	/* The child process knows only its own descriptors: whether the
	 * server still holds the socket it closes is seen from here. */
	bool shared = s->call == CALL_CLOSE && actors_shared(c, s->slot);
	struct child_reply r;
	memset(&r, 0, sizeof r);
	if (actors_full(c->cmd_fd, (void *)s, sizeof *s, true) < 0 ||
	    actors_full(c->reply_fd, &r, sizeof r, false) < 0) {
		if (c->quit)
			return; /* killed as the lesson ends */
		r.ret = -1;
		r.err = EIO;
		r.fd = fd;
	} else {
		pthread_mutex_lock(&c->lock);
		memcpy(c->fds, r.fds, sizeof c->fds);
		c->buf_len = r.buf_len;
		pthread_mutex_unlock(&c->lock);
	}
	if (shared && r.detail[0] == '\0')
		snprintf(r.detail, sizeof r.detail, "%s", actors_not_last);
	struct call_event ret = {.ts_ns = r.ts_ns,
	                         .call = s->call,
	                         .fd = r.fd,
	                         .ret = r.ret,
	                         .err = r.err,
	                         .detail = r.detail};
	actors_report(c, &ret);
}

static void actors_perform(struct actor_thread *t, const struct step *s)
{
	if ((int)s->call == ACTORS_FORK) {
		actors_fork(t);
		return;
	}
	if (t->child) {
		if ((int)s->call == ACTORS_EXIT)
			actors_child_exit(t);
		else if (t->pid > 0)
			actors_perform_child(t, s);
		return;
	}
	int fd = s->call == CALL_SOCKET ? -1
	         : s->call == CALL_DUP  ? actors_slot_fd(t, s->src)
	                                : actors_slot_fd(t, s->slot);
	char enter_detail[256] = "", ret_detail[256] = "";
	struct call_event ev = {.call = s->call,
	                        .enter = true,
	                        .fd = fd,
	                        .detail = enter_detail};
	actors_enter_detail(t, s, enter_detail, sizeof enter_detail);
	actors_report(t, &ev);

	struct call_event ret = {.call = s->call,
	                         .enter = false,
	                         .fd = fd,
	                         .detail = ret_detail};
	if (s->call != CALL_SOCKET && fd < 0) {
		ret.ret = -1;
		ret.err = EBADF;
	} else {
		actors_call(t, s, fd, &ret, ret_detail, sizeof ret_detail);
	}
	actors_report(t, &ret);
}

static void *actors_main(void *arg)
{
	struct actor_thread *t = arg;
	/* A Ctrl-C is the director's to handle: it must not cut a call
	 * short with EINTR and put that on the timeline. A SIGPIPE a send
	 * raises stays pending here, for actors_send to report, instead
	 * of ending tcpviz. */
	stopsig_block_here();
	sigset_t pipe;
	sigemptyset(&pipe);
	sigaddset(&pipe, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe, NULL);
	for (;;) {
		pthread_mutex_lock(&t->lock);
		while (!t->has_step && !t->quit)
			pthread_cond_wait(&t->changed, &t->lock);
		if (t->quit && !t->has_step) {
			pthread_mutex_unlock(&t->lock);
			return NULL;
		}
		struct step s = t->pending;
		t->has_step = false;
		t->busy = true;
		pthread_mutex_unlock(&t->lock);

		actors_perform(t, &s);

		pthread_mutex_lock(&t->lock);
		t->busy = false;
		pthread_cond_broadcast(&t->changed);
		pthread_mutex_unlock(&t->lock);
	}
}

struct actors *actors_start(const struct actors_config *cfg)
{
	struct actors *a = xcalloc(1, sizeof *a);
	a->cfg = *cfg;
	a->pid = getpid();
	a->actor[ACTORS_CHILD].child = true;
	a->actor[ACTORS_CHILD].cmd_fd = a->actor[ACTORS_CHILD].reply_fd = -1;
	FILE *range = fopen("/proc/sys/net/ipv4/ip_local_port_range", "r");
	if (range != NULL) {
		if (fscanf(range, "%u %u", &a->ephemeral_lo,
		           &a->ephemeral_hi) != 2)
			a->ephemeral_lo = a->ephemeral_hi = 0;
		fclose(range);
	}
	for (int i = 0; i < ACTORS_COUNT; i++) {
		struct actor_thread *t = &a->actor[i];
		t->owner = a;
		t->who = i == ACTORS_CHILD ? SIDE_SERVER : (enum side)i;
		for (int s = 0; s < ACTORS_FDS; s++)
			t->fds[s] = -1;
		pthread_mutex_init(&t->lock, NULL);
		pthread_cond_init(&t->changed, NULL);
		if (pthread_create(&t->thread, NULL, actors_main, t) == 0)
			t->started = 1;
	}
	return a;
}

int actors_who(const struct step *s)
{
	return s->child ? ACTORS_CHILD : (int)s->actor;
}

int actors_run(struct actors *a, const struct step *s)
{
	struct actor_thread *t = &a->actor[actors_who(s)];
	if (!t->started)
		return -1;
	pthread_mutex_lock(&t->lock);
	while ((t->busy || t->has_step) && !t->quit)
		pthread_cond_wait(&t->changed, &t->lock);
	t->pending = *s;
	t->has_step = true;
	pthread_cond_broadcast(&t->changed);
	pthread_mutex_unlock(&t->lock);
	return 0;
}

bool actors_wait(struct actors *a, int who, int timeout_ms)
{
	struct actor_thread *t = &a->actor[who];
	struct timespec deadline;
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += timeout_ms / 1000;
	deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&t->lock);
	while (t->busy || t->has_step) {
		if (pthread_cond_timedwait(&t->changed, &t->lock, &deadline) !=
		    0)
			break;
	}
	bool idle = !t->busy && !t->has_step;
	pthread_mutex_unlock(&t->lock);
	return idle;
}

int actors_fd(struct actors *a, int who, int slot)
{
	return actors_slot_fd(&a->actor[who], (enum sock_slot)slot);
}

uint64_t actors_inode(struct actors *a, int who, int slot)
{
	struct actor_thread *t = &a->actor[who];
	pthread_mutex_lock(&t->lock);
	int fd = t->fds[slot];
	pid_t pid = t->child ? t->pid : 0;
	pthread_mutex_unlock(&t->lock);
	if (fd < 0 || (t->child && pid <= 0))
		return 0;
	if (!t->child)
		return kstate_fd_inode(fd);
	/* The child's descriptor, through its /proc entry. */
	struct stat st;
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/fd/%d", (int)pid, fd);
	if (stat(path, &st) != 0 || !S_ISSOCK(st.st_mode))
		return 0;
	return (uint64_t)st.st_ino;
}

void actors_stop(struct actors *a)
{
	if (a == NULL)
		return;
	/* The child first: killed, its descriptors are closed by the
	 * kernel, and a call of it still blocked ends with it. */
	struct actor_thread *c = &a->actor[ACTORS_CHILD];
	pthread_mutex_lock(&c->lock);
	pid_t child = c->pid;
	c->quit = true;
	pthread_mutex_unlock(&c->lock);
	if (child > 0)
		kill(child, SIGKILL);
	for (int i = 0; i < ACTORS_COUNT; i++) {
		struct actor_thread *t = &a->actor[i];
		pthread_mutex_lock(&t->lock);
		t->quit = true;
		/* Wake a call still blocked in the kernel: shutting its
		 * socket down makes accept, connect and recv return. */
		if (t->busy && !t->child)
			for (int s = 0; s < ACTORS_FDS; s++)
				if (t->fds[s] >= 0)
					shutdown(t->fds[s], SHUT_RDWR);
		pthread_cond_broadcast(&t->changed);
		pthread_mutex_unlock(&t->lock);
	}
	for (int i = 0; i < ACTORS_COUNT; i++) {
		struct actor_thread *t = &a->actor[i];
		if (t->started)
			pthread_join(t->thread, NULL);
		if (t->child) {
			if (t->pid > 0)
				while (waitpid(t->pid, NULL, 0) < 0 &&
				       errno == EINTR)
					;
			if (t->cmd_fd >= 0)
				close(t->cmd_fd);
			if (t->reply_fd >= 0)
				close(t->reply_fd);
		} else {
			for (int s = 0; s < ACTORS_FDS; s++)
				if (t->fds[s] >= 0)
					close(t->fds[s]);
		}
		pthread_mutex_destroy(&t->lock);
		pthread_cond_destroy(&t->changed);
	}
	free(a);
}
