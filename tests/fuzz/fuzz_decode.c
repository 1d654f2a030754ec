/*
 * fuzz_decode.c - libFuzzer target: frames of any link type tcpviz reads,
 * decoded, tracked and written by every view.
 *
 * Input: one byte choosing the link type, then frames, each a 2-byte
 * big-endian length and that many bytes (the last may be cut short).
 * Everything after decode runs too: conntrack, the state table, the
 * JSON Lines and text views, the timeline and its screen layout.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "conntrack.h"
#include "decode.h"
#include "layout.h"
#include "outbuf.h"
#include "render.h"
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

struct views {
	struct view *v[3];
};

static void retire(void *ctx, const struct stream_info *s)
{
	struct views *vs = ctx;
	for (int i = 0; i < 3; i++)
		vs->v[i]->stream(vs->v[i], s);
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
	struct views vs = {{render_jsonl_new(&jo), render_text_new(&to, &topt),
	                    timeline_view(tl)}};
	struct conntrack *ct = conntrack_new(retire, &vs);
	struct replay_totals tot = {.link_type = link, .dropped = -1};

	uint64_t frame = 0;
	while (size >= 2) {
		size_t len = (size_t)data[0] << 8 | data[1];
		data += 2, size -= 2;
		if (len > size)
			len = size;
		struct segment seg;
		struct seg_event ev;
		frame++;
		tot.frames++;
		/* Claim a longer wire length now and then (a snap length). */
		size_t wire = len + (frame % 3 == 0 ? 100 : 0);
		enum decode_result r =
		        decode_frame(link, data, len, wire, &seg);
		data += len, size -= len;
		if (r != DECODE_TCP) {
			tot.skipped[r]++;
			continue;
		}
		seg.frame = frame;
		seg.ts_ns = (int64_t)frame * 1000;
		conntrack_segment(ct, &seg, &ev);
		tot.segments++;
		for (int i = 0; i < 3; i++)
			vs.v[i]->segment(vs.v[i], &ev, seg.ts_ns);
	}
	conntrack_finish(ct);
	for (int i = 0; i < 3; i++)
		vs.v[i]->finish(vs.v[i], &tot);

	/* Draw the screen over what was kept, as a user would see it. */
	struct grid g;
	grid_init(&g, 80, 24);
	struct screen_state st;
	memset(&st, 0, sizeof st);
	st.detail = true;
	st.selected = timeline_display_count(tl) / 2;
	layout_draw(tl, &st, &g);
	grid_free(&g);

	conntrack_free(ct);
	for (int i = 0; i < 3; i++)
		vs.v[i]->destroy(vs.v[i]);
	timeline_free(tl);
	outbuf_free(&jo);
	outbuf_free(&to);
	return 0;
}
