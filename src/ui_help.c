/*
 * ui_help.c - the help screen: one line per key action, from the key
 * table (keys.c), so it lists exactly the keys tcpviz answers, and what
 * the screen's attributes mean. ? opens it; any key closes it (Ctrl-C
 * still quits).
 *
 * Must not call ncurses or do I/O.
 */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "panel.h"
#include "utf8.h"

enum { LABEL_CELLS = 12, LINE_MAX = 512 };

static void ui_help_draw(const struct panel_ctx *c, struct rect r)
{
	size_t count;
	const struct key_action *ka = keys_table(&count);
	const char *ell = panel_glyphs(c->st)->ellipsis;
	char line[LINE_MAX], label[128];
	int y = r.y, end = r.y + r.h, w = r.w - 2;
	grid_text(c->g, r.x + 1, y++, w,
	          _("tcpviz keys (any key closes this help)"), ATTR_BOLD,
	          COLOR_DEFAULT, NULL);
	y++;
	for (size_t i = 0; i < count && y < end; i++) {
		utf8_pad(label, sizeof label, _(ka[i].label), LABEL_CELLS);
		snprintf(line, sizeof line, "  %s %s", label, _(ka[i].help));
		grid_text(c->g, r.x + 1, y++, w, line, 0, COLOR_DEFAULT, ell);
	}
	const char *legend[] = {
	        "",
	        _("reverse: the selected line   bold: a call still blocked"),
	        _("dim: kernel states, other connections"),
	        _("!= : the kernel's state and the segments' disagree"),
	};
	for (size_t i = 0; i < sizeof legend / sizeof legend[0] && y < end; i++)
		grid_text(c->g, r.x + 1, y++, w, legend[i], 0, COLOR_DEFAULT,
		          ell);
}

/* Closed, ? opens it; open, any action closes it but quitting. */
static enum panel_result ui_help_handle(const struct panel_ctx *c,
                                        enum action a)
{
	if (!c->st->help) {
		if (a != ACTION_HELP)
			return PANEL_PASS;
		c->st->help = true;
		return PANEL_DONE;
	}
	if (a == ACTION_QUIT)
		return PANEL_PASS;
	c->st->help = false;
	return PANEL_DONE;
}

/* While it is shown every key closes it; Ctrl-C still quits. */
static enum action ui_help_key(int key, enum action a)
{
	(void)a;
	return keys_is_interrupt(key) ? ACTION_QUIT : ACTION_HELP;
}

static const enum action ui_help_actions[] = {ACTION_HELP, ACTION_NONE};

const struct panel ui_help_panel = {
        .name = "help",
        .draw = ui_help_draw,
        .handle = ui_help_handle,
        .key = ui_help_key,
        .actions = ui_help_actions,
};
