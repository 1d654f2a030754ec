/*
 * diagram.c - one stream of a finished timeline laid out as a drawing
 * (diagram.h). Which rows: the stream's segments; socket calls not of
 * another connection (a listener's, a call before its connection
 * exists), and a call's return whenever its entry is drawn; the
 * kernel's states only where they disagree with the segments; a
 * lesson's steps and a traced program's process events.
 */
#include "diagram.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "panel.h"
#include "ui_lesson.h"
#include "ui_text.h"
#include "utf8.h"
#include "util.h"

int diagram_px(size_t cells)
{
	return (int)((cells * DG_CELL_X10 + 9) / 10);
}

int diagram_small_px(size_t cells)
{
	return (int)((cells * DG_SMALL_CELL_X10 + 9) / 10);
}

int diagram_side_x(const struct diagram *d, int side)
{
	return side == SIDE_CLIENT ? d->client_x : d->server_x;
}

void diagram_streams_note(char *out, size_t cap, long shown, long asked,
                          uint64_t streams)
{
	out[0] = '\0';
	if (asked >= 0 && shown < 0) {
		if (streams == 0)
			snprintf(out, cap,
			         _("stream %ld is not in this capture: it has "
			           "no TCP stream"),
			         asked);
		else if (streams == 1)
			snprintf(out, cap,
			         _("stream %ld is not in this capture: it has "
			           "stream 0 only"),
			         asked);
		else
			snprintf(out, cap,
			         _("stream %ld is not in this capture: it has "
			           "streams 0-%llu"),
			         asked, (unsigned long long)(streams - 1));
		return;
	}
	if (shown < 0 || streams <= 1)
		return;
	snprintf(out, cap,
	         _("stream %ld only (--stream N draws another); not drawn: "
	           "stream"),
	         shown);
	uint64_t named = 0;
	for (uint64_t id = 0; id < streams && named < DG_OTHERS; id++)
		if ((long)id != shown)
			strcatf(out, cap, "%s %llu", named++ ? "," : "",
			        (unsigned long long)id);
	if (streams - 1 > named)
		strcatf(out, cap, _(" and %llu more"),
		        (unsigned long long)(streams - 1 - named));
}

/* The stream to draw: the asked one if the timeline has it, else the
 * first with a segment (asked -1), else none. */
static long diagram_pick(const struct timeline *tl, long asked)
{
	if (asked >= 0)
		return asked < (long)timeline_stream_count(tl) ? asked : -1;
	for (size_t i = 0; i < timeline_count(tl); i++) {
		const struct tl_row *r = timeline_row(tl, i);
		if (r->kind == TL_SEGMENT)
			return (long)r->u.seg.stream;
	}
	return -1;
}

/* An entry not returned from yet, by whom. */
struct dg_open {
	const struct actor *actor;
	int side;
	int32_t item;
};

struct dg_build {
	struct diagram *d;
	struct dg_open *open;
	size_t nopen;
	bool any; /* a stream to draw, or no segment at all */
	/* The first two actors with calls on each side: their lanes. */
	const struct actor *lanes[SIDE_COUNT][2];
};

/* An actor's lane on its side: the first to call there gets 0, every
 * other 1 (bars of two threads in the kernel at once stay apart). */
static uint8_t dg_lane(struct dg_build *b, const struct actor *a, int side)
{
	if (side < 0 || side >= SIDE_COUNT)
		return 0;
	const struct actor **l = b->lanes[side];
	if (l[0] == NULL || l[0] == a) {
		l[0] = a;
		return 0;
	}
	return 1;
}

static bool dg_blocks(enum call_kind c)
{
	return c == CALL_ACCEPT || c == CALL_CONNECT || c == CALL_RECV ||
	       c == CALL_POLL;
}

