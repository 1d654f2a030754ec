/*
 * test_grid.c - the grid of cells: a wide character takes two cells and
 * is never left in halves (at the edge of a region or of the grid, when
 * half of it is overwritten, by a fill), text is cut by cells with its
 * ellipsis inside the width, and a row reads back each character once.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "grid.h"

#define HELLO "\xe4\xbd\xa0\xe5\xa5\xbd" /* 你好 */
#define WORLD "\xe4\xb8\x96\xe7\x95\x8c" /* 世界 */
#define COMMA "\xef\xbc\x8c"             /* ， */

static const struct cell *at(const struct grid *g, int x, int y)
{
	return &g->cells[(size_t)y * g->width + x];
}

static const char *row(const struct grid *g, int y)
{
	static char buf[1024];
	grid_row_text(g, y, buf, sizeof buf);
	return buf;
}

/* Every row: no right half without its left, no left without its
 * right. */
static void assert_whole(const struct grid *g)
{
	for (int y = 0; y < g->height; y++)
		for (int x = 0; x < g->width; x++) {
			const struct cell *c = at(g, x, y);
			if (c->part == CELL_LEFT)
				assert_true(x + 1 < g->width &&
				            at(g, x + 1, y)->part ==
				                    CELL_RIGHT);
			if (c->part == CELL_RIGHT)
				assert_true(x > 0 &&
				            at(g, x - 1, y)->part == CELL_LEFT);
		}
}

static void test_wide_takes_two_cells(void **state)
{
	(void)state;
	struct grid g;
	grid_init(&g, 20, 2);
	assert_int_equal(grid_text(&g, 0, 0, 20, "a" HELLO "b", 0, 0, NULL), 6);
	assert_int_equal(at(&g, 1, 0)->ch, 0x4f60);
	assert_int_equal(at(&g, 1, 0)->part, CELL_LEFT);
	assert_int_equal(at(&g, 2, 0)->part, CELL_RIGHT);
	assert_int_equal(at(&g, 3, 0)->ch, 0x597d);
	assert_int_equal(at(&g, 5, 0)->ch, 'b');
	assert_string_equal(row(&g, 0), "a" HELLO "b");
	/* A row that ends in a wide character keeps it. */
	grid_clear(&g);
	grid_text(&g, 18, 1, 2, HELLO, 0, 0, NULL);
	assert_string_equal(row(&g, 1), "                  \xe4\xbd\xa0");
	assert_whole(&g);
	grid_free(&g);
}

static void test_straddle_writes_blank(void **state)
{
	(void)state;
	struct grid g;
	grid_init(&g, 10, 3);
	/* A region of 3 cells holds one wide character and a blank. */
	grid_fill(&g, 0, 0, 10, "x", 0, 0);
	assert_int_equal(grid_text(&g, 2, 0, 3, HELLO, 0, 0, NULL), 3);
	assert_string_equal(row(&g, 0), "xx\xe4\xbd\xa0 xxxxx");
	/* The grid's right edge: a wide character in the last column is a
	 * blank. */
	assert_int_equal(grid_put(&g, 9, 1, 0x4f60, 0, 0), 1);
	assert_int_equal(at(&g, 9, 1)->ch, ' ');
	assert_int_equal(at(&g, 9, 1)->part, CELL_WHOLE);
	/* An odd width: every width from 0 to 10 writes at most that. */
	for (int w = 0; w <= 10; w++) {
		grid_clear(&g);
		int n = grid_text(&g, 0, 2, w, HELLO COMMA WORLD, 0, 0, NULL);
		assert_true(n <= w);
		assert_true(w - n <= 1 || n == 10);
		for (int x = w; x < 10; x++)
			assert_int_equal(at(&g, x, 2)->ch, ' ');
		assert_whole(&g);
	}
	grid_free(&g);
}

