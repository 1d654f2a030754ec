/*
 * render_text.c - the plain sequence diagram, for handouts and pipes.
 *
 * The client's column on the left, the server's on the right, one arrow
 * per segment pointing the way it travelled, each side's state written
 * where it changes. Rows stream out in time order; when segments of
 * several connections interleave, a header line names the stream each
 * run of rows belongs to. Must not decode or track anything.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "payload.h"
#include "i18n.h"
#include "render.h"
#include "views.h"
#include "utf8.h"
#include "util.h"

enum {
	TIME_W = 11,  /* "  12.000031" */
	STATE_W = 12, /* "SYN_RECEIVED" */
	ARROW_W = 40, /* so that a row fits 80 columns */
};

/* The words of a segment's label, translated once: rows are written
 * millions of times. */
struct text_labels {
	const char *role[ROLE_COUNT];
	const char *teardown[5]; /* steps 1, 2, 3, 4 and 2+3 (23) */
	const char *analysis[AN_COUNT_BITS];
	const char *truncated, *malformed, *bad_option;
};

struct text_view {
	struct view view;
	struct text_labels labels;
	struct outbuf *out;
	struct text_options opt;
	const char *dash, *right_head, *left_head, *ellipsis;
	/* Both arrows drawn once: ARROW_W cells of at most 3 bytes. */
	char arrow_right[ARROW_W * 3 + 1], arrow_left[ARROW_W * 3 + 1];
	size_t arrow_len;
	uint64_t last_stream;
	int have_last;
	uint64_t streams_shown;
	int title_done;
	int file_gap; /* a later one of several captures: a blank line first */
	int blank_owed; /* narration ended: a blank line before what follows */
	/* When each actor's pending call began: one entry an actor. */
	struct text_entered {
		const struct actor *actor;
		enum side side; /* the key with actor, for events without */
		int64_t t_ns;
	} * entered;
	size_t nentered;
	/* The kernel states shown so far, so only changes are written. */
	struct {
		struct endpoint local, remote;
		enum tcp_state state;
		uint32_t queue; /* a listener's accept queue, as shown */
	} kshown[16];
	int nkshown;
};

/* Where the right-hand column ends: time, client state, arrow, server;
 * where a segment's label (and its payload below it) starts. */
enum {
	ROW_END = TIME_W + 2 + STATE_W + 1 + ARROW_W + 1 + STATE_W,
	LABEL_X = TIME_W + 2 + STATE_W + 3,
};

static void text_pad(struct outbuf *o, size_t n)
{
	outbuf_repeat(o, " ", n);
}

/* The segment rows are written straight into the buffer (outbuf's put_*
 * writers), as the JSON Lines are: millions of them in a replay. Room
 * for the two rows of one segment, every note and message included
 * (about 700 bytes at the very most). */
enum { SEGMENT_ROWS_MAX = 2048, STREAM_HEADER_MAX = 1024 };

static char *text_put_pad(char *p, size_t n)
{
	memset(p, ' ', n);
	return p + n;
}

/* s padded to w cells (longer strings are kept whole). */
static char *text_put_cell(char *p, const char *s, size_t w)
{
	size_t len = strlen(s), n = utf8_width(s);
	memcpy(p, s, len);
	return n < w ? text_put_pad(p + len, w - n) : p + len;
}

/* Seconds with microseconds, right-aligned in the time column. */
static char *text_put_time(char *p, int64_t ns)
{
	int64_t us = ns >= 0 ? (ns + 500) / 1000 : -((-ns + 500) / 1000);
	uint64_t a = us < 0 ? (uint64_t)0 - (uint64_t)us : (uint64_t)us;
	char sec[24];
	char *end = sec + sizeof sec;
	char *start = outbuf_digits_back(end, a / 1000000);
	if (us < 0)
		*--start = '-';
	size_t n = (size_t)(end - start);
	if (n < TIME_W - 7)
		p = text_put_pad(p, TIME_W - 7 - n);
	memcpy(p, start, n);
	p += n;
	*p++ = '.';
	memset(p, '0', 6);
	outbuf_digits_back(p + 6, a % 1000000);
	return p + 6;
}

