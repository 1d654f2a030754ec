/*
 * ui_lesson.c - the lesson pane: beside the timeline from 120 columns
 * (a bar down its left edge), below it on smaller screens (a rule with
 * its name above it), with the selected step's words (ui_lesson.h).
 *
 * Must not call ncurses or do I/O; it answers no key of its own (Space
 * and b move through the steps in the timeline panel).
 */
#include "ui_lesson.h"

#include <stdio.h>
#include <string.h>

#include "explain.h"
#include "i18n.h"
#include "ui_text.h"
#include "utf8.h"

enum {
	LINE_MAX = 512,
	AIRY_ROWS = 12, /* from this many rows, blank lines between */
};

/* The return of the call entered at line, within the step (which ends
 * before line end), or NULL while it has not returned. */
static const struct call_event *ui_lesson_return(const struct timeline *tl,
                                                 const struct call_event *c,
                                                 size_t line, size_t end)
{
	for (size_t l = line + 1; l < end; l++) {
		size_t row;
		const struct call_event *r =
		        timeline_call(tl, screen_line_row(tl, l, &row));
		if (r != NULL && !r->enter && r->call == c->call &&
		    r->side == c->side && r->actor == c->actor)
			return r;
	}
	return NULL;
}

/* What the call a step made does, for a step the lesson says nothing
 * of: its first line after the step's own; or, when it failed, what
 * its error means (in buf). */
static const char *ui_lesson_call_why(const struct timeline *tl, int step,
                                      char *buf, size_t cap)
{
	size_t line = timeline_step_line(tl, step);
	size_t count = timeline_display_count(tl);
	if (line == SIZE_MAX || line + 1 >= count)
		return NULL;
	size_t row, end = timeline_step_line(tl, step + 1);
	const struct tl_row *r = screen_line_row(tl, line + 1, &row);
	const struct call_event *c = timeline_call(tl, r);
	if (c == NULL)
		return NULL;
	const struct call_event *ret =
	        ui_lesson_return(tl, c, line + 1, end < count ? end : count);
	if ((ret == NULL || ret->err == 0) && c->call == CALL_RECV &&
	    c->detail != NULL && strstr(c->detail, "MSG_WAITALL") != NULL)
		return _("recv() with MSG_WAITALL waits until all the bytes it "
		         "asks for have come, then returns them at once; it "
		         "returns fewer only at the end of the stream or on an "
		         "error.");
	if (ret == NULL || ret->err == 0)
		return explain_call_on(c->call, timeline_fd_state(tl, row));
	/* TRANSLATORS: a call that failed, then why: "bind(): It failed
	 * with errno EADDRINUSE. ..." */
	snprintf(buf, cap, _("%s(): "), event_call_label(ret));
	explain_return(buf, cap, ret);
	return buf;
}

/* Step s's own words: title, question, narration, answer; while its
 * lines are shown one at a time, only its title and question. */
void ui_lesson_step(struct pane *p, const struct timeline *tl, int s,
                    bool whole)
{
	char line[LINE_MAX];
	const char *t;
	/* Room to breathe between paragraphs when the pane is tall. */
	bool airy = p->rows >= AIRY_ROWS;
	ui_text_step_title(line, sizeof line, tl, s, true);
	pane_para(p, line, ATTR_BOLD);
	if ((t = timeline_narration_text(tl, s, NARRATION_ASK)))
		/* TRANSLATORS: before a question. */
		pane_lead(p, _("Q: "), t, 0);
	if (!whole)
		return;
	char why[LINE_MAX];
	if ((t = timeline_narration_text(tl, s, NARRATION_SAY)) ||
	    (t = ui_lesson_call_why(tl, s, why, sizeof why))) {
		if (airy)
			pane_blank(p);
		pane_para(p, t, 0);
	}
	if ((t = timeline_narration_text(tl, s, NARRATION_ANSWER))) {
		if (airy)
			pane_blank(p);
		/* TRANSLATORS: before the question's answer. */
		pane_lead(p, _("A: "), t, 0);
	}
	t = timeline_narration_text(tl, s, NARRATION_SETTLED);
	if (t && strcmp(t, "blocked") == 0)
		pane_para(p, _("The call is still blocked."), ATTR_DIM);
}

