/*
 * render_html.c - the session as one self-contained HTML page, for a
 * course site or a student's disk: the SVG diagram inline, the screen's
 * keys to step through it (Space/n, b/p, j/k, Home/End), the detail
 * pane's words for the row selected or clicked, a lesson's question
 * before its answer and its narration beside the diagram. Its style and
 * script (src/html/) are built into tcpviz; it asks no network for
 * anything. Without a script, every row is shown.
 *
 * The words of the detail and lesson panes are the screen's own: the
 * panes write them into a pane sink (panel.h) instead of a grid.
 */
#include <string.h>

#include "diagram.h"
#include "diagram_svg.h"
#include "i18n.h"
#include "panel.h"
#include "timeline.h"
#include "ui_lesson.h"
#include "utf8.h"
#include "util.h"
#include "views.h"

/* The page's style sheet and script (src/html/page.css and page.js,
 * made into C by src/html/embed.sh at build time). */
extern const char html_page_css[];
extern const char html_page_js[];

/* A JSON string safe inside <script>: < > & as \u escapes, a byte that
 * is not UTF-8 as U+FFFD. */
static void html_json_str(struct outbuf *o, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = strlen(s);
	outbuf_char(o, '"');
	while (n > 0) {
		uint32_t cp;
		size_t k = utf8_decode(s, n, &cp);
		if (k == 0)
			k = 1, cp = 0xfffd;
		if (cp == '"' || cp == '\\') {
			outbuf_char(o, '\\');
			outbuf_char(o, (char)cp);
		} else if (cp < 0x20 || cp == '<' || cp == '>' || cp == '&' ||
		           cp == 0x2028 || cp == 0x2029) {
			char esc[6] = {'\\',
			               'u',
			               hex[(cp >> 12) & 15],
			               hex[(cp >> 8) & 15],
			               hex[(cp >> 4) & 15],
			               hex[cp & 15]};
			outbuf_mem(o, esc, sizeof esc);
		} else if (cp == 0xfffd) {
			outbuf_str(o, "\xef\xbf\xbd");
		} else {
			outbuf_mem(o, s, k);
		}
		s += k;
		n -= k;
	}
	outbuf_char(o, '"');
}

/* A pane's paragraphs as a JSON array: [["text", bold], ...]. */
struct html_paras {
	struct outbuf *o;
	size_t n;
};

static void html_para(void *ctx, const char *text, int attr)
{
	struct html_paras *h = ctx;
	outbuf_str(h->o, h->n++ ? ",[" : "[");
	html_json_str(h->o, text);
	outbuf_str(h->o, attr & ATTR_BOLD ? ",1]" : ",0]");
}

static void html_detail(struct outbuf *o, const struct timeline *tl,
                        size_t line)
{
	struct screen_state st = {0};
	struct html_paras h = {o, 0};
	struct pane_sink sink = {html_para, &h};
	struct pane p = {.sink = &sink};
	outbuf_char(o, '[');
	ui_detail_text(&p, tl, line, &st);
	outbuf_char(o, ']');
}

/* The lesson pane's words for step s (-1: before the first), when s is
 * the newest step shown (newest) or an older one selected. */
static void html_lesson(struct outbuf *o, const struct timeline *tl, int s,
                        bool newest)
{
	/* Space runs a step where the recording has one after s. */
	struct screen_state st = {.stepping = s < timeline_last_step(tl)};
	if (newest) {
		st.reveal = true;
		st.revealed = s + 1;
	}
	struct html_paras h = {o, 0};
	struct pane_sink sink = {html_para, &h};
	struct pane p = {.sink = &sink};
	outbuf_char(o, '[');
	ui_lesson_text(&p, tl, s, &st);
	outbuf_char(o, ']');
}

/* What the script needs: each drawn row's place, step and details; the
 * bars; a lesson's words for each step. */
