/*
 * lessonstep.c - a lesson's step and expect lines (see lesson.h and
 * lessons/README.md): which calls a step may make and with which words,
 * and what an expectation may say. Pure, like the rest of the parser.
 */
#include <arpa/inet.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "i18n.h"
#include "lesson.h"
#include "lessonparse.h"
#include "lessonword.h"
#include "segment.h"
#include "event.h"
#include "util.h"

/* In header order, as segment.h numbers them. */
static const struct {
	const char *name;
	uint16_t bit;
} lesson_flag_names[] = {
        {"FIN", TH_FIN}, {"SYN", TH_SYN}, {"RST", TH_RST},
        {"PSH", TH_PSH}, {"ACK", TH_ACK}, {"URG", TH_URG},
        {"ECE", TH_ECE}, {"CWR", TH_CWR}, {"AE", TH_AE},
};

static int lesson_call_lookup(const char *w)
{
	for (int c = 0; c < LESSON_CALL_COUNT; c++)
		if (strcmp(w, lesson_call_name((enum lesson_call)c)) == 0)
			return c;
	return -1;
}

/* ---- step ---- */

/* The call's number: the first word of rest. */
static bool lesson_step_number(struct lesson_parser *p, struct lesson_step *s,
                               char *rest, long max, bool required)
{
	const char *call = lesson_call_name(s->call);
	const char *w = lessonword_next(&rest);
	char q[64];
	long v;

	if (*w == '\0' && !required)
		return true;
	if (lessonword_number(w, s->call == LESSON_CALL_RECV ? 1 : 0, max,
	                      &v)) {
		s->arg = (int)v;
		return true;
	}
	lessonword_quote(w, q, sizeof q);
	if (s->call == LESSON_CALL_LISTEN)
		return lesson_fail(p,
		                   _("expected a backlog from 0 to %ld after "
		                     "'%s', found %s"),
		                   max, call, q);
	if (s->call == LESSON_CALL_RECV)
		return lesson_fail(p,
		                   _("expected a number of bytes from 1 to %ld "
		                     "after '%s', found %s"),
		                   max, call, q);
	if (s->call == LESSON_CALL_LINGER)
		return lesson_fail(p,
		                   _("expected a number of seconds from 0 to "
		                     "%ld after '%s', found %s"),
		                   max, call, q);
	return lesson_fail(p,
	                   _("expected a number of milliseconds from 0 to %ld "
	                     "after '%s', found %s"),
	                   max, call, q);
}

/* The words a call takes besides its number: "bind any", "recv 4
 * MSG_WAITALL". Each sets one field of the step. */
static const struct {
	enum lesson_call call;
	const char *word;
} lesson_step_words[] = {
        {LESSON_CALL_SOCKET, "nonblock"},
        {LESSON_CALL_BIND, "any"},
        {LESSON_CALL_BIND, "raw"},
        {LESSON_CALL_CONNECT, "unused"},
        {LESSON_CALL_CONNECT, "any"},
        {LESSON_CALL_CLOSE, "listener"},
        {LESSON_CALL_CLOSE, "dup"},
        {LESSON_CALL_GETSOCKNAME, "listener"},
        {LESSON_CALL_GETSOCKNAME, "dup"},
        {LESSON_CALL_POLL, "listener"},
        {LESSON_CALL_RECV, "MSG_WAITALL"},
        {LESSON_CALL_SEND, "MSG_NOSIGNAL"},
};

/* The field a word sets; NULL for a flag word (MSG_*). */
static bool *lesson_word_field(struct lesson_step *s, const char *w)
{
	if (strcmp(w, "nonblock") == 0)
		return &s->nonblock;
	if (strcmp(w, "any") == 0)
		return &s->any_addr;
	if (strcmp(w, "raw") == 0)
		return &s->raw_port;
	if (strcmp(w, "unused") == 0)
		return &s->unused_port;
	if (strcmp(w, "listener") == 0)
		return &s->listener;
	if (strcmp(w, "dup") == 0)
		return &s->dup;
	return NULL;
}

/* The words call takes, "'any', 'raw'", and how many. */
static int lesson_words_of(enum lesson_call call, char *out, size_t cap)
{
	int n = 0;
	size_t used = 0;
	out[0] = '\0';
	for (size_t i = 0;
	     i < sizeof lesson_step_words / sizeof lesson_step_words[0]; i++) {
		if (lesson_step_words[i].call != call || used >= cap)
			continue;
		used += (size_t)snprintf(out + used, cap - used, "%s'%s'",
		                         n ? ", " : "",
		                         lesson_step_words[i].word);
		n++;
	}
	return n;
}

