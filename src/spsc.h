/*
 * spsc.h - a bounded ring of fixed-size records from one producer thread
 * to one consumer thread.
 *
 * The producer writes a record in place (spsc_reserve, then
 * spsc_publish) and the consumer reads it in place (spsc_peek, then
 * spsc_release): nothing is copied twice, nothing allocated per record.
 * Each side waits while the ring is full or empty, spinning briefly and
 * then sleeping; a sleeper is woken once the other side has made a
 * quarter of the ring's room or records, and in any case within a
 * millisecond, so a trickle of live events is never held back longer
 * than that. Records come out in the order they went in: what the
 * consumer does with them is as deterministic as if one thread did both.
 *
 * For handing a view's calls to a second core (view_async.h), and for
 * anything else that streams work between two threads.
 */
#ifndef TCPVIZ_SPSC_H
#define TCPVIZ_SPSC_H

#include <stdbool.h>
#include <stddef.h>

struct spsc;

/* A ring of capacity records (rounded up to a power of two, at least 2)
 * of record_size bytes each, aligned for any type. */
struct spsc *spsc_new(size_t record_size, size_t capacity);
void spsc_free(struct spsc *q);

/* Producer: room for the next record, waiting while the ring is full. */
void *spsc_reserve(struct spsc *q);
/* Producer: the reserved record is complete; the consumer may take it. */
void spsc_publish(struct spsc *q);
/* Producer: wait until the consumer has released every record. */
void spsc_drain(struct spsc *q);
/* Producer: no more records; the consumer sees the end once it has
 * taken the rest. */
void spsc_close(struct spsc *q);

/* Consumer: the oldest record not yet released, waiting for one; NULL
 * once the ring is closed and empty. */
void *spsc_peek(struct spsc *q);
/* Consumer: done with the record spsc_peek gave. */
void spsc_release(struct spsc *q);

#endif
