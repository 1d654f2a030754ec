/*
 * chunks.c - an append-only array in fixed blocks (chunks.h).
 */
#include "chunks.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

void chunks_init(struct chunks *c, size_t elem, size_t shift)
{
	memset(c, 0, sizeof *c);
	c->elem = elem;
	c->shift = shift;
}

void *chunks_at(const struct chunks *c, size_t i)
{
	size_t mask = ((size_t)1 << c->shift) - 1;
	return c->blocks[i >> c->shift] + (i & mask) * c->elem;
}

void *chunks_push(struct chunks *c)
{
	size_t per = (size_t)1 << c->shift;
	if (c->count == c->nblocks * per) {
		if (c->nblocks == c->capblocks) {
			c->capblocks = c->capblocks ? c->capblocks * 2 : 16;
			c->blocks = xrealloc(c->blocks,
			                     c->capblocks * sizeof *c->blocks);
		}
		c->blocks[c->nblocks++] = xcalloc(per, c->elem);
	}
	return chunks_at(c, c->count++);
}

void chunks_free(struct chunks *c)
{
	for (size_t i = 0; i < c->nblocks; i++)
		free(c->blocks[i]);
	free(c->blocks);
}
