/*
 * fdsink.c - bytes from an outbuf to a descriptor (see fdsink.h).
 */
#include "fdsink.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

/* Cut a file of lines back to its last whole line. The file was opened
 * empty, so the sink's own count is where that line ends; nothing is
 * written after a failure (the outbuf's error sticks). The write's error
 * is the one to report, so a failed cut leaves it as it is. */
static void fd_sink_cut(struct fd_sink *sink)
{
	(void)!ftruncate(sink->fd, (off_t)sink->whole);
}

int fd_sink_write(void *ctx, const char *p, size_t n)
{
	struct fd_sink *sink = ctx;
	while (n > 0) {
		ssize_t w = write(sink->fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			sink->error = w < 0 ? errno : EIO;
			if (sink->whole_lines)
				fd_sink_cut(sink);
			return -1;
		}
		sink->written += (uint64_t)w;
		const char *nl = memrchr(p, '\n', (size_t)w);
		if (nl != NULL)
			sink->whole =
			        sink->written - (uint64_t)(p + w - nl - 1);
		p += w;
		n -= (size_t)w;
	}
	return 0;
}
