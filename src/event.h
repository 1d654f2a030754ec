/*
 * event.h - what sources report besides segments: who acts (actor
 * records), socket calls entered and returned, the kernel's own view of a
 * socket's state, and a lesson's words.
 *
 * Plain data shared by the sources that make these events (actors.c,
 * kstate.c, recordings), the session that places them beside the
 * segments (session.c) and the views that show them.
 */
#ifndef TCPVIZ_EVENT_H
#define TCPVIZ_EVENT_H

#include <stdbool.h>
#include <stdint.h>

#include "conntrack.h"
#include "tcpstate.h"

/* The side of a connection a socket is on: a connection's client-side
 * calls and states stand on the left, its server-side ones on the right,
 * whoever made them. A listener's calls are on the server's side. */
enum side { SIDE_CLIENT, SIDE_SERVER, SIDE_COUNT };

/*
 * Who made an event: any number of them. The scripted client and server
 * are two actors; a traced program's process or thread is another. The
 * session numbers actors from 0 in the order they are made known and
 * owns their records for as long as it lives.
 */
struct actor {
	uint32_t id;       /* the session's number */
	const char *label; /* what a person reads: "client", "server[1234]" */
	int pid, tid;      /* 0 where there is none (the scripted actors) */
	const char *prog;  /* program name, or NULL */
};

enum call_kind {
	CALL_SOCKET,
	CALL_BIND,
	CALL_LISTEN,
	CALL_ACCEPT,
	CALL_CONNECT,
	CALL_SEND,
	CALL_RECV,
	CALL_SHUTDOWN,
	CALL_CLOSE,
	CALL_SETSOCKOPT, /* SO_LINGER, in lessons */
	/* Seen only in traced programs (tcpviz run). */
	CALL_GETSOCKOPT,
	CALL_GETSOCKNAME,
	CALL_GETPEERNAME,
	CALL_POLL, /* poll, select, epoll_wait: waiting on sockets */
	CALL_DUP,  /* dup, dup2, dup3, fcntl(F_DUPFD) of a socket */
	CALL_KIND_COUNT
};

/* A call entered or returned. */
struct call_event {
	int64_t ts_ns;             /* CLOCK_REALTIME */
	const struct actor *actor; /* who; NULL: known only by its side */
	enum side side;            /* the side its socket is on */
	enum call_kind call;
	bool enter; /* else returned */
	int fd;     /* the socket the call is on (or made); -1 when none */
	long ret;   /* on return */
	int err;    /* errno on return; 0 when the call succeeded */
	/* Arguments, for the views ("127.0.0.1:5555"), of any length; NULL
	 * or "" for none. Not owned: whoever keeps an event copies it. */
	const char *detail;
	/* The system call a traced program made when it is not the kind's
	 * own name ("write" for CALL_SEND, "accept4"): a static string, or
	 * NULL. */
	const char *syscall;
	/* The socket's addresses when the source knows them (a traced
	 * program's connected socket); the session then names the stream
	 * its connection is in the capture (for accept(), the connection
	 * accepted), once that has been seen. */
	bool has_ends;
	struct endpoint local, remote;
	bool has_stream;
	uint64_t stream;
};

/*
 * What happened to a traced program's process (tcpviz run), beside its
 * calls: started, forked, exec'd, a line it wrote, its end.
 */
enum note_kind {
	NOTE_START,  /* text: the command line */
	NOTE_FORK,   /* child: the new process's pid */
	NOTE_EXEC,   /* text: the program now running */
	NOTE_OUTPUT, /* text: one line (no newline); fd 1 or 2 */
	NOTE_EXIT,   /* status, or signal; core */
	NOTE_KIND_COUNT
};

struct note_event {
	int64_t ts_ns;
	const struct actor *actor;
	enum side side; /* the column its process's sockets stand in */
	enum note_kind kind;
	const char *text; /* not owned; "" for none */
	int fd;           /* NOTE_OUTPUT: 1 or 2 */
	int child;        /* NOTE_FORK */
	int status;       /* NOTE_EXIT: the exit status, or -1 */
	int signal;       /* NOTE_EXIT: the signal that ended it, or 0 */
	bool core;        /* NOTE_EXIT: a core was dumped */
};

/* "start", "fork", "exec", "output", "exit". */
const char *event_note_name(enum note_kind k);
int event_note_kind(const char *name);

/* The kernel's state of one of the sources' sockets, read after a call. */
struct kstate_event {
	int64_t ts_ns;
	const struct actor *actor; /* whose socket; NULL: known by side */
	enum side side;
	int fd; /* -1: no fd holds it (not accepted yet, or closed) */
	struct endpoint local, remote;
	enum tcp_state state; /* the kernel's, in RFC 9293 names */
	/* What the model inferred from the segments for the same endpoint
	 * (only for sockets of a connection the capture has shown). */
	bool has_inferred;
	enum tcp_state inferred;
	uint64_t stream;
	/* A listener's accept queue, where the source read it: how many
	 * finished connections wait for accept(), and listen()'s backlog. */
	bool has_queue;
	uint32_t queue, backlog;
};

/*
 * A lesson's words and its step boundaries, placed in time with the rest:
 * the introduction, a step's question (put before the step runs), the
 * step itself (when it starts: its directive, "client connect"), what
 * the lesson says after it and the question's answer, and the moment the
 * step settled (text "returned" or "blocked": whether its call had
 * returned by then).
 */
enum narration_kind {
	NARRATION_INTRO,
	NARRATION_ASK,
	NARRATION_STEP,
	NARRATION_SAY,
	NARRATION_ANSWER,
	NARRATION_SETTLED,
	NARRATION_KIND_COUNT
};

/* "intro", "ask", "step", "say", "answer", "settled". */
const char *event_narration_name(enum narration_kind k);
/* The kind of a name above, or -1. */
int event_narration_kind(const char *name);

const char *event_side_name(enum side s); /* "client", "server" */
/* The machine name of a lesson server's child process, a scripted actor
 * of the server's side with no pid; whether a is that actor. */
#define EVENT_CHILD_LABEL "child"
bool event_is_child(const struct actor *a);
/* Who made a call or state, for a person: the actor's label, else its
 * side's name. */
const char *event_who(const struct actor *a, enum side s);
const char *event_call_name(enum call_kind c); /* "connect" */
/* What a person reads as the call's name: the system call a traced
 * program made ("write"), else the kind's name. */
const char *event_call_label(const struct call_event *c);
/* The static copy of a system call name tcpviz traces, or NULL. */
const char *event_syscall_static(const char *name);
/* "ECONNREFUSED" for an errno value, or NULL for 0. */
const char *event_errno_name(int err);
/* Fill k's stream, inferred and has_inferred from the model: the state
 * the segments gave the same endpoint, if the connection is known. */
void event_infer_kstate(const struct conntrack *ct, struct kstate_event *k);
/* Fill c's stream from its addresses, if the connection is known. */
void event_call_stream(const struct conntrack *ct, struct call_event *c);

/* The errno value of a name event_errno_name() gives; EIO when unknown. */
int event_errno_value(const char *name);

/* poll() events as <poll.h> names them, "POLLIN|POLLOUT" ("0" for
 * none), and back: the bits of names separated by '|' or ','; -1 when
 * one of them is no such name. */
void event_poll_text(short bits, char *out, size_t n);
int event_poll_bits(const char *text, size_t len);

#endif
