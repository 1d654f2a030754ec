/*
 * lessonparse.h - the lesson parser's state and helpers, shared by the
 * parser's two files: lesson.c (lines, text directives, translations)
 * and lessonstep.c (step and expect lines). Not for other modules: they
 * use lesson.h.
 */
#ifndef TCPVIZ_LESSONPARSE_H
#define TCPVIZ_LESSONPARSE_H

#include <stdbool.h>
#include <stddef.h>

struct lesson;
struct lesson_step;
struct lesson_expect;

struct lesson_parser {
	const char *file;
	char *err;
	size_t errlen;
	unsigned line;
	struct lesson *l;
	size_t stepcap;
	size_t expcap; /* of the last step's expects */
	char **cont;   /* the text a continuation line extends, or NULL */
	/* The last line that was no text, as a translation's message names
	 * it: a directive, "a comment", "a blank line"; NULL at first. */
	const char *prev;
};

/* Always false, so that a check can end in "return lesson_fail(...)":
 * err gets "FILE:LINE: " and the message. */
bool lesson_fail(struct lesson_parser *p, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
/* Nothing may follow the words a directive takes. */
bool lesson_end(struct lesson_parser *p, const char *rest, const char *after);
struct lesson_step *lesson_current(struct lesson_parser *p);
struct lesson_step *lesson_add_step(struct lesson_parser *p);
void lesson_add_expect(struct lesson_parser *p, struct lesson_step *s,
                       const struct lesson_expect *e);
/* The step a say, ask, answer or expect line belongs to; NULL (and the
 * error) before the first step. */
struct lesson_step *lesson_step_for(struct lesson_parser *p, const char *name);
/* client or server: its enum side, or -1. */
int lesson_actor(const char *w);

/* "step ACTOR CALL [ARGS]" and "expect WHAT" (lessonstep.c). */
bool lesson_do_step(struct lesson_parser *p, char *rest);
bool lesson_do_expect(struct lesson_parser *p, char *rest);

#endif
