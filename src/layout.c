/*
 * layout.c - the screen as panels (layout.h): each panel's region, the
 * order they are drawn in, and the panel each action goes to.
 *
 * The timeline takes the screen above the status bar; the detail pane
 * (Enter) takes the bottom of it, growing with the terminal; a lesson's
 * pane sits beside the timeline from NARR_SIDE_FROM columns (the
 * timeline keeps its 80) and below it otherwise, where the detail pane
 * takes its place while open. The help and the picker take the whole
 * screen above the status bar. Must not call ncurses, do I/O or draw
 * anything itself but the "too small" line.
 */
#include "layout.h"

#include <stdio.h>

#include "i18n.h"
#include "panel.h"

enum {
	HEADER_ROWS = 2, /* the timeline's endpoints and its rule */
	STATUS_ROWS = 1,
	DETAIL_MIN = 10,      /* the pane's rule and 9 lines at 80x24 */
	NARR_MIN = 10,        /* the lesson pane below: its rule and 9 lines */
	NARR_SIDE_FROM = 120, /* from this width the lesson pane is beside */
	NARR_SIDE_MAX = 64,   /* columns of the lesson pane beside */
};

/* Each panel's region on this screen (h == 0: not shown). */
struct layout_geom {
	struct rect timeline, detail, lesson, status, whole;
	int pane_y, pane_h; /* the timeline's lines */
};

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

/* The lesson pane below the timeline: a third of the extra rows, at most
 * five twelfths of the screen. */
static int layout_lesson_rows(int h)
{
	int n = NARR_MIN + (h - LAYOUT_MIN_HEIGHT) / 3;
	int most = h * 5 / 12;
	return n > most ? most : n;
}

static void layout_geometry(const struct screen_state *st, const struct grid *g,
                            struct layout_geom *ge)
{
	int w = g->width, status_y = g->height - STATUS_ROWS;
	int detail_h = st->detail ? layout_detail_rows(g->height) : 0;
	int bottom = status_y - detail_h;
	ge->lesson = (struct rect){0, 0, 0, 0};
	if (st->narration && g->width >= NARR_SIDE_FROM) {
		int nw = g->width - LAYOUT_MIN_WIDTH;
		nw = nw < NARR_SIDE_MAX ? nw : NARR_SIDE_MAX;
		w = g->width - nw;
		ge->lesson = (struct rect){w, 0, nw, status_y};
	} else if (st->narration && !st->detail) {
		int nh = layout_lesson_rows(g->height);
		bottom = status_y - nh;
		ge->lesson = (struct rect){0, bottom, g->width, nh};
	}
	ge->timeline = (struct rect){0, 0, w, bottom};
	ge->detail = (struct rect){0, status_y - detail_h, w, detail_h};
	ge->status = (struct rect){0, status_y, g->width, STATUS_ROWS};
	ge->whole = (struct rect){0, 0, g->width, status_y};
	ge->pane_y = HEADER_ROWS;
	ge->pane_h = bottom - HEADER_ROWS < 1 ? 1 : bottom - HEADER_ROWS;
}

int layout_page_lines(const struct screen_state *st, const struct grid *g)
{
	struct layout_geom ge;
	layout_geometry(st, g, &ge);
	return ge.pane_h;
}

void layout_scroll_to_selection(struct screen_state *st, const struct grid *g)
{
	screen_scroll(st, (size_t)layout_page_lines(st, g));
}

long layout_line_at(const struct screen_state *st, const struct grid *g, int y)
{
	struct layout_geom ge;
	if (layout_too_small(g) || st->help || st->picker)
		return -1;
	layout_geometry(st, g, &ge);
	if (y < ge.pane_y || y >= ge.pane_y + ge.pane_h)
		return -1;
	return (long)(st->top + (size_t)(y - ge.pane_y));
}

/* The panel that holds the keys alone, or NULL. */
static const struct panel *layout_modal(const struct screen_state *st)
{
	if (st->help)
		return &ui_help_panel;
	if (st->picker)
		return &ui_picker_panel;
	return NULL;
}

enum action layout_action_for(const struct screen_state *st, int key)
{
	enum action a = keys_action(key);
	const struct panel *m = layout_modal(st);
	return m && m->key ? m->key(key, a) : a;
}

/* Without a modal panel, the panels an action is offered to, in turn. */
static const struct panel *const layout_chain[] = {
        &ui_detail_panel, &ui_timeline_panel, &ui_picker_panel,
        &ui_help_panel,   &ui_status_panel,
};

bool layout_apply(enum action a, struct screen_state *st,
                  const struct timeline *tl, const struct grid *g)
{
	struct panel_ctx c = {NULL, tl, st, layout_page_lines(st, g)};
	enum panel_result r = PANEL_PASS;
	const struct panel *m = layout_modal(st);
	if (m == &ui_help_panel) {
		m->handle(&c, a);
		return false;
	}
	if (m)
		m->handle(&c, a);
	for (size_t i = 0; !m && r == PANEL_PASS &&
	                   i < sizeof layout_chain / sizeof *layout_chain;
	     i++)
		if (layout_chain[i]->handle)
			r = layout_chain[i]->handle(&c, a);
	layout_scroll_to_selection(st, g);
	return r == PANEL_RUN_STEP;
}

static void layout_draw_too_small(struct grid *g)
{
	char line[96];
	snprintf(line, sizeof line,
	         _("tcpviz needs at least %dx%d (now %dx%d)"), LAYOUT_MIN_WIDTH,
	         LAYOUT_MIN_HEIGHT, g->width, g->height);
	grid_text(g, 0, 0, g->width, line, 0, COLOR_DEFAULT, NULL);
}

void layout_draw(const struct timeline *tl, struct screen_state *st,
                 struct grid *g)
{
	struct layout_geom ge;
	grid_clear(g);
	if (layout_too_small(g)) {
		layout_draw_too_small(g);
		return;
	}
	st->narration = timeline_narration_count(tl) > 0;
	layout_geometry(st, g, &ge);
	screen_settle(tl, st, (size_t)ge.pane_h);
	struct panel_ctx c = {g, tl, st, ge.pane_h};
	if (st->help) {
		ui_help_panel.draw(&c, ge.whole);
	} else if (st->picker) {
		ui_picker_panel.draw(&c, ge.whole);
	} else {
		ui_timeline_panel.draw(&c, ge.timeline);
		if (ge.detail.h > 0)
			ui_detail_panel.draw(&c, ge.detail);
		if (ge.lesson.h > 0)
			ui_lesson_panel.draw(&c, ge.lesson);
	}
	ui_status_panel.draw(&c, ge.status);
}