/* One word after the call: true when the call takes it (and it is set). */
static bool lesson_step_word(struct lesson_parser *p, struct lesson_step *s,
                             const char *w, bool *taken)
{
	*taken = false;
	for (size_t i = 0;
	     i < sizeof lesson_step_words / sizeof lesson_step_words[0]; i++) {
		if (lesson_step_words[i].call != s->call ||
		    strcmp(lesson_step_words[i].word, w) != 0)
			continue;
		bool *field = lesson_word_field(s, w);
		int flag = strcmp(w, "MSG_WAITALL") == 0 ? MSG_WAITALL
		                                         : MSG_NOSIGNAL;
		if (field != NULL ? *field : (s->flags & flag) != 0)
			return lesson_fail(
			        p,
			        _("expected each word once after '%s', "
			          "found '%s' twice"),
			        lesson_call_name(s->call), w);
		if (field != NULL)
			*field = true;
		else
			s->flags |= flag;
		*taken = true;
		return true;
	}
	return true;
}

/* A word the call does not take: what it takes instead. */
static bool lesson_step_unknown(struct lesson_parser *p,
                                const struct lesson_step *s, const char *w)
{
	char words[128], q[64];
	const char *call = lesson_call_name(s->call);
	int n = lesson_words_of(s->call, words, sizeof words);

	lessonword_quote(w, q, sizeof q);
	if (n == 0)
		return lesson_fail(
		        p, _("expected end of line after '%s', found %s"), call,
		        q);
	return lesson_fail(p,
	                   /* TRANSLATORS: %1$s: the words the call takes,
	                    * quoted and kept as they are ('any', 'raw'). */
	                   _("expected %s or end of line after '%s', found %s"),
	                   words, call, q);
}

/* send [MSG_NOSIGNAL] [TEXT]: a flag first, then the rest of the line
 * is the text. */
static bool lesson_step_send(struct lesson_step *s, char *rest)
{
	static const struct {
		const char *word;
		int flag;
	} flags[] = {{"MSG_NOSIGNAL", MSG_NOSIGNAL},
	             {"MSG_FASTOPEN", MSG_FASTOPEN}};
	for (bool more = true; more;) {
		more = false;
		for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
			size_t n = strlen(flags[i].word);
			if (strncmp(rest, flags[i].word, n) != 0 ||
			    (rest[n] != ' ' && rest[n] != '\0') ||
			    (s->flags & flags[i].flag))
				continue;
			s->flags |= flags[i].flag;
			rest += n;
			while (*rest == ' ')
				rest++;
			more = true;
		}
	}
	if (*rest != '\0')
		s->text = xstrdup(rest);
	return true;
}

static long lesson_step_max(enum lesson_call c)
{
	switch (c) {
	case LESSON_CALL_LISTEN:
		return LESSON_MAX_BACKLOG;
	case LESSON_CALL_LINGER:
		return LESSON_MAX_LINGER;
	case LESSON_CALL_SLEEP:
		return LESSON_MAX_SLEEP;
	case LESSON_CALL_RECV:
		return LESSON_MAX_RECV;
	default:
		return -1; /* takes no number */
	}
}

/* The words after the call: its number (listen, linger, sleep, recv;
 * required for linger and sleep) and its words, in any order. */
static bool lesson_step_args(struct lesson_parser *p, struct lesson_step *s,
                             char *rest)
{
	long max = lesson_step_max(s->call);
	bool required =
	        s->call == LESSON_CALL_LINGER || s->call == LESSON_CALL_SLEEP;
	bool taken;

	if (s->call == LESSON_CALL_SEND)
		return lesson_step_send(s, rest);
	for (;;) {
		char *before = rest;
		const char *w = lessonword_next(&rest);
		if (*w == '\0')
			break;
		if (!lesson_step_word(p, s, w, &taken))
			return false;
		if (taken)
			continue;
		if (max < 0 || s->arg >= 0)
			return lesson_step_unknown(p, s, w);
		if (!lesson_step_number(p, s, before, max, true))
			return false;
	}
	if (required && s->arg < 0)
		return lesson_step_number(p, s, rest, max, true);
	if (s->listener && s->dup)
		return lesson_fail(p,
		                   _("expected 'listener' or 'dup' after '%s', "
		                     "found both"),
		                   lesson_call_name(s->call));
	return true;
}