/* At the newest step: the next one's question, or what comes next. */
static void ui_lesson_next(struct pane *p, const struct timeline *tl, int s,
                           const struct screen_state *st)
{
	char line[LINE_MAX];
	const char *t;
	int total = timeline_steps(tl);
	bool settled = s < 0 || timeline_narration_text(
	                                tl, s, NARRATION_SETTLED) != NULL;
	if ((t = timeline_narration_text(tl, s + 1, NARRATION_ASK))) {
		if (p->rows >= AIRY_ROWS)
			pane_blank(p);
		snprintf(line, sizeof line, _("Before step %d:"), s + 2);
		pane_para(p, line, ATTR_BOLD);
		pane_lead(p, _("Q: "), t, 0);
		if (st->stepping)
			pane_para(p, _("Think first; space runs the step."),
			          ATTR_DIM);
	} else if (settled && total > 0 && s + 1 >= total) {
		pane_blank(p);
		pane_para(p, _("That was the last step."), ATTR_DIM);
	} else if (settled && st->stepping) {
		pane_blank(p);
		pane_para(p, _("Space runs the next step."), ATTR_DIM);
	}
}

void ui_lesson_text(struct pane *p, const struct timeline *tl, int s,
                    const struct screen_state *st)
{
	const char *t;
	if (s <= 0 && (t = timeline_narration_text(tl, 0, NARRATION_INTRO))) {
		pane_para(p, t, 0);
		pane_blank(p);
	}
	/* The newest step with lines of its own held back: its answer
	 * waits for them. */
	bool held = s == screen_last_step(tl, st) &&
	            screen_hidden(tl, st) > 0 &&
	            timeline_step_of_line(tl, screen_line_count(tl, st)) == s;
	if (s >= 0)
		ui_lesson_step(p, tl, s, !held);
	if (held) {
		pane_blank(p);
		pane_para(p, _("Space shows the next line."), ATTR_DIM);
	} else if (s == screen_last_step(tl, st)) {
		ui_lesson_next(p, tl, s, st);
	}
}

/* Beside the timeline (r.x > 0): a bar down its left edge; below it: a
 * rule with the pane's name. */
static void ui_lesson_draw(const struct panel_ctx *c, struct rect r)
{
	const struct glyphs *gl = panel_glyphs(c->st);
	struct pane p = {c->g, 0, 0, 0, 0, 0, gl->ellipsis, 0, NULL};
	if (r.x > 0) {
		for (int y = r.y; y < r.y + r.h; y++)
			grid_fill(c->g, y, r.x, r.x + 1, gl->vbar, ATTR_DIM,
			          COLOR_DEFAULT);
		p.x = r.x + 2;
		p.w = r.w - 3;
		p.y = r.y;
		p.rows = r.h;
	} else {
		const char *name = _(" lesson ");
		grid_fill(c->g, r.y, r.x, r.x + r.w, gl->dash, ATTR_DIM,
		          COLOR_DEFAULT);
		grid_text(c->g, r.x + 2, r.y, (int)utf8_width(name), name,
		          ATTR_DIM, COLOR_DEFAULT, NULL);
		p.x = r.x + 1;
		p.w = r.w - 2;
		p.y = r.y + 1;
		p.rows = r.h - 1;
	}
	ui_lesson_text(&p, c->tl, screen_selected_step(c->tl, c->st), c->st);
}

static const enum action ui_lesson_actions[] = {ACTION_NONE};

const struct panel ui_lesson_panel = {
        .name = "lesson",
        .draw = ui_lesson_draw,
        .handle = NULL,
        .key = NULL,
        .actions = ui_lesson_actions,
};
