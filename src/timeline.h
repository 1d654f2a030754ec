/*
 * timeline.h - every row the screen can show, kept so a user can step
 * back and forth: segments, socket calls and the kernel's states, in
 * time order.
 *
 * The timeline is a view (view.h): the model writes into it exactly as
 * into the JSON Lines writer, and the ncurses screen reads it. Pure: no
 * I/O. Rows are compact (a segment row holds what the screen needs, its
 * TCP options packed into a side arena) so a capture of millions of
 * segments fits in memory.
 *
 * Display rows: every row gets a line of its own. A blocking call's
 * return (accept, connect, recv) is also linked to the segment that
 * released it, the latest segment that reached the caller's side after
 * the call was entered (timeline_released_by, tl_segment.released).
 */
#ifndef TCPVIZ_TIMELINE_H
#define TCPVIZ_TIMELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conntrack.h"
#include "event.h"
#include "view.h"

/* TL_STEP: where a lesson's step starts (a line of its own). TL_FILE:
 * where one of several captures starts (a line of its own). TL_NOTE: a
 * traced program's process event (event.h: output, fork, exit). */
enum tl_kind { TL_SEGMENT, TL_CALL, TL_KSTATE, TL_STEP, TL_FILE, TL_NOTE };

#define TL_NONE UINT32_MAX

/* What the screen shows of one segment. */
struct tl_segment {
	uint64_t frame;
	uint32_t stream;
	uint32_t seq, ack, rseq, rack;
	uint32_t len;
	uint32_t opts;     /* into the options arena; TL_NONE: no options */
	uint32_t payload;  /* its first bytes, in the arena; TL_NONE: none */
	uint32_t released; /* the call-return row it released, or TL_NONE */
	uint16_t win, urp, cksum, flags;
	uint16_t analysis; /* AN_* bits */
	uint8_t hdr_len, role;
	uint8_t src_before, src_after, dst_before, dst_after; /* tcp_state */
	bool c2s, truncated, new_stream;
	const char *malformed; /* static string or NULL */
};

struct tl_row {
	uint8_t kind; /* enum tl_kind */
	int64_t t_ns; /* since the first event */
	union {
		struct tl_segment seg;
		uint32_t index; /* call, kstate, step or file: into its array */
	} u;
};

struct timeline;

struct timeline *timeline_new(void);
void timeline_free(struct timeline *tl);

/* The view to hand the model; finish() marks the timeline complete. */
struct view *timeline_view(struct timeline *tl);

/* Every row, in time order. */
size_t timeline_count(const struct timeline *tl);
const struct tl_row *timeline_row(const struct timeline *tl, size_t i);
const struct call_event *timeline_call(const struct timeline *tl,
                                       const struct tl_row *r);
const struct kstate_event *timeline_kstate(const struct timeline *tl,
                                           const struct tl_row *r);
const struct note_event *timeline_note(const struct timeline *tl,
                                       const struct tl_row *r);
/* The segment's TCP options, unpacked (all zero when it had none). */
void timeline_options(const struct timeline *tl, const struct tl_row *r,
                      struct tcpopts *out);
/* The first bytes of the segment's payload as captured, copied into out
 * (room for SEGMENT_PAYLOAD_MAX); returns how many (0: none). */
size_t timeline_payload(const struct timeline *tl, const struct tl_row *r,
                        uint8_t *out);
/* For a call return row: the segment row that released it, or TL_NONE. */
uint32_t timeline_released_by(const struct timeline *tl, size_t row);

/* Rows with a line of their own (see above), and the row of each. */
size_t timeline_display_count(const struct timeline *tl);
size_t timeline_display_row(const struct timeline *tl, size_t display);
/* The display line of a row (a row without one: the next line's). */
size_t timeline_display_of(const struct timeline *tl, size_t row);

/* The newest call entered and not returned from by any actor on this
 * side: its enter row, or TL_NONE. For a live view's "blocked for
 * 1.2 s". */
