/*
 * grid.h - a screen as a grid of cells, and text written into it by
 * display cells.
 *
 * Pure: no ncurses, no I/O. The panels draw into a grid, the shell
 * (ui.c) copies it to the terminal, tests compare it with golden
 * screens. A wide (CJK) character takes two cells: the left one holds
 * it, the right one is its continuation. Nothing written here ever
 * leaves half of a wide character: one that would straddle the edge of
 * the region it is written into becomes a blank, and overwriting half
 * of one blanks its other half.
 */
#ifndef TCPVIZ_GRID_H
#define TCPVIZ_GRID_H

#include <stddef.h>
#include <stdint.h>

/* Cell attributes: how a cell is drawn, whatever the terminal can do. */
enum {
	ATTR_BOLD = 1u << 0,
	ATTR_REVERSE = 1u << 1, /* the selected row */
	ATTR_DIM = 1u << 2,
	ATTR_UNDERLINE = 1u << 3,
};

/* Colour roles; the shell maps them to colour pairs, or ignores them in
 * monochrome (then the attributes alone must carry the meaning). */
enum color_role {
	COLOR_DEFAULT,
	COLOR_CLIENT,
	COLOR_SERVER,
	COLOR_HANDSHAKE,
	COLOR_DATA,
	COLOR_TEARDOWN,
	COLOR_RESET,
	COLOR_BLOCKED,  /* a call entered and not returned */
	COLOR_MISMATCH, /* kernel and inferred state disagree */
	COLOR_STATUS,
	COLOR_ROLE_COUNT
};

/* Which part of a character a cell holds. */
enum cell_part {
	CELL_WHOLE, /* a character of one cell (or a blank) */
	CELL_LEFT,  /* a wide character: it is drawn from here */
	CELL_RIGHT, /* the continuation of the wide character to its left */
};

struct cell {
	uint32_t ch; /* a Unicode code point (0 in a CELL_RIGHT) */
	uint8_t attr;
	uint8_t color; /* enum color_role */
	uint8_t part;  /* enum cell_part */
};

struct grid {
	int width, height;
	struct cell *cells; /* width * height, row-major */
};

void grid_init(struct grid *g, int width, int height);
void grid_free(struct grid *g);
/* Every cell a blank without attributes. */
void grid_clear(struct grid *g);
/* A row as UTF-8 text, each wide character once, trailing blanks
 * trimmed; for tests. */
size_t grid_row_text(const struct grid *g, int row, char *out, size_t cap);

/* One character at (x, y) (ignored outside the grid). A wide one takes
 * (x, y) and (x + 1, y), or is a blank when x + 1 is past the grid; a
 * control is shown as U+FFFD; a zero-width one (a combining mark) is
 * not written, as a cell holds one character. Returns the cells taken. */
int grid_put(struct grid *g, int x, int y, uint32_t ch, int attr, int color);

/* UTF-8 text at (x, y) in at most w cells; when it does not fit and ell
 * is not NULL, its end is replaced by ell (one cell, as "~" or U+2026).
 * A wide character that would straddle the w cells' edge leaves a blank
 * there. Returns the cells written. */
int grid_text(struct grid *g, int x, int y, int w, const char *s, int attr,
              int color, const char *ell);

/* Cells x0 to x1 - 1 of row y filled with the first character of s (a
 * narrow one: a rule, a bar, a blank). */
void grid_fill(struct grid *g, int y, int x0, int x1, const char *s, int attr,
               int color);

/* Add attributes to cells x0 to x1 - 1 of row y (the selection's
 * reverse). */
void grid_mark(struct grid *g, int y, int x0, int x1, int attr);

#endif
