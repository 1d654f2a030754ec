/*
 * render_mermaid.c - the session as a Mermaid sequenceDiagram, for
 * Markdown notes (GitHub, GitLab and most note tools draw it).
 *
 * Participants: the client's kernel and the server's kernel (named by
 * their endpoints), and where socket calls are known the client's and
 * the server's programs beside them. Each segment is a message between
 * the kernels; a state a segment changes is a note over its side; a call
 * is a message from its program to its kernel and its return one back,
 * a call that blocks (accept, connect, recv, poll) an activation closed
 * explicitly at its return (or at the end, said so). One stream per
 * diagram: the one view_options.stream names, or the first; the others
 * are named at the end, and a stream asked for that never came is said.
 *
 * The body is kept in memory (at most MERMAID_ROWS rows) and written at
 * the end, when it is known which participants it needs. Pure: writes
 * into the outbuf it is given; same events, same bytes.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diagram.h"
#include "explain.h"
#include "i18n.h"
#include "payload.h"
#include "render.h"
#include "views.h"
#include "util.h"

/* Rows past which the diagram would be no use, and bytes past which
 * Mermaid itself refuses to draw it (its maxTextSize, 50,000 by default,
 * as on GitHub): the rest is counted. */
enum { MERMAID_ROWS = 2000, MERMAID_BYTES = 45000, LINE = 1024 };

struct mermaid_active {
	const struct actor *actor;
	enum side side;
	int64_t entered; /* t_ns of its entry */
};

struct mermaid_view {
	struct view view;
	struct outbuf *out;
	char *title;
	char *body;
	size_t len, cap;
	size_t rows, left_out;
	bool full; /* MERMAID_BYTES reached */
	/* The stream shown: the one asked for, or -1 until the first
	 * segment names it. */
	long stream;
	bool asked; /* a stream was asked for (it may never come) */
	bool seen;  /* a segment of the stream shown met: its endpoints */
	struct endpoint client, server;
	bool programs[SIDE_COUNT]; /* calls known on that side */
	struct mermaid_active *active;
	size_t nactive;
};

static struct mermaid_view *mermaid_of(struct view *v)
{
	return (struct mermaid_view *)v;
}

/* Text inside a message or note: Mermaid's own characters (# ; < > &
 * ") as its entity codes, controls and newlines as spaces. */
static void mermaid_escape(char *out, size_t cap, const char *s)
{
	size_t n = 0;
	for (; *s && n + 8 < cap; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '#' || c == ';' || c == '<' || c == '>' || c == '&' ||
		    c == '"')
			n += (size_t)snprintf(out + n, cap - n, "#%u;", c);
		else
			out[n++] = c < 0x20 || c == 0x7f ? ' ' : (char)c;
	}
	out[n] = '\0';
}