/* send MSG_FASTOPEN connects as it sends: the client's, on a socket
 * that has not connected. */
static bool lesson_step_fastopen(struct lesson_parser *p,
                                 const struct lesson_step *s)
{
	if (s->call == LESSON_CALL_FASTOPEN && s->actor != SIDE_SERVER)
		return lesson_fail(p, _("expected 'server' for 'fastopen', "
		                        "found 'client'"));
	if ((s->flags & MSG_FASTOPEN) && s->actor != SIDE_CLIENT)
		return lesson_fail(p, _("expected 'client' for 'send "
		                        "MSG_FASTOPEN', found 'server'"));
	return true;
}

/* The server alone listens and accepts, the client alone connects: the
 * actors are built that way, so a lesson saying otherwise is a typo. */
static bool lesson_step_actor(struct lesson_parser *p,
                              const struct lesson_step *s)
{
	bool server = (s->call == LESSON_CALL_BIND && s->raw_port) ||
	              s->call == LESSON_CALL_LISTEN ||
	              s->call == LESSON_CALL_ACCEPT || s->listener;
	char what[48];
	snprintf(what, sizeof what, "%s%s", lesson_call_name(s->call),
	         s->listener   ? " listener"
	         : s->raw_port ? " raw"
	                       : "");

	if (server && s->actor != SIDE_SERVER)
		return lesson_fail(
		        p, _("expected 'server' for '%s', found 'client'"),
		        what);
	if (s->call == LESSON_CALL_CONNECT && s->actor != SIDE_CLIENT)
		return lesson_fail(
		        p,
		        _("expected 'client' for 'connect', found 'server'"));
	return true;
}

/* both: the client's and the server's close at once, on their
 * connections. */
static bool lesson_step_both(struct lesson_parser *p,
                             const struct lesson_step *s)
{
	if (!s->both || ((s->call == LESSON_CALL_SHUTDOWN ||
	                  s->call == LESSON_CALL_CLOSE) &&
	                 !s->listener && !s->dup))
		return true;
	char what[48];
	snprintf(what, sizeof what, "%s%s", lesson_call_name(s->call),
	         s->listener ? " listener"
	         : s->dup    ? " dup"
	                     : "");
	return lesson_fail(p,
	                   /* TRANSLATORS: keep both, shutdown and close. */
	                   _("expected 'shutdown' or 'close' after 'both', "
	                     "found '%s'"),
	                   what);
}

/* fork: the server's, once; exit and the child's steps: after it. */
static bool lesson_step_child(struct lesson_parser *p,
                              const struct lesson_step *s)
{
	const struct lesson *l = p->l;
	bool forked = false;
	for (size_t i = 0; i + 1 < l->nsteps; i++)
		forked = forked || l->steps[i].call == LESSON_CALL_FORK;
	if (s->call == LESSON_CALL_FORK &&
	    (s->child || s->actor != SIDE_SERVER))
		return lesson_fail(p,
		                   _("expected 'server' for 'fork', found "
		                     "'%s'"),
		                   s->child ? "child" : "client");
	if (s->call == LESSON_CALL_FORK && forked)
		return lesson_fail(p, _("expected one 'fork' per lesson, found "
		                        "a second"));
	if (s->call == LESSON_CALL_EXIT && !s->child)
		return lesson_fail(p,
		                   _("expected 'child' for 'exit', found "
		                     "'%s'"),
		                   event_side_name(s->actor));
	if (s->child && !forked)
		return lesson_fail(p, _("expected a 'server fork' step before "
		                        "the child's first step"));
	return true;
}