/*
 * The gap after a time of `used` bytes (all ASCII) that was meant to be
 * followed by `gap` spaces: a time wider than its column (five integer
 * digits and more: 10000 s into a capture) takes its room from the gap,
 * keeping at least one space, so the columns after it stay where they
 * are.
 */
static size_t text_gap_after(size_t used, size_t gap)
{
	size_t over = used > TIME_W ? used - TIME_W : 0;
	return over < gap ? gap - over : 1;
}

/* The time of a side line; returns the cells it took. */
static size_t text_time(struct outbuf *o, int64_t ns)
{
	char *start = outbuf_reserve(o, 40);
	char *end = text_put_time(start, ns);
	outbuf_commit(o, end);
	return (size_t)(end - start);
}

static char *text_put_endpoint(char *p, const struct endpoint *e)
{
	if (e->addr.family == 6)
		*p++ = '[';
	p = put_ipaddr(p, &e->addr);
	if (e->addr.family == 6)
		*p++ = ']';
	*p++ = ':';
	return put_u64(p, e->port);
}

static void text_title(struct text_view *t)
{
	if (t->title_done)
		return;
	t->title_done = 1;
	if (t->file_gap)
		outbuf_char(t->out, '\n');
	if (t->opt.title)
		outbuf_printf(t->out, "%s\n", t->opt.title);
}

/* Several captures one after another: each diagram after the first is
 * set off by a blank line before its title, which names its file. */
static void text_begin_view(struct view *v, const struct session_info *info)
{
	struct text_view *t = (struct text_view *)v;
	t->file_gap = info->files > 1 && info->file_number > 1;
}

/* Before a line of the diagram: the blank a narration block owes it. */
static void text_begin(struct text_view *t)
{
	text_title(t);
	if (t->blank_owed)
		outbuf_char(t->out, '\n');
	t->blank_owed = 0;
}

static void text_stream_header(struct text_view *t, const struct seg_event *ev)
{
	struct outbuf *o = t->out;
	const struct stream_info *s = ev->stream;
	char *p = outbuf_reserve(o, STREAM_HEADER_MAX);

	char ce[64], se[64];
	*text_put_endpoint(ce, &s->client) = '\0';
	*text_put_endpoint(se, &s->server) = '\0';
	p += snprintf(p, 256,
	              ev->new_stream
	                      ? _("\nstream %llu: client %s, server %s")
	                      : _("\nstream %llu (continued): client %s, "
	                          "server %s"),
	              (unsigned long long)s->id, ce, se);
	if (s->client_guessed)
		p += snprintf(p, 200, "\n%s",
		              _("(no SYN in the capture: the higher port is "
		                "taken for the client)"));
	*p++ = '\n';
	if (ev->new_stream) {
		/* TRANSLATORS: column headings, right-aligned "time" in 11
		 * cells, then the two sides. */
		p = text_put_cell(p, _("       time"), TIME_W);
		p = PUT_LIT(p, "  ");
		p = text_put_cell(p, _("client"), STATE_W + 1 + ARROW_W + 1);
		p += snprintf(p, 64, "%s\n", _("server"));
		/* The states before the first segment: what the capture
		 * starts in. */
		enum tcp_state c = ev->c2s ? ev->src_before : ev->dst_before;
		enum tcp_state sv = ev->c2s ? ev->dst_before : ev->src_before;
		p = text_put_pad(p, TIME_W + 2);
		p = text_put_cell(p, tcpstate_name(c),
		                  STATE_W + 1 + ARROW_W + 1);
		p = put_str(p, tcpstate_name(sv));
		*p++ = '\n';
	}
	outbuf_commit(o, p);
}