uint32_t timeline_pending(const struct timeline *tl, enum side side);
/* The kernel's state of the socket a call row is on (its side and fd),
 * as last read before that row; -1 when the kernel was not asked. */
int timeline_fd_state(const struct timeline *tl, size_t row);
/* Whether the call entered at row has not returned yet. */
bool timeline_call_pending(const struct timeline *tl, size_t row);

/* Streams seen so far, by id: endpoints, states after the latest
 * segment, segment counts. */
uint32_t timeline_stream_count(const struct timeline *tl);
const struct stream_info *timeline_stream(const struct timeline *tl,
                                          uint32_t id);

/* Counts as at the end (valid once finished). */
bool timeline_finished(const struct timeline *tl);
const struct session_totals *timeline_totals(const struct timeline *tl);

/*
 * A lesson's narration (event.h), kept aside: only a step's start is a
 * row (TL_STEP). At most TIMELINE_NARRATION_MAX entries are kept (a
 * lesson has a few dozen; a hostile recording may not).
 */
#define TIMELINE_NARRATION_MAX 65536

struct tl_narration {
	int step; /* 0-based */
	enum narration_kind kind;
	char *text;   /* owned by the timeline */
	uint32_t row; /* STEP: its row; others: rows there were before it */
};

size_t timeline_narration_count(const struct timeline *tl);
const struct tl_narration *timeline_narration(const struct timeline *tl,
                                              size_t i);
/* The latest text of this kind for step, or NULL. */
const char *timeline_narration_text(const struct timeline *tl, int step,
                                    enum narration_kind kind);
/* The step a display line belongs to: that of the last step row at or
 * before it; -1 before the first (or without steps). */
int timeline_step_of_line(const struct timeline *tl, size_t line);
/* The display line of step's row, or SIZE_MAX when it has not started. */
size_t timeline_step_line(const struct timeline *tl, int step);
/* The highest step started so far (-1: none). */
int timeline_last_step(const struct timeline *tl);
/* How many steps the lesson has, as the session said (else 0); with
 * several captures, of all of them. */
int timeline_steps(const struct timeline *tl);

/* Wall-clock time of t = 0, as the session said (0 before it began);
 * of the first capture when there are several. */
int64_t timeline_origin(const struct timeline *tl);

/*
 * Several captures replayed one after another, each a session of its
 * own (view.h, session_info.file): each has its own t = 0, its streams
 * and steps numbered from 0 in it. The timeline counts streams and
 * steps on across them (a row's stream is the timeline's number; the
 * stream record keeps the capture's own id) and keeps where each capture
 * starts. One entry for every session, so one for a single capture.
 */
struct tl_file {
	char *name;
	int number, files;     /* from 1, of how many (1: a single one) */
	uint32_t row;          /* its first row (TL_FILE when files > 1) */
	uint32_t first_stream; /* the timeline's number of its stream 0 */
	int first_step, steps; /* the same for its steps; how many */
	int64_t origin_ns;
};

size_t timeline_file_count(const struct timeline *tl);
const struct tl_file *timeline_file(const struct timeline *tl, size_t i);
/* The capture a row or a stream (the timeline's number) is from; NULL
 * before any began. */
const struct tl_file *timeline_file_of_row(const struct timeline *tl,
                                           size_t row);
const struct tl_file *timeline_file_of_stream(const struct timeline *tl,
                                              uint32_t id);
/* How many streams a capture has (f NULL: the timeline). */
uint32_t timeline_file_streams(const struct timeline *tl,
                               const struct tl_file *f);
/* Wall-clock time of t = 0 of the capture row is from. */
int64_t timeline_origin_at(const struct timeline *tl, size_t row);
/* A step (the timeline's number) as its capture's lesson counts it:
 * n from 1, of total (0: not known). */
void timeline_step_number(const struct timeline *tl, int step, int *n,
                          int *total);

#endif
