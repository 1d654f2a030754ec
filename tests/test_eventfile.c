/*
 * test_eventfile.c - FILE.events lines: what the JSON Lines view writes
 * for calls and kernel states reads back the same, and hostile lines are
 * bad lines, never a crash.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "eventfile.h"
#include "outbuf.h"
#include "render.h"

static char text[65536];
static size_t text_len;

static int mem_sink(void *ctx, const char *p, size_t n)
{
	(void)ctx;
	if (text_len + n >= sizeof text)
		return -1;
	memcpy(text + text_len, p, n);
	text_len += n;
	text[text_len] = '\0';
	return 0;
}

/* What the JSON Lines view writes for one call or kstate. */
static const char *written(const struct call_event *c,
                           const struct kstate_event *k, int64_t t)
{
	struct outbuf o;
	text_len = 0;
	text[0] = '\0';
	outbuf_init(&o, 256, mem_sink, NULL);
	struct view *v = render_jsonl_new(&o);
	if (c)
		v->call(v, c, t);
	else
		v->kstate(v, k, t);
	v->destroy(v);
	outbuf_flush(&o);
	outbuf_free(&o);
	return text;
}

static void test_origin(void **state)
{
	(void)state;
	struct eventfile_record r;
	const char *why;
	assert_int_equal(eventfile_parse("{\"type\":\"origin\",\"epoch\":"
	                                 "1795315364.269090692}\n",
	                                 &r, &why),
	                 EVENTFILE_ORIGIN);
	assert_true(r.ns == 1795315364269090692LL);
	assert_int_equal(eventfile_parse("{\"type\":\"origin\",\"epoch\":12.5}",
	                                 &r, &why),
	                 EVENTFILE_ORIGIN);
	assert_true(r.ns == 12500000000LL);
}

static void test_call_round_trip(void **state)
{
	(void)state;
	struct call_event c = {.side = SIDE_CLIENT,
	                       .call = CALL_CONNECT,
	                       .enter = false,
	                       .fd = 6,
	                       .ret = -1,
	                       .err = ECONNREFUSED};
	c.detail = "with \"quotes\" and \\";
	struct eventfile_record r;
	const char *why;
	assert_int_equal(eventfile_parse(written(&c, NULL, 1500), &r, &why),
	                 EVENTFILE_CALL);
	assert_true(r.ns == 1500);
	assert_int_equal(r.call.side, SIDE_CLIENT);
	assert_int_equal(r.call.call, CALL_CONNECT);
	assert_false(r.call.enter);
	assert_int_equal(r.call.fd, 6);
	assert_int_equal(r.call.ret, -1);
	assert_int_equal(r.call.err, ECONNREFUSED);
	assert_string_equal(r.call.detail, c.detail);
	eventfile_record_free(&r);

	struct call_event e = {.side = SIDE_SERVER,
	                       .call = CALL_SOCKET,
	                       .enter = true,
	                       .fd = -1};
	assert_int_equal(eventfile_parse(written(&e, NULL, 0), &r, &why),
	                 EVENTFILE_CALL);
	assert_true(r.call.enter);
	assert_int_equal(r.call.fd, -1);
	assert_int_equal(r.call.err, 0);
	assert_string_equal(r.call.detail, ""); /* none written: "" */
	eventfile_record_free(&r);
}

/* A lesson server's child: a scripted actor with a name of its own,
 * written and read back by that name, with no pid; the client and the
 * server are known by their side alone. */
static void test_named_scripted_actor(void **state)
{
	(void)state;
	struct actor child = {.id = 3, .label = "child"};
	struct actor server = {.id = 2, .label = "server"};
	struct call_event c = {.side = SIDE_SERVER,
	                       .actor = &child,
	                       .call = CALL_CLOSE,
	                       .fd = 7};
	struct eventfile_record r;
	const char *why;
	const char *line = written(&c, NULL, 10);
	assert_non_null(strstr(line, "\"who\":\"child\""));
	assert_null(strstr(line, "\"pid\""));
	assert_int_equal(eventfile_parse(line, &r, &why), EVENTFILE_CALL);
	assert_string_equal(r.who, "child");
	assert_int_equal(r.pid, 0);
	assert_int_equal(r.call.side, SIDE_SERVER);
	eventfile_record_free(&r);

	c.actor = &server;
	line = written(&c, NULL, 10);
	assert_null(strstr(line, "\"who\""));
	assert_int_equal(eventfile_parse(line, &r, &why), EVENTFILE_CALL);
	assert_null(r.who);
	eventfile_record_free(&r);

	/* An empty name is no name. */
	assert_int_equal(eventfile_parse("{\"type\":\"call\",\"t\":0,"
	                                 "\"actor\":\"server\",\"who\":\"\","
	                                 "\"call\":\"close\",\"phase\":"
	                                 "\"enter\",\"fd\":7,\"ret\":null,"
	                                 "\"errno\":null}",
	                                 &r, &why),
	                 EVENTFILE_BAD);
	eventfile_record_free(&r);
}

