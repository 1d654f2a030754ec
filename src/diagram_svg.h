/*
 * diagram_svg.h - a laid-out diagram (diagram.h) as SVG: dark on white,
 * every word a real <text> (searchable, copyable), fonts monospaced with
 * a CJK fallback. The SVG view writes it as a file of its own; the HTML
 * page inlines it, each row a group its script can find.
 *
 * Pure: writes into an outbuf; same diagram, same bytes.
 */
#ifndef TCPVIZ_DIAGRAM_SVG_H
#define TCPVIZ_DIAGRAM_SVG_H

#include <stdbool.h>

#include "diagram.h"
#include "outbuf.h"

struct svg_options {
	const char *title; /* the first line; NULL: "tcpviz" */
	bool inline_html;  /* inside an HTML page: no XML declaration */
};

void diagram_svg(struct outbuf *o, const struct diagram *d,
                 const struct svg_options *opt);

/* Text for XML or HTML: & < > " ' as entities, a byte that is not UTF-8
 * as U+FFFD, a control as a blank. */
void diagram_xml_text(struct outbuf *o, const char *s);

/* The note of the rows left out (past the limit) into out (cap bytes),
 * "" when none was. */
void diagram_note_left_out(char *out, size_t cap, const struct diagram *d);

#endif
