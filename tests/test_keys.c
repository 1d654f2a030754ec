/*
 * test_keys.c - the key table (one row per action, the status bar's
 * reminder made from it), the panels that answer its actions, and what
 * each action does to the screen state: selection and its clamping at
 * both ends, paging by layout_page_lines, the toggles, the three time
 * formats, the help and the connection picker, a lesson's steps, one
 * line at a time, and an empty timeline.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "keys.h"
#include "layout.h"
#include "panel.h"
#include "screen.h"
#include "timeline.h"

static struct timeline *tl;
static struct grid grid;
static struct screen_state st;

/* Stream s's segment n, client to server; each stream has its own
 * ports so the picker has two rows to choose from. */
static void add_segment(uint32_t s, int n, int64_t t_ns)
{
	struct stream_info si;
	struct segment seg;
	struct seg_event ev;
	memset(&si, 0, sizeof si);
	memset(&seg, 0, sizeof seg);
	memset(&ev, 0, sizeof ev);
	si.id = s;
	si.client.addr.family = si.server.addr.family = 4;
	si.client.port = (uint16_t)(40000 + s);
	si.server.port = 80;
	si.segments = (uint64_t)n + 1;
	seg.flags = n == 0 ? TH_SYN : TH_ACK;
	seg.frame = (uint64_t)(t_ns / 1000);
	ev.seg = &seg;
	ev.stream = &si;
	ev.c2s = true;
	ev.new_stream = n == 0;
	ev.role = n == 0 ? ROLE_HANDSHAKE_1 : ROLE_ACK;
	timeline_view(tl)->segment(timeline_view(tl), &ev, t_ns);
}

static void add_call(enum side a, int64_t t_ns)
{
	struct call_event c;
	memset(&c, 0, sizeof c);
	c.side = a;
	c.call = CALL_SOCKET;
	c.enter = true;
	c.fd = -1;
	timeline_view(tl)->call(timeline_view(tl), &c, t_ns);
}

/* 3 calls, then 30 segments of stream 0 with stream 1's starting at the
 * 20th: 33 display lines. */
static int setup(void **state)
{
	(void)state;
	tl = timeline_new();
	for (int i = 0; i < 3; i++)
		add_call(SIDE_SERVER, i * 10);
	for (int i = 0; i < 30; i++)
		add_segment(i < 20 ? 0 : 1, i < 20 ? i : i - 20,
		            1000 + i * 1000);
	grid_init(&grid, 80, 24);
	memset(&st, 0, sizeof st);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	grid_free(&grid);
	timeline_free(tl);
	return 0;
}

static void apply(enum action a)
{
	layout_apply(a, &st, tl, &grid);
}

