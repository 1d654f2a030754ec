/*
 * test_timeline.c - the timeline through its view callbacks: rows and
 * their fields, packed options, which blocking return each segment
 * released, display lines, pending calls, stream copies and totals.
 *
 * Events are crafted in memory and handed to the callbacks as the model
 * would hand them; nothing here captures, decodes or tracks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timeline.h"

#define MS 1000000LL

enum { S = TH_SYN, A = TH_ACK, F = TH_FIN, P = TH_PSH };

/* What one crafted segment event points at; conntrack's pointers are
 * only valid until its next call, and so are these. */
struct segfeed {
	struct segment seg;
	struct stream_info stream;
	struct seg_event ev;
};

static const char malformed_note[] = "data offset past the header";
static const char option_error[] = "option length past the header";

/* A plain segment of stream 0, as conntrack would describe it. */
static void segfeed_init(struct segfeed *f, uint64_t frame, bool c2s,
                         uint16_t flags)
{
	memset(f, 0, sizeof *f);
	f->seg.frame = frame;
	f->seg.flags = flags;
	f->seg.seq = 1000 + (uint32_t)frame;
	f->seg.ack = 2000 + (uint32_t)frame;
	f->seg.win = 65535;
	f->seg.hdr_len = 20;
	f->stream.id = 0;
	f->stream.client.port = 40000;
	f->stream.server.port = 5555;
	f->stream.client_state = ST_ESTABLISHED;
	f->stream.server_state = ST_ESTABLISHED;
	f->stream.segments = frame;
	f->ev.seg = &f->seg;
	f->ev.stream = &f->stream;
	f->ev.c2s = c2s;
	f->ev.role = ROLE_ACK;
	f->ev.src_before = ST_ESTABLISHED;
	f->ev.src_state = ST_ESTABLISHED;
	f->ev.dst_before = ST_ESTABLISHED;
	f->ev.dst_state = ST_ESTABLISHED;
}

static void feed_segfeed(struct timeline *tl, struct segfeed *f, int64_t t)
{
	struct view *v = timeline_view(tl);
	v->segment(v, &f->ev, t);
}

static void feed_seg(struct timeline *tl, int64_t t, bool c2s, uint16_t flags)
{
	struct segfeed f;
	segfeed_init(&f, timeline_count(tl) + 1, c2s, flags);
	feed_segfeed(tl, &f, t);
}

static void feed_call(struct timeline *tl, int64_t t, enum side who,
                      enum call_kind call, bool enter, long ret)
{
	struct call_event c;
	memset(&c, 0, sizeof c);
	c.ts_ns = 1700000000LL * 1000 * MS + t;
	c.side = who;
	c.call = call;
	c.enter = enter;
	c.fd = 3;
	c.ret = ret;
	char detail[64];
	snprintf(detail, sizeof detail, "%s %s", event_call_name(call),
	         enter ? "enter" : "return");
	c.detail = detail;
	struct view *v = timeline_view(tl);
	v->call(v, &c, t);
}

static void feed_kstate(struct timeline *tl, int64_t t, enum side who,
                        enum tcp_state st)
{
	struct kstate_event k;
	memset(&k, 0, sizeof k);
	k.side = who;
	k.fd = 4;
	k.local.port = who == SIDE_CLIENT ? 40000 : 5555;
	k.remote.port = who == SIDE_CLIENT ? 5555 : 40000;
	k.state = st;
	k.has_inferred = true;
	k.inferred = st;
	struct view *v = timeline_view(tl);
	v->kstate(v, &k, t);
}

static const struct tl_segment *seg_at(const struct timeline *tl, size_t i)
{
	const struct tl_row *r = timeline_row(tl, i);
	assert_non_null(r);
	assert_int_equal(r->kind, TL_SEGMENT);
	return &r->u.seg;
}

static void assert_opts_equal(const struct tcpopts *a, const struct tcpopts *b)
{
	assert_int_equal(a->present, b->present);
	assert_int_equal(a->nop_count, b->nop_count);
	assert_int_equal(a->mss, b->mss);
	assert_int_equal(a->wscale, b->wscale);
	assert_int_equal(a->sack_count, b->sack_count);
	assert_memory_equal(a->sack, b->sack,
	                    a->sack_count * sizeof a->sack[0]);
	assert_int_equal(a->tsval, b->tsval);
	assert_int_equal(a->tsecr, b->tsecr);
	assert_int_equal(a->tfo_cookie_len, b->tfo_cookie_len);
	assert_memory_equal(a->tfo_cookie, b->tfo_cookie, a->tfo_cookie_len);
	assert_int_equal(a->unknown_count, b->unknown_count);
	unsigned kept = a->unknown_count < TCPOPT_MAX_UNKNOWN
	                        ? a->unknown_count
	                        : TCPOPT_MAX_UNKNOWN;
	assert_memory_equal(a->unknown, b->unknown, kept);
	assert_ptr_equal(a->error, b->error);
}

/* Feed one segment with these options and read them back. */
static void round_trip_options(const struct tcpopts *in)
{
	struct timeline *tl = timeline_new();
	struct segfeed f;
	segfeed_init(&f, 1, true, S);
	f.seg.opts = *in;
	feed_segfeed(tl, &f, 0);
	const struct tl_row *r = timeline_row(tl, 0);
	assert_int_not_equal(r->u.seg.opts, TL_NONE);
	struct tcpopts out;
	memset(&out, 0xa5, sizeof out);
	timeline_options(tl, r, &out);
	assert_opts_equal(in, &out);
	timeline_free(tl);
}

