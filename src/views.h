/*
 * views.h - the output formats, in one table: every view that writes a
 * file or a pipe, by the name --format takes, with one line of help.
 *
 * A new format is one new file (its constructor) and one line in
 * views.c; --format, the error for an unknown name and --help all read
 * the table. The screen and a lesson's judge are views too, but not
 * formats: they are attached by the commands that use them.
 */
#ifndef TCPVIZ_VIEWS_H
#define TCPVIZ_VIEWS_H

#include <stdbool.h>
#include <stddef.h>

#include "outbuf.h"
#include "view.h"

/* What a format's constructor may use. */
struct view_options {
	struct outbuf *out; /* where the view writes */
	bool ascii;         /* 7-bit text only */
	const char *title;  /* a first line naming what is shown, or NULL */
	/* The stream a one-stream diagram (mermaid, svg, html) draws: the
	 * capture's own id, as tshark's tcp.stream; -1: the first. */
	long stream;
};

struct view_format {
	const char *name; /* what --format takes: "jsonl" */
	const char *also; /* another name it takes ("json"), or NULL */
	struct view *(*make)(const struct view_options *opt);
	const char *help; /* one line for --help */
	/* One document for the whole output (a diagram): several captures
	 * cannot share it. */
	bool document;
};

/* Every format, in the order --help lists them. */
const struct view_format *views_table(size_t *count);
/* The format of that name (or other name), or NULL. */
const struct view_format *views_find(const char *name);
/* The text diagram: what a pipe gets when no format is asked for. */
const struct view_format *views_default(void);
/* "text, jsonl": every name, for messages. */
void views_names(char *out, size_t cap);
/* "mermaid": the names of the formats that write one document (a
 * diagram), for messages. */
void views_document_names(char *out, size_t cap);

#endif
