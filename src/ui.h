/*
 * ui.h - the ncurses screen: the timeline, live or replayed.
 *
 * Thin shell: it copies the layout's grid to the terminal, maps keys to
 * actions and pumps its source between keys. Everything drawn is
 * decided by the panels (ui_*.c) the layout (layout.c) arranges; which
 * key is which action, in keys.c; what an action does, in the panels.
 */
#ifndef TCPVIZ_UI_H
#define TCPVIZ_UI_H

#include <stdbool.h>

#include "timeline.h"

/* Where rows come from: pump() feeds more into the timeline, within
 * about budget_ms; returns 1 while more may come, 0 when done. */
struct ui_source {
	int (*pump)(void *ctx, int budget_ms);
	/* Space or n in a live --step demo: run the next step (may be NULL). */
	void (*step)(void *ctx);
	/* What has gone wrong underneath (packets dropped, a recording
	 * that failed), one line for the status bar, or NULL (may be NULL). */
	const char *(*warning)(void *ctx);
	/* What space runs next while the source waits for it ("server
	 * calls socket()"), or NULL (may be NULL). */
	const char *(*next)(void *ctx);
	/* A line typed for the program's standard input (key i), n bytes
	 * with its newline; NULL: the user ended the input (Ctrl-D). May
	 * be NULL: the source takes no input. */
	void (*input)(void *ctx, const char *line, size_t n);
	void *ctx;
};

struct ui_options {
	const char *title;
	bool ascii;
	bool color;
	bool live;     /* follow the newest row until the user moves away */
	bool lesson;   /* a lesson, not the demo (what the end says) */
	bool traced;   /* traced programs (tcpviz run), not the demo */
	bool stepping; /* space at the newest line runs src->step */
	bool reveal;   /* a recorded lesson: space reveals step by step */
	bool slow;     /* one line at a time from the start (--slow) */
};

/* Runs until q, Ctrl-C or a signal; returns 0, or 128+signal. The
 * terminal is restored on every way out, fatal signals included. */
int ui_run(struct timeline *tl, struct ui_source *src,
           const struct ui_options *opt);

/* Whether standard input and output are a terminal ncurses can use. */
bool ui_available(void);

#endif
