/*
 * fuzz_replay.c - libFuzzer target: a whole capture file (pcap or
 * pcapng, any link type) through libpcap and tcpviz's replay engine to
 * every output format at once (JSON Lines, the text diagram, Mermaid,
 * SVG, HTML), as `tcpviz replay FILE --format F` reads it.
 *
 * The input is handed over as a memory file (memfd), so libpcap reads it
 * exactly as it reads a file on disk.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "outbuf.h"
#include "replay.h"
#include "session.h"
#include "view.h"
#include "views.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int discard(void *ctx, const char *p, size_t n)
{
	(void)ctx, (void)p, (void)n;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("capture", MFD_CLOEXEC);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	struct outbuf out;
	outbuf_init(&out, 1 << 16, discard, NULL);
	size_t n;
	const struct view_format *formats = views_table(&n);
	struct view *v[16];
	if (n > 16)
		n = 16;
	struct view_options vo = {.out = &out, .title = "fuzz", .stream = -1};
	for (size_t i = 0; i < n; i++)
		v[i] = formats[i].make(&vo);
	struct replay_options opt = {.path = path};
	struct replay *r = replay_open(&opt);
	if (r != NULL) {
		for (size_t i = 0; i < n; i++)
			session_attach(replay_session(r), v[i]);
		while (replay_pump(r, 4096))
			;
		replay_close(r);
	}
	for (size_t i = 0; i < n; i++)
		v[i]->destroy(v[i]);
	outbuf_free(&out);
	close(fd);
	return 0;
}
