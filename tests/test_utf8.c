/*
 * test_utf8.c - text by display cells: decoding with a bound (invalid,
 * overlong, surrogate, truncated at the end of the buffer), the width of
 * every kind of character whatever the locale, and trimming, wrapping
 * and padding Chinese, mixed and combining text at every boundary.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

#define HELLO      "\xe4\xbd\xa0\xe5\xa5\xbd" /* 你好 */
#define WORLD      "\xe4\xb8\x96\xe7\x95\x8c" /* 世界 */
#define COMMA      "\xef\xbc\x8c"             /* ， U+FF0C */
#define IDEO_COMMA "\xe3\x80\x81"             /* 、 U+3001 */
#define RETURNS    "\xe8\xbf\x94\xe5\x9b\x9e" /* 返回 */
#define E_ACUTE    "e\xcc\x81"                /* e + U+0301 */

static void decode_one(const char *s, size_t n, uint32_t want_cp,
                       size_t want_len)
{
	uint32_t cp = 0;
	size_t k = utf8_decode(s, n, &cp);
	if (cp != want_cp || k != want_len)
		fail_msg("decode %zu bytes: U+%04X in %zu, want U+%04X in %zu",
		         n, cp, k, want_cp, want_len);
}

static void test_decode(void **state)
{
	(void)state;
	decode_one("A", 1, 'A', 1);
	decode_one("\xc3\xa9", 2, 0xe9, 2);
	decode_one("\xe4\xbd\xa0", 3, 0x4f60, 3);
	decode_one("\xf0\x9f\x98\x80", 4, 0x1f600, 4);
	decode_one("\xf4\x8f\xbf\xbf", 4, 0x10ffff, 4);
	/* Invalid: one byte each, U+FFFD. */
	decode_one("\x80", 1, UTF8_REPLACEMENT, 1);         /* continuation */
	decode_one("\xff\x41", 2, UTF8_REPLACEMENT, 1);     /* never UTF-8 */
	decode_one("\xc0\xaf", 2, UTF8_REPLACEMENT, 1);     /* overlong '/' */
	decode_one("\xc1\xbf", 2, UTF8_REPLACEMENT, 1);     /* overlong */
	decode_one("\xe0\x80\xaf", 3, UTF8_REPLACEMENT, 1); /* overlong */
	decode_one("\xf0\x80\x80\xaf", 4, UTF8_REPLACEMENT, 1);
	decode_one("\xed\xa0\x80", 3, UTF8_REPLACEMENT, 1); /* surrogate */
	decode_one("\xed\xbf\xbf", 3, UTF8_REPLACEMENT, 1);
	decode_one("\xf4\x90\x80\x80", 4, UTF8_REPLACEMENT, 1); /* >10FFFF */
	decode_one("\xf5\x80\x80\x80", 4, UTF8_REPLACEMENT, 1);
	decode_one("\xe4\x41\xa0", 3, UTF8_REPLACEMENT, 1); /* bad 2nd */
	decode_one("\xe4\xbd\x41", 3, UTF8_REPLACEMENT, 1); /* bad 3rd */
	/* The bound: nothing at 0 bytes, and a sequence cut by it. */
	decode_one("A", 0, UTF8_REPLACEMENT, 0);
	decode_one("\xe4\xbd\xa0", 2, UTF8_REPLACEMENT, 1);
	decode_one("\xf0\x9f\x98\x80", 3, UTF8_REPLACEMENT, 1);
}

/* A truncated sequence at the very end of a heap buffer: read under
 * ASan, a byte past the bound would be reported. */
