/*
 * streamstore.c - stream records parked by id until the end (see
 * streamstore.h). Knows nothing of what the records mean.
 */
#include "streamstore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

/* The first ids are kept in memory: a demo or a small capture opens no
 * file (and takes no descriptor from the programs it shows). */
enum { MEM_SLOTS = 4096, CHUNK = 4096 };

struct streamstore {
	FILE *file;      /* slots from MEM_SLOTS on, once one arrives */
	int file_failed; /* no temporary file: everything in memory */
	struct stream_info *mem;
	uint64_t mem_cap;
	uint64_t count;      /* slots 0 .. count-1 may be used */
	unsigned char *used; /* one bit per slot: the record arrived */
	uint64_t used_cap;
};

struct streamstore *streamstore_new(void)
{
	return xcalloc(1, sizeof(struct streamstore));
}

static void streamstore_mark(struct streamstore *st, uint64_t id)
{
	if (id / 8 >= st->used_cap) {
		uint64_t cap = st->used_cap ? st->used_cap : 1024;
		while (id / 8 >= cap)
			cap *= 2;
		st->used = xrealloc(st->used, cap);
		memset(st->used + st->used_cap, 0, cap - st->used_cap);
		st->used_cap = cap;
	}
	st->used[id / 8] |= (unsigned char)(1u << (id % 8));
	if (id >= st->count)
		st->count = id + 1;
}

static int streamstore_is_used(const struct streamstore *st, uint64_t id)
{
	return id / 8 < st->used_cap && (st->used[id / 8] >> (id % 8)) & 1;
}

/* Whether a slot lives on disk (the file opened when first needed). */
static int streamstore_on_disk(struct streamstore *st, uint64_t id)
{
	if (id < MEM_SLOTS || st->file_failed)
		return 0;
	if (st->file == NULL && (st->file = tmpfile()) == NULL)
		st->file_failed = 1;
	return st->file != NULL;
}

int streamstore_put(struct streamstore *st, const struct stream_info *s)
{
	if (streamstore_on_disk(st, s->id)) {
		off_t at = (off_t)(s->id * sizeof *s);
		if (pwrite(fileno(st->file), s, sizeof *s, at) !=
		    (ssize_t)sizeof *s)
			return -1;
	} else {
		if (s->id >= st->mem_cap) {
			uint64_t cap = st->mem_cap ? st->mem_cap : 1024;
			while (s->id >= cap)
				cap *= 2;
			st->mem = xrealloc(st->mem, cap * sizeof *st->mem);
			st->mem_cap = cap;
		}
		st->mem[s->id] = *s;
	}
	streamstore_mark(st, s->id);
	return 0;
}

int streamstore_each(struct streamstore *st,
                     void (*fn)(void *ctx, const struct stream_info *s),
                     void *ctx)
{
	struct stream_info *buf =
	        st->file ? xmalloc(CHUNK * sizeof *buf) : NULL;
	int rc = 0;
	for (uint64_t base = 0; base < st->count; base += CHUNK) {
		uint64_t n =
		        st->count - base < CHUNK ? st->count - base : CHUNK;
		/* Chunks never straddle MEM_SLOTS: each is all in memory
		 * or all on disk. A slot is read only once marked used. */
		int disk = base >= MEM_SLOTS && st->file != NULL;
		const struct stream_info *recs = disk      ? buf
		                                 : st->mem ? st->mem + base
		                                           : NULL;
		if (disk) {
			size_t want = (size_t)n * sizeof *buf;
			ssize_t got = pread(fileno(st->file), buf, want,
			                    (off_t)(base * sizeof *buf));
			if (got < 0) {
				rc = -1;
				break;
			}
			/* A hole at the end of the file reads short: zero it.
			 */
			if ((size_t)got < want)
				memset((char *)buf + got, 0,
				       want - (size_t)got);
		}
		for (uint64_t i = 0; i < n; i++)
			if (streamstore_is_used(st, base + i))
				fn(ctx, &recs[i]);
	}
	free(buf);
	return rc;
}

void streamstore_free(struct streamstore *st)
{
	if (st == NULL)
		return;
	if (st->file)
		fclose(st->file);
	free(st->mem);
	free(st->used);
	free(st);
}
