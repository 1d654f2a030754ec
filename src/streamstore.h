/*
 * streamstore.h - the final record of every stream, kept until the end.
 *
 * Streams end in any order but their records are written in id order
 * after the last frame. Keeping 200,000 of them in memory would make
 * memory grow with the file, so they wait in an anonymous temporary file,
 * one fixed-size slot per stream id (in memory only if no temporary file
 * can be made). The newest few thousand slots gather in memory first
 * (about a megabyte) and reach the file a run at a time.
 */
#ifndef TCPVIZ_STREAMSTORE_H
#define TCPVIZ_STREAMSTORE_H

#include "conntrack.h"

struct streamstore;

struct streamstore *streamstore_new(void);
/* Returns 0, or -1 when the record could not be stored. */
int streamstore_put(struct streamstore *st, const struct stream_info *s);
/* Call fn for each stored stream, in id order. Returns 0, or -1 on a
 * read error. */
int streamstore_each(struct streamstore *st,
                     void (*fn)(void *ctx, const struct stream_info *s),
                     void *ctx);
void streamstore_free(struct streamstore *st);

#endif