static void test_decode_truncated_at_end_of_buffer(void **state)
{
	(void)state;
	static const char bytes[] = "ok\xe4\xbd"; /* 你, cut */
	size_t n = sizeof bytes - 1;
	char *buf = malloc(n);
	assert_non_null(buf);
	memcpy(buf, bytes, n);
	uint32_t cps[8];
	size_t i = 0, count = 0;
	while (i < n) {
		size_t k = utf8_decode(buf + i, n - i, &cps[count++]);
		assert_true(k >= 1 && k <= n - i);
		i += k;
	}
	assert_int_equal(count, 4);
	assert_int_equal(cps[0], 'o');
	assert_int_equal(cps[2], UTF8_REPLACEMENT);
	assert_int_equal(cps[3], UTF8_REPLACEMENT);
	assert_int_equal(utf8_nwidth(buf, n), 4);
	free(buf);
}

static void test_encode_round_trip(void **state)
{
	(void)state;
	static const uint32_t cps[] = {0x24,    0x7f,    0x80,    0x7ff,
	                               0x800,   0x4f60,  0xfffd,  0xffff,
	                               0x10000, 0x1f600, 0x10ffff};
	for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		char buf[4];
		uint32_t back;
		size_t n = utf8_encode(cps[i], buf);
		assert_int_equal(utf8_decode(buf, n, &back), n);
		assert_int_equal(back, cps[i]);
	}
	char buf[4];
	uint32_t back;
	assert_int_equal(utf8_encode(0xd800, buf), 3);
	utf8_decode(buf, 3, &back);
	assert_int_equal(back, UTF8_REPLACEMENT);
	assert_int_equal(utf8_encode(0x110000, buf), 3);
}

static void test_code_point_widths(void **state)
{
	(void)state;
	struct {
		uint32_t cp;
		int w;
	} want[] = {
	        {'A', 1},     {' ', 1},       {0, 0},       {'\t', -1},
	        {0x1b, -1},   {0x7f, -1},     {0x85, -1},   {0x9f, -1},
	        {0xa0, 1},    {0xad, 1},      {0xe9, 1},    {0x300, 0},
	        {0x301, 0},   {0x36f, 0},     {0x370, 1},   {0x200b, 0},
	        {0x200d, 0},  {0xfeff, 0},    {0x1160, 0},  {0x1100, 2},
	        {0x115f, 2},  {0x2500, 1},    {0x25b6, 1},  {0x2026, 1},
	        {0x2e7f, 1},  {0x2e80, 2},    {0x3000, 2},  {0x3001, 2},
	        {0x3002, 2},  {0x302a, 0},    {0x3041, 2},  {0x30a2, 2},
	        {0x4e00, 2},  {0x4f60, 2},    {0x9fff, 2},  {0xac00, 2},
	        {0xd7a3, 2},  {0xd7a4, 1},    {0xf900, 2},  {0xfe0f, 0},
	        {0xff01, 2},  {0xff0c, 2},    {0xff60, 2},  {0xff61, 1},
	        {0xffe0, 2},  {0xffe6, 2},    {0xffe7, 1},  {0xfffd, 1},
	        {0x1f600, 2}, {0x1f680, 2},   {0x1f9ff, 2}, {0x20000, 2},
	        {0x2a6d6, 2}, {0x3fffd, 2},   {0x40000, 1}, {0xe0001, 0},
	        {0xd800, -1}, {0x110000, -1},
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (utf8_cp_width(want[i].cp) != want[i].w)
			fail_msg("U+%04X: width %d, want %d", want[i].cp,
			         utf8_cp_width(want[i].cp), want[i].w);
	assert_int_equal(utf8_shown_width('\t'), 1);
	assert_int_equal(utf8_shown_width(0x301), 0);
}

/* The table is tcpviz's: the process locale changes nothing. */
static void test_width_ignores_locale(void **state)
{
	(void)state;
	const char *s = HELLO COMMA WORLD;
	setlocale(LC_ALL, "C");
	size_t c_locale = utf8_width(s);
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "C.utf8");
	assert_int_equal(utf8_width(s), c_locale);
	assert_int_equal(c_locale, 10);
	setlocale(LC_ALL, "C");
}

