/*
 * test_layout.c - the timeline screen: timelines built through the
 * timeline's view from crafted events (the demo's echo exchange, two
 * interleaved replayed streams, a mid-stream capture, a retransmission)
 * drawn into grids and compared with golden screens under
 * tests/golden/screens/ (UPDATE_GOLDEN=1 rewrites them), plus assertions
 * on cells that need no golden file.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "keys.h"
#include "layout.h"
#include "timeline.h"

#define GOLDEN_DIR "tests/golden/screens/"
#define US         1000LL /* ns in a microsecond */

static const uint32_t client_isn = 1746065899u, server_isn = 3928382911u;

/* --- building timelines ---------------------------------------------- */

struct fx {
	struct timeline *tl;
	struct view *v;
	struct stream_info si[4];
	uint32_t isn[4][2]; /* per stream: client's, server's */
	uint64_t frame;
};

static void fx_init(struct fx *f)
{
	memset(f, 0, sizeof *f);
	f->tl = timeline_new();
	f->v = timeline_view(f->tl);
}

static void fx_free(struct fx *f)
{
	timeline_free(f->tl);
}

static void fx_addr(struct ipaddr *a, uint8_t last)
{
	memset(a, 0, sizeof *a);
	a->family = 4;
	a->bytes[0] = 127;
	a->bytes[3] = last;
}

static void fx_stream(struct fx *f, uint32_t id, uint16_t cport, uint16_t sport,
                      uint32_t cisn, uint32_t sisn)
{
	struct stream_info *s = &f->si[id];
	s->id = id;
	fx_addr(&s->client.addr, 1);
	fx_addr(&s->server.addr, 1);
	s->client.port = cport;
	s->server.port = sport;
	s->client_state = ST_CLOSED;
	s->server_state = ST_LISTEN;
	f->isn[id][0] = cisn;
	f->isn[id][1] = sisn;
}

static void fx_call(struct fx *f, int64_t us, enum side a, enum call_kind c,
                    bool enter, int fd, long ret, const char *detail)
{
	struct call_event ev = {.side = a,
	                        .call = c,
	                        .enter = enter,
	                        .fd = fd,
	                        .ret = enter ? 0 : ret,
	                        .detail = detail};
	f->v->call(f->v, &ev, us * US);
}

static void fx_err(struct fx *f, int64_t us, enum side a, enum call_kind c,
                   int fd, int err)
{
	struct call_event ev = {
	        .side = a, .call = c, .fd = fd, .ret = -1, .err = err};
	f->v->call(f->v, &ev, us * US);
}

static void fx_kstate(struct fx *f, int64_t us, enum side a, int fd,
                      enum tcp_state st, bool has_inferred,
                      enum tcp_state inferred)
{
	struct kstate_event k = {.side = a,
	                         .fd = fd,
	                         .state = st,
	                         .has_inferred = has_inferred,
	                         .inferred = inferred};
	const struct stream_info *s = &f->si[0];
	k.local = a == SIDE_CLIENT ? s->client : s->server;
	if (has_inferred || a == SIDE_CLIENT)
		k.remote = a == SIDE_CLIENT ? s->server : s->client;
	f->v->kstate(f->v, &k, us * US);
}

/* One segment: numbers relative to the stream's ISNs, states as
 * conntrack would give them (client before/after, server before/after). */
struct fxseg {
	uint32_t stream;
	bool c2s;
	uint16_t flags;
	uint32_t rseq, rack, len;
	enum seg_role role;
	enum tcp_state cb, ca, sb, sa;
	uint32_t analysis;
	bool options;
};

/* A segment carrying payload's bytes (NULL: none). */
static void fx_seg_bytes(struct fx *f, int64_t us, const struct fxseg *d,
                         const char *payload)
{
	struct stream_info *s = &f->si[d->stream];
	struct segment seg;
	struct seg_event ev;
	memset(&seg, 0, sizeof seg);
	memset(&ev, 0, sizeof ev);
	seg.frame = ++f->frame;
	seg.ts_ns = us * US;
	seg.src = d->c2s ? s->client.addr : s->server.addr;
	seg.dst = d->c2s ? s->server.addr : s->client.addr;
	seg.sport = d->c2s ? s->client.port : s->server.port;
	seg.dport = d->c2s ? s->server.port : s->client.port;
	uint32_t own = f->isn[d->stream][d->c2s ? 0 : 1];
	uint32_t peer = f->isn[d->stream][d->c2s ? 1 : 0];
	seg.seq = own + d->rseq;
	seg.ack = d->flags & TH_ACK ? peer + d->rack : 0;
	seg.flags = d->flags;
	seg.win = d->c2s ? 512 : 510;
	seg.cksum = (uint16_t)(0xfe30 + seg.frame);
	seg.hdr_len = 32;
	seg.len = d->len;
	if (d->options) {
		seg.hdr_len = 40;
		seg.win = 65495;
		seg.opts.present = OPT_HAS_MSS | OPT_HAS_SACK_PERM |
		                   OPT_HAS_TS | OPT_HAS_WSCALE;
		seg.opts.mss = 65495;
		seg.opts.wscale = 7;
		seg.opts.tsval = 2020675671u + (uint32_t)seg.frame;
		seg.opts.tsecr = d->c2s ? 0 : 2020675672u;
		seg.opts.nop_count = 1;
	}
	if (payload) {
		seg.payload_kept = (uint8_t)strlen(payload);
		memcpy(seg.payload, payload, seg.payload_kept);
	}
	s->segments++;
	s->client_state = d->ca;
	s->server_state = d->sa;
	ev.seg = &seg;
	ev.stream = s;
	ev.c2s = d->c2s;
	ev.new_stream = s->segments == 1;
	ev.rseq = d->rseq;
	ev.rack = d->flags & TH_ACK ? d->rack : seg.ack;
	ev.role = d->role;
	ev.analysis = d->analysis;
	ev.src_before = d->c2s ? d->cb : d->sb;
	ev.src_state = d->c2s ? d->ca : d->sa;
	ev.dst_before = d->c2s ? d->sb : d->cb;
	ev.dst_state = d->c2s ? d->sa : d->ca;
	f->v->segment(f->v, &ev, us * US);
}

static void fx_seg(struct fx *f, int64_t us, const struct fxseg *d)
{
	fx_seg_bytes(f, us, d, NULL);
}

static void fx_finish(struct fx *f, uint32_t streams)
{
	struct session_totals t;
	memset(&t, 0, sizeof t);
	for (uint32_t i = 0; i < streams; i++)
		f->v->stream(f->v, &f->si[i]);
	t.streams = streams;
	f->v->finish(f->v, &t);
}

enum {
	SYN = TH_SYN,
	SYNACK = TH_SYN | TH_ACK,
	ACK = TH_ACK,
	PSHACK = TH_PSH | TH_ACK,
	FINACK = TH_FIN | TH_ACK,
};

/* The demo up to the blocked accept(): the server's setup only. */
static void fx_demo_setup(struct fx *f)
{
	fx_stream(f, 0, 51478, 5555, client_isn, server_isn);
	fx_call(f, 0, SIDE_SERVER, CALL_SOCKET, true, -1, 0, "");
	fx_call(f, 12, SIDE_SERVER, CALL_SOCKET, false, 3, 3, "");
	fx_call(f, 20, SIDE_SERVER, CALL_BIND, true, 3, 0, "127.0.0.1:5555");
	fx_call(f, 31, SIDE_SERVER, CALL_BIND, false, 3, 0, "");
	fx_call(f, 40, SIDE_SERVER, CALL_LISTEN, true, 3, 0, "");
	fx_call(f, 52, SIDE_SERVER, CALL_LISTEN, false, 3, 0, "");
	fx_kstate(f, 60, SIDE_SERVER, 3, ST_LISTEN, false, ST_CLOSED);
	fx_call(f, 700, SIDE_SERVER, CALL_ACCEPT, true, 3, 0, "");
}

