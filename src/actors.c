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
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

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
	int fds[SLOT_COUNT];
	char buf[512]; /* the last bytes received, which the server echoes */
	size_t buf_len;
};

struct actors {
	struct actors_config cfg;
	struct actor_thread actor[SIDE_COUNT];
};

static const struct step echo_script[] = {
        {.actor = SIDE_SERVER, .call = CALL_SOCKET, .slot = SLOT_MAIN},
        {.actor = SIDE_SERVER, .call = CALL_BIND, .slot = SLOT_MAIN},
        {.actor = SIDE_SERVER, .call = CALL_LISTEN, .slot = SLOT_MAIN},
        {.actor = SIDE_SERVER, .call = CALL_ACCEPT, .slot = SLOT_MAIN},
        {.actor = SIDE_CLIENT, .call = CALL_SOCKET, .slot = SLOT_MAIN},
        {.actor = SIDE_CLIENT, .call = CALL_CONNECT, .slot = SLOT_MAIN},
        {.actor = SIDE_SERVER, .call = CALL_RECV, .slot = SLOT_ACCEPTED},
        {.actor = SIDE_CLIENT, .call = CALL_SEND, .slot = SLOT_MAIN},
        {.actor = SIDE_SERVER, .call = CALL_SEND, .slot = SLOT_ACCEPTED},
        {.actor = SIDE_CLIENT, .call = CALL_RECV, .slot = SLOT_MAIN},
        {.actor = SIDE_SERVER, .call = CALL_RECV, .slot = SLOT_ACCEPTED},
        {.actor = SIDE_CLIENT, .call = CALL_CLOSE, .slot = SLOT_MAIN},
        {.actor = SIDE_SERVER, .call = CALL_CLOSE, .slot = SLOT_ACCEPTED},
        {.actor = SIDE_SERVER, .call = CALL_CLOSE, .slot = SLOT_MAIN},
};

const struct step *actors_echo_script(int *count)
{
	*count = (int)(sizeof echo_script / sizeof echo_script[0]);
	return echo_script;
}

static int64_t actors_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The server's address: loopback, never the wildcard. */
static socklen_t actors_addr(const struct actors *a, uint16_t port,
                             struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof *ss);
	if (a->cfg.family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
		s6->sin6_family = AF_INET6;
		s6->sin6_addr = in6addr_loopback;
		s6->sin6_port = htons(port);
		return sizeof *s6;
	}
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	s4->sin_family = AF_INET;
	s4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	s4->sin_port = htons(port);
	return sizeof *s4;
}

static socklen_t actors_server_addr(const struct actors *a,
                                    struct sockaddr_storage *ss)
{
	return actors_addr(a, a->cfg.port, ss);
}

/* Where a connect step goes: the server, or a port nobody listens on. */
static socklen_t actors_connect_addr(const struct actors *a,
                                     const struct step *s,
                                     struct sockaddr_storage *ss)
{
	return actors_addr(a, s->unused_port ? a->cfg.unused_port : a->cfg.port,
	                   ss);
}

static void actors_addr_text(const struct sockaddr_storage *ss, char *out,
                             size_t n)
{
	char host[INET6_ADDRSTRLEN] = "?";
	unsigned port = 0;
	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)ss;
		inet_ntop(AF_INET6, &s6->sin6_addr, host, sizeof host);
		port = ntohs(s6->sin6_port);
		snprintf(out, n, "[%s]:%u", host, port);
	} else {
		const struct sockaddr_in *s4 = (const void *)ss;
		inet_ntop(AF_INET, &s4->sin_addr, host, sizeof host);
		port = ntohs(s4->sin_port);
		snprintf(out, n, "%s:%u", host, port);
	}
}

