/*
 * screen.h - what the user looks at and how it moves: the selected
 * line, the first line in view, the open panes and toggles, and the
 * moves a key makes (a line, a lesson's step, a page, an end, one line
 * more of what was held back).
 *
 * Pure: no ncurses, no drawing. The layout (layout.c) sizes the pages
 * and routes actions; the panels (ui_*.c) read and change this state.
 */
#ifndef TCPVIZ_SCREEN_H
#define TCPVIZ_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "timeline.h"

enum time_format { TIME_SINCE_START, TIME_SINCE_PREVIOUS, TIME_WALL_CLOCK };

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
	/* One line at a time (--slow, or its key): only the first `shown`
	 * lines are drawn; space shows the next. */
	bool slow;
	size_t shown;
	/* What space runs next, from the source ("server calls socket()",
	 * "step 5 of 9: client connect"), or NULL: none is waiting. */
	const char *next_step;
	size_t picker_selected;
	int64_t now_ns;     /* for "blocked for ..." (same origin as rows) */
	const char *title;  /* file name or "live demo" */
	const char *notice; /* one line for the status bar, or NULL */
	/* The input line for a traced program while it is open (what was
	 * typed so far), or NULL. */
	const char *input;
	bool can_input;    /* the source takes input (tcpviz run) */
	bool input_wanted; /* key i: ui.c opens the input line */
};

/* The lines the screen shows: every display line, or with st->reveal
 * those before the first step not revealed yet, and with st->slow no
 * more than st->shown. */
size_t screen_line_count(const struct timeline *tl,
                         const struct screen_state *st);
/* Lines that have happened but wait, with st->slow, for space. */
size_t screen_hidden(const struct timeline *tl, const struct screen_state *st);
/* Turn one line at a time on (what is shown stays) or off. */
void screen_set_slow(struct screen_state *st, const struct timeline *tl,
                     bool on);
/* "Now" for a blocked call's time: st->now_ns, or with lines held back
 * the time of the first of them (the class's now). */
int64_t screen_now(const struct timeline *tl, const struct screen_state *st);
/* Whether a call entered at row is still drawn blocked: not returned
 * yet, or (lines held back) the segment that released it not shown. */
bool screen_call_blocked(const struct timeline *tl,
                         const struct screen_state *st, size_t row);

/* What space does where the selection is. */
enum screen_space {
	SPACE_MOVES,        /* to the next line, or the next step's first */
	SPACE_SHOWS_LINE,   /* one line more (st->slow) */
	SPACE_REVEALS_STEP, /* a recorded lesson's next step */
	SPACE_RUNS_STEP,    /* the source's next step (may be none left) */
};
enum screen_space screen_space(const struct timeline *tl,
                               const struct screen_state *st);
/* The newest step shown: timeline_last_step, below it with reveal. */
int screen_last_step(const struct timeline *tl, const struct screen_state *st);
/* The row of a display line (its index in *row when not NULL). */
const struct tl_row *screen_line_row(const struct timeline *tl, size_t line,
                                     size_t *row);
/* The step of the selected line; -1 before the first or with no lines. */
int screen_selected_step(const struct timeline *tl,
                         const struct screen_state *st);

/* The stream a row belongs to (-1: none known: the scripted actors'
 * calls, a listener's state), and the one the header
 * names for a line: its own, or the nearest segment's before it (after
 * it at the start of a capture). */
long screen_row_stream(const struct timeline *tl, const struct tl_row *r);
long screen_stream_near(const struct timeline *tl, size_t line);
/* The first display line of a stream: its first segment's (0: none). */
size_t screen_stream_line(const struct timeline *tl, size_t id);

/* Move the selection by delta lines, clamped at both ends; moving off
 * the newest line stops follow. */
void screen_move(struct screen_state *st, const struct timeline *tl,
                 long delta);
/* The newest line, following it (End). */
void screen_end(struct screen_state *st, const struct timeline *tl);
/* Space: a line forward, or in a lesson to the next step's first line.
 * At the newest line shown, one line more when lines are held back;
 * else at the newest line (step) it returns true: the source should run
 * the next step (a recorded lesson reveals it instead). */
bool screen_step_forward(struct screen_state *st, const struct timeline *tl);
/* b: a line back, or in a lesson to the first line of the step before. */
void screen_step_back(struct screen_state *st, const struct timeline *tl);

/* Keep the selection within a page of `page` lines (adjusts st->top). */
void screen_scroll(struct screen_state *st, size_t page);
/* Before drawing: the selection on an existing line, in view, and with
 * follow the newest line selected; no empty page below the last line. */
void screen_settle(const struct timeline *tl, struct screen_state *st,
                   size_t page);

#endif
