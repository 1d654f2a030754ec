/*
 * test_diagram.c - the layout behind the SVG and HTML views: which rows
 * a stream's diagram draws (a drawn entry's return whatever its stream,
 * the kernel only where it disagrees), the bars of blocked calls and
 * their lanes, the row limit, the notes of the other streams; the XML
 * escapes; and the views' documents (an SVG, a page whose script no
 * text can end).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "diagram.h"
#include "diagram_svg.h"
#include "outbuf.h"
#include "timeline.h"
#include "util.h"
#include "views.h"

static struct segment seg;
static struct stream_info streams[2];
static struct seg_event ev;
static int64_t now;

/* A segment of stream id: flags, its role, client to server or not. */
static void segment(struct view *v, uint64_t id, bool c2s, uint16_t flags,
                    enum seg_role role)
{
	memset(&seg, 0, sizeof seg);
	seg.src = (struct ipaddr){.family = 4, .bytes = {10, 0, 0, 1}};
	seg.dst = (struct ipaddr){.family = 4, .bytes = {10, 0, 0, 2}};
	seg.flags = flags;
	struct stream_info *si = &streams[id];
	memset(si, 0, sizeof *si);
	si->id = id;
	si->client.addr = seg.src;
	si->client.port = (uint16_t)(40000 + id);
	si->server.addr = seg.dst;
	si->server.port = 80;
	memset(&ev, 0, sizeof ev);
	ev.seg = &seg;
	ev.stream = si;
	ev.c2s = c2s;
	ev.role = role;
	ev.src_before = ev.src_state = ST_ESTABLISHED;
	ev.dst_before = ev.dst_state = ST_ESTABLISHED;
	v->segment(v, &ev, now += 1000);
}

static const struct actor actors[2] = {{.id = 0, .label = "client"},
                                       {.id = 1, .label = "client thread"}};

/* A call on a side; has_stream when stream >= 0. */
static void call(struct view *v, enum side side, const struct actor *who,
                 enum call_kind kind, bool enter, long stream)
{
	struct call_event c = {.side = side,
	                       .actor = who,
	                       .call = kind,
	                       .enter = enter,
	                       .fd = 3,
	                       .detail = "",
	                       .has_stream = stream >= 0,
	                       .stream = stream >= 0 ? (uint64_t)stream : 0};
	v->call(v, &c, now += 1000);
}

static struct timeline *tl;

static int setup(void **state)
{
	(void)state;
	now = 0;
	tl = timeline_new();
	struct view *v = timeline_view(tl);
	v->begin(v, &(struct session_info){.title = "t"});
	v->actor(v, &actors[0]);
	v->actor(v, &actors[1]);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	timeline_free(tl);
	return 0;
}

static void finish(void)
{
	struct view *v = timeline_view(tl);
	struct session_totals t = {.streams = timeline_stream_count(tl)};
	v->finish(v, &t);
}

/* accept() and connect() entered with no stream; stream 0's handshake;
 * connect() returns on stream 1 (its SYN named another connection),
 * accept() on stream 0; then stream 1's SYN. */
static void two_streams(void)
{
	struct view *v = timeline_view(tl);
	call(v, SIDE_SERVER, NULL, CALL_ACCEPT, true, -1);
	call(v, SIDE_CLIENT, &actors[0], CALL_CONNECT, true, -1);
	segment(v, 0, true, TH_SYN, ROLE_HANDSHAKE_1);
	segment(v, 0, false, TH_SYN | TH_ACK, ROLE_HANDSHAKE_2);
	segment(v, 0, true, TH_ACK, ROLE_HANDSHAKE_3);
	call(v, SIDE_CLIENT, &actors[0], CALL_CONNECT, false, 1);
	call(v, SIDE_SERVER, NULL, CALL_ACCEPT, false, 0);
	segment(v, 1, true, TH_SYN, ROLE_HANDSHAKE_1);
	finish();
}

