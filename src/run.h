/*
 * run.h - `tcpviz run`: the learner's own programs, traced, beside the
 * segments they make, in a network and PID namespace of their own.
 */
#ifndef TCPVIZ_RUN_H
#define TCPVIZ_RUN_H

#include <stdbool.h>
#include <stddef.h>

struct view_format;

struct run_options {
	const struct view_format *format; /* NULL: the text diagram */
	long stream; /* a diagram's stream (--stream); -1: the first */
	bool screen, ascii, color, slow;
	bool step;          /* pause each program before each shown call */
	const char *record; /* FILE.pcap to write, or NULL */
	int buffer_kib;
	int gap_ms;   /* before the next -e, at most */
	int grace_ms; /* for the others after the last has ended */
	/* Shell command lines (-e), started in order; or one program and
	 * its arguments (after --). */
	const char *const *cmds;
	size_t ncmds;
	char *const *argv;
	bool host;         /* the host's namespace, capturing on iface */
	const char *iface; /* NULL: lo */
};

/* Runs the programs to their end (or q, or a signal); the exit status:
 * 0, 1 (a failure of tcpviz's own), 2 (bad input), 128+N. */
int run_run(const struct run_options *opt);

#endif
