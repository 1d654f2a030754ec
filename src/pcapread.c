/*
 * pcapread.c - plain pcap records read ahead on a thread (see pcapread.h).
 *
 * The reader thread owns the file offset and the blocks it fills; the
 * caller owns the block it reads. They meet only at the ring of blocks,
 * under one mutex, once per megabyte. The reader reads a block's
 * unfinished last record again at the start of the next block (from the
 * page cache) rather than carrying it over, so no block is ever written
 * while the caller may read it.
 */
#include "pcapread.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

enum {
	RECORD_HEADER = 16,
	BLOCK_SIZE = 1 << 20, /* holds the longest record read here */
	NBLOCKS = 4,          /* 3 MB read ahead at most */
	/* libpcap's MAXIMUM_SNAPLEN: a longer record is its to refuse. */
	MAX_RECORD = 262144,
};

struct pcapread_block {
	uint8_t *data;
	size_t len; /* whole records only */
	off_t off;  /* file offset of data[0] */
	bool last;  /* libpcap takes over at off + len */
};

struct pcapread {
	int fd;
	uint32_t snaplen;
	struct pcapread_block blocks[NBLOCKS];
	pthread_mutex_t lock;
	pthread_cond_t changed;
	unsigned filled; /* blocks filled and not yet given back */
	unsigned head;   /* the next block the reader fills */
	bool stop;
	pthread_t thread;
	/* The caller's side. */
	struct pcapread_block *cur;
	unsigned tail; /* the next block the caller reads */
	size_t pos;
};

static uint32_t pcapread_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* Fill b from off: whole records only, and last set where the fast
 * path ends. Returns the offset of the first byte left for later. */
static off_t pcapread_fill(const struct pcapread *r, struct pcapread_block *b,
                           off_t off)
{
	size_t n = 0;
	while (n < BLOCK_SIZE) {
		ssize_t got = pread(r->fd, b->data + n, BLOCK_SIZE - n,
		                    off + (off_t)n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break; /* the end, or an error libpcap will meet */
		n += (size_t)got;
	}
	size_t pos = 0;
	bool last = n < BLOCK_SIZE;
	while (n - pos >= RECORD_HEADER) {
		uint32_t caplen = pcapread_le32(b->data + pos + 8);
		if (caplen > r->snaplen) {
			last = true;
			break;
		}
		if (n - pos - RECORD_HEADER < caplen)
			break; /* ends in the next block, or cut off */
		pos += RECORD_HEADER + caplen;
	}
	b->off = off;
	b->len = pos;
	b->last = last;
	return off + (off_t)pos;
}

static void *pcapread_thread(void *arg)
{
	struct pcapread *r = arg;
	off_t off = r->blocks[0].off;
	for (;;) {
		pthread_mutex_lock(&r->lock);
		while (r->filled == NBLOCKS && !r->stop)
			pthread_cond_wait(&r->changed, &r->lock);
		bool stop = r->stop;
		struct pcapread_block *b = &r->blocks[r->head % NBLOCKS];
		pthread_mutex_unlock(&r->lock);
		if (stop)
			return NULL;
		off = pcapread_fill(r, b, off);
		pthread_mutex_lock(&r->lock);
		r->head++;
		r->filled++;
		pthread_cond_broadcast(&r->changed);
		pthread_mutex_unlock(&r->lock);
		if (b->last)
			return NULL;
	}
}

struct pcapread *pcapread_open(int fd, off_t start, uint32_t snaplen)
{
	struct pcapread *r = xcalloc(1, sizeof *r);
	r->fd = fd;
	r->snaplen = snaplen < MAX_RECORD ? snaplen : MAX_RECORD;
	for (int i = 0; i < NBLOCKS; i++)
		r->blocks[i].data = xmalloc(BLOCK_SIZE);
	r->blocks[0].off = start;
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->changed, NULL);
	if (pthread_create(&r->thread, NULL, pcapread_thread, r) != 0) {
		pthread_mutex_destroy(&r->lock);
		pthread_cond_destroy(&r->changed);
		for (int i = 0; i < NBLOCKS; i++)
			free(r->blocks[i].data);
		free(r);
		return NULL;
	}
	return r;
}

int pcapread_next(struct pcapread *r, struct pcaprec *rec, off_t *resume)
{
	for (;;) {
		struct pcapread_block *b = r->cur;
		if (b != NULL && r->pos < b->len) {
			const uint8_t *h = b->data + r->pos;
			rec->sec = (int32_t)pcapread_le32(h);
			rec->subsec = (int32_t)pcapread_le32(h + 4);
			rec->caplen = pcapread_le32(h + 8);
			rec->wirelen = pcapread_le32(h + 12);
			rec->data = h + RECORD_HEADER;
			r->pos += RECORD_HEADER + rec->caplen;
			return 1;
		}
		pthread_mutex_lock(&r->lock);
		if (b != NULL) {
			if (b->last) {
				pthread_mutex_unlock(&r->lock);
				*resume = b->off + (off_t)b->len;
				return 0;
			}
			r->cur = NULL;
			r->tail++;
			r->filled--;
			pthread_cond_broadcast(&r->changed);
		}
		while (r->filled == 0)
			pthread_cond_wait(&r->changed, &r->lock);
		r->cur = &r->blocks[r->tail % NBLOCKS];
		r->pos = 0;
		pthread_mutex_unlock(&r->lock);
	}
}

void pcapread_close(struct pcapread *r)
{
	if (r == NULL)
		return;
	pthread_mutex_lock(&r->lock);
	r->stop = true;
	pthread_cond_broadcast(&r->changed);
	pthread_mutex_unlock(&r->lock);
	pthread_join(r->thread, NULL);
	pthread_mutex_destroy(&r->lock);
	pthread_cond_destroy(&r->changed);
	for (int i = 0; i < NBLOCKS; i++)
		free(r->blocks[i].data);
	free(r);
}
