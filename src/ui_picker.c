/*
 * ui_picker.c - the connection picker: every stream with its endpoints,
 * segments and final states; Up and Down choose, Enter shows the chosen
 * one's first line, Escape or c closes it. c opens it on the connection
 * of the selected line.
 *
 * Must not call ncurses or do I/O.
 */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "panel.h"

enum { LINE_MAX = 512, HEAD_ROWS = 3 };

static void ui_picker_line(char *out, size_t cap, const struct stream_info *s,
                           const struct glyphs *gl)
{
	char c[80], sv[80];
	panel_endpoint(c, sizeof c, &s->client);
	panel_endpoint(sv, sizeof sv, &s->server);
	snprintf(out, cap,
	         NG_("%4llu  %s %s %s  %llu segment  %s / %s",
	             "%4llu  %s %s %s  %llu segments  %s / %s", s->segments),
	         (unsigned long long)s->id, c, gl->to, sv,
	         (unsigned long long)s->segments,
	         tcpstate_name(s->client_state),
	         tcpstate_name(s->server_state));
}

static void ui_picker_draw(const struct panel_ctx *c, struct rect r)
{
	const struct glyphs *gl = panel_glyphs(c->st);
	struct screen_state *st = c->st;
	uint32_t n = timeline_stream_count(c->tl);
	char line[LINE_MAX];
	int rows = r.h - HEAD_ROWS, x = r.x + 1, w = r.w - 2;
	grid_text(c->g, x, r.y, w,
	          _("Connections: Up/Down choose, Enter shows it, Escape "
	            "closes"),
	          ATTR_BOLD, COLOR_DEFAULT, NULL);
	grid_text(c->g, x, r.y + 1, w,
	          _("  id  client -> server  segments  client / server state"),
	          ATTR_DIM, COLOR_DEFAULT, NULL);
	grid_fill(c->g, r.y + 2, r.x, r.x + r.w, gl->dash, ATTR_DIM,
	          COLOR_DEFAULT);
	if (n == 0) {
		grid_text(c->g, x, r.y + HEAD_ROWS, w, _("(no connection yet)"),
		          ATTR_DIM, COLOR_DEFAULT, NULL);
		return;
	}
	if (st->picker_selected >= n)
		st->picker_selected = n - 1;
	size_t first = st->picker_selected >= (size_t)rows
	                       ? st->picker_selected - (size_t)rows + 1
	                       : 0;
	for (int i = 0; i < rows && first + (size_t)i < n; i++) {
		const struct stream_info *s =
		        timeline_stream(c->tl, (uint32_t)(first + (size_t)i));
		int y = r.y + HEAD_ROWS + i;
		if (s == NULL)
			continue;
		ui_picker_line(line, sizeof line, s, gl);
		grid_text(c->g, x, y, w, line, 0, COLOR_DEFAULT, gl->ellipsis);
		if (first + (size_t)i == st->picker_selected)
			grid_mark(c->g, y, r.x, r.x + r.w, ATTR_REVERSE);
	}
}

/* Open on the connection of the selected line. */
static void ui_picker_open(struct screen_state *st, const struct timeline *tl)
{
	const struct tl_row *r = NULL;
	st->picker = true;
	st->picker_selected = 0;
	if (st->selected < timeline_display_count(tl))
		r = screen_line_row(tl, st->selected, NULL);
	if (r && r->kind == TL_SEGMENT)
		st->picker_selected = r->u.seg.stream;
}

static enum panel_result ui_picker_handle(const struct panel_ctx *c,
                                          enum action a)
{
	struct screen_state *st = c->st;
	uint32_t n = timeline_stream_count(c->tl);
	if (!st->picker) {
		if (a != ACTION_PICKER)
			return PANEL_PASS;
		ui_picker_open(st, c->tl);
		return PANEL_DONE;
	}
	switch (a) {
	case ACTION_UP:
		if (st->picker_selected > 0)
			st->picker_selected--;
		break;
	case ACTION_DOWN:
		if (st->picker_selected + 1 < n)
			st->picker_selected++;
		break;
	case ACTION_DETAIL:
		if (n) {
			st->selected =
			        screen_stream_line(c->tl, st->picker_selected);
			st->follow = false;
		}
		st->picker = false;
		break;
	case ACTION_PICKER:
	case ACTION_CLOSE:
		st->picker = false;
		break;
	default:
		return PANEL_PASS;
	}
	return PANEL_DONE;
}

static const enum action ui_picker_actions[] = {
        ACTION_PICKER, ACTION_UP,    ACTION_DOWN,
        ACTION_DETAIL, ACTION_CLOSE, ACTION_NONE,
};

/* While it is shown only its own keys and quitting mean anything. */
static enum action ui_picker_key(int key, enum action a)
{
	(void)key;
	if (a == ACTION_QUIT)
		return a;
	for (const enum action *p = ui_picker_actions; *p != ACTION_NONE; p++)
		if (*p == a)
			return a;
	return ACTION_NONE;
}

const struct panel ui_picker_panel = {
        .name = "picker",
        .draw = ui_picker_draw,
        .handle = ui_picker_handle,
        .key = ui_picker_key,
        .actions = ui_picker_actions,
};
