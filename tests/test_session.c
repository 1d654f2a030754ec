/*
 * test_session.c - the session: events from several sources in one time
 * order, to every attached view; the origin, the steps, the totals, the
 * actors, and the streams' final records in id order.
 *
 * Frames are raw IPv4 packets built here; the views are a recorder that
 * writes one line per callback, so a test reads what every view saw.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "decode.h"
#include "session.h"
#include "util.h"

#define MS  1000000LL
#define T0  (1700000000LL * 1000 * MS)
#define FIN 0x01
#define SYN 0x02
#define RST 0x04
#define ACK 0x10

/* A view that writes what it was handed, one line per callback. */
struct recorder {
	struct view view;
	char log[8192];
	size_t len;
};

static void rec_printf(struct view *v, const char *fmt, ...)
{
	struct recorder *r = (struct recorder *)v;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(r->log + r->len, sizeof r->log - r->len, fmt, ap);
	va_end(ap);
	if (n > 0 && (size_t)n < sizeof r->log - r->len)
		r->len += (size_t)n;
}

static void rec_begin(struct view *v, const struct session_info *i)
{
	rec_printf(v, "begin %s %d %lld\n", i->title ? i->title : "-", i->steps,
	           (long long)((i->origin_ns - T0) / MS));
}

static void rec_actor(struct view *v, const struct actor *a)
{
	rec_printf(v, "actor %u %s %d\n", a->id, a->label, a->pid);
}

static void rec_segment(struct view *v, const struct seg_event *ev, int64_t t)
{
	rec_printf(v, "seg %lld s%llu f%llu %s>%s\n", (long long)(t / MS),
	           (unsigned long long)ev->stream->id,
	           (unsigned long long)ev->seg->frame,
	           tcpstate_name(ev->dst_before), tcpstate_name(ev->dst_state));
}

static void rec_call(struct view *v, const struct call_event *ev, int64_t t)
{
	rec_printf(v, "call %lld %s %s %s\n", (long long)(t / MS),
	           event_who(ev->actor, ev->side), event_call_name(ev->call),
	           ev->detail ? ev->detail : "(null)");
}

static void rec_kstate(struct view *v, const struct kstate_event *ev, int64_t t)
{
	rec_printf(v, "kstate %lld %s %s inferred=%s\n", (long long)(t / MS),
	           event_who(ev->actor, ev->side), tcpstate_name(ev->state),
	           ev->has_inferred ? tcpstate_name(ev->inferred) : "-");
}

static void rec_narration(struct view *v, int step, enum narration_kind k,
                          const char *text, int64_t t)
{
	rec_printf(v, "narration %lld %d %s %s\n", (long long)(t / MS), step,
	           event_narration_name(k), text);
}

static void rec_stream(struct view *v, const struct stream_info *s)
{
	rec_printf(v, "stream %llu\n", (unsigned long long)s->id);
}

static void rec_finish(struct view *v, const struct session_totals *t)
{
	rec_printf(v,
	           "finish frames=%llu segments=%llu streams=%llu "
	           "filtered=%llu not_tcp=%llu malformed=%llu\n",
	           (unsigned long long)t->frames,
	           (unsigned long long)t->segments,
	           (unsigned long long)t->streams,
	           (unsigned long long)t->filtered_out,
	           (unsigned long long)t->skipped[DECODE_NOT_TCP],
	           (unsigned long long)t->malformed);
}

static void rec_destroy(struct view *v)
{
	free(v);
}

static struct recorder *recorder_new(void)
{
	struct recorder *r = xcalloc(1, sizeof *r);
	r->view = (struct view){.begin = rec_begin,
	                        .actor = rec_actor,
	                        .segment = rec_segment,
	                        .call = rec_call,
	                        .kstate = rec_kstate,
	                        .narration = rec_narration,
	                        .stream = rec_stream,
	                        .finish = rec_finish,
	                        .destroy = rec_destroy};
	return r;
}

