/*
 * screen.c - the screen's state and the moves keys make (screen.h).
 *
 * Must not draw or know the terminal: sizes (a page's lines) come from
 * the layout, what is drawn from the panels.
 */
#include "screen.h"

/* The lines there are to show, held back or not. */
static size_t screen_all_lines(const struct timeline *tl,
                               const struct screen_state *st)
{
	size_t n = timeline_display_count(tl);
	if (!st->reveal)
		return n;
	size_t upto = timeline_step_line(tl, st->revealed);
	return upto < n ? upto : n;
}

size_t screen_line_count(const struct timeline *tl,
                         const struct screen_state *st)
{
	size_t n = screen_all_lines(tl, st);
	return st->slow && st->shown < n ? st->shown : n;
}

size_t screen_hidden(const struct timeline *tl, const struct screen_state *st)
{
	return screen_all_lines(tl, st) - screen_line_count(tl, st);
}

void screen_set_slow(struct screen_state *st, const struct timeline *tl,
                     bool on)
{
	if (on && !st->slow)
		st->shown = screen_line_count(tl, st);
	st->slow = on;
}

int64_t screen_now(const struct timeline *tl, const struct screen_state *st)
{
	if (screen_hidden(tl, st) == 0)
		return st->now_ns;
	/* Just before the next line held back: as long as a call has been
	 * blocked when that line comes (live, the clock had reached it). */
	return screen_line_row(tl, screen_line_count(tl, st), NULL)->t_ns;
}

/* The return row of the call entered at row: the same actor's next call
 * row (TL_NONE: none yet). */
static size_t screen_return_of(const struct timeline *tl, size_t row)
{
	const struct call_event *c = timeline_call(tl, timeline_row(tl, row));
	size_t n = timeline_count(tl);
	for (size_t i = row + 1, k = 0; c && i < n && k < 4096; i++, k++) {
		const struct call_event *e =
		        timeline_call(tl, timeline_row(tl, i));
		if (e && e->actor == c->actor && e->side == c->side)
			return e->enter ? TL_NONE : i;
	}
	return TL_NONE;
}

bool screen_call_blocked(const struct timeline *tl,
                         const struct screen_state *st, size_t row)
{
	const struct call_event *c = timeline_call(tl, timeline_row(tl, row));
	if (c == NULL || !c->enter)
		return false;
	if (timeline_call_pending(tl, row))
		return true;
	if (screen_hidden(tl, st) == 0)
		return false;
	size_t ret = screen_return_of(tl, row);
	uint32_t seg = ret == TL_NONE ? TL_NONE : timeline_released_by(tl, ret);
	return seg != TL_NONE &&
	       timeline_display_of(tl, seg) >= screen_line_count(tl, st);
}

int screen_last_step(const struct timeline *tl, const struct screen_state *st)
{
	int last = timeline_last_step(tl);
	if (st->reveal && last > st->revealed - 1)
		last = st->revealed - 1;
	if (screen_hidden(tl, st) > 0) {
		size_t n = screen_line_count(tl, st);
		int shown = n ? timeline_step_of_line(tl, n - 1) : -1;
		if (last > shown)
			last = shown;
	}
	return last;
}

const struct tl_row *screen_line_row(const struct timeline *tl, size_t line,
                                     size_t *row)
{
	size_t r = timeline_display_row(tl, line);
	if (row)
		*row = r;
	return timeline_row(tl, r);
}

int screen_selected_step(const struct timeline *tl,
                         const struct screen_state *st)
{
	if (screen_line_count(tl, st) == 0)
		return -1;
	return timeline_step_of_line(tl, st->selected);
}

long screen_row_stream(const struct timeline *tl, const struct tl_row *r)
{
	if (r->kind == TL_SEGMENT)
		return r->u.seg.stream;
	if (r->kind == TL_KSTATE) {
		const struct kstate_event *k = timeline_kstate(tl, r);
		if (k && k->has_inferred)
			return (long)k->stream;
	}
	if (r->kind == TL_CALL) { /* a traced program's, once known */
		const struct call_event *c = timeline_call(tl, r);
		if (c && c->has_stream)
			return (long)c->stream;
	}
	return -1;
}

