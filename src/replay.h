/*
 * replay.h - a capture file, and the events recorded beside it, through
 * the session to the views: the replay command and the source it uses.
 */
#ifndef TCPVIZ_REPLAY_H
#define TCPVIZ_REPLAY_H

#include <stdbool.h>
#include <stddef.h>

#include "event.h"

struct view_format;

struct replay_options {
	const char *path; /* "-" for standard input */
	/* More captures, replayed after path one after another, each as if
	 * alone (its own t = 0, streams from 0, summary); the output names
	 * each file (on the screen: one timeline, a line where each starts,
	 * the capture of each connection in the picker). Never with "-". */
	const char *const *more;
	size_t nmore;
	const char *filter;               /* filter expression, or NULL */
	const struct view_format *format; /* views.h; NULL: the text diagram */
	/* The stream a diagram format draws (--stream), as
	 * view_options.stream; -1: the first. */
	long stream;
	bool ascii;
	bool screen; /* the ncurses timeline instead of format */
	bool color;  /* colours on the screen (NO_COLOR also turns them off) */
	/* A lesson's recording: its title for the views (NULL: the file's
	 * name), its number of steps, and on the screen the steps revealed
	 * one at a time. */
	const char *title;
	int steps;
	/* The words to show for a recorded narration (step from 0) instead
	 * of the recorded ones, or NULL to keep those; words_ctx is its
	 * first argument. A lesson's replay shows its file's words in the
	 * reader's language this way. */
	const char *(*words)(const void *ctx, int step, enum narration_kind k,
	                     const char *recorded);
	const void *words_ctx;
	bool reveal;
	bool slow; /* on the screen, one line at a time (--slow) */
};

/* Runs the replay to the screen or the chosen format; returns the
 * process exit status (0, 1 or 2). */
int replay_run(const struct replay_options *opt);

/*
 * The source on its own, for commands that attach views of their own
 * (a lesson's judge): open the file and its events file and make the
 * session; attach views to replay_session(); pump; close.
 */
struct replay;
struct session;
/* NULL after one line on stderr (status 2). */
struct replay *replay_open(const struct replay_options *opt);
/* The same for one of several captures: path, number from 1, of files. */
struct replay *replay_open_file(const struct replay_options *opt,
                                const char *path, int number, int files);
struct session *replay_session(struct replay *r);
/* The file's name as messages say it ("standard input" for -). */
const char *replay_shown(const struct replay *r);
/* Read up to max_frames: 1 while frames remain, 0 at the end (the
 * session has then finished: stream records and totals are out). */
int replay_pump(struct replay *r, size_t max_frames);
/* Warnings on stderr; frees the session; returns the exit status (0 or
 * 1). Destroy the views after. */
int replay_close(struct replay *r);

#endif