static void test_table_maps_every_key(void **state)
{
	(void)state;
	size_t n, keys = 0;
	const struct key_action *ka = keys_table(&n);
	/* One row per action, every action but NONE in it once. */
	assert_int_equal(n, ACTION_COUNT - 1);
	for (size_t i = 0; i < n; i++) {
		assert_true(ka[i].action != ACTION_NONE);
		assert_ptr_equal(keys_row(ka[i].action), &ka[i]);
		for (int k = 0; k < KEYS_PER_ACTION && ka[i].keys[k]; k++) {
			assert_int_equal(keys_action(ka[i].keys[k]),
			                 ka[i].action);
			keys++;
		}
		assert_true(ka[i].keys[0] != 0);
		assert_non_null(ka[i].label);
		assert_true(strlen(ka[i].help) > 3);
	}
	assert_true(keys >= 20);
	assert_null(keys_row(ACTION_NONE));
	assert_int_equal(keys_action(0), ACTION_NONE);
	struct {
		int key;
		enum action a;
	} want[] = {
	        {KEY_CODE_UP, ACTION_UP},
	        {'k', ACTION_UP},
	        {KEY_CODE_DOWN, ACTION_DOWN},
	        {'j', ACTION_DOWN},
	        {'s', ACTION_SLOW},
	        {' ', ACTION_STEP_FORWARD},
	        {'n', ACTION_STEP_FORWARD},
	        {'b', ACTION_STEP_BACK},
	        {'p', ACTION_STEP_BACK},
	        {KEY_CODE_HOME, ACTION_HOME},
	        {'g', ACTION_HOME},
	        {KEY_CODE_END, ACTION_END},
	        {'G', ACTION_END},
	        {KEY_CODE_PAGE_UP, ACTION_PAGE_UP},
	        {KEY_CODE_PAGE_DOWN, ACTION_PAGE_DOWN},
	        {KEY_CODE_ENTER, ACTION_DETAIL},
	        {'r', ACTION_NUMBERS},
	        {'t', ACTION_TIME},
	        {'c', ACTION_PICKER},
	        {'?', ACTION_HELP},
	        {KEY_CODE_ESCAPE, ACTION_CLOSE},
	        {'q', ACTION_QUIT},
	        {KEY_CODE_CTRL_C, ACTION_QUIT},
	        {3, ACTION_QUIT},
	        {'x', ACTION_NONE},
	        {'Q', ACTION_NONE},
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		assert_int_equal(keys_action(want[i].key), want[i].a);
	char hint[128];
	assert_true(keys_status_hint(hint, sizeof hint, 80) > 0);
	assert_non_null(strstr(hint, "? help"));
	assert_non_null(strstr(hint, "q quit"));
	/* Shortened to fit: whole reminders only, "? help" first. */
	struct {
		int width;
		const char *want;
	} fits[] = {
	        {0, ""},
	        {5, ""},
	        {6, "? help"},
	        {13, "? help"},
	        {14, "? help  q quit"},
	        {29, "? help  q quit  Enter details"},
	        {43, "? help  q quit  Enter details"},
	        {44, "? help  q quit  Enter details  c connections"},
	        {200, "? help  q quit  Enter details  c connections"},
	};
	for (size_t i = 0; i < sizeof fits / sizeof fits[0]; i++) {
		keys_status_hint(hint, sizeof hint, fits[i].width);
		assert_string_equal(hint, fits[i].want);
	}
	assert_int_equal(keys_status_hint(hint, 10, 80), 6); /* cap */
	assert_string_equal(hint, "? help");
}

/* The status bar's reminder is the table's: its hinted rows, in rank
 * order, each "KEY WORD". */
static void test_hint_comes_from_table(void **state)
{
	(void)state;
	size_t n;
	const struct key_action *ka = keys_table(&n);
	char want[256] = "", got[256];
	int ranks = 0;
	for (int rank = 1; rank <= (int)n; rank++)
		for (size_t i = 0; i < n; i++)
			if (ka[i].hint_rank == rank) {
				size_t len = strlen(want);
				snprintf(want + len, sizeof want - len,
				         "%s%s %s", ranks++ ? "  " : "",
				         ka[i].hint_key, ka[i].hint);
			}
	assert_true(ranks >= 2);
	keys_status_hint(got, sizeof got, 1000);
	assert_string_equal(got, want);
	assert_int_equal(keys_status_hint_min(), 6); /* "? help" */
	/* Rows reminded have both a key and a word. */
	for (size_t i = 0; i < n; i++)
		assert_true((ka[i].hint_rank > 0) ==
		            (ka[i].hint != NULL && ka[i].hint_key != NULL));
}

/* Every action of the table is answered by a panel (quitting is the
 * shell's), and every panel's actions are in the table. */
static void test_every_action_has_a_panel(void **state)
{
	(void)state;
	const struct panel *panels[] = {
	        &ui_timeline_panel, &ui_detail_panel, &ui_lesson_panel,
	        &ui_help_panel,     &ui_picker_panel, &ui_status_panel,
	};
	size_t n;
	const struct key_action *ka = keys_table(&n);
	for (size_t i = 0; i < n; i++) {
		bool found = ka[i].action == ACTION_QUIT;
		for (size_t p = 0; p < sizeof panels / sizeof *panels; p++)
			for (const enum action *a = panels[p]->actions;
			     *a != ACTION_NONE; a++)
				found = found || *a == ka[i].action;
		if (!found)
			fail_msg("no panel answers %s", ka[i].label);
	}
	for (size_t p = 0; p < sizeof panels / sizeof *panels; p++) {
		assert_non_null(panels[p]->name);
		assert_non_null(panels[p]->draw);
		for (const enum action *a = panels[p]->actions;
		     *a != ACTION_NONE; a++) {
			assert_non_null(keys_row(*a));
			assert_non_null(panels[p]->handle);
		}
	}
}

static void test_select_and_clamp(void **state)
{
	(void)state;
	size_t last = timeline_display_count(tl) - 1;
	assert_int_equal(last, 32);
	apply(ACTION_UP); /* at the top already */
	assert_int_equal(st.selected, 0);
	apply(ACTION_DOWN);
	apply(ACTION_STEP_FORWARD);
	assert_int_equal(st.selected, 2);
	apply(ACTION_STEP_BACK);
	assert_int_equal(st.selected, 1);
	apply(ACTION_END);
	assert_int_equal(st.selected, last);
	apply(ACTION_DOWN);
	apply(ACTION_STEP_FORWARD);
	assert_int_equal(st.selected, last);
	/* The selection stays on screen: the last page shows it. */
	assert_true(st.top + (size_t)layout_page_lines(&st, &grid) > last);
	apply(ACTION_HOME);
	assert_int_equal(st.selected, 0);
	assert_int_equal(st.top, 0);
}

static void test_paging(void **state)
{
	(void)state;
	size_t page = (size_t)layout_page_lines(&st, &grid);
	assert_int_equal(page, 21);
	apply(ACTION_PAGE_DOWN);
	assert_int_equal(st.selected, page);
	apply(ACTION_PAGE_DOWN); /* clamped at the last line */
	assert_int_equal(st.selected, 32);
	apply(ACTION_PAGE_UP);
	assert_int_equal(st.selected, 32 - page);
	apply(ACTION_PAGE_UP);
	assert_int_equal(st.selected, 0);
	/* With the detail pane open a page is shorter. */
	apply(ACTION_DETAIL);
	assert_true(st.detail);
	size_t small = (size_t)layout_page_lines(&st, &grid);
	assert_true(small < page);
	apply(ACTION_PAGE_DOWN);
	assert_int_equal(st.selected, small);
	assert_true(st.selected >= st.top && st.selected < st.top + small);
}

static void test_toggles_and_time(void **state)
{
	(void)state;
	apply(ACTION_DETAIL);
	assert_true(st.detail);
	apply(ACTION_DETAIL);
	assert_false(st.detail);
	apply(ACTION_DETAIL);
	apply(ACTION_CLOSE); /* Escape closes the pane too */
	assert_false(st.detail);
	apply(ACTION_NUMBERS);
	assert_true(st.absolute);
	apply(ACTION_NUMBERS);
	assert_false(st.absolute);
	assert_int_equal(st.time_format, TIME_SINCE_START);
	apply(ACTION_TIME);
	assert_int_equal(st.time_format, TIME_SINCE_PREVIOUS);
	apply(ACTION_TIME);
	assert_int_equal(st.time_format, TIME_WALL_CLOCK);
	apply(ACTION_TIME);
	assert_int_equal(st.time_format, TIME_SINCE_START);
	apply(ACTION_QUIT); /* the shell's: changes nothing here */
	assert_int_equal(st.selected, 0);
	assert_false(st.help || st.picker || st.detail);
}

static void test_help(void **state)
{
	(void)state;
	apply(ACTION_HELP);
	assert_true(st.help);
	/* Any key closes the help, and does nothing else. */
	assert_int_equal(layout_action_for(&st, 'x'), ACTION_HELP);
	assert_int_equal(layout_action_for(&st, 'j'), ACTION_HELP);
	assert_int_equal(layout_action_for(&st, KEY_CODE_CTRL_C), ACTION_QUIT);
	apply(layout_action_for(&st, 'j'));
	assert_false(st.help);
	assert_int_equal(st.selected, 0);
	apply(ACTION_HELP);
	apply(ACTION_NONE);
	assert_false(st.help);
}

static void test_picker(void **state)
{
	(void)state;
	st.selected = 1;
	apply(ACTION_PICKER);
	assert_true(st.picker);
	assert_int_equal(st.picker_selected, 0);
	assert_int_equal(layout_action_for(&st, 't'), ACTION_NONE);
	assert_int_equal(layout_action_for(&st, KEY_CODE_DOWN), ACTION_DOWN);
	assert_int_equal(layout_action_for(&st, KEY_CODE_ESCAPE), ACTION_CLOSE);
	apply(ACTION_UP);
	assert_int_equal(st.picker_selected, 0);
	apply(ACTION_DOWN);
	apply(ACTION_DOWN); /* two streams: clamped */
	assert_int_equal(st.picker_selected, 1);
	assert_int_equal(st.selected, 1); /* the timeline did not move */
	apply(ACTION_DETAIL);             /* Enter: stream 1's first line */
	assert_false(st.picker);
	assert_int_equal(st.selected, 23);
	const struct tl_row *r = timeline_row(tl, timeline_display_row(tl, 23));
	assert_int_equal(r->kind, TL_SEGMENT);
	assert_int_equal(r->u.seg.stream, 1);
	assert_false(st.detail);
	/* Opening it again starts on the selected line's stream. */
	apply(ACTION_PICKER);
	assert_int_equal(st.picker_selected, 1);
	apply(ACTION_CLOSE);
	assert_false(st.picker);
	assert_int_equal(st.selected, 23);
	apply(ACTION_PICKER);
	apply(ACTION_PICKER); /* c again closes it too */
	assert_false(st.picker);
}

static void test_follow(void **state)
{
	(void)state;
	st.follow = true;
	apply(ACTION_END);
	assert_true(st.follow);
	apply(ACTION_UP);
	assert_false(st.follow);
	apply(ACTION_END);
	assert_true(st.follow);
}

static void test_empty_timeline(void **state)
{
	(void)state;
	struct timeline *empty = timeline_new();
	enum action all[] = {ACTION_DOWN,      ACTION_UP,
	                     ACTION_END,       ACTION_HOME,
	                     ACTION_PAGE_UP,   ACTION_PAGE_DOWN,
	                     ACTION_STEP_BACK, ACTION_STEP_FORWARD};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		layout_apply(all[i], &st, empty, &grid);
		assert_int_equal(st.selected, 0);
		assert_int_equal(st.top, 0);
	}
	layout_apply(ACTION_PICKER, &st, empty, &grid);
	layout_apply(ACTION_DOWN, &st, empty, &grid);
	assert_int_equal(st.picker_selected, 0);
	layout_apply(ACTION_DETAIL, &st, empty, &grid);
	assert_false(st.picker);
	assert_int_equal(st.selected, 0);
	timeline_free(empty);
}

