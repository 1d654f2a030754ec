/*
 * util.h - allocation that never returns NULL, and small helpers.
 *
 * Out of memory is not an input error tcpviz can recover from: the
 * wrappers print one line and exit with status 1.
 */
#ifndef TCPVIZ_UTIL_H
#define TCPVIZ_UTIL_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* A formatted string in memory of its own. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Append printf-style to the string in out (cap bytes), never past its
 * end. */
void strcatf(char *out, size_t cap, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

#endif
