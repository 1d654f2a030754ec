/*
 * event.h - what the live sources report besides segments: socket calls
 * entered and returned, and the kernel's own view of a socket's state.
 *
 * Plain data shared by the sources that make these events (actors.c,
 * kstate.c), the model that places them beside the segments (demo.c)
 * and the views that show them.
 */
#ifndef TCPVIZ_EVENT_H
#define TCPVIZ_EVENT_H

#include <stdbool.h>
#include <stdint.h>

#include "conntrack.h"
#include "tcpstate.h"

enum actor { ACTOR_CLIENT, ACTOR_SERVER, ACTOR_COUNT };

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
	CALL_KIND_COUNT
};

/* A call entered or returned. */
struct call_event {
	int64_t ts_ns; /* CLOCK_REALTIME */
	enum actor actor;
	enum call_kind call;
	bool enter;      /* else returned */
	int fd;          /* the socket the call is on (or made); -1 when none */
	long ret;        /* on return */
	int err;         /* errno on return; 0 when the call succeeded */
	char detail[80]; /* arguments, for the views: "127.0.0.1:5555" */
};

/* The kernel's state of one of the demo's sockets, read after a call. */
struct kstate_event {
	int64_t ts_ns;
	enum actor actor;
	int fd; /* -1: no fd holds it (not accepted yet, or closed) */
	struct endpoint local, remote;
	enum tcp_state state; /* the kernel's, in RFC 9293 names */
	/* What the model inferred from the segments for the same endpoint
	 * (only for sockets of a connection the capture has shown). */
	bool has_inferred;
	enum tcp_state inferred;
	uint64_t stream;
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

const char *event_actor_name(enum actor a);    /* "client", "server" */
const char *event_call_name(enum call_kind c); /* "connect" */
/* "ECONNREFUSED" for an errno value, or NULL for 0. */
const char *event_errno_name(int err);
/* Fill k's stream, inferred and has_inferred from the model: the state
 * the segments gave the same endpoint, if the connection is known. */
void event_infer_kstate(const struct conntrack *ct, struct kstate_event *k);

/* The errno value of a name event_errno_name() gives; EIO when unknown. */
int event_errno_value(const char *name);

#endif
