/*
 * diagram_svg.c - a laid-out diagram as SVG (diagram_svg.h).
 *
 * Colours are attributes, not a style sheet, so that slide and drawing
 * programs that import SVG keep them: the client blue, the server
 * magenta, the handshake green, the teardown brown, a reset and a
 * kernel that disagrees red, everything else dark grey on white.
 */
#include "diagram_svg.h"

#include <stdio.h>
#include <string.h>

#include "explain.h"
#include "i18n.h"
#include "panel.h"
#include "payload.h"
#include "render.h"
#include "ui_text.h"
#include "utf8.h"
#include "util.h"

enum { LINE = 1024 };

#define INK        "#222222"
#define MUTED      "#666666"
#define CLIENT_INK "#1d4f91"
#define SERVER_INK "#8c2a6b"
#define RED        "#b3261e"
#define FONTS                                                                  \
	"'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', "             \
	"'Noto Sans Mono CJK SC', 'Noto Sans CJK SC', 'Source Han Sans SC', "  \
	"'PingFang SC', 'Microsoft YaHei', monospace"

/* An arrow's colour by what the segment does, and its marker's name. */
static const char *svg_role_ink(enum seg_role r, const char **marker)
{
	switch (r) {
	case ROLE_HANDSHAKE_1:
	case ROLE_HANDSHAKE_2:
	case ROLE_HANDSHAKE_3:
		*marker = "tv-hs";
		return "#1e7b34";
	case ROLE_FIN:
	case ROLE_FIN_ACK:
	case ROLE_FIN_AND_ACK:
		*marker = "tv-td";
		return "#8a5a00";
	case ROLE_RST:
		*marker = "tv-rst";
		return RED;
	default:
		*marker = "tv-data";
		return "#3a3a3a";
	}
}

static const char *svg_side_ink(int side)
{
	return side == SIDE_CLIENT ? CLIENT_INK : SERVER_INK;
}

void diagram_xml_text(struct outbuf *o, const char *s)
{
	size_t n = strlen(s);
	while (n > 0) {
		uint32_t cp;
		size_t k = utf8_decode(s, n, &cp);
		if (k == 0)
			k = 1, cp = 0xfffd;
		if (cp == '&')
			outbuf_str(o, "&amp;");
		else if (cp == '<')
			outbuf_str(o, "&lt;");
		else if (cp == '>')
			outbuf_str(o, "&gt;");
		else if (cp == '"')
			outbuf_str(o, "&quot;");
		else if (cp == '\'')
			outbuf_str(o, "&#39;");
		else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
			outbuf_char(o, ' ');
		else if (cp == 0xfffd || cp == 0xfffe || cp == 0xffff ||
		         (cp >= 0xd800 && cp < 0xe000))
			outbuf_str(o, "\xef\xbf\xbd");
		else
			outbuf_mem(o, s, k);
		s += k;
		n -= k;
	}
}

/* <text> at x, y: anchor "start", "middle" or "end"; the text cut to
 * cells (0: whole) with an ellipsis, and then whole in a <title>. */
static void svg_text(struct outbuf *o, int x, int y, const char *anchor,
                     const char *attrs, const char *s, size_t cells)
{
	char cut[LINE * 2];
	bool whole = cells == 0 || utf8_width(s) <= cells;
	if (!whole)
		utf8_trim(cut, sizeof cut, s, cells, "\xe2\x80\xa6");
	outbuf_printf(o, "<text x=\"%d\" y=\"%d\"", x, y);
	if (strcmp(anchor, "start") != 0)
		outbuf_printf(o, " text-anchor=\"%s\"", anchor);
	if (attrs && *attrs) {
		outbuf_char(o, ' ');
		outbuf_str(o, attrs);
	}
	outbuf_char(o, '>');
	if (!whole) {
		outbuf_str(o, "<title>");
		diagram_xml_text(o, s);
		outbuf_str(o, "</title>");
	}
	diagram_xml_text(o, whole ? s : cut);
	outbuf_str(o, "</text>\n");
}

static size_t svg_side_cells(void)
{
	return (size_t)DG_SIDE_W * 10 / DG_CELL_X10;
}

/* A side's column: right-aligned against the client's lifeline,
 * left-aligned from the server's. */
