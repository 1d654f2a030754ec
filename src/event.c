/*
 * event.c - names of the call and kernel-state events (see event.h).
 */
#include "event.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>

static const char *const call_names[CALL_KIND_COUNT] = {
        [CALL_SOCKET] = "socket",   [CALL_BIND] = "bind",
        [CALL_LISTEN] = "listen",   [CALL_ACCEPT] = "accept",
        [CALL_CONNECT] = "connect", [CALL_SEND] = "send",
        [CALL_RECV] = "recv",       [CALL_SHUTDOWN] = "shutdown",
        [CALL_CLOSE] = "close",     [CALL_SETSOCKOPT] = "setsockopt",
};

static const char *const narration_names[NARRATION_KIND_COUNT] = {
        [NARRATION_INTRO] = "intro",   [NARRATION_ASK] = "ask",
        [NARRATION_STEP] = "step",     [NARRATION_SAY] = "say",
        [NARRATION_ANSWER] = "answer", [NARRATION_SETTLED] = "settled",
};

const char *event_narration_name(enum narration_kind k)
{
	return (unsigned)k < NARRATION_KIND_COUNT ? narration_names[k] : "?";
}

int event_narration_kind(const char *name)
{
	for (int k = 0; k < NARRATION_KIND_COUNT; k++)
		if (strcmp(narration_names[k], name) == 0)
			return k;
	return -1;
}

const char *event_side_name(enum side s)
{
	return s == SIDE_CLIENT ? "client" : s == SIDE_SERVER ? "server" : "?";
}

const char *event_who(const struct actor *a, enum side s)
{
	return a != NULL && a->label != NULL ? a->label : event_side_name(s);
}

const char *event_call_name(enum call_kind c)
{
	return (unsigned)c < CALL_KIND_COUNT ? call_names[c] : "?";
}

/* The errors a socket call of the demo or a lesson can return. */
static const struct {
	int err;
	const char *name;
} errno_names[] = {
        {EACCES, "EACCES"},
        {EADDRINUSE, "EADDRINUSE"},
        {EADDRNOTAVAIL, "EADDRNOTAVAIL"},
        {EAGAIN, "EAGAIN"},
        {EBADF, "EBADF"},
        {ECONNABORTED, "ECONNABORTED"},
        {ECONNREFUSED, "ECONNREFUSED"},
        {ECONNRESET, "ECONNRESET"},
        {EINPROGRESS, "EINPROGRESS"},
        {EINTR, "EINTR"},
        {EINVAL, "EINVAL"},
        {EISCONN, "EISCONN"},
        {ENETUNREACH, "ENETUNREACH"},
        {ENOTCONN, "ENOTCONN"},
        {EPIPE, "EPIPE"},
        {ETIMEDOUT, "ETIMEDOUT"},
        {EMFILE, "EMFILE"},
        {ENOBUFS, "ENOBUFS"},
        {EPERM, "EPERM"},
};

const char *event_errno_name(int err)
{
	if (err == 0)
		return NULL;
	for (size_t i = 0; i < sizeof errno_names / sizeof errno_names[0]; i++)
		if (errno_names[i].err == err)
			return errno_names[i].name;
	return "EUNKNOWN";
}

int event_errno_value(const char *name)
{
	for (size_t i = 0; i < sizeof errno_names / sizeof errno_names[0]; i++)
		if (strcmp(errno_names[i].name, name) == 0)
			return errno_names[i].err;
	return EIO;
}

void event_infer_kstate(const struct conntrack *ct, struct kstate_event *k)
{
	bool is_client;
	k->has_inferred = false;
	if (k->remote.port == 0) /* a listener belongs to no connection */
		return;
	const struct stream_info *s =
	        conntrack_lookup(ct, &k->local, &k->remote, &is_client);
	if (s == NULL)
		return;
	k->has_inferred = true;
	k->stream = s->id;
	k->inferred = is_client ? s->client_state : s->server_state;
}
