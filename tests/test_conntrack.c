/*
 * test_conntrack.c - crafted segments through conntrack: streams, ends,
 * relative numbers, roles, the states of both ends after each segment,
 * the analysis notes, and when streams are forgotten.
 *
 * Sequence numbers and notes follow what tshark 4.0 shows for the same
 * exchanges; the states follow RFC 9293 as tcpstate.c tabulates it.
 * Segments are built in memory: no capture files, no tshark needed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conntrack.h"
#include "explain.h"

#define MS  1000000LL
#define SEC 1000000000LL
#define T0  (1700000000LL * SEC)

enum { S = TH_SYN, A = TH_ACK, F = TH_FIN, R = TH_RST, P = TH_PSH };

/* Streams as the retire callback saw them, in retirement order. */
#define MAX_RETIRED 64
struct fixture {
	struct conntrack *ct;
	struct stream_info retired[MAX_RETIRED];
	int nretired;
	/* The segment of the latest event stays here, as conntrack
	 * requires it to live until the next call. */
	struct segment seg;
	struct seg_event ev;
};

static void record_retire(void *ctx, const struct stream_info *s)
{
	struct fixture *fx = ctx;
	if (fx->nretired < MAX_RETIRED)
		fx->retired[fx->nretired] = *s;
	fx->nretired++;
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	if (fx == NULL)
		return -1;
	fx->ct = conntrack_new(record_retire, fx);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	conntrack_free(fx->ct);
	free(fx);
	return 0;
}

static struct ipaddr addr(const char *text)
{
	struct ipaddr a;
	memset(&a, 0, sizeof a);
	if (strchr(text, ':') != NULL) {
		a.family = 6;
		assert_int_equal(inet_pton(AF_INET6, text, a.bytes), 1);
	} else {
		a.family = 4;
		assert_int_equal(inet_pton(AF_INET, text, a.bytes), 1);
	}
	return a;
}

/* One end of a conversation the tests drive. */
struct end {
	const char *ip;
	uint16_t port;
};

static const struct end cli = {"10.0.0.1", 40000};
static const struct end srv = {"10.0.0.2", 80};

/* Feed one segment from one end to the other; the event describes it. */
static const struct seg_event *send_win(struct fixture *fx, struct end from,
                                        struct end to, uint16_t flags,
                                        uint32_t seq, uint32_t ack,
                                        uint32_t len, uint16_t win, int64_t ts)
{
	struct segment *s = &fx->seg;
	memset(s, 0, sizeof *s);
	s->ts_ns = ts;
	s->src = addr(from.ip);
	s->dst = addr(to.ip);
	s->sport = from.port;
	s->dport = to.port;
	s->flags = flags;
	s->seq = seq;
	s->ack = ack;
	s->len = len;
	s->win = win;
	s->hdr_len = 20;
	conntrack_segment(fx->ct, s, &fx->ev);
	assert_ptr_equal(fx->ev.seg, s);
	return &fx->ev;
}

/* The same with a window that never changes. */
static const struct seg_event *send_seg(struct fixture *fx, struct end from,
                                        struct end to, uint16_t flags,
                                        uint32_t seq, uint32_t ack,
                                        uint32_t len, int64_t ts)
{
	return send_win(fx, from, to, flags, seq, ack, len, 1000, ts);
}

static void expect_states(const struct seg_event *ev, enum tcp_state cl,
                          enum tcp_state sv)
{
	assert_string_equal(tcpstate_name(ev->stream->client_state),
	                    tcpstate_name(cl));
	assert_string_equal(tcpstate_name(ev->stream->server_state),
	                    tcpstate_name(sv));
	/* The event's view agrees with the stream's. */
	enum tcp_state src = ev->c2s ? cl : sv, dst = ev->c2s ? sv : cl;
	assert_int_equal(ev->src_state, src);
	assert_int_equal(ev->dst_state, dst);
}

static void expect_nums(const struct seg_event *ev, uint32_t rseq,
                        uint32_t rack)
{
	assert_int_equal(ev->rseq, rseq);
	assert_int_equal(ev->rack, rack);
}

#define ISN_C 1000u
#define ISN_S 5000u

/* SYN, SYN,ACK, ACK between cli and srv, from t0 on; the third ACK is
 * the last event. */
static void handshake(struct fixture *fx, int64_t t0)
{
	const struct seg_event *ev;
	ev = send_seg(fx, cli, srv, S, ISN_C, 0, 0, t0);
	assert_true(ev->new_stream);
	assert_true(ev->c2s);
	assert_int_equal(ev->role, ROLE_HANDSHAKE_1);
	assert_int_equal(ev->src_before, ST_CLOSED);
	assert_int_equal(ev->dst_before, ST_LISTEN);
	expect_states(ev, ST_SYN_SENT, ST_SYN_RECEIVED);
	expect_nums(ev, 0, 0);
	ev = send_seg(fx, srv, cli, S | A, ISN_S, ISN_C + 1, 0, t0 + 10 * MS);
	assert_false(ev->new_stream);
	assert_false(ev->c2s);
	assert_int_equal(ev->role, ROLE_HANDSHAKE_2);
	expect_states(ev, ST_ESTABLISHED, ST_SYN_RECEIVED);
	expect_nums(ev, 0, 1);
	ev = send_seg(fx, cli, srv, A, ISN_C + 1, ISN_S + 1, 0, t0 + 20 * MS);
	assert_int_equal(ev->role, ROLE_HANDSHAKE_3);
	expect_states(ev, ST_ESTABLISHED, ST_ESTABLISHED);
	expect_nums(ev, 1, 1);
	assert_int_equal(ev->analysis, 0);
}

static void test_client_closes_first(void **state)
{
	struct fixture *fx = *state;
	const struct seg_event *ev;
	handshake(fx, T0);
	const struct stream_info *st = fx->ev.stream;
	assert_int_equal(st->id, 0);
	assert_false(st->client_guessed);
	assert_int_equal(st->client.port, 40000);
	assert_int_equal(st->server.port, 80);

	ev = send_seg(fx, cli, srv, A | P, ISN_C + 1, ISN_S + 1, 100,
	              T0 + 30 * MS);
	assert_int_equal(ev->role, ROLE_DATA);
	expect_nums(ev, 1, 1);
	ev = send_seg(fx, srv, cli, A, ISN_S + 1, ISN_C + 101, 0, T0 + 40 * MS);
	assert_int_equal(ev->role, ROLE_ACK);
	expect_nums(ev, 1, 101);
	ev = send_seg(fx, cli, srv, F | A, ISN_C + 101, ISN_S + 1, 0,
	              T0 + 50 * MS);
	assert_int_equal(ev->role, ROLE_FIN);
	expect_states(ev, ST_FIN_WAIT_1, ST_CLOSE_WAIT);
	ev = send_seg(fx, srv, cli, A, ISN_S + 1, ISN_C + 102, 0, T0 + 60 * MS);
	assert_int_equal(ev->role, ROLE_FIN_ACK);
	expect_states(ev, ST_FIN_WAIT_2, ST_CLOSE_WAIT);
	expect_nums(ev, 1, 102);
	ev = send_seg(fx, srv, cli, F | A, ISN_S + 1, ISN_C + 102, 0,
	              T0 + 70 * MS);
	assert_int_equal(ev->role, ROLE_FIN);
	assert_int_equal(ev->src_before, ST_CLOSE_WAIT);
	assert_int_equal(ev->dst_before, ST_FIN_WAIT_2);
	expect_states(ev, ST_TIME_WAIT, ST_LAST_ACK);
	ev = send_seg(fx, cli, srv, A, ISN_C + 102, ISN_S + 2, 0, T0 + 80 * MS);
	assert_int_equal(ev->role, ROLE_FIN_ACK);
	expect_states(ev, ST_TIME_WAIT, ST_CLOSED);
	expect_nums(ev, 102, 2);
	assert_int_equal(ev->stream->segments, 9);
	assert_int_equal(ev->stream->first_ns, T0);
	assert_int_equal(ev->stream->last_ns, T0 + 80 * MS);
	assert_int_equal(fx->nretired, 0);
	/* Ended, it lingers, then goes with its final states. */
	const struct end other = {"10.0.0.9", 9999};
	send_seg(fx, other, srv, S, 1, 0, 0,
	         T0 + 80 * MS + CONNTRACK_LINGER_NS);
	assert_int_equal(fx->nretired, 1);
	assert_int_equal(fx->retired[0].id, 0);
	assert_int_equal(fx->retired[0].segments, 9);
	assert_int_equal(fx->retired[0].client_state, ST_TIME_WAIT);
	assert_int_equal(fx->retired[0].server_state, ST_CLOSED);
	assert_int_equal(conntrack_live(fx->ct), 1);
}