static void test_first_stream(void **state)
{
	(void)state;
	struct diagram d;
	two_streams();
	diagram_layout(&d, tl, -1, DG_MAX_ROWS, true);
	assert_int_equal(d.stream, 0);
	assert_int_equal(d.streams, 2);
	/* Stream 1's SYN is not drawn; connect()'s return is, its entry
	 * being drawn. */
	assert_int_equal(d.nitems, 7);
	assert_int_equal(d.items[0].kind, DG_CALL);
	assert_int_equal(d.items[0].pair, 6);
	assert_true(d.items[0].bar);
	assert_int_equal(d.items[1].pair, 5);
	assert_int_equal(d.items[5].pair, 1);
	assert_true(d.items[1].bar);
	for (size_t i = 2; i < 5; i++) {
		assert_int_equal(d.items[i].kind, DG_SEGMENT);
		assert_int_equal(d.items[i].h, DG_SEG_H);
	}
	for (size_t i = 1; i < d.nitems; i++)
		assert_int_equal(d.items[i].y,
		                 d.items[i - 1].y + d.items[i - 1].h);
	assert_true(d.height >= d.width * 9 / 16);
	char note[256];
	diagram_streams_note(note, sizeof note, d.stream, d.asked, d.streams);
	assert_string_equal(note, "stream 0 only (--stream N draws another); "
	                          "not drawn: stream 1");
	diagram_free(&d);
}

static void test_chosen_and_missing_stream(void **state)
{
	(void)state;
	struct diagram d;
	two_streams();
	diagram_layout(&d, tl, 1, DG_MAX_ROWS, true);
	assert_int_equal(d.stream, 1);
	/* Both entries (no stream), both returns (their entries drawn),
	 * stream 1's SYN; none of stream 0's segments. */
	assert_int_equal(d.nitems, 5);
	assert_int_equal(d.items[4].kind, DG_SEGMENT);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(d.items[i].kind, DG_CALL);
	diagram_free(&d);
	diagram_layout(&d, tl, 5, DG_MAX_ROWS, true);
	assert_int_equal(d.stream, -1);
	assert_int_equal(d.nitems, 0);
	char note[256];
	diagram_streams_note(note, sizeof note, d.stream, d.asked, d.streams);
	assert_string_equal(note, "stream 5 is not in this capture: it has "
	                          "streams 0-1");
	diagram_free(&d);
}

static void test_limit(void **state)
{
	(void)state;
	struct view *v = timeline_view(tl);
	for (int i = 0; i < 10; i++)
		segment(v, 0, i % 2 == 0, TH_ACK, ROLE_ACK);
	finish();
	struct diagram d;
	diagram_layout(&d, tl, -1, 4, true);
	assert_int_equal(d.nitems, 4);
	assert_int_equal(d.left_out, 6);
	char note[256];
	diagram_note_left_out(note, sizeof note, &d);
	assert_non_null(strstr(note, "6 more rows not drawn (at most 4)"));
	diagram_free(&d);
}

/* The kernel's word is drawn only where it disagrees with the
 * segments'. */
static void test_kstate_disagreeing_only(void **state)
{
	(void)state;
	struct view *v = timeline_view(tl);
	segment(v, 0, true, TH_SYN, ROLE_HANDSHAKE_1);
	struct kstate_event k = {.side = SIDE_CLIENT,
	                         .fd = 3,
	                         .state = ST_SYN_SENT,
	                         .has_inferred = true,
	                         .inferred = ST_SYN_SENT,
	                         .stream = 0};
	v->kstate(v, &k, now += 1000);
	k.state = ST_ESTABLISHED;
	v->kstate(v, &k, now += 1000);
	finish();
	struct diagram d;
	diagram_layout(&d, tl, -1, DG_MAX_ROWS, true);
	assert_int_equal(d.nitems, 2);
	assert_int_equal(d.items[1].kind, DG_KSTATE);
	diagram_free(&d);
}

/* Two actors on one side in the kernel at once: bars apart. A call
 * that blocks nothing and sends nothing has no bar; close() over its
 * FIN has one. */
static void test_bars_and_lanes(void **state)
{
	(void)state;
	struct view *v = timeline_view(tl);
	call(v, SIDE_CLIENT, &actors[0], CALL_SOCKET, true, -1);
	call(v, SIDE_CLIENT, &actors[1], CALL_RECV, true, -1);
	call(v, SIDE_CLIENT, &actors[0], CALL_SOCKET, false, -1);
	call(v, SIDE_CLIENT, &actors[0], CALL_CLOSE, true, -1);
	segment(v, 0, true, TH_FIN | TH_ACK, ROLE_FIN);
	call(v, SIDE_CLIENT, &actors[0], CALL_CLOSE, false, -1);
	finish();
	struct diagram d;
	diagram_layout(&d, tl, -1, DG_MAX_ROWS, true);
	assert_int_equal(d.nitems, 6);
	assert_false(d.items[0].bar); /* socket() */
	assert_int_equal(d.items[0].lane, 0);
	assert_true(d.items[1].bar); /* recv(), never returned */
	assert_int_equal(d.items[1].pair, -1);
	assert_int_equal(d.items[1].lane, 1);
	assert_true(d.items[3].bar); /* close() and its FIN */
	assert_int_equal(d.items[3].lane, 0);
	diagram_free(&d);
}

