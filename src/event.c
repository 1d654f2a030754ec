/*
 * event.c - names of the call and kernel-state events (see event.h).
 */
#include "event.h"

#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

static const char *const call_names[CALL_KIND_COUNT] = {
        [CALL_SOCKET] = "socket",
        [CALL_BIND] = "bind",
        [CALL_LISTEN] = "listen",
        [CALL_ACCEPT] = "accept",
        [CALL_CONNECT] = "connect",
        [CALL_SEND] = "send",
        [CALL_RECV] = "recv",
        [CALL_SHUTDOWN] = "shutdown",
        [CALL_CLOSE] = "close",
        [CALL_SETSOCKOPT] = "setsockopt",
        [CALL_GETSOCKOPT] = "getsockopt",
        [CALL_GETSOCKNAME] = "getsockname",
        [CALL_GETPEERNAME] = "getpeername",
        [CALL_POLL] = "poll",
        [CALL_DUP] = "dup",
};

/* Names a traced program's call may carry besides the kinds'. */
static const char *const syscall_names[] = {
        "accept4",     "sendto",   "sendmsg", "sendmmsg", "write",
        "writev",      "recvfrom", "recvmsg", "recvmmsg", "read",
        "readv",       "ppoll",    "select",  "pselect6", "epoll_wait",
        "epoll_pwait", "dup2",     "dup3",    "fcntl",
};

static const char *const note_names[NOTE_KIND_COUNT] = {
        [NOTE_START] = "start",   [NOTE_FORK] = "fork", [NOTE_EXEC] = "exec",
        [NOTE_OUTPUT] = "output", [NOTE_EXIT] = "exit",
};

const char *event_note_name(enum note_kind k)
{
	return (unsigned)k < NOTE_KIND_COUNT ? note_names[k] : "?";
}

int event_note_kind(const char *name)
{
	for (int k = 0; k < NOTE_KIND_COUNT; k++)
		if (strcmp(note_names[k], name) == 0)
			return k;
	return -1;
}

const char *event_call_label(const struct call_event *c)
{
	return c->syscall ? c->syscall : event_call_name(c->call);
}

const char *event_syscall_static(const char *name)
{
	for (size_t i = 0; i < sizeof syscall_names / sizeof *syscall_names;
	     i++)
		if (strcmp(syscall_names[i], name) == 0)
			return syscall_names[i];
	for (int k = 0; k < CALL_KIND_COUNT; k++)
		if (strcmp(call_names[k], name) == 0)
			return call_names[k];
	return NULL;
}

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

bool event_is_child(const struct actor *a)
{
	return a != NULL && a->pid == 0 && a->label != NULL &&
	       strcmp(a->label, EVENT_CHILD_LABEL) == 0;
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

static const struct {
	short bit;
	const char *name;
} poll_names[] = {{POLLIN, "POLLIN"},   {POLLPRI, "POLLPRI"},
                  {POLLOUT, "POLLOUT"}, {POLLERR, "POLLERR"},
                  {POLLHUP, "POLLHUP"}, {POLLNVAL, "POLLNVAL"}};

void event_poll_text(short bits, char *out, size_t n)
{
	size_t used = 0;
	if (n == 0)
		return;
	out[0] = '\0';
	for (size_t i = 0; i < sizeof poll_names / sizeof poll_names[0]; i++)
		if ((bits & poll_names[i].bit) && used < n)
			used += (size_t)snprintf(out + used, n - used, "%s%s",
			                         used ? "|" : "",
			                         poll_names[i].name);
	if (used == 0)
		snprintf(out, n, "0");
}

int event_poll_bits(const char *text, size_t len)
{
	int bits = 0;
	size_t at = 0;
	while (at < len) {
		size_t n = 0, i;
		while (at + n < len && text[at + n] != '|' &&
		       text[at + n] != ',')
			n++;
		for (i = 0; i < sizeof poll_names / sizeof poll_names[0]; i++)
			if (strlen(poll_names[i].name) == n &&
			    memcmp(poll_names[i].name, text + at, n) == 0)
				break;
		if (i == sizeof poll_names / sizeof poll_names[0])
			return -1;
		bits |= poll_names[i].bit;
		at += n + 1;
	}
	return len > 0 && text[len - 1] != '|' && text[len - 1] != ',' ? bits
	                                                               : -1;
}

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

void event_call_stream(const struct conntrack *ct, struct call_event *c)
{
	bool is_client;
	if (!c->has_ends || c->remote.port == 0)
		return;
	const struct stream_info *s =
	        conntrack_lookup(ct, &c->local, &c->remote, &is_client);
	if (s == NULL)
		return;
	c->has_stream = true;
	c->stream = s->id;
}
