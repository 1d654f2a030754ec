/*
 * explain.h - what a segment, a call, a return, a state or an analysis
 * note means, in plain words, for every view (the screen's detail and
 * lesson panes today; a handout or an export tomorrow).
 *
 * Pure: no I/O, no ncurses, no globals. Everything here is a label for
 * a person and goes through _() (i18n.h); the machine names beside them
 * (endshow_role_name, tcpstate_name, event_call_name) stay with their
 * modules and never change with the language. Functions that take a
 * buffer append whole sentences to what it holds, never past cap.
 */
#ifndef TCPVIZ_EXPLAIN_H
#define TCPVIZ_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conntrack.h"
#include "event.h"
#include "tcpstate.h"

/* What an explanation needs to know of one segment; every view has it
 * (conntrack's seg_event, a timeline row). */
struct explain_seg {
	bool c2s; /* travelled client to server */
	enum seg_role role;
	uint32_t seq;             /* raw: the ISN of a SYN */
	uint32_t rseq, rack, len; /* relative numbers, payload length */
	uint32_t analysis;        /* AN_* bits */
	enum tcp_state src_before, src_after, dst_before, dst_after;
};

/* Which of the teardown's four segments a segment is, as textbooks
 * number them (the first FIN, its ACK, the second FIN, its ACK; 23 for
 * the second and third in one, a FIN that acknowledges a FIN), by its
 * role and the states its ends were in; 0 when none (a simultaneous
 * close, a segment outside the teardown). */
int explain_teardown_step(enum seg_role r, enum tcp_state src_before,
                          enum tcp_state dst_before);
/* The label of a segment that is teardown step `step` (as above; 0:
 * endshow_role_label's). In English the same words; a language that
 * numbers the teardown (四次挥手) numbers them. */
const char *explain_teardown_label(enum seg_role r, int step);

/* "client" or "server", as a person reads it. */
const char *explain_side(bool client);
/* Who made a call or a kernel state, as a person reads it: the actor's
 * label, else its side's. */
const char *explain_who(const struct actor *a, enum side s);
/* Whether a call names who made it: a traced program's process, or a
 * lesson server's child (several actors share the server's side). */
bool explain_named(const struct actor *a);
/* A listener's accept queue, appended to a kernel state's words:
 * ", accept queue 2 (backlog 1)"; nothing when it was not read. */
void explain_queue(char *out, size_t cap, const struct kstate_event *k);
/* Why a listener's accept queue matters (the detail pane). */
const char *explain_queue_why(void);

/* Why the segment was sent and what it does (by its role), what it did
 * to the states ("The server goes to CLOSE_WAIT: ..."), then a sentence
 * for each analysis note. Appends to out. */
void explain_segment(char *out, size_t cap, const struct explain_seg *s);

/* What each analysis note means, by bit (AN_RETRANSMISSION is bit 0):
 * "these sequence numbers were sent before; ...", or NULL for a bit
 * that is none. explain_segment writes it after its machine name:
 * " [retransmission]: these sequence numbers ...". */
const char *explain_analysis(unsigned bit);

/* What a call does, for someone who has not met it: "connect() sends
 * the SYN and waits for the SYN-ACK: ...", or NULL out of range. */
const char *explain_call(enum call_kind c);
/* The same for a call on a socket whose state the kernel last gave as
 * `state` (-1: not known): close() on a listener sends no FIN. */
const char *explain_call_on(enum call_kind c, int state);

/* What a call's return says, in sentences appended to out: the error
 * and what it means ("It failed with errno ECONNREFUSED. ..."), or
 * what the value means (recv() = 0: end of stream). Nothing for an
 * enter. */
void explain_return(char *out, size_t cap, const struct call_event *c);

/* The call a segment released: " It unblocks the client's connect(),
 * which returns 0." (with a leading blank, to follow other sentences). */
void explain_release(char *out, size_t cap, const struct call_event *c);

/* What a TCP state means: "LISTEN: a passive socket ...", or NULL out
 * of range. */
const char *explain_state(enum tcp_state s);

/* Why a capture's stream has its client guessed (no SYN seen). */
const char *explain_guessed_client(void);

/* A call's detail as the sources write it (in English, as JSON Lines
 * and recordings keep it), in the reader's language: "backlog 4", "up
 * to 512 bytes", "15 bytes \"hello\"", "SO_LINGER on, 0 s". An address,
 * or anything else, is copied as it is. */
void explain_detail(char *out, size_t cap, const char *detail);

/* A traced program's process event as one line ("server[3] says: hi"),
 * and what it means. */
void explain_note(char *out, size_t cap, const struct note_event *ev);
const char *explain_note_why(const struct note_event *ev);

#endif
