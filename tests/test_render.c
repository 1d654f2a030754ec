/*
 * test_render.c - the text views: outbuf's number and address writers,
 * the JSON Lines record of a crafted segment, the text diagram's rows,
 * and the stream a Mermaid diagram draws.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "outbuf.h"
#include "render.h"
#include "views.h"

struct mem {
	char text[8192];
	size_t len;
};

static int mem_sink(void *ctx, const char *p, size_t n)
{
	struct mem *m = ctx;
	if (m->len + n >= sizeof m->text)
		return -1;
	memcpy(m->text + m->len, p, n);
	m->len += n;
	m->text[m->len] = '\0';
	return 0;
}

static struct mem mem;
static struct outbuf out;

static int setup(void **state)
{
	(void)state;
	memset(&mem, 0, sizeof mem);
	outbuf_init(&out, 256, mem_sink, &mem);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	outbuf_free(&out);
	return 0;
}

static const char *flushed(void)
{
	outbuf_flush(&out);
	return mem.text;
}

static void test_numbers(void **state)
{
	(void)state;
	outbuf_u64(&out, 0);
	outbuf_char(&out, ' ');
	outbuf_u64(&out, UINT64_MAX);
	outbuf_char(&out, ' ');
	outbuf_i64(&out, INT64_MIN);
	outbuf_char(&out, ' ');
	outbuf_u64(&out, 4294967295u);
	assert_string_equal(
	        flushed(),
	        "0 18446744073709551615 -9223372036854775808 4294967295");
}

static void test_seconds(void **state)
{
	(void)state;
	int64_t cases[] = {0,     1,         1000,      1500000000,
	                   31000, 999999999, -250000000};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		outbuf_seconds(&out, cases[i]);
		outbuf_char(&out, ' ');
	}
	assert_string_equal(flushed(), "0 0.000000001 0.000001 1.5 0.000031 "
	                               "0.999999999 -0.25 ");
}

static void test_json_escapes(void **state)
{
	(void)state;
	outbuf_json_str(&out, "a\"b\\c\n\x01");
	assert_string_equal(flushed(), "\"a\\\"b\\\\c\\u000a\\u0001\"");
}

static void test_endpoints(void **state)
{
	(void)state;
	struct ipaddr v4 = {.family = 4, .bytes = {192, 168, 0, 255}};
	struct ipaddr v6 = {.family = 6,
	                    .bytes = {0x20, 0x01, 0x0d, 0xb8, [15] = 1}};
	struct ipaddr lo6 = {.family = 6, .bytes = {[15] = 1}};
	outbuf_endpoint(&out, &v4, 80);
	outbuf_char(&out, ' ');
	outbuf_endpoint(&out, &v6, 443);
	outbuf_char(&out, ' ');
	outbuf_endpoint(&out, &lo6, 65535);
	assert_string_equal(flushed(),
	                    "192.168.0.255:80 [2001:db8::1]:443 [::1]:65535");
}

static void test_small_buffer_many_flushes(void **state)
{
	(void)state;
	for (int i = 0; i < 500; i++)
		outbuf_str(&out, "0123456789");
	assert_int_equal(outbuf_flush(&out), 0);
	assert_int_equal(mem.len, 5000);
	for (size_t i = 0; i < mem.len; i++)
		assert_int_equal(mem.text[i], '0' + (int)(i % 10));
}

static int failing_sink(void *ctx, const char *p, size_t n)
{
	(void)ctx, (void)p, (void)n;
	return -1;
}

static void test_sink_failure_sticks(void **state)
{
	(void)state;
	struct outbuf o;
	outbuf_init(&o, 256, failing_sink, NULL);
	outbuf_str(&o, "x");
	assert_int_equal(outbuf_flush(&o), -1);
	outbuf_str(&o, "y");
	assert_int_equal(outbuf_flush(&o), -1);
	assert_int_equal(o.failed, 1);
	outbuf_free(&o);
}

/* A SYN-ACK from the server, with options, as conntrack would describe it. */
static struct segment seg;
static struct stream_info stream;
static struct seg_event ev;

