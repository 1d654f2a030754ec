/*
 * view.h - what every view of the timeline implements.
 *
 * Sources report to the session (session.h); the session hands each
 * event, in time order, to every view attached to it. A view reads
 * events and draws or writes them: it never decodes, tracks or touches
 * a capture. The JSON Lines writer, the text diagram, the screen's
 * timeline, a lesson's judge and a recording's events file are views; a
 * new export format is one new file and one line in views.c.
 */
#ifndef TCPVIZ_VIEW_H
#define TCPVIZ_VIEW_H

#include <stdint.h>

#include "conntrack.h"
#include "decode.h"
#include "event.h"

/* Counts the session keeps, shown by views at the end. */
struct session_totals {
	uint64_t frames;       /* every frame read from the file */
	uint64_t filtered_out; /* frames the filter expression rejected */
	uint64_t segments;     /* TCP segments shown */
	uint64_t streams;
	uint64_t skipped[DECODE_RESULT_COUNT]; /* by reason; [DECODE_TCP] unused
	                                        */
	uint64_t malformed; /* segments with a malformed header or option */
	uint64_t truncated; /* segments cut by the snap length */
	int link_type;
	int cut_off;     /* the file ended inside a frame */
	int64_t dropped; /* live: packets the kernel dropped; -1 unknown */
};

/* What the session tells its views before the first event. */
struct session_info {
	const char *title; /* the capture's name, a lesson's title; or NULL */
	int steps;         /* a lesson's number of steps; 0 otherwise */
	int64_t origin_ns; /* wall-clock time (epoch ns) of t = 0; 0 when
	                      nothing happened at all */
	/* One of several captures replayed one after another: its name
	 * and number (from 1) of files; files is 0 or 1 for one capture,
	 * whose output then says nothing of files. */
	const char *file;
	int file_number, files;
};

struct view {
	/* Before anything else, once (may be NULL). */
	void (*begin)(struct view *v, const struct session_info *info);
	/* An actor made known, before its first event; ids count from 0
	 * (may be NULL). The record lives as long as the session. */
	void (*actor)(struct view *v, const struct actor *a);
	/* One segment, t_ns after the origin. */
	void (*segment)(struct view *v, const struct seg_event *ev,
	                int64_t t_ns);
	/* A socket call entered or returned. */
	void (*call)(struct view *v, const struct call_event *ev, int64_t t_ns);
	/* The kernel's state of a socket. */
	void (*kstate)(struct view *v, const struct kstate_event *ev,
	               int64_t t_ns);
	/* A lesson's words or a step boundary (event.h) for step (0-based).
	 * May be NULL: a view that shows no narration. */
	void (*narration)(struct view *v, int step, enum narration_kind kind,
	                  const char *text, int64_t t_ns);
	/* A traced program's process event: started, forked, exec'd, a
	 * line of its output, its end (event.h). May be NULL. */
	void (*note)(struct view *v, const struct note_event *ev, int64_t t_ns);
	/* A stream's final record; called in stream id order at the end. */
	void (*stream)(struct view *v, const struct stream_info *s);
	/* After the last stream record. */
	void (*finish)(struct view *v, const struct session_totals *t);
	void (*destroy)(struct view *v);
};

#endif
