/*
 * lessonword.h - the words of a lesson line (lessons/README.md): the next
 * word, a number, and a word as an error message quotes it.
 *
 * Pure, and knows nothing of directives: the parser (lesson.c) decides
 * what a word means and which message it fails with. Split from the
 * parser so that it stays one concept a file.
 */
#ifndef TCPVIZ_LESSONWORD_H
#define TCPVIZ_LESSONWORD_H

#include <stdbool.h>
#include <stddef.h>

/* How much of a word a message quotes. */
#define LESSONWORD_QUOTE_MAX 40

/* The next space-separated word of *cur (NUL-terminated in place, "" at
 * the end); *cur moves past it and the spaces after it. */
char *lessonword_next(char **cur);

/*
 * A decimal number from min to max (min no lower than -LONG_MAX): digits
 * only, a '-' only where negatives are allowed; no spaces or '+', which
 * strtol would quietly take.
 */
bool lessonword_number(const char *s, long min, long max, long *out);

/*
 * n bytes of w as a message shows them: quoted, cut short on a character
 * boundary, or "end of line" (translated) when there are none. Returns q.
 */
const char *lessonword_quote_n(const char *w, size_t n, char *q, size_t qlen);

/* All of w, as lessonword_quote_n() shows it. */
const char *lessonword_quote(const char *w, char *q, size_t qlen);

#endif
