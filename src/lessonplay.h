/*
 * lessonplay.h - a lesson over its recording instead of live sockets.
 */
#ifndef TCPVIZ_LESSONPLAY_H
#define TCPVIZ_LESSONPLAY_H

#include <stdbool.h>

#include "lesson.h"
#include "lessonrun.h"
#include "replay.h"

/* lessonrun_report to standard output (a live --check and a judged
 * recording say the same); returns the number that failed. */
int lessonplay_report(const struct lessonrun *lr, const char *name);

/* Replay opt->path (a recording of lesson l, with its .events) as the
 * options say; with check, judge l's expectations on it instead and
 * report as `tcpviz lesson --check` does. Returns the exit status: 2
 * when the recording is missing or unreadable. */
int lessonplay_run(const struct lesson *l, const char *name,
                   const struct replay_options *opt, bool check);

#endif