static void add_step(int step, const char *what, int64_t t_ns)
{
	struct view *v = timeline_view(tl);
	v->narration(v, step, NARRATION_STEP, what, t_ns);
}

/* A lesson: b and space move by whole steps; space at the newest step
 * asks the source to run the next one. */
static void test_lesson_steps(void **state)
{
	(void)state;
	timeline_free(tl);
	tl = timeline_new();
	add_step(0, "server listen", 0);  /* line 0 */
	add_call(SIDE_SERVER, 1);         /* 1 */
	add_call(SIDE_SERVER, 2);         /* 2 */
	add_step(1, "client connect", 3); /* 3 */
	add_segment(0, 0, 4);             /* 4 */
	add_segment(0, 1, 5);             /* 5 */
	add_step(2, "client close", 6);   /* 6 */
	add_call(SIDE_CLIENT, 7);         /* 7 */
	st.selected = 7;
	st.follow = true;
	assert_true(layout_apply(ACTION_STEP_FORWARD, &st, tl, &grid));
	assert_int_equal(st.selected, 7);
	assert_true(st.follow);
	apply(ACTION_STEP_BACK);
	assert_int_equal(st.selected, 3);
	assert_false(st.follow);
	apply(ACTION_STEP_BACK);
	assert_int_equal(st.selected, 0);
	apply(ACTION_STEP_BACK);
	assert_int_equal(st.selected, 0);
	/* Forward walks the history first, and runs nothing meanwhile. */
	assert_false(layout_apply(ACTION_STEP_FORWARD, &st, tl, &grid));
	assert_int_equal(st.selected, 3);
	assert_false(st.follow);
	assert_false(layout_apply(ACTION_STEP_FORWARD, &st, tl, &grid));
	assert_int_equal(st.selected, 6);
	assert_true(st.follow);
	/* From the middle of a step, back goes to the step before. */
	st.selected = 5;
	apply(ACTION_STEP_BACK);
	assert_int_equal(st.selected, 0);
	/* Up and Down still move a line. */
	apply(ACTION_DOWN);
	assert_int_equal(st.selected, 1);
}

