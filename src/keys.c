/*
 * keys.c - the one table of key bindings, and what each action does to
 * the screen state (keys.h).
 *
 * The shell dispatches through this table and the help and status line
 * are drawn from it, so they cannot drift apart. Pure: must not draw,
 * read the terminal or run a live step; it only changes screen_state.
 */
#include "keys.h"

#include <stdint.h>
#include <string.h>

#include "utf8.h"

#define CTRL(c) ((c)&0x1f)

static const struct keybinding keys_bindings[] = {
        {KEY_CODE_UP, "Up/k", ACTION_UP, "select the previous line"},
        {'k', "Up/k", ACTION_UP, "select the previous line"},
        {KEY_CODE_DOWN, "Down/j", ACTION_DOWN, "select the next line"},
        {'j', "Down/j", ACTION_DOWN, "select the next line"},
        {' ', "Space/n", ACTION_STEP_FORWARD,
         "step forward; at the newest, run the next step"},
        {'n', "Space/n", ACTION_STEP_FORWARD,
         "step forward; at the newest, run the next step"},
        {'b', "b/p", ACTION_STEP_BACK, "step back (a lesson: a whole step)"},
        {'p', "b/p", ACTION_STEP_BACK, "step back (a lesson: a whole step)"},
        {KEY_CODE_HOME, "Home/g", ACTION_HOME, "the first line"},
        {'g', "Home/g", ACTION_HOME, "the first line"},
        {KEY_CODE_END, "End/G", ACTION_END,
         "the last line (live: follow the newest)"},
        {'G', "End/G", ACTION_END, "the last line (live: follow the newest)"},
        {KEY_CODE_PAGE_UP, "PgUp", ACTION_PAGE_UP, "one page up"},
        {KEY_CODE_PAGE_DOWN, "PgDn", ACTION_PAGE_DOWN, "one page down"},
        {KEY_CODE_ENTER, "Enter", ACTION_DETAIL,
         "open or close the details of the selected line"},
        {'r', "r", ACTION_NUMBERS, "relative or absolute sequence numbers"},
        {'t', "t", ACTION_TIME,
         "time since start, since the previous line, or clock"},
        {'c', "c", ACTION_PICKER, "choose a connection"},
        {'?', "?", ACTION_HELP, "this help"},
        {KEY_CODE_ESCAPE, "Escape", ACTION_CLOSE,
         "close the details, the picker or the help"},
        {'q', "q/Ctrl-C", ACTION_QUIT, "quit"},
        {KEY_CODE_CTRL_C, "q/Ctrl-C", ACTION_QUIT, "quit"},
        {CTRL('c'), "q/Ctrl-C", ACTION_QUIT, "quit"},
};

const struct keybinding *keys_table(size_t *count)
{
	*count = sizeof keys_bindings / sizeof keys_bindings[0];
	return keys_bindings;
}

enum action keys_action(int key)
{
	size_t n;
	const struct keybinding *kb = keys_table(&n);
	for (size_t i = 0; i < n; i++)
		if (kb[i].key == key)
			return kb[i].action;
	return ACTION_NONE;
}

static bool keys_is_quit(int key)
{
	return key == KEY_CODE_CTRL_C || key == CTRL('c');
}

enum action keys_action_for(const struct screen_state *st, int key)
{
	enum action a = keys_action(key);
	if (st->help)
		return keys_is_quit(key) ? ACTION_QUIT : ACTION_HELP;
	if (!st->picker)
		return a;
	switch (a) {
	case ACTION_UP:
	case ACTION_DOWN:
	case ACTION_DETAIL:
	case ACTION_PICKER:
	case ACTION_CLOSE:
	case ACTION_QUIT:
		return a;
	default:
		return ACTION_NONE;
	}
}

/* The status bar's reminders, most needed first. */
static const char *const keys_hints[] = {
        "? help",
        "q quit",
        "Enter details",
        "c connections",
};

size_t keys_status_hint(char *out, size_t cap, int width)
{
	size_t n = 0, cells = 0;
	if (cap == 0)
		return 0;
	out[0] = '\0';
	for (size_t i = 0; i < sizeof keys_hints / sizeof keys_hints[0]; i++) {
		const char *h = keys_hints[i];
		size_t sep = i ? 2 : 0, w = utf8_width(h), len = strlen(h);
		if (width < 0 || cells + sep + w > (size_t)width ||
		    n + sep + len >= cap)
			break;
		memcpy(out + n, "  ", sep);
		memcpy(out + n + sep, h, len + 1);
		n += sep + len;
		cells += sep + w;
	}
	return n;
}

static size_t keys_last(const struct timeline *tl,
                        const struct screen_state *st)
{
	size_t n = layout_line_count(tl, st);
	return n ? n - 1 : 0;
}

/* Move the selection by delta lines, clamped at both ends. */
static void keys_move(struct screen_state *st, const struct timeline *tl,
                      long delta)
{
	size_t last = keys_last(tl, st);
	if (delta < 0)
		st->selected = (size_t)-delta > st->selected
		                       ? 0
		                       : st->selected - (size_t)-delta;
	else
		st->selected = (size_t)delta > last - st->selected
		                       ? last
		                       : st->selected + (size_t)delta;
	if (st->selected < last)
		st->follow = false;
}

