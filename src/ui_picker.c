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
#include "utf8.h"

enum { LINE_MAX = 512, HEAD_ROWS = 3 };

/* The columns' widths in cells: each as wide as its heading and as the
 * widest value among the connections in view, so the heading sits over
 * its values. */
struct ui_picker_cols {
	int id, client, server, segs, cstate;
	int file; /* 0: one capture, or no room: no column */
	/* Several captures and no room for their names: the id column
	 * says capture:stream ("3:0"). */
	bool file_short;
};

/* The capture a connection is from, when several are replayed: its
 * number and name (or the number alone). */
static void ui_picker_file(char *out, size_t cap, const struct timeline *tl,
                           uint32_t id, bool number_only)
{
	const struct tl_file *f = timeline_file_of_stream(tl, id);
	out[0] = '\0';
	if (f && f->files > 1)
		snprintf(out, cap, number_only ? "%d" : "%d %s", f->number,
		         f->name);
}

static int ui_picker_max(int a, int b)
{
	return a > b ? a : b;
}

static void ui_picker_widths(const struct timeline *tl, size_t first, int rows,
                             int avail, struct ui_picker_cols *w)
{
	char ep[80], num[32], file[128];
	int id_short = (int)utf8_width(_("cap:id"));
	w->file = 0;
	w->file_short = false;
	w->id = ui_picker_max((int)utf8_width(_("id")), 4);
	w->client = (int)utf8_width(_("client"));
	w->server = (int)utf8_width(_("server"));
	w->segs = (int)utf8_width(_("segments"));
	w->cstate = (int)utf8_width(_("client state"));
	uint32_t n = timeline_stream_count(tl);
	for (int i = 0; i < rows && first + (size_t)i < n; i++) {
		const struct stream_info *s =
		        timeline_stream(tl, (uint32_t)(first + (size_t)i));
		if (s == NULL)
			continue;
		ui_picker_file(file, sizeof file, tl,
		               (uint32_t)(first + (size_t)i), false);
		if (*file)
			w->file = ui_picker_max(
			        ui_picker_max(w->file, (int)utf8_width(file)),
			        (int)utf8_width(_("capture")));
		panel_endpoint(ep, sizeof ep, &s->client);
		w->client = ui_picker_max(w->client, (int)utf8_width(ep));
		panel_endpoint(ep, sizeof ep, &s->server);
		w->server = ui_picker_max(w->server, (int)utf8_width(ep));
		snprintf(num, sizeof num, "%llu", (unsigned long long)s->id);
		w->id = ui_picker_max(w->id, (int)strlen(num));
		ui_picker_file(file, sizeof file, tl,
		               (uint32_t)(first + (size_t)i), true);
		if (*file)
			id_short =
			        ui_picker_max(id_short, (int)(strlen(file) + 1 +
			                                      strlen(num)));
		snprintf(num, sizeof num, "%llu",
		         (unsigned long long)s->segments);
		w->segs = ui_picker_max(w->segs, (int)strlen(num));
		w->cstate = ui_picker_max(
		        w->cstate, (int)strlen(tcpstate_name(s->client_state)));
	}
	/* The rest of a row: two-cell gaps, the arrow, the server state. */
	int rest = w->id + 2 + w->client + 3 + w->server + 2 + w->segs + 2 +
	           w->cstate + 2 + (int)strlen("ESTABLISHED");
	if (w->file > 0 && w->file + 2 + rest > avail) {
		w->file_short = true;
		w->file = 0;
		w->id = ui_picker_max(w->id, id_short);
	}
}

/* The capture (with several), the id, then five columns: the text of
 * each, padded to its width (the last is not padded); numbers to the
 * right. */