/* Without steps, space at the last line asks for the next live step and
 * elsewhere moves down a line. */
static void test_step_forward_without_lesson(void **state)
{
	(void)state;
	st.selected = 5;
	assert_false(layout_apply(ACTION_STEP_FORWARD, &st, tl, &grid));
	assert_int_equal(st.selected, 6);
	apply(ACTION_END);
	assert_true(layout_apply(ACTION_STEP_FORWARD, &st, tl, &grid));
	assert_int_equal(st.selected, 32);
	apply(ACTION_STEP_BACK);
	assert_int_equal(st.selected, 31);
}

/* One line at a time: s turns it on over what is shown, space shows a
 * line more (not a step's run until all are shown), back keeps them
 * shown, s again shows all. */
static void test_slow(void **state)
{
	(void)state;
	st.follow = true;
	layout_draw(tl, &st, &grid);
	apply(ACTION_SLOW);
	assert_true(st.slow);
	assert_int_equal(screen_line_count(tl, &st), 33);
	assert_int_equal(screen_hidden(tl, &st), 0);
	st.shown = 10; /* as if 23 lines had come since */
	assert_int_equal(screen_hidden(tl, &st), 23);
	layout_draw(tl, &st, &grid);
	assert_int_equal(st.selected, 9);
	assert_int_equal(screen_space(tl, &st), SPACE_SHOWS_LINE);
	assert_false(layout_apply(ACTION_STEP_FORWARD, &st, tl, &grid));
	assert_int_equal(screen_line_count(tl, &st), 11);
	assert_int_equal(st.selected, 10);
	/* Away from the newest line shown, space moves as ever. */
	apply(ACTION_HOME);
	assert_int_equal(screen_space(tl, &st), SPACE_MOVES);
	assert_false(layout_apply(ACTION_STEP_FORWARD, &st, tl, &grid));
	assert_int_equal(st.selected, 1);
	assert_int_equal(screen_line_count(tl, &st), 11);
	apply(ACTION_END);
	assert_int_equal(st.selected, 10);
	apply(ACTION_STEP_BACK);
	assert_int_equal(screen_line_count(tl, &st), 11);
	while (screen_hidden(tl, &st) > 0)
		assert_false(layout_apply(ACTION_STEP_FORWARD, &st, tl, &grid));
	assert_int_equal(screen_space(tl, &st), SPACE_RUNS_STEP);
	assert_true(layout_apply(ACTION_STEP_FORWARD, &st, tl, &grid));
	st.shown = 4;
	apply(ACTION_SLOW);
	assert_false(st.slow);
	assert_int_equal(screen_line_count(tl, &st), 33);
}