/* The demo's whole echo exchange, as the live demo would feed it. */
static void fx_demo(struct fx *f)
{
	fx_demo_setup(f);
	fx_call(f, 100000, SIDE_CLIENT, CALL_SOCKET, true, -1, 0, "");
	fx_call(f, 100011, SIDE_CLIENT, CALL_SOCKET, false, 4, 4, "");
	fx_call(f, 100020, SIDE_CLIENT, CALL_CONNECT, true, 4, 0,
	        "127.0.0.1:5555");
	fx_seg(f, 100050,
	       &(struct fxseg){0, true, SYN, 0, 0, 0, ROLE_HANDSHAKE_1,
	                       ST_CLOSED, ST_SYN_SENT, ST_LISTEN,
	                       ST_SYN_RECEIVED, 0, true});
	fx_seg(f, 100070,
	       &(struct fxseg){0, false, SYNACK, 0, 1, 0, ROLE_HANDSHAKE_2,
	                       ST_SYN_SENT, ST_ESTABLISHED, ST_SYN_RECEIVED,
	                       ST_SYN_RECEIVED, 0, true});
	fx_call(f, 100080, SIDE_CLIENT, CALL_CONNECT, false, 4, 0, "");
	fx_seg(f, 100090,
	       &(struct fxseg){0, true, ACK, 1, 1, 0, ROLE_HANDSHAKE_3,
	                       ST_ESTABLISHED, ST_ESTABLISHED, ST_SYN_RECEIVED,
	                       ST_ESTABLISHED, 0, false});
	fx_call(f, 100420, SIDE_SERVER, CALL_ACCEPT, false, 3, 5,
	        "127.0.0.1:51478");
	fx_kstate(f, 100430, SIDE_CLIENT, 4, ST_ESTABLISHED, true,
	          ST_ESTABLISHED);
	fx_call(f, 100500, SIDE_SERVER, CALL_RECV, true, 5, 0,
	        "up to 4096 bytes");
	fx_call(f, 200000, SIDE_CLIENT, CALL_SEND, true, 4, 0, "5 bytes");
	fx_seg(f, 200030,
	       &(struct fxseg){0, true, PSHACK, 1, 1, 5, ROLE_DATA,
	                       ST_ESTABLISHED, ST_ESTABLISHED, ST_ESTABLISHED,
	                       ST_ESTABLISHED, 0, false});
	fx_call(f, 200040, SIDE_CLIENT, CALL_SEND, false, 4, 5, "");
	fx_call(f, 200060, SIDE_SERVER, CALL_RECV, false, 5, 5, "");
	fx_seg(f, 200070,
	       &(struct fxseg){0, false, ACK, 1, 6, 0, ROLE_ACK, ST_ESTABLISHED,
	                       ST_ESTABLISHED, ST_ESTABLISHED, ST_ESTABLISHED,
	                       0, false});
	fx_call(f, 200100, SIDE_CLIENT, CALL_RECV, true, 4, 0,
	        "up to 4096 bytes");
	fx_call(f, 300000, SIDE_SERVER, CALL_SEND, true, 5, 0, "5 bytes");
	fx_seg(f, 300020,
	       &(struct fxseg){0, false, PSHACK, 1, 6, 5, ROLE_DATA,
	                       ST_ESTABLISHED, ST_ESTABLISHED, ST_ESTABLISHED,
	                       ST_ESTABLISHED, 0, false});
	fx_call(f, 300030, SIDE_SERVER, CALL_SEND, false, 5, 5, "");
	fx_call(f, 300050, SIDE_CLIENT, CALL_RECV, false, 4, 5, "");
	fx_seg(f, 300060,
	       &(struct fxseg){0, true, ACK, 6, 6, 0, ROLE_ACK, ST_ESTABLISHED,
	                       ST_ESTABLISHED, ST_ESTABLISHED, ST_ESTABLISHED,
	                       0, false});
	fx_call(f, 300200, SIDE_SERVER, CALL_RECV, true, 5, 0,
	        "up to 4096 bytes");
	fx_call(f, 400000, SIDE_CLIENT, CALL_CLOSE, true, 4, 0, "");
	fx_seg(f, 400020,
	       &(struct fxseg){0, true, FINACK, 6, 6, 0, ROLE_FIN,
	                       ST_ESTABLISHED, ST_FIN_WAIT_1, ST_ESTABLISHED,
	                       ST_CLOSE_WAIT, 0, false});
	fx_call(f, 400030, SIDE_CLIENT, CALL_CLOSE, false, 4, 0, "");
	fx_seg(f, 400040,
	       &(struct fxseg){0, false, ACK, 6, 7, 0, ROLE_FIN_ACK,
	                       ST_FIN_WAIT_1, ST_FIN_WAIT_2, ST_CLOSE_WAIT,
	                       ST_CLOSE_WAIT, 0, false});
	fx_call(f, 400050, SIDE_SERVER, CALL_RECV, false, 5, 0, "");
	fx_call(f, 500000, SIDE_SERVER, CALL_CLOSE, true, 5, 0, "");
	fx_seg(f, 500020,
	       &(struct fxseg){0, false, FINACK, 6, 7, 0, ROLE_FIN,
	                       ST_FIN_WAIT_2, ST_TIME_WAIT, ST_CLOSE_WAIT,
	                       ST_LAST_ACK, 0, false});
	fx_call(f, 500030, SIDE_SERVER, CALL_CLOSE, false, 5, 0, "");
	fx_seg(f, 500040,
	       &(struct fxseg){0, true, ACK, 7, 7, 0, ROLE_FIN_ACK,
	                       ST_TIME_WAIT, ST_TIME_WAIT, ST_LAST_ACK,
	                       ST_CLOSED, 0, false});
	fx_kstate(f, 500100, SIDE_CLIENT, -1, ST_TIME_WAIT, true, ST_TIME_WAIT);
	fx_finish(f, 1);
}

/* A replay of two connections whose segments interleave. */
static void fx_interleaved(struct fx *f)
{
	fx_stream(f, 0, 40000, 8080, 1000, 5000);
	fx_stream(f, 1, 40002, 8080, 7000, 9000);
	fx_addr(&f->si[1].client.addr, 2);
	fx_seg(f, 0,
	       &(struct fxseg){0, true, SYN, 0, 0, 0, ROLE_HANDSHAKE_1,
	                       ST_CLOSED, ST_SYN_SENT, ST_LISTEN,
	                       ST_SYN_RECEIVED, 0, false});
	fx_seg(f, 150,
	       &(struct fxseg){1, true, SYN, 0, 0, 0, ROLE_HANDSHAKE_1,
	                       ST_CLOSED, ST_SYN_SENT, ST_LISTEN,
	                       ST_SYN_RECEIVED, 0, false});
	fx_seg(f, 210,
	       &(struct fxseg){0, false, SYNACK, 0, 1, 0, ROLE_HANDSHAKE_2,
	                       ST_SYN_SENT, ST_ESTABLISHED, ST_SYN_RECEIVED,
	                       ST_SYN_RECEIVED, 0, false});
	fx_seg(f, 260,
	       &(struct fxseg){1, false, SYNACK, 0, 1, 0, ROLE_HANDSHAKE_2,
	                       ST_SYN_SENT, ST_ESTABLISHED, ST_SYN_RECEIVED,
	                       ST_SYN_RECEIVED, 0, false});
	fx_seg(f, 300,
	       &(struct fxseg){0, true, ACK, 1, 1, 0, ROLE_HANDSHAKE_3,
	                       ST_ESTABLISHED, ST_ESTABLISHED, ST_SYN_RECEIVED,
	                       ST_ESTABLISHED, 0, false});
	fx_seg(f, 320,
	       &(struct fxseg){1, true, ACK, 1, 1, 0, ROLE_HANDSHAKE_3,
	                       ST_ESTABLISHED, ST_ESTABLISHED, ST_SYN_RECEIVED,
	                       ST_ESTABLISHED, 0, false});
	fx_seg(f, 400,
	       &(struct fxseg){1, true, TH_RST | TH_ACK, 1, 1, 0, ROLE_RST,
	                       ST_ESTABLISHED, ST_CLOSED, ST_ESTABLISHED,
	                       ST_CLOSED, 0, false});
	fx_finish(f, 2);
}

/* A capture that starts mid-stream: no SYN, the client guessed. */
static void fx_midstream(struct fx *f)
{
	fx_stream(f, 0, 51000, 443, 20000, 80000);
	f->si[0].client_guessed = true;
	fx_seg(f, 0,
	       &(struct fxseg){0, true, PSHACK, 1, 1, 100, ROLE_DATA,
	                       ST_ESTABLISHED, ST_ESTABLISHED, ST_ESTABLISHED,
	                       ST_ESTABLISHED, 0, false});
	fx_seg(f, 900,
	       &(struct fxseg){0, false, ACK, 1, 101, 0, ROLE_ACK,
	                       ST_ESTABLISHED, ST_ESTABLISHED, ST_ESTABLISHED,
	                       ST_ESTABLISHED, 0, false});
	fx_finish(f, 1);
}