static void craft_synack(void)
{
	memset(&seg, 0, sizeof seg);
	seg.frame = 2;
	seg.src = (struct ipaddr){.family = 4, .bytes = {10, 0, 0, 1}};
	seg.dst = (struct ipaddr){.family = 4, .bytes = {10, 0, 0, 2}};
	seg.sport = 80;
	seg.dport = 40000;
	seg.seq = 4000000000u;
	seg.ack = 1001;
	seg.flags = TH_SYN | TH_ACK | TH_ECE;
	seg.win = 65535;
	seg.hdr_len = 40;
	seg.opts.present =
	        OPT_HAS_MSS | OPT_HAS_SACK_PERM | OPT_HAS_TS | OPT_HAS_WSCALE;
	seg.opts.mss = 1460;
	seg.opts.wscale = 7;
	seg.opts.tsval = 5;
	seg.opts.tsecr = 6;
	seg.opts.nop_count = 1;
	memset(&stream, 0, sizeof stream);
	stream.id = 3;
	stream.client.addr = seg.dst;
	stream.client.port = 40000;
	stream.server.addr = seg.src;
	stream.server.port = 80;
	memset(&ev, 0, sizeof ev);
	ev.seg = &seg;
	ev.stream = &stream;
	ev.c2s = false;
	ev.rseq = 0;
	ev.rack = 1;
	ev.role = ROLE_HANDSHAKE_2;
	ev.src_before = ST_SYN_RECEIVED;
	ev.src_state = ST_SYN_RECEIVED;
	ev.dst_before = ST_SYN_SENT;
	ev.dst_state = ST_ESTABLISHED;
}

static void test_jsonl_segment(void **state)
{
	(void)state;
	craft_synack();
	struct view *v = render_jsonl_new(&out);
	v->segment(v, &ev, 31000);
	v->destroy(v);
	assert_string_equal(
	        flushed(),
	        "{\"type\":\"segment\",\"frame\":2,\"t\":0.000031,\"stream\":3,"
	        "\"dir\":\"s2c\",\"src\":\"10.0.0.1\",\"sport\":80,"
	        "\"dst\":\"10.0.0.2\",\"dport\":40000,\"flags\":\"SYN,ACK,"
	        "ECE\","
	        "\"seq\":4000000000,\"ack\":1001,\"rseq\":0,\"rack\":1,\"len\":"
	        "0,"
	        "\"win\":65535,\"hlen\":40,\"urp\":0,\"opts\":{\"mss\":1460,"
	        "\"wscale\":7,\"sack_perm\":true,\"ts\":[5,6],\"nop\":1},"
	        "\"role\":\"handshake-2\",\"analysis\":[],"
	        "\"src_state\":\"SYN_RECEIVED\",\"dst_state\":\"ESTABLISHED\","
	        "\"truncated\":false,\"malformed\":null,\"payload\":\"\"}\n");
}

static void test_jsonl_no_ack_is_null(void **state)
{
	(void)state;
	craft_synack();
	seg.flags = TH_SYN;
	ev.analysis = AN_RETRANSMISSION;
	seg.truncated = true;
	seg.malformed = "bad \"header\"";
	struct view *v = render_jsonl_new(&out);
	v->segment(v, &ev, 0);
	v->destroy(v);
	const char *s = flushed();
	assert_non_null(strstr(s, "\"rack\":null"));
	assert_non_null(strstr(s, "\"analysis\":[\"retransmission\"]"));
	assert_non_null(strstr(s, "\"truncated\":true"));
	assert_non_null(strstr(s, "\"malformed\":\"bad \\\"header\\\"\","));
}

/* One of several captures: JSON Lines name it in a record first, the
 * diagram sets it off by a blank line before its title; one capture's
 * output says nothing of files. */
static void test_file_of_several(void **state)
{
	(void)state;
	struct session_info one = {
	        .file = "a.pcap", .file_number = 1, .files = 1};
	struct session_info two = {
	        .file = "b \"x\".pcap", .file_number = 2, .files = 2};
	struct view *v = render_jsonl_new(&out);
	v->begin(v, &one);
	v->begin(v, &two);
	v->destroy(v);
	assert_string_equal(flushed(), "{\"type\":\"file\",\"file\":\"b "
	                               "\\\"x\\\".pcap\",\"number\":2,"
	                               "\"files\":2}\n");
	teardown(NULL);
	setup(NULL);
	craft_synack();
	struct text_options opt = {.ascii = true,
	                           .title = "tcpviz replay of b"};
	v = render_text_new(&out, &opt);
	v->begin(v, &two);
	v->segment(v, &ev, 0);
	v->destroy(v);
	assert_true(strncmp(flushed(), "\ntcpviz replay of b\n", 20) == 0);
	teardown(NULL);
	setup(NULL);
	v = render_text_new(&out, &opt);
	v->begin(v, &one);
	v->segment(v, &ev, 0);
	v->destroy(v);
	assert_true(strncmp(flushed(), "tcpviz replay of b\n", 19) == 0);
}