static char *text_put_label(const struct text_view *t, char *p,
                            const struct seg_event *ev)
{
	const struct segment *s = ev->seg;
	p = render_put_flags(p, s->flags);
	p = PUT_LIT(p, " seq=");
	p = put_u64(p, ev->rseq);
	if (s->flags & TH_ACK) {
		p = PUT_LIT(p, " ack=");
		p = put_u64(p, ev->rack);
	}
	if (s->len) {
		p = PUT_LIT(p, " len=");
		p = put_u64(p, s->len);
	}
	p = PUT_LIT(p, "  (");
	int step =
	        explain_teardown_step(ev->role, ev->src_before, ev->dst_before);
	p = put_str(p, step == 0    ? t->labels.role[ev->role]
	               : step == 23 ? t->labels.teardown[4]
	                            : t->labels.teardown[step - 1]);
	*p++ = ')';
	for (unsigned i = 0; ev->analysis >> i && i < AN_COUNT_BITS; i++) {
		if (ev->analysis & (1u << i)) {
			p = PUT_LIT(p, " [");
			p = put_str(p, t->labels.analysis[i]);
			*p++ = ']';
		}
	}
	if (s->truncated) {
		p = PUT_LIT(p, " [");
		p = put_str(p, t->labels.truncated);
		*p++ = ']';
	}
	if (s->malformed) {
		p = PUT_LIT(p, " [");
		p = put_str(p, t->labels.malformed);
		p = put_str(p, s->malformed);
		*p++ = ']';
	}
	if (s->opts.error) {
		p = PUT_LIT(p, " [");
		p = put_str(p, t->labels.bad_option);
		p = put_str(p, s->opts.error);
		*p++ = ']';
	}
	return p;
}

/*
 * The payload's first bytes on a line of their own under the label,
 * quoted, escaped where not printable (payload.h), cut to end at the
 * right-hand column: a closing quote when all of it is shown, else an
 * ellipsis. The label's len= says how many bytes there were.
 */
static char *text_put_payload(const struct text_view *t, char *p,
                              const struct segment *s)
{
	size_t ell = strlen(t->ellipsis), used;
	size_t room = ROW_END - LABEL_X - 1 - (t->opt.ascii ? ell : 1);
	p = text_put_pad(p, LABEL_X);
	*p++ = '"';
	p += payload_escape(p, s->payload, s->payload_kept,
	                    t->opt.ascii ? PAYLOAD_ASCII : 0, room, &used,
	                    NULL);
	if (used == s->len) {
		*p++ = '"';
	} else {
		memcpy(p, t->ellipsis, ell);
		p += ell;
	}
	*p++ = '\n';
	return p;
}

static void text_segment(struct view *v, const struct seg_event *ev,
                         int64_t t_ns)
{
	struct text_view *t = (struct text_view *)v;
	struct outbuf *o = t->out;

	text_begin(t);
	if (!t->have_last || t->last_stream != ev->stream->id)
		text_stream_header(t, ev);
	t->have_last = 1;
	t->last_stream = ev->stream->id;

	/* Label line: time, then the flags and numbers above the arrow. */
	char *p = outbuf_reserve(o, SEGMENT_ROWS_MAX);
	char *start = p;
	p = text_put_time(p, t_ns);
	p = text_put_pad(p,
	                 text_gap_after((size_t)(p - start), 2 + STATE_W + 3));
	p = text_put_label(t, p, ev);
	*p++ = '\n';
	if (ev->seg->payload_kept)
		p = text_put_payload(t, p, ev->seg);

	/* Arrow line: states where they change, the arrow between. */
	enum tcp_state cb = ev->c2s ? ev->src_before : ev->dst_before;
	enum tcp_state ca = ev->c2s ? ev->src_state : ev->dst_state;
	enum tcp_state sb = ev->c2s ? ev->dst_before : ev->src_before;
	enum tcp_state sa = ev->c2s ? ev->dst_state : ev->src_state;
	p = text_put_pad(p, TIME_W + 2);
	p = text_put_cell(p, ca != cb ? tcpstate_name(ca) : "", STATE_W);
	*p++ = ' ';
	memcpy(p, ev->c2s ? t->arrow_right : t->arrow_left, t->arrow_len);
	p += t->arrow_len;
	if (sa != sb) {
		*p++ = ' ';
		p = put_str(p, tcpstate_name(sa));
	}
	*p++ = '\n';
	outbuf_commit(o, p);
}

