/*
 * views.c - the table of output formats (see views.h). One line per
 * format; nothing else belongs here.
 */
#include "views.h"

#include <stdio.h>
#include <string.h>

#include "render.h"

static struct view *views_text(const struct view_options *opt)
{
	struct text_options to = {.ascii = opt->ascii, .title = opt->title};
	return render_text_new(opt->out, &to);
}

static struct view *views_jsonl(const struct view_options *opt)
{
	return render_jsonl_new(opt->out);
}

static const struct view_format formats[] = {
        {"text", NULL, views_text,
         "the sequence diagram: arrows between the client's and the "
         "server's columns"},
        {"jsonl", "json", views_jsonl,
         "one JSON object per line, for scripts (fields in tcpviz(1))"},
};

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

void views_names(char *out, size_t cap)
{
	size_t used = 0;
	if (cap == 0)
		return;
	out[0] = '\0';
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		int n = snprintf(out + used, cap - used, "%s%s", i ? ", " : "",
		                 formats[i].name);
		if (n < 0 || (size_t)n >= cap - used)
			return;
		used += (size_t)n;
	}
}