/* The first display line of a stream: its first segment's. */
static size_t keys_stream_line(const struct timeline *tl, size_t id)
{
	size_t n = timeline_display_count(tl);
	for (size_t i = 0; i < n; i++) {
		const struct tl_row *r =
		        timeline_row(tl, timeline_display_row(tl, i));
		if (r->kind == TL_SEGMENT && r->u.seg.stream == id)
			return i;
	}
	return 0;
}

/* Space in a lesson: to the next step's first line; at the newest step,
 * reveal the next recorded one or ask for the next one to run (and
 * follow it). */
static bool keys_step_forward(struct screen_state *st,
                              const struct timeline *tl)
{
	int last = layout_last_step(tl, st);
	if (st->reveal && last < timeline_last_step(tl) &&
	    timeline_step_of_line(tl, st->selected) >= last) {
		st->revealed = last + 2;
		st->follow = true;
		return false;
	}
	if (last < 0 || layout_line_count(tl, st) == 0) {
		bool newest = st->selected >= keys_last(tl, st);
		keys_move(st, tl, 1);
		return newest;
	}
	int s = timeline_step_of_line(tl, st->selected);
	if (s >= last) {
		st->selected = keys_last(tl, st);
		st->follow = true;
		return true;
	}
	size_t line = timeline_step_line(tl, s + 1);
	if (line != SIZE_MAX)
		st->selected = line;
	st->follow = s + 1 >= last;
	return false;
}

/* b in a lesson: to the first line of the step before (or the top). */
static void keys_step_back(struct screen_state *st, const struct timeline *tl)
{
	if (timeline_last_step(tl) < 0) {
		keys_move(st, tl, -1);
		return;
	}
	int s = timeline_step_of_line(tl, st->selected);
	size_t line = s > 0 ? timeline_step_line(tl, s - 1) : 0;
	st->selected = line == SIZE_MAX ? 0 : line;
	st->follow = false;
}

static void keys_picker(enum action a, struct screen_state *st,
                        const struct timeline *tl)
{
	uint32_t n = timeline_stream_count(tl);
	switch (a) {
	case ACTION_UP:
		if (st->picker_selected > 0)
			st->picker_selected--;
		break;
	case ACTION_DOWN:
		if (st->picker_selected + 1 < n)
			st->picker_selected++;
		break;
	case ACTION_DETAIL:
		if (n) {
			st->selected =
			        keys_stream_line(tl, st->picker_selected);
			st->follow = false;
		}
		st->picker = false;
		break;
	case ACTION_PICKER:
	case ACTION_CLOSE:
		st->picker = false;
		break;
	default:
		break;
	}
}

static void keys_open_picker(struct screen_state *st, const struct timeline *tl)
{
	const struct tl_row *r = NULL;
	st->picker = true;
	st->picker_selected = 0;
	/* Start on the connection of the selected line. */
	if (st->selected < timeline_display_count(tl))
		r = timeline_row(tl, timeline_display_row(tl, st->selected));
	if (r && r->kind == TL_SEGMENT)
		st->picker_selected = r->u.seg.stream;
}

bool keys_apply(enum action a, struct screen_state *st,
                const struct timeline *tl, const struct grid *g)
{
	long page = layout_page_lines(st, g);
	bool run = false;
	if (st->help) {
		if (a != ACTION_QUIT)
			st->help = false;
		return false;
	}
	if (st->picker) {
		keys_picker(a, st, tl);
		layout_scroll_to_selection(st, g);
		return false;
	}
	switch (a) {
	case ACTION_DOWN:
		keys_move(st, tl, 1);
		break;
	case ACTION_STEP_FORWARD:
		run = keys_step_forward(st, tl);
		break;
	case ACTION_UP:
		keys_move(st, tl, -1);
		break;
	case ACTION_STEP_BACK:
		keys_step_back(st, tl);
		break;
	case ACTION_HOME:
		keys_move(st, tl, -(long)st->selected);
		break;
	case ACTION_END:
		st->selected = keys_last(tl, st);
		st->follow = true;
		break;
	case ACTION_PAGE_DOWN:
		keys_move(st, tl, page);
		break;
	case ACTION_PAGE_UP:
		keys_move(st, tl, -page);
		break;
	case ACTION_DETAIL:
		st->detail = !st->detail;
		break;
	case ACTION_NUMBERS:
		st->absolute = !st->absolute;
		break;
	case ACTION_TIME:
		st->time_format = (enum time_format)((st->time_format + 1) % 3);
		break;
	case ACTION_PICKER:
		keys_open_picker(st, tl);
		break;
	case ACTION_HELP:
		st->help = true;
		break;
	case ACTION_CLOSE:
		st->detail = false;
		break;
	default:
		break;
	}
	layout_scroll_to_selection(st, g);
	return run;
}
