/*
 * ui_timeline.c - the timeline panel: the header with both endpoints,
 * then one line per segment, call, kernel state or lesson step, on one
 * time axis: the time, the client's column, the wire with one arrow per
 * segment, the server's column. It moves the selection on the keys
 * that move it.
 *
 * Must not call ncurses, do I/O or change the timeline: it reads the
 * model and writes cells.
 */
#include <stdio.h>
#include <string.h>

#include "explain.h"
#include "i18n.h"
#include "panel.h"
#include "payload.h"
#include "ui_text.h"
#include "utf8.h"
#include "util.h"

enum {
	HEADER_ROWS = 2,   /* endpoints, then the column rule */
	WIRE_MIN = 38,     /* "SYN,ACK seq=0 ack=1 (handshake 2/3)" + ends */
	WIRE_MIN_ABS = 55, /* the same with raw ten-digit numbers */
	SIDE_MAX = 25,     /* "SYN_RECEIVED", and a call's start */
	SIDE_MIN = 12,
	LINE_MAX = 512,
};

/* Where the timeline's columns are (absolute cells; w: its right edge). */
struct ui_tl_cols {
	int x0, y0, w;
	int pane_y, pane_h; /* the lines' rows */
	int time_w, client_x, side_w, wire_x, wire_w, server_x;
};

static int64_t ui_tl_last_t(const struct timeline *tl)
{
	size_t n = timeline_count(tl);
	return n ? timeline_row(tl, n - 1)->t_ns : 0;
}

/* Columns: time, client, wire, server, one blank between each. The wire
 * keeps room for a handshake label; the sides share the rest. */
static void ui_tl_columns(const struct timeline *tl,
                          const struct screen_state *st, struct rect r,
                          struct ui_tl_cols *ge)
{
	char t[48];
	panel_seconds(t, sizeof t, ui_tl_last_t(tl), false);
	int tw = (int)utf8_width(t);
	if (tw < 8)
		tw = 8;
	if (st->time_format == TIME_SINCE_PREVIOUS)
		tw++;
	else if (st->time_format == TIME_WALL_CLOCK && timeline_origin(tl))
		tw = 15;
	int rest = r.w - tw - 1 - 2;
	int side = (rest - (st->absolute ? WIRE_MIN_ABS : WIRE_MIN)) / 2;
	if (side > SIDE_MAX)
		side = SIDE_MAX;
	if (side < SIDE_MIN)
		side = SIDE_MIN;
	ge->x0 = r.x;
	ge->y0 = r.y;
	ge->w = r.x + r.w;
	ge->pane_y = r.y + HEADER_ROWS;
	ge->pane_h = r.h - HEADER_ROWS < 1 ? 1 : r.h - HEADER_ROWS;
	ge->time_w = tw;
	ge->side_w = side;
	ge->client_x = r.x + tw + 1;
	ge->wire_x = ge->client_x + side + 1;
	ge->wire_w = rest - 2 * side;
	ge->server_x = ge->wire_x + ge->wire_w + 1;
}

static int ui_tl_role_color(unsigned role)
{
	switch (role) {
	case ROLE_HANDSHAKE_1:
	case ROLE_HANDSHAKE_2:
	case ROLE_HANDSHAKE_3:
		return COLOR_HANDSHAKE;
	case ROLE_FIN:
	case ROLE_FIN_ACK:
	case ROLE_FIN_AND_ACK:
		return COLOR_TEARDOWN;
	case ROLE_RST:
		return COLOR_RESET;
	default:
		return COLOR_DATA;
	}
}

/* Text in a side column: the client's from its left edge, the server's
 * too (both read left to right, away from the time column). */
static void ui_tl_side(struct grid *g, const struct ui_tl_cols *ge, int y,
                       enum side a, const char *s, int w, int attr, int color,
                       const char *ell)
{
	int x = a == SIDE_CLIENT ? ge->client_x : ge->server_x;
	grid_text(g, x, y, w, s, attr, color, ell);
}

/* A call or kernel line may run across the wire: nothing else is on its
 * row. The server's is right-aligned so it still reads as the server's. */