bool lesson_do_step(struct lesson_parser *p, char *rest)
{
	const char *aw = lessonword_next(&rest), *cw;
	struct lesson_step *s;
	char q[64];
	int a, c;

	bool child = strcmp(aw, "child") == 0, both = strcmp(aw, "both") == 0;
	if (child || both)
		a = child ? SIDE_SERVER : SIDE_CLIENT;
	else if ((a = lesson_actor(aw)) < 0)
		return lesson_fail(p,
		                   /* TRANSLATORS: keep client, server, child
		                    * and both. */
		                   _("expected an actor (client, server, child "
		                     "or both) after 'step', found %s"),
		                   lessonword_quote(aw, q, sizeof q));
	cw = lessonword_next(&rest);
	if ((c = lesson_call_lookup(cw)) < 0)
		return lesson_fail(
		        p,
		        /* TRANSLATORS: keep the call names. */
		        _("expected a call (socket, bind, listen, accept, "
		          "connect, send, recv, shutdown, linger, close, "
		          "sleep, wait, getsockname, reuseaddr, poll, soerror, "
		          "dup, fork, exit, fastopen) after '%s', found %s"),
		        aw, lessonword_quote(cw, q, sizeof q));
	s = lesson_add_step(p);
	s->actor = (enum side)a;
	s->child = child;
	s->both = both;
	s->call = (enum lesson_call)c;
	return lesson_step_args(p, s, rest) && lesson_step_both(p, s) &&
	       lesson_step_actor(p, s) && lesson_step_child(p, s) &&
	       lesson_step_fastopen(p, s);
}

/* ---- expect ---- */

static bool lesson_dir(struct lesson_parser *p, const char *w,
                       const char *after, bool *c2s)
{
	char q[64];

	if (strcmp(w, "c2s") == 0 || strcmp(w, "s2c") == 0) {
		*c2s = w[0] == 'c';
		return true;
	}
	return lesson_fail(
	        /* TRANSLATORS: keep c2s and s2c. */
	        p, _("expected a direction (c2s or s2c) after '%s', found %s"),
	        after, lessonword_quote(w, q, sizeof q));
}

static int lesson_flag(const char *name, size_t n)
{
	for (size_t i = 0;
	     i < sizeof lesson_flag_names / sizeof lesson_flag_names[0]; i++) {
		if (strlen(lesson_flag_names[i].name) == n &&
		    memcmp(lesson_flag_names[i].name, name, n) == 0)
			return lesson_flag_names[i].bit;
	}
	return -1;
}

/* FLAG[,FLAG...], each once. */
static bool lesson_flags(struct lesson_parser *p, const char *w,
                         const char *after, uint16_t *out)
{
	const char *s = w;
	uint16_t flags = 0;
	char q[64], qw[64];

	if (*w == '\0')
		return lesson_fail(p,
		                   /* TRANSLATORS: keep the flag names. */
		                   _("expected flags (SYN, SYN,ACK, FIN,ACK, "
		                     "...) after '%s', found end of line"),
		                   after);
	for (;;) {
		size_t n = strcspn(s, ",");
		int f = lesson_flag(s, n);
		if (f < 0)
			return lesson_fail(
			        p,
			        /* TRANSLATORS: keep the flag names. */
			        _("expected a flag name (FIN, SYN, RST, PSH, "
			          "ACK, URG, ECE, CWR, AE), found %s in %s"),
			        n ? lessonword_quote_n(s, n, q, sizeof q)
			          /* TRANSLATORS: "found an empty name in %s" */
			          : _("an empty name"),
			        lessonword_quote(w, qw, sizeof qw));
		if (flags & f)
			return lesson_fail(
			        p,
			        _("expected each flag once, found "
			          "%s twice in %s"),
			        lessonword_quote_n(s, n, q, sizeof q),
			        lessonword_quote(w, qw, sizeof qw));
		flags |= (uint16_t)f;
		if (s[n] == '\0')
			break;
		s += n + 1;
	}
	*out = flags;
	return true;
}

static bool lesson_expect_segment(struct lesson_parser *p,
                                  struct lesson_expect *e, char *rest)
{
	const char *dir = lessonword_next(&rest), *fl;
	const char *name = lesson_expect_kind_name(e->kind);
	char q[64];

	if (!lesson_dir(p, dir, name, &e->c2s))
		return false;
	fl = lessonword_next(&rest);
	if (!lesson_flags(p, fl, dir, &e->flags))
		return false;
	if (e->kind == LESSON_EXPECT_NO_SEGMENT && strchr(fl, ',') != NULL)
		return lesson_fail(
		        p,
		        _("expected one flag after 'no-segment %s', found %s"),
		        dir, lessonword_quote(fl, q, sizeof q));
	/* segment DIR FLAGS len N: with exactly N bytes of data. */
	e->len = -1;
	if (e->kind != LESSON_EXPECT_SEGMENT || strncmp(rest, "len", 3) != 0 ||
	    (rest[3] != ' ' && rest[3] != '\0'))
		return lesson_end(p, rest, fl);
	char *peek = rest;
	lessonword_next(&peek);
	const char *n = lessonword_next(&peek);
	if (!lessonword_number(n, 0, 65535, &e->len))
		return lesson_fail(p,
		                   _("expected a number of bytes from 0 to "
		                     "65535 after 'len', found %s"),
		                   lessonword_quote(n, q, sizeof q));
	return lesson_end(p, peek, n);
}