static void test_segment_fields(void **state)
{
	(void)state;
	struct timeline *tl = timeline_new();
	struct segfeed f;
	segfeed_init(&f, 42, false, S | A);
	f.seg.seq = 0xfffffff0u;
	f.seg.ack = 123456789u;
	f.seg.len = 1448;
	f.seg.win = 512;
	f.seg.urp = 7;
	f.seg.cksum = 0xbeef;
	f.seg.hdr_len = 32;
	f.seg.truncated = true;
	f.seg.malformed = malformed_note;
	f.stream.id = 3;
	f.ev.rseq = 0;
	f.ev.rack = 1;
	f.ev.new_stream = true;
	f.ev.role = ROLE_HANDSHAKE_2;
	f.ev.analysis = AN_RETRANSMISSION | AN_REUSED_PORTS;
	f.ev.src_before = ST_SYN_RECEIVED;
	f.ev.src_state = ST_SYN_RECEIVED;
	f.ev.dst_before = ST_SYN_SENT;
	f.ev.dst_state = ST_ESTABLISHED;
	feed_segfeed(tl, &f, 1500 * MS);

	assert_int_equal(timeline_count(tl), 1);
	const struct tl_row *r = timeline_row(tl, 0);
	assert_int_equal(r->t_ns, 1500 * MS);
	const struct tl_segment *s = seg_at(tl, 0);
	assert_int_equal(s->frame, 42);
	assert_int_equal(s->stream, 3);
	assert_int_equal(s->seq, 0xfffffff0u);
	assert_int_equal(s->ack, 123456789u);
	assert_int_equal(s->rseq, 0);
	assert_int_equal(s->rack, 1);
	assert_int_equal(s->len, 1448);
	assert_int_equal(s->win, 512);
	assert_int_equal(s->urp, 7);
	assert_int_equal(s->cksum, 0xbeef);
	assert_int_equal(s->flags, S | A);
	assert_int_equal(s->analysis, AN_RETRANSMISSION | AN_REUSED_PORTS);
	assert_int_equal(s->hdr_len, 32);
	assert_int_equal(s->role, ROLE_HANDSHAKE_2);
	assert_int_equal(s->src_before, ST_SYN_RECEIVED);
	assert_int_equal(s->src_after, ST_SYN_RECEIVED);
	assert_int_equal(s->dst_before, ST_SYN_SENT);
	assert_int_equal(s->dst_after, ST_ESTABLISHED);
	assert_false(s->c2s);
	assert_true(s->truncated);
	assert_true(s->new_stream);
	assert_ptr_equal(s->malformed, malformed_note);
	assert_int_equal(s->opts, TL_NONE);
	assert_int_equal(s->released, TL_NONE);
	assert_null(timeline_call(tl, r));
	assert_null(timeline_kstate(tl, r));
	assert_null(timeline_row(tl, 1));
	timeline_free(tl);
}

static void test_call_and_kstate_fields(void **state)
{
	(void)state;
	struct timeline *tl = timeline_new();
	feed_call(tl, 5 * MS, SIDE_SERVER, CALL_LISTEN, false, 0);
	feed_kstate(tl, 6 * MS, SIDE_SERVER, ST_LISTEN);
	assert_int_equal(timeline_count(tl), 2);

	const struct tl_row *r = timeline_row(tl, 0);
	assert_int_equal(r->kind, TL_CALL);
	assert_int_equal(r->t_ns, 5 * MS);
	const struct call_event *c = timeline_call(tl, r);
	assert_non_null(c);
	assert_int_equal(c->side, SIDE_SERVER);
	assert_int_equal(c->call, CALL_LISTEN);
	assert_false(c->enter);
	assert_string_equal(c->detail, "listen return");
	assert_null(timeline_kstate(tl, r));

	r = timeline_row(tl, 1);
	assert_int_equal(r->kind, TL_KSTATE);
	assert_int_equal(r->t_ns, 6 * MS);
	const struct kstate_event *k = timeline_kstate(tl, r);
	assert_non_null(k);
	assert_int_equal(k->state, ST_LISTEN);
	assert_int_equal(k->local.port, 5555);
	assert_true(k->has_inferred);
	assert_null(timeline_call(tl, r));
	timeline_free(tl);
}

static void test_options_syn(void **state)
{
	(void)state;
	struct tcpopts o;
	memset(&o, 0, sizeof o);
	o.present =
	        OPT_HAS_MSS | OPT_HAS_SACK_PERM | OPT_HAS_TS | OPT_HAS_WSCALE;
	o.nop_count = 1;
	o.mss = 65495;
	o.wscale = 7;
	o.tsval = 2020675671u;
	o.tsecr = 0;
	round_trip_options(&o);
}

static void test_options_sack(void **state)
{
	(void)state;
	struct tcpopts o;
	memset(&o, 0, sizeof o);
	o.present = OPT_HAS_SACK | OPT_HAS_TS;
	o.nop_count = 4;
	o.sack_count = 3;
	o.sack[0][0] = 1001, o.sack[0][1] = 2449;
	o.sack[1][0] = 4000000000u, o.sack[1][1] = 4000001448u;
	o.sack[2][0] = 7, o.sack[2][1] = 8;
	o.tsval = 11, o.tsecr = 12;
	round_trip_options(&o);
}