/* A recording revealed a step at a time. */
static void test_reveal(void **state)
{
	(void)state;
	timeline_free(tl);
	tl = timeline_new();
	add_step(0, "server listen", 0);
	add_call(SIDE_SERVER, 1);
	add_step(1, "client connect", 3);
	add_segment(0, 0, 4);
	st.reveal = true;
	st.revealed = 0;
	st.follow = true;
	assert_int_equal(screen_line_count(tl, &st), 0);
	assert_false(layout_apply(ACTION_STEP_FORWARD, &st, tl, &grid));
	assert_int_equal(st.revealed, 1);
	assert_int_equal(screen_line_count(tl, &st), 2);
	assert_false(layout_apply(ACTION_STEP_FORWARD, &st, tl, &grid));
	assert_int_equal(st.revealed, 2);
	assert_int_equal(screen_line_count(tl, &st), 4);
	/* Everything shown: space has nothing more to reveal. */
	layout_apply(ACTION_STEP_FORWARD, &st, tl, &grid);
	assert_int_equal(st.revealed, 2);
	/* Going back does not hide what was revealed. */
	apply(ACTION_STEP_BACK);
	assert_int_equal(st.revealed, 2);
	assert_int_equal(st.selected, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_table_maps_every_key,
	                                        setup, teardown),
	        cmocka_unit_test(test_hint_comes_from_table),
	        cmocka_unit_test(test_every_action_has_a_panel),
	        cmocka_unit_test_setup_teardown(test_select_and_clamp, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_paging, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_toggles_and_time, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_help, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_picker, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_follow, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_lesson_steps, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(
	                test_step_forward_without_lesson, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_reveal, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_slow, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_empty_timeline, setup,
	                                        teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