/* A raw IPv4 TCP packet from 10.0.0.1:sport to 10.0.0.2:dport, or back
 * when reply. proto 6 unless changed. */
struct packet {
	uint8_t b[40];
};

static struct packet packet(uint16_t cport, uint16_t sport, bool reply,
                            uint8_t flags, uint32_t seq, uint32_t ack)
{
	struct packet p = {{0}};
	uint8_t *ip = p.b, *tcp = p.b + 20;
	ip[0] = 0x45;
	ip[3] = 40;
	ip[8] = 64;
	ip[9] = 6;
	uint8_t a[4] = {10, 0, 0, 1}, b[4] = {10, 0, 0, 2};
	memcpy(ip + 12, reply ? b : a, 4);
	memcpy(ip + 16, reply ? a : b, 4);
	uint16_t src = reply ? sport : cport, dst = reply ? cport : sport;
	tcp[0] = (uint8_t)(src >> 8), tcp[1] = (uint8_t)src;
	tcp[2] = (uint8_t)(dst >> 8), tcp[3] = (uint8_t)dst;
	for (int i = 0; i < 4; i++) {
		tcp[4 + i] = (uint8_t)(seq >> (24 - 8 * i));
		tcp[8 + i] = (uint8_t)(ack >> (24 - 8 * i));
	}
	tcp[12] = 5 << 4;
	tcp[13] = flags;
	tcp[15] = 0xff;
	return p;
}

static uint64_t frame_number;

static void feed(struct session *s, const struct packet *p, int64_t ms,
                 int matches)
{
	struct frame f = {.data = p->b,
	                  .caplen = sizeof p->b,
	                  .wirelen = sizeof p->b,
	                  .ts_ns = T0 + ms * MS,
	                  .number = ++frame_number,
	                  .matches = matches};
	session_frame(s, &f);
}

static struct session *new_session(const char *title, int steps)
{
	frame_number = 0;
	struct session_config cfg = {
	        .title = title, .steps = steps, .link_type = LINK_RAW};
	return session_new(&cfg);
}

static struct call_event call(const struct actor *a, enum side side,
                              enum call_kind c, int64_t ms, const char *detail)
{
	struct call_event ev = {.ts_ns = T0 + ms * MS,
	                        .actor = a,
	                        .side = side,
	                        .call = c,
	                        .enter = true,
	                        .fd = 3,
	                        .detail = detail};
	return ev;
}

/* Calls reported out of order, before and after the frames: each is
 * handed on at its time, between the segments, to both views alike. */
static void test_time_order(void **state)
{
	(void)state;
	struct session *s = new_session("t", 0);
	struct recorder *a = recorder_new(), *b = recorder_new();
	session_attach(s, &a->view);
	session_attach(s, &b->view);
	const struct actor *client = session_actor(s, "client", 0, 0, NULL);
	char detail[32] = "10.0.0.2:80";
	struct call_event c =
	        call(client, SIDE_CLIENT, CALL_CONNECT, 5, detail);
	session_call(s, &c);
	strcpy(detail, "changed"); /* the session keeps its own copy */
	c = call(client, SIDE_CLIENT, CALL_SOCKET, 2, "");
	session_call(s, &c);
	session_narration(s, T0 + 30 * MS, 0, NARRATION_SAY, "after the SYN");
	struct packet syn = packet(40000, 80, false, SYN, 100, 0);
	feed(s, &syn, 10, 1);
	session_release(s, T0 + 20 * MS); /* the narration waits */
	assert_null(strstr(a->log, "narration"));
	session_finish(s);
	assert_string_equal(a->log, "actor 0 client 0\n"
	                            "begin t 0 2\n"
	                            "call 0 client socket \n"
	                            "call 3 client connect 10.0.0.2:80\n"
	                            "seg 8 s0 f1 LISTEN>LISTEN\n"
	                            "narration 28 0 say after the SYN\n"
	                            "stream 0\n"
	                            "finish frames=1 segments=1 streams=1 "
	                            "filtered=0 not_tcp=0 malformed=0\n");
	assert_string_equal(a->log, b->log);
	session_free(s);
	a->view.destroy(&a->view);
	b->view.destroy(&b->view);
}

