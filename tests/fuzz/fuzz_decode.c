/*
 * fuzz_decode.c - libFuzzer target: frames of any link type tcpviz reads,
 * decoded, tracked and written by every view.
 *
 * Input: one byte choosing the link type, then frames, each a 2-byte
 * big-endian length and that many bytes (the last may be cut short).
 * Everything after decode runs too, through the session: conntrack, the
 * state table, the JSON Lines and text views, the timeline and its
 * screen layout.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "conntrack.h"
#include "decode.h"
#include "layout.h"
#include "outbuf.h"
#include "render.h"
#include "session.h"
#include "timeline.h"
#include "view.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const int links[] = {
        LINK_NULL,         LINK_EN10MB,     LINK_RAW,       LINK_RAW_OPENBSD,
        LINK_RAW_LINKTYPE, LINK_LOOP,       LINK_LINUX_SLL, LINK_IPV4,
        LINK_IPV6,         LINK_LINUX_SLL2,
};

static int discard(void *ctx, const char *p, size_t n)
{
	(void)ctx, (void)p, (void)n;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int link = links[data[0] % (sizeof links / sizeof links[0])];
	data++, size--;

	struct outbuf jo, to;
	outbuf_init(&jo, 4096, discard, NULL);
	outbuf_init(&to, 4096, discard, NULL);
	struct text_options topt = {.ascii = (size & 1) != 0, .title = "fuzz"};
	struct timeline *tl = timeline_new();
	struct view *vs[3] = {render_jsonl_new(&jo),
	                      render_text_new(&to, &topt), timeline_view(tl)};
	struct session *s =
	        session_new(&(struct session_config){.link_type = link});
	for (int i = 0; i < 3; i++)
		session_attach(s, vs[i]);

	uint64_t number = 0;
	while (size >= 2) {
		size_t len = (size_t)data[0] << 8 | data[1];
		data += 2, size -= 2;
		if (len > size)
			len = size;
		number++;
		/* Claim a longer wire length now and then (a snap length). */
		struct frame f = {.data = data,
		                  .caplen = len,
		                  .wirelen = len + (number % 3 == 0 ? 100 : 0),
		                  .ts_ns = (int64_t)number * 1000,
		                  .number = number,
		                  .matches = 1};
		session_frame(s, &f);
		data += len, size -= len;
	}
	session_finish(s);

	/* Draw the screen over what was kept, as a user would see it. */
	struct grid g;
	grid_init(&g, 80, 24);
	struct screen_state st;
	memset(&st, 0, sizeof st);
	st.detail = true;
	st.selected = timeline_display_count(tl) / 2;
	layout_draw(tl, &st, &g);
	grid_free(&g);

	session_free(s);
	for (int i = 0; i < 3; i++)
		vs[i]->destroy(vs[i]);
	timeline_free(tl);
	outbuf_free(&jo);
	outbuf_free(&to);
	return 0;
}
