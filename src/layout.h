/*
 * layout.h - the screen as panels: which are shown, where, and which
 * one an action goes to.
 *
 * Pure: no ncurses, no I/O. The panels (panel.h, ui_*.c) draw; this
 * module gives each its region of the grid and routes the key actions:
 * the help or the picker alone while one is open, else the detail pane,
 * the timeline, then the keys that open the picker and the help. The
 * ncurses shell (ui.c) copies the grid to the terminal; tests draw into
 * a grid and compare it with golden screens. Below 80x24 the screen is
 * one line asking for more.
 */
#ifndef TCPVIZ_LAYOUT_H
#define TCPVIZ_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "grid.h"
#include "keys.h"
#include "screen.h"
#include "timeline.h"

enum {
	LAYOUT_MIN_WIDTH = 80,
	LAYOUT_MIN_HEIGHT = 24,
};

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

/* The action of a key where the user is: while the help is shown every
 * key closes it (Ctrl-C still quits); in the picker only Up/Down/k/j,
 * Enter (choose), Escape or c (close) and q/Ctrl-C mean anything. */
enum action layout_action_for(const struct screen_state *st, int key);

/* Do an action (ACTION_QUIT is the shell's), and keep the selection in
 * view. Returns true when the shell's source should run its next step:
 * Space at the newest line of a --step demo or a lesson. */
bool layout_apply(enum action a, struct screen_state *st,
                  const struct timeline *tl, const struct grid *g);

#endif