static void svg_side_text(struct outbuf *o, const struct diagram *d, int side,
                          int y, const char *attrs, const char *s)
{
	if (side == SIDE_CLIENT)
		svg_text(o, d->client_x - DG_GAP, y, "end", attrs, s,
		         svg_side_cells());
	else
		svg_text(o, d->server_x + DG_GAP, y, "start", attrs, s,
		         svg_side_cells());
}

/* The arrow's words: flags and numbers, length and the payload's first
 * bytes; under it what the segment does and what analysis noted. */
static void svg_segment_words(const struct diagram *d, const struct tl_row *r,
                              char *top, char *under)
{
	const struct tl_segment *s = &r->u.seg;
	char *p = render_put_flags(top, s->flags);
	p += sprintf(p, " seq=%u", s->rseq);
	if (s->flags & TH_ACK)
		p += sprintf(p, " ack=%u", s->rack);
	if (s->len)
		p += sprintf(p, " len=%u", s->len);
	uint8_t bytes[SEGMENT_PAYLOAD_MAX];
	size_t n = timeline_payload(d->tl, r, bytes);
	if (n) {
		char pay[PAYLOAD_ESCAPED_MAX(SEGMENT_PAYLOAD_MAX) + 1];
		size_t used = 0;
		size_t k = payload_escape(pay, bytes, n, 0, 20, &used, NULL);
		pay[k] = '\0';
		sprintf(p, " \"%s%s\"", pay,
		        used < s->len ? "\xe2\x80\xa6" : "");
	}
	snprintf(under, LINE, "%s",
	         explain_teardown_label(
	                 (enum seg_role)s->role,
	                 explain_teardown_step((enum seg_role)s->role,
	                                       (enum tcp_state)s->src_before,
	                                       (enum tcp_state)s->dst_before)));
	for (unsigned i = 0; i < AN_COUNT_BITS; i++)
		if (s->analysis & (1u << i))
			strcatf(under, LINE, " \xc2\xb7 %s",
			        conntrack_analysis_label(i));
	if (s->truncated)
		strcatf(under, LINE, " \xc2\xb7 %s", _("truncated"));
	if (s->malformed)
		strcatf(under, LINE, " \xc2\xb7 %s", _("malformed"));
}

static void svg_segment(struct outbuf *o, const struct diagram *d,
                        const struct dg_item *it)
{
	const struct tl_row *r = timeline_row(d->tl, it->row);
	const struct tl_segment *s = &r->u.seg;
	char top[LINE], under[LINE];
	const char *marker;
	const char *ink = svg_role_ink((enum seg_role)s->role, &marker);
	int from = s->c2s ? d->client_x : d->server_x;
	int to = s->c2s ? d->server_x : d->client_x;
	int dir = to > from ? 1 : -1;
	int ya = it->y + 22;
	size_t wire = (size_t)(DG_WIRE_W - 40) * 10 / DG_CELL_X10;
	size_t small = (size_t)(DG_WIRE_W - 40) * 10 / DG_SMALL_CELL_X10;
	svg_segment_words(d, r, top, under);
	svg_text(o, d->wire_mid, it->y + 16, "middle", "fill=\"" INK "\"", top,
	         wire);
	outbuf_printf(o,
	              "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
	              "stroke=\"%s\" stroke-width=\"2\" "
	              "marker-end=\"url(#%s)\"/>\n",
	              from + dir * 6, ya, to - dir * 8, ya, ink, marker);
	char attrs[80];
	snprintf(attrs, sizeof attrs, "font-size=\"%d\" fill=\"%s\"", DG_SMALL,
	         ink);
	svg_text(o, d->wire_mid, it->y + 37, "middle", attrs, under, small);
	/* The states the segment changed, beside each lifeline. */
	for (int side = 0; side < SIDE_COUNT; side++) {
		enum tcp_state b, a;
		ui_text_seg_states(s, side == SIDE_CLIENT, &b, &a);
		if (a == b)
			continue;
		snprintf(attrs, sizeof attrs,
		         "font-weight=\"bold\" fill=\"%s\"",
		         svg_side_ink(side));
		svg_side_text(o, d, side, ya + 5, attrs, tcpstate_name(a));
	}
}

