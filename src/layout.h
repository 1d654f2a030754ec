/*
 * layout.h - the timeline screen, drawn into a grid of cells.
 *
 * Pure: no ncurses, no I/O. The ncurses shell (ui.c) copies the grid to
 * the terminal; tests draw into a grid and compare it with golden
 * screens. Everything a user sees is decided here: three columns on one
 * time axis (the client's calls and state, the wire with one arrow per
 * segment, the server's calls and state), the header with both
 * endpoints, the detail pane, the status line, the help, the connection
 * picker, and the one-line "too small" below 80x24.
 */
#ifndef TCPVIZ_LAYOUT_H
#define TCPVIZ_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "grid.h"
#include "timeline.h"

enum time_format { TIME_SINCE_START, TIME_SINCE_PREVIOUS, TIME_WALL_CLOCK };

enum {
	LAYOUT_MIN_WIDTH = 80,
	LAYOUT_MIN_HEIGHT = 24,
};

/* What the user has chosen; the shell changes it on keys. */
struct screen_state {
	size_t selected; /* display line */
	size_t top;      /* first display line on screen */
	bool detail;     /* the detail pane is open */
	bool absolute;   /* raw sequence numbers instead of relative */
	enum time_format time_format;
	bool ascii;
	bool follow;    /* live: keep the newest line in view */
	bool help;      /* the help screen */
	bool picker;    /* the connection picker */
	bool narration; /* a lesson's pane is shown (set by layout_draw) */
	bool stepping;  /* space runs the next step (a lesson or --step) */
	/* A recorded lesson shown a step at a time: only the lines before
	 * step `revealed` (0-based) are shown; space reveals the next. */
	bool reveal;
	int revealed;
	size_t picker_selected;
	int64_t now_ns;     /* for "blocked for ..." (same origin as rows) */
	const char *title;  /* file name or "live demo" */
	const char *notice; /* one line for the status bar, or NULL */
};

/* The lines the screen shows: every display line, or with st->reveal
 * those before the first step not revealed yet. */
size_t layout_line_count(const struct timeline *tl,
                         const struct screen_state *st);
/* The newest step shown: timeline_last_step, below it with reveal. */
int layout_last_step(const struct timeline *tl, const struct screen_state *st);

/* Draw everything into g (its size is the terminal's). */
void layout_draw(const struct timeline *tl, struct screen_state *st,
                 struct grid *g);

/* How many display lines the timeline pane holds at this size (for
 * paging). */
int layout_page_lines(const struct screen_state *st, const struct grid *g);

/* Keep the selection on screen after it moved (adjusts st->top). */
void layout_scroll_to_selection(struct screen_state *st, const struct grid *g);

/* Which display line is drawn at screen row y, for the mouse; -1: none. */
long layout_line_at(const struct screen_state *st, const struct grid *g, int y);

#endif
