/*
 * lessonrun.h - a lesson played on the demo's actors: its steps as actor
 * steps, what each step made happen, and whether the kernel met the
 * lesson's expectations.
 *
 * Pure: the director (demo.c) runs the steps and hands every event to
 * the lessonrun's view as to the other views; a replay of a lesson's
 * recording does the same. This module only records and judges: a step
 * starts at its NARRATION_STEP record and settles at NARRATION_SETTLED,
 * and every event belongs to the last step started before it.
 */
#ifndef TCPVIZ_LESSONRUN_H
#define TCPVIZ_LESSONRUN_H

#include <stdbool.h>
#include <stdint.h>

#include "actors.h"
#include "conntrack.h"
#include "lesson.h"
#include "outbuf.h"
#include "view.h"

/* A step whose call is this makes no call: it waits step.arg ms. */
#define LESSONRUN_SLEEP CALL_KIND_COUNT
/* ... or until its actor's call has returned (at most
 * LESSON_MAX_WAIT_MS). */
#define LESSONRUN_WAIT (CALL_KIND_COUNT + 1)

struct lessonrun;

/* The lesson's steps as actor steps (owned by the lessonrun). */
struct lessonrun *lessonrun_new(const struct lesson *l);
const struct step *lessonrun_steps(const struct lessonrun *lr, int *count);
void lessonrun_free(struct lessonrun *lr);

/* The view that records what each step made happen (owned by the
 * lessonrun; its destroy does nothing). */
struct view *lessonrun_view(struct lessonrun *lr);

/* Judge every expectation; write one line per failed one (and a
 * summary) to out, after the check of the lesson's translations
 * (lessonlang_report(); its verdicts are the same in every language,
 * its words the reader's). Returns the number
 * of expectations that failed and translation problems. */
int lessonrun_report(const struct lessonrun *lr, const char *name,
                     struct outbuf *out);

#endif