/* Data sent twice: the second copy is a retransmission. */
static void fx_retransmission(struct fx *f)
{
	fx_stream(f, 0, 33000, 7000, 100, 200);
	fx_seg(f, 0,
	       &(struct fxseg){0, true, SYN, 0, 0, 0, ROLE_HANDSHAKE_1,
	                       ST_CLOSED, ST_SYN_SENT, ST_LISTEN,
	                       ST_SYN_RECEIVED, 0, false});
	fx_seg(f, 40,
	       &(struct fxseg){0, false, SYNACK, 0, 1, 0, ROLE_HANDSHAKE_2,
	                       ST_SYN_SENT, ST_ESTABLISHED, ST_SYN_RECEIVED,
	                       ST_SYN_RECEIVED, 0, false});
	fx_seg(f, 80,
	       &(struct fxseg){0, true, ACK, 1, 1, 0, ROLE_HANDSHAKE_3,
	                       ST_ESTABLISHED, ST_ESTABLISHED, ST_SYN_RECEIVED,
	                       ST_ESTABLISHED, 0, false});
	fx_seg(f, 1000,
	       &(struct fxseg){0, true, PSHACK, 1, 1, 20, ROLE_DATA,
	                       ST_ESTABLISHED, ST_ESTABLISHED, ST_ESTABLISHED,
	                       ST_ESTABLISHED, 0, false});
	fx_seg(f, 205000,
	       &(struct fxseg){0, true, PSHACK, 1, 1, 20, ROLE_DATA,
	                       ST_ESTABLISHED, ST_ESTABLISHED, ST_ESTABLISHED,
	                       ST_ESTABLISHED, AN_RETRANSMISSION, false});
	fx_seg(f, 205050,
	       &(struct fxseg){0, false, ACK, 1, 21, 0, ROLE_ACK,
	                       ST_ESTABLISHED, ST_ESTABLISHED, ST_ESTABLISHED,
	                       ST_ESTABLISHED, 0, false});
	fx_finish(f, 1);
}

/* --- screens ---------------------------------------------------------- */

static struct screen_state fx_state(const char *title)
{
	struct screen_state st;
	memset(&st, 0, sizeof st);
	st.title = title;
	return st;
}

/* The display line of the n-th segment row (0-based). */
static size_t fx_seg_line(const struct timeline *tl, int n)
{
	for (size_t i = 0; i < timeline_display_count(tl); i++) {
		const struct tl_row *r =
		        timeline_row(tl, timeline_display_row(tl, i));
		if (r->kind == TL_SEGMENT && n-- == 0)
			return i;
	}
	fail_msg("no segment %d", n);
	return 0;
}

static char *screen_text(const struct grid *g)
{
	size_t cap = (size_t)g->height * ((size_t)g->width * 4 + 1) + 1;
	char *s = malloc(cap), *p = s;
	assert_non_null(s);
	for (int y = 0; y < g->height; y++) {
		p += grid_row_text(g, y, p, cap - (size_t)(p - s));
		*p++ = '\n';
	}
	*p = '\0';
	return s;
}

static char *read_all(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (fp == NULL)
		return NULL;
	size_t cap = 1 << 16, n;
	char *s = malloc(cap);
	assert_non_null(s);
	n = fread(s, 1, cap - 1, fp);
	s[n] = '\0';
	fclose(fp);
	return s;
}

/* Compare the grid with its golden screen, or rewrite the golden screen
 * when UPDATE_GOLDEN is set. */
static void golden(const struct grid *g, const char *name)
{
	char path[256];
	char *got = screen_text(g);
	snprintf(path, sizeof path, GOLDEN_DIR "%s.txt", name);
	if (getenv("UPDATE_GOLDEN")) {
		FILE *fp = fopen(path, "wb");
		assert_non_null(fp);
		fputs(got, fp);
		fclose(fp);
		free(got);
		return;
	}
	char *want = read_all(path);
	if (want == NULL) {
		free(got);
		fail_msg("%s: missing; run with UPDATE_GOLDEN=1", path);
		return; /* fail_msg does not return; cppcheck cannot know */
	}
	int same = strcmp(want, got) == 0;
	if (!same)
		fprintf(stderr, "%s differs; the screen drawn:\n%s", path, got);
	free(want);
	free(got);
	if (!same)
		fail_msg("%s differs", path);
}

/* Draw the timeline at w x h and compare with a golden screen. */
static void draw_golden(const struct timeline *tl, struct screen_state *st,
                        int w, int h, const char *name)
{
	struct grid g;
	grid_init(&g, w, h);
	layout_draw(tl, st, &g);
	golden(&g, name);
	grid_free(&g);
}

static const char *row_of(const struct grid *g, int y)
{
	static char buf[2048];
	grid_row_text(g, y, buf, sizeof buf);
	return buf;
}

/* The screen row that holds text, or -1. */
static int find_row(const struct grid *g, const char *text)
{
	for (int y = 0; y < g->height; y++)
		if (strstr(row_of(g, y), text))
			return y;
	return -1;
}

/* The column where text begins on row y (in cells), or -1. */
static int find_col(const struct grid *g, int y, const char *text)
{
	const char *row = row_of(g, y), *hit = strstr(row, text);
	if (hit == NULL)
		return -1;
	int col = 0;
	for (const char *p = row; p < hit; p++)
		if (((unsigned char)*p & 0xc0) != 0x80)
			col++;
	return col;
}

static const struct cell *cell_at(const struct grid *g, int x, int y)
{
	return &g->cells[(size_t)y * g->width + x];
}

/* --- golden screens --------------------------------------------------- */

static void test_demo_top(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	fx_demo(&f);
	struct screen_state st = fx_state("live demo");
	draw_golden(f.tl, &st, 80, 24, "demo-top-80x24");
	st.selected = 5;
	draw_golden(f.tl, &st, 100, 30, "demo-top-100x30");
	fx_free(&f);
}

static void test_demo_synack_detail(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	fx_demo(&f);
	struct screen_state st = fx_state("live demo");
	st.detail = true;
	st.selected = fx_seg_line(f.tl, 1);
	draw_golden(f.tl, &st, 80, 24, "demo-synack-detail-80x24");
	draw_golden(f.tl, &st, 100, 30, "demo-synack-detail-100x30");
	st.ascii = true;
	draw_golden(f.tl, &st, 80, 24, "demo-synack-detail-ascii-80x24");
	fx_free(&f);
}

static void test_demo_teardown_detail(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	fx_demo(&f);
	struct screen_state st = fx_state("live demo");
	st.detail = true;
	st.selected = fx_seg_line(f.tl, 9); /* the server's FIN */
	draw_golden(f.tl, &st, 80, 24, "demo-server-fin-detail-80x24");
	st.selected = fx_seg_line(f.tl, 7); /* the client's FIN */
	draw_golden(f.tl, &st, 100, 30, "demo-client-fin-detail-100x30");
	fx_free(&f);
}

static void test_demo_blocked_accept(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	fx_demo_setup(&f);
	struct screen_state st = fx_state("live demo");
	st.follow = true;
	st.detail = true;
	st.now_ns = 700 * US + 1234000000LL;
	draw_golden(f.tl, &st, 80, 24, "demo-blocked-accept-80x24");
	fx_free(&f);
}

static void test_demo_numbers_and_times(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	fx_demo(&f);
	struct screen_state st = fx_state("live demo");
	st.selected = fx_seg_line(f.tl, 0);
	st.top = st.selected;
	draw_golden(f.tl, &st, 80, 24, "demo-relative-80x24");
	st.absolute = true;
	draw_golden(f.tl, &st, 80, 24, "demo-absolute-80x24");
	st.absolute = false;
	st.time_format = TIME_SINCE_PREVIOUS;
	draw_golden(f.tl, &st, 80, 24, "demo-since-previous-80x24");
	st.time_format = TIME_WALL_CLOCK;
	timeline_view(f.tl)->begin(
	        timeline_view(f.tl),
	        &(struct session_info){.origin_ns =
	                                       1700000000LL * 1000000000LL +
	                                       250000000LL});
	draw_golden(f.tl, &st, 80, 24, "demo-wall-clock-80x24");
	st.ascii = true;
	st.time_format = TIME_SINCE_START;
	draw_golden(f.tl, &st, 80, 24, "demo-ascii-80x24");
	fx_free(&f);
}

static void test_help_and_picker(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	fx_interleaved(&f);
	struct screen_state st = fx_state("interleaved.pcap");
	st.help = true;
	draw_golden(f.tl, &st, 80, 24, "help-80x24");
	st.help = false;
	st.picker = true;
	st.picker_selected = 1;
	draw_golden(f.tl, &st, 80, 24, "picker-80x24");
	fx_free(&f);
}

static void test_interleaved(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	fx_interleaved(&f);
	struct screen_state st = fx_state("interleaved.pcap");
	st.selected = 3; /* stream 1's SYN-ACK */
	st.detail = true;
	draw_golden(f.tl, &st, 80, 24, "interleaved-80x24");
	fx_free(&f);
}

static void test_midstream_and_retransmission(void **state)
{
	(void)state;
	struct fx f, r;
	fx_init(&f);
	fx_midstream(&f);
	struct screen_state st = fx_state("mid-stream.pcap");
	st.detail = true;
	draw_golden(f.tl, &st, 100, 30, "mid-stream-100x30");
	fx_free(&f);
	fx_init(&r);
	fx_retransmission(&r);
	st = fx_state("retransmission.pcap");
	st.detail = true;
	st.selected = 4;
	draw_golden(r.tl, &st, 80, 24, "retransmission-80x24");
	fx_free(&r);
}