static void test_string_widths(void **state)
{
	(void)state;
	assert_int_equal(utf8_width(""), 0);
	assert_int_equal(utf8_width("connect() = 0"), 13);
	assert_int_equal(utf8_width(HELLO COMMA WORLD), 10);
	assert_int_equal(utf8_width("connect() " RETURNS " 0"), 16);
	assert_int_equal(utf8_width("caf" E_ACUTE), 4);
	assert_int_equal(utf8_width("\xe2\x94\x80\xe2\x96\xb6"), 2); /* ─▶ */
	/* Bad bytes and controls are shown as U+FFFD: a cell each. */
	assert_int_equal(utf8_width("a\xff\xfe"
	                            "b"),
	                 4);
	assert_int_equal(utf8_width("a\tb"), 3);
	assert_int_equal(utf8_nwidth(HELLO, 3), 2); /* stops at the bound */
	assert_int_equal(utf8_nwidth(HELLO, 4), 3); /* a cut one: U+FFFD */
}

static void test_fit_never_splits(void **state)
{
	(void)state;
	const char *s = HELLO COMMA WORLD; /* 5 wide characters */
	size_t cells;
	for (size_t w = 0; w <= 12; w++) {
		size_t k = utf8_fit(s, w, &cells);
		size_t want = w > 10 ? 10 : w & ~(size_t)1;
		assert_int_equal(cells, want);
		assert_int_equal(k, want / 2 * 3); /* 3 bytes a character */
	}
	/* A combining mark stays with its letter, even at the edge. */
	assert_int_equal(utf8_fit("caf" E_ACUTE "!", 4, &cells), 6);
	assert_int_equal(cells, 4);
	assert_int_equal(utf8_fit("ab", 0, &cells), 0);
	assert_int_equal(cells, 0);
}

static void test_trim(void **state)
{
	(void)state;
	char out[64];
	const char *s = HELLO COMMA WORLD;
	/* It fits: whole. */
	assert_int_equal(utf8_trim(out, sizeof out, s, 10, "~"), 10);
	assert_string_equal(out, s);
	/* Every width below: at most w cells, whole characters, and the
	 * ellipsis at the end. */
	for (size_t w = 1; w < 10; w++) {
		size_t cells = utf8_trim(out, sizeof out, s, w, "~");
		assert_true(cells <= w);
		assert_true(cells >= w - 1);
		assert_int_equal(out[strlen(out) - 1], '~');
		assert_int_equal(utf8_width(out), cells);
	}
	assert_int_equal(utf8_trim(out, sizeof out, s, 6, "\xe2\x80\xa6"), 5);
	assert_string_equal(out, HELLO "\xe2\x80\xa6"); /* 你好… */
	assert_int_equal(utf8_trim(out, sizeof out, s, 7, "\xe2\x80\xa6"), 7);
	assert_string_equal(out, HELLO COMMA "\xe2\x80\xa6");
	/* No ellipsis asked: only cut. */
	assert_int_equal(utf8_trim(out, sizeof out, s, 5, NULL), 4);
	assert_string_equal(out, HELLO);
	assert_int_equal(utf8_trim(out, sizeof out, "abcdef", 4, "~"), 4);
	assert_string_equal(out, "abc~");
	/* A small buffer: cut at a character, never inside one. */
	assert_int_equal(utf8_trim(out, 5, s, 10, NULL), 2);
	assert_string_equal(out, "\xe4\xbd\xa0");
}

/* Wrap the whole of s to w cells; each line into lines[]. */
static int wrap_all(const char *s, size_t w, char lines[][128], int max)
{
	int n = 0;
	while (*s && n < max) {
		const char *next;
		size_t k = utf8_wrap(s, w, &next);
		assert_true(k < 128);
		memcpy(lines[n], s, k);
		lines[n][k] = '\0';
		assert_true(next > s); /* always progress */
		s = next;
		n++;
	}
	return n;
}

