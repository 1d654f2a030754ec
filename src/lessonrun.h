/*
 * lessonrun.h - a lesson played on the demo's actors: its steps as actor
 * steps, what each step made happen, and whether the kernel met the
 * lesson's expectations.
 *
 * Pure: the director (demo.c) runs the steps and hands every event here
 * as it hands it to the views; this module only records and judges.
 */
#ifndef TCPVIZ_LESSONRUN_H
#define TCPVIZ_LESSONRUN_H

#include <stdbool.h>
#include <stdint.h>

#include "actors.h"
#include "conntrack.h"
#include "lesson.h"
#include "outbuf.h"

/* A step whose call is this makes no call: it waits step.arg ms. */
#define LESSONRUN_SLEEP CALL_KIND_COUNT

struct lessonrun;

/* The lesson's steps as actor steps (owned by the lessonrun). */
struct lessonrun *lessonrun_new(const struct lesson *l);
const struct step *lessonrun_steps(const struct lessonrun *lr, int *count);
void lessonrun_free(struct lessonrun *lr);

/* The director's reports, on the capture's clock. */
void lessonrun_started(struct lessonrun *lr, int step, int64_t ts_ns);
void lessonrun_settled(struct lessonrun *lr, int step, bool blocked);
void lessonrun_segment(struct lessonrun *lr, const struct seg_event *ev);
void lessonrun_call(struct lessonrun *lr, const struct call_event *ev);
void lessonrun_kstate(struct lessonrun *lr, const struct kstate_event *ev);

/* Judge every expectation; write one line per failed one (and a
 * summary) to out. Returns the number that failed. */
int lessonrun_report(const struct lessonrun *lr, const char *name,
                     struct outbuf *out);

#endif