/* A line of the client's (left) or the server's (right) column. */
static void text_side_line(struct text_view *t, enum side side, int64_t t_ns,
                           const char *text)
{
	struct outbuf *o = t->out;
	size_t gap = text_gap_after(text_time(o, t_ns), 2);
	size_t n = utf8_width(text);
	size_t at = TIME_W + 2, start = at, end = 80, least = at + 7;
	if (side == SIDE_SERVER)
		/* Ends at the server's column; a longer line ends at 80
		 * cells if it then starts well right of the client's lines,
		 * else (a traced program's name and arguments) it starts
		 * past the middle. */
		start = n <= ROW_END - at  ? ROW_END - n
		        : n <= end - least ? end - n
		                           : LABEL_X;
	text_pad(o, gap + start - at);
	/* What does not fit in 80 cells goes on under its start. */
	for (const char *p = text, *next; *p; p = next) {
		size_t cut = utf8_wrap(p, end - start, &next);
		if (p != text)
			text_pad(o, start);
		outbuf_mem(o, p, cut);
		outbuf_char(o, '\n');
	}
	if (*text == '\0')
		outbuf_char(o, '\n');
}

/* The slot of the call's actor in t->entered, made if new. */
static int64_t *text_entered(struct text_view *t, const struct call_event *ev)
{
	for (size_t i = 0; i < t->nentered; i++)
		if (t->entered[i].actor == ev->actor &&
		    (ev->actor != NULL || t->entered[i].side == ev->side))
			return &t->entered[i].t_ns;
	t->entered =
	        xrealloc(t->entered, (t->nentered + 1) * sizeof *t->entered);
	t->entered[t->nentered] = (struct text_entered){ev->actor, ev->side, 0};
	return &t->entered[t->nentered++].t_ns;
}

static void text_call(struct view *v, const struct call_event *ev, int64_t t_ns)
{
	struct text_view *t = (struct text_view *)v;
	char fd[16] = "";
	text_begin(t);
	if (ev->fd >= 0)
		snprintf(fd, sizeof fd, "%d", ev->fd);
	const char *name = event_call_label(ev);
	const char *who = explain_who(ev->actor, ev->side);
	char detail[256];
	explain_detail(detail, sizeof detail, ev->detail);
	int64_t *entered = text_entered(t, ev);
	char *line;
	if (ev->enter) {
		*entered = t_ns;
		line = xasprintf("%s %s(%s%s%s) ...", who, name, fd,
		                 *fd && *detail ? ", " : "", detail);
	} else {
		char took[48] = "";
		int64_t d = t_ns - *entered;
		if (d >= 100000) /* worth saying: 0.1 ms or more inside */
			snprintf(took, sizeof took, _(" after %.2f ms"),
			         (double)d / 1e6);
		const char *e = event_errno_name(ev->err);
		/* accept()'s peer and the bytes a read read follow the time;
		 * any other detail goes with the value ("= -1 EPIPE
		 * SIGPIPE"). */
		bool peer = ev->call == CALL_ACCEPT && *detail;
		bool after = peer || detail[0] == '"';
		line = xasprintf("%s %s() = %ld%s%s%s%s%s%s%s", who, name,
		                 ev->ret, e ? " " : "", e ? e : "",
		                 *detail && !after ? " " : "",
		                 !after ? detail : "", took,
		                 peer    ? _(" from ")
		                 : after ? " "
		                         : "",
		                 after ? detail : "");
	}
	text_side_line(t, ev->side, t_ns, line);
	free(line);
}

/* Whether this socket's kernel state was already shown as it is now;
 * remembers it otherwise. */
static int text_kstate_seen(struct text_view *t, const struct kstate_event *ev)
{
	for (int i = 0; i < t->nkshown; i++) {
		if (!endpoint_equal(&t->kshown[i].local, &ev->local) ||
		    !endpoint_equal(&t->kshown[i].remote, &ev->remote))
			continue;
		if (t->kshown[i].state == ev->state &&
		    t->kshown[i].queue == ev->queue)
			return 1;
		t->kshown[i].state = ev->state;
		t->kshown[i].queue = ev->queue;
		return 0;
	}
	int i = t->nkshown < 16 ? t->nkshown++ : 15;
	t->kshown[i].local = ev->local;
	t->kshown[i].remote = ev->remote;
	t->kshown[i].state = ev->state;
	t->kshown[i].queue = ev->queue;
	return 0;
}

