/*
 * grid.c - the grid of cells and text written into it by display cells
 * (grid.h).
 *
 * Widths come from utf8.c, never from the process locale, so a grid is
 * the same whatever the terminal. Must not call ncurses or do I/O, and
 * must never leave half of a wide character in a row.
 */
#include "grid.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "util.h"

static const struct cell grid_blank = {' ', 0, COLOR_DEFAULT, CELL_WHOLE};

void grid_init(struct grid *g, int width, int height)
{
	g->width = width > 0 ? width : 0;
	g->height = height > 0 ? height : 0;
	g->cells = xcalloc((size_t)g->width * (size_t)g->height + 1,
	                   sizeof *g->cells);
	grid_clear(g);
}

void grid_free(struct grid *g)
{
	free(g->cells);
	g->cells = NULL;
	g->width = g->height = 0;
}

void grid_clear(struct grid *g)
{
	for (int i = 0; i < g->width * g->height; i++)
		g->cells[i] = grid_blank;
}

static struct cell *grid_cell(struct grid *g, int x, int y)
{
	if (x < 0 || y < 0 || x >= g->width || y >= g->height)
		return NULL;
	return &g->cells[(size_t)y * (size_t)g->width + (size_t)x];
}

size_t grid_row_text(const struct grid *g, int row, char *out, size_t cap)
{
	size_t n = 0;
	if (cap == 0)
		return 0;
	if (row >= 0 && row < g->height) {
		int end = g->width;
		const struct cell *c = g->cells + (size_t)row * g->width;
		while (end > 0 && c[end - 1].part == CELL_WHOLE &&
		       (c[end - 1].ch == ' ' || c[end - 1].ch == 0))
			end--;
		for (int x = 0; x < end && n + 5 < cap; x++)
			if (c[x].part != CELL_RIGHT)
				n += utf8_encode(c[x].ch ? c[x].ch : ' ',
				                 out + n);
	}
	out[n] = '\0';
	return n;
}

/* Before (x, y) is written: a wide character it is half of loses its
 * other half, which becomes a blank of the same attributes. */
static void grid_unsplit(struct grid *g, int x, int y)
{
	struct cell *c = grid_cell(g, x, y), *other = NULL;
	if (c == NULL || c->part == CELL_WHOLE)
		return;
	other = grid_cell(g, c->part == CELL_LEFT ? x + 1 : x - 1, y);
	c->part = CELL_WHOLE;
	c->ch = ' ';
	if (other) {
		other->part = CELL_WHOLE;
		other->ch = ' ';
	}
}

static void grid_set(struct grid *g, int x, int y, uint32_t ch, int attr,
                     int color, enum cell_part part)
{
	struct cell *c = grid_cell(g, x, y);
	if (c == NULL)
		return;
	grid_unsplit(g, x, y);
	c->ch = ch;
	c->attr = (uint8_t)attr;
	c->color = (uint8_t)color;
	c->part = (uint8_t)part;
}

int grid_put(struct grid *g, int x, int y, uint32_t ch, int attr, int color)
{
	int w = utf8_cp_width(ch);
	if (w == 0)
		return 0;
	if (w < 0) {
		ch = UTF8_REPLACEMENT;
		w = 1;
	}
	if (w == 2 && x + 1 >= g->width) {
		ch = ' ';
		w = 1;
	}
	if (w == 1) {
		grid_set(g, x, y, ch, attr, color, CELL_WHOLE);
		return 1;
	}
	grid_set(g, x, y, ch, attr, color, CELL_LEFT);
	grid_set(g, x + 1, y, 0, attr, color, CELL_RIGHT);
	return 2;
}

/* Characters of s from byte i on, in cells [x + n, x + limit); returns
 * the cells written (n at the end). A wide character that does not fit
 * whole leaves a blank in the last cell. */
static int grid_run(struct grid *g, int x, int y, int limit, const char *s,
                    int attr, int color)
{
	size_t len = strlen(s), i = 0;
	int n = 0;
	while (i < len && n < limit) {
		uint32_t cp;
		i += utf8_decode(s + i, len - i, &cp);
		int cw = utf8_shown_width(cp);
		if (cw == 0)
			continue;
		if (n + cw > limit)
			cp = ' '; /* a wide character at the edge */
		n += grid_put(g, x + n, y, cp, attr, color);
	}
	return n;
}

int grid_text(struct grid *g, int x, int y, int w, const char *s, int attr,
              int color, const char *ell)
{
	if (w <= 0)
		return 0;
	int ew = ell ? (int)utf8_width(ell) : 0;
	bool cut = ell != NULL && ew <= w && (int)utf8_width(s) > w;
	if (!cut)
		return grid_run(g, x, y, w, s, attr, color);
	int n = grid_run(g, x, y, w - ew, s, attr, color);
	return n + grid_run(g, x + n, y, ew, ell, attr, color);
}

void grid_fill(struct grid *g, int y, int x0, int x1, const char *s, int attr,
               int color)
{
	uint32_t c;
	utf8_decode(s, strlen(s), &c);
	if (utf8_cp_width(c) != 1)
		c = ' ';
	for (int x = x0; x < x1; x++)
		grid_put(g, x, y, c, attr, color);
}

void grid_mark(struct grid *g, int y, int x0, int x1, int attr)
{
	for (int x = x0; x < x1; x++) {
		struct cell *c = grid_cell(g, x, y);
		if (c)
			c->attr |= (uint8_t)attr;
	}
}