static void test_server_closes_first(void **state)
{
	struct fixture *fx = *state;
	const struct seg_event *ev;
	handshake(fx, T0);
	/* The server's FIN also acknowledges nothing new. */
	ev = send_seg(fx, srv, cli, F | A, ISN_S + 1, ISN_C + 1, 0,
	              T0 + 30 * MS);
	assert_false(ev->c2s);
	assert_int_equal(ev->role, ROLE_FIN);
	expect_states(ev, ST_CLOSE_WAIT, ST_FIN_WAIT_1);
	/* The client acknowledges it and closes in the same segment: both
	 * meanings in its role, the machine name still "fin". */
	ev = send_seg(fx, cli, srv, F | A, ISN_C + 1, ISN_S + 2, 0,
	              T0 + 40 * MS);
	assert_int_equal(ev->role, ROLE_FIN_AND_ACK);
	assert_string_equal(endshow_role_label(ev->role), "FIN + ACK of FIN");
	assert_string_equal(endshow_role_name(ev->role), "fin");
	assert_int_equal(ev->dst_nevents, 2);
	assert_int_equal(ev->dst_events[0], EV_RCV_ACK_OF_FIN);
	assert_int_equal(ev->dst_events[1], EV_RCV_FIN);
	expect_states(ev, ST_LAST_ACK, ST_TIME_WAIT);
	ev = send_seg(fx, srv, cli, A, ISN_S + 2, ISN_C + 2, 0, T0 + 50 * MS);
	assert_int_equal(ev->role, ROLE_FIN_ACK);
	expect_states(ev, ST_CLOSED, ST_TIME_WAIT);
}

static void test_third_ack_with_data_and_fin(void **state)
{
	struct fixture *fx = *state;
	const struct seg_event *ev;
	send_seg(fx, cli, srv, S, ISN_C, 0, 0, T0);
	send_seg(fx, srv, cli, S | A, ISN_S, ISN_C + 1, 0, T0 + MS);
	ev = send_seg(fx, cli, srv, A | P | F, ISN_C + 1, ISN_S + 1, 20,
	              T0 + 2 * MS);
	assert_int_equal(ev->role, ROLE_HANDSHAKE_3);
	assert_int_equal(ev->src_nevents, 2);
	assert_int_equal(ev->src_events[0], EV_SND_ACK);
	assert_int_equal(ev->src_events[1], EV_SND_FIN);
	assert_int_equal(ev->dst_nevents, 2);
	assert_int_equal(ev->dst_events[0], EV_RCV_ACK_OF_SYN);
	assert_int_equal(ev->dst_events[1], EV_RCV_FIN);
	expect_states(ev, ST_FIN_WAIT_1, ST_CLOSE_WAIT);
}

static void test_simultaneous_open(void **state)
{
	struct fixture *fx = *state;
	const struct seg_event *ev;
	ev = send_seg(fx, cli, srv, S, ISN_C, 0, 0, T0);
	expect_states(ev, ST_SYN_SENT, ST_SYN_RECEIVED);
	/* The other SYN crossed it: no ACK, so a first SYN, not a reuse. */
	ev = send_seg(fx, srv, cli, S, ISN_S, 0, 0, T0 + MS);
	assert_false(ev->new_stream);
	assert_int_equal(ev->analysis, 0);
	assert_int_equal(ev->role, ROLE_HANDSHAKE_1);
	assert_int_equal(ev->src_events[0], EV_SND_SYN);
	assert_int_equal(ev->dst_events[0], EV_RCV_SYN);
	expect_states(ev, ST_SYN_RECEIVED, ST_SYN_RECEIVED);
	ev = send_seg(fx, cli, srv, S | A, ISN_C, ISN_S + 1, 0, T0 + 2 * MS);
	assert_int_equal(ev->role, ROLE_HANDSHAKE_2);
	expect_states(ev, ST_SYN_RECEIVED, ST_ESTABLISHED);
	ev = send_seg(fx, srv, cli, S | A, ISN_S, ISN_C + 1, 0, T0 + 3 * MS);
	expect_states(ev, ST_ESTABLISHED, ST_ESTABLISHED);
	assert_int_equal(ev->stream->id, 0);
	assert_int_equal(conntrack_live(fx->ct), 1);
}

static void test_simultaneous_close(void **state)
{
	struct fixture *fx = *state;
	const struct seg_event *ev;
	handshake(fx, T0);
	ev = send_seg(fx, cli, srv, F | A, ISN_C + 1, ISN_S + 1, 0,
	              T0 + 30 * MS);
	/* Taken as CLOSE_WAIT until the server's next word says. */
	expect_states(ev, ST_FIN_WAIT_1, ST_CLOSE_WAIT);
	assert_true(ev->fin_waits);
	assert_int_equal(ev->fin_answer, FIN_NO_NEWS);
	/* The server's FIN does not acknowledge the client's: it was sent
	 * before that one arrived, so the client's FIN found the server in
	 * FIN_WAIT_1 and made it CLOSING (the session puts that row right);
	 * this FIN moves the server no more. */
	ev = send_seg(fx, srv, cli, F | A, ISN_S + 1, ISN_C + 1, 0,
	              T0 + 31 * MS);
	assert_int_equal(ev->fin_answer, FIN_CROSSED);
	assert_false(ev->fin_waits);
	assert_int_equal(ev->src_before, ST_CLOSING);
	assert_int_equal(ev->src_nevents, 1);
	assert_int_equal(ev->src_events[0], EV_SND_ACK);
	assert_int_equal(ev->dst_events[0], EV_RCV_FIN);
	expect_states(ev, ST_CLOSING, ST_CLOSING);
	ev = send_seg(fx, cli, srv, A, ISN_C + 2, ISN_S + 2, 0, T0 + 40 * MS);
	assert_int_equal(ev->role, ROLE_FIN_ACK);
	expect_states(ev, ST_CLOSING, ST_TIME_WAIT);
	ev = send_seg(fx, srv, cli, A, ISN_S + 2, ISN_C + 2, 0, T0 + 41 * MS);
	assert_int_equal(ev->role, ROLE_FIN_ACK);
	expect_states(ev, ST_TIME_WAIT, ST_TIME_WAIT);
}

/* A SYN to a port nobody listens on: the RST shows the server's side
 * was CLOSED all along (the session puts the SYN's row right). */
static void test_refused(void **state)
{
	struct fixture *fx = *state;
	const struct seg_event *ev;
	ev = send_seg(fx, cli, srv, S, ISN_C, 0, 0, T0);
	assert_true(ev->syn_waits);
	assert_int_equal(ev->answer, SYN_NO_NEWS);
	ev = send_seg(fx, srv, cli, R | A, 0, ISN_C + 1, 0, T0 + MS);
	assert_false(ev->syn_waits);
	assert_int_equal(ev->answer, SYN_REFUSED);
	assert_int_equal(ev->role, ROLE_RST);
	assert_int_equal(ev->src_before, ST_CLOSED);
	assert_int_equal(ev->dst_before, ST_SYN_SENT);
	assert_int_equal(ev->dst_nevents, 1);
	assert_int_equal(ev->dst_events[0], EV_RCV_RST);
	expect_states(ev, ST_CLOSED, ST_CLOSED);
	expect_nums(ev, 1, 1);
}

static void test_rst_in_handshake_back_to_listen(void **state)
{
	struct fixture *fx = *state;
	const struct seg_event *ev;
	send_seg(fx, cli, srv, S, ISN_C, 0, 0, T0);
	send_seg(fx, srv, cli, S | A, ISN_S, ISN_C + 1, 0, T0 + MS);
	/* A half-open scan: the client resets instead of the third ACK. */
	ev = send_seg(fx, cli, srv, R, ISN_C + 1, 0, 0, T0 + 2 * MS);
	/* No ACK flag: the raw acknowledgement field, as tshark shows. */
	expect_nums(ev, 1, 0);
	assert_int_equal(ev->dst_events[0], EV_RCV_RST_PASSIVE);
	expect_states(ev, ST_CLOSED, ST_LISTEN);
}