static void test_options_tfo_unknown_error(void **state)
{
	(void)state;
	struct tcpopts o;
	memset(&o, 0, sizeof o);
	o.present = OPT_HAS_TFO | OPT_HAS_EOL;
	o.tfo_cookie_len = 8;
	memcpy(o.tfo_cookie, "\x01\x23\x45\x67\x89\xab\xcd\xef", 8);
	/* More unknown kinds than are kept: the count says how many. */
	o.unknown_count = TCPOPT_MAX_UNKNOWN + 2;
	for (int i = 0; i < TCPOPT_MAX_UNKNOWN; i++)
		o.unknown[i] = (uint8_t)(30 + i);
	o.error = option_error;
	round_trip_options(&o);

	/* A cookie request: TFO with no cookie. */
	memset(&o, 0, sizeof o);
	o.present = OPT_HAS_TFO;
	round_trip_options(&o);

	/* Only unknown kinds: no present bit, still options. */
	memset(&o, 0, sizeof o);
	o.unknown_count = 1;
	o.unknown[0] = 253;
	round_trip_options(&o);
}

/* Where the second segment's options start, after `plain` segments
 * without options between two with the same options. */
static uint32_t second_options_offset(int plain)
{
	struct timeline *tl = timeline_new();
	struct segfeed f;
	segfeed_init(&f, 1, true, A);
	f.seg.opts.present = OPT_HAS_TS;
	f.seg.opts.nop_count = 2;
	f.seg.opts.tsval = 99;
	feed_segfeed(tl, &f, 0);
	for (int i = 0; i < plain; i++)
		feed_seg(tl, 1, false, A);
	feed_segfeed(tl, &f, 2);
	uint32_t first = seg_at(tl, 0)->opts;
	uint32_t second = seg_at(tl, timeline_count(tl) - 1)->opts;
	assert_int_equal(first, 0);
	for (int i = 0; i < plain; i++) {
		const struct tl_row *r = timeline_row(tl, 1 + (size_t)i);
		assert_int_equal(r->u.seg.opts, TL_NONE);
		struct tcpopts o;
		memset(&o, 0xa5, sizeof o);
		timeline_options(tl, r, &o);
		assert_int_equal(o.present, 0);
		assert_null(o.error);
	}
	timeline_free(tl);
	return second;
}

static void test_no_options_no_arena(void **state)
{
	(void)state;
	uint32_t packed = second_options_offset(0);
	assert_true(packed > 0);
	/* Far less than a struct tcpopts: only what was present. */
	assert_true(packed < 16);
	assert_int_equal(second_options_offset(1000), packed);
}

/* The kernel's word on a socket is kept when it is news: a change, or a
 * disagreement with the segments; a repeat adds no row. */
static void test_kstate_repeats_dropped(void **state)
{
	(void)state;
	struct timeline *tl = timeline_new();
	feed_kstate(tl, 1 * MS, SIDE_SERVER, ST_LISTEN);
	feed_kstate(tl, 2 * MS, SIDE_CLIENT, ST_ESTABLISHED);
	feed_kstate(tl, 3 * MS, SIDE_SERVER, ST_LISTEN);      /* repeat */
	feed_kstate(tl, 4 * MS, SIDE_CLIENT, ST_ESTABLISHED); /* repeat */
	assert_int_equal(timeline_count(tl), 2);
	feed_kstate(tl, 5 * MS, SIDE_CLIENT, ST_FIN_WAIT_2); /* a change */
	assert_int_equal(timeline_count(tl), 3);
	/* The same state, but now the segments disagree: news again. */
	struct kstate_event k;
	memset(&k, 0, sizeof k);
	k.side = SIDE_CLIENT;
	k.fd = 4;
	k.local.port = 40000;
	k.remote.port = 5555;
	k.state = ST_FIN_WAIT_2;
	k.has_inferred = true;
	k.inferred = ST_FIN_WAIT_1;
	struct view *v = timeline_view(tl);
	v->kstate(v, &k, 6 * MS);
	assert_int_equal(timeline_count(tl), 4);
	assert_int_equal(timeline_display_count(tl), 4);
	timeline_free(tl);
}

/* The demo's exchange, row by row (indices asserted below). */
static void feed_demo(struct timeline *tl)
{
	feed_call(tl, 1 * MS, SIDE_SERVER, CALL_ACCEPT, true, 0);  /* 0 */
	feed_call(tl, 2 * MS, SIDE_CLIENT, CALL_CONNECT, true, 0); /* 1 */
	feed_seg(tl, 3 * MS, true, S);                             /* 2 SYN */
	feed_seg(tl, 4 * MS, false, S | A); /* 3 SYN-ACK */
	feed_seg(tl, 5 * MS, true, A);      /* 4 ACK */
	feed_call(tl, 6 * MS, SIDE_CLIENT, CALL_CONNECT, false, 0); /* 5 */
	feed_kstate(tl, 6 * MS, SIDE_CLIENT, ST_ESTABLISHED);       /* 6 */
	feed_call(tl, 7 * MS, SIDE_SERVER, CALL_ACCEPT, false, 4);  /* 7 */
	feed_kstate(tl, 7 * MS, SIDE_SERVER, ST_ESTABLISHED);       /* 8 */
	feed_call(tl, 8 * MS, SIDE_CLIENT, CALL_SEND, true, 0);     /* 9 */
	feed_seg(tl, 9 * MS, true, P | A);                        /* 10 data */
	feed_seg(tl, 9 * MS + 1, false, A);                       /* 11 ACK */
	feed_call(tl, 10 * MS, SIDE_CLIENT, CALL_SEND, false, 5); /* 12 */
	/* The data arrived before recv was entered: nothing releases it. */
	feed_call(tl, 11 * MS, SIDE_SERVER, CALL_RECV, true, 0);   /* 13 */
	feed_call(tl, 12 * MS, SIDE_SERVER, CALL_RECV, false, 5);  /* 14 */
	feed_call(tl, 13 * MS, SIDE_SERVER, CALL_RECV, true, 0);   /* 15 */
	feed_call(tl, 14 * MS, SIDE_CLIENT, CALL_CLOSE, true, 0);  /* 16 */
	feed_seg(tl, 15 * MS, true, F | A);                        /* 17 FIN */
	feed_seg(tl, 16 * MS, false, A);                           /* 18 ACK */
	feed_call(tl, 17 * MS, SIDE_CLIENT, CALL_CLOSE, false, 0); /* 19 */
	feed_call(tl, 18 * MS, SIDE_SERVER, CALL_RECV, false, 0);  /* 20 */
}