static void test_overwrite_half_blanks_other(void **state)
{
	(void)state;
	struct grid g;
	grid_init(&g, 10, 1);
	grid_text(&g, 0, 0, 10, HELLO WORLD, 0, 0, NULL);
	/* Over the right half of 好 (cells 2-3): its left becomes blank. */
	grid_put(&g, 3, 0, 'x', 0, 0);
	assert_string_equal(row(&g, 0), "\xe4\xbd\xa0 x" WORLD);
	assert_whole(&g);
	/* Over the left half of 世 (cells 4-5): its right becomes blank. */
	grid_put(&g, 4, 0, 'y', 0, 0);
	assert_string_equal(row(&g, 0), "\xe4\xbd\xa0 xy \xe7\x95\x8c");
	assert_whole(&g);
	/* A wide character astride two others blanks both outer halves. */
	grid_clear(&g);
	grid_text(&g, 0, 0, 10, HELLO WORLD, 0, 0, NULL);
	grid_put(&g, 1, 0, 0x4e16, 0, 0);
	assert_string_equal(row(&g, 0), " \xe4\xb8\x96 " WORLD);
	assert_whole(&g);
	/* A rule through wide text leaves no halves either. */
	grid_fill(&g, 0, 3, 6, "-", 0, 0);
	assert_whole(&g);
	assert_string_equal(row(&g, 0), " \xe4\xb8\x96---\xe7\x95\x8c");
	grid_free(&g);
}

static void test_ellipsis_by_cells(void **state)
{
	(void)state;
	struct grid g;
	grid_init(&g, 20, 1);
	/* 10 cells into 6: 你好 and the ellipsis, one blank before it
	 * where ， does not fit whole. */
	assert_int_equal(
	        grid_text(&g, 0, 0, 6, HELLO COMMA WORLD, 0, 0, "\xe2\x80\xa6"),
	        6);
	assert_string_equal(row(&g, 0), HELLO " \xe2\x80\xa6");
	grid_clear(&g);
	assert_int_equal(grid_text(&g, 0, 0, 7, HELLO COMMA WORLD, 0, 0, "~"),
	                 7);
	assert_string_equal(row(&g, 0), HELLO COMMA "~");
	/* ASCII as before: the last cell is the ellipsis. */
	grid_clear(&g);
	assert_int_equal(grid_text(&g, 0, 0, 5, "abcdefgh", 0, 0, "~"), 5);
	assert_string_equal(row(&g, 0), "abcd~");
	grid_free(&g);
}

static void test_marks_and_controls(void **state)
{
	(void)state;
	struct grid g;
	grid_init(&g, 10, 1);
	/* A combining mark takes no cell; a control is shown as U+FFFD;
	 * a bad byte too. */
	assert_int_equal(
	        grid_text(&g, 0, 0, 10, "e\xcc\x81\tx\xff", 0, 0, NULL), 4);
	assert_int_equal(at(&g, 0, 0)->ch, 'e');
	assert_int_equal(at(&g, 1, 0)->ch, 0xfffd);
	assert_int_equal(at(&g, 2, 0)->ch, 'x');
	assert_int_equal(at(&g, 3, 0)->ch, 0xfffd);
	grid_free(&g);
}

static void test_attributes_of_both_halves(void **state)
{
	(void)state;
	struct grid g;
	grid_init(&g, 6, 1);
	grid_text(&g, 0, 0, 6, HELLO, ATTR_BOLD, COLOR_CLIENT, NULL);
	grid_mark(&g, 0, 0, 6, ATTR_REVERSE);
	for (int x = 0; x < 4; x++) {
		assert_int_equal(at(&g, x, 0)->attr, ATTR_BOLD | ATTR_REVERSE);
		assert_int_equal(at(&g, x, 0)->color, COLOR_CLIENT);
	}
	grid_free(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_wide_takes_two_cells),
	        cmocka_unit_test(test_straddle_writes_blank),
	        cmocka_unit_test(test_overwrite_half_blanks_other),
	        cmocka_unit_test(test_ellipsis_by_cells),
	        cmocka_unit_test(test_marks_and_controls),
	        cmocka_unit_test(test_attributes_of_both_halves),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