static void test_rst_mid_connection(void **state)
{
	struct fixture *fx = *state;
	const struct seg_event *ev;
	handshake(fx, T0);
	send_seg(fx, srv, cli, A | P, ISN_S + 1, ISN_C + 1, 50, T0 + 30 * MS);
	ev = send_seg(fx, cli, srv, R | A, ISN_C + 1, ISN_S + 51, 0,
	              T0 + 40 * MS);
	assert_int_equal(ev->role, ROLE_RST);
	assert_int_equal(ev->src_before, ST_ESTABLISHED);
	/* The server opened passively; past the handshake that changes
	 * nothing: it closes. */
	assert_int_equal(ev->dst_events[0], EV_RCV_RST_PASSIVE);
	expect_states(ev, ST_CLOSED, ST_CLOSED);
	expect_nums(ev, 1, 51);
}

static void test_data_on_syn_and_fin(void **state)
{
	struct fixture *fx = *state;
	const struct seg_event *ev;
	/* TCP Fast Open: 10 bytes ride on the SYN. */
	ev = send_seg(fx, cli, srv, S, ISN_C, 0, 10, T0);
	assert_int_equal(ev->role, ROLE_HANDSHAKE_1);
	expect_states(ev, ST_SYN_SENT, ST_SYN_RECEIVED);
	ev = send_seg(fx, srv, cli, S | A, ISN_S, ISN_C + 11, 0, T0 + MS);
	expect_nums(ev, 0, 11);
	expect_states(ev, ST_ESTABLISHED, ST_SYN_RECEIVED);
	ev = send_seg(fx, cli, srv, A, ISN_C + 11, ISN_S + 1, 0, T0 + 2 * MS);
	assert_int_equal(ev->role, ROLE_HANDSHAKE_3);
	expect_nums(ev, 11, 1);
	/* The server answers with its data and closes at once. */
	ev = send_seg(fx, srv, cli, A | P | F, ISN_S + 1, ISN_C + 11, 30,
	              T0 + 3 * MS);
	assert_int_equal(ev->role, ROLE_FIN);
	expect_states(ev, ST_CLOSE_WAIT, ST_FIN_WAIT_1);
	ev = send_seg(fx, cli, srv, A, ISN_C + 11, ISN_S + 32, 0, T0 + 4 * MS);
	assert_int_equal(ev->role, ROLE_FIN_ACK);
	expect_nums(ev, 11, 32);
	expect_states(ev, ST_CLOSE_WAIT, ST_FIN_WAIT_2);
}

/* A SYN sent again shows the first was dropped (the listener stayed in
 * LISTEN); the one answered is the one that moved it. */
static void test_retransmitted_syn_and_fin(void **state)
{
	struct fixture *fx = *state;
	const struct seg_event *ev;
	ev = send_seg(fx, cli, srv, S, ISN_C, 0, 0, T0);
	assert_true(ev->syn_waits);
	ev = send_seg(fx, cli, srv, S, ISN_C, 0, 0, T0 + SEC);
	assert_false(ev->new_stream);
	assert_int_equal(ev->stream->id, 0);
	assert_int_equal(ev->analysis, AN_RETRANSMISSION);
	assert_int_equal(ev->answer, SYN_DROPPED);
	assert_true(ev->syn_waits);
	assert_int_equal(ev->src_nevents, 0);
	assert_int_equal(ev->dst_before, ST_LISTEN);
	assert_int_equal(ev->dst_nevents, 1);
	assert_int_equal(ev->dst_events[0], EV_RCV_SYN);
	expect_states(ev, ST_SYN_SENT, ST_SYN_RECEIVED);
	ev = send_seg(fx, srv, cli, S | A, ISN_S, ISN_C + 1, 0, T0 + SEC + MS);
	assert_int_equal(ev->answer, SYN_ANSWERED);
	assert_false(ev->syn_waits);
	send_seg(fx, cli, srv, A, ISN_C + 1, ISN_S + 1, 0, T0 + SEC + 2 * MS);
	ev = send_seg(fx, cli, srv, F | A, ISN_C + 1, ISN_S + 1, 0,
	              T0 + 2 * SEC);
	expect_states(ev, ST_FIN_WAIT_1, ST_CLOSE_WAIT);
	ev = send_seg(fx, cli, srv, F | A, ISN_C + 1, ISN_S + 1, 0,
	              T0 + 3 * SEC);
	assert_int_equal(ev->role, ROLE_FIN);
	assert_true(ev->analysis & AN_RETRANSMISSION);
	assert_int_equal(ev->src_nevents, 0);
	expect_states(ev, ST_FIN_WAIT_1, ST_CLOSE_WAIT);
	ev = send_seg(fx, srv, cli, A, ISN_S + 1, ISN_C + 2, 0,
	              T0 + 3 * SEC + MS);
	expect_states(ev, ST_FIN_WAIT_2, ST_CLOSE_WAIT);
}

/* A SYN that nothing answers: conntrack_unanswered puts its receiver
 * back in LISTEN, once, and only for that stream. */
static void test_unanswered_syn(void **state)
{
	struct fixture *fx = *state;
	const struct seg_event *ev;
	struct segment syn = {0};
	ev = send_seg(fx, cli, srv, S, ISN_C, 0, 0, T0);
	assert_true(ev->syn_waits);
	syn = *ev->seg;
	assert_int_equal(conntrack_unanswered(fx->ct, &syn, 1), SYN_NO_NEWS);
	assert_int_equal(conntrack_unanswered(fx->ct, &syn, 0), SYN_DROPPED);
	assert_int_equal(ev->stream->server_state, ST_LISTEN);
	assert_int_equal(conntrack_unanswered(fx->ct, &syn, 0), SYN_NO_NEWS);
	/* A SYN to a listener that is already in SYN_SENT (simultaneous
	 * open) never waits. */
	ev = send_seg(fx, srv, cli, S, ISN_S, 0, 0, T0 + MS);
	assert_false(ev->syn_waits);
}

static void test_mid_stream(void **state)
{
	struct fixture *fx = *state;
	const struct seg_event *ev;
	/* The capture starts with the server sending data. */
	ev = send_seg(fx, srv, cli, A | P, 7000, 3000, 100, T0);
	assert_true(ev->new_stream);
	assert_true(ev->stream->client_guessed);
	assert_int_equal(ev->stream->client.port, 40000);
	assert_false(ev->c2s);
	assert_int_equal(ev->role, ROLE_DATA);
	assert_int_equal(ev->src_before, ST_ESTABLISHED);
	assert_int_equal(ev->dst_before, ST_ESTABLISHED);
	expect_states(ev, ST_ESTABLISHED, ST_ESTABLISHED);
	/* Wireshark: the first byte seen is 1, and what it acks is 1. */
	expect_nums(ev, 1, 1);
	assert_int_equal(ev->src_nevents + ev->dst_nevents, 0);
	ev = send_seg(fx, cli, srv, A, 3000, 7100, 0, T0 + MS);
	assert_int_equal(ev->role, ROLE_ACK);
	expect_nums(ev, 1, 101);
	ev = send_seg(fx, cli, srv, F | A, 3000, 7100, 0, T0 + 2 * MS);
	expect_states(ev, ST_FIN_WAIT_1, ST_CLOSE_WAIT);
}

static void test_mid_stream_without_ack(void **state)
{
	struct fixture *fx = *state;
	const struct seg_event *ev;
	/* No ACK flag: tshark shows the raw field as tcp.ack. */
	ev = send_seg(fx, cli, srv, P, 100, 200, 10, T0);
	expect_nums(ev, 1, 200);
	ev = send_seg(fx, srv, cli, A | P, 300, 110, 10, T0 + MS);
	expect_nums(ev, 1, 11);
	ev = send_seg(fx, cli, srv, A | P, 110, 310, 10, T0 + 2 * MS);
	expect_nums(ev, 11, 11);
}

