/*
 * test_tcpopt.c - the TCP option parser on ordinary and hostile bytes.
 *
 * Every input is copied into a heap block of exactly its size, so that a
 * read past the end is caught by the sanitizer build, not just by luck.
 * The tests must not depend on files outside the repository.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "tcpopt.h"

/* Parse n bytes held in a block of exactly n bytes; returns the cursor. */
static struct cursor parse(const uint8_t *bytes, size_t n, struct tcpopts *o)
{
	uint8_t *copy = malloc(n ? n : 1);
	assert_non_null(copy);
	if (n)
		memcpy(copy, bytes, n);
	struct cursor c = cursor_make(copy, n);
	memset(o, 0xA5, sizeof(*o)); /* parse must clear what it leaves */
	o->error = "stale";
	tcpopt_parse(&c, o);
	free(copy);
	c.base = NULL; /* freed: only off, len and short_read stay useful */
	return c;
}

static void test_empty(void **state)
{
	struct tcpopts o;
	(void)state;
	struct cursor c = parse(NULL, 0, &o);
	assert_int_equal(o.present, 0);
	assert_int_equal(o.nop_count, 0);
	assert_int_equal(o.unknown_count, 0);
	assert_null(o.error);
	assert_false(c.short_read);
}

/* What Linux puts in a SYN. */
static void test_linux_syn(void **state)
{
	static const uint8_t b[] = {2,  4,    0x05, 0xb4, 4,    2, 8,
	                            10, 0x11, 0x22, 0x33, 0x44, 0, 0,
	                            0,  0,    1,    3,    3,    7};
	struct tcpopts o;
	(void)state;
	struct cursor c = parse(b, sizeof(b), &o);
	assert_null(o.error);
	assert_int_equal(o.present, OPT_HAS_MSS | OPT_HAS_SACK_PERM |
	                                    OPT_HAS_TS | OPT_HAS_WSCALE);
	assert_int_equal(o.mss, 1460);
	assert_int_equal(o.tsval, 0x11223344);
	assert_int_equal(o.tsecr, 0);
	assert_int_equal(o.wscale, 7);
	assert_int_equal(o.nop_count, 1);
	assert_int_equal(c.off, sizeof(b));
}

static void test_exactly_filling_40_bytes(void **state)
{
	static const uint8_t b[40] = {
	        2, 4,  0x23, 0x28, /* MSS 9000 */
	        1, 3,  3,    14,   /* NOP, window scale 14 */
	        4, 2,              /* SACK permitted */
	        8, 10, 0,    0,    0, 1,  0, 0,  0, 2, /* timestamps 1, 2 */
	        5, 18, 0,    0,    0, 10, 0, 0,  0, 20,
	        0, 0,  0,    30,   0, 0,  0, 40, 1, 1,
	};
	struct tcpopts o;
	(void)state;
	struct cursor c = parse(b, sizeof(b), &o);
	assert_null(o.error);
	assert_int_equal(o.mss, 9000);
	assert_int_equal(o.wscale, 14);
	assert_int_equal(o.tsval, 1);
	assert_int_equal(o.tsecr, 2);
	assert_int_equal(o.sack_count, 2);
	assert_int_equal(o.sack[0][0], 10);
	assert_int_equal(o.sack[0][1], 20);
	assert_int_equal(o.sack[1][0], 30);
	assert_int_equal(o.sack[1][1], 40);
	assert_int_equal(o.nop_count, 3);
	assert_int_equal(o.present, OPT_HAS_MSS | OPT_HAS_WSCALE |
	                                    OPT_HAS_SACK_PERM | OPT_HAS_TS |
	                                    OPT_HAS_SACK);
	assert_int_equal(c.off, 40);
	assert_false(c.short_read);
}

static void test_forty_nops(void **state)
{
	uint8_t b[40];
	struct tcpopts o;
	(void)state;
	memset(b, 1, sizeof(b));
	parse(b, sizeof(b), &o);
	assert_int_equal(o.nop_count, 40);
	assert_int_equal(o.present, 0);
	assert_null(o.error);
}

static void test_eol_then_garbage(void **state)
{
	/* A second MSS and a bad length after EOL must both be ignored. */
	static const uint8_t b[] = {2, 4,    0x01, 0x00, 0, 2,
	                            4, 0xff, 0xff, 8,    1, 0xee};
	struct tcpopts o;
	(void)state;
	struct cursor c = parse(b, sizeof(b), &o);
	assert_null(o.error);
	assert_int_equal(o.present, OPT_HAS_MSS | OPT_HAS_EOL);
	assert_int_equal(o.mss, 256);
	assert_int_equal(c.off, 5);
}