static void test_too_small(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	fx_demo(&f);
	struct screen_state st = fx_state("live demo");
	draw_golden(f.tl, &st, 60, 20, "too-small-60x20");

	struct grid g;
	grid_init(&g, 20, 30); /* narrow: the line is cut to the width */
	layout_draw(f.tl, &st, &g);
	assert_string_equal(row_of(&g, 0), "tcpviz needs at leas");
	for (int y = 1; y < g.height; y++)
		assert_string_equal(row_of(&g, y), "");
	grid_free(&g);
	grid_init(&g, 80, 23);
	layout_draw(f.tl, &st, &g);
	assert_string_equal(row_of(&g, 0),
	                    "tcpviz needs at least 80x24 (now 80x23)");
	assert_int_equal(layout_line_at(&st, &g, 5), -1);
	grid_free(&g);
	fx_free(&f);
}

/* --- assertions without golden files ---------------------------------- */

static void test_header_names_both_endpoints(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	fx_demo(&f);
	struct screen_state st = fx_state("live demo");
	struct grid g;
	grid_init(&g, 80, 24);
	layout_draw(f.tl, &st, &g);
	assert_non_null(strstr(row_of(&g, 0), "client 127.0.0.1:51478"));
	assert_non_null(strstr(row_of(&g, 0), "server 127.0.0.1:5555"));
	grid_free(&g);
	fx_free(&f);
}

static void test_header_follows_selected_stream(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	fx_interleaved(&f);
	struct screen_state st = fx_state("interleaved.pcap");
	struct grid g;
	grid_init(&g, 80, 24);
	st.selected = 0;
	layout_draw(f.tl, &st, &g);
	assert_non_null(strstr(row_of(&g, 0), "127.0.0.1:40000"));
	assert_non_null(strstr(row_of(&g, 0), "stream 0 of 2"));
	st.selected = 1;
	layout_draw(f.tl, &st, &g);
	assert_non_null(strstr(row_of(&g, 0), "127.0.0.2:40002"));
	assert_null(strstr(row_of(&g, 0), "40000"));
	/* Rows of the other stream are dimmed. */
	int y = find_row(&g, "#0 SYN seq=0");
	assert_true(y >= 0);
	assert_true(cell_at(&g, 40, y)->attr & ATTR_DIM);
	grid_free(&g);
	fx_free(&f);
}

static void test_selected_row_is_reversed(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	fx_demo(&f);
	struct screen_state st = fx_state("live demo");
	st.selected = fx_seg_line(f.tl, 1);
	struct grid g;
	grid_init(&g, 80, 24);
	layout_draw(f.tl, &st, &g);
	int y = find_row(&g, "SYN,ACK seq=0 ack=1");
	assert_true(y >= 2);
	for (int x = 0; x < g.width; x++)
		assert_true(cell_at(&g, x, y)->attr & ATTR_REVERSE);
	for (int yy = 2; yy < g.height - 1; yy++)
		if (yy != y)
			assert_false(cell_at(&g, 3, yy)->attr & ATTR_REVERSE);
	/* The status line is reversed too, and says where we are. */
	assert_true(cell_at(&g, 0, 23)->attr & ATTR_REVERSE);
	assert_int_equal(cell_at(&g, 0, 23)->color, COLOR_STATUS);
	char want[64];
	snprintf(want, sizeof want, "line %zu of %zu", st.selected + 1,
	         timeline_display_count(f.tl));
	assert_non_null(strstr(row_of(&g, 23), want));
	assert_non_null(strstr(row_of(&g, 23), "? help"));
	grid_free(&g);
	fx_free(&f);
}

static void test_mismatch_is_marked(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	fx_stream(&f, 0, 51478, 5555, client_isn, server_isn);
	fx_kstate(&f, 10, SIDE_CLIENT, 4, ST_FIN_WAIT_2, true, ST_FIN_WAIT_1);
	fx_kstate(&f, 20, SIDE_SERVER, 5, ST_CLOSE_WAIT, true, ST_CLOSE_WAIT);
	struct screen_state st = fx_state("live demo");
	struct grid g;
	grid_init(&g, 80, 24);
	layout_draw(f.tl, &st, &g);
	int y = find_row(&g, "kernel fd 4: FIN_WAIT_2 != FIN_WAIT_1");
	assert_true(y >= 0);
	int x = find_col(&g, y, "!=");
	assert_int_equal(cell_at(&g, x, y)->color, COLOR_MISMATCH);
	assert_true(cell_at(&g, x, y)->attr & ATTR_UNDERLINE);
	/* An agreeing kernel line has no mark and no mismatch colour. */
	y = find_row(&g, "kernel fd 5: CLOSE_WAIT");
	assert_true(y >= 0);
	assert_int_equal(find_col(&g, y, "!="), -1);
	x = find_col(&g, y, "CLOSE_WAIT");
	assert_int_equal(cell_at(&g, x, y)->color, COLOR_SERVER);
	grid_free(&g);
	fx_free(&f);
}

static void test_blocked_call(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	fx_demo_setup(&f);
	struct screen_state st = fx_state("live demo");
	st.now_ns = 700 * US + 2500000000LL;
	struct grid g;
	grid_init(&g, 80, 24);
	layout_draw(f.tl, &st, &g);
	int y = find_row(&g, "accept(3) blocked 2.500 s");
	assert_true(y >= 0);
	int x = find_col(&g, y, "accept");
	assert_int_equal(cell_at(&g, x, y)->color, COLOR_BLOCKED);
	assert_true(cell_at(&g, x, y)->attr & ATTR_BOLD);
	/* Once it returns it is blocked no more. */
	fx_call(&f, 900, SIDE_SERVER, CALL_ACCEPT, false, 3, 5, "");
	layout_draw(f.tl, &st, &g);
	assert_int_equal(find_row(&g, "blocked"), -1);
	grid_free(&g);
	fx_free(&f);
}

/* Every return shows its call, value and, for a call that blocked, how
 * long, on a line of its own at every width: beside a segment (at 80
 * columns, or 80 left of a lesson's pane) it once shrank to "=0". */
static void test_returns_whole(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	fx_demo(&f);
	struct screen_state st = fx_state("live demo");
	static const int widths[] = {80, 100, 120, 160};
	for (size_t i = 0; i < sizeof widths / sizeof widths[0]; i++) {
		struct grid g;
		grid_init(&g, widths[i], 45);
		layout_draw(f.tl, &st, &g);
		int syn_ack = find_row(&g, "SYN,ACK seq=0 ack=1");
		int y = find_row(&g, "connect() = 0");
		assert_true(syn_ack >= 2);
		assert_int_equal(y, syn_ack + 1);
		assert_true(find_col(&g, syn_ack, "ESTABLISHED") <
		            find_col(&g, syn_ack, "SYN,ACK"));
		assert_true(find_row(&g, "accept() = 5 after 99.72 ms from "
		                         "127.0.0.1:51478") > syn_ack);
		assert_true(find_row(&g, "recv() = 0 after 99.85 ms") > 0);
		assert_int_equal(find_row(&g, "=0 ESTABLISHED"), -1);
		assert_int_equal(find_row(&g, "=5 ESTABLISHED"), -1);
		grid_free(&g);
	}
	/* A second and more: in seconds. */
	struct fx b;
	fx_init(&b);
	fx_demo_setup(&b);
	fx_call(&b, 1110700, SIDE_SERVER, CALL_ACCEPT, false, 3, 5, "");
	struct grid g;
	grid_init(&g, 80, 24);
	layout_draw(b.tl, &st, &g);
	assert_true(find_row(&g, "accept() = 5 after 1.11 s") > 0);
	grid_free(&g);
	fx_free(&b);
	fx_free(&f);
}

static void test_help_lists_every_binding(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	struct screen_state st = fx_state("x");
	st.help = true;
	struct grid g;
	grid_init(&g, 80, 24);
	layout_draw(f.tl, &st, &g);
	size_t n;
	const struct key_action *ka = keys_table(&n);
	char *all = screen_text(&g);
	for (size_t i = 0; i < n; i++) {
		char line[128];
		snprintf(line, sizeof line, "%-12s %s", ka[i].label,
		         ka[i].help);
		if (strstr(all, line) == NULL)
			fail_msg("help lacks \"%s\"", line);
	}
	free(all);
	grid_free(&g);
	fx_free(&f);
}

static void test_ascii_is_7bit(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	fx_demo(&f);
	struct screen_state st = fx_state("live demo");
	st.ascii = true;
	st.detail = true;
	st.selected = fx_seg_line(f.tl, 1);
	struct grid g;
	grid_init(&g, 100, 30);
	layout_draw(f.tl, &st, &g);
	for (int i = 0; i < g.width * g.height; i++)
		assert_true(g.cells[i].ch < 0x80);
	assert_true(find_row(&g, "<-SYN,ACK") >= 0);
	st.ascii = false;
	layout_draw(f.tl, &st, &g);
	assert_true(find_row(&g, "\u25c0\u2500SYN,ACK") >= 0);
	grid_free(&g);
	fx_free(&f);
}