/* What a call's entry says: "connect(3, 127.0.0.1:5555)". */
static void svg_call_words(char *out, size_t cap, const struct diagram *d,
                           const struct dg_item *it)
{
	const struct call_event *c =
	        timeline_call(d->tl, timeline_row(d->tl, it->row));
	if (!c->enter) {
		struct screen_state st = {0};
		ui_text_call(out, cap, d->tl, it->row, &st);
		return;
	}
	const char *who =
	        explain_named(c->actor) ? explain_who(c->actor, c->side) : NULL;
	char detail[256];
	explain_detail(detail, sizeof detail, c->detail);
	char fd[16] = "";
	if (c->fd >= 0)
		snprintf(fd, sizeof fd, "%d", c->fd);
	snprintf(out, cap, "%s%s%s(%s%s%s)", who ? who : "", who ? " " : "",
	         event_call_label(c), fd, *fd && *detail ? ", " : "", detail);
	if (it->pair < 0)
		strcatf(out, cap, " %s", _("still blocked at the end"));
}

static void svg_call(struct outbuf *o, const struct diagram *d,
                     const struct dg_item *it)
{
	const struct call_event *c =
	        timeline_call(d->tl, timeline_row(d->tl, it->row));
	char words[LINE], attrs[64];
	svg_call_words(words, sizeof words, d, it);
	bool failed = !c->enter && c->err != 0;
	snprintf(attrs, sizeof attrs, "fill=\"%s\"",
	         failed ? RED : svg_side_ink(it->side));
	svg_side_text(o, d, it->side, it->y + 15, attrs, words);
}

static void svg_kstate(struct outbuf *o, const struct diagram *d,
                       const struct dg_item *it)
{
	const struct kstate_event *k =
	        timeline_kstate(d->tl, timeline_row(d->tl, it->row));
	char words[LINE];
	ui_text_kstate(words, sizeof words, k);
	strcatf(words, sizeof words, _(" (the segments say %s)"),
	        tcpstate_name(k->inferred));
	svg_side_text(o, d, it->side, it->y + 15, "fill=\"" RED "\"", words);
}

static void svg_note(struct outbuf *o, const struct diagram *d,
                     const struct dg_item *it)
{
	const struct note_event *n =
	        timeline_note(d->tl, timeline_row(d->tl, it->row));
	char words[LINE];
	explain_note(words, sizeof words, n);
	svg_side_text(o, d, it->side, it->y + 15,
	              "font-style=\"italic\" fill=\"" MUTED "\"", words);
}

static void svg_step(struct outbuf *o, const struct diagram *d,
                     const struct dg_item *it)
{
	char words[LINE];
	ui_text_step_title(words, sizeof words, d->tl, it->step, true);
	size_t cells = (size_t)(d->server_x + DG_GAP + DG_SIDE_W - DG_MARGIN -
	                        DG_TIME_W) *
	               10 / DG_CELL_X10;
	svg_text(o, DG_MARGIN + DG_TIME_W, it->y + 20, "start",
	         "font-weight=\"bold\" fill=\"" INK "\"", words, cells);
}

/* A blocked call's bar down its lifeline, from its entry to its return
 * (or to the end), its duration in its <title>. */
/* "0.12 ms", "1.02 s": how long a call was in the kernel. */
static void svg_duration(char *out, size_t cap, int64_t ns)
{
	if (ns >= 1000000000LL)
		snprintf(out, cap, "%.2f s", (double)ns / 1e9);
	else
		snprintf(out, cap, "%.2f ms", (double)ns / 1e6);
}

/* The bar's label, on the wire's side of the lifeline at the call's
 * entry (a call's row has nothing on the wire): how long it blocked. */
static void svg_bar_label(struct outbuf *o, const struct diagram *d, size_t i,
                          const char *words, bool interactive)
{
	const struct dg_item *it = &d->items[i];
	bool client = it->side == SIDE_CLIENT;
	char attrs[160];
	int n = 0;
	if (interactive) /* shown with the return it waited for */
		n = snprintf(attrs, sizeof attrs,
		             "class=\"dur\" data-from=\"%zu\" data-to=\"%d\" ",
		             i, (int)it->pair);
	snprintf(attrs + n, sizeof attrs - (size_t)n,
	         "font-size=\"%d\" font-style=\"italic\" fill=\"%s\"", DG_SMALL,
	         svg_side_ink(it->side));
	svg_text(o, diagram_side_x(d, it->side) + (client ? 12 : -12),
	         it->y + 15, client ? "start" : "end", attrs, words,
	         (size_t)(DG_WIRE_W / 2 - 30) * 10 / DG_SMALL_CELL_X10);
}