static void test_kstate_round_trip(void **state)
{
	(void)state;
	struct kstate_event k = {
	        .side = SIDE_SERVER, .fd = -1, .state = ST_TIME_WAIT};
	k.local.addr = (struct ipaddr){.family = 6, .bytes = {[15] = 1}};
	k.local.port = 5555;
	k.remote = k.local;
	k.remote.port = 40000;
	struct eventfile_record r;
	const char *why;
	assert_int_equal(eventfile_parse(written(NULL, &k, 7), &r, &why),
	                 EVENTFILE_KSTATE);
	assert_int_equal(r.kstate.side, SIDE_SERVER);
	assert_int_equal(r.kstate.fd, -1);
	assert_int_equal(r.kstate.state, ST_TIME_WAIT);
	assert_int_equal(r.kstate.local.addr.family, 6);
	assert_memory_equal(r.kstate.local.addr.bytes, k.local.addr.bytes, 16);
	assert_int_equal(r.kstate.local.port, 5555);
	assert_int_equal(r.kstate.remote.port, 40000);

	/* A listener: no remote end. */
	struct kstate_event l = {
	        .side = SIDE_SERVER, .fd = 3, .state = ST_LISTEN};
	l.local.addr = (struct ipaddr){.family = 4, .bytes = {127, 0, 0, 1}};
	l.local.port = 80;
	assert_int_equal(eventfile_parse(written(NULL, &l, 7), &r, &why),
	                 EVENTFILE_KSTATE);
	assert_int_equal(r.kstate.remote.port, 0);
	assert_int_equal(r.kstate.local.addr.bytes[0], 127);
	assert_int_equal(r.kstate.fd, 3);
	assert_false(r.kstate.has_queue);

	/* ... with its accept queue, when it was read. */
	l.has_queue = true;
	l.queue = 2;
	l.backlog = 1;
	const char *line = written(NULL, &l, 7);
	assert_non_null(strstr(line, "\"queue\":2,\"backlog\":1,"));
	assert_int_equal(eventfile_parse(line, &r, &why), EVENTFILE_KSTATE);
	assert_true(r.kstate.has_queue);
	assert_int_equal(r.kstate.queue, 2);
	assert_int_equal(r.kstate.backlog, 1);
	/* One without the other, or a negative one, is a bad line. */
	assert_int_equal(
	        eventfile_parse("{\"type\":\"kstate\",\"t\":0,\"actor\":"
	                        "\"server\",\"fd\":3,\"local\":"
	                        "\"127.0.0.1:80\",\"remote\":null,\"state\":"
	                        "\"LISTEN\",\"queue\":2}",
	                        &r, &why),
	        EVENTFILE_BAD);
	assert_int_equal(
	        eventfile_parse("{\"type\":\"kstate\",\"t\":0,\"actor\":"
	                        "\"server\",\"fd\":3,\"local\":"
	                        "\"127.0.0.1:80\",\"remote\":null,\"state\":"
	                        "\"LISTEN\",\"queue\":-1,\"backlog\":1}",
	                        &r, &why),
	        EVENTFILE_BAD);
}

/* Every line is a bad line that says why. */
static void assert_all_bad(const char *const *bad, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct eventfile_record r;
		const char *why = NULL;
		assert_int_equal(eventfile_parse(bad[i], &r, &why),
		                 EVENTFILE_BAD);
		assert_non_null(why);
	}
}

static void test_other_records_are_skipped(void **state)
{
	(void)state;
	struct eventfile_record r;
	const char *why;
	assert_int_equal(
	        eventfile_parse("{\"type\":\"stream\",\"stream\":0}", &r, &why),
	        EVENTFILE_OTHER);
}

/* What the JSON Lines view writes for one narration record. */
static const char *written_narration(int step, enum narration_kind kind,
                                     const char *words, int64_t t)
{
	struct outbuf o;
	text_len = 0;
	text[0] = '\0';
	outbuf_init(&o, 256, mem_sink, NULL);
	struct view *v = render_jsonl_new(&o);
	v->narration(v, step, kind, words, t);
	v->destroy(v);
	outbuf_flush(&o);
	outbuf_free(&o);
	return text;
}

static void test_narration_round_trip(void **state)
{
	(void)state;
	struct eventfile_record r;
	const char *why;
	/* Quotes, a backslash and UTF-8 come back as written. */
	const char *words = "Q: what does \"accept()\" do \\ here \u2192 now?";
	for (int k = 0; k < NARRATION_KIND_COUNT; k++) {
		assert_int_equal(
		        eventfile_parse(
		                written_narration(4, (enum narration_kind)k,
		                                  words, 1500000000),
		                &r, &why),
		        EVENTFILE_NARRATION);
		assert_int_equal(r.narration.step, 4);
		assert_int_equal(r.narration.kind, k);
		assert_string_equal(r.narration.text, words);
		assert_int_equal(r.ns, 1500000000);
		eventfile_record_free(&r);
	}
	/* A lesson's longest text (16 KiB) fits. */
	char *big = malloc(16385);
	assert_non_null(big);
	memset(big, 'x', 16384);
	big[16384] = '\0';
	assert_int_equal(
	        eventfile_parse(written_narration(0, NARRATION_SAY, big, 0), &r,
	                        &why),
	        EVENTFILE_NARRATION);
	assert_int_equal(strlen(r.narration.text), 16384);
	eventfile_record_free(&r);
	free(big);
}

