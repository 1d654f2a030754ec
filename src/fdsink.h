/*
 * fdsink.h - an outbuf sink that writes to a file descriptor.
 */
#ifndef TCPVIZ_FDSINK_H
#define TCPVIZ_FDSINK_H

#include <stddef.h>

struct fd_sink {
	int fd;
	int error; /* errno of the write that failed, 0 before */
};

/* An outbuf_sink_fn: ctx is a struct fd_sink. Retries short writes and
 * EINTR; returns -1 with sink->error set when the descriptor fails. */
int fd_sink_write(void *ctx, const char *bytes, size_t len);

#endif