static void test_port_reuse_after_close(void **state)
{
	struct fixture *fx = *state;
	const struct seg_event *ev;
	handshake(fx, T0);
	send_seg(fx, cli, srv, F | A, ISN_C + 1, ISN_S + 1, 0, T0 + 30 * MS);
	send_seg(fx, srv, cli, F | A, ISN_S + 1, ISN_C + 2, 0, T0 + 40 * MS);
	ev = send_seg(fx, cli, srv, A, ISN_C + 2, ISN_S + 2, 0, T0 + 50 * MS);
	expect_states(ev, ST_TIME_WAIT, ST_CLOSED);
	assert_int_equal(conntrack_live(fx->ct), 1);
	/* Even with the same initial sequence number, a SYN on a closed
	 * connection starts a new one, which takes over the ports. */
	ev = send_seg(fx, cli, srv, S, ISN_C, 0, 0, T0 + SEC);
	assert_true(ev->new_stream);
	assert_int_equal(ev->stream->id, 1);
	assert_int_equal(ev->analysis, AN_REUSED_PORTS);
	expect_states(ev, ST_SYN_SENT, ST_SYN_RECEIVED);
	assert_int_equal(fx->nretired, 1);
	assert_int_equal(fx->retired[0].id, 0);
	assert_int_equal(fx->retired[0].segments, 6);
	assert_int_equal(fx->retired[0].client_state, ST_TIME_WAIT);
	assert_int_equal(fx->retired[0].server_state, ST_CLOSED);
	assert_int_equal(conntrack_live(fx->ct), 1);
	ev = send_seg(fx, srv, cli, S | A, 9000, ISN_C + 1, 0, T0 + SEC + MS);
	assert_int_equal(ev->stream->id, 1);
	expect_nums(ev, 0, 1);
}

static void test_syn_ack_after_reset(void **state)
{
	struct fixture *fx = *state;
	const struct seg_event *ev;
	send_seg(fx, cli, srv, S, ISN_C, 0, 0, T0);
	send_seg(fx, srv, cli, R | A, 0, ISN_C + 1, 0, T0 + MS);
	/* The SYN of the next connection was not captured: its SYN,ACK
	 * still starts a stream of its own, with the client it names. */
	ev = send_seg(fx, srv, cli, S | A, ISN_S, ISN_C + 1, 0, T0 + SEC);
	assert_true(ev->new_stream);
	assert_int_equal(ev->stream->id, 1);
	assert_true(ev->analysis & AN_REUSED_PORTS);
	assert_false(ev->stream->client_guessed);
	assert_int_equal(ev->stream->client.port, cli.port);
	expect_states(ev, ST_ESTABLISHED, ST_SYN_RECEIVED);
}

static void test_new_syn_on_live_connection(void **state)
{
	struct fixture *fx = *state;
	const struct seg_event *ev;
	handshake(fx, T0);
	/* Another initial sequence number: Wireshark starts a new stream. */
	ev = send_seg(fx, cli, srv, S, 77777, 0, 0, T0 + SEC);
	assert_true(ev->new_stream);
	assert_int_equal(ev->stream->id, 1);
	assert_true(ev->analysis & AN_REUSED_PORTS);
	expect_nums(ev, 0, 0);
	assert_int_equal(fx->nretired, 1);
	assert_int_equal(fx->retired[0].client_state, ST_ESTABLISHED);
}

static void test_interleaved(void **state)
{
	struct fixture *fx = *state;
	const struct end cli2 = {"10.0.0.1", 40001};
	const struct seg_event *ev;
	ev = send_seg(fx, cli, srv, S, 100, 0, 0, T0);
	assert_int_equal(ev->stream->id, 0);
	ev = send_seg(fx, cli2, srv, S, 200, 0, 0, T0 + MS);
	assert_int_equal(ev->stream->id, 1);
	assert_true(ev->new_stream);
	ev = send_seg(fx, srv, cli2, S | A, 900, 201, 0, T0 + 2 * MS);
	assert_int_equal(ev->stream->id, 1);
	assert_false(ev->c2s);
	expect_states(ev, ST_ESTABLISHED, ST_SYN_RECEIVED);
	ev = send_seg(fx, srv, cli, S | A, 500, 101, 0, T0 + 3 * MS);
	assert_int_equal(ev->stream->id, 0);
	expect_nums(ev, 0, 1);
	ev = send_seg(fx, cli2, srv, A, 201, 901, 0, T0 + 4 * MS);
	assert_int_equal(ev->stream->id, 1);
	expect_states(ev, ST_ESTABLISHED, ST_ESTABLISHED);
	ev = send_seg(fx, cli, srv, A, 101, 501, 0, T0 + 5 * MS);
	assert_int_equal(ev->stream->id, 0);
	assert_int_equal(ev->stream->segments, 3);
	assert_int_equal(conntrack_live(fx->ct), 2);
}

static void test_ipv6(void **state)
{
	struct fixture *fx = *state;
	const struct end c6 = {"2001:db8::1", 40000};
	const struct end s6 = {"2001:db8::2", 80};
	/* 10.0.0.1 and 0a00:0001:: share their first four bytes. */
	const struct end c6b = {"a00:1::", 40000};
	const struct seg_event *ev;
	ev = send_seg(fx, c6, s6, S, ISN_C, 0, 0, T0);
	assert_int_equal(ev->stream->id, 0);
	assert_int_equal(ev->stream->client.addr.family, 6);
	ev = send_seg(fx, s6, c6, S | A, ISN_S, ISN_C + 1, 0, T0 + MS);
	assert_int_equal(ev->stream->id, 0);
	expect_states(ev, ST_ESTABLISHED, ST_SYN_RECEIVED);
	ev = send_seg(fx, cli, srv, S, ISN_C, 0, 0, T0 + 2 * MS);
	assert_int_equal(ev->stream->id, 1);
	ev = send_seg(fx, c6b, s6, S, ISN_C, 0, 0, T0 + 3 * MS);
	assert_int_equal(ev->stream->id, 2);
	ev = send_seg(fx, c6, s6, A, ISN_C + 1, ISN_S + 1, 0, T0 + 4 * MS);
	assert_int_equal(ev->stream->id, 0);
	assert_int_equal(ev->role, ROLE_HANDSHAKE_3);
}

static void test_linger_and_retire(void **state)
{
	struct fixture *fx = *state;
	const struct end cli2 = {"10.0.0.3", 50000};
	const struct seg_event *ev;
	handshake(fx, T0);
	send_seg(fx, cli, srv, R | A, ISN_C + 1, ISN_S + 1, 0, T0 + SEC);
	/* Another connection keeps the clock going. */
	send_seg(fx, cli2, srv, S, 1, 0, 0, T0 + SEC);
	assert_int_equal(conntrack_live(fx->ct), 2);
	/* A late segment within the linger time joins the old stream. */
	ev = send_seg(fx, srv, cli, A, ISN_S + 1, ISN_C + 1, 0,
	              T0 + SEC + CONNTRACK_LINGER_NS - 1);
	assert_int_equal(ev->stream->id, 0);
	assert_int_equal(fx->nretired, 0);
	send_seg(fx, cli2, srv, S, 1, 0, 0, T0 + SEC + CONNTRACK_LINGER_NS);
	assert_int_equal(fx->nretired, 1);
	assert_int_equal(fx->retired[0].id, 0);
	assert_int_equal(fx->retired[0].segments, 5);
	assert_int_equal(fx->retired[0].client_state, ST_CLOSED);
	assert_int_equal(fx->retired[0].server_state, ST_CLOSED);
	assert_int_equal(conntrack_live(fx->ct), 1);
	/* Forgotten: the tuple now starts a stream of its own. */
	ev = send_seg(fx, srv, cli, A, ISN_S + 1, ISN_C + 1, 0,
	              T0 + 2 * SEC + CONNTRACK_LINGER_NS);
	assert_true(ev->new_stream);
	assert_int_equal(ev->stream->id, 2);
	assert_true(ev->stream->client_guessed);
}

