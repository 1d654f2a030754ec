/*
 * layout.c - the timeline screen, drawn into a grid of cells (layout.h).
 *
 * Everything a user sees is decided here: the header with both
 * endpoints, the time column, the client's column, the wire with one
 * arrow per segment, the server's column, the detail pane and its
 * plain-language explanations, the status line, the help, the connection
 * picker and the "too small" line. Must not call ncurses, do I/O or
 * change the timeline: it reads the model and writes cells.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "explain.h"
#include "keys.h"
#include "layout.h"
#include "outbuf.h"
#include "render.h"
#include "utf8.h"
#include "util.h"

enum {
	HEADER_ROWS = 2, /* endpoints, then the column rule */
	STATUS_ROWS = 1,
	DETAIL_MIN = 10,      /* the pane's rule and 9 lines at 80x24 */
	WIRE_MIN = 38,        /* "SYN,ACK seq=0 ack=1 (handshake 2/3)" + ends */
	WIRE_MIN_ABS = 55,    /* the same with raw ten-digit numbers */
	SIDE_MAX = 25,        /* "connect() = 0 ESTABLISHED" */
	NARR_MIN = 10,        /* the lesson pane below: its rule and 9 lines */
	NARR_SIDE_FROM = 120, /* from this width the lesson pane is beside */
	NARR_SIDE_MAX = 64,   /* columns of the lesson pane beside */
	LINE_MAX = 512,
	TITLE_MIN = 12, /* cells of the title the status bar keeps */
};

/* The glyphs of one character set: Unicode or 7-bit ASCII. */
struct glyphs {
	const char *dash, *right, *left, *ellipsis, *to, *vbar;
};

static const struct glyphs glyphs_unicode = {
        "\u2500", "\u25b6", "\u25c0", "\u2026", "\u2192", "\u2502",
};
static const struct glyphs glyphs_ascii = {"-", ">", "<", "~", "->", "|"};

/* Where things are on this screen. */
struct geom {
	int w, h;   /* w: the timeline's columns (the lesson pane may be */
	int full_w; /* beside it); full_w: the terminal's */
	int narr_x, narr_y, narr_w, narr_h; /* the lesson pane, or 0 */
	int pane_y, pane_h;                 /* timeline rows */
	int detail_y, detail_h;
	int status_y;
	int time_w, client_x, side_w, wire_x, wire_w, server_x;
};

/* --- small text helpers --------------------------------------------------- */

struct strbuf {
	char *p;
	size_t len, cap;
};

