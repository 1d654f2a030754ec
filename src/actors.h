/*
 * actors.h - the demo's echo server and client: plain blocking sockets,
 * driven one scripted step at a time.
 *
 * Each actor is a thread that makes the calls a textbook teaches and
 * reports every call twice, when it is entered and when it returns, as
 * call events on one clock (CLOCK_REALTIME, the clock libpcap stamps
 * packets with). Lessons will reuse the same script mechanism.
 */
#ifndef TCPVIZ_ACTORS_H
#define TCPVIZ_ACTORS_H

#include <stdbool.h>
#include <stdint.h>

#include "event.h"

/* Which of an actor's sockets a step uses: the one socket() made (the
 * server's listener, the client's connection), the one accept() gave,
 * or the descriptor dup() made of the step's socket. */
enum sock_slot { SLOT_MAIN, SLOT_ACCEPTED, SLOT_DUP, SLOT_COUNT };
/* The slots and the sockets put aside: a socket() step on a slot that
 * holds an open socket keeps that one open (a client with several
 * connections), closed when the actors stop. */
#define ACTORS_FDS (SLOT_COUNT + 8)

/* Which option a setsockopt or getsockopt step sets or reads. */
enum step_opt { OPT_LINGER, OPT_REUSEADDR, OPT_ERROR, OPT_FASTOPEN };
/* The queue of pending Fast Open requests a lesson's server allows. */
#define ACTORS_FASTOPEN_QLEN 5

/* Two steps that are no socket call: the server forks a child process
 * (which then holds a copy of each of the server's sockets), and that
 * child exits. */
#define ACTORS_FORK (CALL_KIND_COUNT + 2)
#define ACTORS_EXIT (CALL_KIND_COUNT + 3)

/* The actors by number: the client, the server, and the server's child
 * once it forked. */
enum { ACTORS_CHILD = SIDE_COUNT, ACTORS_COUNT };

struct step {
	enum side actor;
	bool child; /* made by the server's child (actor is SIDE_SERVER) */
	bool both;  /* a lesson's: the client's call, then the server's
	               (actor is SIDE_CLIENT; the director runs each) */
	enum call_kind call;
	enum sock_slot slot;
	bool has_arg;
	int arg; /* listen: backlog; setsockopt: SO_LINGER seconds; recv: at
	          * most so many bytes (up to the buffer's 512) */
	bool unused_port;   /* connect: to a port nobody listens on */
	bool any_addr;      /* bind, connect: the wildcard address (0.0.0.0) */
	bool raw_port;      /* bind: the port number without htons() */
	bool nonblock;      /* socket: SOCK_NONBLOCK */
	int flags;          /* send, recv: MSG_NOSIGNAL, MSG_WAITALL */
	enum step_opt opt;  /* setsockopt, getsockopt */
	enum sock_slot src; /* dup: the socket duplicated into SLOT_DUP */
	const char *text;   /* send: these bytes, not the default message */
};

/*
 * What a step's return event says, beside its value, where a lesson
 * checks it (lessonrun.c reads these words back; keep both in step):
 *   getsockname   "127.0.0.1:43211", "[::1]:8887"; the client's ends in
 *                 " (ephemeral ports LO-HI)", the netns's range
 *   getsockopt    "SO_ERROR = 0", "SO_ERROR = ECONNREFUSED"
 *   poll          "revents POLLOUT|POLLERR|POLLHUP"
 *   send          "SIGPIPE" when the call raised it
 */
#define ACTORS_EPHEMERAL " (ephemeral ports "

struct actors;

/* Called from an actor's thread for every call event (keep it short). */
typedef void (*actors_event_fn)(void *ctx, const struct call_event *ev);
/* ... and for the fork and the end of the server's child. */
typedef void (*actors_note_fn)(void *ctx, const struct note_event *ev);

struct actors_config {
	int family;           /* AF_INET or AF_INET6 */
	uint16_t port;        /* the server's port */
	uint16_t unused_port; /* a port nobody listens on (lessons) */
	const char *message;  /* what the client sends and the server echoes */
	/* A textbook server's habit: SO_REUSEADDR on every socket() it
	 * makes (the demo); a lesson sets it with a step instead. */
	bool server_reuseaddr;
	/* The session's records of the two actors, by side, and of the
	 * server's child (NULL when the script has no fork). */
	const struct actor *actor[SIDE_COUNT];
	const struct actor *child;
	actors_event_fn on_event;
	actors_note_fn on_note;
	void *ctx;
};

struct actors *actors_start(const struct actors_config *cfg);

/* Hand the step to its actor; waits while that actor is still inside an
 * earlier call. Returns 0, or -1 if the actor is gone. */
int actors_run(struct actors *a, const struct step *s);

/* Which actor makes the step: a side, or ACTORS_CHILD. */
int actors_who(const struct step *s);

/* Wait up to timeout_ms for the actor's (actors_who()) current call to
 * return: true when it has (or it had none), false when it is still
 * blocked. */
bool actors_wait(struct actors *a, int who, int timeout_ms);

/* The fd held in an actor's slot (an enum sock_slot, or up to
 * ACTORS_FDS for the sockets a later socket() step put aside), -1 when
 * none (closed or never made). */
int actors_fd(struct actors *a, int who, int slot);

/* The socket inode that fd of the actor's slot refers to, 0 when none:
 * the child's descriptors are in its own process. */
uint64_t actors_inode(struct actors *a, int who, int slot);

/* End both actors: sockets still blocked are shut down so their calls
 * return, the threads are joined, every socket is closed. */
void actors_stop(struct actors *a);

#endif