static void test_zero_length(void **state)
{
	static const uint8_t b[] = {2, 0, 0x05, 0xb4};
	struct tcpopts o;
	(void)state;
	struct cursor c = parse(b, sizeof(b), &o);
	assert_string_equal(o.error, "option 2 (MSS) length below 2");
	assert_int_equal(o.present, 0);
	assert_int_equal(c.off, 0);
	assert_false(c.short_read);
}

static void test_length_one(void **state)
{
	static const uint8_t b[] = {1, 8, 1, 0, 0};
	struct tcpopts o;
	(void)state;
	struct cursor c = parse(b, sizeof(b), &o);
	assert_string_equal(o.error, "option 8 (timestamps) length below 2");
	assert_int_equal(o.nop_count, 1);
	assert_int_equal(c.off, 1);
}

static void test_length_past_end(void **state)
{
	static const uint8_t b[] = {8, 10, 0, 0, 0, 1, 0, 0, 0};
	struct tcpopts o;
	(void)state;
	struct cursor c = parse(b, sizeof(b), &o);
	assert_string_equal(o.error,
	                    "option 8 (timestamps) runs past the end of the "
	                    "options");
	assert_false(o.present & OPT_HAS_TS);
	assert_true(c.short_read);
	assert_int_equal(c.off, 0);
}

static void test_length_byte_missing(void **state)
{
	static const uint8_t b[] = {1, 1, 3};
	struct tcpopts o;
	(void)state;
	struct cursor c = parse(b, sizeof(b), &o);
	assert_string_equal(o.error,
	                    "option 3 (window scale) has no length byte");
	assert_int_equal(o.nop_count, 2);
	assert_true(c.short_read);
	assert_int_equal(c.off, 2);
}

static void test_unknown_kind_malformed(void **state)
{
	static const uint8_t b[] = {99, 1};
	struct tcpopts o;
	(void)state;
	parse(b, sizeof(b), &o);
	assert_string_equal(o.error, "option of unknown kind length below 2");
	assert_int_equal(o.unknown_count, 0);
}

struct kind_rule {
	uint8_t kind;
	uint32_t bit;
	const char *prefix;
	int (*valid)(unsigned len);
};

static int valid_mss(unsigned len)
{
	return len == 4;
}

static int valid_wscale(unsigned len)
{
	return len == 3;
}

static int valid_sack_perm(unsigned len)
{
	return len == 2;
}

static int valid_sack(unsigned len)
{
	return len >= 10 && len <= 34 && (len - 2) % 8 == 0;
}

static int valid_ts(unsigned len)
{
	return len == 10;
}

static int valid_tfo(unsigned len)
{
	return len == 2 || (len >= 6 && len <= 18);
}

/* Every length 2..40 of every known kind: the right ones parse, the rest
 * stop with an error naming the kind and set no presence bit. */
static void test_every_known_kind_every_length(void **state)
{
	static const struct kind_rule rules[] = {
	        {TCPOPT_MSS, OPT_HAS_MSS, "option 2 (MSS) ", valid_mss},
	        {TCPOPT_WSCALE, OPT_HAS_WSCALE, "option 3 (window scale) ",
	         valid_wscale},
	        {TCPOPT_SACK_PERM, OPT_HAS_SACK_PERM,
	         "option 4 (SACK permitted) ", valid_sack_perm},
	        {TCPOPT_SACK, OPT_HAS_SACK, "option 5 (SACK) ", valid_sack},
	        {TCPOPT_TIMESTAMP, OPT_HAS_TS, "option 8 (timestamps) ",
	         valid_ts},
	        {TCPOPT_TFO, OPT_HAS_TFO, "option 34 (TFO) ", valid_tfo},
	};
	uint8_t b[40];
	(void)state;

	for (size_t r = 0; r < sizeof(rules) / sizeof(rules[0]); r++) {
		for (unsigned len = 2; len <= 40; len++) {
			struct tcpopts o;
			memset(b, 0x5a, sizeof(b));
			b[0] = rules[r].kind;
			b[1] = (uint8_t)len;
			struct cursor c = parse(b, len, &o);
			if (rules[r].valid(len)) {
				assert_null(o.error);
				assert_int_equal(o.present, rules[r].bit);
				assert_int_equal(c.off, len);
			} else {
				assert_non_null(o.error);
				const char *e = o.error;
				assert_ptr_equal(strstr(e, rules[r].prefix), e);
				assert_non_null(strstr(o.error, "length not"));
				assert_int_equal(o.present, 0);
				assert_int_equal(c.off, 0);
				assert_false(c.short_read);
			}
		}
	}
}