static void test_demo_pairing(void **state)
{
	(void)state;
	struct timeline *tl = timeline_new();
	feed_demo(tl);
	assert_int_equal(timeline_count(tl), 21);

	/* connect() returns on the SYN-ACK, accept() on the third ACK,
	 * recv() = 0 on the FIN. */
	assert_int_equal(timeline_released_by(tl, 5), 3);
	assert_int_equal(seg_at(tl, 3)->released, 5);
	assert_int_equal(timeline_released_by(tl, 7), 4);
	assert_int_equal(seg_at(tl, 4)->released, 7);
	assert_int_equal(timeline_released_by(tl, 20), 17);
	assert_int_equal(seg_at(tl, 17)->released, 20);

	/* Non-blocking returns and the recv with nothing in its window
	 * keep their lines. */
	assert_int_equal(timeline_released_by(tl, 12), TL_NONE);
	assert_int_equal(timeline_released_by(tl, 14), TL_NONE);
	assert_int_equal(timeline_released_by(tl, 19), TL_NONE);
	static const size_t unpaired[] = {2, 10, 11, 18};
	for (size_t i = 0; i < sizeof unpaired / sizeof unpaired[0]; i++)
		assert_int_equal(seg_at(tl, unpaired[i])->released, TL_NONE);
	/* Enter rows and segments release nothing. */
	assert_int_equal(timeline_released_by(tl, 0), TL_NONE);
	assert_int_equal(timeline_released_by(tl, 3), TL_NONE);

	/* Every return keeps a line of its own, whole: 21 rows, 21 lines,
	 * the released return just after its segment's line here. */
	assert_int_equal(timeline_display_count(tl), 21);
	assert_int_equal(timeline_display_of(tl, 5), 5);
	assert_int_equal(timeline_display_of(tl, 7), 7);
	assert_int_equal(timeline_display_of(tl, 20), 20);
	assert_int_equal(timeline_display_row(tl, timeline_display_of(tl, 5)),
	                 5);
	assert_int_equal(timeline_display_row(tl, 17), 17);
	timeline_free(tl);
}

static void test_nonblocking_never_paired(void **state)
{
	(void)state;
	static const enum call_kind kinds[] = {CALL_SEND, CALL_CLOSE,
	                                       CALL_SHUTDOWN, CALL_SOCKET};
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		struct timeline *tl = timeline_new();
		feed_call(tl, 1, SIDE_CLIENT, kinds[k], true, 0);
		feed_seg(tl, 2, false, A); /* reaches the client */
		feed_call(tl, 3, SIDE_CLIENT, kinds[k], false, 0);
		assert_int_equal(timeline_released_by(tl, 2), TL_NONE);
		assert_int_equal(seg_at(tl, 1)->released, TL_NONE);
		assert_int_equal(timeline_display_count(tl), 3);
		assert_int_equal(timeline_display_of(tl, 2), 2);
		timeline_free(tl);
	}
}

static void test_return_without_segment(void **state)
{
	(void)state;
	struct timeline *tl = timeline_new();
	/* Only a segment the client sent: nothing reached it. */
	feed_call(tl, 1, SIDE_CLIENT, CALL_CONNECT, true, 0);
	feed_seg(tl, 2, true, S);
	feed_call(tl, 3, SIDE_CLIENT, CALL_CONNECT, false, -1);
	assert_int_equal(timeline_released_by(tl, 2), TL_NONE);
	/* A segment reaching the server before accept was entered. */
	feed_seg(tl, 4, true, A);
	feed_call(tl, 5, SIDE_SERVER, CALL_ACCEPT, true, 0);
	feed_call(tl, 6, SIDE_SERVER, CALL_ACCEPT, false, 4);
	assert_int_equal(timeline_released_by(tl, 5), TL_NONE);
	/* A return whose enter was never seen. */
	feed_seg(tl, 7, true, P | A);
	feed_call(tl, 8, SIDE_SERVER, CALL_RECV, false, 5);
	assert_int_equal(timeline_released_by(tl, 7), TL_NONE);
	assert_int_equal(seg_at(tl, 3)->released, TL_NONE);
	assert_int_equal(seg_at(tl, 6)->released, TL_NONE);
	assert_int_equal(timeline_display_count(tl), timeline_count(tl));
	timeline_free(tl);
}