static bool lesson_expect_returns(struct lesson_parser *p,
                                  struct lesson_expect *e, char *rest)
{
	const char *w = lessonword_next(&rest);
	char q[64];

	if (strcmp(w, "ok") == 0)
		e->kind = LESSON_EXPECT_RETURNS_OK;
	else if (!lessonword_number(w, -LONG_MAX, LONG_MAX, &e->value))
		return lesson_fail(p,
		                   _("expected a number or 'ok' after "
		                     "'returns', found %s"),
		                   lessonword_quote(w, q, sizeof q));
	return lesson_end(p, rest, w);
}

/* event_errno_value() gives EIO for any name it does not know, so a name
 * is known only when it comes back unchanged, and is not the placeholder
 * event_errno_name() gives a value it does not know ("EUNKNOWN"). */
static bool lesson_expect_errno(struct lesson_parser *p,
                                struct lesson_expect *e, char *rest)
{
	const char *w = lessonword_next(&rest), *back;
	char q[64];

	e->err = event_errno_value(w);
	back = event_errno_name(e->err);
	if (back == NULL || strcmp(back, w) != 0 ||
	    strcmp(w, event_errno_name(-1)) == 0)
		return lesson_fail(
		        p,
		        /* TRANSLATORS: keep the errno names. */
		        _("expected an errno name (ECONNREFUSED, ECONNRESET, "
		          "...) after 'errno', found %s"),
		        lessonword_quote(w, q, sizeof q));
	return lesson_end(p, rest, w);
}

static bool lesson_expect_kstate(struct lesson_parser *p,
                                 struct lesson_expect *e, char *rest)
{
	const char *aw = lessonword_next(&rest), *sw;
	char q[64];
	int a, st;

	if ((a = lesson_actor(aw)) < 0)
		return lesson_fail(p,
		                   /* TRANSLATORS: keep client and server. */
		                   _("expected an actor (client or server) "
		                     "after 'kstate', found %s"),
		                   lessonword_quote(aw, q, sizeof q));
	sw = lessonword_next(&rest);
	if ((st = tcpstate_from_name(sw)) < 0)
		return lesson_fail(p,
		                   /* TRANSLATORS: keep the state names. */
		                   _("expected a state (ESTABLISHED, "
		                     "TIME_WAIT, ...) after '%s', found %s"),
		                   aw, lessonword_quote(sw, q, sizeof q));
	e->actor = (enum side)a;
	e->state = (enum tcp_state)st;
	return lesson_end(p, rest, sw);
}

/* address A: what inet_pton takes for the lesson's family (either). */
static bool lesson_expect_address(struct lesson_parser *p,
                                  struct lesson_expect *e, char *rest)
{
	const char *w = lessonword_next(&rest);
	unsigned char buf[16];
	char q[64];

	if (strlen(w) >= sizeof e->address ||
	    (inet_pton(AF_INET, w, buf) != 1 &&
	     inet_pton(AF_INET6, w, buf) != 1))
		return lesson_fail(p,
		                   _("expected an address (127.0.0.1, ::1, "
		                     "0.0.0.0) after 'address', found %s"),
		                   lessonword_quote(w, q, sizeof q));
	snprintf(e->address, sizeof e->address, "%s", w);
	return lesson_end(p, rest, w);
}

/* port N (0 to 65535) or port ephemeral. */
static bool lesson_expect_port(struct lesson_parser *p, struct lesson_expect *e,
                               char *rest)
{
	const char *w = lessonword_next(&rest);
	char q[64];

	if (strcmp(w, "ephemeral") == 0)
		e->value = -1;
	else if (!lessonword_number(w, 0, LESSON_MAX_PORT, &e->value))
		return lesson_fail(p,
		                   _("expected a port from 0 to %d or "
		                     "'ephemeral' after 'port', found %s"),
		                   LESSON_MAX_PORT,
		                   lessonword_quote(w, q, sizeof q));
	return lesson_end(p, rest, w);
}