/* The origin is the first frame when nothing comes before it, even a
 * frame the filter hides; a view attached late still meets the actors. */
static void test_origin_and_late_view(void **state)
{
	(void)state;
	struct session *s = new_session(NULL, 4);
	session_actor(s, "server[7]", 7, 7, "server");
	struct recorder *a = recorder_new();
	session_attach(s, &a->view);
	struct packet syn = packet(40000, 80, false, SYN, 100, 0);
	feed(s, &syn, 50, 0); /* filtered out */
	const struct actor *srv = session_actor_find(s, "server[7]");
	assert_non_null(srv);
	assert_null(session_actor_find(s, "nobody"));
	struct call_event c = call(srv, SIDE_SERVER, CALL_ACCEPT, 60, NULL);
	session_call(s, &c);
	session_finish(s);
	assert_int_equal(session_origin(s), T0 + 50 * MS);
	assert_string_equal(a->log, "actor 0 server[7] 7\n"
	                            "begin - 4 50\n"
	                            "call 10 server[7] accept \n" /* NULL: "" */
	                            "finish frames=1 segments=0 streams=0 "
	                            "filtered=1 not_tcp=0 malformed=0\n");
	session_free(s);
	a->view.destroy(&a->view);
}

/* Stream records come in id order at the end, even when a stream ends
 * (and is retired) before an earlier one: here a new SYN on stream 1's
 * addresses retires it while stream 0 is still open. Totals count
 * frames that carry no TCP. */
static void test_streams_in_id_order(void **state)
{
	(void)state;
	struct session *s = new_session("t", 0);
	struct recorder *a = recorder_new();
	session_attach(s, &a->view);
	struct packet p0 = packet(40000, 80, false, SYN, 100, 0);
	feed(s, &p0, 1, 1);
	struct packet p1 = packet(40001, 80, false, SYN, 500, 0);
	feed(s, &p1, 2, 1);
	struct packet r1 = packet(40001, 80, true, RST | ACK, 0, 501);
	feed(s, &r1, 3, 1);
	struct packet again = packet(40001, 80, false, SYN, 9000, 0);
	feed(s, &again, 4, 1);
	struct packet udp = packet(1, 2, false, 0, 0, 0);
	udp.b[9] = 17;
	feed(s, &udp, 5, 1);
	session_finish(s);
	const char *st = strstr(a->log, "stream ");
	assert_non_null(st);
	assert_string_equal(st, "stream 0\nstream 1\nstream 2\n"
	                        "finish frames=5 segments=4 streams=3 "
	                        "filtered=0 not_tcp=1 malformed=0\n");
	session_free(s);
	a->view.destroy(&a->view);
}

/* A kernel state is handed on beside what the segments say of the
 * same endpoint. */
static void test_kstate_inferred(void **state)
{
	(void)state;
	struct session *s = new_session("t", 0);
	struct recorder *a = recorder_new();
	session_attach(s, &a->view);
	const struct actor *cl = session_actor(s, "client", 0, 0, NULL);
	struct packet syn = packet(40000, 80, false, SYN, 100, 0);
	feed(s, &syn, 1, 1);
	struct packet sa = packet(40000, 80, true, SYN | ACK, 700, 101);
	feed(s, &sa, 2, 1);
	struct kstate_event k = {.ts_ns = T0 + 3 * MS,
	                         .actor = cl,
	                         .side = SIDE_CLIENT,
	                         .fd = 3,
	                         .state = ST_ESTABLISHED};
	k.local.addr = (struct ipaddr){.family = 4, .bytes = {10, 0, 0, 1}};
	k.local.port = 40000;
	k.remote.addr = (struct ipaddr){.family = 4, .bytes = {10, 0, 0, 2}};
	k.remote.port = 80;
	session_kstate(s, &k);
	session_release(s, T0 + 3 * MS); /* inclusive */
	assert_non_null(strstr(a->log, "kstate 2 client ESTABLISHED "
	                               "inferred=ESTABLISHED\n"));
	session_finish(s);
	session_finish(s); /* once */
	assert_true(session_finished(s));
	assert_int_equal(session_totals(s)->segments, 2);
	session_free(s);
	a->view.destroy(&a->view);
}