/* A blocked call's bar down its lifeline, from its entry to its return
 * (or to the end), labelled with how long. */
static void svg_bar(struct outbuf *o, const struct diagram *d, size_t i,
                    bool interactive)
{
	const struct dg_item *it = &d->items[i];
	int out = it->side == SIDE_CLIENT ? -1 : 1; /* away from the wire */
	int x = diagram_side_x(d, it->side) + out * 10 * it->lane;
	int y0 = it->y + it->h / 2;
	int y1 = it->pair >= 0 ? d->items[it->pair].y + d->items[it->pair].h / 2
	                       : d->rows_end;
	const struct tl_row *r = timeline_row(d->tl, it->row);
	const struct call_event *c = timeline_call(d->tl, r);
	char took[32], words[96];
	if (it->pair >= 0) {
		svg_duration(took, sizeof took,
		             timeline_row(d->tl, d->items[it->pair].row)->t_ns -
		                     r->t_ns);
		/* A call that waits for the peer blocked; one that only
		 * let a segment go was in the kernel meanwhile. */
		if (c->call == CALL_ACCEPT || c->call == CALL_CONNECT ||
		    c->call == CALL_RECV || c->call == CALL_POLL)
			snprintf(words, sizeof words, _("%s() blocked %s"),
			         event_call_label(c), took);
		else
			snprintf(words, sizeof words, _("in %s() %s"),
			         event_call_label(c), took);
	} else {
		snprintf(words, sizeof words, _("%s() still blocked"),
		         event_call_label(c));
	}
	int h = y1 - y0 > 2 ? y1 - y0 : 2;
	if (interactive) /* the script shortens it to what is shown */
		outbuf_printf(o,
		              "<rect class=\"bar\" data-from=\"%zu\" "
		              "data-to=\"%d\" data-h=\"%d\" ",
		              i, (int)it->pair, h);
	else
		outbuf_str(o, "<rect ");
	outbuf_printf(o,
	              "x=\"%d\" y=\"%d\" width=\"8\" height=\"%d\" "
	              "fill=\"%s\" stroke=\"%s\"%s><title>",
	              x - 4, y0, h,
	              it->side == SIDE_CLIENT ? "#dbe6f5" : "#f3dcea",
	              svg_side_ink(it->side),
	              it->pair < 0 ? " stroke-dasharray=\"4 3\"" : "");
	diagram_xml_text(o, words);
	outbuf_str(o, "</title></rect>\n");
	if (it->pair >= 0) /* else its entry's line says it */
		svg_bar_label(o, d, i, words, interactive);
}

static void svg_item(struct outbuf *o, const struct diagram *d, size_t i,
                     bool interactive)
{
	const struct dg_item *it = &d->items[i];
	static const char *const kinds[] = {"seg", "call", "kstate", "step",
	                                    "note"};
	if (interactive)
		outbuf_printf(o, "<g class=\"r %s\" data-i=\"%zu\">\n",
		              kinds[it->kind], i);
	else
		outbuf_str(o, "<g>\n");
	if (interactive) /* what a click lands on */
		outbuf_printf(o,
		              "<rect class=\"hit\" x=\"%d\" y=\"%d\" "
		              "width=\"%d\" height=\"%d\" fill=\"none\"/>\n",
		              DG_MARGIN, it->y, d->width - 2 * DG_MARGIN,
		              it->h);
	if (it->kind != DG_STEP) {
		char t[48], attrs[64];
		panel_seconds(t, sizeof t, timeline_row(d->tl, it->row)->t_ns,
		              false);
		snprintf(attrs, sizeof attrs,
		         "font-size=\"%d\" fill=\"" MUTED "\"", DG_SMALL);
		svg_text(o, DG_MARGIN,
		         it->y + (it->kind == DG_SEGMENT ? 26 : 15), "start",
		         attrs, t, 0);
	}
	if (it->kind == DG_SEGMENT)
		svg_segment(o, d, it);
	else if (it->kind == DG_CALL)
		svg_call(o, d, it);
	else if (it->kind == DG_KSTATE)
		svg_kstate(o, d, it);
	else if (it->kind == DG_NOTE)
		svg_note(o, d, it);
	else
		svg_step(o, d, it);
	outbuf_str(o, "</g>\n");
}