long screen_stream_near(const struct timeline *tl, size_t line)
{
	size_t n = timeline_display_count(tl);
	if (n == 0)
		return timeline_stream_count(tl) ? 0 : -1;
	if (line >= n)
		line = n - 1;
	/* A few thousand lines each way: a stream is never further. */
	for (size_t i = line + 1, k = 0; i-- > 0 && k < 4096; k++) {
		long s = screen_row_stream(tl, screen_line_row(tl, i, NULL));
		if (s >= 0)
			return s;
	}
	for (size_t i = line + 1, k = 0; i < n && k < 4096; i++, k++) {
		long s = screen_row_stream(tl, screen_line_row(tl, i, NULL));
		if (s >= 0)
			return s;
	}
	return timeline_stream_count(tl) ? 0 : -1;
}

size_t screen_stream_line(const struct timeline *tl, size_t id)
{
	size_t n = timeline_display_count(tl);
	for (size_t i = 0; i < n; i++) {
		const struct tl_row *r = screen_line_row(tl, i, NULL);
		if (r->kind == TL_SEGMENT && r->u.seg.stream == id)
			return i;
	}
	return 0;
}

static size_t screen_last(const struct timeline *tl,
                          const struct screen_state *st)
{
	size_t n = screen_line_count(tl, st);
	return n ? n - 1 : 0;
}

void screen_move(struct screen_state *st, const struct timeline *tl, long delta)
{
	size_t last = screen_last(tl, st);
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

void screen_end(struct screen_state *st, const struct timeline *tl)
{
	st->selected = screen_last(tl, st);
	st->follow = true;
}

/* Whether the selection is at the newest of what is shown: the newest
 * line, or in a lesson the newest step. */
static bool screen_at_newest(const struct timeline *tl,
                             const struct screen_state *st)
{
	int last = screen_last_step(tl, st);
	if (last < 0 || screen_line_count(tl, st) == 0)
		return st->selected >= screen_last(tl, st);
	return timeline_step_of_line(tl, st->selected) >= last;
}

enum screen_space screen_space(const struct timeline *tl,
                               const struct screen_state *st)
{
	if (!screen_at_newest(tl, st))
		return SPACE_MOVES;
	if (screen_hidden(tl, st) > 0)
		return SPACE_SHOWS_LINE;
	if (st->reveal && screen_last_step(tl, st) < timeline_last_step(tl))
		return SPACE_REVEALS_STEP;
	return SPACE_RUNS_STEP;
}

bool screen_step_forward(struct screen_state *st, const struct timeline *tl)
{
	int last = screen_last_step(tl, st);
	switch (screen_space(tl, st)) {
	case SPACE_SHOWS_LINE:
		st->shown = screen_line_count(tl, st) + 1;
		screen_end(st, tl);
		return false;
	case SPACE_REVEALS_STEP: /* a recording's step: revealed, not run */
		st->revealed = last + 2;
		st->follow = true;
		return false;
	case SPACE_RUNS_STEP:
		if (last < 0 || screen_line_count(tl, st) == 0)
			screen_move(st, tl, 1);
		else
			screen_end(st, tl);
		return true;
	case SPACE_MOVES:
		break;
	}
	if (last < 0 || screen_line_count(tl, st) == 0) {
		screen_move(st, tl, 1);
		return false;
	}
	int s = timeline_step_of_line(tl, st->selected);
	size_t line = timeline_step_line(tl, s + 1);
	if (line != SIZE_MAX && line < screen_line_count(tl, st))
		st->selected = line;
	st->follow = s + 1 >= last;
	return false;
}

void screen_step_back(struct screen_state *st, const struct timeline *tl)
{
	if (timeline_last_step(tl) < 0) {
		screen_move(st, tl, -1);
		return;
	}
	int s = timeline_step_of_line(tl, st->selected);
	size_t line = s > 0 ? timeline_step_line(tl, s - 1) : 0;
	st->selected = line == SIZE_MAX ? 0 : line;
	st->follow = false;
}

void screen_scroll(struct screen_state *st, size_t page)
{
	if (st->selected < st->top)
		st->top = st->selected;
	else if (st->selected >= st->top + page)
		st->top = st->selected - page + 1;
}

void screen_settle(const struct timeline *tl, struct screen_state *st,
                   size_t page)
{
	size_t n = screen_line_count(tl, st);
	if (st->follow && n)
		st->selected = n - 1;
	if (st->selected >= n)
		st->selected = n ? n - 1 : 0;
	screen_scroll(st, page);
	if (n > page && st->top > n - page)
		st->top = n - page;
	if (n <= page)
		st->top = 0;
}