static void test_segment_releases_one_return(void **state)
{
	(void)state;
	struct timeline *tl = timeline_new();
	/* Two recv windows sharing an instant: the segment at t = 5
	 * releases the first only. */
	feed_call(tl, 1, SIDE_SERVER, CALL_RECV, true, 0);
	feed_seg(tl, 5, true, P | A);
	feed_call(tl, 5, SIDE_SERVER, CALL_RECV, false, 5);
	feed_call(tl, 5, SIDE_SERVER, CALL_RECV, true, 0);
	feed_call(tl, 6, SIDE_SERVER, CALL_RECV, false, 5);
	assert_int_equal(timeline_released_by(tl, 2), 1);
	assert_int_equal(timeline_released_by(tl, 4), TL_NONE);
	assert_int_equal(timeline_display_count(tl), 5);

	/* The latest qualifying segment wins over an earlier one. */
	feed_call(tl, 7, SIDE_CLIENT, CALL_RECV, true, 0);    /* 5 */
	feed_seg(tl, 8, false, P | A);                        /* 6 */
	feed_seg(tl, 9, true, A);                             /* 7 */
	feed_seg(tl, 10, false, P | A);                       /* 8 */
	feed_call(tl, 11, SIDE_CLIENT, CALL_RECV, false, 10); /* 9 */
	assert_int_equal(timeline_released_by(tl, 9), 8);
	assert_int_equal(seg_at(tl, 6)->released, TL_NONE);
	timeline_free(tl);
}

static void test_display_agrees(void **state)
{
	(void)state;
	struct timeline *tl = timeline_new();
	feed_demo(tl);
	size_t n = timeline_display_count(tl);
	size_t prev = 0;
	for (size_t d = 0; d < n; d++) {
		size_t row = timeline_display_row(tl, d);
		assert_true(row < timeline_count(tl));
		if (d > 0)
			assert_true(row > prev);
		prev = row;
		assert_int_equal(timeline_display_of(tl, row), d);
	}
	/* Every row is a line; released returns among them. */
	size_t released = 0;
	for (size_t row = 0; row < timeline_count(tl); row++) {
		size_t d = timeline_display_of(tl, row);
		assert_true(d < n);
		released += timeline_released_by(tl, row) != TL_NONE;
		assert_int_equal(timeline_display_row(tl, d), row);
	}
	assert_int_equal(released, 3);
	assert_int_equal(n, timeline_count(tl));
	assert_int_equal(timeline_display_row(tl, n), TL_NONE);
	timeline_free(tl);
}

static void test_pending(void **state)
{
	(void)state;
	struct timeline *tl = timeline_new();
	assert_int_equal(timeline_pending(tl, SIDE_CLIENT), TL_NONE);
	assert_int_equal(timeline_pending(tl, SIDE_SERVER), TL_NONE);
	feed_call(tl, 1, SIDE_SERVER, CALL_ACCEPT, true, 0);
	assert_int_equal(timeline_pending(tl, SIDE_SERVER), 0);
	assert_int_equal(timeline_pending(tl, SIDE_CLIENT), TL_NONE);
	feed_call(tl, 2, SIDE_CLIENT, CALL_CONNECT, true, 0);
	assert_int_equal(timeline_pending(tl, SIDE_CLIENT), 1);
	feed_seg(tl, 3, true, S);
	assert_int_equal(timeline_pending(tl, SIDE_CLIENT), 1);
	feed_call(tl, 4, SIDE_CLIENT, CALL_CONNECT, false, 0);
	assert_int_equal(timeline_pending(tl, SIDE_CLIENT), TL_NONE);
	assert_int_equal(timeline_pending(tl, SIDE_SERVER), 0);
	feed_call(tl, 5, SIDE_SERVER, CALL_ACCEPT, false, 4);
	assert_int_equal(timeline_pending(tl, SIDE_SERVER), TL_NONE);
	timeline_free(tl);
}

/* Three actors, two of them on the server's side: each keeps its own
 * pending call, and the calls keep their actor's label. */
static void test_actors(void **state)
{
	(void)state;
	struct timeline *tl = timeline_new();
	struct view *v = timeline_view(tl);
	struct actor a[3] = {{.id = 0, .label = "server[10]", .pid = 10},
	                     {.id = 1, .label = "server[11]", .pid = 11},
	                     {.id = 2, .label = "client[12]", .pid = 12}};
	for (int i = 0; i < 3; i++)
		v->actor(v, &a[i]);
	struct call_event c = {.actor = &a[0],
	                       .side = SIDE_SERVER,
	                       .call = CALL_ACCEPT,
	                       .enter = true,
	                       .fd = 3};
	v->call(v, &c, 1); /* row 0: server[10] accept ... */
	c.actor = &a[1];
	c.call = CALL_RECV;
	v->call(v, &c, 2); /* row 1: server[11] recv ... */
	assert_int_equal(timeline_pending(tl, SIDE_SERVER), 1);
	assert_true(timeline_call_pending(tl, 0));
	assert_true(timeline_call_pending(tl, 1));
	c.enter = false;
	c.ret = 5;
	v->call(v, &c, 3); /* server[11]'s recv returns */
	assert_false(timeline_call_pending(tl, 1));
	assert_true(timeline_call_pending(tl, 0));
	assert_int_equal(timeline_pending(tl, SIDE_SERVER), 0);
	assert_int_equal(timeline_pending(tl, SIDE_CLIENT), TL_NONE);

	/* The timeline keeps its own copy of who made a call. */
	const struct call_event *k = timeline_call(tl, timeline_row(tl, 1));
	a[1].label = "changed";
	assert_non_null(k->actor);
	assert_string_equal(k->actor->label, "server[11]");
	assert_int_equal(k->actor->pid, 11);
	assert_string_equal(event_who(k->actor, k->side), "server[11]");
	assert_string_equal(k->detail, "");
	timeline_free(tl);
}