static void text_kstate(struct view *v, const struct kstate_event *ev,
                        int64_t t_ns)
{
	struct text_view *t = (struct text_view *)v;
	int mismatch = ev->has_inferred && ev->inferred != ev->state;
	if (text_kstate_seen(t, ev) && !mismatch)
		return;
	text_begin(t);
	char line[256], fd[64];
	if (ev->fd >= 0)
		snprintf(fd, sizeof fd, _("fd %d"), ev->fd);
	else
		snprintf(fd, sizeof fd, "%s", _("no fd"));
	snprintf(line, sizeof line, _("kernel: %s %s %s"),
	         explain_who(ev->actor, ev->side), fd,
	         tcpstate_name(ev->state));
	explain_queue(line, sizeof line, ev);
	if (mismatch)
		strcatf(line, sizeof line, _(" (segments say %s)"),
		        tcpstate_name(ev->inferred));
	text_side_line(t, ev->side, t_ns, line);
}

/* n bytes of text, a recording's bad bytes and controls shown as U+FFFD
 * (one cell, as utf8_wrap counted them). */
static void text_clean(struct outbuf *o, const char *s, size_t n)
{
	char buf[256];
	size_t i = 0, used;
	while (i < n) {
		size_t k = utf8_sanitize(buf, sizeof buf, s + i, n - i, &used);
		outbuf_mem(o, buf, k);
		i += used;
	}
}

/* A lesson's words as a person reads their kind: "say", "ask". */
static const char *text_narration_label(enum narration_kind k)
{
	/* TRANSLATORS: "step 3, say:" heads what a lesson says after
	 * step 3; "ask" its question, "answer" the answer. */
	switch (k) {
	case NARRATION_ASK:
		return _("ask");
	case NARRATION_SAY:
		return _("say");
	case NARRATION_ANSWER:
		return _("answer");
	default:
		return event_narration_name(k);
	}
}

/* Narration as a handout paragraph: a label, then the text wrapped to
 * the diagram's width. */
static void text_narration(struct view *v, int step, enum narration_kind kind,
                           const char *text, int64_t t_ns)
{
	struct text_view *t = (struct text_view *)v;
	struct outbuf *o = t->out;
	(void)t_ns;
	if (kind == NARRATION_SETTLED)
		return; /* the call's own line says whether it returned */
	/* One blank line between blocks, whatever came before. */
	t->blank_owed = 0;
	text_title(t);
	outbuf_char(o, '\n');
	t->blank_owed = 1;
	if (kind == NARRATION_STEP) {
		outbuf_printf(o, _("  step %d: %s\n"), step + 1, text);
		return;
	}
	if (kind != NARRATION_INTRO)
		outbuf_printf(o, _("  step %d, %s:\n"), step + 1,
		              text_narration_label(kind));
	/* 72 cells (a CJK character takes two), never splitting one. */
	for (const char *p = text, *next; *p; p = next) {
		size_t cut = utf8_wrap(p, 72, &next);
		outbuf_str(o, "    ");
		text_clean(o, p, cut);
		outbuf_char(o, '\n');
	}
}

/* A traced program's process: its output, fork, exec and end, in its
 * column. */
static void text_note(struct view *v, const struct note_event *ev, int64_t t_ns)
{
	struct text_view *t = (struct text_view *)v;
	char line[1024];
	text_begin(t);
	explain_note(line, sizeof line, ev);
	text_side_line(t, ev->side, t_ns, line);
}

static void text_stream(struct view *v, const struct stream_info *s)
{
	struct text_view *t = (struct text_view *)v;
	struct outbuf *o = t->out;
	text_begin(t);
	if (t->streams_shown++ == 0)
		outbuf_printf(o, "\n%s\n", _("final states:"));
	/* The endpoints were named in the stream's header: states only,
	 * so the line fits a handout's width. */
	outbuf_printf(o,
	              NG_("  stream %llu: client %s, server %s (%llu "
	                  "segment)\n",
	                  "  stream %llu: client %s, server %s (%llu "
	                  "segments)\n",
	                  s->segments),
	              (unsigned long long)s->id, tcpstate_name(s->client_state),
	              tcpstate_name(s->server_state),
	              (unsigned long long)s->segments);
}

