/*
 * ui_status.c - the status bar, the screen's last row: the title, where
 * the selection is, a notice from the source (drops, the end of a
 * demo), and a reminder of the keys made from the key table.
 *
 * Must not call ncurses or do I/O. A long title gives way first, then a
 * long notice (after a whole word), so the position and "? help" stay in
 * view; the other reminders are shown only whole.
 */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "panel.h"
#include "ui_text.h"
#include "utf8.h"
#include "util.h"

enum {
	LINE_MAX = 512,
	TITLE_MIN = 12, /* cells of the title the bar keeps at least */
};

/* s in at most w cells: whole, or cut after its last whole word that
 * leaves room for the ellipsis (a notice must not end mid-word). */
static void ui_status_words(char *out, size_t cap, const char *s, int w,
                            const char *ell)
{
	const char *next;
	if (w <= 0) {
		out[0] = '\0';
		return;
	}
	if ((int)utf8_width(s) <= w) {
		snprintf(out, cap, "%s", s);
		return;
	}
	size_t n = utf8_wrap(s, (size_t)(w - 1), &next);
	/* No blank or separator before the ellipsis: ASCII ones, or the
	 * full-width ， ； 、 (three bytes each) of a Chinese notice. */
	for (;;) {
		if (n > 0 &&
		    (s[n - 1] == ' ' || s[n - 1] == ';' || s[n - 1] == ','))
			n--;
		else if (n >= 3 && (memcmp(s + n - 3, "\xef\xbc\x8c", 3) == 0 ||
		                    memcmp(s + n - 3, "\xef\xbc\x9b", 3) == 0 ||
		                    memcmp(s + n - 3, "\xe3\x80\x81", 3) == 0))
			n -= 3;
		else
			break;
	}
	snprintf(out, cap, "%.*s%s", (int)n, s, n ? ell : "");
}

/*
 * What the bar keeps, in order: the position, "? help", the notice (cut
 * after a whole word), at least TITLE_MIN cells of the title, then the
 * title whole and the other reminders, each whole, as far as they fit.
 */
/* The open input line: what the program will read, then the keys. */
static void ui_status_input(const struct panel_ctx *c, struct rect r)
{
	char line[LINE_MAX];
	const char *keys = _("  Enter sends, Ctrl-D ends its input, Escape");
	int end = r.x + r.w;
	grid_fill(c->g, r.y, r.x, end, " ", ATTR_REVERSE, COLOR_STATUS);
	int x = r.x + 1;
	x += grid_text(c->g, x, r.y, end - x, _("input: "), ATTR_REVERSE,
	               COLOR_STATUS, NULL);
	/* The end of a long line stays in view, then a cursor. */
	int room = end - x - (int)utf8_width(keys) - 2;
	const char *t = c->st->input;
	while (room > 0 && (int)utf8_width(t) > room) {
		uint32_t cp;
		t += utf8_decode(t, strlen(t), &cp);
	}
	snprintf(line, sizeof line, "%s_", t);
	x += grid_text(c->g, x, r.y, end - x, line, ATTR_REVERSE | ATTR_BOLD,
	               COLOR_STATUS, NULL);
	grid_text(c->g, x, r.y, end - x, keys, ATTR_REVERSE, COLOR_STATUS,
	          panel_glyphs(c->st)->ellipsis);
}

static void ui_status_draw(const struct panel_ctx *c, struct rect r)
{
	const struct screen_state *st = c->st;
	if (st->input) {
		ui_status_input(c, r);
		return;
	}
	const char *ell = panel_glyphs(st)->ellipsis;
	char title[LINE_MAX], where[LINE_MAX], note[LINE_MAX], hint[LINE_MAX];
	size_t n = screen_line_count(c->tl, st);
	int y = r.y, end = r.x + r.w;
	if (n)
		snprintf(where, sizeof where, _("  line %zu of %zu"),
		         st->selected + 1, n);
	else
		snprintf(where, sizeof where, "%s", _("  no lines yet"));
	const char *name = st->title ? st->title : "tcpviz";
	int fixed = 1 + (int)utf8_width(where) + 2 + keys_status_hint_min();
	int least = (int)utf8_width(name);
	least = least < TITLE_MIN ? least : TITLE_MIN;
	note[0] = '\0';
	/* What space does next comes first, then the source's notice. */
	char said[LINE_MAX] = "";
	if (ui_text_space_hint(said, sizeof said, c->tl, st) && st->notice)
		strcatf(said, sizeof said, "  %s", st->notice);
	else if (st->notice)
		snprintf(said, sizeof said, "%s", st->notice);
	if (said[0]) {
		/* "  " before the notice; the title keeps its least. */
		ui_status_words(note + 2, sizeof note - 2, said,
		                r.w - fixed - least - 2, ell);
		if (note[2])
			memcpy(note, "  ", 2);
		else
			note[0] = '\0';
	}
	/* The title leaves room for the first reminder at least. */
	int room = r.w - fixed - (int)utf8_width(note);
	utf8_trim(title, sizeof title, name,
	          (size_t)(room > TITLE_MIN ? room : TITLE_MIN), ell);
	grid_fill(c->g, y, r.x, end, " ", ATTR_REVERSE, COLOR_STATUS);
	int x = r.x + 1;
	x += grid_text(c->g, x, y, end - x, title, ATTR_REVERSE, COLOR_STATUS,
	               NULL);
	x += grid_text(c->g, x, y, end - x, where, ATTR_REVERSE, COLOR_STATUS,
	               NULL);
	x += grid_text(c->g, x, y, end - x, note, ATTR_REVERSE, COLOR_STATUS,
	               NULL);
	if (keys_status_hint(hint, sizeof hint, end - x - 2) > 0)
		grid_text(c->g, x + 2, y, end - x - 2, hint, ATTR_REVERSE,
		          COLOR_STATUS, NULL);
}

/* Key i: the input line, drawn here; ui.c opens it and takes its keys. */
static enum panel_result ui_status_handle(const struct panel_ctx *c,
                                          enum action a)
{
	if (a != ACTION_INPUT)
		return PANEL_PASS;
	c->st->input_wanted = c->st->can_input;
	return PANEL_DONE;
}

static const enum action ui_status_actions[] = {ACTION_INPUT, ACTION_NONE};

const struct panel ui_status_panel = {
        .name = "status",
        .draw = ui_status_draw,
        .handle = ui_status_handle,
        .key = NULL,
        .actions = ui_status_actions,
};