/* The kernel's last word on the socket a call is on: its side and fd. */
static void test_fd_state(void **state)
{
	(void)state;
	struct timeline *tl = timeline_new();
	struct view *v = timeline_view(tl);
	struct kstate_event k = {
	        .side = SIDE_SERVER, .fd = 3, .state = ST_LISTEN};
	k.local.port = 5555;
	v->kstate(v, &k, 1);
	struct call_event c = {.side = SIDE_SERVER,
	                       .call = CALL_CLOSE,
	                       .enter = true,
	                       .fd = 3};
	v->call(v, &c, 2); /* row 1 */
	c.fd = 5;
	v->call(v, &c, 3); /* row 2: a socket the kernel was not asked of */
	c.side = SIDE_CLIENT;
	c.fd = 3;
	v->call(v, &c, 4); /* row 3: the client's fd 3 is another socket */
	assert_int_equal(timeline_fd_state(tl, 1), ST_LISTEN);
	assert_int_equal(timeline_fd_state(tl, 2), -1);
	assert_int_equal(timeline_fd_state(tl, 3), -1);
	assert_int_equal(timeline_fd_state(tl, 0), -1); /* not a call */
	timeline_free(tl);
}

static void test_streams(void **state)
{
	(void)state;
	struct timeline *tl = timeline_new();
	assert_int_equal(timeline_stream_count(tl), 0);
	assert_null(timeline_stream(tl, 0));

	struct segfeed f;
	segfeed_init(&f, 1, true, S);
	f.stream.client_state = ST_SYN_SENT;
	f.stream.server_state = ST_SYN_RECEIVED;
	f.stream.segments = 1;
	feed_segfeed(tl, &f, 0);
	/* The model reuses its record: the timeline kept a copy. */
	f.stream.client_state = ST_CLOSED;
	assert_int_equal(timeline_stream(tl, 0)->client_state, ST_SYN_SENT);

	segfeed_init(&f, 2, true, S);
	f.stream.id = 1;
	f.stream.server.port = 8080;
	f.stream.segments = 1;
	feed_segfeed(tl, &f, 1);
	segfeed_init(&f, 3, false, S | A);
	f.stream.client_state = ST_ESTABLISHED;
	f.stream.server_state = ST_SYN_RECEIVED;
	f.stream.segments = 2;
	feed_segfeed(tl, &f, 2);
	assert_int_equal(timeline_stream_count(tl), 2);
	assert_int_equal(timeline_stream(tl, 0)->segments, 2);
	assert_int_equal(timeline_stream(tl, 0)->client_state, ST_ESTABLISHED);
	assert_int_equal(timeline_stream(tl, 1)->server.port, 8080);
	assert_int_equal(seg_at(tl, 1)->stream, 1);

	/* The final records replace what the segments left. */
	struct stream_info fin = *timeline_stream(tl, 0);
	fin.client_state = ST_TIME_WAIT;
	fin.server_state = ST_CLOSED;
	fin.segments = 9;
	fin.last_ns = 77;
	struct view *v = timeline_view(tl);
	v->stream(v, &fin);
	assert_int_equal(timeline_stream(tl, 0)->client_state, ST_TIME_WAIT);
	assert_int_equal(timeline_stream(tl, 0)->segments, 9);
	assert_int_equal(timeline_stream(tl, 0)->last_ns, 77);
	assert_int_equal(timeline_stream(tl, 1)->segments, 1);
	/* A record for a stream no segment showed still has its slot. */
	fin.id = 4;
	v->stream(v, &fin);
	assert_int_equal(timeline_stream_count(tl), 5);
	assert_int_equal(timeline_stream(tl, 4)->id, 4);
	timeline_free(tl);
}

static void test_million_rows(void **state)
{
	(void)state;
	struct timeline *tl = timeline_new();
	struct segfeed f;
	segfeed_init(&f, 1, true, A);
	feed_segfeed(tl, &f, 0);
	const struct tl_row *first = timeline_row(tl, 0);
	for (uint64_t i = 2; i <= 1000000; i++) {
		f.seg.frame = i;
		f.seg.seq = (uint32_t)(i * 3);
		feed_segfeed(tl, &f, (int64_t)i);
	}
	assert_int_equal(timeline_count(tl), 1000000);
	assert_int_equal(timeline_display_count(tl), 1000000);
	assert_ptr_equal(timeline_row(tl, 0), first);
	assert_int_equal(first->u.seg.frame, 1);
	assert_int_equal(first->u.seg.seq, 1001);
	const struct tl_row *last = timeline_row(tl, 999999);
	assert_int_equal(last->u.seg.frame, 1000000);
	assert_int_equal(last->u.seg.seq, 3000000);
	assert_int_equal(last->t_ns, 1000000);
	assert_int_equal(timeline_row(tl, 4096)->u.seg.frame, 4097);
	assert_int_equal(timeline_display_of(tl, 777777), 777777);
	assert_int_equal(timeline_display_row(tl, 654321), 654321);
	timeline_free(tl);
}

static void test_row_size(void **state)
{
	(void)state;
	/* The budget that lets millions of segments fit in memory. */
	assert_true(sizeof(struct tl_row) <= 96);
}

static void test_finish(void **state)
{
	(void)state;
	struct timeline *tl = timeline_new();
	feed_seg(tl, 0, true, S);
	assert_false(timeline_finished(tl));
	struct session_totals t;
	memset(&t, 0, sizeof t);
	t.frames = 10;
	t.segments = 8;
	t.streams = 1;
	t.skipped[DECODE_NOT_TCP] = 2;
	t.truncated = 1;
	t.dropped = -1;
	struct view *v = timeline_view(tl);
	v->finish(v, &t);
	assert_true(timeline_finished(tl));
	const struct session_totals *got = timeline_totals(tl);
	assert_int_equal(got->frames, 10);
	assert_int_equal(got->segments, 8);
	assert_int_equal(got->streams, 1);
	assert_int_equal(got->skipped[DECODE_NOT_TCP], 2);
	assert_int_equal(got->truncated, 1);
	assert_int_equal(got->dropped, -1);
	/* The model destroys its view; the timeline stays readable. */
	v->destroy(v);
	assert_int_equal(timeline_count(tl), 1);
	assert_int_equal(seg_at(tl, 0)->flags, S);
	timeline_free(tl);
}