/* Whether row i is drawn, and as what; a return's entry in *enter. */
static bool dg_wanted(struct dg_build *b, size_t i, enum dg_kind *kind,
                      int *side, int32_t *enter)
{
	const struct diagram *d = b->d;
	const struct tl_row *r = timeline_row(d->tl, i);
	*enter = -1;
	*side = -1;
	switch ((enum tl_kind)r->kind) {
	case TL_SEGMENT:
		*kind = DG_SEGMENT;
		return (long)r->u.seg.stream == d->stream;
	case TL_CALL: {
		const struct call_event *c = timeline_call(d->tl, r);
		*kind = DG_CALL;
		*side = (int)c->side;
		if (!c->enter)
			for (size_t k = 0; k < b->nopen; k++)
				if (b->open[k].actor == c->actor &&
				    b->open[k].side == (int)c->side) {
					*enter = b->open[k].item;
					b->open[k] = b->open[--b->nopen];
					return true;
				}
		return b->any &&
		       (!c->has_stream || (long)c->stream == d->stream);
	}
	case TL_KSTATE: {
		const struct kstate_event *k = timeline_kstate(d->tl, r);
		*kind = DG_KSTATE;
		*side = (int)k->side;
		return ui_text_mismatch(k) && (long)k->stream == d->stream;
	}
	case TL_STEP:
		*kind = DG_STEP;
		return true;
	case TL_NOTE:
		*kind = DG_NOTE;
		*side = (int)timeline_note(d->tl, r)->side;
		return b->any;
	case TL_FILE:
		break;
	}
	return false;
}

static void dg_add(struct dg_build *b, size_t row, enum dg_kind kind, int side,
                   int32_t enter, int step)
{
	struct diagram *d = b->d;
	if ((d->nitems & (d->nitems + 1)) == 0 || d->nitems == 0)
		d->items = xrealloc(d->items,
		                    (d->nitems * 2 + 2) * sizeof *d->items);
	int32_t self = (int32_t)d->nitems;
	struct dg_item *it = &d->items[d->nitems++];
	*it = (struct dg_item){
	        .kind = (uint8_t)kind,
	        .side = (uint8_t)(side < 0 ? 0 : side),
	        .row = (uint32_t)row,
	        .line = (uint32_t)timeline_display_of(d->tl, row),
	        .step = step,
	        .pair = enter};
	if (kind != DG_CALL)
		return;
	const struct call_event *c =
	        timeline_call(d->tl, timeline_row(d->tl, row));
	if (c->enter) {
		it->pair = -1;
		it->bar = dg_blocks(c->call);
		it->lane = dg_lane(b, c->actor, side);
		b->open = xrealloc(b->open, (b->nopen + 1) * sizeof *b->open);
		b->open[b->nopen++] = (struct dg_open){c->actor, side, self};
	} else if (enter >= 0) {
		struct dg_item *e = &d->items[enter];
		e->pair = self;
		/* A segment went while it was in the kernel (close() and
		 * its FIN). */
		for (int32_t k = enter + 1; k < self && !e->bar; k++)
			e->bar = d->items[k].kind == DG_SEGMENT;
	}
}

/* Collects a pane's paragraphs as lines wrapped to a width in cells. */
struct dg_wrap {
	struct dg_line *lines;
	size_t n;
	size_t cells;
	int skip; /* paragraphs still to leave out (a title drawn apart) */
};

static void dg_push(struct dg_wrap *w, const char *text, size_t len, bool bold)
{
	w->lines = xrealloc(w->lines, (w->n + 1) * sizeof *w->lines);
	char *t = NULL;
	if (text) {
		t = xmalloc(len + 1);
		memcpy(t, text, len);
		t[len] = '\0';
	}
	w->lines[w->n++] = (struct dg_line){t, bold};
}

static void dg_para(void *ctx, const char *text, int attr)
{
	struct dg_wrap *w = ctx;
	if (w->skip > 0) {
		w->skip--;
		return;
	}
	if (w->n > 0)
		dg_push(w, NULL, 0, false); /* a blank line between */
	while (*text) {
		const char *next;
		size_t take = utf8_wrap(text, w->cells, &next);
		if (take == 0 && next == text)
			break;
		dg_push(w, text, take, attr & ATTR_BOLD);
		text = next;
	}
}