static void test_numbers_and_time_formats(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	fx_demo(&f);
	struct screen_state st = fx_state("live demo");
	st.selected = fx_seg_line(f.tl, 1);
	struct grid g;
	grid_init(&g, 100, 30);
	layout_draw(f.tl, &st, &g);
	assert_true(find_row(&g, "SYN,ACK seq=0 ack=1 (handshake 2/3)") >= 0);
	assert_true(find_row(&g, "0.100070") >= 0);
	st.absolute = true;
	layout_draw(f.tl, &st, &g);
	assert_true(find_row(&g, "SYN,ACK seq=3928382911 ack=1746065900 "
	                         "(handshake 2/3)") >= 0);
	st.time_format = TIME_SINCE_PREVIOUS;
	layout_draw(f.tl, &st, &g);
	assert_true(find_row(&g, "+0.000020") >= 0);
	st.time_format = TIME_WALL_CLOCK;
	timeline_view(f.tl)->begin(
	        timeline_view(f.tl),
	        &(struct session_info){.origin_ns =
	                                       1700000000LL * 1000000000LL});
	layout_draw(f.tl, &st, &g);
	assert_true(find_row(&g, "22:13:20.100070") >= 0);
	grid_free(&g);
	fx_free(&f);
}

static void test_paging_geometry(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	fx_demo(&f);
	struct screen_state st = fx_state("live demo");
	struct grid g;
	grid_init(&g, 80, 24);
	assert_int_equal(layout_page_lines(&st, &g), 21);
	st.detail = true;
	assert_int_equal(layout_page_lines(&st, &g), 11);
	st.top = 7;
	assert_int_equal(layout_line_at(&st, &g, 2), 7);
	assert_int_equal(layout_line_at(&st, &g, 12), 17);
	assert_int_equal(layout_line_at(&st, &g, 13), -1); /* the pane */
	assert_int_equal(layout_line_at(&st, &g, 1), -1);  /* the rule */
	st.top = 0;
	st.selected = 30;
	layout_scroll_to_selection(&st, &g);
	assert_int_equal(st.top, 20);
	st.selected = 3;
	layout_scroll_to_selection(&st, &g);
	assert_int_equal(st.top, 3);
	grid_free(&g);
	grid_init(&g, 100, 30);
	assert_int_equal(layout_page_lines(&st, &g), 15);
	grid_free(&g);
	fx_free(&f);
}

static void test_follow_and_clamp(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	fx_demo(&f);
	size_t n = timeline_display_count(f.tl);
	struct screen_state st = fx_state("live demo");
	struct grid g;
	grid_init(&g, 80, 24);
	st.follow = true;
	layout_draw(f.tl, &st, &g);
	assert_int_equal(st.selected, n - 1);
	assert_int_equal(st.top, n - 21);
	assert_true(find_row(&g, "kernel (no fd): TIME_WAIT") >= 0);
	st.follow = false;
	st.selected = n + 40; /* past the end: clamped */
	layout_draw(f.tl, &st, &g);
	assert_int_equal(st.selected, n - 1);
	grid_free(&g);
	fx_free(&f);
}

static void test_empty_timeline(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	struct screen_state st = fx_state("live demo");
	st.detail = true;
	st.selected = 5;
	struct grid g;
	grid_init(&g, 80, 24);
	layout_draw(f.tl, &st, &g);
	assert_int_equal(st.selected, 0);
	assert_true(find_row(&g, "nothing captured yet") >= 0);
	assert_true(find_row(&g, "no lines yet") >= 0);
	st.picker = true;
	layout_draw(f.tl, &st, &g);
	assert_true(find_row(&g, "no connection yet") >= 0);
	grid_free(&g);
	fx_free(&f);
}

static void test_refused_connect(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	fx_stream(&f, 0, 51478, 5555, client_isn, server_isn);
	fx_call(&f, 0, SIDE_CLIENT, CALL_CONNECT, true, 4, 0, "127.0.0.1:5555");
	fx_seg(&f, 10,
	       &(struct fxseg){0, true, SYN, 0, 0, 0, ROLE_HANDSHAKE_1,
	                       ST_CLOSED, ST_SYN_SENT, ST_LISTEN,
	                       ST_SYN_RECEIVED, 0, false});
	fx_seg(&f, 20,
	       &(struct fxseg){0, false, TH_RST | TH_ACK, 0, 1, 0, ROLE_RST,
	                       ST_SYN_SENT, ST_CLOSED, ST_SYN_RECEIVED,
	                       ST_CLOSED, 0, false});
	fx_err(&f, 30, SIDE_CLIENT, CALL_CONNECT, 4, ECONNREFUSED);
	struct screen_state st = fx_state("live demo");
	st.detail = true;
	st.selected = fx_seg_line(f.tl, 1);
	struct grid g;
	grid_init(&g, 100, 30);
	layout_draw(f.tl, &st, &g);
	int y = find_row(&g, "RST,ACK");
	assert_true(y >= 0);
	assert_true(find_col(&g, y, "CLOSED") >= 0);
	assert_int_equal(find_row(&g, "connect() = -1 ECONNREFUSED"), y + 1);
	assert_int_equal(cell_at(&g, find_col(&g, y, "RST,ACK"), y)->color,
	                 COLOR_RESET);
	assert_true(find_row(&g, "RST aborts the connection") >= 0);
	grid_free(&g);
	/* Whole at 80 columns too. */
	st.detail = false;
	grid_init(&g, 80, 24);
	layout_draw(f.tl, &st, &g);
	assert_true(find_row(&g, "connect() = -1 ECONNREFUSED") > 0);
	grid_free(&g);
	fx_free(&f);
}

/* The details show what a learner sent: the text, and each character
 * beside its bytes, so five characters of 15 bytes can be seen. */
static void test_payload_in_details(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	fx_stream(&f, 0, 51478, 5555, client_isn, server_isn);
	fx_seg_bytes(&f, 10,
	             &(struct fxseg){0, true, PSHACK, 1, 1, 15, ROLE_DATA,
	                             ST_ESTABLISHED, ST_ESTABLISHED,
	                             ST_ESTABLISHED, ST_ESTABLISHED, 0, false},
	             "你好，世界");
	fx_seg_bytes(&f, 20,
	             &(struct fxseg){0, false, PSHACK, 1, 16, 300, ROLE_DATA,
	                             ST_ESTABLISHED, ST_ESTABLISHED,
	                             ST_ESTABLISHED, ST_ESTABLISHED, 0, false},
	             "ok\r\n");
	struct screen_state st = fx_state("replay");
	st.detail = true;
	st.selected = fx_seg_line(f.tl, 0);
	struct grid g;
	grid_init(&g, 100, 30);
	layout_draw(f.tl, &st, &g);
	assert_true(find_row(&g, "payload, 15 bytes: \"你好，世界\"") >= 0);
	assert_true(find_row(&g, "你 e4 bd a0 好 e5 a5 bd ， ef bc 8c") >= 0);
	grid_free(&g);
	/* Only its first bytes were kept: said so, and escaped. */
	st.selected = fx_seg_line(f.tl, 1);
	grid_init(&g, 100, 30);
	layout_draw(f.tl, &st, &g);
	assert_true(find_row(&g, "payload, 300 bytes; the first 4: "
	                         "\"ok\\r\\n\"...") >= 0);
	assert_true(find_row(&g, "o 6f k 6b \\r 0d \\n 0a") >= 0);
	grid_free(&g);
	/* A 7-bit screen: the bytes past ASCII escaped, not '?'. */
	st.ascii = true;
	st.selected = fx_seg_line(f.tl, 0);
	grid_init(&g, 100, 30);
	layout_draw(f.tl, &st, &g);
	assert_true(find_row(&g, "\"\\xe4\\xbd\\xa0\\xe5\\xa5\\xbd") >= 0);
	assert_true(find_row(&g, "\\xe4\\xbd\\xa0 e4 bd a0 \\xe5") >= 0);
	grid_free(&g);
	fx_free(&f);
}

/* The middle of a three-segment teardown says both of its meanings on
 * its row and in its details. */