/* soerror 0 or an errno name. */
static bool lesson_expect_soerror(struct lesson_parser *p,
                                  struct lesson_expect *e, char *rest)
{
	char *peek = rest;
	const char *w = lessonword_next(&peek);
	if (strcmp(w, "0") == 0) {
		e->err = 0;
		return lesson_end(p, peek, w);
	}
	return lesson_expect_errno(p, e, rest);
}

/* revents POLLOUT[,POLLERR...]: poll set at least these. */
static bool lesson_expect_revents(struct lesson_parser *p,
                                  struct lesson_expect *e, char *rest)
{
	const char *w = lessonword_next(&rest);
	int bits = event_poll_bits(w, strlen(w));
	char q[64];

	if (bits <= 0)
		return lesson_fail(p,
		                   /* TRANSLATORS: keep the names. */
		                   _("expected poll events (POLLIN, POLLOUT, "
		                     "POLLERR, POLLHUP, ...) after 'revents', "
		                     "found %s"),
		                   lessonword_quote(w, q, sizeof q));
	e->flags = (uint16_t)bits;
	return lesson_end(p, rest, w);
}

/* queue N: connections waiting in the listener's accept queue. */
static bool lesson_expect_queue(struct lesson_parser *p,
                                struct lesson_expect *e, char *rest)
{
	const char *w = lessonword_next(&rest);
	char q[64];

	if (!lessonword_number(w, 0, LESSON_MAX_BACKLOG + 1, &e->value))
		return lesson_fail(p,
		                   _("expected a number of connections from 0 "
		                     "to %d after 'queue', found %s"),
		                   LESSON_MAX_BACKLOG + 1,
		                   lessonword_quote(w, q, sizeof q));
	e->actor = SIDE_SERVER;
	return lesson_end(p, rest, w);
}

/* signal SIGPIPE, no-signal SIGPIPE: the one signal a call raises. */
static bool lesson_expect_signal(struct lesson_parser *p,
                                 struct lesson_expect *e, char *rest)
{
	const char *w = lessonword_next(&rest);
	char q[64];

	if (strcmp(w, "SIGPIPE") != 0)
		return lesson_fail(p,
		                   _("expected 'SIGPIPE' after '%s', found %s"),
		                   lesson_expect_kind_name(e->kind),
		                   lessonword_quote(w, q, sizeof q));
	e->value = 13; /* SIGPIPE on every Linux architecture */
	return lesson_end(p, rest, w);
}

static bool lesson_expect_body(struct lesson_parser *p, struct lesson_expect *e,
                               const char *kind, char *rest)
{
	char q[64];

	if (strcmp(kind, "segment") == 0 || strcmp(kind, "no-segment") == 0) {
		e->kind = kind[0] == 's' ? LESSON_EXPECT_SEGMENT
		                         : LESSON_EXPECT_NO_SEGMENT;
		return lesson_expect_segment(p, e, rest);
	}
	if (strcmp(kind, "returns") == 0) {
		e->kind = LESSON_EXPECT_RETURNS;
		return lesson_expect_returns(p, e, rest);
	}
	if (strcmp(kind, "errno") == 0) {
		e->kind = LESSON_EXPECT_ERRNO;
		return lesson_expect_errno(p, e, rest);
	}
	if (strcmp(kind, "blocked") == 0) {
		/* blocked: the step's own call; blocked ACTOR: the call that
		 * actor made in an earlier step. */
		char *peek = rest;
		const char *aw = lessonword_next(&peek);
		int a = lesson_actor(aw);
		e->kind = a >= 0 ? LESSON_EXPECT_STILL : LESSON_EXPECT_BLOCKED;
		if (a < 0)
			return lesson_end(p, rest, kind);
		e->actor = (enum side)a;
		return lesson_end(p, peek, aw);
	}
	if (strcmp(kind, "kstate") == 0 || strcmp(kind, "kstate-seen") == 0) {
		e->kind = kind[6] ? LESSON_EXPECT_KSTATE_SEEN
		                  : LESSON_EXPECT_KSTATE;
		return lesson_expect_kstate(p, e, rest);
	}
	static const struct {
		const char *name;
		enum lesson_expect_kind kind;
		bool (*fn)(struct lesson_parser *, struct lesson_expect *,
		           char *);
	} more[] = {
	        {"address", LESSON_EXPECT_ADDRESS, lesson_expect_address},
	        {"port", LESSON_EXPECT_PORT, lesson_expect_port},
	        {"soerror", LESSON_EXPECT_SOERROR, lesson_expect_soerror},
	        {"revents", LESSON_EXPECT_REVENTS, lesson_expect_revents},
	        {"signal", LESSON_EXPECT_SIGNAL, lesson_expect_signal},
	        {"no-signal", LESSON_EXPECT_NO_SIGNAL, lesson_expect_signal},
	        {"queue", LESSON_EXPECT_QUEUE, lesson_expect_queue},
	};
	for (size_t i = 0; i < sizeof more / sizeof more[0]; i++) {
		if (strcmp(kind, more[i].name) != 0)
			continue;
		e->kind = more[i].kind;
		return more[i].fn(p, e, rest);
	}
	return lesson_fail(p,
	                   /* TRANSLATORS: keep the kinds of expect. */
	                   _("expected segment, no-segment, returns, errno, "
	                     "blocked, kstate, queue, address, port, soerror, "
	                     "revents, signal or no-signal after 'expect', "
	                     "found %s"),
	                   lessonword_quote(kind, q, sizeof q));
}

