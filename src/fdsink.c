/*
 * fdsink.c - bytes from an outbuf to a descriptor (see fdsink.h).
 */
#include "fdsink.h"

#include <errno.h>
#include <unistd.h>

int fd_sink_write(void *ctx, const char *p, size_t n)
{
	struct fd_sink *sink = ctx;
	while (n > 0) {
		ssize_t w = write(sink->fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			sink->error = w < 0 ? errno : EIO;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}
