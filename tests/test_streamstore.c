/*
 * test_streamstore.c - stream records come back in id order, whatever
 * order they were parked in, and ids never parked are not invented.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <unistd.h>

#include "streamstore.h"

struct seen {
	uint64_t ids[8192];
	uint64_t segs[8192];
	size_t n;
};

static void collect(void *ctx, const struct stream_info *s)
{
	struct seen *seen = ctx;
	seen->ids[seen->n] = s->id;
	seen->segs[seen->n] = s->segments;
	seen->n++;
}

/* Counts records that do not come in the order 0, 1, ..., SPILL_N - 1,
 * then SPILL_FAR, each with its own segment count. */
enum { SPILL_N = 60000, SPILL_FAR = 10 * SPILL_N };
struct in_order {
	uint64_t n, next, bad;
};

static void check_next(void *ctx, const struct stream_info *s)
{
	struct in_order *o = ctx;
	uint64_t segs = s->id == SPILL_FAR ? 1 : s->id + 7;
	if (s->id != o->next || s->segments != segs)
		o->bad++;
	o->n++;
	o->next = o->n == SPILL_N ? SPILL_FAR : s->id + 1;
}

static void test_id_order(void **state)
{
	(void)state;
	struct streamstore *st = streamstore_new();
	/* Park 5000 records in a scrambled order, leaving out every 7th. */
	for (uint64_t i = 0; i < 5000; i++) {
		uint64_t id = (i * 3163) % 5000; /* 3163 is prime to 5000 */
		if (id % 7 == 3)
			continue;
		struct stream_info s = {.id = id, .segments = id * 2 + 1};
		assert_int_equal(streamstore_put(st, &s), 0);
	}
	struct seen *seen = calloc(1, sizeof *seen);
	assert_int_equal(streamstore_each(st, collect, seen), 0);
	size_t k = 0;
	for (uint64_t id = 0; id < 5000; id++) {
		if (id % 7 == 3)
			continue;
		assert_true(k < seen->n);
		assert_int_equal(seen->ids[k], id);
		assert_int_equal(seen->segs[k], id * 2 + 1);
		k++;
	}
	assert_int_equal(k, seen->n);
	free(seen);
	streamstore_free(st);
}

/* The lowest free descriptor: what the next socket() would get. */
static int next_fd(void)
{
	int fd = dup(0);
	close(fd);
	return fd;
}

/* A few streams (a demo, a lesson) are kept in memory: no temporary
 * file takes a descriptor, so the programs shown keep theirs. */
static void test_small_store_opens_nothing(void **state)
{
	(void)state;
	int before = next_fd();
	struct streamstore *st = streamstore_new();
	for (uint64_t id = 0; id < 100; id++) {
		struct stream_info s = {.id = id};
		assert_int_equal(streamstore_put(st, &s), 0);
	}
	assert_int_equal(next_fd(), before);
	struct stream_info far = {.id = 100000};
	assert_int_equal(streamstore_put(st, &far), 0);
	assert_int_not_equal(next_fd(), before); /* now it spills to disk */
	streamstore_free(st);
	assert_int_equal(next_fd(), before);
}

/* Many more records than the store keeps in memory at once, nearly in
 * id order as streams end, with a few long connections whose records
 * come late, and a jump far ahead: all come back, in order, once. */
static void test_spill_and_stragglers(void **state)
{
	(void)state;
	enum { LATE = 97 };
	struct streamstore *st = streamstore_new();
	for (uint64_t i = 0; i < SPILL_N; i++) {
		/* Neighbours reversed in blocks of 50: ends out of
		 * order. */
		uint64_t id = i - i % 50 + (49 - i % 50);
		if (id % LATE == 5)
			continue; /* a long connection: parked at the
			             end */
		struct stream_info s = {.id = id, .segments = id + 7};
		assert_int_equal(streamstore_put(st, &s), 0);
	}
	for (uint64_t id = 5; id < SPILL_N; id += LATE) {
		struct stream_info s = {.id = id, .segments = id + 7};
		assert_int_equal(streamstore_put(st, &s), 0);
	}
	struct stream_info far = {.id = SPILL_FAR, .segments = 1};
	assert_int_equal(streamstore_put(st, &far), 0);
	struct in_order o = {0, 0, 0};
	assert_int_equal(streamstore_each(st, check_next, &o), 0);
	assert_int_equal(o.bad, 0);
	assert_int_equal(o.n, SPILL_N + 1);
	streamstore_free(st);
}

static void test_empty(void **state)
{
	(void)state;
	struct streamstore *st = streamstore_new();
	struct seen seen = {.n = 0};
	assert_int_equal(streamstore_each(st, collect, &seen), 0);
	assert_int_equal(seen.n, 0);
	streamstore_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_id_order),
	        cmocka_unit_test(test_spill_and_stragglers),
	        cmocka_unit_test(test_empty),
	        cmocka_unit_test(test_small_store_opens_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
