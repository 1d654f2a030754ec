/*
 * ui_text.h - the words of a timeline line, for every panel that shows
 * one: the timeline itself, the details and the lesson pane.
 *
 * Pure: writes into caller buffers; must not draw.
 */
#ifndef TCPVIZ_UI_TEXT_H
#define TCPVIZ_UI_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "screen.h"
#include "timeline.h"

/* Whether the call entered at row is drawn blocked: it has not
 * returned yet, or (one line at a time) what released it is not shown. */
bool ui_text_blocked(const struct timeline *tl, const struct screen_state *st,
                     size_t row);
/* "connect() = 0", "connect() = -1 ECONNREFUSED"; compact: no blanks. */
void ui_text_return(char *out, size_t cap, const struct call_event *c,
                    bool compact);
/* A call's line: "connect(4, 127.0.0.1:5555) blocked 1.234 s", or its
 * return with how long it took. */
void ui_text_call(char *out, size_t cap, const struct timeline *tl, size_t row,
                  const struct screen_state *st);
/* The kernel's state disagrees with the one the segments gave. */
bool ui_text_mismatch(const struct kstate_event *k);
/* "kernel fd 4: FIN_WAIT_2 != FIN_WAIT_1 inferred". */
void ui_text_kstate(char *out, size_t cap, const struct kstate_event *k);
/* The client's (or the server's) state before and after a segment. */
void ui_text_seg_states(const struct tl_segment *s, bool client,
                        enum tcp_state *before, enum tcp_state *after);
/* What a segment's arrow says: "SYN,ACK seq=0 ack=1 (handshake 2/3)". */
void ui_text_seg_label(char *out, size_t cap, const struct timeline *tl,
                       const struct tl_segment *s,
                       const struct screen_state *st);
/* "step 3 of 9: server listen" (capital: "Step ...", a title); without
 * the count when the lesson's length is unknown. */
void ui_text_step_title(char *out, size_t cap, const struct timeline *tl,
                        int step, bool capital);
/* The time column of a line, in the chosen format. */
void ui_text_time(char *out, size_t cap, const struct timeline *tl,
                  const struct screen_state *st, size_t line);

/* What space does next, where that is news: "Space: the next line (3
 * more)", "Space: step 2 of 3: client connect", "Space: server calls
 * socket()". False (out untouched) when it only moves the selection or
 * nothing waits for it. */
bool ui_text_space_hint(char *out, size_t cap, const struct timeline *tl,
                        const struct screen_state *st);

#endif