/* The column where needle starts on the line holding it. */
static long column_of(const char *s, const char *needle)
{
	const char *at = strstr(s, needle);
	assert_non_null(at);
	const char *bol = at;
	while (bol > s && bol[-1] != '\n')
		bol--;
	return (long)(at - bol);
}

/* What was sent, in JSON (escaped, exact) and in the diagram (under the
 * label, cut at the right-hand column, 7-bit with --ascii). */
static void test_payload_shown(void **state)
{
	(void)state;
	craft_synack();
	seg.flags = TH_PSH | TH_ACK;
	ev.role = ROLE_DATA;
	seg.len = 14;
	seg.payload_kept = 14;
	memcpy(seg.payload, "\xe4\xbd\xa0\xe5\xa5\xbd\"hi\"\r\n\x01\xff", 14);
	struct view *v = render_jsonl_new(&out);
	v->segment(v, &ev, 0);
	v->destroy(v);
	assert_non_null(strstr(flushed(),
	                       ",\"payload\":\"你好\\\\\\\"hi\\\\\\\""
	                       "\\\\r\\\\n\\\\x01\\\\xff\"}\n"));
	teardown(NULL);
	setup(NULL);
	struct text_options opt = {.ascii = false};
	v = render_text_new(&out, &opt);
	v->segment(v, &ev, 0);
	/* A long payload is cut with an ellipsis at column 79. */
	seg.len = 400;
	seg.payload_kept = SEGMENT_PAYLOAD_MAX;
	memset(seg.payload, 'a', SEGMENT_PAYLOAD_MAX);
	v->segment(v, &ev, 0);
	v->destroy(v);
	const char *s = flushed();
	assert_non_null(strstr(s, "\n                            "
	                          "\"你好\\\"hi\\\"\\r\\n\\x01\\xff\"\n"));
	const char *cut = strstr(s, "\"aaaa");
	assert_non_null(cut);
	assert_int_equal(column_of(s, "\"aaaa"), 28);
	assert_non_null(strstr(cut, "a\u2026\n"));
	assert_int_equal(strstr(cut, "\u2026") - cut, 79 - 28 - 1);
	teardown(NULL);
	setup(NULL);
	opt.ascii = true;
	seg.len = 3;
	seg.payload_kept = 3;
	memcpy(seg.payload, "\xe4\xbd\xa0", 3);
	v = render_text_new(&out, &opt);
	v->segment(v, &ev, 0);
	v->destroy(v);
	assert_non_null(strstr(flushed(), "\"\\xe4\\xbd\\xa0\"\n"));
}

static const char *jsonl_opts_of(const struct tcpopts *op)
{
	craft_synack();
	seg.opts = *op;
	struct view *v = render_jsonl_new(&out);
	v->segment(v, &ev, 0);
	v->destroy(v);
	const char *s = strstr(flushed(), "\"opts\":");
	assert_non_null(s);
	return s;
}

static void test_jsonl_opts(void **state)
{
	(void)state;
	struct tcpopts none = {0};
	assert_non_null(strstr(jsonl_opts_of(&none), "\"opts\":{},\"role\""));

	teardown(NULL);
	setup(NULL);
	struct tcpopts many = {
	        .present = OPT_HAS_SACK | OPT_HAS_TFO | OPT_HAS_EOL,
	        .sack_count = 2,
	        .sack = {{1, 2}, {4294967295u, 7}},
	        .tfo_cookie_len = 4,
	        .tfo_cookie = {0xde, 0xad, 0x0b, 0xef},
	        .unknown_count = 10, /* more than unknown[] holds */
	        .unknown = {30, 19, 29, 253, 254, 99, 100, 101},
	};
	assert_non_null(
	        strstr(jsonl_opts_of(&many),
	               "\"opts\":{\"sack\":[[1,2],[4294967295,7]],"
	               "\"tfo\":\"dead0bef\",\"eol\":true,"
	               "\"unknown\":[30,19,29,253,254,99,100,101]},\"role\""));
	teardown(NULL);

	setup(NULL);
	struct tcpopts bad = {.present = OPT_HAS_MSS,
	                      .mss = 536,
	                      .error = "option 2 (MSS) length not 4"};
	assert_non_null(strstr(jsonl_opts_of(&bad),
	                       "\"opts\":{\"mss\":536,\"error\":"
	                       "\"option 2 (MSS) length not 4\"},\"role\""));
	struct tcpopts bad_only = {.error = "x"};
	teardown(NULL);
	setup(NULL);
	assert_non_null(strstr(jsonl_opts_of(&bad_only),
	                       "\"opts\":{\"error\":\"x\"},\"role\""));
}