static void svg_defs(struct outbuf *o)
{
	static const char *const markers[][2] = {{"tv-hs", "#1e7b34"},
	                                         {"tv-td", "#8a5a00"},
	                                         {"tv-rst", RED},
	                                         {"tv-data", "#3a3a3a"}};
	outbuf_str(o, "<defs>\n");
	for (size_t i = 0; i < sizeof markers / sizeof markers[0]; i++)
		outbuf_printf(o,
		              "<marker id=\"%s\" viewBox=\"0 0 10 10\" "
		              "refX=\"9\" refY=\"5\" markerWidth=\"7\" "
		              "markerHeight=\"7\" orient=\"auto\">"
		              "<path d=\"M0,0L10,5L0,10z\" fill=\"%s\"/>"
		              "</marker>\n",
		              markers[i][0], markers[i][1]);
	outbuf_str(o, "</defs>\n");
}

/* The heads of the lifelines: who, where, the state it starts in. */
static void svg_heads(struct outbuf *o, const struct diagram *d)
{
	const struct stream_info *si =
	        d->stream >= 0 ? timeline_stream(d->tl, (uint32_t)d->stream)
	                       : NULL;
	enum tcp_state start[SIDE_COUNT] = {ST_CLOSED, ST_CLOSED};
	bool known = false;
	for (size_t i = 0; i < d->nitems && !known; i++) {
		const struct dg_item *it = &d->items[i];
		if (it->kind != DG_SEGMENT)
			continue;
		const struct tl_segment *s =
		        &timeline_row(d->tl, it->row)->u.seg;
		enum tcp_state a;
		ui_text_seg_states(s, true, &start[SIDE_CLIENT], &a);
		ui_text_seg_states(s, false, &start[SIDE_SERVER], &a);
		known = true;
	}
	int top = d->rows_top - DG_HEAD_H;
	for (int side = 0; side < SIDE_COUNT; side++) {
		int x = diagram_side_x(d, side);
		const char *ink = svg_side_ink(side);
		char attrs[96], where[80] = "";
		if (si)
			panel_endpoint(where, sizeof where,
			               side == SIDE_CLIENT ? &si->client
			                                   : &si->server);
		outbuf_printf(o,
		              "<rect x=\"%d\" y=\"%d\" width=\"220\" "
		              "height=\"38\" rx=\"4\" fill=\"#ffffff\" "
		              "stroke=\"%s\" stroke-width=\"1.5\"/>\n",
		              x - 110, top, ink);
		snprintf(attrs, sizeof attrs,
		         "font-weight=\"bold\" fill=\"%s\"", ink);
		svg_text(o, x, top + 16, "middle", attrs,
		         explain_side(side == SIDE_CLIENT), 0);
		snprintf(attrs, sizeof attrs, "font-size=\"%d\" fill=\"%s\"",
		         DG_SMALL, ink);
		svg_text(o, x, top + 31, "middle", attrs, where, 30);
		outbuf_printf(o,
		              "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
		              "stroke=\"%s\" stroke-width=\"1.5\"/>\n",
		              x, top + 38, x, d->rows_end, ink);
		if (known) {
			snprintf(attrs, sizeof attrs,
			         "font-weight=\"bold\" fill=\"%s\"", ink);
			svg_side_text(o, d, side, top + 56, attrs,
			              tcpstate_name(start[side]));
		}
	}
}

/* The title, what is drawn, a lesson's introduction. */
static void svg_title(struct outbuf *o, const struct diagram *d,
                      const char *title)
{
	char line[LINE];
	size_t cells = (size_t)(d->width - 2 * DG_MARGIN) * 10 / DG_CELL_X10;
	svg_text(o, DG_MARGIN, DG_MARGIN + 16, "start",
	         "font-size=\"17\" font-weight=\"bold\" fill=\"" INK "\"",
	         title ? title : "tcpviz", cells * 13 / 17);
	const struct stream_info *si =
	        d->stream >= 0 ? timeline_stream(d->tl, (uint32_t)d->stream)
	                       : NULL;
	if (si) {
		char c[80], s[80];
		panel_endpoint(c, sizeof c, &si->client);
		panel_endpoint(s, sizeof s, &si->server);
		snprintf(line, sizeof line,
		         _("stream %lu: client %s, server %s"),
		         (unsigned long)si->id, c, s);
		if (d->streams > 1)
			strcatf(line, sizeof line,
			        _(" (one of %u streams: --stream N draws "
			          "another)"),
			        d->streams);
		svg_text(o, DG_MARGIN, DG_MARGIN + DG_TITLE_H + 14, "start",
		         "fill=\"" MUTED "\"", line, cells);
	}
	int y = DG_MARGIN + 2 * DG_TITLE_H + 6;
	for (size_t i = 0; i < d->nintro; i++, y += DG_PARA_H)
		if (d->intro[i].text)
			svg_text(o, DG_MARGIN, y + 13, "start",
			         "fill=\"" INK "\"", d->intro[i].text, 0);
}