/* One row of the body (already escaped where it needs to be). */
static void mermaid_row(struct mermaid_view *m, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
static void mermaid_row(struct mermaid_view *m, const char *fmt, ...)
{
	char line[LINE + 64];
	va_list ap;
	if (m->rows >= MERMAID_ROWS || m->full) {
		m->left_out++;
		return;
	}
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	size_t len = strlen(line);
	if (m->len + len + 5 > MERMAID_BYTES) {
		m->full = true;
		m->left_out++;
		return;
	}
	if (m->len + len + 6 > m->cap) {
		m->cap = (m->cap + len + 6) * 2;
		m->body = xrealloc(m->body, m->cap);
	}
	memcpy(m->body + m->len, "    ", 4);
	memcpy(m->body + m->len + 4, line, len);
	m->body[m->len + 4 + len] = '\n';
	m->len += len + 5;
	m->rows++;
}

static const char *mermaid_kernel(enum side s)
{
	return s == SIDE_CLIENT ? "C" : "S";
}

static const char *mermaid_program(enum side s)
{
	return s == SIDE_CLIENT ? "CP" : "SP";
}

static void mermaid_begin(struct view *v, const struct session_info *info)
{
	struct mermaid_view *m = mermaid_of(v);
	if (m->title == NULL && info->title)
		m->title = xstrdup(info->title);
}

static void mermaid_state_notes(struct mermaid_view *m,
                                const struct seg_event *ev)
{
	enum side from = ev->c2s ? SIDE_CLIENT : SIDE_SERVER;
	enum side to = ev->c2s ? SIDE_SERVER : SIDE_CLIENT;
	if (ev->src_state != ev->src_before)
		mermaid_row(m, "Note over %s: %s", mermaid_kernel(from),
		            tcpstate_name(ev->src_state));
	if (ev->dst_state != ev->dst_before)
		mermaid_row(m, "Note over %s: %s", mermaid_kernel(to),
		            tcpstate_name(ev->dst_state));
}

static void mermaid_segment(struct view *v, const struct seg_event *ev,
                            int64_t t_ns)
{
	struct mermaid_view *m = mermaid_of(v);
	const struct segment *s = ev->seg;
	char text[LINE], esc[LINE * 2];
	(void)t_ns;
	if (m->stream < 0)
		m->stream = (long)ev->stream->id;
	if ((long)ev->stream->id != m->stream)
		return;
	if (!m->seen) {
		m->seen = true;
		m->client = ev->stream->client;
		m->server = ev->stream->server;
		/* Where each side starts (a server with no listener: CLOSED).
		 */
		mermaid_row(m, "Note over C: %s",
		            tcpstate_name(ev->c2s ? ev->src_before
		                                  : ev->dst_before));
		mermaid_row(m, "Note over S: %s",
		            tcpstate_name(ev->c2s ? ev->dst_before
		                                  : ev->src_before));
	}
	char *p = render_put_flags(text, s->flags);
	p += sprintf(p, " seq=%u", ev->rseq);
	if (s->flags & TH_ACK)
		p += sprintf(p, " ack=%u", ev->rack);
	if (s->len)
		p += sprintf(p, " len=%u", s->len);
	if (s->payload_kept) {
		char pay[PAYLOAD_ESCAPED_MAX(SEGMENT_PAYLOAD_MAX) + 1];
		size_t used = 0;
		size_t n = payload_escape(pay, s->payload, s->payload_kept, 0,
		                          24, &used, NULL);
		pay[n] = '\0';
		p += sprintf(p, " \"%s%s\"", pay,
		             used < s->payload_kept || s->len > used ? "..."
		                                                     : "");
	}
	p += sprintf(p, " (%s)",
	             explain_teardown_label(
	                     ev->role,
	                     explain_teardown_step(ev->role, ev->src_before,
	                                           ev->dst_before)));
	for (unsigned i = 0; i < AN_COUNT_BITS; i++)
		if (ev->analysis & (1u << i))
			p += sprintf(p, " [%s]", conntrack_analysis_label(i));
	mermaid_escape(esc, sizeof esc, text);
	mermaid_row(m, "%s->>%s: %s", ev->c2s ? "C" : "S", ev->c2s ? "S" : "C",
	            esc);
	mermaid_state_notes(m, ev);
}

static bool mermaid_blocks(enum call_kind c)
{
	return c == CALL_ACCEPT || c == CALL_CONNECT || c == CALL_RECV ||
	       c == CALL_POLL;
}

/* A call of the shown connection, of a listener or of a source that
 * does not say (the scripted actors). */
static bool mermaid_call_shown(const struct mermaid_view *m,
                               const struct call_event *ev)
{
	return !ev->has_stream || m->stream < 0 ||
	       (long)ev->stream == m->stream;
}

static struct mermaid_active *mermaid_find(struct mermaid_view *m,
                                           const struct call_event *ev)
{
	for (size_t i = 0; i < m->nactive; i++)
		if (m->active[i].actor == ev->actor &&
		    m->active[i].side == ev->side)
			return &m->active[i];
	return NULL;
}

static void mermaid_call(struct view *v, const struct call_event *ev,
                         int64_t t_ns)
{
	struct mermaid_view *m = mermaid_of(v);
	char text[LINE], esc[LINE * 2], fd[16] = "", took[48] = "";
	if ((unsigned)ev->side >= SIDE_COUNT)
		return;
	struct mermaid_active *a = mermaid_find(m, ev);
	/* A return whose entry is drawn is drawn, whichever connection it
	 * came to be on (connect() entered before its SYN named one). */
	if (!(a != NULL && !ev->enter) && !mermaid_call_shown(m, ev))
		return;
	/* How long a call that blocked was in it, from 0.1 ms. */
	if (!ev->enter && a != NULL && t_ns - a->entered >= 100000)
		snprintf(took, sizeof took, _(" after %.2f ms"),
		         (double)(t_ns - a->entered) / 1e6);
	const char *who = explain_named(ev->actor)
	                          ? explain_who(ev->actor, ev->side)
	                          : NULL;
	char detail[256];
	explain_detail(detail, sizeof detail, ev->detail);
	const char *prog = mermaid_program(ev->side);
	const char *kern = mermaid_kernel(ev->side);
	m->programs[ev->side] = true;
	if (ev->fd >= 0)
		snprintf(fd, sizeof fd, "%d", ev->fd);
	if (ev->enter)
		snprintf(text, sizeof text, "%s%s%s(%s%s%s)", who ? who : "",
		         who ? " " : "", event_call_label(ev), fd,
		         *fd && *detail ? ", " : "", detail);
	else {
		const char *e = event_errno_name(ev->err);
		snprintf(text, sizeof text, "%s%s%s() = %ld%s%s%s%s%s",
		         who ? who : "", who ? " " : "", event_call_label(ev),
		         ev->ret, e ? " " : "", e ? e : "", took,
		         !*detail                  ? ""
		         : ev->call == CALL_ACCEPT ? _(" from ")
		                                   : " ",
		         detail);
	}
	mermaid_escape(esc, sizeof esc, text);
	if (ev->enter) {
		mermaid_row(m, "%s->>%s: %s", prog, kern, esc);
		if (mermaid_blocks(ev->call) && a == NULL) {
			m->active =
			        xrealloc(m->active,
			                 (m->nactive + 1) * sizeof *m->active);
			m->active[m->nactive++] = (struct mermaid_active){
			        ev->actor, ev->side, t_ns};
			mermaid_row(m, "activate %s", prog);
		}
		return;
	}
	mermaid_row(m, "%s-->>%s: %s", kern, prog, esc);
	if (a != NULL) {
		*a = m->active[--m->nactive];
		mermaid_row(m, "deactivate %s", prog);
	}
}

static void mermaid_kstate(struct view *v, const struct kstate_event *ev,
                           int64_t t_ns)
{
	struct mermaid_view *m = mermaid_of(v);
	(void)t_ns;
	/* The kernel's word is news only where it disagrees. */
	if (!ev->has_inferred || ev->inferred == ev->state ||
	    (long)ev->stream != m->stream || (unsigned)ev->side >= SIDE_COUNT)
		return;
	char text[LINE], esc[LINE * 2];
	snprintf(text, sizeof text, _("kernel says %s (segments say %s)"),
	         tcpstate_name(ev->state), tcpstate_name(ev->inferred));
	mermaid_escape(esc, sizeof esc, text);
	mermaid_row(m, "Note over %s: %s", mermaid_kernel(ev->side), esc);
}

static void mermaid_narration(struct view *v, int step,
                              enum narration_kind kind, const char *text,
                              int64_t t_ns)
{
	struct mermaid_view *m = mermaid_of(v);
	char esc[LINE * 2];
	(void)t_ns;
	if (kind != NARRATION_STEP)
		return;
	mermaid_escape(esc, sizeof esc, text);
	char head[64];
	snprintf(head, sizeof head, _("step %d"), step + 1);
	mermaid_row(m, "Note over C,S: %s: %s", head, esc);
}

static void mermaid_note(struct view *v, const struct note_event *ev,
                         int64_t t_ns)
{
	struct mermaid_view *m = mermaid_of(v);
	char text[LINE], esc[LINE * 2];
	(void)t_ns;
	if ((unsigned)ev->side >= SIDE_COUNT)
		return;
	m->programs[ev->side] = true;
	explain_note(text, sizeof text, ev);
	mermaid_escape(esc, sizeof esc, text);
	mermaid_row(m, "Note over %s: %s", mermaid_program(ev->side), esc);
}

static void mermaid_stream(struct view *v, const struct stream_info *s)
{
	(void)v, (void)s;
}

static void mermaid_participant(struct outbuf *o, const char *id,
                                const char *what, const struct endpoint *e)
{
	outbuf_str(o, "    participant ");
	outbuf_str(o, id);
	outbuf_str(o, " as ");
	outbuf_str(o, what);
	if (e != NULL) {
		outbuf_char(o, ' ');
		outbuf_endpoint(o, &e->addr, e->port);
	}
	outbuf_char(o, '\n');
}

static void mermaid_closing_note(struct outbuf *o, const char *line)
{
	char esc[LINE * 2];
	mermaid_escape(esc, sizeof esc, line);
	outbuf_printf(o, "    Note over C,S: %s\n", esc);
}

static void mermaid_finish(struct view *v, const struct session_totals *t)
{
	struct mermaid_view *m = mermaid_of(v);
	struct outbuf *o = m->out;
	char line[LINE], esc[LINE * 2];
	/* Every activation is closed, said where a call never returned. */
	while (m->nactive > 0) {
		struct mermaid_active a = m->active[--m->nactive];
		mermaid_row(m, "Note over %s: %s", mermaid_program(a.side),
		            _("still blocked at the end"));
		mermaid_row(m, "deactivate %s", mermaid_program(a.side));
	}
	outbuf_str(o, "sequenceDiagram\n");
	if (m->title) { /* a comment: what it is a diagram of */
		mermaid_escape(esc, sizeof esc, m->title);
		outbuf_str(o, "    %% ");
		outbuf_str(o, esc);
		outbuf_char(o, '\n');
	}
	bool seen = m->seen;
	if (m->programs[SIDE_CLIENT])
		mermaid_participant(o, "CP", _("client program"), NULL);
	mermaid_participant(o, "C", _("client"), seen ? &m->client : NULL);
	mermaid_participant(o, "S", _("server"), seen ? &m->server : NULL);
	if (m->programs[SIDE_SERVER])
		mermaid_participant(o, "SP", _("server program"), NULL);
	if (m->len > 0) /* no row at all: no body to copy from */
		outbuf_mem(o, m->body, m->len);
	if (m->left_out) {
		snprintf(line, sizeof line,
		         _("%zu more rows not drawn (at most %d rows and %d "
		           "bytes, what Mermaid draws): replay with a filter "
		           "for "
		           "fewer"),
		         m->left_out, MERMAID_ROWS, MERMAID_BYTES);
		mermaid_closing_note(o, line);
	}
	diagram_streams_note(line, sizeof line, seen ? m->stream : -1,
	                     m->asked ? m->stream : -1, t->streams);
	if (line[0])
		mermaid_closing_note(o, line);
	if (!seen && !m->asked && m->rows == 0)
		outbuf_str(o, "    Note over C,S: no TCP segment\n");
}

static void mermaid_destroy(struct view *v)
{
	struct mermaid_view *m = mermaid_of(v);
	free(m->title);
	free(m->body);
	free(m->active);
	free(m);
}

/* The mermaid format of the table in views.c. */
struct view *render_mermaid_make(const struct view_options *opt);
struct view *render_mermaid_make(const struct view_options *opt)
{
	struct mermaid_view *m = xcalloc(1, sizeof *m);
	m->out = opt->out;
	m->title = opt->title ? xstrdup(opt->title) : NULL;
	m->stream = opt->stream >= 0 ? opt->stream : -1;
	m->asked = opt->stream >= 0;
	m->view.begin = mermaid_begin;
	m->view.segment = mermaid_segment;
	m->view.call = mermaid_call;
	m->view.kstate = mermaid_kstate;
	m->view.narration = mermaid_narration;
	m->view.note = mermaid_note;
	m->view.stream = mermaid_stream;
	m->view.finish = mermaid_finish;
	m->view.destroy = mermaid_destroy;
	return &m->view;
}