static void test_fin_and_ack_labelled(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	fx_stream(&f, 0, 51478, 5555, client_isn, server_isn);
	fx_seg(&f, 10,
	       &(struct fxseg){0, false, FINACK, 1, 1, 0, ROLE_FIN,
	                       ST_ESTABLISHED, ST_CLOSE_WAIT, ST_ESTABLISHED,
	                       ST_FIN_WAIT_1, 0, false});
	fx_seg(&f, 20,
	       &(struct fxseg){0, true, FINACK, 1, 2, 0, ROLE_FIN_AND_ACK,
	                       ST_CLOSE_WAIT, ST_LAST_ACK, ST_FIN_WAIT_1,
	                       ST_TIME_WAIT, 0, false});
	struct screen_state st = fx_state("replay");
	st.detail = true;
	st.selected = fx_seg_line(f.tl, 1);
	struct grid g;
	grid_init(&g, 160, 45);
	layout_draw(f.tl, &st, &g);
	int y = find_row(&g, "FIN,ACK seq=1 ack=2");
	assert_true(y >= 0);
	assert_true(find_col(&g, y, "(FIN + ACK of FIN)") >= 0);
	assert_true(find_row(&g, "FIN,ACK  (FIN + ACK of FIN)") >= 0);
	assert_true(find_row(&g, "acknowledges the server's FIN") >= 0);
	grid_free(&g);
	fx_free(&f);
}

/* --- a lesson's pane ------------------------------------------------ */

static void fx_say(struct fx *f, int64_t us, int step, enum narration_kind k,
                   const char *text)
{
	f->v->narration(f->v, step, k, text, us * US);
}

/* A lesson of four steps, two run, the third's question out. */
static void fx_lesson(struct fx *f)
{
	fx_stream(f, 0, 51478, 5555, client_isn, server_isn);
	timeline_view(f->tl)->begin(timeline_view(f->tl),
	                            &(struct session_info){.steps = 4});
	fx_say(f, 0, 0, NARRATION_INTRO,
	       "connect() blocks until the SYN-ACK arrives.");
	fx_say(f, 0, 0, NARRATION_ASK, "What does listen() send?");
	fx_say(f, 10, 0, NARRATION_STEP, "server listen");
	fx_call(f, 20, SIDE_SERVER, CALL_LISTEN, true, 3, 0, "");
	fx_call(f, 30, SIDE_SERVER, CALL_LISTEN, false, 3, 0, "");
	fx_say(f, 40, 0, NARRATION_SETTLED, "returned");
	fx_say(f, 40, 0, NARRATION_SAY, "The socket is LISTEN.");
	fx_say(f, 40, 0, NARRATION_ANSWER, "Nothing: listen() sends nothing.");
	fx_say(f, 40, 1, NARRATION_ASK, "What comes back after the SYN?");
	fx_say(f, 1000, 1, NARRATION_STEP, "client connect");
	fx_call(f, 1010, SIDE_CLIENT, CALL_CONNECT, true, 4, 0,
	        "127.0.0.1:5555");
	fx_seg(f, 1020,
	       &(struct fxseg){0, true, SYN, 0, 0, 0, ROLE_HANDSHAKE_1,
	                       ST_CLOSED, ST_SYN_SENT, ST_LISTEN,
	                       ST_SYN_RECEIVED, 0, false});
	fx_seg(f, 1030,
	       &(struct fxseg){0, false, SYNACK, 0, 1, 0, ROLE_HANDSHAKE_2,
	                       ST_SYN_SENT, ST_ESTABLISHED, ST_SYN_RECEIVED,
	                       ST_SYN_RECEIVED, 0, false});
	fx_call(f, 1040, SIDE_CLIENT, CALL_CONNECT, false, 4, 0, "");
	fx_seg(f, 1050,
	       &(struct fxseg){0, true, ACK, 1, 1, 0, ROLE_HANDSHAKE_3,
	                       ST_ESTABLISHED, ST_ESTABLISHED, ST_SYN_RECEIVED,
	                       ST_ESTABLISHED, 0, false});
	fx_say(f, 1200, 1, NARRATION_SETTLED, "returned");
	fx_say(f, 1200, 1, NARRATION_SAY, "Three segments: SYN, SYN-ACK, ACK.");
	fx_say(f, 1200, 1, NARRATION_ANSWER, "A SYN-ACK, at once.");
	fx_say(f, 1200, 2, NARRATION_ASK, "Does accept() block?");
}

static void test_lesson_pane_below(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	fx_lesson(&f);
	struct screen_state st = fx_state("The three-way handshake");
	st.follow = true;
	st.stepping = true;
	struct grid g;
	grid_init(&g, 80, 24);
	layout_draw(f.tl, &st, &g);
	assert_true(st.narration);
	/* The step rows, and the newest step's words with the next
	 * question below the timeline. */
	assert_true(find_row(&g, "step 1 of 4: server listen") >= 0);
	assert_true(find_row(&g, "step 2 of 4: client connect") >= 0);
	int rule = find_row(&g, " lesson ");
	assert_true(rule > 2);
	assert_true(find_row(&g, "Step 2 of 4: client connect") > rule);
	assert_true(find_row(&g, "Three segments") > rule);
	assert_true(find_row(&g, "A: A SYN-ACK, at once.") > rule);
	assert_true(find_row(&g, "Before step 3:") > rule);
	assert_true(find_row(&g, "Q: Does accept() block?") > rule);
	assert_true(find_row(&g, "space runs the step") > rule);
	assert_int_equal(find_row(&g, "The socket is LISTEN."), -1);
	golden(&g, "lesson-below-80x24");

	/* Back on step 1: its words, and no question of a later step. */
	st.follow = false;
	st.selected = timeline_step_line(f.tl, 0) + 1;
	layout_draw(f.tl, &st, &g);
	assert_true(find_row(&g, "Step 1 of 4: server listen") > rule);
	assert_true(find_row(&g, "Q: What does listen() send?") > rule);
	assert_true(find_row(&g, "The socket is LISTEN.") > rule);
	assert_int_equal(find_row(&g, "Before step"), -1);
	assert_int_equal(find_row(&g, "Three segments"), -1);

	/* The details take the lesson pane's place while open. */
	st.detail = true;
	st.selected = fx_seg_line(f.tl, 0);
	layout_draw(f.tl, &st, &g);
	assert_int_equal(find_row(&g, " lesson "), -1);
	assert_true(find_row(&g, " details ") > 2);
	grid_free(&g);
	fx_free(&f);
}

static void test_lesson_pane_beside(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	fx_lesson(&f);
	struct screen_state st = fx_state("The three-way handshake");
	st.follow = true;
	struct grid g;
	grid_init(&g, 130, 30);
	layout_draw(f.tl, &st, &g);
	/* The timeline keeps 80 columns; the pane has the rest. */
	const struct glyphs_check {
		int x;
	} bar = {80};
	for (int y = 0; y < 29; y++)
		assert_int_equal(cell_at(&g, bar.x, y)->ch, 0x2502);
	assert_int_equal(find_col(&g, 0, "Step 2 of 4: client connect"), 82);
	assert_true(find_row(&g, "Before step 3:") > 0);
	/* The status line spans the whole width. */
	assert_int_equal(cell_at(&g, 129, 29)->attr & ATTR_REVERSE,
	                 ATTR_REVERSE);
	golden(&g, "lesson-beside-130x30");
	/* Without narration there is no pane: the timeline is 130 wide. */
	struct fx plain;
	fx_init(&plain);
	fx_demo(&plain);
	struct screen_state ps = fx_state("live demo");
	layout_draw(plain.tl, &ps, &g);
	assert_false(ps.narration);
	assert_true(find_col(&g, 0, "server 127.0.0.1:5555") > 90);
	grid_free(&g);
	fx_free(&plain);
	fx_free(&f);
}

static void test_lesson_reveal(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	fx_lesson(&f);
	struct screen_state st = fx_state("recording");
	st.reveal = true;
	st.revealed = 0;
	st.follow = true;
	struct grid g;
	grid_init(&g, 80, 24);
	/* Nothing revealed: the introduction and step 1's question. */
	layout_draw(f.tl, &st, &g);
	assert_int_equal(screen_line_count(f.tl, &st), 0);
	assert_true(find_row(&g, "connect() blocks until") >= 0);
	assert_true(find_row(&g, "Before step 1:") >= 0);
	assert_int_equal(find_row(&g, "server listen \u2500"), -1);
	/* Step 1 revealed: its lines and step 2's question, nothing of
	 * step 2's run. */
	st.revealed = 1;
	layout_draw(f.tl, &st, &g);
	assert_int_equal(screen_line_count(f.tl, &st),
	                 timeline_step_line(f.tl, 1));
	assert_int_equal(screen_last_step(f.tl, &st), 0);
	assert_true(find_row(&g, "Q: What comes back after the SYN?") >= 0);
	assert_int_equal(find_row(&g, "SYN,ACK"), -1);
	assert_int_equal(find_row(&g, "A: A SYN-ACK"), -1);
	/* All revealed. */
	st.revealed = 2;
	layout_draw(f.tl, &st, &g);
	assert_int_equal(screen_line_count(f.tl, &st),
	                 timeline_display_count(f.tl));
	assert_true(find_row(&g, "SYN,ACK") >= 0);
	grid_free(&g);
	fx_free(&f);
}

