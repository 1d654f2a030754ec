/*
 * fdsink.h - an outbuf sink that writes to a file descriptor.
 */
#ifndef TCPVIZ_FDSINK_H
#define TCPVIZ_FDSINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fd_sink {
	int fd;
	int error; /* errno of the write that failed, 0 before */
	/* A file of lines (a recording's .events): when a write fails, the
	 * file is cut back to its last whole line, so what was written
	 * before the disk filled still reads cleanly. */
	bool whole_lines; /* the descriptor is a file opened empty */
	uint64_t written; /* bytes written since the sink was set up */
	uint64_t whole;   /* of which up to the end of the last line */
};

/* An outbuf_sink_fn: ctx is a struct fd_sink. Retries short writes and
 * EINTR; returns -1 with sink->error set when the descriptor fails. */
int fd_sink_write(void *ctx, const char *bytes, size_t len);

#endif
