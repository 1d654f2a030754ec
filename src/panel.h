/*
 * panel.h - what every part of the screen is: a panel that draws into a
 * region of the grid and answers the key actions that concern it (as
 * sngrep's ui_panel), and what panels share to write text.
 *
 * Pure: no ncurses. The panels are listed at the end, each defined in a
 * file of its own (ui_timeline.c, ui_detail.c, ui_lesson.c, ui_help.c,
 * ui_picker.c, ui_status.c); the layout (layout.c) gives each its
 * region and routes the actions.
 */
#ifndef TCPVIZ_PANEL_H
#define TCPVIZ_PANEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conntrack.h"
#include "grid.h"
#include "keys.h"
#include "screen.h"
#include "timeline.h"

struct rect {
	int x, y, w, h;
};

/* What a panel draws from and into. */
struct panel_ctx {
	struct grid *g; /* NULL while handling an action */
	const struct timeline *tl;
	struct screen_state *st;
	int page; /* the timeline's lines in view, for paging */
};

enum panel_result {
	PANEL_PASS, /* not this panel's action */
	PANEL_DONE,
	PANEL_RUN_STEP, /* done, and the source should run its next step */
};

struct panel {
	const char *name;
	/* Draw into r (the panel's rules and bars included). */
	void (*draw)(const struct panel_ctx *c, struct rect r);
	/* Do what the action means here, or PANEL_PASS (may be NULL). */
	enum panel_result (*handle)(const struct panel_ctx *c, enum action a);
	/* While the panel holds the keys alone (the help, the picker): the
	 * action a key means there (may be NULL: as everywhere). */
	enum action (*key)(int key, enum action a);
	/* The actions it answers, ACTION_NONE last: its part of the help. */
	const enum action *actions;
};

extern const struct panel ui_timeline_panel;
extern const struct panel ui_detail_panel;
extern const struct panel ui_lesson_panel;
extern const struct panel ui_help_panel;
extern const struct panel ui_picker_panel;
extern const struct panel ui_status_panel;

/* --- what panels share -------------------------------------------------- */

/* The glyphs of one character set: Unicode or 7-bit ASCII. */
struct glyphs {
	const char *dash, *right, *left, *ellipsis, *to, *vbar;
};
const struct glyphs *panel_glyphs(const struct screen_state *st);

/* Seconds with microseconds: "12.000031", "-0.000250", "+0.000020". */
void panel_seconds(char *out, size_t cap, int64_t ns, bool plus);
/* "SYN,ACK", as every view of tcpviz names flags ("none": no flag). */
void panel_flags(char *out, size_t cap, uint16_t flags);
/* "127.0.0.1:5555", "[::1]:5555". */
void panel_endpoint(char *out, size_t cap, const struct endpoint *e);

/* Where a pane's words go instead of a grid: each line or paragraph
 * whole, for a view that shows the screen's words elsewhere (the HTML
 * page's detail and lesson panes). */
struct pane_sink {
	void (*para)(void *ctx, const char *text, int attr);
	void *ctx;
};

/* A region filled with paragraphs, each word-wrapped by cells; with a
 * sink, no region: every paragraph goes to the sink unwrapped. */
struct pane {
	struct grid *g;
	int x, y, w, rows, used;
	const char *ell; /* ends a paragraph cut at the last row */
	int gap;         /* used just after the last blank line (0: none) */
	const struct pane_sink *sink;
};

/* One line, cut with the ellipsis when too long. */
void pane_line(struct pane *p, const char *s, int attr);
/* A paragraph, wrapped; the last row that fits ends with the ellipsis
 * when the text goes on. */
void pane_para(struct pane *p, const char *s, int attr);
/* The same for data shown as it is (a payload's bytes): no blank
 * beside full-width punctuation is taken out (utf8_tidy). */
void pane_para_raw(struct pane *p, const char *s, int attr);
/* A paragraph with a lead-in: "Q: ...", "A: ...". */
void pane_lead(struct pane *p, const char *lead, const char *text, int attr);
/* One blank line between paragraphs: none at the top, none doubled. */
void pane_blank(struct pane *p);

#endif
