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
 * file (and takes no descriptor from the programs it shows).
 *
 * Past them, streams end in roughly the order they began, so records
 * come nearly by id: they gather in a window of WINDOW slots in memory
 * and go to the file a run of neighbours at a time, in one write,
 * instead of one write each (a write per stream was a tenth of a bench
 * replay's time). A record older than the window (a long connection) is
 * written alone. */
enum { MEM_SLOTS = 4096, CHUNK = 4096, WINDOW = 8192 };

struct streamstore {
	FILE *file;      /* slots from MEM_SLOTS on, once one arrives */
	int file_failed; /* no temporary file: everything in memory */
	/* With the file: slots win_lo .. win_lo + WINDOW - 1, not written
	 * yet; win_used[i] says slot win_lo + i holds a record. */
	struct stream_info *win;
	unsigned char *win_used;
	uint64_t win_lo;
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
	if (st->file != NULL && st->win == NULL) {
		st->win = xmalloc(WINDOW * sizeof *st->win);
		st->win_used = xcalloc(WINDOW, 1);
		st->win_lo = MEM_SLOTS;
	}
	return st->file != NULL;
}

static int streamstore_write(struct streamstore *st,
                             const struct stream_info *recs, uint64_t id,
                             size_t n)
{
	size_t len = n * sizeof *recs;
	return pwrite(fileno(st->file), recs, len,
	              (off_t)(id * sizeof *recs)) == (ssize_t)len
	               ? 0
	               : -1;
}

/* Write the window's first n slots, a run of neighbours at a time, and
 * move the window n slots on. */
static int streamstore_spill(struct streamstore *st, size_t n)
{
	int rc = 0;
	for (size_t i = 0; i < n;) {
		if (!st->win_used[i]) {
			i++;
			continue;
		}
		size_t j = i + 1;
		while (j < n && st->win_used[j])
			j++;
		if (streamstore_write(st, st->win + i, st->win_lo + i, j - i))
			rc = -1;
		i = j;
	}
	memmove(st->win, st->win + n, (WINDOW - n) * sizeof *st->win);
	memmove(st->win_used, st->win_used + n, WINDOW - n);
	memset(st->win_used + (WINDOW - n), 0, n);
	st->win_lo += n;
	return rc;
}

static int streamstore_put_file(struct streamstore *st,
                                const struct stream_info *s)
{
	if (s->id < st->win_lo)
		return streamstore_write(st, s, s->id, 1);
	int rc = 0;
	if (s->id >= st->win_lo + 2 * (uint64_t)WINDOW) {
		/* A jump: start the window afresh just below this id. */
		rc = streamstore_spill(st, WINDOW);
		st->win_lo = s->id - WINDOW / 2;
	}
	while (s->id >= st->win_lo + WINDOW)
		if (streamstore_spill(st, WINDOW / 2))
			rc = -1;
	st->win[s->id - st->win_lo] = *s;
	st->win_used[s->id - st->win_lo] = 1;
	return rc;
}

int streamstore_put(struct streamstore *st, const struct stream_info *s)
{
	if (streamstore_on_disk(st, s->id)) {
		if (streamstore_put_file(st, s) != 0)
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
	int rc = st->win ? streamstore_spill(st, WINDOW) : 0;
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
	free(st->win);
	free(st->win_used);
	free(st->used);
	free(st);
}