static void test_bad_narration(void **state)
{
	(void)state;
	static const char *const bad[] = {
	        "{\"type\":\"narration\",\"t\":0,\"step\":1,\"kind\":\"say\"}",
	        "{\"type\":\"narration\",\"t\":0,\"step\":0,\"kind\":\"say\","
	        "\"text\":\"x\"}",
	        "{\"type\":\"narration\",\"t\":0,\"step\":1,\"kind\":\"sing\","
	        "\"text\":\"x\"}",
	        "{\"type\":\"narration\",\"t\":0,\"step\":\"1\",\"kind\":"
	        "\"say\",\"text\":\"x\"}",
	        "{\"type\":\"narration\",\"t\":0,\"step\":99999999999,"
	        "\"kind\":\"say\",\"text\":\"x\"}",
	        "{\"type\":\"narration\",\"step\":1,\"kind\":\"say\","
	        "\"text\":\"x\"}",
	};
	assert_all_bad(bad, sizeof bad / sizeof bad[0]);
}

static void test_bad_lines(void **state)
{
	(void)state;
	static const char *const bad[] = {
	        "",
	        "not json",
	        "{",
	        "{\"type\":\"call\"",
	        "{\"type\":\"call\",\"t\":\"soon\"}",
	        "{\"t\":1}",
	        "{\"type\":\"call\",\"t\":1,\"actor\":\"martian\",\"call\":"
	        "\"connect\",\"phase\":\"enter\",\"fd\":1,\"ret\":null}",
	        "{\"type\":\"call\",\"t\":1,\"actor\":\"client\",\"call\":"
	        "\"teleport\",\"phase\":\"enter\",\"fd\":1,\"ret\":null}",
	        "{\"type\":\"kstate\",\"t\":1,\"actor\":\"client\",\"fd\":1,"
	        "\"local\":\"1.2.3.4\",\"state\":\"LISTEN\"}",
	        "{\"type\":\"kstate\",\"t\":1,\"actor\":\"client\",\"fd\":1,"
	        "\"local\":\"1.2.3.4:99999\",\"state\":\"LISTEN\"}",
	        "{\"type\":\"kstate\",\"t\":1,\"actor\":\"client\",\"fd\":1,"
	        "\"local\":\"1.2.3.4:1\",\"state\":\"DANCING\"}",
	        "{\"type\":\"origin\",\"epoch\":1.1234567891}",
	        "{\"type\":\"origin\",\"epoch\":99999999999999999999999}",
	        "{\"type\":\"call\",\"t\":1} trailing",
	        "{\"type\":\"call\",\"t\":1,\"detail\":\"\\x\"}",
	        "{\"type\":\"call\",\"t\":1,\"detail\":\"\\u12\"}",
	};
	assert_all_bad(bad, sizeof bad / sizeof bad[0]);
}

static void test_long_and_random_lines(void **state)
{
	(void)state;
	char line[600];
	struct eventfile_record r;
	const char *why;
	/* A string longer than any field holds. */
	memset(line, 'a', sizeof line);
	memcpy(line, "{\"type\":\"", 9);
	line[sizeof line - 1] = '\0';
	assert_int_equal(eventfile_parse(line, &r, &why), EVENTFILE_BAD);
	/* Random bytes after a valid start: never a crash. */
	uint32_t x = 2463534242u;
	for (int i = 0; i < 20000; i++) {
		size_t n = 0;
		const char *start = "{\"type\":\"call\",\"t\":";
		memcpy(line, start, strlen(start));
		n = strlen(start);
		size_t extra = (x % 60);
		for (size_t j = 0; j < extra; j++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			line[n++] =
			        (char)(" {}[]:,\"\\0123456789.-aeflnrstu"[x %
			                                                  31]);
		}
		line[n] = '\0';
		enum eventfile_kind k = eventfile_parse(line, &r, &why);
		assert_true(k == EVENTFILE_BAD || k == EVENTFILE_CALL);
		eventfile_record_free(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_origin),
	        cmocka_unit_test(test_call_round_trip),
	        cmocka_unit_test(test_named_scripted_actor),
	        cmocka_unit_test(test_kstate_round_trip),
	        cmocka_unit_test(test_other_records_are_skipped),
	        cmocka_unit_test(test_narration_round_trip),
	        cmocka_unit_test(test_bad_narration),
	        cmocka_unit_test(test_bad_lines),
	        cmocka_unit_test(test_long_and_random_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