static void test_jsonl_stream_ipv6(void **state)
{
	(void)state;
	craft_synack();
	stream.client.addr = (struct ipaddr){.family = 6, .bytes = {[15] = 1}};
	stream.server.addr = stream.client.addr;
	stream.client_state = ST_TIME_WAIT;
	stream.server_state = ST_CLOSED;
	stream.segments = 10;
	struct view *v = render_jsonl_new(&out);
	v->stream(v, &stream);
	v->destroy(v);
	assert_string_equal(
	        flushed(),
	        "{\"type\":\"stream\",\"stream\":3,\"client\":\"[::1]:40000\","
	        "\"server\":\"[::1]:80\",\"client_guessed\":false,"
	        "\"client_state\":\"TIME_WAIT\",\"server_state\":\"CLOSED\","
	        "\"segments\":10}\n");
}

static void test_text_rows(void **state)
{
	(void)state;
	craft_synack();
	ev.new_stream = true;
	struct text_options opt = {.ascii = true};
	struct view *v = render_text_new(&out, &opt);
	v->segment(v, &ev, 31000);
	/* The same stream again: no second header. */
	ev.new_stream = false;
	ev.c2s = true;
	ev.src_before = ev.src_state = ST_ESTABLISHED;
	ev.dst_before = ST_SYN_RECEIVED;
	ev.dst_state = ST_ESTABLISHED;
	seg.flags = TH_ACK;
	ev.role = ROLE_HANDSHAKE_3;
	ev.rseq = 1;
	v->segment(v, &ev, 40000);
	v->destroy(v);
	const char *s = flushed();
	assert_non_null(strstr(
	        s, "stream 3: client 10.0.0.2:40000, server 10.0.0.1:80\n"));
	assert_non_null(strstr(s, "SYN_SENT"));
	/* The server's SYN-ACK points left and moves the client to ESTABLISHED.
	 */
	assert_non_null(strstr(s, "   0.000031                 SYN,ACK,ECE "
	                          "seq=0 ack=1  (handshake 2/3)\n"));
	assert_non_null(strstr(s, "ESTABLISHED  <-----"));
	assert_non_null(strstr(s, "-----> ESTABLISHED\n"));
	const char *first = strstr(s, "stream 3");
	assert_null(strstr(first + 1, "stream 3"));
}

/* Times of five and six integer digits (hours into a capture) take their
 * room from the gap after them: the label, the arrow's states and the
 * calls stay in their columns. */
static void test_text_wide_times(void **state)
{
	(void)state;
	craft_synack();
	ev.new_stream = true;
	struct text_options opt = {.ascii = true};
	struct view *v = render_text_new(&out, &opt);
	struct call_event c = {.side = SIDE_CLIENT,
	                       .call = CALL_CONNECT,
	                       .enter = true,
	                       .fd = 3};
	v->segment(v, &ev, 31000);
	v->call(v, &c, 32000);
	ev.new_stream = false;
	seg.flags = TH_FIN | TH_ACK;
	ev.role = ROLE_FIN_AND_ACK;
	v->segment(v, &ev, 12345000031000LL);
	c.fd = 4;
	v->call(v, &c, 12345000032000LL);
	c.side = SIDE_SERVER;
	c.fd = 5;
	v->call(v, &c, 12345000033000LL);
	c.side = SIDE_CLIENT;
	c.fd = 6;
	v->call(v, &c, 99999000033000LL);
	v->destroy(v);
	const char *s = flushed();
	assert_non_null(strstr(s, "\n12345.000031 "));
	long label = column_of(s, "SYN,ACK,ECE seq=0");
	assert_int_equal(column_of(s, "FIN,ACK seq=0"), label);
	long call = column_of(s, "client connect(3) ...");
	assert_int_equal(column_of(s, "client connect(4) ..."), call);
	assert_int_equal(column_of(s, "client connect(6) ..."), call);
	/* The server's call still ends at the right-hand column. */
	const char *srv = strstr(s, "server connect(5) ...\n");
	assert_non_null(srv);
	assert_int_equal(column_of(s, "server connect(5) ...") +
	                         (long)strlen("server connect(5) ..."),
	                 79);
	/* The middle of a three-segment teardown: both of its meanings. */
	assert_non_null(strstr(s, "seq=0 ack=1  (FIN + ACK of FIN)\n"));
}

/* The crafted SYN-ACK as the first segment of stream id, between the
 * client port cport and the server, with the server in server_before. */
