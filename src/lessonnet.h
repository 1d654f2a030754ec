/*
 * lessonnet.h - a lesson's own network namespace, made ready before its
 * first step: the "sysctl" settings it names, and the hold (wirehold.h)
 * its "both" steps need.
 */
#ifndef TCPVIZ_LESSONNET_H
#define TCPVIZ_LESSONNET_H

#include <stddef.h>

#include "lesson.h"
#include "netns.h"
#include "wirehold.h"

/*
 * Make lesson l's settings in the namespace tcpviz entered (kind), and
 * open the hold into *hold when a step needs it (else NULL). 0; or -1
 * with one line in err naming what this kernel or namespace refused and
 * `tcpviz lesson NAME --replay`, which plays the lesson's recording. A
 * NULL lesson (the demo) needs nothing.
 */
int lessonnet_prepare(const struct lesson *l, const char *name,
                      enum netns_kind kind, struct wirehold **hold, char *err,
                      size_t errlen);

#endif
