/*
 * views.c - the table of output formats (see views.h). One line per
 * format; nothing else belongs here.
 */
#include "views.h"

#include "i18n.h"

#include <stdio.h>
#include <string.h>

/*
 * Every format: its name, another name --format takes (or NULL), whether
 * it writes one document (a diagram, which several captures cannot
 * share), and one line of help. A format NAME is made by render_NAME_make(),
 * defined in its own file src/render_NAME.c (the Makefile builds every
 * src/render_*.c): a new format is that file and one line here.
 */
#define FORMATS(X)                                                             \
	X(text, NULL, false,                                                   \
	  N_("the sequence diagram: client left, server right"))               \
	X(jsonl, "json", false,                                                \
	  N_("one JSON object per line, for scripts (fields in tcpviz(1))"))   \
	X(mermaid, NULL, true,                                                 \
	  N_("a Mermaid sequenceDiagram, for Markdown notes"))                 \
	X(svg, NULL, true, N_("an SVG drawing, for slides and handouts"))      \
	X(html, NULL, true,                                                    \
	  N_("one HTML page to step through, for a course site"))

#define DECLARE(name, also, document, help)                                    \
	struct view *render_##name##_make(const struct view_options *opt);
FORMATS(DECLARE)

#define ENTRY(name, also, document, help)                                      \
	{#name, also, render_##name##_make, help, document},
static const struct view_format formats[] = {FORMATS(ENTRY)};

const struct view_format *views_table(size_t *count)
{
	*count = sizeof formats / sizeof formats[0];
	return formats;
}

const struct view_format *views_find(const char *name)
{
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
		if (strcmp(formats[i].name, name) == 0 ||
		    (formats[i].also && strcmp(formats[i].also, name) == 0))
			return &formats[i];
	return NULL;
}

const struct view_format *views_default(void)
{
	return &formats[0];
}

/* The names of every format, or of those that write a document. */
static void views_join(char *out, size_t cap, bool documents_only)
{
	size_t used = 0;
	if (cap == 0)
		return;
	out[0] = '\0';
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		if (documents_only && !formats[i].document)
			continue;
		int n = snprintf(out + used, cap - used, "%s%s",
		                 used ? ", " : "", formats[i].name);
		if (n < 0 || (size_t)n >= cap - used)
			return;
		used += (size_t)n;
	}
}

void views_names(char *out, size_t cap)
{
	views_join(out, cap, false);
}

void views_document_names(char *out, size_t cap)
{
	views_join(out, cap, true);
}