static void html_data(struct outbuf *o, const struct diagram *d)
{
	int steps = timeline_steps(d->tl);
	if (steps <= 0) /* a recording replayed: the steps it holds */
		steps = timeline_last_step(d->tl) + 1;
	outbuf_printf(o, "{\"left\":%d,\"right\":%d,\"steps\":%d", d->client_x,
	              d->server_x, d->lesson ? steps : 0);
	/* The script's own words, in the page's language. */
	outbuf_str(o, ",\"words\":{\"row\":");
	/* TRANSLATORS: the HTML page's status; {row} and {rows} are
	 * numbers, kept as they are. */
	html_json_str(o, _("row {row} of {rows}"));
	outbuf_str(o, ",\"step\":");
	html_json_str(o, _(", step {step} of {steps}"));
	outbuf_str(o, ",\"next\":");
	html_json_str(o, _(", Space: next"));
	outbuf_str(o, "}");
	outbuf_str(o, ",\"rows\":[\n");
	for (size_t i = 0; i < d->nitems; i++) {
		const struct dg_item *it = &d->items[i];
		outbuf_printf(o, "%s{\"y\":%d,\"h\":%d,\"s\":%d,\"d\":",
		              i ? ",\n" : "", it->y, it->h, it->step);
		html_detail(o, d->tl, it->line);
		outbuf_char(o, '}');
	}
	outbuf_str(o, "],\n\"lesson\":");
	if (!d->lesson) {
		outbuf_str(o, "null}");
		return;
	}
	steps = timeline_last_step(d->tl) + 1;
	outbuf_str(o, "{\"newest\":[");
	for (int s = -1; s < steps; s++) {
		if (s >= 0)
			outbuf_str(o, ",\n");
		html_lesson(o, d->tl, s, true);
	}
	outbuf_str(o, "],\n\"older\":[");
	for (int s = -1; s < steps; s++) {
		if (s >= 0)
			outbuf_str(o, ",\n");
		html_lesson(o, d->tl, s, false);
	}
	outbuf_str(o, "]}}");
}

static void html_head(struct outbuf *o, const char *title)
{
	outbuf_str(o, "<!DOCTYPE html>\n<html lang=\"");
	outbuf_str(o, _("en"));
	outbuf_str(o, "\">\n<head>\n<meta charset=\"utf-8\">\n"
	              "<meta name=\"viewport\" content=\"width=device-width, "
	              "initial-scale=1\">\n"
	              "<meta name=\"generator\" content=\"tcpviz\">\n<title>");
	diagram_xml_text(o, title);
	outbuf_str(o, "</title>\n<style>\n");
	outbuf_str(o, html_page_css);
	outbuf_str(o, "</style>\n</head>\n");
}

/* A button of the bar: its key in data-key, its words as label. */
static void html_button(struct outbuf *o, const char *key, const char *label,
                        const char *help)
{
	outbuf_str(o, "<button type=\"button\" data-key=\"");
	outbuf_str(o, key);
	outbuf_str(o, "\" title=\"");
	diagram_xml_text(o, help);
	outbuf_str(o, "\">");
	diagram_xml_text(o, label);
	outbuf_str(o, "</button>\n");
}

static void html_bar(struct outbuf *o)
{
	outbuf_str(o, "<nav id=\"keys\">\n");
	html_button(o, "Home", _("First"), _("Home: back to the start"));
	html_button(o, "b", _("Back"), _("b or p: one back"));
	html_button(o, " ", _("Next"), _("Space or n: the next row or step"));
	html_button(o, "End", _("All"), _("End: everything"));
	html_button(o, "+", _("Large type"),
	            _("+ and -: large type, for a projector"));
	outbuf_str(o, "<span id=\"status\" aria-live=\"polite\"></span>\n"
	              "</nav>\n");
}

static void html_page(struct outbuf *o, const struct diagram *d,
                      const char *title)
{
	char note[1024];
	html_head(o, title);
	outbuf_str(o, "<body>\n<header>\n<h1>");
	diagram_xml_text(o, title);
	outbuf_str(o, "</h1>\n");
	html_bar(o);
	outbuf_str(o, "</header>\n<main>\n<div id=\"diagram\">\n");
	diagram_svg(o, d,
	            &(struct svg_options){.title = title, .inline_html = true});
	outbuf_str(o, "</div>\n<aside id=\"panes\">\n");
	if (d->lesson) {
		outbuf_str(o, "<section id=\"lesson\"><h2>");
		diagram_xml_text(o, _("Lesson"));
		outbuf_str(o, "</h2><div class=\"words\"></div></section>\n");
	}
	outbuf_str(o, "<section id=\"detail\"><h2>");
	diagram_xml_text(o, _("Details"));
	outbuf_str(o, "</h2><div class=\"words\"><p>");
	diagram_xml_text(o, _("Click a row, or select one with j and k, "
	                      "to see what it is and why."));
	outbuf_str(o, "</p></div></section>\n");
	diagram_note_left_out(note, sizeof note, d);
	if (note[0]) {
		outbuf_str(o, "<p class=\"left-out\">");
		diagram_xml_text(o, note);
		outbuf_str(o, "</p>\n");
	}
	outbuf_str(o, "</aside>\n</main>\n"
	              "<script type=\"application/json\" id=\"tcpviz-data\">");
	html_data(o, d);
	outbuf_str(o, "</script>\n<script>\n");
	outbuf_str(o, html_page_js);
	outbuf_str(o, "</script>\n</body>\n</html>\n");
}

/* The html format of the table in views.c. */
struct view *render_html_make(const struct view_options *opt);
struct view *render_html_make(const struct view_options *opt)
{
	return diagram_view_new(opt, DG_HTML_ROWS, false, html_page);
}
