/*
 * ui_status.c - the status bar, the screen's last row: the title, where
 * the selection is, a notice from the source (drops, the end of a
 * demo), and a reminder of the keys made from the key table.
 *
 * Must not call ncurses or do I/O. A long title gives way first, so the
 * position, the notice and "? help" stay in view; the other reminders
 * are shown only whole.
 */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "panel.h"
#include "utf8.h"
#include "util.h"

enum {
	LINE_MAX = 512,
	TITLE_MIN = 12, /* cells of the title the bar keeps at least */
};

static void ui_status_draw(const struct panel_ctx *c, struct rect r)
{
	const struct screen_state *st = c->st;
	char title[LINE_MAX], where[LINE_MAX], hint[LINE_MAX];
	size_t n = screen_line_count(c->tl, st);
	int y = r.y, end = r.x + r.w;
	if (n)
		snprintf(where, sizeof where, _("  line %zu of %zu"),
		         st->selected + 1, n);
	else
		snprintf(where, sizeof where, "%s", _("  no lines yet"));
	if (st->notice)
		strcatf(where, sizeof where, "  %s", st->notice);
	/* The title leaves room for the first reminder at least. */
	int room =
	        r.w - 1 - (int)utf8_width(where) - 2 - keys_status_hint_min();
	utf8_trim(title, sizeof title, st->title ? st->title : "tcpviz",
	          (size_t)(room > TITLE_MIN ? room : TITLE_MIN),
	          panel_glyphs(st)->ellipsis);
	grid_fill(c->g, y, r.x, end, " ", ATTR_REVERSE, COLOR_STATUS);
	int x = r.x + 1;
	x += grid_text(c->g, x, y, end - x, title, ATTR_REVERSE, COLOR_STATUS,
	               NULL);
	x += grid_text(c->g, x, y, end - x, where, ATTR_REVERSE, COLOR_STATUS,
	               NULL);
	if (keys_status_hint(hint, sizeof hint, end - x - 2) > 0)
		grid_text(c->g, x + 2, y, end - x - 2, hint, ATTR_REVERSE,
		          COLOR_STATUS, NULL);
}

static const enum action ui_status_actions[] = {ACTION_NONE};

const struct panel ui_status_panel = {
        .name = "status",
        .draw = ui_status_draw,
        .handle = NULL,
        .key = NULL,
        .actions = ui_status_actions,
};
