/*
 * eventfile.h - the FILE.events line format that `tcpviz demo --record`
 * writes beside its capture, read back so a replay shows the calls again.
 *
 * Each line is one JSON object, exactly as the JSON Lines view writes
 * call, kstate, narration, output, exit and process records, after a first line
 * that anchors the clock:
 *     {"type":"origin","epoch":1763780000.123456789}
 * (the capture time, in seconds since the epoch, of t = 0). Pure: parses
 * one line at a time, no I/O.
 */
#ifndef TCPVIZ_EVENTFILE_H
#define TCPVIZ_EVENTFILE_H

#include <stdint.h>

#include "event.h"

enum eventfile_kind {
	EVENTFILE_ORIGIN,
	EVENTFILE_CALL,
	EVENTFILE_KSTATE,
	EVENTFILE_NARRATION,
	EVENTFILE_NOTE,  /* a traced program's output, exit or process */
	EVENTFILE_OTHER, /* a record of a kind this version does not show */
	EVENTFILE_BAD
};

struct eventfile_record {
	enum eventfile_kind kind;
	int64_t ns; /* origin: epoch ns; others: t in ns from the origin */
	struct call_event call; /* its detail is the record's own */
	char *detail;           /* malloc'd: eventfile_record_free */
	struct kstate_event kstate;
	struct {
		int step; /* 0-based (the file says 1-based) */
		enum narration_kind kind;
		char *text; /* malloc'd: eventfile_record_free */
	} narration;
	struct note_event note; /* its text is the record's own */
	char *note_text;        /* malloc'd */
	/* A traced program's process, named in call, kstate and note
	 * records ("who", "pid", "tid", "prog"); who is NULL for the
	 * scripted actors. malloc'd. */
	char *who, *prog;
	long pid, tid;
};

/* Parse one line; on EVENTFILE_BAD, *why says what was wrong (static). */
enum eventfile_kind eventfile_parse(const char *line,
                                    struct eventfile_record *out,
                                    const char **why);
/* Free what a record holds (any record may be passed). */
void eventfile_record_free(struct eventfile_record *r);

#endif