static void test_wrap_ascii_as_before(void **state)
{
	(void)state;
	char l[16][128];
	int n = wrap_all("The quick brown fox jumps over the lazy dog", 10, l,
	                 16);
	assert_int_equal(n, 5);
	assert_string_equal(l[0], "The quick");
	assert_string_equal(l[1], "brown fox");
	assert_string_equal(l[2], "jumps over");
	assert_string_equal(l[3], "the lazy");
	assert_string_equal(l[4], "dog");
	/* A word that ends exactly at the width stays on its line. */
	n = wrap_all("abcde fghij", 5, l, 16);
	assert_int_equal(n, 2);
	assert_string_equal(l[0], "abcde");
	/* A word longer than a line is cut. */
	n = wrap_all("abcdefghijkl xy", 5, l, 16);
	assert_int_equal(n, 3);
	assert_string_equal(l[0], "abcde");
	assert_string_equal(l[1], "fghij");
	assert_string_equal(l[2], "kl xy");
}

static void test_wrap_chinese(void **state)
{
	(void)state;
	char l[16][128];
	/* No blanks: breaks between characters, never before the comma. */
	int n = wrap_all(HELLO COMMA WORLD, 4, l, 16);
	assert_int_equal(n, 3);
	assert_string_equal(l[0], "\xe4\xbd\xa0"); /* 你, not 你好 + ， */
	assert_string_equal(l[1], "\xe5\xa5\xbd" COMMA);
	assert_string_equal(l[2], WORLD);
	for (size_t w = 2; w <= 12; w++) {
		const char *s = HELLO COMMA WORLD IDEO_COMMA RETURNS;
		n = wrap_all(s, w, l, 16);
		size_t total = 0;
		for (int i = 0; i < n; i++) {
			assert_true(utf8_width(l[i]) <= w);
			assert_true(utf8_width(l[i]) > 0);
			total += strlen(l[i]);
			/* No line starts with closing punctuation while a
			 * character could carry it. */
			if (w >= 4) {
				assert_true(strncmp(l[i], COMMA, 3) != 0);
				assert_true(strncmp(l[i], IDEO_COMMA, 3) != 0);
			}
		}
		assert_int_equal(total, strlen(s)); /* nothing lost */
	}
	/* Mixed: at the blank when the next character does not fit ... */
	n = wrap_all("connect() " RETURNS " 0", 11, l, 16);
	assert_int_equal(n, 2);
	assert_string_equal(l[0], "connect()");
	assert_string_equal(l[1], RETURNS " 0");
	/* ... between two CJK characters when one more does. */
	n = wrap_all("connect() " RETURNS " 0", 12, l, 16);
	assert_int_equal(n, 2);
	assert_string_equal(l[0], "connect() \xe8\xbf\x94");
	assert_string_equal(l[1], "\xe5\x9b\x9e 0");
	/* ... and next to a CJK character when that is nearer. */
	n = wrap_all("abc" HELLO WORLD, 6, l, 16);
	assert_int_equal(n, 2);
	assert_string_equal(l[0], "abc\xe4\xbd\xa0");
	assert_string_equal(l[1], "\xe5\xa5\xbd" WORLD);
	/* One wide character on a line of one cell: it alone. */
	n = wrap_all(HELLO, 1, l, 16);
	assert_int_equal(n, 2);
	assert_string_equal(l[0], "\xe4\xbd\xa0");
}

static void test_wrap_combining_and_bad_bytes(void **state)
{
	(void)state;
	char l[16][128];
	/* The accent is never separated from its e. */
	int n = wrap_all("caf" E_ACUTE "caf" E_ACUTE, 4, l, 16);
	assert_int_equal(n, 2);
	assert_string_equal(l[0], "caf" E_ACUTE);
	/* A truncated sequence at the end: one cell, no read past it. */
	n = wrap_all("abcd\xe4\xbd", 3, l, 16);
	assert_int_equal(n, 2);
	assert_string_equal(l[0], "abc");
	assert_string_equal(l[1], "d\xe4\xbd");
}