static void ui_picker_row(char *out, size_t cap, const struct ui_picker_cols *w,
                          const char *file, const char *id, const char *client,
                          const char *to, const char *server, const char *segs,
                          const char *cstate, const char *sstate)
{
	char c[128], sv[128], cs[128], fl[160] = "";
	if (w->file > 0) {
		utf8_pad(fl, sizeof fl - 2, file, (size_t)w->file);
		strcat(fl, "  ");
	}
	utf8_pad(c, sizeof c, client, (size_t)w->client);
	utf8_pad(sv, sizeof sv, server, (size_t)w->server);
	utf8_pad(cs, sizeof cs, cstate, (size_t)w->cstate);
	int idpad = w->id - (int)utf8_width(id);
	int segpad = w->segs - (int)utf8_width(segs);
	snprintf(out, cap, "%s%*s%s  %s %s %s  %*s%s  %s  %s", fl,
	         idpad > 0 ? idpad : 0, "", id, c, to, sv,
	         segpad > 0 ? segpad : 0, "", segs, cs, sstate);
}

static void ui_picker_line(char *out, size_t cap, const struct timeline *tl,
                           uint32_t n, const struct ui_picker_cols *w,
                           const struct glyphs *gl)
{
	const struct stream_info *s = timeline_stream(tl, n);
	char id[48], c[80], sv[80], segs[32], file[128];
	ui_picker_file(file, sizeof file, tl, n, w->file_short);
	if (w->file_short)
		snprintf(id, sizeof id, "%s:%llu", file,
		         (unsigned long long)s->id);
	else
		snprintf(id, sizeof id, "%llu", (unsigned long long)s->id);
	snprintf(segs, sizeof segs, "%llu", (unsigned long long)s->segments);
	panel_endpoint(c, sizeof c, &s->client);
	panel_endpoint(sv, sizeof sv, &s->server);
	ui_picker_row(out, cap, w, file, id, c, gl->to, sv, segs,
	              tcpstate_name(s->client_state),
	              tcpstate_name(s->server_state));
}

static void ui_picker_draw(const struct panel_ctx *c, struct rect r)
{
	const struct glyphs *gl = panel_glyphs(c->st);
	struct screen_state *st = c->st;
	uint32_t n = timeline_stream_count(c->tl);
	char line[LINE_MAX];
	/* A cell of margin on the left; to the screen's edge on the right. */
	int rows = r.h - HEAD_ROWS, x = r.x + 1, w = r.w - 1;
	grid_text(c->g, x, r.y, w,
	          _("Connections: Up/Down choose, Enter shows it, Escape "
	            "closes"),
	          ATTR_BOLD, COLOR_DEFAULT, NULL);
	grid_fill(c->g, r.y + 2, r.x, r.x + r.w, gl->dash, ATTR_DIM,
	          COLOR_DEFAULT);
	if (st->picker_selected >= n)
		st->picker_selected = n ? n - 1 : 0;
	size_t first = st->picker_selected >= (size_t)rows
	                       ? st->picker_selected - (size_t)rows + 1
	                       : 0;
	struct ui_picker_cols cols;
	ui_picker_widths(c->tl, first, rows, w, &cols);
	/* The arrow's column is headed by blanks of its width. */
	char blank[8];
	snprintf(blank, sizeof blank, "%*s", (int)utf8_width(gl->to), "");
	ui_picker_row(line, sizeof line, &cols, _("capture"),
	              cols.file_short ? _("cap:id") : _("id"), _("client"),
	              blank, _("server"), _("segments"), _("client state"),
	              _("server state"));
	grid_text(c->g, x, r.y + 1, w, line, ATTR_DIM, COLOR_DEFAULT,
	          gl->ellipsis);
	if (n == 0) {
		grid_text(c->g, x, r.y + HEAD_ROWS, w, _("(no connection yet)"),
		          ATTR_DIM, COLOR_DEFAULT, NULL);
		return;
	}
	for (int i = 0; i < rows && first + (size_t)i < n; i++) {
		const struct stream_info *s =
		        timeline_stream(c->tl, (uint32_t)(first + (size_t)i));
		int y = r.y + HEAD_ROWS + i;
		if (s == NULL)
			continue;
		ui_picker_line(line, sizeof line, c->tl,
		               (uint32_t)(first + (size_t)i), &cols, gl);
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
