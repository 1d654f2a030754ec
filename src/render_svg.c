/*
 * render_svg.c - the session as an SVG drawing, for slides and
 * handouts: the screen's three columns (the client's calls and states,
 * the wire, the server's), blocked calls as bars down their lifelines,
 * a lesson's steps as bands with their words beside them. One stream:
 * the first, or --stream N; the others are named under it.
 *
 * The session is kept in a timeline (the screen's own model); at the end
 * it is laid out (diagram.h) and drawn (diagram_svg.h).
 */
#include "diagram.h"
#include "diagram_svg.h"
#include "views.h"

static void svg_write(struct outbuf *o, const struct diagram *d,
                      const char *title)
{
	diagram_svg(
	        o, d,
	        &(struct svg_options){.title = title, .inline_html = false});
}

/* The svg format of the table in views.c. */
struct view *render_svg_make(const struct view_options *opt);
struct view *render_svg_make(const struct view_options *opt)
{
	return diagram_view_new(opt, DG_MAX_ROWS, true, svg_write);
}