static void test_origin(void **state)
{
	(void)state;
	struct timeline *tl = timeline_new();
	assert_int_equal(timeline_origin(tl), 0);
	timeline_view(tl)->begin(
	        timeline_view(tl),
	        &(struct session_info){.origin_ns = 1700000000123456789LL});
	assert_int_equal(timeline_origin(tl), 1700000000123456789LL);
	timeline_free(tl);
}

static void feed_words(struct timeline *tl, int64_t t, int step,
                       enum narration_kind k, const char *text)
{
	struct view *v = timeline_view(tl);
	v->narration(v, step, k, text, t);
}

/* Narration is kept aside; only a step's start is a line, and every line
 * after it belongs to that step until the next. */
static void test_narration_and_steps(void **state)
{
	(void)state;
	struct timeline *tl = timeline_new();
	assert_int_equal(timeline_last_step(tl), -1);
	assert_int_equal(timeline_step_of_line(tl, 0), -1);
	feed_words(tl, 0, 0, NARRATION_INTRO, "intro words");
	feed_words(tl, 0, 0, NARRATION_ASK, "first question");
	assert_int_equal(timeline_display_count(tl), 0);
	feed_words(tl, 1 * MS, 0, NARRATION_STEP, "server listen");
	feed_call(tl, 2 * MS, SIDE_SERVER, CALL_LISTEN, true, 0);
	feed_call(tl, 3 * MS, SIDE_SERVER, CALL_LISTEN, false, 0);
	feed_words(tl, 4 * MS, 0, NARRATION_SAY, "now LISTEN");
	feed_words(tl, 5 * MS, 1, NARRATION_STEP, "client connect");
	feed_seg(tl, 6 * MS, true, S);
	assert_int_equal(timeline_display_count(tl), 5);
	assert_int_equal(timeline_row(tl, 0)->kind, TL_STEP);
	assert_int_equal(timeline_row(tl, 3)->kind, TL_STEP);
	assert_int_equal(timeline_step_line(tl, 0), 0);
	assert_int_equal(timeline_step_line(tl, 1), 3);
	assert_int_equal(timeline_step_line(tl, 2), SIZE_MAX);
	static const int want[] = {0, 0, 0, 1, 1};
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(timeline_step_of_line(tl, i), want[i]);
	assert_int_equal(timeline_last_step(tl), 1);
	assert_string_equal(timeline_narration_text(tl, 0, NARRATION_INTRO),
	                    "intro words");
	assert_string_equal(timeline_narration_text(tl, 0, NARRATION_SAY),
	                    "now LISTEN");
	assert_null(timeline_narration_text(tl, 1, NARRATION_SAY));
	assert_int_equal(timeline_narration_count(tl), 5);
	const struct tl_narration *n = timeline_narration(tl, 4);
	assert_int_equal(n->kind, NARRATION_STEP);
	assert_string_equal(n->text, "client connect");
	assert_null(timeline_narration(tl, 5));
	/* A NULL text is kept as empty, a negative step not at all. */
	feed_words(tl, 7 * MS, 1, NARRATION_ANSWER, NULL);
	assert_string_equal(timeline_narration_text(tl, 1, NARRATION_ANSWER),
	                    "");
	feed_words(tl, 7 * MS, -3, NARRATION_SAY, "x");
	assert_int_equal(timeline_narration_count(tl), 6);
	timeline_view(tl)->begin(timeline_view(tl),
	                         &(struct session_info){.steps = 9});
	assert_int_equal(timeline_steps(tl), 9);
	timeline_free(tl);
}

/* A hostile recording cannot grow the narration past its cap. */
static void test_narration_cap(void **state)
{
	(void)state;
	struct timeline *tl = timeline_new();
	for (int i = 0; i < TIMELINE_NARRATION_MAX + 100; i++)
		feed_words(tl, i, i, NARRATION_STEP, "step");
	assert_int_equal(timeline_narration_count(tl), TIMELINE_NARRATION_MAX);
	assert_int_equal(timeline_display_count(tl), TIMELINE_NARRATION_MAX);
	assert_int_equal(timeline_last_step(tl), TIMELINE_NARRATION_MAX - 1);
	timeline_free(tl);
}

/* One capture's worth: begin as capture number of files, an actor, a
 * blocked accept, a stream's segment and record, a step, the totals. */
static void feed_capture(struct timeline *tl, const char *name, int number,
                         int files, struct actor *who, int64_t origin)
{
	struct view *v = timeline_view(tl);
	v->actor(v, who); /* actors come before begin, as from a recording */
	struct session_info info = {.title = name,
	                            .steps = 2,
	                            .origin_ns = origin,
	                            .file = name,
	                            .file_number = number,
	                            .files = files};
	v->begin(v, &info);
	feed_words(tl, 1, 0, NARRATION_STEP, "server accept");
	struct call_event c = {.actor = who,
	                       .side = SIDE_SERVER,
	                       .call = CALL_ACCEPT,
	                       .enter = true,
	                       .fd = 3};
	v->call(v, &c, 2);
	struct segfeed f;
	segfeed_init(&f, 1, true, S);
	feed_segfeed(tl, &f, 3);
	v->stream(v, &f.stream);
	struct session_totals t = {.frames = 10, .segments = 4, .streams = 1};
	v->finish(v, &t);
}

