/*
 * test_lessonpane.c - every lesson's words fit the screen a class sees.
 *
 * At 80x24 the lesson pane sits below the timeline and shows the newest
 * step's title, question, narration and answer, then the next step's
 * question. The pane cuts what does not fit, so a step that says too
 * much loses its answer off the bottom of the projector. Each step of
 * each lesson in lessons/, in English and in Chinese, is drawn as the
 * newest step and its answer must be there from its first word to its
 * last.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid.h"
#include "layout.h"
#include "lesson.h"
#include "timeline.h"
#include "util.h"

#define LESSONS_DIR "lessons/"

static char *read_all(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	char *buf = NULL;
	size_t cap = 0, n = 0, got;
	do {
		if (n == cap)
			buf = xrealloc(buf, cap = cap ? cap * 2 : 8192);
		got = fread(buf + n, 1, cap - n, fp);
		n += got;
	} while (got > 0);
	fclose(fp);
	*len = n;
	return buf;
}

/* The screen's rows as text, after the pane's rule, in one string. */
static char *pane_text(const struct grid *g)
{
	char row[2048];
	size_t cap = (size_t)g->height * sizeof row, len = 0;
	char *out = xcalloc(1, cap + 1);
	bool below = false;
	for (int y = 0; y < g->height; y++) {
		grid_row_text(g, y, row, sizeof row);
		if (strstr(row, " lesson ") != NULL && !below) {
			below = true;
			continue;
		}
		if (!below)
			continue;
		size_t n = strlen(row);
		memcpy(out + len, row, n);
		len += n;
		out[len++] = '\n';
	}
	return out;
}

/* text without its blanks and line ends: a wrapped line reads the same
 * as the text it came from, in either script. */
static void squash(char *text)
{
	char *o = text;
	for (const char *p = text; *p; p++)
		if (*p != ' ' && *p != '\n')
			*o++ = *p;
	*o = '\0';
}

/* The first or last six code points of text, into out. */
static void edge(const char *text, bool last, char *out, size_t cap)
{
	size_t len = strlen(text), from = 0, to = len, p = last ? len : 0;
	for (int c = 0; c < 6; c++) {
		if (last && p > 0) {
			do
				p--;
			while (p > 0 && (text[p] & 0xC0) == 0x80);
		} else if (!last && p < len) {
			do
				p++;
			while (p < len && (text[p] & 0xC0) == 0x80);
		}
	}
	if (last)
		from = p;
	else
		to = p;
	snprintf(out, cap, "%.*s", (int)(to - from), text + from);
}

/* Whether the newest step s, drawn at 80x24, shows its answer whole. */
static bool answer_shown(const struct lesson *l, size_t s, char *why,
                         size_t cap)
{
	struct timeline *tl = timeline_new();
	struct view *v = timeline_view(tl);
	v->begin(v, &(struct session_info){.title = l->title,
	                                   .steps = (int)l->nsteps});
	int64_t t = 1000;
	for (size_t i = 0; i <= s; i++) {
		const struct lesson_step *ls = &l->steps[i];
		char text[160];
		lesson_step_text(ls, text, sizeof text);
		if (i == 0 && l->intro)
			v->narration(v, 0, NARRATION_INTRO, l->intro, t);
		if (ls->ask)
			v->narration(v, (int)i, NARRATION_ASK, ls->ask, t);
		v->narration(v, (int)i, NARRATION_STEP, text, t += 1000);
		v->narration(v, (int)i, NARRATION_SETTLED, "returned",
		             t += 1000);
		if (ls->say)
			v->narration(v, (int)i, NARRATION_SAY, ls->say, t);
		if (ls->answer)
			v->narration(v, (int)i, NARRATION_ANSWER, ls->answer,
			             t);
	}
	if (s + 1 < l->nsteps && l->steps[s + 1].ask)
		v->narration(v, (int)s + 1, NARRATION_ASK, l->steps[s + 1].ask,
		             t);
	struct screen_state st;
	memset(&st, 0, sizeof st);
	st.title = l->title;
	st.follow = true;
	st.stepping = true;
	struct grid g;
	grid_init(&g, 80, 24);
	layout_draw(tl, &st, &g);
	char *pane = pane_text(&g), *answer = xstrdup(l->steps[s].answer);
	squash(answer);
	char first[64], last[64];
	edge(answer, false, first, sizeof first);
	edge(answer, true, last, sizeof last);
	free(answer);
	char *flat = xstrdup(pane);
	squash(flat);
	const char *at = strstr(flat, first);
	bool ok = at != NULL && strstr(at, last) != NULL;
	free(flat);
	if (!ok)
		snprintf(why, cap, "step %zu: answer '%s'...'%s' not in:\n%s",
		         s + 1, first, last, pane);
	free(pane);
	grid_free(&g);
	timeline_free(tl);
	return ok;
}

static void test_every_answer_fits_80x24(void **state)
{
	(void)state;
	DIR *d = opendir(LESSONS_DIR);
	assert_non_null(d);
	int lessons = 0, answers = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		if (n < 8 || strcmp(e->d_name + n - 7, ".lesson") != 0)
			continue;
		char path[512], err[512], why[4096];
		snprintf(path, sizeof path, LESSONS_DIR "%s", e->d_name);
		size_t len;
		char *text = read_all(path, &len);
		struct lesson *l =
		        lesson_parse(text, len, path, err, sizeof err);
		assert_non_null(l);
		lessons++;
		const char *langs[] = {"en", "zh_CN"};
		for (size_t k = 0; k < 2; k++) {
			lesson_localize(l, langs[k]);
			for (size_t s = 0; s < l->nsteps; s++) {
				if (l->steps[s].answer == NULL)
					continue;
				answers++;
				if (!answer_shown(l, s, why, sizeof why))
					fail_msg("%s (%s) %s", path, langs[k],
					         why);
			}
		}
		lesson_free(l);
		free(text);
	}
	closedir(d);
	assert_true(lessons >= 24);
	assert_true(answers > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_every_answer_fits_80x24),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
