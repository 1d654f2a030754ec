/*
 * render.h - the views that write text: JSON Lines and the sequence
 * diagram. Both write into an outbuf and know nothing of files.
 */
#ifndef TCPVIZ_RENDER_H
#define TCPVIZ_RENDER_H

#include <stdbool.h>

#include "outbuf.h"
#include "view.h"

struct view *render_jsonl_new(struct outbuf *out);
/* A recording's FILE.events (eventfile.h): the JSON Lines records of
 * calls, kernel states and narration after an origin line. */
struct view *render_events_new(struct outbuf *out);

struct text_options {
	bool ascii;        /* 7-bit arrows instead of UTF-8 */
	const char *title; /* printed first when not NULL (the file name) */
};
struct view *render_text_new(struct outbuf *out,
                             const struct text_options *opt);

/* "SYN,ACK": flag names in header order, comma separated. */
void render_flags(struct outbuf *o, uint16_t flags);
/* The same written at p (at most RENDER_FLAGS_MAX bytes); returns the
 * end. */
enum { RENDER_FLAGS_MAX = 40 };
char *render_put_flags(char *p, uint16_t flags);

#endif