static void test_wrong_length_keeps_earlier(void **state)
{
	static const uint8_t b[] = {2, 4, 0x05, 0xb4, 3, 4, 7, 0, 4, 2};
	struct tcpopts o;
	(void)state;
	struct cursor c = parse(b, sizeof(b), &o);
	assert_string_equal(o.error, "option 3 (window scale) length not 3");
	assert_int_equal(o.present, OPT_HAS_MSS);
	assert_int_equal(o.mss, 1460);
	assert_int_equal(c.off, 4);
}

static void test_sack_one_to_four_blocks(void **state)
{
	uint8_t b[34];
	(void)state;
	for (unsigned n = 1; n <= 4; n++) {
		struct tcpopts o;
		b[0] = TCPOPT_SACK;
		b[1] = (uint8_t)(2 + 8 * n);
		for (unsigned i = 0; i < 2 * n; i++) {
			b[2 + 4 * i] = 0x80;
			b[3 + 4 * i] = 0;
			b[4 + 4 * i] = 0;
			b[5 + 4 * i] = (uint8_t)i;
		}
		parse(b, 2 + 8 * n, &o);
		assert_null(o.error);
		assert_int_equal(o.sack_count, n);
		for (unsigned i = 0; i < n; i++) {
			assert_int_equal(o.sack[i][0], 0x80000000u + 2 * i);
			assert_int_equal(o.sack[i][1], 0x80000000u + 2 * i + 1);
		}
	}
}

static void test_sack_zero_blocks(void **state)
{
	static const uint8_t b[] = {5, 2, 1, 1};
	struct tcpopts o;
	(void)state;
	parse(b, sizeof(b), &o);
	assert_string_equal(o.error,
	                    "option 5 (SACK) length not 2+8n, n 1 to 4");
	assert_int_equal(o.sack_count, 0);
	assert_false(o.present & OPT_HAS_SACK);
}

/* Five blocks cannot fit a real header, but the parser takes any span. */
static void test_sack_five_blocks(void **state)
{
	uint8_t b[42];
	struct tcpopts o;
	(void)state;
	memset(b, 0, sizeof(b));
	b[0] = TCPOPT_SACK;
	b[1] = 42;
	parse(b, sizeof(b), &o);
	assert_non_null(o.error);
	assert_int_equal(o.sack_count, 0);
}

/* Blocks beyond TCPOPT_MAX_SACK across two options are dropped. */
static void test_sack_blocks_capped(void **state)
{
	uint8_t b[52];
	struct tcpopts o;
	(void)state;
	memset(b, 0, sizeof(b));
	for (int opt = 0; opt < 2; opt++) {
		uint8_t *p = b + opt * 26;
		p[0] = TCPOPT_SACK;
		p[1] = 26;
		for (int i = 0; i < 6; i++)
			p[5 + 4 * i] = (uint8_t)(opt * 6 + i);
	}
	parse(b, sizeof(b), &o);
	assert_null(o.error);
	assert_int_equal(o.sack_count, TCPOPT_MAX_SACK);
	assert_int_equal(o.sack[3][0], 6);
	assert_int_equal(o.sack[3][1], 7);
}

static void test_tfo_request(void **state)
{
	static const uint8_t b[] = {34, 2};
	struct tcpopts o;
	(void)state;
	parse(b, sizeof(b), &o);
	assert_null(o.error);
	assert_int_equal(o.present, OPT_HAS_TFO);
	assert_int_equal(o.tfo_cookie_len, 0);
}

static void test_tfo_cookie(void **state)
{
	static const uint8_t b[] = {34, 10, 1, 2, 3, 4, 5, 6, 7, 8};
	struct tcpopts o;
	(void)state;
	parse(b, sizeof(b), &o);
	assert_null(o.error);
	assert_int_equal(o.present, OPT_HAS_TFO);
	assert_int_equal(o.tfo_cookie_len, 8);
	assert_memory_equal(o.tfo_cookie, b + 2, 8);
}