static void test_clock_going_backwards(void **state)
{
	struct fixture *fx = *state;
	const struct end cli2 = {"10.0.0.3", 50000};
	handshake(fx, T0);
	send_seg(fx, cli, srv, R, ISN_C + 1, 0, 0, T0 + SEC);
	/* Earlier timestamps neither retire it nor upset anything... */
	send_seg(fx, cli2, srv, S, 1, 0, 0, T0 - 1000 * SEC);
	send_seg(fx, cli2, srv, A, 2, 1, 0, INT64_MIN);
	assert_int_equal(fx->nretired, 0);
	/* ...and the linger time counts from the latest time seen. */
	send_seg(fx, cli2, srv, A, 2, 1, 0, T0 + SEC + CONNTRACK_LINGER_NS);
	assert_int_equal(fx->nretired, 1);
	send_seg(fx, cli2, srv, A, 2, 1, 0, INT64_MAX);
	assert_int_equal(fx->nretired, 1);
	assert_int_equal(conntrack_live(fx->ct), 1);
}

static void test_finish_in_id_order(void **state)
{
	struct fixture *fx = *state;
	const struct end c2 = {"10.0.0.1", 40001};
	const struct end c3 = {"10.0.0.1", 40002};
	send_seg(fx, cli, srv, S, 1, 0, 0, T0);
	send_seg(fx, c2, srv, S, 1, 0, 0, T0 + MS);
	send_seg(fx, c3, srv, S, 1, 0, 0, T0 + 2 * MS);
	/* The second one is replaced (and so retired) first. */
	send_seg(fx, c2, srv, S, 99, 0, 0, T0 + 3 * MS);
	assert_int_equal(fx->nretired, 1);
	assert_int_equal(fx->retired[0].id, 1);
	conntrack_finish(fx->ct);
	assert_int_equal(fx->nretired, 4);
	assert_int_equal(fx->retired[1].id, 0);
	assert_int_equal(fx->retired[2].id, 2);
	assert_int_equal(fx->retired[3].id, 3);
	assert_int_equal(conntrack_live(fx->ct), 0);
}

static void test_sequence_wraparound(void **state)
{
	struct fixture *fx = *state;
	const struct seg_event *ev;
	uint32_t ic = 0xfffffff0u, is = 0xffffffffu;
	send_seg(fx, cli, srv, S, ic, 0, 0, T0);
	ev = send_seg(fx, srv, cli, S | A, is, ic + 1, 0, T0 + MS);
	expect_nums(ev, 0, 1);
	send_seg(fx, cli, srv, A, ic + 1, is + 1, 0, T0 + 2 * MS);
	/* 100 bytes across the 2^32 boundary, and the ACK beyond it. */
	ev = send_seg(fx, cli, srv, A | P, ic + 1, is + 1, 100, T0 + 3 * MS);
	expect_nums(ev, 1, 1);
	assert_int_equal(ev->analysis, 0);
	ev = send_seg(fx, srv, cli, A | P, 0, ic + 101, 50, T0 + 4 * MS);
	expect_nums(ev, 1, 101);
	assert_int_equal(ev->analysis, 0);
	ev = send_seg(fx, cli, srv, A | P, ic + 101, 50, 100, T0 + 5 * MS);
	expect_nums(ev, 101, 51);
	assert_int_equal(ev->analysis, 0);
	/* A retransmission from before the wrap is still behind. */
	ev = send_seg(fx, cli, srv, A | P, ic + 101, 50, 100, T0 + SEC);
	assert_true(ev->analysis & AN_RETRANSMISSION);
}

static void test_retransmission(void **state)
{
	struct fixture *fx = *state;
	const struct seg_event *ev;
	handshake(fx, T0);
	send_seg(fx, cli, srv, A | P, ISN_C + 1, ISN_S + 1, 100, T0 + SEC);
	ev = send_seg(fx, cli, srv, A | P, ISN_C + 1, ISN_S + 1, 100,
	              T0 + 2 * SEC);
	assert_int_equal(ev->analysis, AN_RETRANSMISSION);
	assert_int_equal(ev->role, ROLE_DATA);
	/* Once acknowledged, sending it again is spurious. */
	send_seg(fx, srv, cli, A, ISN_S + 1, ISN_C + 101, 0, T0 + 3 * SEC);
	ev = send_seg(fx, cli, srv, A | P, ISN_C + 1, ISN_S + 1, 100,
	              T0 + 4 * SEC);
	assert_int_equal(ev->analysis,
	                 AN_RETRANSMISSION | AN_SPURIOUS_RETRANSMISSION);
}

static void test_duplicate_ack_and_fast_retransmission(void **state)
{
	struct fixture *fx = *state;
	const struct seg_event *ev;
	handshake(fx, T0);
	send_seg(fx, cli, srv, A | P, ISN_C + 1, ISN_S + 1, 100, T0 + SEC);
	ev = send_seg(fx, cli, srv, A | P, ISN_C + 201, ISN_S + 1, 100,
	              T0 + SEC);
	assert_int_equal(ev->analysis, AN_LOST_SEGMENT);
	ev = send_seg(fx, srv, cli, A, ISN_S + 1, ISN_C + 101, 0,
	              T0 + SEC + MS);
	assert_int_equal(ev->analysis, 0);
	ev = send_seg(fx, srv, cli, A, ISN_S + 1, ISN_C + 101, 0,
	              T0 + SEC + 2 * MS);
	assert_int_equal(ev->analysis, AN_DUPLICATE_ACK);
	ev = send_seg(fx, srv, cli, A, ISN_S + 1, ISN_C + 101, 0,
	              T0 + SEC + 3 * MS);
	assert_int_equal(ev->analysis, AN_DUPLICATE_ACK);
	ev = send_seg(fx, cli, srv, A | P, ISN_C + 101, ISN_S + 1, 100,
	              T0 + SEC + 4 * MS);
	assert_int_equal(ev->analysis,
	                 AN_RETRANSMISSION | AN_FAST_RETRANSMISSION);
	/* The ACK moving on is no duplicate. */
	ev = send_seg(fx, srv, cli, A, ISN_S + 1, ISN_C + 301, 0,
	              T0 + SEC + 5 * MS);
	assert_int_equal(ev->analysis, 0);
}

static void test_zero_window_and_update(void **state)
{
	struct fixture *fx = *state;
	const struct seg_event *ev;
	handshake(fx, T0);
	send_seg(fx, cli, srv, A | P, ISN_C + 1, ISN_S + 1, 100, T0 + SEC);
	ev = send_win(fx, srv, cli, A, ISN_S + 1, ISN_C + 101, 0, 0,
	              T0 + SEC + MS);
	assert_int_equal(ev->analysis, AN_ZERO_WINDOW);
	ev = send_seg(fx, cli, srv, A, ISN_C + 101, ISN_S + 1, 1, T0 + 2 * SEC);
	assert_int_equal(ev->analysis, AN_ZERO_WINDOW_PROBE);
	ev = send_win(fx, srv, cli, A, ISN_S + 1, ISN_C + 101, 0, 0,
	              T0 + 2 * SEC + MS);
	assert_int_equal(ev->analysis,
	                 AN_ZERO_WINDOW | AN_ZERO_WINDOW_PROBE_ACK);
	ev = send_win(fx, srv, cli, A, ISN_S + 1, ISN_C + 101, 0, 8000,
	              T0 + 3 * SEC);
	assert_int_equal(ev->analysis, AN_WINDOW_UPDATE);
	assert_int_equal(ev->role, ROLE_ACK);
}

static void test_keep_alive(void **state)
{
	struct fixture *fx = *state;
	const struct seg_event *ev;
	handshake(fx, T0);
	send_seg(fx, srv, cli, A, ISN_S + 1, ISN_C + 1, 0, T0 + 30 * MS);
	/* One byte before the next sequence number, no data. */
	ev = send_seg(fx, cli, srv, A, ISN_C, ISN_S + 1, 0, T0 + 60 * SEC);
	assert_int_equal(ev->analysis, AN_KEEP_ALIVE);
	ev = send_seg(fx, srv, cli, A, ISN_S + 1, ISN_C + 1, 0,
	              T0 + 60 * SEC + MS);
	assert_int_equal(ev->analysis, AN_KEEP_ALIVE_ACK);
	/* The one-byte kind is no retransmission either. */
	ev = send_seg(fx, cli, srv, A, ISN_C, ISN_S + 1, 1, T0 + 120 * SEC);
	assert_int_equal(ev->analysis, AN_KEEP_ALIVE);
}