/* Several captures one after another: streams, actors and steps of each
 * counted on, a line where each starts, totals over all. */
static void test_several_captures(void **state)
{
	(void)state;
	struct timeline *tl = timeline_new();
	/* Two sessions' actors: the same id, their own records. */
	struct actor a = {.id = 0, .label = "server"};
	struct actor b = {.id = 0, .label = "server"};
	feed_capture(tl, "one.pcap", 1, 2, &a, 1000);
	assert_false(timeline_finished(tl));
	assert_true(timeline_call_pending(tl, 2));
	feed_capture(tl, "two.pcap", 2, 2, &b, 5000);
	assert_true(timeline_finished(tl));

	/* file rule, step, call, segment; twice. */
	assert_int_equal(timeline_count(tl), 8);
	assert_int_equal(timeline_row(tl, 0)->kind, TL_FILE);
	assert_int_equal(timeline_row(tl, 4)->kind, TL_FILE);
	assert_int_equal(timeline_row(tl, 4)->t_ns, 0);
	assert_int_equal(timeline_display_count(tl), 8);
	assert_int_equal(timeline_file_count(tl), 2);
	const struct tl_file *f2 = timeline_file(tl, 1);
	assert_string_equal(f2->name, "two.pcap");
	assert_int_equal(f2->number, 2);
	assert_int_equal(f2->files, 2);
	assert_int_equal(f2->row, 4);
	assert_int_equal(f2->first_stream, 1);
	assert_int_equal(f2->first_step, 2);

	/* The second capture's stream 0 is the timeline's stream 1. */
	assert_int_equal(timeline_stream_count(tl), 2);
	assert_int_equal(seg_at(tl, 7)->stream, 1);
	assert_int_equal(timeline_stream(tl, 1)->id, 0);
	assert_ptr_equal(timeline_file_of_stream(tl, 1), f2);
	assert_int_equal(timeline_file_streams(tl, f2), 1);
	assert_ptr_equal(timeline_file_of_row(tl, 3), timeline_file(tl, 0));
	assert_ptr_equal(timeline_file_of_row(tl, 5), f2);
	assert_int_equal(timeline_origin_at(tl, 6), 5000);
	assert_int_equal(timeline_origin(tl), 1000);

	/* Steps: the timeline's 0..3, each lesson's own 1..2. */
	int n, total;
	assert_int_equal(timeline_steps(tl), 4);
	assert_int_equal(timeline_step_of_line(tl, 6), 2);
	timeline_step_number(tl, 2, &n, &total);
	assert_int_equal(n, 1);
	assert_int_equal(total, 2);

	/* Each call names its own session's actor; the first capture's
	 * accept, left blocked, is no longer pending. */
	const struct call_event *c1 = timeline_call(tl, timeline_row(tl, 2));
	const struct call_event *c2 = timeline_call(tl, timeline_row(tl, 6));
	assert_non_null(c1->actor);
	assert_non_null(c2->actor);
	assert_ptr_not_equal(c1->actor, c2->actor);
	assert_false(timeline_call_pending(tl, 2));
	assert_true(timeline_call_pending(tl, 6));

	/* Totals of both. */
	assert_int_equal(timeline_totals(tl)->frames, 20);
	assert_int_equal(timeline_totals(tl)->streams, 2);
	timeline_free(tl);
}

/* An actor made known after calls were kept: the calls' actors stay
 * valid (each copy has its own allocation). */
static void test_late_actors(void **state)
{
	(void)state;
	struct timeline *tl = timeline_new();
	struct view *v = timeline_view(tl);
	struct actor a[40];
	char labels[40][16];
	for (int i = 0; i < 40; i++) {
		snprintf(labels[i], sizeof labels[i], "client[%d]", i);
		a[i] = (struct actor){.id = (uint32_t)i, .label = labels[i]};
		v->actor(v, &a[i]);
		struct call_event c = {.actor = &a[i],
		                       .side = SIDE_CLIENT,
		                       .call = CALL_CONNECT,
		                       .enter = true,
		                       .fd = 3};
		v->call(v, &c, i);
	}
	for (int i = 0; i < 40; i++) {
		const struct call_event *c =
		        timeline_call(tl, timeline_row(tl, (size_t)i));
		assert_string_equal(c->actor->label, labels[i]);
	}
	timeline_free(tl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_segment_fields),
	        cmocka_unit_test(test_call_and_kstate_fields),
	        cmocka_unit_test(test_kstate_repeats_dropped),
	        cmocka_unit_test(test_options_syn),
	        cmocka_unit_test(test_options_sack),
	        cmocka_unit_test(test_options_tfo_unknown_error),
	        cmocka_unit_test(test_no_options_no_arena),
	        cmocka_unit_test(test_demo_pairing),
	        cmocka_unit_test(test_nonblocking_never_paired),
	        cmocka_unit_test(test_return_without_segment),
	        cmocka_unit_test(test_segment_releases_one_return),
	        cmocka_unit_test(test_display_agrees),
	        cmocka_unit_test(test_pending),
	        cmocka_unit_test(test_actors),
	        cmocka_unit_test(test_fd_state),
	        cmocka_unit_test(test_streams),
	        cmocka_unit_test(test_million_rows),
	        cmocka_unit_test(test_row_size),
	        cmocka_unit_test(test_finish),
	        cmocka_unit_test(test_origin),
	        cmocka_unit_test(test_narration_and_steps),
	        cmocka_unit_test(test_narration_cap),
	        cmocka_unit_test(test_several_captures),
	        cmocka_unit_test(test_late_actors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