static void test_tfo_cookie_sizes(void **state)
{
	uint8_t b[20];
	(void)state;
	for (unsigned n = 0; n <= 18; n++) {
		struct tcpopts o;
		b[0] = TCPOPT_TFO;
		b[1] = (uint8_t)(n + 2);
		for (unsigned i = 0; i < n; i++)
			b[2 + i] = (uint8_t)(0xc0 + i);
		parse(b, n + 2, &o);
		if (n == 0 || (n >= 4 && n <= 16)) {
			assert_null(o.error);
			assert_int_equal(o.tfo_cookie_len, n);
			assert_memory_equal(o.tfo_cookie, b + 2, n);
		} else {
			assert_string_equal(o.error,
			                    "option 34 (TFO) length not 2 or "
			                    "6 to 18");
			assert_false(o.present & OPT_HAS_TFO);
		}
	}
}

static void test_tfo_experimental(void **state)
{
	static const uint8_t req[] = {254, 4, 0xf9, 0x89};
	static const uint8_t cookie[] = {254, 12, 0xf9, 0x89, 9, 9,
	                                 9,   9,  0,    0,    1, 2};
	static const uint8_t bad[] = {254, 6, 0xf9, 0x89, 1, 2};
	static const uint8_t other[] = {254, 6, 0x12, 0x34, 1, 2};
	struct tcpopts o;
	(void)state;

	parse(req, sizeof(req), &o);
	assert_null(o.error);
	assert_int_equal(o.present, OPT_HAS_TFO);
	assert_int_equal(o.tfo_cookie_len, 0);
	assert_int_equal(o.unknown_count, 0);

	parse(cookie, sizeof(cookie), &o);
	assert_null(o.error);
	assert_int_equal(o.tfo_cookie_len, 8);
	assert_memory_equal(o.tfo_cookie, cookie + 4, 8);

	parse(bad, sizeof(bad), &o);
	assert_string_equal(o.error, "option 254 (experimental TFO) length "
	                             "not 4 or 8 to 20");
	assert_int_equal(o.present, 0);

	/* Another experiment's magic: just an unknown option. */
	parse(other, sizeof(other), &o);
	assert_null(o.error);
	assert_int_equal(o.present, 0);
	assert_int_equal(o.unknown_count, 1);
	assert_int_equal(o.unknown[0], 254);
}

static void test_unknown_kinds_in_order(void **state)
{
	static const uint8_t b[] = {
	        19, 18, 0,    0,    0, 0, 0, 0, 0,
	        0,  0,  0,    0,    0, 0, 0, 0, 0, /* MD5 */
	        30, 4,  0x10, 0x01,                /* MPTCP */
	        28, 4,  0x80, 0x10,                /* user timeout */
	        2,  4,  0x02, 0x18,                /* MSS 536 after them */
	};
	struct tcpopts o;
	(void)state;
	parse(b, sizeof(b), &o);
	assert_null(o.error);
	assert_int_equal(o.unknown_count, 3);
	assert_int_equal(o.unknown[0], 19);
	assert_int_equal(o.unknown[1], 30);
	assert_int_equal(o.unknown[2], 28);
	assert_int_equal(o.mss, 536);
}

static void test_unknown_capped_count_goes_on(void **state)
{
	uint8_t b[24];
	struct tcpopts o;
	(void)state;
	for (int i = 0; i < 12; i++) {
		b[2 * i] = (uint8_t)(100 + i);
		b[2 * i + 1] = 2;
	}
	parse(b, sizeof(b), &o);
	assert_null(o.error);
	assert_int_equal(o.unknown_count, 12);
	for (int i = 0; i < TCPOPT_MAX_UNKNOWN; i++)
		assert_int_equal(o.unknown[i], 100 + i);
}

static void test_unknown_count_saturates(void **state)
{
	uint8_t b[600];
	struct tcpopts o;
	(void)state;
	for (int i = 0; i < 300; i++) {
		b[2 * i] = 200;
		b[2 * i + 1] = 2;
	}
	struct cursor c = parse(b, sizeof(b), &o);
	assert_null(o.error);
	assert_int_equal(o.unknown_count, 255);
	assert_int_equal(c.off, sizeof(b));
}

static void test_duplicate_mss_last_wins(void **state)
{
	static const uint8_t b[] = {2, 4, 0x05, 0xb4, 2, 4, 0x02, 0x18};
	struct tcpopts o;
	(void)state;
	parse(b, sizeof(b), &o);
	assert_null(o.error);
	assert_int_equal(o.mss, 536);
}

static void test_wscale_above_14_kept(void **state)
{
	static const uint8_t b[] = {3, 3, 15};
	struct tcpopts o;
	(void)state;
	parse(b, sizeof(b), &o);
	assert_null(o.error);
	assert_int_equal(o.wscale, 15);
}