static void dg_band_words(struct diagram *d, struct dg_band *band)
{
	struct dg_wrap w = {.cells = (size_t)DG_NARR_W * 10 / DG_CELL_X10,
	                    .skip = 1};
	struct pane_sink sink = {dg_para, &w};
	struct pane p = {.sink = &sink};
	ui_lesson_step(&p, d->tl, band->step, true);
	band->lines = w.lines;
	band->nlines = w.n;
}

static void dg_intro(struct diagram *d)
{
	const char *t = timeline_narration_text(d->tl, 0, NARRATION_INTRO);
	int wide = d->server_x + DG_GAP + DG_SIDE_W - DG_MARGIN;
	struct dg_wrap w = {.cells = (size_t)wide * 10 / DG_CELL_X10};
	if (t)
		dg_para(&w, t, 0);
	d->intro = w.lines;
	d->nintro = w.n;
}

/* A band ends where the next step starts, or lower when its words need
 * more room. */
static int dg_close_band(struct diagram *d, int y)
{
	if (d->nbands == 0)
		return y;
	struct dg_band *b = &d->bands[d->nbands - 1];
	int words = 8 + (int)b->nlines * DG_PARA_H;
	b->h = y - b->y > words ? y - b->y : words;
	return b->y + b->h + 6;
}

static int dg_place(struct diagram *d, struct dg_item *it, int y)
{
	if (it->kind == DG_STEP) {
		y = dg_close_band(d, y);
		d->bands =
		        xrealloc(d->bands, (d->nbands + 1) * sizeof *d->bands);
		struct dg_band *b = &d->bands[d->nbands++];
		*b = (struct dg_band){.step = it->step, .y = y};
		if (d->words)
			dg_band_words(d, b);
		it->h = DG_STEP_H;
	} else {
		it->h = it->kind == DG_SEGMENT ? DG_SEG_H : DG_LINE_H;
	}
	it->y = y;
	return y + it->h;
}

static void dg_geometry(struct diagram *d)
{
	d->client_x = DG_MARGIN + DG_TIME_W + DG_SIDE_W + DG_GAP;
	d->server_x = d->client_x + DG_WIRE_W;
	d->wire_mid = (d->client_x + d->server_x) / 2;
	d->width = d->server_x + DG_GAP + DG_SIDE_W + DG_MARGIN;
	d->lesson = timeline_steps(d->tl) > 0 ||
	            timeline_narration_count(d->tl) > 0;
	d->words = d->words && d->lesson;
	if (d->words) {
		d->narr_x = d->width - DG_MARGIN + DG_NARR_GAP;
		d->width = d->narr_x + DG_NARR_W + DG_MARGIN;
	}
}

void diagram_layout(struct diagram *d, const struct timeline *tl, long stream,
                    size_t max_rows, bool words)
{
	memset(d, 0, sizeof *d);
	d->words = words;
	d->tl = tl;
	d->asked = stream;
	d->max_rows = max_rows;
	d->streams = timeline_stream_count(tl);
	d->stream = diagram_pick(tl, stream);
	dg_geometry(d);
	struct dg_build b = {.d = d,
	                     .any = d->stream >= 0 ||
	                            (stream < 0 && d->streams == 0)};
	for (size_t i = 0; i < timeline_count(tl); i++) {
		enum dg_kind kind;
		int side;
		int32_t enter;
		if (!dg_wanted(&b, i, &kind, &side, &enter))
			continue;
		if (d->nitems >= max_rows) {
			d->left_out++;
			continue;
		}
		dg_add(&b, i, kind, side, enter,
		       timeline_step_of_line(tl, timeline_display_of(tl, i)));
	}
	/* Entries that never returned: drawn blocked to the end. */
	for (size_t k = 0; k < b.nopen; k++)
		d->items[b.open[k].item].bar = true;
	free(b.open);
	if (d->words)
		dg_intro(d);
	int y = DG_MARGIN + 2 * DG_TITLE_H + 6;
	y += (int)d->nintro * DG_PARA_H + (d->nintro ? 10 : 0);
	y += DG_HEAD_H;
	d->rows_top = y;
	for (size_t i = 0; i < d->nitems; i++)
		y = dg_place(d, &d->items[i], y);
	y = dg_close_band(d, y);
	d->rows_end = y + 10;
	/* The notes below: rows left out, streams not drawn. */
	int h = d->rows_end + 3 * DG_PARA_H + DG_MARGIN;
	int slide = d->width * 9 / 16; /* a short one fills a 16:9 slide */
	d->height = h > slide ? h : slide;
}

