/*
 * test_spsc.c - the ring hands every record over once, in order, between
 * two threads, whether the consumer is slower or faster than the
 * producer; drain waits for the consumer; close ends it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <time.h>

#include "spsc.h"

struct rec {
	uint64_t seq;
	uint64_t check;
	char pad[40];
};

struct consumer {
	struct spsc *q;
	uint64_t n, bad;
	int slow; /* nap now and then, so the ring fills */
};

static void nap(void)
{
	struct timespec ts = {0, 200000};
	nanosleep(&ts, NULL);
}

static void *consume(void *arg)
{
	struct consumer *c = arg;
	struct rec *r;
	while ((r = spsc_peek(c->q)) != NULL) {
		if (r->seq != c->n || r->check != r->seq * 2654435761u)
			c->bad++;
		c->n++;
		spsc_release(c->q);
		if (c->slow && c->n % 5000 == 0)
			nap();
	}
	return NULL;
}

static void run(uint64_t count, size_t capacity, int slow_consumer,
                int slow_producer)
{
	struct consumer c = {.q = spsc_new(sizeof(struct rec), capacity),
	                     .slow = slow_consumer};
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, consume, &c), 0);
	for (uint64_t i = 0; i < count; i++) {
		struct rec *r = spsc_reserve(c.q);
		r->seq = i;
		r->check = i * 2654435761u;
		spsc_publish(c.q);
		if (slow_producer && i % 3000 == 0)
			nap();
		if (i == count / 2) {
			spsc_drain(c.q);
			/* Everything so far was taken. */
			assert_int_equal(c.n, i + 1);
		}
	}
	spsc_close(c.q);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(c.bad, 0);
	assert_int_equal(c.n, count);
	spsc_free(c.q);
}

static void test_fast_both(void **state)
{
	(void)state;
	run(300000, 1024, 0, 0);
}

static void test_slow_consumer(void **state)
{
	(void)state;
	run(100000, 64, 1, 0);
}

static void test_slow_producer(void **state)
{
	(void)state;
	run(100000, 4096, 0, 1);
}

/* A capacity of 1 is rounded up to 2; the smallest ring still works. */
static void test_tiny_ring(void **state)
{
	(void)state;
	run(3000, 1, 0, 0);
}

static void test_close_empty(void **state)
{
	(void)state;
	struct spsc *q = spsc_new(8, 16);
	spsc_close(q);
	assert_null(spsc_peek(q));
	spsc_free(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_fast_both),
	        cmocka_unit_test(test_slow_consumer),
	        cmocka_unit_test(test_slow_producer),
	        cmocka_unit_test(test_tiny_ring),
	        cmocka_unit_test(test_close_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