/* A cursor over part of a buffer: what lies beyond must stay unread. */
static void test_stops_at_cursor_end(void **state)
{
	static const uint8_t b[] = {2, 4, 0x05, 0xb4, 3, 3, 9, 4, 2};
	struct tcpopts o;
	(void)state;

	struct cursor c = cursor_make(b, 4);
	tcpopt_parse(&c, &o);
	assert_null(o.error);
	assert_int_equal(o.present, OPT_HAS_MSS);

	c = cursor_make(b, 5);
	tcpopt_parse(&c, &o);
	assert_int_equal(o.present, OPT_HAS_MSS);
	assert_string_equal(o.error,
	                    "option 3 (window scale) has no length byte");
	assert_true(c.short_read);

	c = cursor_make(b, 6);
	tcpopt_parse(&c, &o);
	assert_false(o.present & OPT_HAS_WSCALE);
	assert_non_null(strstr(o.error, "runs past the end"));
}

/* Errors are literals: the same problem gives the same pointer. */
static void test_error_is_static(void **state)
{
	static const uint8_t b1[] = {2, 3, 0};
	static const uint8_t b2[] = {1, 2, 3, 0};
	struct tcpopts o1, o2;
	(void)state;
	parse(b1, sizeof(b1), &o1);
	parse(b2, sizeof(b2), &o2);
	assert_non_null(o1.error);
	assert_ptr_equal(o1.error, o2.error);
}

static uint32_t rng_next(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* Random bytes biased toward known kinds and small lengths. */
static void test_random_invariants(void **state)
{
	static const uint8_t kinds[] = {0, 1, 2, 3, 4, 5, 8, 34, 254, 19};
	uint32_t seed = 0x7c9e3a1du;
	uint8_t b[44];
	(void)state;

	for (int iter = 0; iter < 200000; iter++) {
		size_t n = rng_next(&seed) % (sizeof(b) + 1);
		for (size_t i = 0; i < n; i++) {
			uint32_t r = rng_next(&seed);
			b[i] = (r & 3) == 0   ? kinds[(r >> 8) % sizeof(kinds)]
			       : (r & 3) == 1 ? (uint8_t)((r >> 8) % 20)
			                      : (uint8_t)(r >> 8);
		}
		struct tcpopts o;
		struct cursor c = parse(b, n, &o);
		assert_true(c.off <= n);
		assert_true(o.sack_count <= TCPOPT_MAX_SACK);
		assert_true(o.tfo_cookie_len <= TCPOPT_MAX_TFO_COOKIE);
		if (o.error != NULL)
			assert_true(c.off < n);
		else if (!(o.present & OPT_HAS_EOL))
			assert_int_equal(c.off, n);
		if (c.short_read)
			assert_non_null(o.error);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_empty),
	        cmocka_unit_test(test_linux_syn),
	        cmocka_unit_test(test_exactly_filling_40_bytes),
	        cmocka_unit_test(test_forty_nops),
	        cmocka_unit_test(test_eol_then_garbage),
	        cmocka_unit_test(test_zero_length),
	        cmocka_unit_test(test_length_one),
	        cmocka_unit_test(test_length_past_end),
	        cmocka_unit_test(test_length_byte_missing),
	        cmocka_unit_test(test_unknown_kind_malformed),
	        cmocka_unit_test(test_every_known_kind_every_length),
	        cmocka_unit_test(test_wrong_length_keeps_earlier),
	        cmocka_unit_test(test_sack_one_to_four_blocks),
	        cmocka_unit_test(test_sack_zero_blocks),
	        cmocka_unit_test(test_sack_five_blocks),
	        cmocka_unit_test(test_sack_blocks_capped),
	        cmocka_unit_test(test_tfo_request),
	        cmocka_unit_test(test_tfo_cookie),
	        cmocka_unit_test(test_tfo_cookie_sizes),
	        cmocka_unit_test(test_tfo_experimental),
	        cmocka_unit_test(test_unknown_kinds_in_order),
	        cmocka_unit_test(test_unknown_capped_count_goes_on),
	        cmocka_unit_test(test_unknown_count_saturates),
	        cmocka_unit_test(test_duplicate_mss_last_wins),
	        cmocka_unit_test(test_wscale_above_14_kept),
	        cmocka_unit_test(test_stops_at_cursor_end),
	        cmocka_unit_test(test_error_is_static),
	        cmocka_unit_test(test_random_invariants),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