void diagram_note_left_out(char *out, size_t cap, const struct diagram *d)
{
	out[0] = '\0';
	if (d->left_out)
		snprintf(out, cap,
		         _("%zu more rows not drawn (at most %zu): replay with "
		           "a filter such as 'tcp port N', or --stream N, for "
		           "fewer"),
		         d->left_out, d->max_rows);
}

static void svg_notes(struct outbuf *o, const struct diagram *d)
{
	char line[LINE];
	int y = d->rows_end + DG_PARA_H;
	size_t cells = (size_t)(d->width - 2 * DG_MARGIN) * 10 / DG_CELL_X10;
	diagram_note_left_out(line, sizeof line, d);
	if (line[0]) {
		svg_text(o, DG_MARGIN, y, "start", "fill=\"" RED "\"", line,
		         cells);
		y += DG_PARA_H;
	}
	diagram_streams_note(line, sizeof line, d->stream, d->asked,
	                     d->streams);
	if (line[0])
		svg_text(o, DG_MARGIN, y, "start", "fill=\"" MUTED "\"", line,
		         cells);
	if (d->nitems == 0 && d->asked < 0)
		svg_text(o, DG_MARGIN, y, "start", "fill=\"" MUTED "\"",
		         _("no TCP segment"), 0);
}

static void svg_bands(struct outbuf *o, const struct diagram *d,
                      bool interactive)
{
	for (size_t i = 0; i < d->nbands; i++) {
		const struct dg_band *b = &d->bands[i];
		if (interactive)
			outbuf_printf(o,
			              "<g class=\"band\" data-step=\"%d\">\n",
			              b->step);
		else
			outbuf_str(o, "<g>\n");
		outbuf_printf(o,
		              "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
		              "height=\"%d\" fill=\"%s\"/>\n"
		              "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
		              "stroke=\"#c9ced6\"/>\n",
		              DG_MARGIN, b->y, d->width - 2 * DG_MARGIN, b->h,
		              i % 2 ? "#ffffff" : "#f2f4f7", DG_MARGIN, b->y,
		              d->width - DG_MARGIN, b->y);
		int y = b->y + 8;
		for (size_t k = 0; k < b->nlines; k++, y += DG_PARA_H)
			if (b->lines[k].text)
				svg_text(o, d->narr_x, y + 13, "start",
				         b->lines[k].bold
				                 ? "font-weight=\"bold\" "
				                   "fill=\"" INK "\""
				                 : "fill=\"" INK "\"",
				         b->lines[k].text, 0);
		outbuf_str(o, "</g>\n");
	}
}

void diagram_svg(struct outbuf *o, const struct diagram *d,
                 const struct svg_options *opt)
{
	if (!opt->inline_html)
		outbuf_str(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	outbuf_printf(o,
	              "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	              "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
	              "font-family=\"" FONTS "\" font-size=\"%d\">\n",
	              d->width, d->height, d->width, d->height, DG_FONT);
	outbuf_str(o, "<title>");
	diagram_xml_text(o, opt->title ? opt->title : "tcpviz");
	outbuf_str(o, "</title>\n");
	svg_defs(o);
	outbuf_printf(o,
	              "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n",
	              d->width, d->height);
	svg_title(o, d, opt->title);
	svg_bands(o, d, opt->inline_html);
	svg_heads(o, d);
	for (size_t i = 0; i < d->nitems; i++)
		if (d->items[i].bar)
			svg_bar(o, d, i, opt->inline_html);
	for (size_t i = 0; i < d->nitems; i++)
		svg_item(o, d, i, opt->inline_html);
	svg_notes(o, d);
	outbuf_str(o, "</svg>\n");
}