/* A lesson in Chinese: the same four steps, every word two cells. */
static void fx_lesson_zh(struct fx *f)
{
	fx_stream(f, 0, 51478, 5555, client_isn, server_isn);
	timeline_view(f->tl)->begin(timeline_view(f->tl),
	                            &(struct session_info){.steps = 4});
	fx_say(f, 0, 0, NARRATION_INTRO,
	       "\u4f60\u597d\uff0c\u4e16\u754c\u3002connect() \u4f1a\u963b"
	       "\u585e\uff0c\u76f4\u5230 SYN-ACK \u5230\u8fbe\u3002\u670d"
	       "\u52a1\u5668\u7684\u5185\u6838\u81ea\u5df1\u5b8c\u6210\u4e09"
	       "\u6b21\u63e1\u624b\uff0c\u4e0d\u7b49\u5f85\u7a0b\u5e8f\u8c03"
	       "\u7528 accept()\u3002");
	fx_say(f, 0, 0, NARRATION_ASK,
	       "listen() \u53d1\u9001\u4ec0\u4e48\uff1f");
	fx_say(f, 10, 0, NARRATION_STEP, "server listen");
	fx_call(f, 20, SIDE_SERVER, CALL_LISTEN, true, 3, 0, "");
	fx_call(f, 30, SIDE_SERVER, CALL_LISTEN, false, 3, 0, "");
	fx_say(f, 40, 0, NARRATION_SETTLED, "returned");
	fx_say(f, 40, 0, NARRATION_SAY,
	       "\u5957\u63a5\u5b57\u73b0\u5728\u662f LISTEN\u3002");
	fx_say(f, 40, 0, NARRATION_ANSWER,
	       "\u4ec0\u4e48\u4e5f\u4e0d\u53d1\u9001\u3002");
	fx_say(f, 40, 1, NARRATION_ASK,
	       "SYN \u4e4b\u540e\u56de\u6765\u7684\u662f\u4ec0\u4e48\uff1f"
	       "\u8fd9\u4e2a\u95ee\u9898\u5f88\u957f\uff0c\u957f\u5230\u4e00"
	       "\u884c\u653e\u4e0d\u4e0b\uff0c\u5fc5\u987b\u6362\u884c\uff0c"
	       "\u800c\u4e14\u6bcf\u4e2a\u5b57\u5360\u4e24\u4e2a\u683c\u5b50"
	       "\u3002");
	fx_say(f, 1000, 1, NARRATION_STEP, "client connect");
	fx_call(f, 1010, SIDE_CLIENT, CALL_CONNECT, true, 4, 0,
	        "127.0.0.1:5555");
	fx_seg(f, 1020,
	       &(struct fxseg){0, true, SYN, 0, 0, 0, ROLE_HANDSHAKE_1,
	                       ST_CLOSED, ST_SYN_SENT, ST_LISTEN,
	                       ST_SYN_RECEIVED, 0, false});
}

/* No row holds half of a wide character. */
static void assert_rows_whole(const struct grid *g)
{
	for (int y = 0; y < g->height; y++)
		for (int x = 0; x < g->width; x++) {
			const struct cell *c = cell_at(g, x, y);
			if (c->part == CELL_LEFT &&
			    (x + 1 >= g->width ||
			     cell_at(g, x + 1, y)->part != CELL_RIGHT))
				fail_msg("row %d: a lone left half at %d", y,
				         x);
			if (c->part == CELL_RIGHT &&
			    (x == 0 || cell_at(g, x - 1, y)->part != CELL_LEFT))
				fail_msg("row %d: a lone right half at %d", y,
				         x);
		}
}

static void test_lesson_in_chinese(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	fx_lesson_zh(&f);
	struct screen_state st = fx_state(
	        "\u4e09\u6b21\u63e1\u624b\uff1a\u4e00\u4e2a\u5f88\u957f\u7684"
	        "\u6807\u9898\uff0c\u957f\u5230\u72b6\u6001\u680f\u653e\u4e0d"
	        "\u4e0b\u5b83\u548c\u6309\u952e\u63d0\u793a\uff0c\u8fd8\u8981"
	        "\u518d\u957f\u4e00\u70b9");
	st.follow = true;
	st.stepping = true;
	struct grid g;
	/* Below, at 80x24: the pane's rows stay within the grid, whole. */
	grid_init(&g, 80, 24);
	layout_draw(f.tl, &st, &g);
	assert_rows_whole(&g);
	int rule = find_row(&g, " lesson ");
	assert_true(rule > 2);
	assert_true(find_row(&g, "\u8fd9\u4e2a\u95ee\u9898") > rule);
	/* The status bar: the title trimmed, so the position and the help
	 * key still show. */
	assert_non_null(strstr(row_of(&g, 23), "\u2026  line 6 of 6  ? help"));
	assert_non_null(strstr(row_of(&g, 23), " \u4e09\u6b21\u63e1\u624b"));
	for (int x = 0; x < 80; x++)
		assert_true(cell_at(&g, x, 23)->attr & ATTR_REVERSE);
	grid_free(&g);
	/* Beside, at 120x36 and 130x30: the bar at one column on every
	 * row, the text right of it within the grid. */
	for (int w = 120; w <= 130; w += 10) {
		int h = w == 120 ? 36 : 30;
		grid_init(&g, w, h);
		layout_draw(f.tl, &st, &g);
		assert_rows_whole(&g);
		for (int y = 0; y < h - 1; y++)
			assert_int_equal(cell_at(&g, 80, y)->ch, 0x2502);
		/* The question wraps over several rows, each within the
		 * pane. */
		int y = find_row(&g, "SYN \u4e4b\u540e");
		assert_true(y >= 0);
		assert_true(find_col(&g, y + 1, "\u884c") >= 0 ||
		            find_col(&g, y + 2, "\u884c") >= 0);
		assert_non_null(
		        strstr(row_of(&g, h - 1), "line 6 of 6  ? help"));
		grid_free(&g);
	}
	fx_free(&f);
}

/* Every call a lesson makes has its explanation: SO_LINGER's too (the
 * detail pane once read past the table for it). */
static void test_every_call_explained(void **state)
{
	(void)state;
	for (int c = 0; c < CALL_KIND_COUNT; c++) {
		struct fx f;
		fx_init(&f);
		fx_call(&f, 0, SIDE_CLIENT, (enum call_kind)c, true, 4, 0, "");
		struct screen_state st = fx_state("calls");
		st.detail = true;
		struct grid g;
		grid_init(&g, 80, 24);
		layout_draw(f.tl, &st, &g);
		int y = find_row(&g, " details ");
		assert_true(y > 0);
		/* the title line, then at least one line of explanation */
		assert_true(strlen(row_of(&g, y + 2)) > 20);
		grid_free(&g);
		fx_free(&f);
	}
}

/* The picker's heading sits over its columns: each name starts where
 * its values start (the segment count ends where its name ends). */
static void test_picker_header_lines_up(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	fx_interleaved(&f);
	struct screen_state st = fx_state("interleaved.pcap");
	st.picker = true;
	for (int w = 80; w <= 160; w += 40) {
		struct grid g;
		grid_init(&g, w, 24);
		layout_draw(f.tl, &st, &g);
		assert_int_equal(find_col(&g, 1, "client"),
		                 find_col(&g, 3, "127.0.0.1:40000"));
		assert_int_equal(find_col(&g, 1, "server "),
		                 find_col(&g, 3, "127.0.0.1:8080"));
		assert_int_equal(find_col(&g, 1, "segments") + 7,
		                 find_col(&g, 3, "3  ESTABLISHED"));
		assert_int_equal(find_col(&g, 1, "client state"),
		                 find_col(&g, 3, "ESTABLISHED"));
		assert_int_equal(find_col(&g, 1, "server state"),
		                 find_col(&g, 4, "CLOSED ") + 14);
		grid_free(&g);
	}
	fx_free(&f);
}

/* The status bar never cuts a word: whatever the title and the notice,
 * "? help" shows, the reminders are whole, and a notice too long is cut
 * after a whole word with an ellipsis. */
static void test_status_bar_whole_words(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	fx_demo(&f);
	const char *notice = "warning: the capture is cut off after frame "
	                     "10; the lesson has ended: q quits";
	const char *hints[] = {"? help", "q quit", "Enter details",
	                       "c connections"};
	char title[128];
	for (int w = 80; w <= 160; w += 40)
		for (int tn = 0; tn < 60; tn += 3) {
			snprintf(title, sizeof title, "%.*s", tn,
			         "The three-way handshake and the accept "
			         "queue, a long title");
			struct screen_state st = fx_state(title);
			st.notice = notice;
			struct grid g;
			grid_init(&g, w, 24);
			layout_draw(f.tl, &st, &g);
			const char *row = row_of(&g, 23);
			const char *help = strstr(row, "  ? help");
			assert_non_null(help);
			/* After "? help", only whole reminders. */
			const char *p = help + 2;
			while (*p) {
				size_t len = 0;
				for (size_t k = 0; k < 4 && len == 0; k++)
					if (strncmp(p, hints[k],
					            strlen(hints[k])) == 0)
						len = strlen(hints[k]);
				assert_true(len > 0);
				p += len;
				if (*p)
					p += 2;
			}
			/* The notice: whole, or whole words and an ellipsis. */
			const char *at = strstr(row, "  warning:");
			assert_non_null(at);
			at += 2;
			size_t len = (size_t)(help - at);
			if (strncmp(at, notice, len) != 0) {
				assert_memory_equal(at + len - 3, "\u2026", 3);
				/* ... cut at a blank, or at the ";" or ","
				 * before one */
				assert_non_null(strchr(" ;,", notice[len - 3]));
				assert_true(notice[len - 3] == ' ' ||
				            notice[len - 2] == ' ');
				assert_memory_equal(at, notice, len - 3);
			} else {
				assert_int_equal(len, strlen(notice));
			}
			grid_free(&g);
		}
	fx_free(&f);
}

