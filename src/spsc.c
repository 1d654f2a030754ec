/*
 * spsc.c - the single-producer single-consumer ring (see spsc.h).
 *
 * head counts records published, tail records released; each is written
 * by one side only and read by the other with acquire loads. Each side
 * keeps its own copy of the other's counter and reads the shared one
 * only when its copy says full or empty, and the consumer publishes tail
 * every RELEASE_BATCH records (and before it waits), so the cache line
 * that holds a counter moves between the cores rarely. Sleeping uses
 * one mutex and a condition variable, with a timed wait as the backstop
 * for a wake-up lost in the race between a side's last look and its
 * sleep: no fence on the path of every record.
 */
#include "spsc.h"

#include <pthread.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "util.h"

enum {
	CACHE_LINE = 64,
	SPIN = 256,         /* looks before sleeping */
	RELEASE_BATCH = 64, /* records released per tail update */
	SLEEP_NS = 1000000, /* the longest a lost wake-up can cost */
};

/* A cache line apart, the producer's counters, the consumer's and the
 * rest never share one. */
struct spsc {
	char pad0[CACHE_LINE];
	_Atomic size_t head;
	size_t tail_seen; /* the producer's copy of tail */
	char pad1[CACHE_LINE];
	_Atomic size_t tail;
	size_t head_seen; /* the consumer's copy of head */
	size_t released;  /* released, not yet published in tail */
	char pad2[CACHE_LINE];
	_Atomic bool closed;
	_Atomic bool producer_waits, consumer_waits;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	size_t mask, size;
	unsigned char *slots;
};

struct spsc *spsc_new(size_t record_size, size_t capacity)
{
	struct spsc *q = xcalloc(1, sizeof *q);
	size_t cap = 2;
	while (cap < capacity)
		cap *= 2;
	q->mask = cap - 1;
	/* Slots aligned for any type. */
	q->size = (record_size + alignof(max_align_t) - 1) /
	          alignof(max_align_t) * alignof(max_align_t);
	q->slots = xmalloc(cap * q->size);
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->wake, NULL);
	return q;
}

void spsc_free(struct spsc *q)
{
	if (q == NULL)
		return;
	pthread_mutex_destroy(&q->lock);
	pthread_cond_destroy(&q->wake);
	free(q->slots);
	free(q);
}

static void spsc_wake(struct spsc *q)
{
	pthread_mutex_lock(&q->lock);
	pthread_cond_broadcast(&q->wake);
	pthread_mutex_unlock(&q->lock);
}

/* Sleep until woken or SLEEP_NS pass; the caller looks again after. */
static void spsc_sleep(struct spsc *q, _Atomic bool *waits)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_nsec += SLEEP_NS;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&q->lock);
	atomic_store(waits, true);
	pthread_cond_timedwait(&q->wake, &q->lock, &until);
	atomic_store(waits, false);
	pthread_mutex_unlock(&q->lock);
}

/* Make the consumer's releases visible, and wake a producer waiting for
 * room once a quarter of the ring is free, or for the ring to drain once
 * it is empty. */
static void spsc_publish_tail(struct spsc *q)
{
	size_t tail = atomic_load_explicit(&q->tail, memory_order_relaxed) +
	              q->released;
	atomic_store_explicit(&q->tail, tail, memory_order_release);
	q->released = 0;
	if (!atomic_load_explicit(&q->producer_waits, memory_order_relaxed))
		return;
	size_t head = atomic_load_explicit(&q->head, memory_order_acquire);
	if (head == tail || (q->mask + 1) - (head - tail) >= (q->mask + 1) / 4)
		spsc_wake(q);
}

void *spsc_reserve(struct spsc *q)
{
	size_t head = atomic_load_explicit(&q->head, memory_order_relaxed);
	for (int spins = 0; head - q->tail_seen > q->mask; spins++) {
		q->tail_seen =
		        atomic_load_explicit(&q->tail, memory_order_acquire);
		if (head - q->tail_seen <= q->mask)
			break;
		if (spins >= SPIN)
			spsc_sleep(q, &q->producer_waits);
	}
	return q->slots + (head & q->mask) * q->size;
}

void spsc_publish(struct spsc *q)
{
	size_t head = atomic_load_explicit(&q->head, memory_order_relaxed) + 1;
	atomic_store_explicit(&q->head, head, memory_order_release);
	/* Wake a sleeping consumer once there is a batch worth waking for
	 * (it published its tail before it slept); a trickle is picked up
	 * by its timed wait. */
	if (!atomic_load_explicit(&q->consumer_waits, memory_order_relaxed))
		return;
	q->tail_seen = atomic_load_explicit(&q->tail, memory_order_acquire);
	if (head - q->tail_seen >= (q->mask + 1) / 4)
		spsc_wake(q);
}

void spsc_drain(struct spsc *q)
{
	size_t head = atomic_load_explicit(&q->head, memory_order_relaxed);
	if (atomic_load_explicit(&q->consumer_waits, memory_order_relaxed))
		spsc_wake(q);
	for (int spins = 0;; spins++) {
		q->tail_seen =
		        atomic_load_explicit(&q->tail, memory_order_acquire);
		if (q->tail_seen == head)
			return;
		if (spins >= SPIN)
			spsc_sleep(q, &q->producer_waits);
	}
}

void spsc_close(struct spsc *q)
{
	atomic_store_explicit(&q->closed, true, memory_order_release);
	spsc_wake(q);
}

void *spsc_peek(struct spsc *q)
{
	size_t tail = atomic_load_explicit(&q->tail, memory_order_relaxed) +
	              q->released;
	for (int spins = 0; tail == q->head_seen; spins++) {
		q->head_seen =
		        atomic_load_explicit(&q->head, memory_order_acquire);
		if (tail != q->head_seen)
			break;
		/* Nothing to do: let the producer see every release. */
		if (q->released)
			spsc_publish_tail(q);
		if (atomic_load_explicit(&q->closed, memory_order_acquire)) {
			/* Records published before the close? */
			q->head_seen = atomic_load_explicit(
			        &q->head, memory_order_acquire);
			if (tail == q->head_seen)
				return NULL;
			break;
		}
		if (spins >= SPIN)
			spsc_sleep(q, &q->consumer_waits);
	}
	return q->slots + (tail & q->mask) * q->size;
}

void spsc_release(struct spsc *q)
{
	if (++q->released >= RELEASE_BATCH)
		spsc_publish_tail(q);
}