/* A refused SYN: its row waits for the RST, and shows the server's side
 * CLOSED before and after (nothing listened); what happened in between
 * keeps its place. */
static void test_refused_syn_held(void **state)
{
	(void)state;
	struct session *s = new_session("t", 0);
	struct recorder *a = recorder_new();
	session_attach(s, &a->view);
	const struct actor *cl = session_actor(s, "client", 0, 0, NULL);
	struct packet syn = packet(40000, 80, false, SYN, 100, 0);
	feed(s, &syn, 1, 1);
	struct call_event c = call(cl, SIDE_CLIENT, CALL_SEND, 2, "");
	session_call(s, &c);
	session_release(s, T0 + 2 * MS);
	assert_null(strstr(a->log, "seg")); /* held: no answer yet */
	assert_null(strstr(a->log, "call"));
	struct packet rst = packet(40000, 80, true, RST | ACK, 0, 101);
	feed(s, &rst, 3, 1);
	session_finish(s);
	const char *seg = strstr(a->log, "seg");
	assert_non_null(seg);
	assert_string_equal(seg, "seg 0 s0 f1 CLOSED>CLOSED\n"
	                         "call 1 client send \n"
	                         "seg 2 s0 f2 SYN_SENT>CLOSED\n"
	                         "stream 0\n"
	                         "finish frames=2 segments=2 streams=1 "
	                         "filtered=0 not_tcp=0 malformed=0\n");
	session_free(s);
	a->view.destroy(&a->view);
}

/* A dropped SYN: sent again, the first left the listener in LISTEN and
 * the second, answered, moved it; one that nothing answers within the
 * wait is let go, its receiver in LISTEN, and rows of other streams
 * after it keep their order. */
static void test_dropped_syn_held(void **state)
{
	(void)state;
	struct session *s = new_session("t", 0);
	struct recorder *a = recorder_new();
	session_attach(s, &a->view);
	struct packet syn = packet(40000, 80, false, SYN, 100, 0);
	feed(s, &syn, 0, 1);
	feed(s, &syn, 1000, 1);
	struct packet sa = packet(40000, 80, true, SYN | ACK, 700, 101);
	feed(s, &sa, 1001, 1);
	struct packet lone = packet(40001, 80, false, SYN, 900, 0);
	feed(s, &lone, 1100, 1);
	struct packet other = packet(40002, 81, false, ACK, 5, 6);
	feed(s, &other, 1200, 1);
	assert_null(strstr(a->log, "f4")); /* the lone SYN still waits */
	assert_null(strstr(a->log, "f5"));
	feed(s, &other, 5000, 1); /* 3.9 s later: the wait is over */
	assert_non_null(strstr(a->log, "seg 1100 s1 f4 LISTEN>LISTEN\n"
	                               "seg 1200 s2 f5 "));
	session_finish(s);
	assert_non_null(strstr(a->log, "seg 0 s0 f1 LISTEN>LISTEN\n"
	                               "seg 1000 s0 f2 LISTEN>SYN_RECEIVED\n"
	                               "seg 1001 s0 f3 "));
	session_free(s);
	a->view.destroy(&a->view);
}

/* The handshake of a connection 40000 -> 80 (frames 1 to 3, ms 0 to 2):
 * client ISN 100, server ISN 700. */
