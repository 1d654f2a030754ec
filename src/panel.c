/*
 * panel.c - what the panels share (panel.h): glyphs, small text helpers
 * and the pane, a region filled paragraph by paragraph.
 *
 * Must not call ncurses or do I/O; widths are display cells (utf8.h).
 */
#include "panel.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "outbuf.h"
#include "render.h"
#include "utf8.h"
#include "util.h"

enum { PANE_LINE_MAX = 2048 };

static const struct glyphs glyphs_unicode = {
        "\u2500", "\u25b6", "\u25c0", "\u2026", "\u2192", "\u2502",
};
static const struct glyphs glyphs_ascii = {"-", ">", "<", "~", "->", "|"};

const struct glyphs *panel_glyphs(const struct screen_state *st)
{
	return st->ascii ? &glyphs_ascii : &glyphs_unicode;
}

void panel_seconds(char *out, size_t cap, int64_t ns, bool plus)
{
	int64_t us = ns >= 0 ? (ns + 500) / 1000 : -((-ns + 500) / 1000);
	int64_t a = us < 0 ? -us : us;
	snprintf(out, cap, "%s%lld.%06lld",
	         us < 0 ? "-"
	         : plus ? "+"
	                : "",
	         (long long)(a / 1000000), (long long)(a % 1000000));
}

struct strbuf {
	char *p;
	size_t len, cap;
};

static int panel_sink(void *ctx, const char *p, size_t n)
{
	struct strbuf *b = ctx;
	size_t room = b->cap - 1 - b->len;
	if (n > room)
		n = room;
	memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

void panel_flags(char *out, size_t cap, uint16_t flags)
{
	struct strbuf b = {out, 0, cap};
	struct outbuf o;
	out[0] = '\0';
	outbuf_init(&o, 64, panel_sink, &b);
	render_flags(&o, flags);
	outbuf_flush(&o);
	outbuf_free(&o);
	if (out[0] == '\0')
		snprintf(out, cap, "%s", _("none"));
}

void panel_endpoint(char *out, size_t cap, const struct endpoint *e)
{
	struct strbuf b = {out, 0, cap};
	struct outbuf o;
	out[0] = '\0';
	outbuf_init(&o, 64, panel_sink, &b);
	outbuf_endpoint(&o, &e->addr, e->port);
	outbuf_flush(&o);
	outbuf_free(&o);
}

/* s without blanks beside full-width punctuation (utf8_tidy), in buf
 * when it fits, else s as it is. */
static const char *pane_tidy(char *buf, size_t cap, const char *s)
{
	size_t n = strlen(s);
	if (n >= cap)
		return s;
	memcpy(buf, s, n + 1);
	utf8_tidy(buf);
	return buf;
}

static void pane_line_raw(struct pane *p, const char *s, int attr)
{
	if (p->sink) {
		p->sink->para(p->sink->ctx, s, attr);
		return;
	}
	if (p->used >= p->rows)
		return;
	grid_text(p->g, p->x, p->y + p->used, p->w, s, attr, COLOR_DEFAULT,
	          p->ell);
	p->used++;
}

void pane_line(struct pane *p, const char *s, int attr)
{
	char tidy[4096];
	pane_line_raw(p, pane_tidy(tidy, sizeof tidy, s), attr);
}

void pane_para(struct pane *p, const char *s, int attr)
{
	char tidy[4096];
	pane_para_raw(p, pane_tidy(tidy, sizeof tidy, s), attr);
}

void pane_para_raw(struct pane *p, const char *s, int attr)
{
	char line[PANE_LINE_MAX];
	if (p->sink) {
		if (*s)
			p->sink->para(p->sink->ctx, s, attr);
		return;
	}
	while (*s && p->used < p->rows) {
		const char *next;
		size_t take = utf8_wrap(s, p->w > 0 ? (size_t)p->w : 1, &next);
		if (p->used == p->rows - 1 && s[take] != '\0') {
			pane_line_raw(p, s, attr); /* cut with an ellipsis */
			return;
		}
		/* More than a row holds is cut by pane_line anyway. */
		if (take >= sizeof line)
			take = sizeof line - 1;
		while (take > 0 && ((unsigned char)s[take] & 0xc0) == 0x80)
			take--;
		memcpy(line, s, take);
		line[take] = '\0';
		pane_line_raw(p, line, attr);
		s = next;
	}
}

void pane_lead(struct pane *p, const char *lead, const char *text, int attr)
{
	char buf[4096];
	snprintf(buf, sizeof buf, "%s%s", lead, text);
	pane_para(p, buf, attr);
}

void pane_blank(struct pane *p)
{
	if (p->sink) /* paragraphs are apart anyway */
		return;
	if (p->used == 0 || p->gap == p->used || p->used >= p->rows)
		return;
	p->used++;
	p->gap = p->used;
}