static void test_streams_note_many(void **state)
{
	(void)state;
	char note[256];
	diagram_streams_note(note, sizeof note, 0, -1, 400);
	assert_string_equal(
	        note, "stream 0 only (--stream N draws another); not "
	              "drawn: stream 1, 2, 3, 4, 5, 6, 7, 8 and 391 more");
	diagram_streams_note(note, sizeof note, 3, 3, 5);
	assert_string_equal(note, "stream 3 only (--stream N draws another); "
	                          "not drawn: stream 0, 1, 2, 4");
	diagram_streams_note(note, sizeof note, 0, -1, 1);
	assert_string_equal(note, "");
	diagram_streams_note(note, sizeof note, -1, 0, 0);
	assert_string_equal(note, "stream 0 is not in this capture: it has no "
	                          "TCP stream");
}

struct mem {
	char *text;
	size_t len;
};

static int mem_sink(void *ctx, const char *p, size_t n)
{
	struct mem *m = ctx;
	m->text = xrealloc(m->text, m->len + n + 1);
	memcpy(m->text + m->len, p, n);
	m->len += n;
	m->text[m->len] = '\0';
	return 0;
}

static void test_xml_text(void **state)
{
	(void)state;
	struct mem m = {0};
	struct outbuf o;
	outbuf_init(&o, 64, mem_sink, &m);
	diagram_xml_text(&o, "a<&>\"'\x01\xff\xe4\xbd\xa0");
	outbuf_flush(&o);
	assert_string_equal(m.text, "a&lt;&amp;&gt;&quot;&#39; \xef\xbf\xbd"
	                            "\xe4\xbd\xa0");
	outbuf_free(&o);
	free(m.text);
}

/* The SVG and HTML formats: one whole document each, the call's text
 * escaped for it; no text ends the page's script. */
static void test_documents(void **state)
{
	(void)state;
	const char *formats[] = {"svg", "html"};
	for (size_t f = 0; f < 2; f++) {
		struct mem m = {0};
		struct outbuf o;
		outbuf_init(&o, 4096, mem_sink, &m);
		struct view_options vo = {.out = &o, .stream = -1};
		struct view *v = views_find(formats[f])->make(&vo);
		v->begin(v, &(struct session_info){.title = "a <b> & c"});
		struct call_event c = {.side = SIDE_SERVER,
		                       .call = CALL_BIND,
		                       .enter = true,
		                       .fd = 3,
		                       .detail = "</script><script>x()"};
		v->call(v, &c, 1000);
		segment(v, 0, true, TH_SYN, ROLE_HANDSHAKE_1);
		v->finish(v, &(struct session_totals){.streams = 1});
		v->destroy(v);
		outbuf_flush(&o);
		if (f == 0) {
			assert_memory_equal(m.text, "<?xml", 5);
			assert_string_equal(m.text + m.len - 7, "</svg>\n");
			assert_non_null(strstr(m.text,
			                       "<title>a &lt;b&gt; &amp; "
			                       "c</title>"));
			assert_non_null(strstr(m.text, "&lt;/script&gt;"));
		} else {
			assert_memory_equal(m.text, "<!DOCTYPE html>", 15);
			assert_string_equal(m.text + m.len - 8, "</html>\n");
			size_t ends = 0;
			for (const char *p = m.text;
			     (p = strstr(p, "</script>")) != NULL; p++)
				ends++;
			assert_int_equal(ends, 2);
			assert_non_null(
			        strstr(m.text, "\\u003c/script\\u003e"));
		}
		outbuf_free(&o);
		free(m.text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_first_stream, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_chosen_and_missing_stream,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(test_limit, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_kstate_disagreeing_only,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(test_bars_and_lanes, setup,
	                                        teardown),
	        cmocka_unit_test(test_streams_note_many),
	        cmocka_unit_test(test_xml_text),
	        cmocka_unit_test(test_documents),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