static void text_finish(struct view *v, const struct session_totals *tot)
{
	struct text_view *t = (struct text_view *)v;
	struct outbuf *o = t->out;
	uint64_t skipped = 0;
	text_begin(t);
	for (int i = 0; i < DECODE_RESULT_COUNT; i++)
		skipped += tot->skipped[i];
	char frames[64], segments[64], streams[64];
	snprintf(frames, sizeof frames,
	         NG_("%llu frame", "%llu frames", tot->frames),
	         (unsigned long long)tot->frames);
	snprintf(segments, sizeof segments,
	         NG_("%llu TCP segment", "%llu TCP segments", tot->segments),
	         (unsigned long long)tot->segments);
	snprintf(streams, sizeof streams,
	         NG_("%llu stream", "%llu streams", tot->streams),
	         (unsigned long long)tot->streams);
	/* TRANSLATORS: "12 frames: 10 TCP segments in 1 stream". */
	outbuf_printf(o, _("\n%s: %s in %s"), frames, segments, streams);
	if (tot->filtered_out)
		outbuf_printf(o, _(", %llu not matching the filter"),
		              (unsigned long long)tot->filtered_out);
	if (skipped) {
		outbuf_printf(o, _(", %llu skipped ("),
		              (unsigned long long)skipped);
		int n = 0;
		for (int i = 0; i < DECODE_RESULT_COUNT; i++) {
			if (i == DECODE_TCP || tot->skipped[i] == 0)
				continue;
			outbuf_printf(
			        o, "%s%llu %s", n++ ? ", " : "",
			        (unsigned long long)tot->skipped[i],
			        decode_result_name((enum decode_result)i));
		}
		outbuf_char(o, ')');
	}
	outbuf_str(o, "\n");
}

static void text_destroy(struct view *v)
{
	free(((struct text_view *)v)->entered);
	free(v);
}

struct view *render_text_new(struct outbuf *out, const struct text_options *opt)
{
	struct text_view *t = xcalloc(1, sizeof *t);
	t->view.begin = text_begin_view;
	t->view.segment = text_segment;
	t->view.call = text_call;
	t->view.kstate = text_kstate;
	t->view.narration = text_narration;
	t->view.note = text_note;
	t->view.stream = text_stream;
	t->view.finish = text_finish;
	t->view.destroy = text_destroy;
	t->out = out;
	t->opt = *opt;
	for (int i = 0; i < ROLE_COUNT; i++)
		t->labels.role[i] = endshow_role_label((enum seg_role)i);
	for (unsigned i = 0; i < AN_COUNT_BITS; i++)
		t->labels.analysis[i] = conntrack_analysis_label(i);
	static const int steps[5] = {1, 2, 3, 4, 23};
	for (int i = 0; i < 5; i++)
		t->labels.teardown[i] =
		        explain_teardown_label(ROLE_FIN, steps[i]);
	t->labels.truncated = _("truncated");
	t->labels.malformed = _("malformed: ");
	t->labels.bad_option = _("bad option: ");
	if (opt->ascii) {
		t->dash = "-";
		t->right_head = ">";
		t->left_head = "<";
		t->ellipsis = "...";
	} else {
		t->dash = "\u2500";
		t->right_head = "\u25b6";
		t->left_head = "\u25c0";
		t->ellipsis = "\u2026";
	}
	size_t dash = strlen(t->dash), head = strlen(t->right_head);
	char *r = t->arrow_right, *l = t->arrow_left;
	memcpy(l, t->left_head, head);
	l += head;
	for (int i = 0; i < ARROW_W - 1; i++) {
		memcpy(r + (size_t)i * dash, t->dash, dash);
		memcpy(l + (size_t)i * dash, t->dash, dash);
	}
	memcpy(r + (size_t)(ARROW_W - 1) * dash, t->right_head, head);
	t->arrow_len = (size_t)(ARROW_W - 1) * dash + head;
	return &t->view;
}

/* The text format of the table in views.c. */
struct view *render_text_make(const struct view_options *opt);
struct view *render_text_make(const struct view_options *opt)
{
	struct text_options to = {.ascii = opt->ascii, .title = opt->title};
	return render_text_new(opt->out, &to);
}