static void test_out_of_order(void **state)
{
	struct fixture *fx = *state;
	const struct seg_event *ev;
	handshake(fx, T0);
	ev = send_seg(fx, cli, srv, A | P, ISN_C + 101, ISN_S + 1, 100,
	              T0 + SEC);
	assert_int_equal(ev->analysis, AN_LOST_SEGMENT);
	/* The missing one, well within the first round trip (20 ms). */
	ev = send_seg(fx, cli, srv, A | P, ISN_C + 1, ISN_S + 1, 100,
	              T0 + SEC + MS);
	assert_int_equal(ev->analysis, AN_OUT_OF_ORDER);
	ev = send_seg(fx, cli, srv, A | P, ISN_C + 301, ISN_S + 1, 100,
	              T0 + 2 * SEC);
	assert_int_equal(ev->analysis, AN_LOST_SEGMENT);
	/* Later than a round trip: a retransmission, not a reordering. */
	ev = send_seg(fx, cli, srv, A | P, ISN_C + 201, ISN_S + 1, 100,
	              T0 + 3 * SEC);
	assert_int_equal(ev->analysis, AN_RETRANSMISSION);
}

static void test_acked_unseen(void **state)
{
	struct fixture *fx = *state;
	const struct seg_event *ev;
	handshake(fx, T0);
	send_seg(fx, cli, srv, A | P, ISN_C + 1, ISN_S + 1, 100, T0 + SEC);
	ev = send_seg(fx, srv, cli, A, ISN_S + 1, ISN_C + 201, 0,
	              T0 + SEC + MS);
	assert_int_equal(ev->analysis, AN_ACK_LOST_SEGMENT);
	/* Said once per gap. */
	ev = send_seg(fx, srv, cli, A, ISN_S + 1, ISN_C + 301, 0,
	              T0 + SEC + 2 * MS);
	assert_int_equal(ev->analysis, 0);
	/* Again once the client was seen to send beyond the first gap. */
	ev = send_seg(fx, cli, srv, A, ISN_C + 301, ISN_S + 1, 0,
	              T0 + SEC + 3 * MS);
	assert_int_equal(ev->analysis, AN_LOST_SEGMENT);
	ev = send_seg(fx, srv, cli, A, ISN_S + 1, ISN_C + 401, 0,
	              T0 + SEC + 4 * MS);
	assert_int_equal(ev->analysis, AN_ACK_LOST_SEGMENT);
	ev = send_seg(fx, srv, cli, A, ISN_S + 1, ISN_C + 501, 0,
	              T0 + SEC + 5 * MS);
	assert_int_equal(ev->analysis, 0);
}

static void test_bogus_header_length(void **state)
{
	struct fixture *fx = *state;
	const struct seg_event *ev;
	handshake(fx, T0);
	send_seg(fx, cli, srv, A | P, ISN_C + 1, ISN_S + 1, 100, T0 + SEC);
	/* A data offset below 5 words: tshark analyses nothing there, yet
	 * the segment belongs to its stream. */
	struct segment *sg = &fx->seg;
	sg->hdr_len = 16;
	sg->malformed = "TCP data offset below 5";
	sg->ts_ns = T0 + 2 * SEC;
	conntrack_segment(fx->ct, sg, &fx->ev);
	ev = &fx->ev;
	assert_false(ev->new_stream);
	assert_int_equal(ev->analysis, 0);
	expect_nums(ev, 1, 1);
	assert_int_equal(ev->stream->segments, 5);
	ev = send_seg(fx, cli, srv, A | P, ISN_C + 1, ISN_S + 1, 100,
	              T0 + 3 * SEC);
	assert_int_equal(ev->analysis, AN_RETRANSMISSION);
}

static void test_missing_handshake_segments(void **state)
{
	struct fixture *fx = *state;
	const struct end cli2 = {"10.0.0.1", 40001};
	const struct seg_event *ev;
	/* The SYN,ACK was not captured: the third ACK shows both ends got
	 * through the handshake. */
	send_seg(fx, cli, srv, S, ISN_C, 0, 0, T0);
	ev = send_seg(fx, cli, srv, A, ISN_C + 1, ISN_S + 1, 0, T0 + 2 * MS);
	assert_int_equal(ev->role, ROLE_HANDSHAKE_3);
	assert_int_equal(ev->src_events[0], EV_SND_ACK);
	assert_int_equal(ev->dst_events[0], EV_RCV_ACK_OF_SYN);
	expect_states(ev, ST_ESTABLISHED, ST_ESTABLISHED);
	/* Again, but the server speaks first: its data acknowledges the
	 * SYN, yet is no step of the handshake. */
	send_seg(fx, cli2, srv, S, ISN_C, 0, 0, T0 + SEC);
	ev = send_seg(fx, srv, cli2, A | P, ISN_S + 1, ISN_C + 1, 10,
	              T0 + SEC + MS);
	assert_int_equal(ev->role, ROLE_DATA);
	expect_states(ev, ST_ESTABLISHED, ST_ESTABLISHED);
	/* The third ACK was not captured: the server sending data shows
	 * it got it. */
	const struct end cli3 = {"10.0.0.1", 40002};
	send_seg(fx, cli3, srv, S, ISN_C, 0, 0, T0 + 2 * SEC);
	ev = send_seg(fx, srv, cli3, S | A, ISN_S, ISN_C + 1, 0,
	              T0 + 2 * SEC + MS);
	expect_states(ev, ST_ESTABLISHED, ST_SYN_RECEIVED);
	ev = send_seg(fx, srv, cli3, A | P, ISN_S + 1, ISN_C + 1, 10,
	              T0 + 2 * SEC + 2 * MS);
	assert_int_equal(ev->src_events[0], EV_SND_ACK);
	expect_states(ev, ST_ESTABLISHED, ST_ESTABLISHED);
}

static void test_stream_from_syn_ack(void **state)
{
	struct fixture *fx = *state;
	const struct seg_event *ev;
	/* The SYN was not captured; the SYN,ACK says who the client is. */
	ev = send_seg(fx, srv, cli, S | A, ISN_S, ISN_C + 1, 0, T0);
	assert_true(ev->new_stream);
	assert_false(ev->stream->client_guessed);
	assert_false(ev->c2s);
	assert_int_equal(ev->stream->client.port, 40000);
	assert_int_equal(ev->src_before, ST_LISTEN);
	assert_int_equal(ev->dst_before, ST_SYN_SENT);
	expect_states(ev, ST_ESTABLISHED, ST_SYN_RECEIVED);
	expect_nums(ev, 0, 1);
	ev = send_seg(fx, cli, srv, A, ISN_C + 1, ISN_S + 1, 0, T0 + MS);
	assert_int_equal(ev->role, ROLE_HANDSHAKE_3);
	expect_states(ev, ST_ESTABLISHED, ST_ESTABLISHED);
	/* A SYN,ACK with another sequence number: Wireshark keeps the
	 * stream, restarts relative numbers there and notes a reuse. */
	ev = send_seg(fx, srv, cli, S | A, 8000, ISN_C + 1, 0, T0 + 2 * MS);
	assert_false(ev->new_stream);
	assert_true(ev->analysis & AN_REUSED_PORTS);
	expect_nums(ev, 0, 1);
}

static void test_resent_syn_restores_next_seq(void **state)
{
	struct fixture *fx = *state;
	const struct seg_event *ev;
	send_seg(fx, cli, srv, S, ISN_C, 0, 0, T0);
	/* Something far ahead (a stray segment) moves the highest
	 * sequence number; the repeated SYN puts it back. */
	ev = send_seg(fx, cli, srv, P, ISN_C + 5000, 0, 10, T0 + MS);
	assert_int_equal(ev->analysis, AN_LOST_SEGMENT);
	ev = send_seg(fx, cli, srv, S, ISN_C, 0, 0, T0 + SEC);
	assert_int_equal(ev->analysis, AN_RETRANSMISSION);
	send_seg(fx, srv, cli, S | A, ISN_S, ISN_C + 1, 0, T0 + SEC + 10 * MS);
	send_seg(fx, cli, srv, A, ISN_C + 1, ISN_S + 1, 0, T0 + SEC + 20 * MS);
	ev = send_seg(fx, cli, srv, A | P, ISN_C + 1, ISN_S + 1, 100,
	              T0 + 2 * SEC);
	assert_int_equal(ev->analysis, 0);
	/* Starting one byte early (after a probe) is new data too. */
	ev = send_seg(fx, cli, srv, A | P, ISN_C + 100, ISN_S + 1, 100,
	              T0 + 3 * SEC);
	assert_int_equal(ev->analysis, 0);
}