static int layout_sink(void *ctx, const char *p, size_t n)
{
	struct strbuf *b = ctx;
	size_t room = b->cap - 1 - b->len;
	if (n > room)
		n = room;
	memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

/* "SYN,ACK", as every view of tcpviz names flags. */
static void layout_flags(char *out, size_t cap, uint16_t flags)
{
	struct strbuf b = {out, 0, cap};
	struct outbuf o;
	out[0] = '\0';
	outbuf_init(&o, 64, layout_sink, &b);
	render_flags(&o, flags);
	outbuf_flush(&o);
	outbuf_free(&o);
	if (out[0] == '\0')
		snprintf(out, cap, "none");
}

static void layout_endpoint(char *out, size_t cap, const struct endpoint *e)
{
	struct strbuf b = {out, 0, cap};
	struct outbuf o;
	out[0] = '\0';
	outbuf_init(&o, 64, layout_sink, &b);
	outbuf_endpoint(&o, &e->addr, e->port);
	outbuf_flush(&o);
	outbuf_free(&o);
}

/* Append printf-style to a fixed buffer, never past its end. */
static void layout_cat(char *out, size_t cap, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
static void layout_cat(char *out, size_t cap, const char *fmt, ...)
{
	size_t n = strlen(out);
	va_list ap;
	if (n + 1 >= cap)
		return;
	va_start(ap, fmt);
	vsnprintf(out + n, cap - n, fmt, ap);
	va_end(ap);
}

static const struct glyphs *layout_glyphs(const struct screen_state *st)
{
	return st->ascii ? &glyphs_ascii : &glyphs_unicode;
}

/* Seconds with microseconds: "12.000031", "-0.000250". */
static void layout_seconds(char *out, size_t cap, int64_t ns, bool plus)
{
	int64_t us = ns >= 0 ? (ns + 500) / 1000 : -((-ns + 500) / 1000);
	int64_t a = us < 0 ? -us : us;
	snprintf(out, cap, "%s%lld.%06lld",
	         us < 0 ? "-"
	         : plus ? "+"
	                : "",
	         (long long)(a / 1000000), (long long)(a % 1000000));
}

/* --- geometry --------------------------------------------------------- */

static bool layout_too_small(const struct grid *g)
{
	return g->width < LAYOUT_MIN_WIDTH || g->height < LAYOUT_MIN_HEIGHT;
}

/* The detail pane grows with the terminal, to at most half of it. */
static int layout_detail_rows(int h)
{
	int n = DETAIL_MIN + (h - LAYOUT_MIN_HEIGHT) / 3;
	return n > h / 2 ? h / 2 : n;
}

/*
 * A lesson's pane: beside the timeline from NARR_SIDE_FROM columns (the
 * timeline keeps at least its 80), else below it, where the detail pane
 * takes its place while open.
 */
static void layout_rows(const struct screen_state *st, const struct grid *g,
                        struct geom *ge)
{
	ge->w = ge->full_w = g->width;
	ge->h = g->height;
	ge->status_y = g->height - STATUS_ROWS;
	ge->narr_x = ge->narr_y = ge->narr_w = ge->narr_h = 0;
	ge->detail_h = st->detail ? layout_detail_rows(g->height) : 0;
	ge->detail_y = ge->status_y - ge->detail_h;
	int bottom = ge->detail_y;
	if (st->narration && g->width >= NARR_SIDE_FROM) {
		int w = g->width - LAYOUT_MIN_WIDTH;
		ge->narr_w = w < NARR_SIDE_MAX ? w : NARR_SIDE_MAX;
		ge->w = g->width - ge->narr_w;
		ge->narr_x = ge->w;
		ge->narr_h = ge->status_y;
	} else if (st->narration && !st->detail) {
		int h = NARR_MIN + (g->height - LAYOUT_MIN_HEIGHT) / 3;
		int most = g->height * 5 / 12;
		ge->narr_h = h > most ? most : h;
		ge->narr_w = g->width;
		ge->narr_y = ge->status_y - ge->narr_h;
		bottom = ge->narr_y;
	}
	ge->pane_y = HEADER_ROWS;
	ge->pane_h = bottom - ge->pane_y;
	if (ge->pane_h < 1)
		ge->pane_h = 1;
}

static int64_t layout_last_t(const struct timeline *tl)
{
	size_t n = timeline_count(tl);
	return n ? timeline_row(tl, n - 1)->t_ns : 0;
}

/* Columns: time, client, wire, server, one blank between each. The wire
 * keeps room for a handshake label; the sides share the rest. */
static void layout_columns(const struct timeline *tl,
                           const struct screen_state *st, struct geom *ge)
{
	char t[48];
	layout_seconds(t, sizeof t, layout_last_t(tl), false);
	int tw = (int)utf8_width(t);
	if (tw < 8)
		tw = 8;
	if (st->time_format == TIME_SINCE_PREVIOUS)
		tw++;
	else if (st->time_format == TIME_WALL_CLOCK && timeline_origin(tl))
		tw = 15;
	int rest = ge->w - tw - 1 - 2;
	int side = (rest - (st->absolute ? WIRE_MIN_ABS : WIRE_MIN)) / 2;
	if (side > SIDE_MAX)
		side = SIDE_MAX;
	if (side < 12)
		side = 12;
	ge->time_w = tw;
	ge->side_w = side;
	ge->client_x = tw + 1;
	ge->wire_x = ge->client_x + side + 1;
	ge->wire_w = rest - 2 * side;
	ge->server_x = ge->wire_x + ge->wire_w + 1;
}

int layout_page_lines(const struct screen_state *st, const struct grid *g)
{
	struct geom ge;
	layout_rows(st, g, &ge);
	return ge.pane_h;
}

void layout_scroll_to_selection(struct screen_state *st, const struct grid *g)
{
	size_t page = (size_t)layout_page_lines(st, g);
	if (st->selected < st->top)
		st->top = st->selected;
	else if (st->selected >= st->top + page)
		st->top = st->selected - page + 1;
}

long layout_line_at(const struct screen_state *st, const struct grid *g, int y)
{
	struct geom ge;
	if (layout_too_small(g) || st->help || st->picker)
		return -1;
	layout_rows(st, g, &ge);
	if (y < ge.pane_y || y >= ge.pane_y + ge.pane_h)
		return -1;
	return (long)(st->top + (size_t)(y - ge.pane_y));
}

/* --- the model, as the screen asks for it ----------------------------- */

size_t layout_line_count(const struct timeline *tl,
                         const struct screen_state *st)
{
	size_t n = timeline_display_count(tl);
	if (!st->reveal)
		return n;
	size_t upto = timeline_step_line(tl, st->revealed);
	return upto < n ? upto : n;
}

int layout_last_step(const struct timeline *tl, const struct screen_state *st)
{
	int last = timeline_last_step(tl);
	if (st->reveal && last > st->revealed - 1)
		last = st->revealed - 1;
	return last;
}

static const struct tl_row *layout_line_row(const struct timeline *tl,
                                            size_t line, size_t *row)
{
	size_t r = timeline_display_row(tl, line);
	if (row)
		*row = r;
	return timeline_row(tl, r);
}

/* The stream a row belongs to; calls have none (-1). */
static long layout_row_stream(const struct timeline *tl, const struct tl_row *r)
{
	if (r->kind == TL_SEGMENT)
		return r->u.seg.stream;
	if (r->kind == TL_KSTATE) {
		const struct kstate_event *k = timeline_kstate(tl, r);
		if (k && k->has_inferred)
			return (long)k->stream;
	}
	return -1;
}

/* The stream the header names for a line: its own, or that of the
 * nearest segment before it (after it at the start of a capture). */
static long layout_stream_near(const struct timeline *tl, size_t line)
{
	size_t n = timeline_display_count(tl);
	if (n == 0)
		return timeline_stream_count(tl) ? 0 : -1;
	if (line >= n)
		line = n - 1;
	for (size_t i = line + 1, k = 0; i-- > 0 && k < 4096; k++) {
		long s = layout_row_stream(tl, layout_line_row(tl, i, NULL));
		if (s >= 0)
			return s;
	}
	for (size_t i = line + 1, k = 0; i < n && k < 4096; i++, k++) {
		long s = layout_row_stream(tl, layout_line_row(tl, i, NULL));
		if (s >= 0)
			return s;
	}
	return timeline_stream_count(tl) ? 0 : -1;
}

static bool layout_blocked(const struct timeline *tl, size_t row,
                           const struct call_event *c)
{
	return c->enter && timeline_call_pending(tl, row);
}

/* The enter row of a return (the actor's latest call row before it). */
static const struct tl_row *layout_enter_of(const struct timeline *tl,
                                            size_t row)
{
	const struct call_event *c = timeline_call(tl, timeline_row(tl, row));
	for (size_t i = row, k = 0; i-- > 0 && k < 4096; k++) {
		const struct tl_row *r = timeline_row(tl, i);
		if (r->kind != TL_CALL)
			continue;
		const struct call_event *e = timeline_call(tl, r);
		if (e->actor == c->actor && e->side == c->side)
			return e->enter && e->call == c->call ? r : NULL;
	}
	return NULL;
}

/* "connect() = 0", "connect() = -1 ECONNREFUSED"; compact: no blanks. */
static void layout_return(char *out, size_t cap, const struct call_event *c,
                          bool compact)
{
	const char *e = event_errno_name(c->err);
	snprintf(out, cap, compact ? "%s()=%ld%s%s" : "%s() = %ld%s%s",
	         event_call_name(c->call), c->ret, e ? " " : "", e ? e : "");
}

/* A call's line: the enter with its arguments, or the return. */
static void layout_call_text(char *out, size_t cap, const struct timeline *tl,
                             size_t row, const struct screen_state *st)
{
	const struct tl_row *r = timeline_row(tl, row);
	const struct call_event *c = timeline_call(tl, r);
	char fd[16] = "";
	if (c->fd >= 0)
		snprintf(fd, sizeof fd, "%d", c->fd);
	if (c->enter) {
		snprintf(out, cap, "%s(%s%s%s)", event_call_name(c->call), fd,
		         *fd && *c->detail ? ", " : "", c->detail);
		if (layout_blocked(tl, row, c) && st->now_ns >= r->t_ns)
			layout_cat(out, cap, " blocked %.3f s",
			           (double)(st->now_ns - r->t_ns) / 1e9);
		else
			layout_cat(out, cap, " ...");
		return;
	}
	layout_return(out, cap, c, false);
	const struct tl_row *er = layout_enter_of(tl, row);
	if (er && r->t_ns - er->t_ns >= 100000) /* 0.1 ms: worth saying */
		layout_cat(out, cap, " after %.2f ms",
		           (double)(r->t_ns - er->t_ns) / 1e6);
	if (*c->detail)
		layout_cat(out, cap, " from %s", c->detail);
}

static bool layout_mismatch(const struct kstate_event *k)
{
	return k->has_inferred && k->inferred != k->state;
}

static void layout_kstate_text(char *out, size_t cap,
                               const struct kstate_event *k)
{
	if (k->fd >= 0)
		snprintf(out, cap, "kernel fd %d: %s", k->fd,
		         tcpstate_name(k->state));
	else
		snprintf(out, cap, "kernel (no fd): %s",
		         tcpstate_name(k->state));
	if (layout_mismatch(k))
		layout_cat(out, cap, " != %s inferred",
		           tcpstate_name(k->inferred));
}

/* The client's and the server's states before and after a segment. */
static void layout_seg_states(const struct tl_segment *s, enum side a,
                              enum tcp_state *before, enum tcp_state *after)
{
	bool sender = (a == SIDE_CLIENT) == s->c2s;
	*before = sender ? s->src_before : s->dst_before;
	*after = sender ? s->src_after : s->dst_after;
}

/* What a segment's label says above its arrow. */
static void layout_seg_label(char *out, size_t cap, const struct timeline *tl,
                             const struct tl_segment *s,
                             const struct screen_state *st)
{
	char flags[64];
	layout_flags(flags, sizeof flags, s->flags);
	out[0] = '\0';
	if (timeline_stream_count(tl) > 1)
		layout_cat(out, cap, "#%u ", s->stream);
	layout_cat(out, cap, "%s seq=%u", flags,
	           st->absolute ? s->seq : s->rseq);
	if (s->flags & TH_ACK)
		layout_cat(out, cap, " ack=%u",
		           st->absolute ? s->ack : s->rack);
	if (s->len)
		layout_cat(out, cap, " len=%u", s->len);
	/* Analysis notes before the role: when the wire is too narrow for
	 * both, the unusual is what must show. */
	for (unsigned i = 0; i < AN_COUNT_BITS; i++)
		if (s->analysis & (1u << i))
			layout_cat(out, cap, " [%s]",
			           conntrack_analysis_name(i));
	layout_cat(out, cap, " (%s)", conntrack_role_label(s->role));
	if (s->truncated)
		layout_cat(out, cap, " [truncated]");
	if (s->malformed)
		layout_cat(out, cap, " [malformed]");
}

static int layout_role_color(unsigned role)
{
	switch (role) {
	case ROLE_HANDSHAKE_1:
	case ROLE_HANDSHAKE_2:
	case ROLE_HANDSHAKE_3:
		return COLOR_HANDSHAKE;
	case ROLE_FIN:
	case ROLE_FIN_ACK:
		return COLOR_TEARDOWN;
	case ROLE_RST:
		return COLOR_RESET;
	default:
		return COLOR_DATA;
	}
}

/* --- the timeline pane ------------------------------------------------ */

static void layout_time_text(char *out, size_t cap, const struct timeline *tl,
                             const struct screen_state *st, size_t line)
{
	int64_t t = layout_line_row(tl, line, NULL)->t_ns;
	int64_t origin = timeline_origin(tl);
	if (st->time_format == TIME_SINCE_PREVIOUS) {
		int64_t prev =
		        line ? layout_line_row(tl, line - 1, NULL)->t_ns : t;
		layout_seconds(out, cap, t - prev, true);
	} else if (st->time_format == TIME_WALL_CLOCK && origin) {
		int64_t ns = origin + t;
		time_t secs = (time_t)(ns / 1000000000);
		struct tm tm;
		localtime_r(&secs, &tm);
		snprintf(out, cap, "%02d:%02d:%02d.%06lld", tm.tm_hour,
		         tm.tm_min, tm.tm_sec,
		         (long long)(ns % 1000000000 / 1000));
	} else {
		layout_seconds(out, cap, t, false);
	}
}

/* Text in a side column: the client's from its left edge, the server's
 * too (both read left to right, away from the time column). */
static void layout_side(struct grid *g, const struct geom *ge, int y,
                        enum side a, const char *s, int w, int attr, int color,
                        const char *ell)
{
	int x = a == SIDE_CLIENT ? ge->client_x : ge->server_x;
	grid_text(g, x, y, w, s, attr, color, ell);
}

/* A call or kernel line may run across the wire: nothing else is on its
 * row. The server's is right-aligned so it still reads as the server's. */
static void layout_side_wide(struct grid *g, const struct geom *ge, int y,
                             enum side a, const char *s, int attr, int color,
                             const char *ell)
{
	int w = ge->w - ge->client_x - ge->side_w / 2;
	int n = (int)utf8_width(s);
	if (a == SIDE_CLIENT) {
		grid_text(g, ge->client_x, y, w, s, attr, color, ell);
		return;
	}
	int x = n <= ge->side_w ? ge->server_x : ge->w - (n < w ? n : w);
	if (x < ge->client_x + ge->side_w / 2)
		x = ge->client_x + ge->side_w / 2;
	grid_text(g, x, y, ge->w - x, s, attr, color, ell);
}

/* A side of a segment row: the call it released and the state it moved
 * to, shortened until it fits its column. */
static void layout_seg_side(struct grid *g, const struct geom *ge, int y,
                            const struct timeline *tl, const struct tl_row *r,
                            enum side a, int dim, const char *ell)
{
	const struct tl_segment *s = &r->u.seg;
	enum tcp_state before, after;
	char ret[64] = "", small[64] = "", text[160];
	layout_seg_states(s, a, &before, &after);
	const char *state =
	        after != before || s->new_stream ? tcpstate_name(after) : "";
	if (s->released != TL_NONE) {
		const struct call_event *c =
		        timeline_call(tl, timeline_row(tl, s->released));
		if (c && c->side == a) {
			layout_return(ret, sizeof ret, c, false);
			layout_return(small, sizeof small, c, true);
		}
	}
	int color = a == SIDE_CLIENT ? COLOR_CLIENT : COLOR_SERVER;
	const char *eq = strchr(small, '=');
	/* The longest form that fits: the whole return, without blanks,
	 * only its value (the call is named on its enter line), no return. */
	const char *forms[] = {ret, small, eq ? eq : "", ""};
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		snprintf(text, sizeof text, "%s%s%s", forms[i],
		         *forms[i] && *state ? " " : "", state);
		if ((int)utf8_width(text) <= ge->side_w)
			break;
	}
	layout_side(g, ge, y, a, text, ge->side_w, dim, color, ell);
}

static void layout_arrow(struct grid *g, const struct geom *ge, int y,
                         const struct tl_segment *s, const char *label,
                         int attr, const struct glyphs *gl)
{
	int color = layout_role_color(s->role);
	int x0 = ge->wire_x, x1 = ge->wire_x + ge->wire_w;
	grid_fill(g, y, x0, x1, gl->dash, attr, color);
	if (s->c2s) {
		grid_text(g, x1 - 1, y, 1, gl->right, attr, color, NULL);
		grid_text(g, x0 + 1, y, ge->wire_w - 2, label, attr, color,
		          gl->ellipsis);
	} else {
		grid_text(g, x0, y, 1, gl->left, attr, color, NULL);
		grid_text(g, x0 + 2, y, ge->wire_w - 2, label, attr, color,
		          gl->ellipsis);
	}
}

static void layout_draw_segment(struct grid *g, const struct geom *ge, int y,
                                const struct timeline *tl,
                                const struct tl_row *r,
                                const struct screen_state *st, int dim)
{
	const struct glyphs *gl = layout_glyphs(st);
	char label[LINE_MAX];
	layout_seg_label(label, sizeof label, tl, &r->u.seg, st);
	/* An analysis note (retransmission, ...) makes the arrow bold. */
	layout_arrow(g, ge, y, &r->u.seg, label,
	             dim | (r->u.seg.analysis ? ATTR_BOLD : 0), gl);
	layout_seg_side(g, ge, y, tl, r, SIDE_CLIENT, dim, gl->ellipsis);
	layout_seg_side(g, ge, y, tl, r, SIDE_SERVER, dim, gl->ellipsis);
}

static void layout_draw_call(struct grid *g, const struct geom *ge, int y,
                             const struct timeline *tl, size_t row,
                             const struct screen_state *st)
{
	const struct call_event *c = timeline_call(tl, timeline_row(tl, row));
	char text[LINE_MAX];
	int attr = 0;
	int color = c->side == SIDE_CLIENT ? COLOR_CLIENT : COLOR_SERVER;
	layout_call_text(text, sizeof text, tl, row, st);
	if (layout_blocked(tl, row, c)) {
		attr = ATTR_BOLD;
		color = COLOR_BLOCKED;
	}
	layout_side_wide(g, ge, y, c->side, text, attr, color,
	                 layout_glyphs(st)->ellipsis);
}

static void layout_draw_kstate(struct grid *g, const struct geom *ge, int y,
                               const struct timeline *tl,
                               const struct tl_row *r,
                               const struct screen_state *st)
{
	const struct kstate_event *k = timeline_kstate(tl, r);
	char text[LINE_MAX];
	layout_kstate_text(text, sizeof text, k);
	bool bad = layout_mismatch(k);
	int color = bad                      ? COLOR_MISMATCH
	            : k->side == SIDE_CLIENT ? COLOR_CLIENT
	                                     : COLOR_SERVER;
	/* Kernel lines are the second opinion: dim, unless they disagree. */
	layout_side_wide(g, ge, y, k->side, text,
	                 bad ? ATTR_BOLD | ATTR_UNDERLINE : ATTR_DIM, color,
	                 layout_glyphs(st)->ellipsis);
}

/* "step 3 of 9: server listen", or without the count when unknown. */
static void layout_step_title(char *out, size_t cap, const struct timeline *tl,
                              int step)
{
	const char *what = NULL;
	size_t line = timeline_step_line(tl, step);
	if (line != SIZE_MAX) {
		const struct tl_row *r = layout_line_row(tl, line, NULL);
		const struct tl_narration *n =
		        timeline_narration(tl, r->u.index);
		what = n ? n->text : NULL;
	}
	snprintf(out, cap, "step %d", step + 1);
	if (timeline_steps(tl) > 0)
		layout_cat(out, cap, " of %d", timeline_steps(tl));
	if (what)
		layout_cat(out, cap, ": %s", what);
}

/* Where a lesson's step starts: a rule across the timeline. */
static void layout_draw_step(struct grid *g, const struct geom *ge, int y,
                             const struct timeline *tl, const struct tl_row *r,
                             const struct screen_state *st)
{
	const struct glyphs *gl = layout_glyphs(st);
	const struct tl_narration *n = timeline_narration(tl, r->u.index);
	char title[LINE_MAX], text[LINE_MAX + 8];
	layout_step_title(title, sizeof title, tl, n ? n->step : 0);
	snprintf(text, sizeof text, " %s ", title);
	grid_fill(g, y, ge->client_x, ge->w, gl->dash, ATTR_DIM, COLOR_DEFAULT);
	grid_text(g, ge->client_x + 2, y, ge->w - ge->client_x - 4, text,
	          ATTR_BOLD, COLOR_DEFAULT, gl->ellipsis);
}

static void layout_draw_line(struct grid *g, const struct geom *ge, int y,
                             const struct timeline *tl, size_t line,
                             const struct screen_state *st, long stream)
{
	size_t row;
	const struct tl_row *r = layout_line_row(tl, line, &row);
	char t[48];
	long own = layout_row_stream(tl, r);
	/* Rows of other connections step back when several interleave. */
	int dim = own >= 0 && own != stream ? ATTR_DIM : 0;
	layout_time_text(t, sizeof t, tl, st, line);
	int n = (int)utf8_width(t);
	grid_text(g, ge->time_w - n, y, n, t, dim, COLOR_DEFAULT, NULL);
	if (r->kind == TL_SEGMENT)
		layout_draw_segment(g, ge, y, tl, r, st, dim);
	else if (r->kind == TL_CALL)
		layout_draw_call(g, ge, y, tl, row, st);
	else if (r->kind == TL_STEP)
		layout_draw_step(g, ge, y, tl, r, st);
	else
		layout_draw_kstate(g, ge, y, tl, r, st);
	if (line == st->selected)
		grid_mark(g, y, 0, ge->w, ATTR_REVERSE);
}

static void layout_draw_header(struct grid *g, const struct geom *ge,
                               const struct timeline *tl,
                               const struct screen_state *st, long stream)
{
	const struct glyphs *gl = layout_glyphs(st);
	const struct stream_info *s =
	        stream >= 0 ? timeline_stream(tl, (uint32_t)stream) : NULL;
	char c[96] = "client", sv[96] = "server", ep[80], mid[64] = "";
	const char *tname =
	        st->time_format == TIME_SINCE_PREVIOUS ? "+time"
	        : st->time_format == TIME_WALL_CLOCK && timeline_origin(tl)
	                ? "clock"
	                : "time";
	if (s) {
		layout_endpoint(ep, sizeof ep, &s->client);
		snprintf(c, sizeof c, "client %s%s", ep,
		         s->client_guessed ? " (guessed)" : "");
		layout_endpoint(ep, sizeof ep, &s->server);
		snprintf(sv, sizeof sv, "server %s", ep);
		snprintf(mid, sizeof mid, "stream %lu", (unsigned long)s->id);
		if (timeline_stream_count(tl) > 1)
			layout_cat(mid, sizeof mid, " of %u",
			           timeline_stream_count(tl));
	}
	int n = (int)utf8_width(tname);
	grid_text(g, ge->time_w - n, 0, n, tname, ATTR_BOLD, COLOR_DEFAULT,
	          NULL);
	int sw = (int)utf8_width(sv);
	int sx = ge->server_x + sw <= ge->w ? ge->server_x : ge->w - sw;
	int mw = (int)utf8_width(mid);
	int mx = ge->wire_x + (ge->wire_w - mw) / 2;
	grid_text(g, mx, 0, mw, mid, ATTR_BOLD, COLOR_DEFAULT, NULL);
	grid_text(g, ge->client_x, 0, sx - 1 - ge->client_x, c, ATTR_BOLD,
	          COLOR_CLIENT, gl->ellipsis);
	if (sx < ge->client_x + (int)utf8_width(c) + 1)
		sx = ge->client_x + (int)utf8_width(c) + 1;
	grid_text(g, sx, 0, ge->w - sx, sv, ATTR_BOLD, COLOR_SERVER,
	          gl->ellipsis);
	grid_fill(g, 1, 0, ge->w, gl->dash, ATTR_DIM, COLOR_DEFAULT);
}

static void layout_draw_pane(struct grid *g, const struct geom *ge,
                             const struct timeline *tl,
                             const struct screen_state *st, long stream)
{
	size_t n = layout_line_count(tl, st);
	if (n == 0) {
		grid_text(g, ge->client_x, ge->pane_y, ge->w - ge->client_x,
		          "(nothing captured yet)", ATTR_DIM, COLOR_DEFAULT,
		          NULL);
		return;
	}
	for (int i = 0; i < ge->pane_h; i++) {
		size_t line = st->top + (size_t)i;
		if (line >= n)
			break;
		layout_draw_line(g, ge, ge->pane_y + i, tl, line, st, stream);
	}
}

/* --- the detail pane -------------------------------------------------- */

/* Lines of the pane, filled paragraph by paragraph and word-wrapped. */
struct pane {
	struct grid *g;
	int x, y, w, rows, used;
	const char *ell;
	int gap; /* used just after the last blank line (0: none yet) */
};

static void pane_line(struct pane *p, const char *s, int attr)
{
	if (p->used >= p->rows)
		return;
	grid_text(p->g, p->x, p->y + p->used, p->w, s, attr, COLOR_DEFAULT,
	          p->ell);
	p->used++;
}

/* A paragraph, wrapped by cells (utf8_wrap: at blanks, or between CJK
 * characters); the last row that fits is cut with an ellipsis when the
 * text goes on. */
static void pane_para(struct pane *p, const char *s, int attr)
{
	char line[4 * LINE_MAX];
	while (*s && p->used < p->rows) {
		const char *next;
		size_t take = utf8_wrap(s, p->w > 0 ? (size_t)p->w : 1, &next);
		if (p->used == p->rows - 1 && s[take] != '\0') {
			pane_line(p, s, attr); /* cut with an ellipsis */
			return;
		}
		if (take >= sizeof line) /* never: a row is < LINE_MAX cells */
			take = sizeof line - 1;
		while (take > 0 && ((unsigned char)s[take] & 0xc0) == 0x80)
			take--;
		memcpy(line, s, take);
		line[take] = '\0';
		pane_line(p, line, attr);
		s = next;
	}
}

static void layout_opts_text(char *out, size_t cap, const struct tcpopts *o)
{
	out[0] = '\0';
	if (o->present & OPT_HAS_MSS)
		layout_cat(out, cap, ", MSS %u", o->mss);
	if (o->present & OPT_HAS_WSCALE)
		layout_cat(out, cap, ", window scale %u (x%lu)", o->wscale,
		           o->wscale < 31 ? 1ul << o->wscale : 0ul);
	if (o->present & OPT_HAS_SACK_PERM)
		layout_cat(out, cap, ", SACK permitted");
	for (unsigned i = 0; i < o->sack_count && i < TCPOPT_MAX_SACK; i++)
		layout_cat(out, cap, ", SACK %u-%u", o->sack[i][0],
		           o->sack[i][1]);
	if (o->present & OPT_HAS_TS)
		layout_cat(out, cap, ", TSval %u TSecr %u", o->tsval, o->tsecr);
	if (o->present & OPT_HAS_TFO) {
		layout_cat(out, cap, ", TFO cookie ");
		for (unsigned i = 0; i < o->tfo_cookie_len; i++)
			layout_cat(out, cap, "%02x", o->tfo_cookie[i]);
		if (o->tfo_cookie_len == 0)
			layout_cat(out, cap, "request");
	}
	if (o->nop_count)
		layout_cat(out, cap, ", NOP x%u", o->nop_count);
	if (o->present & OPT_HAS_EOL)
		layout_cat(out, cap, ", EOL");
	for (unsigned i = 0; i < o->unknown_count && i < TCPOPT_MAX_UNKNOWN;
	     i++)
		layout_cat(out, cap, ", kind %u", o->unknown[i]);
	if (o->error)
		layout_cat(out, cap, ", malformed: %s", o->error);
}

/* "client SYN_SENT -> ESTABLISHED   server SYN_RECEIVED (unchanged)" */
static void layout_states_line(char *out, size_t cap,
                               const struct tl_segment *s,
                               const struct glyphs *gl)
{
	out[0] = '\0';
	for (int a = SIDE_CLIENT; a <= SIDE_SERVER; a++) {
		enum tcp_state b, af;
		layout_seg_states(s, (enum side)a, &b, &af);
		layout_cat(out, cap, "%s%s %s", a ? "   " : "",
		           event_side_name((enum side)a), tcpstate_name(b));
		if (af != b)
			layout_cat(out, cap, " %s %s", gl->to,
			           tcpstate_name(af));
		else
			layout_cat(out, cap, " (unchanged)");
	}
}

static void layout_detail_segment(struct pane *p, const struct timeline *tl,
                                  const struct tl_row *r,
                                  const struct screen_state *st)
{
	const struct tl_segment *s = &r->u.seg;
	const struct glyphs *gl = layout_glyphs(st);
	char line[LINE_MAX], flags[64], opts[LINE_MAX];
	struct tcpopts o;
	layout_flags(flags, sizeof flags, s->flags);
	snprintf(line, sizeof line, "frame %llu  %s %s %s  %s  (%s)  stream %u",
	         (unsigned long long)s->frame, explain_side(s->c2s), gl->to,
	         explain_side(!s->c2s), flags, conntrack_role_label(s->role),
	         s->stream);
	pane_line(p, line, ATTR_BOLD);
	snprintf(line, sizeof line, "seq %u (raw %u)", s->rseq, s->seq);
	if (s->flags & TH_ACK)
		layout_cat(line, sizeof line, "  ack %u (raw %u)", s->rack,
		           s->ack);
	else
		layout_cat(line, sizeof line, "  ack field %u (ACK not set)",
		           s->ack);
	layout_cat(line, sizeof line, "  len %u  window %u (unscaled)", s->len,
	           s->win);
	pane_para(p, line, 0);
	timeline_options(tl, r, &o);
	layout_opts_text(opts, sizeof opts, &o);
	snprintf(line, sizeof line,
	         "header %u bytes  urgent pointer %u  checksum 0x%04x  "
	         "options: ",
	         s->hdr_len, s->urp, s->cksum);
	layout_cat(line, sizeof line, "%s", *opts ? opts + 2 : "none");
	if (s->truncated)
		layout_cat(line, sizeof line, "; frame truncated");
	if (s->malformed)
		layout_cat(line, sizeof line, "; malformed: %s", s->malformed);
	pane_para(p, line, 0);
	layout_states_line(line, sizeof line, s, gl);
	pane_line(p, line, 0);
	line[0] = '\0';
	explain_segment(line, sizeof line,
	                &(struct explain_seg){
	                        .c2s = s->c2s,
	                        .role = (enum seg_role)s->role,
	                        .seq = s->seq,
	                        .rseq = s->rseq,
	                        .rack = s->rack,
	                        .len = s->len,
	                        .analysis = s->analysis,
	                        .src_before = (enum tcp_state)s->src_before,
	                        .src_after = (enum tcp_state)s->src_after,
	                        .dst_before = (enum tcp_state)s->dst_before,
	                        .dst_after = (enum tcp_state)s->dst_after,
	                });
	if (s->released != TL_NONE)
		explain_release(
		        line, sizeof line,
		        timeline_call(tl, timeline_row(tl, s->released)));
	const struct stream_info *si = timeline_stream(tl, s->stream);
	if (si && si->client_guessed)
		layout_cat(line, sizeof line, " %s", explain_guessed_client());
	pane_para(p, line, 0);
}

static void layout_detail_call(struct pane *p, const struct timeline *tl,
                               size_t row, const struct screen_state *st)
{
	const struct tl_row *r = timeline_row(tl, row);
	const struct call_event *c = timeline_call(tl, r);
	char line[LINE_MAX], t[48], text[LINE_MAX];
	layout_seconds(t, sizeof t, r->t_ns, false);
	layout_call_text(text, sizeof text, tl, row, st);
	snprintf(line, sizeof line,
	         "%s %s %s at %s s: ", event_who(c->actor, c->side),
	         event_call_name(c->call), c->enter ? "entered" : "returned",
	         t);
	layout_cat(line, sizeof line, "%s", text);
	pane_line(p, line, ATTR_BOLD);
	if (layout_blocked(tl, row, c))
		pane_line(p, "Still blocked: it has not returned yet.",
		          ATTR_BOLD);
	line[0] = '\0';
	explain_return(line, sizeof line, c);
	if (line[0])
		pane_para(p, line, 0);
	if (explain_call(c->call))
		pane_para(p, explain_call(c->call), 0);
}

static void layout_detail_kstate(struct pane *p, const struct tl_row *r,
                                 const struct timeline *tl)
{
	const struct kstate_event *k = timeline_kstate(tl, r);
	char line[LINE_MAX], l[80], rm[80];
	layout_endpoint(l, sizeof l, &k->local);
	layout_endpoint(rm, sizeof rm, &k->remote);
	snprintf(line, sizeof line, "kernel: %s's socket %s - %s is %s",
	         event_who(k->actor, k->side), l,
	         k->remote.port ? rm : "(no peer)", tcpstate_name(k->state));
	pane_line(p, line, ATTR_BOLD);
	snprintf(line, sizeof line,
	         "The kernel's own state of this socket, read through "
	         "sock_diag (what ss shows) right after a call.");
	if (layout_mismatch(k))
		layout_cat(line, sizeof line,
		           " != The segments say %s: the two are read at "
		           "different moments, or the kernel handled a segment "
		           "the capture has not shown yet.",
		           tcpstate_name(k->inferred));
	else if (k->has_inferred)
		layout_cat(line, sizeof line,
		           " It agrees with the state inferred from the "
		           "segments.");
	else
		layout_cat(line, sizeof line,
		           " No segment of its connection has been captured "
		           "(a listener belongs to no connection).");
	pane_para(p, line, 0);
	if (explain_state(k->state))
		pane_para(p, explain_state(k->state), 0);
}

/* --- the lesson pane ---------------------------------------------- */

/* What the call a step made does, for a step the lesson says nothing
 * of: its first line after the step's own. */
static const char *layout_step_call_why(const struct timeline *tl, int step)
{
	size_t line = timeline_step_line(tl, step);
	if (line == SIZE_MAX || line + 1 >= timeline_display_count(tl))
		return NULL;
	const struct tl_row *r = layout_line_row(tl, line + 1, NULL);
	const struct call_event *c = timeline_call(tl, r);
	return c ? explain_call(c->call) : NULL;
}

/* One blank line between paragraphs: none at the top, none doubled. */
static void pane_blank(struct pane *p)
{
	if (p->used == 0 || p->gap == p->used || p->used >= p->rows)
		return;
	p->used++;
	p->gap = p->used;
}

/* A paragraph with a lead-in: "Q: ...", "A: ...". */
static void pane_lead(struct pane *p, const char *lead, const char *text,
                      int attr)
{
	char buf[4096];
	snprintf(buf, sizeof buf, "%s%s", lead, text);
	pane_para(p, buf, attr);
}

/*
 * What the lesson says of a step: its title, question, narration and
 * answer, as far as they have come; at the newest step, the question of
 * the next one (put before it runs, for the class to think about).
 */
static void layout_narration_text(struct pane *p, const struct timeline *tl,
                                  int s, const struct screen_state *st)
{
	char line[LINE_MAX];
	const char *t;
	if (s <= 0 && (t = timeline_narration_text(tl, 0, NARRATION_INTRO))) {
		pane_para(p, t, 0);
		pane_blank(p);
	}
	if (s >= 0) {
		layout_step_title(line, sizeof line, tl, s);
		line[0] = 'S';
		pane_para(p, line, ATTR_BOLD);
		/* Room to breathe between paragraphs when the pane is tall. */
		bool airy = p->rows >= 12;
		if ((t = timeline_narration_text(tl, s, NARRATION_ASK)))
			pane_lead(p, "Q: ", t, 0);
		if ((t = timeline_narration_text(tl, s, NARRATION_SAY)) ||
		    (t = layout_step_call_why(tl, s))) {
			if (airy)
				pane_blank(p);
			pane_para(p, t, 0);
		}
		if ((t = timeline_narration_text(tl, s, NARRATION_ANSWER))) {
			if (airy)
				pane_blank(p);
			pane_lead(p, "A: ", t, 0);
		}
		t = timeline_narration_text(tl, s, NARRATION_SETTLED);
		if (t && strcmp(t, "blocked") == 0)
			pane_para(p, "The call is still blocked.", ATTR_DIM);
	}
	if (s != layout_last_step(tl, st))
		return;
	int total = timeline_steps(tl);
	bool settled = s < 0 || timeline_narration_text(
	                                tl, s, NARRATION_SETTLED) != NULL;
	if ((t = timeline_narration_text(tl, s + 1, NARRATION_ASK))) {
		if (p->rows >= 12)
			pane_blank(p);
		snprintf(line, sizeof line, "Before step %d:", s + 2);
		pane_para(p, line, ATTR_BOLD);
		pane_lead(p, "Q: ", t, 0);
		if (st->stepping)
			pane_para(p, "Think first; space runs the step.",
			          ATTR_DIM);
	} else if (settled && total > 0 && s + 1 >= total) {
		pane_blank(p);
		pane_para(p, "That was the last step.", ATTR_DIM);
	} else if (settled && st->stepping) {
		pane_blank(p);
		pane_para(p, "Space runs the next step.", ATTR_DIM);
	}
}

static void layout_draw_narration(struct grid *g, const struct geom *ge,
                                  const struct timeline *tl,
                                  const struct screen_state *st)
{
	const struct glyphs *gl = layout_glyphs(st);
	struct pane p = {g, 0, 0, 0, 0, 0, gl->ellipsis, 0};
	if (ge->narr_y == 0) { /* beside: a rule down its left edge */
		for (int y = 0; y < ge->narr_h; y++)
			grid_fill(g, y, ge->narr_x, ge->narr_x + 1, gl->vbar,
			          ATTR_DIM, COLOR_DEFAULT);
		p.x = ge->narr_x + 2;
		p.w = ge->narr_w - 3;
		p.y = 0;
		p.rows = ge->narr_h;
	} else {
		grid_fill(g, ge->narr_y, 0, ge->w, gl->dash, ATTR_DIM,
		          COLOR_DEFAULT);
		grid_text(g, 2, ge->narr_y, 8, " lesson ", ATTR_DIM,
		          COLOR_DEFAULT, NULL);
		p.x = 1;
		p.w = ge->w - 2;
		p.y = ge->narr_y + 1;
		p.rows = ge->narr_h - 1;
	}
	int s = layout_line_count(tl, st)
	                ? timeline_step_of_line(tl, st->selected)
	                : -1;
	layout_narration_text(&p, tl, s, st);
}

static void layout_draw_detail(struct grid *g, const struct geom *ge,
                               const struct timeline *tl,
                               const struct screen_state *st)
{
	const struct glyphs *gl = layout_glyphs(st);
	struct pane p = {g,
	                 1,
	                 ge->detail_y + 1,
	                 ge->w - 2,
	                 ge->detail_h - 1,
	                 0,
	                 gl->ellipsis,
	                 0};
	grid_fill(g, ge->detail_y, 0, ge->w, gl->dash, ATTR_DIM, COLOR_DEFAULT);
	grid_text(g, 2, ge->detail_y, 9, " details ", ATTR_DIM, COLOR_DEFAULT,
	          NULL);
	if (timeline_display_count(tl) == 0)
		return;
	size_t row;
	const struct tl_row *r = layout_line_row(tl, st->selected, &row);
	if (r->kind == TL_SEGMENT)
		layout_detail_segment(&p, tl, r, st);
	else if (r->kind == TL_CALL)
		layout_detail_call(&p, tl, row, st);
	else if (r->kind == TL_STEP)
		layout_narration_text(
		        &p, tl, timeline_step_of_line(tl, st->selected), st);
	else
		layout_detail_kstate(&p, r, tl);
}

/* --- status, help, picker --------------------------------------------- */

/* The status bar: the title, where the selection is, a notice and the
 * keys. A title too long for the bar is trimmed so that the position,
 * the notice and "? help" still show; the other keys follow as far as
 * they fit whole. */
static void layout_draw_status(struct grid *g, const struct geom *ge,
                               const struct timeline *tl,
                               const struct screen_state *st)
{
	char title[LINE_MAX], where[LINE_MAX], hint[LINE_MAX];
	size_t n = layout_line_count(tl, st);
	int y = ge->status_y, w = ge->full_w;
	if (n)
		snprintf(where, sizeof where, "  line %zu of %zu",
		         st->selected + 1, n);
	else
		snprintf(where, sizeof where, "  no lines yet");
	if (st->notice)
		layout_cat(where, sizeof where, "  %s", st->notice);
	keys_status_hint(hint, sizeof hint, 6);
	int room = w - 1 - (int)utf8_width(where) - 2 - (int)utf8_width(hint);
	utf8_trim(title, sizeof title, st->title ? st->title : "tcpviz",
	          (size_t)(room > TITLE_MIN ? room : TITLE_MIN),
	          layout_glyphs(st)->ellipsis);
	grid_fill(g, y, 0, w, " ", ATTR_REVERSE, COLOR_STATUS);
	int x = 1 + grid_text(g, 1, y, w - 1, title, ATTR_REVERSE, COLOR_STATUS,
	                      NULL);
	x += grid_text(g, x, y, w - x, where, ATTR_REVERSE, COLOR_STATUS, NULL);
	if (keys_status_hint(hint, sizeof hint, w - x - 2) > 0)
		grid_text(g, x + 2, y, w - x - 2, hint, ATTR_REVERSE,
		          COLOR_STATUS, NULL);
}

static void layout_draw_help(struct grid *g, const struct geom *ge,
                             const struct screen_state *st)
{
	size_t count;
	const struct keybinding *kb = keys_table(&count);
	char line[LINE_MAX];
	int y = 0;
	const char *last = NULL;
	grid_text(g, 1, y++, ge->full_w - 2,
	          "tcpviz keys (any key closes this help)", ATTR_BOLD,
	          COLOR_DEFAULT, NULL);
	y++;
	for (size_t i = 0; i < count && y < ge->status_y; i++) {
		if (last && strcmp(last, kb[i].label) == 0)
			continue; /* one line per label: "Up/k" is two keys */
		last = kb[i].label;
		snprintf(line, sizeof line, "  %-12s %s", kb[i].label,
		         kb[i].help);
		grid_text(g, 1, y++, ge->full_w - 2, line, 0, COLOR_DEFAULT,
		          layout_glyphs(st)->ellipsis);
	}
	static const char *const legend[] = {
	        "",
	        "reverse: the selected line   bold: a call still blocked",
	        "dim: kernel states, other connections",
	        "!= : the kernel's state and the segments' disagree",
	};
	for (size_t i = 0; i < 4 && y < ge->status_y; i++)
		grid_text(g, 1, y++, ge->full_w - 2, legend[i], 0,
		          COLOR_DEFAULT, layout_glyphs(st)->ellipsis);
}

static void layout_picker_line(char *out, size_t cap,
                               const struct stream_info *s,
                               const struct glyphs *gl)
{
	char c[80], sv[80];
	layout_endpoint(c, sizeof c, &s->client);
	layout_endpoint(sv, sizeof sv, &s->server);
	snprintf(out, cap, "%4llu  %s %s %s  %llu segment%s  %s / %s",
	         (unsigned long long)s->id, c, gl->to, sv,
	         (unsigned long long)s->segments, s->segments == 1 ? "" : "s",
	         tcpstate_name(s->client_state),
	         tcpstate_name(s->server_state));
}

static void layout_draw_picker(struct grid *g, const struct geom *ge,
                               const struct timeline *tl,
                               struct screen_state *st)
{
	const struct glyphs *gl = layout_glyphs(st);
	uint32_t n = timeline_stream_count(tl);
	char line[LINE_MAX];
	int rows = ge->status_y - 3;
	grid_text(g, 1, 0, ge->full_w - 2,
	          "Connections: Up/Down choose, Enter shows it, Escape closes",
	          ATTR_BOLD, COLOR_DEFAULT, NULL);
	grid_text(g, 1, 1, ge->full_w - 2,
	          "  id  client -> server  segments  client / server state",
	          ATTR_DIM, COLOR_DEFAULT, NULL);
	grid_fill(g, 2, 0, ge->full_w, gl->dash, ATTR_DIM, COLOR_DEFAULT);
	if (n == 0) {
		grid_text(g, 1, 3, ge->full_w - 2, "(no connection yet)",
		          ATTR_DIM, COLOR_DEFAULT, NULL);
		return;
	}
	if (st->picker_selected >= n)
		st->picker_selected = n - 1;
	size_t first = st->picker_selected >= (size_t)rows
	                       ? st->picker_selected - (size_t)rows + 1
	                       : 0;
	for (int i = 0; i < rows && first + (size_t)i < n; i++) {
		const struct stream_info *s =
		        timeline_stream(tl, (uint32_t)(first + (size_t)i));
		if (s == NULL)
			continue;
		layout_picker_line(line, sizeof line, s, gl);
		grid_text(g, 1, 3 + i, ge->full_w - 2, line, 0, COLOR_DEFAULT,
		          gl->ellipsis);
		if (first + (size_t)i == st->picker_selected)
			grid_mark(g, 3 + i, 0, ge->full_w, ATTR_REVERSE);
	}
}

/* --- the whole screen ------------------------------------------------- */

static void layout_draw_too_small(struct grid *g)
{
	char line[96];
	snprintf(line, sizeof line, "tcpviz needs at least %dx%d (now %dx%d)",
	         LAYOUT_MIN_WIDTH, LAYOUT_MIN_HEIGHT, g->width, g->height);
	grid_text(g, 0, 0, g->width, line, 0, COLOR_DEFAULT, NULL);
}

/* Keep the selection on an existing line, in view, and with follow the
 * newest line selected. */
static void layout_settle(const struct timeline *tl, struct screen_state *st,
                          const struct grid *g)
{
	size_t n = layout_line_count(tl, st);
	size_t page = (size_t)layout_page_lines(st, g);
	if (st->follow && n)
		st->selected = n - 1;
	if (st->selected >= n)
		st->selected = n ? n - 1 : 0;
	layout_scroll_to_selection(st, g);
	if (n > page && st->top > n - page)
		st->top = n - page;
	if (n <= page)
		st->top = 0;
}

void layout_draw(const struct timeline *tl, struct screen_state *st,
                 struct grid *g)
{
	struct geom ge;
	grid_clear(g);
	if (layout_too_small(g)) {
		layout_draw_too_small(g);
		return;
	}
	st->narration = timeline_narration_count(tl) > 0;
	layout_rows(st, g, &ge);
	layout_columns(tl, st, &ge);
	layout_settle(tl, st, g);
	if (st->help) {
		layout_draw_help(g, &ge, st);
	} else if (st->picker) {
		layout_draw_picker(g, &ge, tl, st);
	} else {
		long stream = layout_stream_near(tl, st->selected);
		layout_draw_header(g, &ge, tl, st, stream);
		layout_draw_pane(g, &ge, tl, st, stream);
		if (st->detail)
			layout_draw_detail(g, &ge, tl, st);
		if (ge.narr_h > 0)
			layout_draw_narration(g, &ge, tl, st);
	}
	layout_draw_status(g, &ge, tl, st);
}