static void dg_free_lines(struct dg_line *l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(l[i].text);
	free(l);
}

void diagram_free(struct diagram *d)
{
	for (size_t i = 0; i < d->nbands; i++)
		dg_free_lines(d->bands[i].lines, d->bands[i].nlines);
	dg_free_lines(d->intro, d->nintro);
	free(d->bands);
	free(d->items);
	memset(d, 0, sizeof *d);
}

/* --- the view ---------------------------------------------------------- */

/* Every event goes into the timeline, other streams' segments too: the
 * words of a drawn row (which segment released a call, what a step's
 * next line is) are the screen's only with the whole session. */
struct dg_view {
	struct view view;
	struct outbuf *out;
	struct timeline *tl;
	struct view *model; /* the timeline's view */
	char *title;
	long stream;
	size_t max_rows;
	bool words;
	diagram_write_fn write;
};

static struct view *dg_model(struct view *v)
{
	return ((struct dg_view *)v)->model;
}

static void dg_begin(struct view *v, const struct session_info *info)
{
	struct dg_view *g = (struct dg_view *)v;
	if (g->title == NULL && info->title)
		g->title = xstrdup(info->title);
	g->model->begin(g->model, info);
}

static void dg_actor(struct view *v, const struct actor *a)
{
	dg_model(v)->actor(dg_model(v), a);
}

static void dg_segment(struct view *v, const struct seg_event *ev, int64_t t_ns)
{
	dg_model(v)->segment(dg_model(v), ev, t_ns);
}

static void dg_call(struct view *v, const struct call_event *ev, int64_t t_ns)
{
	dg_model(v)->call(dg_model(v), ev, t_ns);
}

static void dg_kstate(struct view *v, const struct kstate_event *ev,
                      int64_t t_ns)
{
	dg_model(v)->kstate(dg_model(v), ev, t_ns);
}

static void dg_narration(struct view *v, int step, enum narration_kind kind,
                         const char *text, int64_t t_ns)
{
	dg_model(v)->narration(dg_model(v), step, kind, text, t_ns);
}

static void dg_note(struct view *v, const struct note_event *ev, int64_t t_ns)
{
	dg_model(v)->note(dg_model(v), ev, t_ns);
}

static void dg_stream(struct view *v, const struct stream_info *si)
{
	dg_model(v)->stream(dg_model(v), si);
}

static void dg_finish(struct view *v, const struct session_totals *t)
{
	struct dg_view *g = (struct dg_view *)v;
	struct diagram d;
	g->model->finish(g->model, t);
	diagram_layout(&d, g->tl, g->stream, g->max_rows, g->words);
	g->write(g->out, &d, g->title ? g->title : "tcpviz");
	diagram_free(&d);
}

static void dg_destroy(struct view *v)
{
	struct dg_view *g = (struct dg_view *)v;
	timeline_free(g->tl);
	free(g->title);
	free(g);
}

struct view *diagram_view_new(const struct view_options *opt, size_t max_rows,
                              bool words, diagram_write_fn write)
{
	struct dg_view *g = xcalloc(1, sizeof *g);
	g->out = opt->out;
	g->title = opt->title ? xstrdup(opt->title) : NULL;
	g->stream = opt->stream;
	g->max_rows = max_rows;
	g->words = words;
	g->write = write;
	g->tl = timeline_new();
	g->model = timeline_view(g->tl);
	g->view = (struct view){.begin = dg_begin,
	                        .actor = dg_actor,
	                        .segment = dg_segment,
	                        .call = dg_call,
	                        .kstate = dg_kstate,
	                        .narration = dg_narration,
	                        .note = dg_note,
	                        .stream = dg_stream,
	                        .finish = dg_finish,
	                        .destroy = dg_destroy};
	return &g->view;
}
