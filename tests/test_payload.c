/*
 * test_payload.c - a payload's bytes as readable text: printable UTF-8
 * as itself, everything else escaped so it can be undone, cut by display
 * cells without splitting an escape or a character.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "payload.h"

static char text[PAYLOAD_ESCAPED_MAX(256) + 1];

/* s escaped with flags, at most max cells; NUL-terminated in text. */
static const char *esc(const char *s, size_t n, unsigned flags, size_t max,
                       size_t *used, size_t *cells)
{
	size_t k = payload_escape(text, (const uint8_t *)s, n, flags, max, used,
	                          cells);
	assert_true(k <= PAYLOAD_ESCAPED_MAX(n));
	text[k] = '\0';
	return text;
}

static void test_printable_and_escapes(void **state)
{
	(void)state;
	size_t used, cells;
	assert_string_equal(
	        esc("hello, tcpviz\n", 14, 0, SIZE_MAX, &used, &cells),
	        "hello, tcpviz\\n");
	assert_int_equal(used, 14);
	assert_int_equal(cells, 15);
	assert_string_equal(
	        esc("a\"b\\c\r\t\0\x7f", 9, 0, SIZE_MAX, NULL, NULL),
	        "a\\\"b\\\\c\\r\\t\\x00\\x7f");
	/* Five CJK characters are fifteen bytes and ten cells. */
	const char *cjk = "你好，世界";
	assert_string_equal(esc(cjk, strlen(cjk), 0, SIZE_MAX, &used, &cells),
	                    cjk);
	assert_int_equal(used, 15);
	assert_int_equal(cells, 10);
	/* 7-bit output: the bytes of each character. */
	assert_string_equal(esc("你", 3, PAYLOAD_ASCII, SIZE_MAX, NULL, NULL),
	                    "\\xe4\\xbd\\xa0");
}

static void test_not_text_is_bytes(void **state)
{
	(void)state;
	/* Not UTF-8, a character cut at the end, an overlong form, C1, a
	 * direction override, a zero-width space. */
	assert_string_equal(esc("\xff\xfe", 2, 0, SIZE_MAX, NULL, NULL),
	                    "\\xff\\xfe");
	assert_string_equal(esc("a\xe4\xbd", 3, 0, SIZE_MAX, NULL, NULL),
	                    "a\\xe4\\xbd");
	assert_string_equal(esc("\xc0\xaf", 2, 0, SIZE_MAX, NULL, NULL),
	                    "\\xc0\\xaf");
	assert_string_equal(esc("\xc2\x85", 2, 0, SIZE_MAX, NULL, NULL),
	                    "\\xc2\\x85");
	assert_string_equal(esc("\xe2\x80\xae", 3, 0, SIZE_MAX, NULL, NULL),
	                    "\\xe2\\x80\\xae");
	assert_string_equal(esc("\xe2\x80\x8b", 3, 0, SIZE_MAX, NULL, NULL),
	                    "\\xe2\\x80\\x8b");
}

static void test_json(void **state)
{
	(void)state;
	/* The same escapes, inside a JSON string. */
	assert_string_equal(
	        esc("a\"\\\n\x01é", 7, PAYLOAD_JSON, SIZE_MAX, NULL, NULL),
	        "a\\\\\\\"\\\\\\\\\\\\n\\\\x01é");
}

static void test_cut_by_cells(void **state)
{
	(void)state;
	size_t used, cells;
	/* Never half an escape, never half a wide character. */
	assert_string_equal(esc("ab\ncd", 5, 0, 3, &used, &cells), "ab");
	assert_int_equal(used, 2);
	assert_int_equal(cells, 2);
	assert_string_equal(esc("a你好", 7, 0, 4, &used, &cells), "a你");
	assert_int_equal(used, 4);
	assert_int_equal(cells, 3);
	assert_string_equal(esc("abc", 3, 0, 0, &used, &cells), "");
	assert_int_equal(used, 0);
}

/* Every byte value, alone and in runs, stays within the room promised. */
static void test_every_byte(void **state)
{
	(void)state;
	char all[256];
	for (int i = 0; i < 256; i++)
		all[i] = (char)i;
	for (unsigned f = 0; f < 4; f++) {
		size_t used;
		esc(all, sizeof all, f, SIZE_MAX, &used, NULL);
		assert_int_equal(used, 256);
		assert_true(strlen(text) >= 256);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_printable_and_escapes),
	        cmocka_unit_test(test_not_text_is_bytes),
	        cmocka_unit_test(test_json),
	        cmocka_unit_test(test_cut_by_cells),
	        cmocka_unit_test(test_every_byte),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