/* A sleep or a wait makes no call, so nothing can return, fail or
 * block in it. */
static bool lesson_expect_fits(struct lesson_parser *p,
                               const struct lesson_step *s,
                               const struct lesson_expect *e)
{
	static const struct {
		enum lesson_expect_kind kind;
		enum lesson_call call;
	} only[] = {
	        {LESSON_EXPECT_ADDRESS, LESSON_CALL_GETSOCKNAME},
	        {LESSON_EXPECT_PORT, LESSON_CALL_GETSOCKNAME},
	        {LESSON_EXPECT_SOERROR, LESSON_CALL_SOERROR},
	        {LESSON_EXPECT_REVENTS, LESSON_CALL_POLL},
	        {LESSON_EXPECT_SIGNAL, LESSON_CALL_SEND},
	        {LESSON_EXPECT_NO_SIGNAL, LESSON_CALL_SEND},
	};
	for (size_t i = 0; i < sizeof only / sizeof only[0]; i++)
		if (only[i].kind == e->kind && only[i].call != s->call)
			return lesson_fail(
			        p,
			        /* TRANSLATORS: 'expect port' on a 'getsockname'
			         * step, found it on a 'connect' step. */
			        _("expected 'expect %s' on a '%s' step, found "
			          "it on a '%s' step"),
			        lesson_expect_kind_name(e->kind),
			        lesson_call_name(only[i].call),
			        lesson_call_name(s->call));
	bool nocall =
	        s->call == LESSON_CALL_SLEEP || s->call == LESSON_CALL_WAIT ||
	        s->call == LESSON_CALL_FORK || s->call == LESSON_CALL_EXIT;
	if (!nocall || e->kind == LESSON_EXPECT_SEGMENT ||
	    e->kind == LESSON_EXPECT_NO_SEGMENT ||
	    e->kind == LESSON_EXPECT_KSTATE ||
	    e->kind == LESSON_EXPECT_KSTATE_SEEN ||
	    e->kind == LESSON_EXPECT_QUEUE || e->kind == LESSON_EXPECT_STILL)
		return true;
	return lesson_fail(p,
	                   /* TRANSLATORS: keep the kinds of expect. */
	                   _("expected segment, no-segment, kstate, queue or "
	                     "blocked ACTOR on a '%s' step (it makes no call), "
	                     "found '%s'"),
	                   lesson_call_name(s->call),
	                   lesson_expect_kind_name(e->kind));
}

bool lesson_do_expect(struct lesson_parser *p, char *rest)
{
	struct lesson_step *s = lesson_step_for(p, "expect");
	struct lesson_expect e;
	char *written;

	if (s == NULL)
		return false;
	memset(&e, 0, sizeof e);
	e.line = p->line;
	written = xstrdup(rest);
	const char *kind = lessonword_next(&rest);
	if (!lesson_expect_body(p, &e, kind, rest) ||
	    !lesson_expect_fits(p, s, &e)) {
		free(written);
		return false;
	}
	e.text = written;
	lesson_add_expect(p, s, &e);
	return true;
}