static void handshake(struct session *s, uint16_t cport)
{
	struct packet syn = packet(cport, 80, false, SYN, 100, 0);
	struct packet sa = packet(cport, 80, true, SYN | ACK, 700, 101);
	struct packet ack = packet(cport, 80, false, ACK, 101, 701);
	feed(s, &syn, 0, 1);
	feed(s, &sa, 1, 1);
	feed(s, &ack, 2, 1);
}

/* Crossed FINs: the server's FIN does not acknowledge the client's, so
 * it left before the client's arrived: the client's FIN row, held until
 * the server's next word, shows the server ESTABLISHED -> CLOSING (its
 * own FIN, then the client's), never CLOSE_WAIT; both end in TIME_WAIT.
 * A FIN its receiver acknowledges stands as shown, and so does one
 * nothing answers within the wait. */
static void test_crossed_fins_held(void **state)
{
	(void)state;
	struct session *s = new_session("t", 0);
	struct recorder *a = recorder_new();
	session_attach(s, &a->view);
	handshake(s, 40000);
	struct packet fc = packet(40000, 80, false, FIN | ACK, 101, 701);
	feed(s, &fc, 10, 1);
	assert_null(strstr(a->log, "f4")); /* held: the server's word */
	struct packet fs = packet(40000, 80, true, FIN | ACK, 701, 101);
	feed(s, &fs, 11, 1);
	struct packet as = packet(40000, 80, true, ACK, 702, 102);
	feed(s, &as, 12, 1);
	struct packet ac = packet(40000, 80, false, ACK, 102, 702);
	feed(s, &ac, 13, 1);
	handshake(s, 40001); /* a plain close: as shown */
	struct packet f2 = packet(40001, 80, false, FIN | ACK, 101, 701);
	feed(s, &f2, 20, 1);
	struct packet a2 = packet(40001, 80, true, ACK, 701, 102);
	feed(s, &a2, 21, 1);
	handshake(s, 40002); /* a FIN nothing answers */
	struct packet f3 = packet(40002, 80, false, FIN | ACK, 101, 701);
	feed(s, &f3, 30, 1);
	struct packet other = packet(40003, 81, false, ACK, 5, 6);
	feed(s, &other, 40, 1);
	assert_null(strstr(a->log, "f16"));
	feed(s, &other, 5000, 1); /* the wait is over */
	assert_non_null(strstr(a->log, "seg 30 s2 f16 ESTABLISHED>CLOSE_WAIT\n"
	                               "seg 40 s3 f17 "));
	session_finish(s);
	assert_non_null(strstr(a->log, "seg 10 s0 f4 ESTABLISHED>CLOSING\n"
	                               "seg 11 s0 f5 FIN_WAIT_1>CLOSING\n"
	                               "seg 12 s0 f6 CLOSING>TIME_WAIT\n"
	                               "seg 13 s0 f7 CLOSING>TIME_WAIT\n"));
	assert_non_null(strstr(a->log,
	                       "seg 20 s1 f11 ESTABLISHED>CLOSE_WAIT\n"
	                       "seg 21 s1 f12 FIN_WAIT_1>FIN_WAIT_2\n"));
	session_free(s);
	a->view.destroy(&a->view);
}

/* Nothing at all: the views still begin (origin 0) and finish. */
static void test_empty(void **state)
{
	(void)state;
	struct session *s = new_session("empty", 0);
	struct recorder *a = recorder_new();
	session_attach(s, &a->view);
	session_finish(s);
	assert_string_equal(a->log, "begin empty 0 -1700000000000\n"
	                            "finish frames=0 segments=0 streams=0 "
	                            "filtered=0 not_tcp=0 malformed=0\n");
	session_free(s);
	a->view.destroy(&a->view);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_time_order),
	        cmocka_unit_test(test_origin_and_late_view),
	        cmocka_unit_test(test_streams_in_id_order),
	        cmocka_unit_test(test_kstate_inferred),
	        cmocka_unit_test(test_empty),
	        cmocka_unit_test(test_refused_syn_held),
	        cmocka_unit_test(test_dropped_syn_held),
	        cmocka_unit_test(test_crossed_fins_held),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