static void ui_tl_side_wide(struct grid *g, const struct ui_tl_cols *ge, int y,
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

/* A side of a segment row: the state it moved to (a call it released
 * returns on a line of its own, its words whole). */
static void ui_tl_seg_side(struct grid *g, const struct ui_tl_cols *ge, int y,
                           const struct tl_row *r, enum side a, int dim,
                           const char *ell)
{
	const struct tl_segment *s = &r->u.seg;
	enum tcp_state before, after;
	ui_text_seg_states(s, a == SIDE_CLIENT, &before, &after);
	const char *state =
	        after != before || s->new_stream ? tcpstate_name(after) : "";
	int color = a == SIDE_CLIENT ? COLOR_CLIENT : COLOR_SERVER;
	ui_tl_side(g, ge, y, a, state, ge->side_w, dim, color, ell);
}

static void ui_tl_arrow(struct grid *g, const struct ui_tl_cols *ge, int y,
                        const struct tl_segment *s, const char *label, int attr,
                        const struct glyphs *gl)
{
	int color = ui_tl_role_color(s->role);
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

/* The bytes a segment carried, after its label, as far as the wire
 * has room (the label is cut at the arrow's end): what a learner sent,
 * as the detail pane and the text diagram show it. */
static void ui_tl_payload(char *label, size_t cap, const struct timeline *tl,
                          const struct tl_row *r, const struct screen_state *st)
{
	enum { SHOWN_CELLS = 40 };
	uint8_t bytes[SEGMENT_PAYLOAD_MAX];
	char text[PAYLOAD_ESCAPED_MAX(SEGMENT_PAYLOAD_MAX) + 1];
	size_t n = timeline_payload(tl, r, bytes), used = 0;
	if (n == 0)
		return;
	text[payload_escape(text, bytes, n, st->ascii ? PAYLOAD_ASCII : 0,
	                    SHOWN_CELLS, &used, NULL)] = '\0';
	strcatf(label, cap, " \"%s\"%s", text,
	        used < r->u.seg.len ? panel_glyphs(st)->ellipsis : "");
}

static void ui_tl_draw_segment(struct grid *g, const struct ui_tl_cols *ge,
                               int y, const struct timeline *tl,
                               const struct tl_row *r,
                               const struct screen_state *st, int dim)
{
	const struct glyphs *gl = panel_glyphs(st);
	char label[LINE_MAX];
	ui_text_seg_label(label, sizeof label, tl, &r->u.seg, st);
	ui_tl_payload(label, sizeof label, tl, r, st);
	/* An analysis note (retransmission, ...) makes the arrow bold. */
	ui_tl_arrow(g, ge, y, &r->u.seg, label,
	            dim | (r->u.seg.analysis ? ATTR_BOLD : 0), gl);
	ui_tl_seg_side(g, ge, y, r, SIDE_CLIENT, dim, gl->ellipsis);
	ui_tl_seg_side(g, ge, y, r, SIDE_SERVER, dim, gl->ellipsis);
}

static void ui_tl_draw_call(struct grid *g, const struct ui_tl_cols *ge, int y,
                            const struct timeline *tl, size_t row,
                            const struct screen_state *st, int dim)
{
	const struct call_event *c = timeline_call(tl, timeline_row(tl, row));
	char text[LINE_MAX];
	int attr = dim;
	int color = c->side == SIDE_CLIENT ? COLOR_CLIENT : COLOR_SERVER;
	ui_text_call(text, sizeof text, tl, row, st);
	if (ui_text_blocked(tl, st, row)) {
		attr = ATTR_BOLD;
		color = COLOR_BLOCKED;
	}
	ui_tl_side_wide(g, ge, y, c->side, text, attr, color,
	                panel_glyphs(st)->ellipsis);
}

static void ui_tl_draw_kstate(struct grid *g, const struct ui_tl_cols *ge,
                              int y, const struct timeline *tl,
                              const struct tl_row *r,
                              const struct screen_state *st)
{
	const struct kstate_event *k = timeline_kstate(tl, r);
	char text[LINE_MAX];
	ui_text_kstate(text, sizeof text, k);
	bool bad = ui_text_mismatch(k);
	int color = bad                      ? COLOR_MISMATCH
	            : k->side == SIDE_CLIENT ? COLOR_CLIENT
	                                     : COLOR_SERVER;
	/* Kernel lines are the second opinion: dim, unless they disagree. */
	ui_tl_side_wide(g, ge, y, k->side, text,
	                bad ? ATTR_BOLD | ATTR_UNDERLINE : ATTR_DIM, color,
	                panel_glyphs(st)->ellipsis);
}

/* Where a lesson's step starts: a rule across the timeline. */
static void ui_tl_draw_step(struct grid *g, const struct ui_tl_cols *ge, int y,
                            const struct timeline *tl, const struct tl_row *r,
                            const struct screen_state *st)
{
	const struct glyphs *gl = panel_glyphs(st);
	const struct tl_narration *n = timeline_narration(tl, r->u.index);
	char title[LINE_MAX], text[LINE_MAX + 8];
	ui_text_step_title(title, sizeof title, tl, n ? n->step : 0, false);
	snprintf(text, sizeof text, " %s ", title);
	grid_fill(g, y, ge->client_x, ge->w, gl->dash, ATTR_DIM, COLOR_DEFAULT);
	grid_text(g, ge->client_x + 2, y, ge->w - ge->client_x - 4, text,
	          ATTR_BOLD, COLOR_DEFAULT, gl->ellipsis);
}

/* A traced program's output, fork, exec or end, in its column. */
static void ui_tl_draw_note(struct grid *g, const struct ui_tl_cols *ge, int y,
                            const struct timeline *tl, const struct tl_row *r,
                            const struct screen_state *st)
{
	const struct note_event *n = timeline_note(tl, r);
	char text[LINE_MAX];
	explain_note(text, sizeof text, n);
	int color = n->side == SIDE_CLIENT ? COLOR_CLIENT : COLOR_SERVER;
	/* What it wrote is the program's own: plain; the rest, dim. */
	ui_tl_side_wide(g, ge, y, n->side, text,
	                n->kind == NOTE_OUTPUT ? 0
	                : n->kind == NOTE_EXIT ? ATTR_BOLD
	                                       : ATTR_DIM,
	                color, panel_glyphs(st)->ellipsis);
}

/* Where one of several captures starts: a rule with its number and name. */
static void ui_tl_draw_file(struct grid *g, const struct ui_tl_cols *ge, int y,
                            const struct timeline *tl, const struct tl_row *r,
                            const struct screen_state *st)
{
	const struct glyphs *gl = panel_glyphs(st);
	const struct tl_file *f = timeline_file(tl, r->u.index);
	char text[LINE_MAX];
	snprintf(text, sizeof text, _(" Capture %d of %d: %s "),
	         f ? f->number : 0, f ? f->files : 0, f ? f->name : "");
	grid_fill(g, y, ge->client_x, ge->w, gl->dash, ATTR_DIM, COLOR_DEFAULT);
	grid_text(g, ge->client_x + 2, y, ge->w - ge->client_x - 4, text,
	          ATTR_BOLD, COLOR_DEFAULT, gl->ellipsis);
}

static void ui_tl_draw_line(struct grid *g, const struct ui_tl_cols *ge, int y,
                            const struct timeline *tl, size_t line,
                            const struct screen_state *st, long stream)
{
	size_t row;
	const struct tl_row *r = screen_line_row(tl, line, &row);
	char t[48];
	long own = screen_row_stream(tl, r);
	/* Rows of other connections step back when several interleave. */
	int dim = own >= 0 && own != stream ? ATTR_DIM : 0;
	ui_text_time(t, sizeof t, tl, st, line);
	int n = (int)utf8_width(t);
	grid_text(g, ge->x0 + ge->time_w - n, y, n, t, dim, COLOR_DEFAULT,
	          NULL);
	if (r->kind == TL_SEGMENT)
		ui_tl_draw_segment(g, ge, y, tl, r, st, dim);
	else if (r->kind == TL_CALL)
		ui_tl_draw_call(g, ge, y, tl, row, st, dim);
	else if (r->kind == TL_STEP)
		ui_tl_draw_step(g, ge, y, tl, r, st);
	else if (r->kind == TL_FILE)
		ui_tl_draw_file(g, ge, y, tl, r, st);
	else if (r->kind == TL_NOTE)
		ui_tl_draw_note(g, ge, y, tl, r, st);
	else
		ui_tl_draw_kstate(g, ge, y, tl, r, st);
	if (line == st->selected)
		grid_mark(g, y, ge->x0, ge->w, ATTR_REVERSE);
}

/* The endpoints of the stream the selection is in, its number, and the
 * time column's name; the rule below them. */
static void ui_tl_draw_header(struct grid *g, const struct ui_tl_cols *ge,
                              const struct timeline *tl,
                              const struct screen_state *st, long stream)
{
	const struct glyphs *gl = panel_glyphs(st);
	const struct stream_info *s =
	        stream >= 0 ? timeline_stream(tl, (uint32_t)stream) : NULL;
	char c[96], sv[96], ep[80], mid[64] = "";
	int y = ge->y0;
	const char *tname =
	        st->time_format == TIME_SINCE_PREVIOUS ? _("+time")
	        : st->time_format == TIME_WALL_CLOCK && timeline_origin(tl)
	                ? _("clock")
	                : _("time");
	snprintf(c, sizeof c, "%s", _("client"));
	snprintf(sv, sizeof sv, "%s", _("server"));
	if (s) {
		panel_endpoint(ep, sizeof ep, &s->client);
		snprintf(c, sizeof c,
		         s->client_guessed ? _("client %s (guessed)")
		                           : _("client %s"),
		         ep);
		panel_endpoint(ep, sizeof ep, &s->server);
		snprintf(sv, sizeof sv, _("server %s"), ep);
		const struct tl_file *f =
		        timeline_file_of_stream(tl, (uint32_t)stream);
		if (f && f->files > 1)
			snprintf(mid, sizeof mid, _("capture %d, stream %lu"),
			         f->number, (unsigned long)s->id);
		else if (timeline_stream_count(tl) > 1)
			snprintf(mid, sizeof mid, _("stream %lu of %u"),
			         (unsigned long)s->id,
			         timeline_stream_count(tl));
		else
			snprintf(mid, sizeof mid, _("stream %lu"),
			         (unsigned long)s->id);
	}
	int n = (int)utf8_width(tname);
	grid_text(g, ge->x0 + ge->time_w - n, y, n, tname, ATTR_BOLD,
	          COLOR_DEFAULT, NULL);
	int sw = (int)utf8_width(sv), cw = (int)utf8_width(c);
	int sx = ge->server_x + sw <= ge->w ? ge->server_x : ge->w - sw;
	int mw = (int)utf8_width(mid);
	int mx = ge->wire_x + (ge->wire_w - mw) / 2;
	grid_text(g, mx, y, mw, mid, ATTR_BOLD, COLOR_DEFAULT, NULL);
	grid_text(g, ge->client_x, y, sx - 1 - ge->client_x, c, ATTR_BOLD,
	          COLOR_CLIENT, gl->ellipsis);
	if (sx < ge->client_x + cw + 1)
		sx = ge->client_x + cw + 1;
	grid_text(g, sx, y, ge->w - sx, sv, ATTR_BOLD, COLOR_SERVER,
	          gl->ellipsis);
	grid_fill(g, y + 1, ge->x0, ge->w, gl->dash, ATTR_DIM, COLOR_DEFAULT);
}

static void ui_tl_draw_pane(struct grid *g, const struct ui_tl_cols *ge,
                            const struct timeline *tl,
                            const struct screen_state *st, long stream)
{
	size_t n = screen_line_count(tl, st);
	if (n == 0) {
		char hint[LINE_MAX];
		grid_text(g, ge->client_x, ge->pane_y, ge->w - ge->client_x,
		          _("(nothing captured yet)"), ATTR_DIM, COLOR_DEFAULT,
		          NULL);
		/* From the first screen: what space does next. */
		if (ui_text_space_hint(hint, sizeof hint, tl, st))
			grid_text(g, ge->client_x, ge->pane_y + 1,
			          ge->w - ge->client_x, hint, ATTR_BOLD,
			          COLOR_DEFAULT, panel_glyphs(st)->ellipsis);
		return;
	}
	for (int i = 0; i < ge->pane_h; i++) {
		size_t line = st->top + (size_t)i;
		if (line >= n)
			break;
		ui_tl_draw_line(g, ge, ge->pane_y + i, tl, line, st, stream);
	}
}

static void ui_tl_draw(const struct panel_ctx *c, struct rect r)
{
	struct ui_tl_cols ge;
	ui_tl_columns(c->tl, c->st, r, &ge);
	long stream = screen_stream_near(c->tl, c->st->selected);
	ui_tl_draw_header(c->g, &ge, c->tl, c->st, stream);
	ui_tl_draw_pane(c->g, &ge, c->tl, c->st, stream);
}

static enum panel_result ui_tl_handle(const struct panel_ctx *c, enum action a)
{
	struct screen_state *st = c->st;
	switch (a) {
	case ACTION_DOWN:
		screen_move(st, c->tl, 1);
		break;
	case ACTION_UP:
		screen_move(st, c->tl, -1);
		break;
	case ACTION_STEP_FORWARD:
		return screen_step_forward(st, c->tl) ? PANEL_RUN_STEP
		                                      : PANEL_DONE;
	case ACTION_STEP_BACK:
		screen_step_back(st, c->tl);
		break;
	case ACTION_HOME:
		screen_move(st, c->tl, -(long)st->selected);
		break;
	case ACTION_END:
		screen_end(st, c->tl);
		break;
	case ACTION_PAGE_DOWN:
		screen_move(st, c->tl, c->page);
		break;
	case ACTION_PAGE_UP:
		screen_move(st, c->tl, -(long)c->page);
		break;
	case ACTION_NUMBERS:
		st->absolute = !st->absolute;
		break;
	case ACTION_TIME:
		st->time_format = (enum time_format)((st->time_format + 1) % 3);
		break;
	case ACTION_SLOW:
		screen_set_slow(st, c->tl, !st->slow);
		break;
	default:
		return PANEL_PASS;
	}
	return PANEL_DONE;
}

static const enum action ui_tl_actions[] = {
        ACTION_UP,      ACTION_DOWN, ACTION_STEP_FORWARD, ACTION_STEP_BACK,
        ACTION_HOME,    ACTION_END,  ACTION_PAGE_UP,      ACTION_PAGE_DOWN,
        ACTION_NUMBERS, ACTION_TIME, ACTION_SLOW,         ACTION_NONE,
};

const struct panel ui_timeline_panel = {
        .name = "timeline",
        .draw = ui_tl_draw,
        .handle = ui_tl_handle,
        .key = NULL,
        .actions = ui_tl_actions,
};