static void test_out_of_order_threshold(void **state)
{
	struct fixture *fx = *state;
	const struct seg_event *ev;
	/* Without a handshake there is no round trip: 3 ms it is. */
	send_seg(fx, cli, srv, A | P, 1101, 5001, 100, T0);
	send_seg(fx, cli, srv, A | P, 1301, 5001, 100, T0 + MS);
	ev = send_seg(fx, cli, srv, A | P, 1201, 5001, 100, T0 + 11 * MS);
	assert_int_equal(ev->analysis, AN_RETRANSMISSION);
	send_seg(fx, cli, srv, A | P, 1501, 5001, 100, T0 + 12 * MS);
	ev = send_seg(fx, cli, srv, A | P, 1401, 5001, 100, T0 + 13 * MS);
	assert_int_equal(ev->analysis, AN_OUT_OF_ORDER);
	/* With one (20 ms here), 10 ms late is still out of order. */
	const struct end cli2 = {"10.0.0.1", 40001};
	send_seg(fx, cli2, srv, S, ISN_C, 0, 0, T0 + SEC);
	send_seg(fx, srv, cli2, S | A, ISN_S, ISN_C + 1, 0, T0 + SEC + 10 * MS);
	send_seg(fx, cli2, srv, A, ISN_C + 1, ISN_S + 1, 0, T0 + SEC + 20 * MS);
	send_seg(fx, cli2, srv, A | P, ISN_C + 101, ISN_S + 1, 100,
	         T0 + 2 * SEC);
	ev = send_seg(fx, cli2, srv, A | P, ISN_C + 1, ISN_S + 1, 100,
	              T0 + 2 * SEC + 10 * MS);
	assert_int_equal(ev->analysis, AN_OUT_OF_ORDER);
}

/* An "ACKed unseen segment" note leaves Wireshark's (unsigned) count of
 * duplicate ACKs at -1, which passes for "two or more". */
static void test_fast_retransmission_after_unseen_ack(void **state)
{
	struct fixture *fx = *state;
	const struct end cli2 = {"10.0.0.1", 40001};
	const struct seg_event *ev;
	for (int i = 0; i < 2; i++) {
		struct end c = i == 0 ? cli : cli2;
		int64_t t = T0 + i * 10 * SEC;
		send_seg(fx, c, srv, S, ISN_C, 0, 0, t);
		send_seg(fx, srv, c, S | A, ISN_S, ISN_C + 1, 0, t + 10 * MS);
		send_seg(fx, c, srv, A, ISN_C + 1, ISN_S + 1, 0, t + 20 * MS);
		t += SEC;
		send_seg(fx, c, srv, A | P, ISN_C + 1, ISN_S + 1, 100, t);
		send_seg(fx, c, srv, A | P, ISN_C + 101, ISN_S + 1, 100,
		         t + MS / 2);
		send_seg(fx, srv, c, A | P, ISN_S + 1, ISN_C + 101, 100,
		         t + MS);
		ev = send_seg(fx, c, srv, A, ISN_C + 201, ISN_S + 301, 0,
		              t + 2 * MS);
		assert_int_equal(ev->analysis, AN_ACK_LOST_SEGMENT);
		if (i == 1) {
			/* Two duplicate ACKs count from one again. */
			for (int k = 0; k < 2; k++) {
				ev = send_seg(fx, srv, c, A, ISN_S + 101,
				              ISN_C + 101, 0,
				              t + (50 + k) * MS);
				assert_int_equal(ev->analysis,
				                 AN_DUPLICATE_ACK);
			}
			t += 50 * MS;
		}
		ev = send_seg(fx, c, srv, A | P, ISN_C + 101, ISN_S + 101, 100,
		              t + 3 * MS);
		assert_int_equal(ev->analysis,
		                 AN_RETRANSMISSION | AN_FAST_RETRANSMISSION);
	}
}

static void test_window_full(void **state)
{
	struct fixture *fx = *state;
	const struct seg_event *ev;
	struct segment *sg = &fx->seg;
	/* Both SYNs offer scaling: the client's shift 2, the server's 1. */
	memset(sg, 0, sizeof *sg);
	sg->ts_ns = T0;
	sg->src = addr(cli.ip);
	sg->dst = addr(srv.ip);
	sg->sport = cli.port;
	sg->dport = srv.port;
	sg->flags = S;
	sg->seq = ISN_C;
	sg->win = 65535;
	sg->hdr_len = 24;
	sg->opts.present = OPT_HAS_WSCALE;
	sg->opts.wscale = 2;
	conntrack_segment(fx->ct, sg, &fx->ev);
	sg->ts_ns = T0 + 100 * MS;
	sg->src = addr(srv.ip);
	sg->dst = addr(cli.ip);
	sg->sport = srv.port;
	sg->dport = cli.port;
	sg->flags = S | A;
	sg->seq = ISN_S;
	sg->ack = ISN_C + 1;
	sg->win = 100;
	sg->opts.wscale = 1;
	conntrack_segment(fx->ct, sg, &fx->ev);
	/* Unscaled before the server's first ACK: 100 bytes fill it. */
	ev = send_win(fx, cli, srv, A | P, ISN_C + 1, ISN_S + 1, 100, 65535,
	              T0 + 200 * MS);
	assert_int_equal(ev->analysis, AN_WINDOW_FULL);
	/* Afterwards scaled: 50 << 1. */
	send_win(fx, srv, cli, A, ISN_S + 1, ISN_C + 101, 0, 50, T0 + 300 * MS);
	ev = send_win(fx, cli, srv, A | P, ISN_C + 101, ISN_S + 1, 99, 65535,
	              T0 + 400 * MS);
	assert_int_equal(ev->analysis, 0);
	ev = send_win(fx, cli, srv, A | P, ISN_C + 200, ISN_S + 1, 1, 65535,
	              T0 + 500 * MS);
	assert_int_equal(ev->analysis, AN_WINDOW_FULL);
	/* A SYN without the option rules scaling out for both directions,
	 * even when the SYN,ACK is missing. */
	const struct end cli2 = {"10.0.0.1", 40001};
	send_seg(fx, cli2, srv, S, ISN_C, 0, 0, T0 + SEC);
	send_seg(fx, cli2, srv, A, ISN_C + 1, ISN_S + 1, 0, T0 + SEC + MS);
	send_win(fx, srv, cli2, A, ISN_S + 1, ISN_C + 1, 0, 100,
	         T0 + SEC + 2 * MS);
	ev = send_win(fx, cli2, srv, A | P, ISN_C + 1, ISN_S + 1, 100, 1000,
	              T0 + SEC + 3 * MS);
	assert_int_equal(ev->analysis, AN_WINDOW_FULL);
}

static void test_names(void **state)
{
	(void)state;
	const char *names[ROLE_COUNT] = {
	        "handshake-1", "handshake-2", "handshake-3", "data", "ack",
	        "fin",         "fin-ack",     "rst",         "fin"};
	const char *labels[ROLE_COUNT] = {
	        "handshake 1/3", "handshake 2/3", "handshake 3/3",
	        "data",          "ACK",           "FIN",
	        "ACK of FIN",    "RST",           "FIN + ACK of FIN"};
	for (int r = 0; r < ROLE_COUNT; r++) {
		assert_string_equal(endshow_role_name((enum seg_role)r),
		                    names[r]);
		assert_string_equal(endshow_role_label((enum seg_role)r),
		                    labels[r]);
	}
	assert_string_equal(conntrack_analysis_name(0), "retransmission");
	assert_string_equal(conntrack_analysis_name(4), "duplicate_ack");
	assert_string_equal(conntrack_analysis_name(12), "lost_segment");
	assert_string_equal(conntrack_analysis_name(13), "ack_lost_segment");
	assert_string_equal(conntrack_analysis_name(14), "reused_ports");
	for (unsigned b = 0; b < AN_COUNT_BITS; b++)
		assert_non_null(strchr("abcdefghijklmnopqrstuvwxyz",
		                       conntrack_analysis_name(b)[0]));
	assert_string_equal(conntrack_analysis_name(AN_COUNT_BITS), "unknown");
	assert_string_equal(endshow_role_name(ROLE_COUNT), "unknown");
}

