/*
 * diagram.h - one stream of a finished timeline laid out as a drawing:
 * which rows it draws, where each goes (in pixels, top down), the bars
 * of blocked calls and the bands of a lesson's steps with their words.
 *
 * The SVG writer (diagram_svg.h) draws it; the SVG and HTML views make
 * it. Pure: no I/O; text is measured in display cells (utf8.h) at a
 * fixed advance per cell, the fonts being monospaced.
 *
 * Columns, left to right: the time, the client's calls and states
 * (right-aligned against its lifeline), the client's lifeline, the wire
 * with one arrow per segment, the server's lifeline, the server's calls
 * and states, and for a lesson its narration.
 */
#ifndef TCPVIZ_DIAGRAM_H
#define TCPVIZ_DIAGRAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "outbuf.h"
#include "timeline.h"
#include "views.h"

/* Geometry, in pixels. A cell is DG_CELL_X10 / 10 px wide at DG_FONT. */
enum {
	DG_FONT = 13,
	DG_SMALL = 11,
	DG_CELL_X10 = 80,       /* DG_FONT * 0.6 + a little room */
	DG_SMALL_CELL_X10 = 68, /* DG_SMALL likewise */
	DG_MARGIN = 20,
	DG_TIME_W = 80,       /* the time column */
	DG_SIDE_W = 370,      /* each side's column of calls */
	DG_GAP = 14,          /* between a side's column and its lifeline */
	DG_WIRE_W = 440,      /* between the lifelines */
	DG_NARR_GAP = 30,     /* before the narration column */
	DG_NARR_W = 380,      /* the narration column (lessons) */
	DG_SEG_H = 44,        /* a segment: its label, arrow, role */
	DG_LINE_H = 22,       /* a call, a kernel state, a note */
	DG_STEP_H = 30,       /* a step's title */
	DG_PARA_H = 18,       /* a line of narration */
	DG_HEAD_H = 64,       /* the lifelines' heads */
	DG_TITLE_H = 26,      /* a line of the title */
	DG_MAX_ROWS = 2000,   /* the SVG's limit of drawn rows */
	DG_HTML_ROWS = 20000, /* the HTML page's */
	DG_OTHERS = 8         /* streams not drawn named by number */
};

enum dg_kind { DG_SEGMENT, DG_CALL, DG_KSTATE, DG_STEP, DG_NOTE };

struct dg_item {
	uint8_t kind;  /* enum dg_kind */
	uint8_t side;  /* call, kernel state, note: enum side */
	uint32_t row;  /* the timeline's row */
	uint32_t line; /* its display line */
	int step;      /* the step it is in; -1 before the first */
	int y, h;      /* top and height */
	/* A call's enter: the item of its return (-1: it never returned,
	 * drawn to the end). A return: its enter's item, else -1. */
	int32_t pair;
	bool bar;     /* an enter drawn with a bar down to its return */
	uint8_t lane; /* its bar's place beside the lifeline: 0 on it, 1
	                 outside it (a second actor on that side) */
};

/* A line of words (narration, the introduction), owned. */
struct dg_line {
	char *text;
	bool bold;
};

/* A lesson's step: a band from its title down to the next step. */
struct dg_band {
	int step;
	int y, h;
	struct dg_line *lines; /* its words, wrapped to DG_NARR_W */
	size_t nlines;
};

struct diagram {
	const struct timeline *tl;
	struct dg_item *items;
	size_t nitems;
	struct dg_band *bands;
	size_t nbands;
	struct dg_line *intro; /* a lesson's introduction, wrapped */
	size_t nintro;
	long stream;       /* the timeline's stream drawn; -1: none */
	long asked;        /* the stream asked for; -1: the first */
	size_t left_out;   /* rows past the limit, not drawn */
	size_t max_rows;   /* the limit */
	uint32_t streams;  /* how many the timeline has */
	bool lesson;       /* a lesson's steps or words are in the session */
	bool words;        /* its introduction and words drawn (the SVG);
	                      the HTML page shows them in a pane instead */
	int width, height; /* of the whole drawing */
	int rows_top;      /* where the first row goes */
	int rows_end;      /* below the last row */
	int client_x, server_x, wire_mid, narr_x;
};

/* Lays out stream `stream` of a finished timeline (-1: the first with a
 * segment; with no segment at all, the calls and steps alone), drawing
 * at most max_rows rows. A short connection fits 16:9; a longer one
 * grows downwards. With words, a lesson's introduction is drawn on top
 * and each step's words beside its band. */
void diagram_layout(struct diagram *d, const struct timeline *tl, long stream,
                    size_t max_rows, bool words);
void diagram_free(struct diagram *d);

/* Pixels of text of that many cells at the normal and the small size. */
int diagram_px(size_t cells);
int diagram_small_px(size_t cells);
/* The lifeline of a side. */
int diagram_side_x(const struct diagram *d, int side);

/* What a one-stream diagram (SVG, HTML, Mermaid) says of the others:
 * "stream 0 only (--stream N draws another); not drawn: stream 1, 2 and
 * 3 more", or that a stream asked for is not there (asked >= 0, shown
 * -1); "" when there is nothing to say. Stream ids are 0 to streams-1. */
void diagram_streams_note(char *out, size_t cap, long shown, long asked,
                          uint64_t streams);

/* A view that keeps the session in a timeline (the screen's model) and
 * at its end lays out the stream asked for (view_options.stream) and
 * hands it to write: the SVG and HTML formats. */
typedef void (*diagram_write_fn)(struct outbuf *o, const struct diagram *d,
                                 const char *title);
struct view *diagram_view_new(const struct view_options *opt, size_t max_rows,
                              bool words, diagram_write_fn write);

#endif
