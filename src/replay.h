/*
 * replay.h - a capture file through the model to one view.
 */
#ifndef TCPVIZ_REPLAY_H
#define TCPVIZ_REPLAY_H

#include <stdbool.h>
#include <stddef.h>

enum output_format { FORMAT_TEXT, FORMAT_JSONL };

struct replay_options {
	const char *path;   /* "-" for standard input */
	const char *filter; /* filter expression, or NULL */
	enum output_format format;
	bool ascii;
	bool screen; /* the ncurses timeline instead of format */
	bool color;  /* colours on the screen (NO_COLOR also turns them off) */
	/* A lesson's recording: its title for the views (NULL: the file's
	 * name), its number of steps, and on the screen the steps revealed
	 * one at a time. */
	const char *title;
	int steps;
	bool reveal;
};

/* Runs the replay to the text or JSON Lines output; returns the process
 * exit status (0, 1 or 2). */
int replay_run(const struct replay_options *opt);

/* The same, a step at a time, into any view (the screen reads the file
 * a batch of frames per tick so the first screen comes at once). */
struct view;
struct replay_session;
/* NULL after one line on stderr (status 2). */
struct replay_session *replay_open(const struct replay_options *opt,
                                   struct view *view);
/* Read up to max_frames: 1 while frames remain, 0 at the end (the view's
 * stream and finish callbacks have then been called). */
int replay_pump(struct replay_session *s, size_t max_frames);
/* Warnings on stderr; returns the exit status (0 or 1). */
int replay_close(struct replay_session *s);

#endif