static void actors_report(struct actor_thread *t, struct call_event *ev)
{
	ev->ts_ns = actors_now();
	ev->actor = t->owner->cfg.actor[t->who];
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

/* Make the call; fills ev's ret and err, and detail (n bytes) with
 * what it returned worth showing. */
static void actors_call(struct actor_thread *t, const struct step *s, int fd,
                        struct call_event *ev, char *detail, size_t n)
{
	struct actors *a = t->owner;
	struct sockaddr_storage ss;
	socklen_t len;
	long r;

	switch (s->call) {
	case CALL_SOCKET:
		r = socket(a->cfg.family, SOCK_STREAM, 0);
		if (r >= 0 && t->who == SIDE_SERVER) {
			/* A textbook server's habit: rebinding over its own
			 * TIME_WAIT leftovers; a live listener still refuses.
			 */
			int one = 1;
			setsockopt((int)r, SOL_SOCKET, SO_REUSEADDR, &one,
			           sizeof one);
		}
		if (r >= 0)
			actors_set_fd(t, s->slot, (int)r);
		ev->fd = (int)r;
		break;
	case CALL_BIND:
		len = actors_server_addr(a, &ss);
		r = bind(fd, (struct sockaddr *)&ss, len);
		break;
	case CALL_LISTEN:
		r = listen(fd, s->has_arg ? s->arg : 4);
		break;
	case CALL_ACCEPT:
		len = sizeof ss;
		r = accept(fd, (struct sockaddr *)&ss, &len);
		if (r >= 0) {
			actors_set_fd(t, SLOT_ACCEPTED, (int)r);
			actors_addr_text(&ss, detail, n);
		}
		break;
	case CALL_CONNECT:
		len = actors_connect_addr(a, s, &ss);
		r = connect(fd, (struct sockaddr *)&ss, len);
		break;
	case CALL_SETSOCKOPT: {
		struct linger lg = {.l_onoff = 1, .l_linger = s->arg};
		r = setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
		break;
	}
	case CALL_SEND:
		if (s->text != NULL) {
			r = send(fd, s->text, strlen(s->text), MSG_NOSIGNAL);
		} else if (t->who == SIDE_CLIENT) {
			r = send(fd, a->cfg.message, strlen(a->cfg.message),
			         MSG_NOSIGNAL);
		} else {
			r = send(fd, t->buf, t->buf_len, MSG_NOSIGNAL);
		}
		break;
	case CALL_RECV:
		r = recv(fd, t->buf, actors_recv_size(t, s), 0);
		t->buf_len = r > 0 ? (size_t)r : 0;
		break;
	case CALL_SHUTDOWN:
		r = shutdown(fd, SHUT_WR);
		break;
	case CALL_CLOSE:
		r = close(fd);
		actors_set_fd(t, s->slot, -1);
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
	case CALL_BIND:
		actors_server_addr(t->owner, &ss);
		actors_addr_text(&ss, detail, n);
		break;
	case CALL_CONNECT:
		actors_connect_addr(t->owner, s, &ss);
		actors_addr_text(&ss, detail, n);
		break;
	case CALL_LISTEN:
		snprintf(detail, n, "backlog %d", s->has_arg ? s->arg : 4);
		break;
	case CALL_SETSOCKOPT:
		snprintf(detail, n, "SO_LINGER on, %d s", s->arg);
		break;
	case CALL_SEND:
		snprintf(detail, n, "%zu bytes",
		         s->text                 ? strlen(s->text)
		         : t->who == SIDE_CLIENT ? strlen(t->owner->cfg.message)
		                                 : t->buf_len);
		break;
	case CALL_RECV:
		snprintf(detail, n, "up to %zu bytes", actors_recv_size(t, s));
		break;
	case CALL_SHUTDOWN:
		snprintf(detail, n, "SHUT_WR");
		break;
	default:
		break;
	}
}

static void actors_perform(struct actor_thread *t, const struct step *s)
{
	int fd = s->call == CALL_SOCKET ? -1 : actors_slot_fd(t, s->slot);
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
	 * short with EINTR and put that on the timeline. */
	stopsig_block_here();
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
	for (int i = 0; i < SIDE_COUNT; i++) {
		struct actor_thread *t = &a->actor[i];
		t->owner = a;
		t->who = (enum side)i;
		for (int s = 0; s < SLOT_COUNT; s++)
			t->fds[s] = -1;
		pthread_mutex_init(&t->lock, NULL);
		pthread_cond_init(&t->changed, NULL);
		if (pthread_create(&t->thread, NULL, actors_main, t) == 0)
			t->started = 1;
	}
	return a;
}

int actors_run(struct actors *a, const struct step *s)
{
	struct actor_thread *t = &a->actor[s->actor];
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

bool actors_wait(struct actors *a, enum side who, int timeout_ms)
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

int actors_fd(struct actors *a, enum side who, enum sock_slot slot)
{
	return actors_slot_fd(&a->actor[who], slot);
}

void actors_stop(struct actors *a)
{
	if (a == NULL)
		return;
	for (int i = 0; i < SIDE_COUNT; i++) {
		struct actor_thread *t = &a->actor[i];
		pthread_mutex_lock(&t->lock);
		t->quit = true;
		/* Wake a call still blocked in the kernel: shutting its
		 * socket down makes accept, connect and recv return. */
		if (t->busy)
			for (int s = 0; s < SLOT_COUNT; s++)
				if (t->fds[s] >= 0)
					shutdown(t->fds[s], SHUT_RDWR);
		pthread_cond_broadcast(&t->changed);
		pthread_mutex_unlock(&t->lock);
	}
	for (int i = 0; i < SIDE_COUNT; i++) {
		struct actor_thread *t = &a->actor[i];
		if (t->started)
			pthread_join(t->thread, NULL);
		for (int s = 0; s < SLOT_COUNT; s++)
			if (t->fds[s] >= 0)
				close(t->fds[s]);
		pthread_mutex_destroy(&t->lock);
		pthread_cond_destroy(&t->changed);
	}
	free(a);
}