/* Many connections at once: the table grows, and retiring half of them
 * (deletion moves entries) loses none of the others. */
static void test_many_connections(void **state)
{
	struct fixture *fx = *state;
	char ip[32];
	const int n = 5000;
	for (int i = 0; i < n; i++) {
		snprintf(ip, sizeof ip, "10.1.%d.%d", i / 256, i % 256);
		struct end c = {ip, (uint16_t)(1024 + i)};
		const struct seg_event *ev =
		        send_seg(fx, c, srv, S, 1, 0, 0, T0);
		assert_int_equal(ev->stream->id, i);
		if (i % 2 == 0)
			send_seg(fx, c, srv, R, 2, 0, 0, T0);
	}
	assert_int_equal(conntrack_live(fx->ct), n);
	/* Past the linger time the reset half goes. */
	send_seg(fx, cli, srv, S, 1, 0, 0, T0 + CONNTRACK_LINGER_NS);
	assert_int_equal(fx->nretired, n / 2);
	assert_int_equal(conntrack_live(fx->ct), n / 2 + 1);
	for (int i = 1; i < n; i += 2) {
		snprintf(ip, sizeof ip, "10.1.%d.%d", i / 256, i % 256);
		struct end c = {ip, (uint16_t)(1024 + i)};
		const struct seg_event *ev = send_seg(
		        fx, srv, c, S | A, 9, 2, 0, T0 + CONNTRACK_LINGER_NS);
		assert_false(ev->new_stream);
		assert_int_equal(ev->stream->id, i);
	}
}

/* A busy capture: thousands of connections end within one second. Past
 * CONNTRACK_LINGER_MAX ended ones, the oldest is forgotten first, so
 * memory follows the connections open at once. */
static void test_linger_cap(void **state)
{
	struct fixture *fx = *state;
	char ip[32];
	const int n = CONNTRACK_LINGER_MAX + 1000;
	for (int i = 0; i < n; i++) {
		snprintf(ip, sizeof ip, "10.2.%d.%d", i / 256, i % 256);
		struct end c = {ip, 40000};
		send_seg(fx, c, srv, S, 1, 0, 0, T0 + i);
		send_seg(fx, srv, c, R | A, 0, 2, 0, T0 + i);
		assert_true(conntrack_live(fx->ct) <= CONNTRACK_LINGER_MAX + 1);
	}
	/* Each retired in the order it ended, whatever is still held. */
	assert_true(fx->nretired >= 1000 - 1 && fx->nretired <= 1000);
	for (int i = 0; i < fx->nretired && i < MAX_RETIRED; i++)
		assert_int_equal(fx->retired[i].id, i);
}

/* Arbitrary segments among a few addresses: nothing may crash, every
 * state stays a state, and memory stays with the connections. */
static void test_hostile_input(void **state)
{
	struct fixture *fx = *state;
	const struct end ends[4] = {
	        {"10.0.0.1", 1}, {"10.0.0.2", 2}, {"10.0.0.1", 2}, {"::1", 1}};
	uint64_t x = 88172645463325252ULL;
	int64_t ts = T0;
	for (int i = 0; i < 200000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		const struct end *from = &ends[x % 4],
		                 *to = &ends[(x >> 2) % 4];
		ts += (int64_t)((x >> 8) % (2 * SEC)) - SEC / 2;
		struct segment *s = &fx->seg;
		memset(s, 0, sizeof *s);
		s->ts_ns = (x >> 60) == 0 ? (int64_t)(x >> 1) : ts;
		s->src = addr(from->ip);
		s->dst = addr(to->ip);
		s->sport = from->port;
		s->dport = to->port;
		s->flags = (uint16_t)((x >> 20) & 0x1ff);
		s->seq = (uint32_t)(x >> 29) % 5000;
		s->ack = (uint32_t)(x >> 33) % 5000;
		s->len = (uint32_t)(x >> 40) % 3;
		s->win = (uint16_t)((x >> 45) % 3);
		s->hdr_len = (uint8_t)((x >> 50) % 2 ? 20 : (x >> 51) % 60);
		if ((x >> 55) % 7 == 0)
			s->malformed = "test";
		if ((x >> 52) % 5 == 0) {
			s->opts.present = OPT_HAS_WSCALE;
			s->opts.wscale = (uint8_t)(x >> 56);
		}
		conntrack_segment(fx->ct, s, &fx->ev);
		assert_true(fx->ev.src_state < ST_COUNT);
		assert_true(fx->ev.dst_state < ST_COUNT);
		assert_true(fx->ev.role < ROLE_COUNT);
		assert_true(fx->ev.src_nevents <= CONNTRACK_MAX_EVENTS);
		assert_true(conntrack_live(fx->ct) <= 16);
	}
	conntrack_finish(fx->ct);
	assert_int_equal(conntrack_live(fx->ct), 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

/* The teardown's four segments numbered as textbooks number them (四次
 * 挥手), from the states their ends were in; a simultaneous close's
 * are not. */
static void test_teardown_steps(void **state)
{
	(void)state;
	assert_int_equal(
	        explain_teardown_step(ROLE_FIN, ST_ESTABLISHED, ST_ESTABLISHED),
	        1);
	assert_int_equal(explain_teardown_step(ROLE_FIN_ACK, ST_CLOSE_WAIT,
	                                       ST_FIN_WAIT_1),
	                 2);
	assert_int_equal(
	        explain_teardown_step(ROLE_FIN, ST_CLOSE_WAIT, ST_FIN_WAIT_2),
	        3);
	assert_int_equal(
	        explain_teardown_step(ROLE_FIN_ACK, ST_TIME_WAIT, ST_LAST_ACK),
	        4);
	assert_int_equal(explain_teardown_step(ROLE_FIN_AND_ACK, ST_CLOSE_WAIT,
	                                       ST_FIN_WAIT_1),
	                 23);
	assert_int_equal(
	        explain_teardown_step(ROLE_FIN, ST_FIN_WAIT_1, ST_FIN_WAIT_1),
	        0);
	assert_int_equal(
	        explain_teardown_step(ROLE_FIN_ACK, ST_CLOSING, ST_CLOSING), 0);
	assert_int_equal(explain_teardown_step(ROLE_DATA, ST_ESTABLISHED,
	                                       ST_ESTABLISHED),
	                 0);
	/* In English the role's own words. */
	assert_string_equal(explain_teardown_label(ROLE_FIN_ACK, 4),
	                    "ACK of FIN");
	assert_string_equal(explain_teardown_label(ROLE_FIN_AND_ACK, 23),
	                    "FIN + ACK of FIN");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_teardown_steps),
	        T(test_client_closes_first),
	        T(test_server_closes_first),
	        T(test_third_ack_with_data_and_fin),
	        T(test_simultaneous_open),
	        T(test_simultaneous_close),
	        T(test_refused),
	        T(test_rst_in_handshake_back_to_listen),
	        T(test_rst_mid_connection),
	        T(test_data_on_syn_and_fin),
	        T(test_retransmitted_syn_and_fin),
	        T(test_unanswered_syn),
	        T(test_mid_stream),
	        T(test_mid_stream_without_ack),
	        T(test_port_reuse_after_close),
	        T(test_syn_ack_after_reset),
	        T(test_new_syn_on_live_connection),
	        T(test_interleaved),
	        T(test_ipv6),
	        T(test_linger_and_retire),
	        T(test_clock_going_backwards),
	        T(test_finish_in_id_order),
	        T(test_sequence_wraparound),
	        T(test_retransmission),
	        T(test_duplicate_ack_and_fast_retransmission),
	        T(test_zero_window_and_update),
	        T(test_keep_alive),
	        T(test_out_of_order),
	        T(test_acked_unseen),
	        T(test_bogus_header_length),
	        T(test_missing_handshake_segments),
	        T(test_stream_from_syn_ack),
	        T(test_resent_syn_restores_next_seq),
	        T(test_out_of_order_threshold),
	        T(test_fast_retransmission_after_unseen_ack),
	        T(test_window_full),
	        T(test_names),
	        T(test_many_connections),
	        T(test_linger_cap),
	        T(test_hostile_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
