/*
 * replay.h - a capture file through the model to one view.
 */
#ifndef TCPVIZ_REPLAY_H
#define TCPVIZ_REPLAY_H

#include <stdbool.h>

enum output_format { FORMAT_TEXT, FORMAT_JSONL };

struct replay_options {
	const char *path;   /* "-" for standard input */
	const char *filter; /* filter expression, or NULL */
	enum output_format format;
	bool ascii;
};

/* Runs the replay; returns the process exit status (0, 1 or 2). */
int replay_run(const struct replay_options *opt);

#endif