static void mermaid_segment_of(struct view *v, uint64_t id, uint16_t cport,
                               enum tcp_state server_before)
{
	craft_synack();
	stream.id = id;
	stream.client.port = cport;
	seg.dport = cport;
	ev.new_stream = true;
	ev.src_before = ev.src_state = server_before;
	v->segment(v, &ev, (int64_t)id * 1000);
}

/* A call of stream id (has_stream), named by its fd. */
static void mermaid_call_of(struct view *v, uint64_t id, int fd)
{
	struct call_event c = {.side = SIDE_CLIENT,
	                       .call = CALL_SEND,
	                       .enter = true,
	                       .fd = fd,
	                       .has_stream = true,
	                       .stream = id};
	v->call(v, &c, 0);
}

/* Mermaid with streams 0, 1 and 2 met: what it writes when asked for
 * stream `want` (-1: the first), the session having seen `streams`. */
static const char *mermaid_of_three(long want, uint64_t streams)
{
	struct view_options vo = {.out = &out, .title = NULL, .stream = want};
	struct view *v = views_find("mermaid")->make(&vo);
	struct session_totals t = {.streams = streams};
	mermaid_segment_of(v, 0, 40000, ST_LISTEN);
	mermaid_call_of(v, 0, 3);
	mermaid_segment_of(v, 1, 40001, ST_SYN_RECEIVED);
	mermaid_call_of(v, 1, 4);
	mermaid_segment_of(v, 2, 40002, ST_LISTEN);
	mermaid_call_of(v, 2, 5);
	v->finish(v, &t);
	v->destroy(v);
	return flushed();
}

static void test_mermaid_chosen_stream(void **state)
{
	(void)state;
	const char *s = mermaid_of_three(1, 3);
	/* Stream 1's endpoints, its first segment's starting states, its
	 * call only. */
	assert_non_null(strstr(s, "participant C as client 10.0.0.2:40001\n"));
	assert_non_null(strstr(s, "participant S as server 10.0.0.1:80\n"));
	assert_non_null(strstr(s, "Note over S: SYN_RECEIVED\n    S->>C:"));
	assert_null(strstr(s, "40000"));
	assert_null(strstr(s, "LISTEN"));
	assert_non_null(strstr(s, "send(4)"));
	assert_null(strstr(s, "send(3)"));
	assert_null(strstr(s, "send(5)"));
	/* The streams before it and after it are named, in id order. */
	assert_non_null(strstr(s,
	                       "Note over C,S: stream 1 only (--stream N draws "
	                       "another)#59; not drawn: stream 0, 2\n"));
}

static void test_mermaid_first_stream(void **state)
{
	(void)state;
	const char *s = mermaid_of_three(-1, 3);
	assert_non_null(strstr(s, "participant C as client 10.0.0.2:40000\n"));
	assert_non_null(strstr(s, "Note over S: LISTEN\n"));
	assert_non_null(strstr(s, "send(3)"));
	assert_null(strstr(s, "send(4)"));
	assert_non_null(strstr(s, "not drawn: stream 1, 2\n"));
}

static void test_mermaid_missing_stream(void **state)
{
	(void)state;
	const char *s = mermaid_of_three(7, 3);
	/* No endpoints, no segment, no call of a stream; no list of the
	 * others: the note says which streams there are. */
	assert_non_null(strstr(s, "participant C as client\n"));
	assert_null(strstr(s, "->>S:"));
	assert_null(strstr(s, "send("));
	assert_null(strstr(s, "not drawn"));
	assert_non_null(strstr(s, "Note over C,S: stream 7 is not in this "
	                          "capture: it has streams 0-2\n"));
	teardown(NULL);
	setup(NULL);
	struct view_options vo = {.out = &out, .stream = 0};
	struct view *v = views_find("mermaid")->make(&vo);
	struct session_totals none = {0};
	v->finish(v, &none);
	v->destroy(v);
	assert_non_null(strstr(flushed(), "stream 0 is not in this capture: "
	                                  "it has no TCP stream\n"));
	assert_null(strstr(mem.text, "no TCP segment"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_numbers, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_seconds, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_json_escapes, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_endpoints, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_small_buffer_many_flushes,
	                                        setup, teardown),
	        cmocka_unit_test(test_sink_failure_sticks),
	        cmocka_unit_test_setup_teardown(test_jsonl_segment, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_jsonl_no_ack_is_null,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(test_jsonl_opts, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_jsonl_stream_ipv6, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_file_of_several, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_payload_shown, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_text_wide_times, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_mermaid_chosen_stream,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(test_mermaid_first_stream,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(test_mermaid_missing_stream,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(test_text_rows, setup,
	                                        teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