static void test_pad(void **state)
{
	(void)state;
	char out[64];
	assert_int_equal(utf8_pad(out, sizeof out, HELLO, 6), 8);
	assert_string_equal(out, HELLO "  ");
	assert_int_equal(utf8_width(out), 6);
	assert_int_equal(utf8_pad(out, sizeof out, "LISTEN", 12), 12);
	assert_string_equal(out, "LISTEN      ");
	/* Longer: kept whole. */
	assert_int_equal(utf8_pad(out, sizeof out, HELLO WORLD, 3), 12);
	assert_string_equal(out, HELLO WORLD);
	/* Never past cap. */
	assert_int_equal(utf8_pad(out, 4, "ab", 10), 3);
	assert_string_equal(out, "ab ");
}

static void test_sanitize(void **state)
{
	(void)state;
	char out[64];
	const char *s = "a\tb\xff" HELLO "\xe4\xbd";
	size_t used;
	utf8_sanitize(out, sizeof out, s, strlen(s), &used);
	assert_string_equal(out,
	                    "a\xef\xbf\xbd"
	                    "b\xef\xbf\xbd" HELLO "\xef\xbf\xbd\xef\xbf\xbd");
	assert_int_equal(used, strlen(s));
	/* Only n bytes: the character cut by n is shown as U+FFFD. */
	assert_int_equal(utf8_sanitize(out, sizeof out, HELLO, 4, &used), 6);
	assert_string_equal(out, "\xe4\xbd\xa0\xef\xbf\xbd");
	/* Stops at a character that does not fit, and says where. */
	assert_int_equal(utf8_sanitize(out, 5, HELLO, 6, &used), 3);
	assert_string_equal(out, "\xe4\xbd\xa0");
	assert_int_equal(used, 3);
	assert_int_equal(utf8_sanitize(out, 0, HELLO, 6, &used), 0);
	assert_int_equal(used, 0);
}

/* Chinese sentences joined with a blank read without it next to their
 * full-width punctuation; English is left as it is. */
static void test_tidy(void **state)
{
	(void)state;
	char a[] = "连接已结束。 客户端进入 TIME_WAIT， 等待 2 MSL。";
	utf8_tidy(a);
	assert_string_equal(a,
	                    "连接已结束。客户端进入 TIME_WAIT，等待 2 MSL。");
	char b[] = "问： 什么 （括号） 之后";
	utf8_tidy(b);
	assert_string_equal(b, "问：什么（括号）之后");
	char e[] = "SYN（第一次握手）  流 0";
	utf8_tidy(e);
	assert_string_equal(e, "SYN（第一次握手）  流 0");
	char c[] = "It ends.  The client, then: x (y)";
	utf8_tidy(c);
	assert_string_equal(c, "It ends.  The client, then: x (y)");
	char q[] = "recv() = 6 \"你好 ，x\"。 下一句";
	utf8_tidy(q);
	assert_string_equal(q, "recv() = 6 \"你好 ，x\"。下一句");
	char d[] = "";
	assert_int_equal(utf8_tidy(d), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_tidy),
	        cmocka_unit_test(test_decode),
	        cmocka_unit_test(test_decode_truncated_at_end_of_buffer),
	        cmocka_unit_test(test_encode_round_trip),
	        cmocka_unit_test(test_code_point_widths),
	        cmocka_unit_test(test_width_ignores_locale),
	        cmocka_unit_test(test_string_widths),
	        cmocka_unit_test(test_fit_never_splits),
	        cmocka_unit_test(test_trim),
	        cmocka_unit_test(test_wrap_ascii_as_before),
	        cmocka_unit_test(test_wrap_chinese),
	        cmocka_unit_test(test_wrap_combining_and_bad_bytes),
	        cmocka_unit_test(test_pad),
	        cmocka_unit_test(test_sanitize),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
