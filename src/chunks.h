/*
 * chunks.h - an append-only array in fixed blocks, so that appending
 * never moves an element: a pointer to one stays valid as long as the
 * array lives. The timeline keeps its rows, calls, kernel states and
 * streams in these.
 */
#ifndef TCPVIZ_CHUNKS_H
#define TCPVIZ_CHUNKS_H

#include <stddef.h>

struct chunks {
	char **blocks;
	size_t nblocks, capblocks;
	size_t count;
	size_t elem;  /* bytes per element */
	size_t shift; /* elements per block: 1 << shift */
};

void chunks_init(struct chunks *c, size_t elem, size_t shift);
/* Element i (< count). */
void *chunks_at(const struct chunks *c, size_t i);
/* A new zeroed element at the end. */
void *chunks_push(struct chunks *c);
void chunks_free(struct chunks *c);

#endif