/* Space until the line holding text is shown (one line at a time);
 * fails after limit presses. */
static void slow_until(struct fx *f, struct screen_state *st, struct grid *g,
                       const char *text, int limit)
{
	for (int i = 0; i < limit; i++) {
		layout_draw(f->tl, st, g);
		if (find_row(g, text) >= 0)
			return;
		assert_int_equal(screen_space(f->tl, st), SPACE_SHOWS_LINE);
		size_t before = screen_line_count(f->tl, st);
		assert_false(layout_apply(ACTION_STEP_FORWARD, st, f->tl, g));
		assert_int_equal(screen_line_count(f->tl, st), before + 1);
	}
	fail_msg("\"%s\" not shown after %d presses", text, limit);
}

/* One line at a time: each space shows one more line, the SYN, the
 * SYN-ACK and the ACK apart, and a blocked call stays drawn blocked
 * until the segment that released it is shown. */
static void test_slow_one_line_at_a_time(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	fx_demo(&f);
	struct screen_state st = fx_state("live demo");
	st.slow = true;
	st.follow = true;
	struct grid g;
	grid_init(&g, 80, 24);
	layout_draw(f.tl, &st, &g);
	assert_int_equal(screen_line_count(f.tl, &st), 0);
	assert_int_equal(screen_hidden(f.tl, &st),
	                 timeline_display_count(f.tl));
	assert_true(find_row(&g, "Space: the next line (40 more)") >= 0);
	slow_until(&f, &st, &g, "handshake 1/3", 20);
	assert_int_equal(find_row(&g, "handshake 2/3"), -1);
	assert_true(find_row(&g, "connect(4, 127.0.0.1:5555) blocked") >= 0);
	assert_true(find_row(&g, "accept(3) blocked") >= 0);
	/* Blocked as long as the class has seen: until the next line. */
	assert_true(find_row(&g, "accept(3) blocked 0.099 s") >= 0);
	layout_apply(ACTION_STEP_FORWARD, &st, f.tl, &g);
	layout_draw(f.tl, &st, &g);
	assert_true(find_row(&g, "handshake 2/3") >= 0);
	assert_int_equal(find_row(&g, "handshake 3/3"), -1);
	assert_true(find_row(&g, "connect(4, 127.0.0.1:5555) ...") >= 0);
	assert_true(find_row(&g, "accept(3) blocked") >= 0);
	slow_until(&f, &st, &g, "handshake 3/3", 3);
	assert_true(find_row(&g, "accept(3) ...") >= 0);
	assert_int_equal(find_row(&g, "blocked"), -1);
	/* s: all at once; s again: one at a time from what is shown. */
	size_t n = screen_line_count(f.tl, &st);
	layout_apply(layout_action_for(&st, 's'), &st, f.tl, &g);
	assert_false(st.slow);
	assert_int_equal(screen_line_count(f.tl, &st),
	                 timeline_display_count(f.tl));
	st.follow = false;
	st.selected = n - 1;
	layout_apply(layout_action_for(&st, 's'), &st, f.tl, &g);
	assert_true(st.slow);
	assert_int_equal(screen_line_count(f.tl, &st),
	                 timeline_display_count(f.tl));
	grid_free(&g);
	fx_free(&f);
}

/* From the first screen, what space runs next: the source's next step,
 * in the empty timeline and on the status bar; a recording's next step
 * by its title. */
static void test_space_names_next_step(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	struct screen_state st = fx_state("live demo");
	st.stepping = true;
	st.next_step = "server calls socket()";
	static const int widths[] = {80, 120, 160};
	for (size_t i = 0; i < 3; i++) {
		struct grid g;
		grid_init(&g, widths[i], 24);
		layout_draw(f.tl, &st, &g);
		int y = find_row(&g, "Space: server calls socket()");
		assert_true(y >= 2 && y < 23);
		assert_non_null(strstr(row_of(&g, 23),
		                       "Space: server calls socket()  ? help"));
		grid_free(&g);
	}
	/* Nothing waits: no hint. */
	st.next_step = NULL;
	struct grid g;
	grid_init(&g, 80, 24);
	layout_draw(f.tl, &st, &g);
	assert_int_equal(find_row(&g, "Space:"), -1);
	fx_free(&f);
	/* A recording shown a step at a time names its next step. */
	struct fx l;
	fx_init(&l);
	fx_lesson(&l);
	struct screen_state ls = fx_state("recording");
	ls.reveal = true;
	ls.stepping = true;
	layout_draw(l.tl, &ls, &g);
	assert_true(find_row(&g, "Space: step 1 of 4: server listen") >= 0);
	ls.revealed = 1;
	ls.follow = true;
	layout_draw(l.tl, &ls, &g);
	assert_non_null(strstr(row_of(&g, 23), "Space: step 2 of 4: client"));
	/* ... and with --slow, its lines one at a time, the answer after
	 * them. */
	screen_set_slow(&ls, l.tl, true);
	layout_apply(ACTION_STEP_FORWARD, &ls, l.tl, &g);
	assert_int_equal(ls.revealed, 2);
	layout_draw(l.tl, &ls, &g);
	assert_int_equal(find_row(&g, "step 2 of 4: client connect"), -1);
	layout_apply(ACTION_STEP_FORWARD, &ls, l.tl, &g);
	layout_draw(l.tl, &ls, &g);
	assert_true(find_row(&g, "step 2 of 4: client connect") >= 0);
	assert_true(find_row(&g, "Q: What comes back after the SYN?") >= 0);
	assert_int_equal(find_row(&g, "A: A SYN-ACK"), -1);
	assert_true(find_row(&g, "Space shows the next line.") >= 0);
	while (screen_hidden(l.tl, &ls) > 0)
		layout_apply(ACTION_STEP_FORWARD, &ls, l.tl, &g);
	layout_draw(l.tl, &ls, &g);
	assert_true(find_row(&g, "A: A SYN-ACK") >= 0);
	grid_free(&g);
	fx_free(&l);
}

int main(void)
{
	/* Wall-clock screens must not depend on where the tests run. */
	setenv("TZ", "UTC", 1);
	tzset();
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_demo_top),
	        cmocka_unit_test(test_lesson_pane_below),
	        cmocka_unit_test(test_lesson_pane_beside),
	        cmocka_unit_test(test_lesson_reveal),
	        cmocka_unit_test(test_lesson_in_chinese),
	        cmocka_unit_test(test_every_call_explained),
	        cmocka_unit_test(test_demo_synack_detail),
	        cmocka_unit_test(test_demo_teardown_detail),
	        cmocka_unit_test(test_demo_blocked_accept),
	        cmocka_unit_test(test_demo_numbers_and_times),
	        cmocka_unit_test(test_help_and_picker),
	        cmocka_unit_test(test_interleaved),
	        cmocka_unit_test(test_midstream_and_retransmission),
	        cmocka_unit_test(test_too_small),
	        cmocka_unit_test(test_header_names_both_endpoints),
	        cmocka_unit_test(test_header_follows_selected_stream),
	        cmocka_unit_test(test_selected_row_is_reversed),
	        cmocka_unit_test(test_mismatch_is_marked),
	        cmocka_unit_test(test_blocked_call),
	        cmocka_unit_test(test_returns_whole),
	        cmocka_unit_test(test_help_lists_every_binding),
	        cmocka_unit_test(test_ascii_is_7bit),
	        cmocka_unit_test(test_numbers_and_time_formats),
	        cmocka_unit_test(test_paging_geometry),
	        cmocka_unit_test(test_follow_and_clamp),
	        cmocka_unit_test(test_empty_timeline),
	        cmocka_unit_test(test_refused_connect),
	        cmocka_unit_test(test_payload_in_details),
	        cmocka_unit_test(test_fin_and_ack_labelled),
	        cmocka_unit_test(test_picker_header_lines_up),
	        cmocka_unit_test(test_status_bar_whole_words),
	        cmocka_unit_test(test_slow_one_line_at_a_time),
	        cmocka_unit_test(test_space_names_next_step),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
