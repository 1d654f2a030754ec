/*
 * session.h - the one place where events meet.
 *
 * Sources (a capture file, a live capture, the scripted actors, a
 * recording's events file, a lesson's director) only report to the
 * session; views (view.h) only read what it hands them. The session
 * orders events in time, holding back what must wait until the capture
 * has been read past it; it decodes frames, tracks connections and their
 * states (conntrack), fills in what the kernel's states mean beside the
 * segments, keeps the origin, the step count and the totals, and hands
 * the streams' final records over in id order at the end. Every event
 * goes to every attached view: a screen, a recording and a judge at once.
 *
 * Demo, lessons and replay differ only in their sources. Pure but for an
 * optional lock (sources on other threads) and the stream store's
 * temporary file.
 */
#ifndef TCPVIZ_SESSION_H
#define TCPVIZ_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "event.h"
#include "frame.h"
#include "view.h"

struct session_config {
	const char *title; /* for the views' begin(); may be NULL */
	int steps;         /* a lesson's number of steps, else 0 */
	int link_type;     /* of the frames session_frame() is given */
	/* One of several captures (view.h's session_info): its name and
	 * number from 1, of files; 0 files for a single source. */
	const char *file;
	int file_number, files;
	/* Calls, kernel states and narration are reported from threads
	 * other than the one that reads frames and releases events. */
	bool threaded;
};

struct session;

struct session *session_new(const struct session_config *cfg);
/* Free the session; the views are the caller's (destroy them after). */
void session_free(struct session *s);

/* Attach a view (not owned): it is told of every actor already known
 * and sees every event from now on. Attach views before the first
 * event. */
void session_attach(struct session *s, struct view *v);

/* Make an actor known (label copied; pid, tid 0 and prog NULL where
 * there is none); the record lives as long as the session. */
const struct actor *session_actor(struct session *s, const char *label, int pid,
                                  int tid, const char *prog);
/* The actor of that label, or NULL. */
const struct actor *session_actor_find(const struct session *s,
                                       const char *label);

/*
 * What sources report. A frame is decoded and counted (filtered out,
 * skipped by reason) and its segment handed on at once, in the order
 * frames come, after every held event earlier than it. Calls, kernel
 * states and narration are held, in time order, until a frame or
 * session_release() passes their time. With cfg.threaded these three
 * may be called from any thread.
 */
void session_frame(struct session *s, const struct frame *f);
void session_call(struct session *s, const struct call_event *ev);
void session_kstate(struct session *s, const struct kstate_event *ev);
void session_narration(struct session *s, int64_t ts_ns, int step,
                       enum narration_kind kind, const char *text);
/* A traced program's process event (held like a call). */
void session_note(struct session *s, const struct note_event *ev);

/* Hand on every held event at or before until_ns (epoch ns): the
 * capture has been read up to there. */
void session_release(struct session *s, int64_t until_ns);

/* The end: every held event, the streams' final records in id order,
 * then each view's finish() with the totals. Once. */
void session_finish(struct session *s);
bool session_finished(const struct session *s);

/* The counts so far; a source sets what only it knows (cut_off,
 * dropped) before session_finish(). */
struct session_totals *session_totals(struct session *s);
/* Wall-clock time of t = 0, once anything has happened (else 0). */
int64_t session_origin(const struct session *s);
/* The stream records could not be kept for the end of the output. */
bool session_store_failed(const struct session *s);

#endif
