/*
 * test_lesson.c - the lesson parser against lessons/README.md: the
 * example there, every directive, call and expectation, every error with
 * its line, and hostile bytes that must give an error, never a crash.
 *
 * Needs only lesson.c and the name tables it uses: the lessons are
 * strings here, no file is read. Run it under ASan.
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

#include <poll.h>
#include <sys/socket.h>

#include "lesson.h"
#include "lessonlang.h"
#include "lessonrun.h"
#include "outbuf.h"
#include "segment.h"

#define FILE_NAME "01-handshake.lesson"

static char errbuf[512];

static struct lesson *parse_n(const char *text, size_t len)
{
	return lesson_parse(text, len, FILE_NAME, errbuf, sizeof errbuf);
}

static struct lesson *parse_ok(const char *text)
{
	struct lesson *l = parse_n(text, strlen(text));
	if (l == NULL)
		fail_msg("unexpected error: %s", errbuf);
	assert_string_equal(errbuf, "");
	return l;
}

/* The error must name the file and line, say "expected", and hold what. */
static void expect_error_n(const char *text, size_t len, unsigned line,
                           const char *what)
{
	char prefix[64];
	struct lesson *l = parse_n(text, len);

	if (l != NULL) {
		lesson_free(l);
		fail_msg("parsed, expected an error at line %u in:\n%.*s", line,
		         (int)len, text);
	}
	snprintf(prefix, sizeof prefix, "%s:%u: expected ", FILE_NAME, line);
	if (strncmp(errbuf, prefix, strlen(prefix)) != 0 ||
	    strstr(errbuf, what) == NULL)
		fail_msg("got \"%s\", wanted \"%s...%s\"", errbuf, prefix,
		         what);
	assert_null(strchr(errbuf, '\n'));
}

static void expect_error(const char *text, unsigned line, const char *what)
{
	expect_error_n(text, strlen(text), line, what);
}

static const char readme_example[] =
        "title The three-way handshake\n"
        "intro connect() blocks until the SYN-ACK arrives; the handshake\n"
        "  completes before the server calls accept().\n"
        "\n"
        "step server socket\n"
        "step server bind\n"
        "step server listen\n"
        "step client socket\n"
        "step client connect\n"
        "say The client's kernel sends a SYN, and connect() waits for the\n"
        "  answer.\n"
        "ask What will the server's kernel send back?\n"
        "answer A SYN-ACK: its own ISN, and the client's ISN + 1 as ACK.\n"
        "expect segment c2s SYN\n"
        "expect segment s2c SYN,ACK\n"
        "expect returns 0\n"
        "expect kstate client ESTABLISHED\n";

static void check_plain_step(const struct lesson_step *s, enum side a,
                             enum lesson_call c, unsigned line)
{
	assert_int_equal(s->actor, a);
	assert_int_equal(s->call, c);
	assert_int_equal(s->arg, -1);
	assert_false(s->unused_port);
	assert_false(s->listener);
	assert_null(s->text);
	assert_int_equal(s->line, line);
}

static void test_readme_example(void **state)
{
	(void)state;
	struct lesson *l = parse_ok(readme_example);

	assert_string_equal(l->title, "The three-way handshake");
	assert_string_equal(l->intro,
	                    "connect() blocks until the SYN-ACK arrives; the "
	                    "handshake completes before the server calls "
	                    "accept().");
	assert_int_equal(l->nsteps, 5);
	check_plain_step(&l->steps[0], SIDE_SERVER, LESSON_CALL_SOCKET, 5);
	check_plain_step(&l->steps[1], SIDE_SERVER, LESSON_CALL_BIND, 6);
	check_plain_step(&l->steps[2], SIDE_SERVER, LESSON_CALL_LISTEN, 7);
	check_plain_step(&l->steps[3], SIDE_CLIENT, LESSON_CALL_SOCKET, 8);
	check_plain_step(&l->steps[4], SIDE_CLIENT, LESSON_CALL_CONNECT, 9);
	for (size_t i = 0; i < 4; i++) {
		assert_null(l->steps[i].say);
		assert_null(l->steps[i].ask);
		assert_null(l->steps[i].answer);
		assert_int_equal(l->steps[i].nexpects, 0);
	}

	const struct lesson_step *s = &l->steps[4];
	assert_string_equal(s->say, "The client's kernel sends a SYN, and "
	                            "connect() waits for the answer.");
	assert_string_equal(s->ask, "What will the server's kernel send back?");
	assert_string_equal(s->answer, "A SYN-ACK: its own ISN, and the "
	                               "client's ISN + 1 as ACK.");
	assert_int_equal(s->nexpects, 4);

	const struct lesson_expect *e = s->expects;
	assert_int_equal(e[0].kind, LESSON_EXPECT_SEGMENT);
	assert_true(e[0].c2s);
	assert_int_equal(e[0].flags, TH_SYN);
	assert_int_equal(e[0].line, 14);
	assert_string_equal(e[0].text, "segment c2s SYN");

	assert_int_equal(e[1].kind, LESSON_EXPECT_SEGMENT);
	assert_false(e[1].c2s);
	assert_int_equal(e[1].flags, TH_SYN | TH_ACK);
	assert_int_equal(e[1].line, 15);
	assert_string_equal(e[1].text, "segment s2c SYN,ACK");

	assert_int_equal(e[2].kind, LESSON_EXPECT_RETURNS);
	assert_int_equal(e[2].value, 0);
	assert_string_equal(e[2].text, "returns 0");

	assert_int_equal(e[3].kind, LESSON_EXPECT_KSTATE);
	assert_int_equal(e[3].actor, SIDE_CLIENT);
	assert_int_equal(e[3].state, ST_ESTABLISHED);
	assert_int_equal(e[3].line, 17);
	assert_string_equal(e[3].text, "kstate client ESTABLISHED");
	lesson_free(l);
}

static void test_calls_without_arguments(void **state)
{
	(void)state;
	struct lesson *l = parse_ok("title t\n"
	                            "step server socket\n"
	                            "step server bind\n"
	                            "step server listen\n"
	                            "step server accept\n"
	                            "step client connect\n"
	                            "step client send\n"
	                            "step server recv\n"
	                            "step client shutdown\n"
	                            "step client close\n");
	static const enum lesson_call want[] = {
	        LESSON_CALL_SOCKET, LESSON_CALL_BIND,     LESSON_CALL_LISTEN,
	        LESSON_CALL_ACCEPT, LESSON_CALL_CONNECT,  LESSON_CALL_SEND,
	        LESSON_CALL_RECV,   LESSON_CALL_SHUTDOWN, LESSON_CALL_CLOSE,
	};
	assert_null(l->intro);
	assert_int_equal(l->nsteps, 9);
	for (size_t i = 0; i < 9; i++)
		check_plain_step(&l->steps[i],
		                 i < 4 || i == 6 ? SIDE_SERVER : SIDE_CLIENT,
		                 want[i], (unsigned)i + 2);
	lesson_free(l);
}

static void test_ipv6(void **state)
{
	(void)state;
	struct lesson *l =
	        parse_ok("title t\nintro i\nipv6\nstep client socket\n");
	assert_true(l->ipv6);
	lesson_free(l);
	l = parse_ok("title t\nstep client socket\n");
	assert_false(l->ipv6);
	lesson_free(l);
}

static void test_step_text(void **state)
{
	(void)state;
	struct lesson *l = parse_ok("title t\n"
	                            "step server listen 0\n"
	                            "step client connect unused\n"
	                            "step server close listener\n"
	                            "step client send GET / HTTP/1.0\n"
	                            "step client sleep 300\n"
	                            "step server accept\n"
	                            "step server recv 4\n"
	                            "step server recv\n");
	static const char *const want[] = {
	        "server listen 0",       "client connect unused",
	        "server close listener", "client send GET / HTTP/1.0",
	        "client sleep 300",      "server accept",
	        "server recv 4",         "server recv",
	};
	char buf[64];
	for (size_t i = 0; i < l->nsteps; i++) {
		lesson_step_text(&l->steps[i], buf, sizeof buf);
		assert_string_equal(buf, want[i]);
	}
	/* Cut, never overrun. */
	char small[8];
	lesson_step_text(&l->steps[1], small, sizeof small);
	assert_string_equal(small, "client ");
	lesson_free(l);
}

static void test_calls_with_arguments(void **state)
{
	(void)state;
	struct lesson *l = parse_ok("title t\n"
	                            "step server listen 0\n"
	                            "step server listen 1024\n"
	                            "step client connect unused\n"
	                            "step client send hello,  world \n"
	                            "step client linger 0\n"
	                            "step server linger 600\n"
	                            "step server close listener\n"
	                            "step client sleep 0\n"
	                            "step server sleep 60000\n"
	                            "step client   socket\n"
	                            "step server recv 1\n"
	                            "step client recv 512\n"
	                            "step client recv\n");
	const struct lesson_step *s = l->steps;

	assert_int_equal(l->nsteps, 13);
	assert_int_equal(s[0].arg, 0);
	assert_int_equal(s[1].arg, 1024);
	assert_true(s[2].unused_port);
	assert_int_equal(s[2].arg, -1);
	assert_string_equal(s[3].text, "hello,  world");
	assert_int_equal(s[4].call, LESSON_CALL_LINGER);
	assert_int_equal(s[4].arg, 0);
	assert_int_equal(s[5].arg, 600);
	assert_true(s[6].listener);
	assert_int_equal(s[6].call, LESSON_CALL_CLOSE);
	assert_int_equal(s[7].call, LESSON_CALL_SLEEP);
	assert_int_equal(s[7].arg, 0);
	assert_int_equal(s[8].arg, 60000);
	assert_int_equal(s[9].call, LESSON_CALL_SOCKET);
	/* recv N: at most N bytes; without N, the whole buffer (-1). */
	assert_int_equal(s[10].call, LESSON_CALL_RECV);
	assert_int_equal(s[10].arg, 1);
	assert_int_equal(s[11].arg, LESSON_MAX_RECV);
	assert_int_equal(s[12].call, LESSON_CALL_RECV);
	assert_int_equal(s[12].arg, -1);
	lesson_free(l);
}

static void test_call_kinds_and_names(void **state)
{
	(void)state;
	for (int c = 0; c < LESSON_CALL_COUNT; c++) {
		int k = lesson_call_kind((enum lesson_call)c);
		const char *name = lesson_call_name((enum lesson_call)c);
		if (c == LESSON_CALL_LINGER || c == LESSON_CALL_SLEEP ||
		    c == LESSON_CALL_WAIT || c == LESSON_CALL_FORK ||
		    c == LESSON_CALL_EXIT) {
			assert_int_equal(k, -1);
			continue;
		}
		assert_in_range(k, 0, CALL_KIND_COUNT - 1);
		/* Socket options, named as a lesson says them. */
		if (c == LESSON_CALL_REUSEADDR || c == LESSON_CALL_SOERROR ||
		    c == LESSON_CALL_FASTOPEN) {
			assert_int_equal(k, c == LESSON_CALL_SOERROR
			                            ? CALL_GETSOCKOPT
			                            : CALL_SETSOCKOPT);
			continue;
		}
		/* The actors' name for the call is the lesson's word. */
		assert_string_equal(event_call_name((enum call_kind)k), name);
	}
	assert_string_equal(lesson_call_name(LESSON_CALL_LINGER), "linger");
	assert_string_equal(lesson_call_name(LESSON_CALL_WAIT), "wait");
	assert_string_equal(lesson_call_name(LESSON_CALL_COUNT), "?");
	assert_int_equal(lesson_call_kind(LESSON_CALL_COUNT), -1);
	assert_string_equal(lesson_expect_kind_name(LESSON_EXPECT_NO_SEGMENT),
	                    "no-segment");
	assert_string_equal(lesson_expect_kind_name(LESSON_EXPECT_RETURNS_OK),
	                    "returns");
}

static void test_every_expectation(void **state)
{
	(void)state;
	struct lesson *l = parse_ok("title t\n"
	                            "step client connect\n"
	                            "expect segment c2s "
	                            "FIN,SYN,RST,PSH,ACK,URG,ECE,CWR,AE\n"
	                            "expect no-segment s2c RST\n"
	                            "expect returns -1\n"
	                            "expect returns ok\n"
	                            "expect returns 9223372036854775807\n"
	                            "expect errno ECONNREFUSED\n"
	                            "expect blocked\n"
	                            "expect kstate server TIME_WAIT\n"
	                            "expect   segment  s2c  FIN,ACK  \n");
	const struct lesson_expect *e = l->steps[0].expects;

	assert_int_equal(l->steps[0].nexpects, 9);
	assert_int_equal(e[0].kind, LESSON_EXPECT_SEGMENT);
	assert_int_equal(e[0].flags, 0x1ff);
	assert_true(e[0].c2s);
	assert_int_equal(e[1].kind, LESSON_EXPECT_NO_SEGMENT);
	assert_false(e[1].c2s);
	assert_int_equal(e[1].flags, TH_RST);
	assert_int_equal(e[2].kind, LESSON_EXPECT_RETURNS);
	assert_int_equal(e[2].value, -1);
	assert_int_equal(e[3].kind, LESSON_EXPECT_RETURNS_OK);
	assert_int_equal(e[4].value, 9223372036854775807L);
	assert_int_equal(e[5].kind, LESSON_EXPECT_ERRNO);
	assert_int_equal(e[5].err, ECONNREFUSED);
	assert_int_equal(e[6].kind, LESSON_EXPECT_BLOCKED);
	assert_int_equal(e[7].kind, LESSON_EXPECT_KSTATE);
	assert_int_equal(e[7].actor, SIDE_SERVER);
	assert_int_equal(e[7].state, ST_TIME_WAIT);
	assert_int_equal(e[7].line, 10);
	assert_int_equal(e[8].flags, TH_FIN | TH_ACK);
	assert_false(e[8].c2s);
	/* As written, less the trailing spaces. */
	assert_string_equal(e[8].text, "segment  s2c  FIN,ACK");
	lesson_free(l);
}

static void test_sleep_takes_segment_expectations(void **state)
{
	(void)state;
	struct lesson *l = parse_ok("title t\n"
	                            "step client sleep 250\n"
	                            "expect no-segment c2s FIN\n"
	                            "expect kstate client FIN_WAIT_2\n");
	assert_int_equal(l->steps[0].nexpects, 2);
	assert_int_equal(l->steps[0].arg, 250);
	lesson_free(l);
}

/* wait takes no argument, and like sleep makes no call to judge. */
static void test_wait_step(void **state)
{
	(void)state;
	struct lesson *l = parse_ok("title t\n"
	                            "step client wait\n"
	                            "expect kstate client ESTABLISHED\n");
	assert_int_equal(l->steps[0].call, LESSON_CALL_WAIT);
	assert_int_equal(l->steps[0].nexpects, 1);
	char text[64];
	lesson_step_text(&l->steps[0], text, sizeof text);
	assert_string_equal(text, "client wait");
	lesson_free(l);
}

static void test_continuation_lines(void **state)
{
	(void)state;
	struct lesson *l = parse_ok("title The\n"
	                            "  title\n"
	                            "intro one\n"
	                            "     two (deeper indent)\n"
	                            "  three\n"
	                            "step server socket\n"
	                            "say a\n"
	                            "  b\n"
	                            "ask c\n"
	                            "  d\n"
	                            "answer e\n"
	                            "  f\n");
	assert_string_equal(l->title, "The title");
	assert_string_equal(l->intro, "one two (deeper indent) three");
	assert_string_equal(l->steps[0].say, "a b");
	assert_string_equal(l->steps[0].ask, "c d");
	assert_string_equal(l->steps[0].answer, "e f");
	lesson_free(l);
}

static void test_continuation_errors(void **state)
{
	(void)state;
	expect_error("title t\nstep server socket\n  more\n", 3,
	             "before a continuation");
	expect_error("title t\nstep server socket\nexpect blocked\n  more\n", 4,
	             "before a continuation");
	expect_error("title t\n\n  more\n", 3, "before a continuation");
	expect_error("title t\n# note\n  more\n", 3, "before a continuation");
	expect_error("  more\ntitle t\n", 1, "before a continuation");
	expect_error("title t\n more\n", 2, "found one space");
}

static void test_comments_and_blank_lines(void **state)
{
	(void)state;
	struct lesson *l = parse_ok("# a lesson\n"
	                            "\n"
	                            "   \n"
	                            "title t # not a comment\n"
	                            "#step client socket\n"
	                            "\n"
	                            "step server socket\n"
	                            "say s # kept\n"
	                            "# between\n"
	                            "expect blocked\n");
	assert_string_equal(l->title, "t # not a comment");
	assert_int_equal(l->nsteps, 1);
	assert_int_equal(l->steps[0].line, 7);
	assert_string_equal(l->steps[0].say, "s # kept");
	assert_int_equal(l->steps[0].expects[0].line, 10);
	lesson_free(l);
}

static void test_crlf(void **state)
{
	(void)state;
	char crlf[sizeof readme_example * 2];
	size_t n = 0;

	for (const char *s = readme_example; *s != '\0'; s++) {
		if (*s == '\n')
			crlf[n++] = '\r';
		crlf[n++] = *s;
	}
	crlf[n] = '\0';
	struct lesson *l = parse_ok(crlf);
	assert_string_equal(l->title, "The three-way handshake");
	assert_string_equal(l->steps[4].say,
	                    "The client's kernel sends a SYN, and "
	                    "connect() waits for the answer.");
	assert_int_equal(l->steps[4].expects[3].line, 17);
	assert_string_equal(l->steps[4].expects[3].text,
	                    "kstate client ESTABLISHED");
	lesson_free(l);
	/* A carriage return that does not end a line is an error. */
	expect_error("title t\nstep server\rsocket\n", 2, "carriage return");
}

static void test_no_final_newline(void **state)
{
	(void)state;
	struct lesson *l = parse_ok("title t\nstep client socket\nsay end");
	assert_string_equal(l->steps[0].say, "end");
	lesson_free(l);
}

static void test_utf8_text(void **state)
{
	(void)state;
	struct lesson *l = parse_ok("title Poignée de main \xe2\x80\x94 TCP\n"
	                            "step client socket\n");
	assert_string_equal(l->title, "Poignée de main \xe2\x80\x94 TCP");
	lesson_free(l);
	expect_error("title a\xff\n", 1, "UTF-8");
	expect_error("title a\xc0\xaf\n", 1, "UTF-8");     /* overlong '/' */
	expect_error("title a\xed\xa0\x80\n", 1, "UTF-8"); /* surrogate */
	expect_error("title a\xe2\x80\n", 1, "UTF-8");     /* cut short */
	expect_error("title a\xc2\x85\n", 1, "control character U+0085");
}

struct error_case {
	const char *text;
	unsigned line;
	const char *what;
};

/* Every rule of the format broken once; line and words of the message. */
static const struct error_case error_cases[] = {
        /* order of directives */
        {"", 1, "'title' first, found end of file"},
        {"# only\n\n", 2, "'title' first, found end of file"},
        {"step client socket\n", 1, "'title' first, found 'step'"},
        {"intro i\ntitle t\n", 1, "'title' first, found 'intro'"},
        {"title t\ntitle u\nstep client socket\n", 2, "one 'title'"},
        {"title t\n", 1, "at least one 'step', found end of file"},
        {"title t\nintro i\n\n", 3, "at least one 'step'"},
        {"title t\nstep client socket\nintro i\n", 3,
         "'intro' before the first step"},
        {"title t\nintro i\nintro j\n", 3, "one 'intro'"},
        {"title t\nipv6\nipv6\n", 3, "'ipv6' once"},
        {"title t\nipv6 please\n", 2, "end of line after 'ipv6'"},
        {"title t\nstep client socket\nipv6\n", 3,
         "'ipv6' before the first step"},
        {"ipv6\ntitle t\n", 1, "'title' first, found 'ipv6'"},
        {"title t\nsay s\n", 2, "a step before 'say'"},
        {"title t\nask a\n", 2, "a step before 'ask'"},
        {"title t\nanswer a\n", 2, "a step before 'answer'"},
        {"title t\nexpect blocked\n", 2, "a step before 'expect'"},
        {"title t\nstep client socket\nanswer a\n", 3,
         "an 'ask' before 'answer'"},
        {"title t\nstep client socket\nask q\nstep client close\nanswer a\n", 5,
         "an 'ask' before 'answer' in the step at line 4"},
        {"title t\nstep client socket\nsay a\nsay b\n", 4, "one 'say'"},
        {"title t\nstep client socket\nask a\nask b\n", 4, "one 'ask'"},
        {"title t\nstep client socket\nask a\nanswer b\nanswer c\n", 5,
         "one 'answer'"},
        /* directives and their text */
        {"title t\nstep client socket\nnarrate x\n", 3,
         "a directive (title, summary, intro"},
        {"Title t\n", 1, "a directive"},
        {"title\n", 1, "text after 'title', found end of line"},
        {"title t\nintro   \n", 2, "text after 'intro'"},
        {"title t\nstep client socket\nsay\n", 3, "text after 'say'"},
        /* steps */
        {"title t\nstep\n", 2, "an actor (client, server, child or both)"},
        {"title t\nstep browser socket\n", 2, "found 'browser'"},
        {"title t\nstep client\n", 2, "a call (socket"},
        {"title t\nstep client open\n", 2, "found 'open'"},
        {"title t\nstep client socket now\n", 2,
         "end of line after 'socket', found 'now'"},
        {"title t\nstep client shutdown rd\n", 2, "found 'rd'"},
        {"title t\nstep client recv 513\n", 2,
         "a number of bytes from 1 to 512 after 'recv', found '513'"},
        {"title t\nstep client recv 0\n", 2, "found '0'"},
        {"title t\nstep client recv -4\n", 2, "found '-4'"},
        {"title t\nstep client recv all\n", 2, "from 1 to 512"},
        {"title t\nstep client recv 4 6\n", 2,
         "'MSG_WAITALL' or end of line after 'recv', found '6'"},
        {"title t\nstep client recv MSG_WAITALL MSG_WAITALL\n", 2,
         "each word once after 'recv', found 'MSG_WAITALL' twice"},
        {"title t\nstep client recv MSG_PEEK\n", 2,
         "a number of bytes from 1 to 512 after 'recv', found 'MSG_PEEK'"},
        {"title t\nstep server listen x\n", 2, "a backlog from 0 to 1024"},
        {"title t\nstep server listen 1025\n", 2, "found '1025'"},
        {"title t\nstep server listen -1\n", 2, "found '-1'"},
        {"title t\nstep server listen +4\n", 2, "found '+4'"},
        {"title t\nstep server listen 4 8\n", 2,
         "end of line after 'listen', found '8'"},
        {"title t\nstep client linger\n", 2,
         "a number of seconds from 0 to 600 after 'linger', found end"},
        {"title t\nstep client linger 601\n", 2, "found '601'"},
        {"title t\nstep client sleep\n", 2, "a number of milliseconds"},
        {"title t\nstep client wait 5\n", 2, "end of line after 'wait'"},
        {"title t\nstep client wait\nexpect returns 0\n", 3,
         "on a 'wait' step (it makes no call), found 'returns'"},
        {"title t\nstep client sleep 60001\n", 2, "found '60001'"},
        {"title t\nstep client sleep 99999999999999999999999\n", 2,
         "from 0 to 60000"},
        {"title t\nstep client connect used\n", 2,
         "'unused', 'any' or end of line after 'connect', found 'used'"},
        {"title t\nstep client connect unused now\n", 2,
         "or end of line after 'connect', found 'now'"},
        {"title t\nstep server close all\n", 2,
         "'listener', 'dup' or end of line"},
        {"title t\nstep server close listener dup\n", 2,
         "'listener' or 'dup' after 'close', found both"},
        {"title t\nstep server bind raw raw\n", 2,
         "each word once after 'bind', found 'raw' twice"},
        {"title t\nstep client socket blocking\n", 2,
         "'nonblock' or end of line after 'socket'"},
        {"title t\nstep client poll 5\n", 2,
         "'listener' or end of line after 'poll', found '5'"},
        {"title t\nstep client soerror x\n", 2,
         "expected end of line after 'soerror', found 'x'"},
        {"title t\nstep client bind raw\n", 2, "'server' for 'bind raw'"},
        {"title t\nstep child close\n", 2,
         "a 'server fork' step before the child's first step"},
        {"title t\nstep client fork\n", 2,
         "'server' for 'fork', found "
         "'client'"},
        {"title t\nstep server fork\nstep child fork\n", 3,
         "'server' for 'fork', found 'child'"},
        {"title t\nstep server fork\nstep server fork\n", 3,
         "one 'fork' per lesson"},
        {"title t\nstep server exit\n", 2,
         "'child' for 'exit', found "
         "'server'"},
        {"title t\nstep server fork\nexpect returns 0\n", 3,
         "on a 'fork' step (it makes no call)"},
        {"title t\nstep server fork\nstep child connect\n", 3,
         "'client' for 'connect'"},
        {"title t\nstep kid close\n", 2,
         "an actor (client, server, child or both) after 'step', found 'kid'"},
        {"title t\nstep client getsockname listener\n", 2,
         "'server' for 'getsockname listener'"},
        {"title t\nport 0\n", 2,
         "a port from 1 to 65535 after 'port', "
         "found '0'"},
        {"title t\nport 80 81\n", 2, "end of line after '80'"},
        {"title t\nport 80\nport 81\n", 3, "'port' once"},
        {"title t\nstep client socket\nport 80\n", 3,
         "'port' before the first step"},
        {"title t\nsummary\n", 2, "text after 'summary'"},
        {"title t\nsummary a\nsummary b\n", 3, "one 'summary' per lesson"},
        {"title t\nstep client listen\n", 2, "'server' for 'listen'"},
        {"title t\nstep client accept\n", 2, "'server' for 'accept'"},
        {"title t\nstep client close listener\n", 2,
         "'server' for 'close listener'"},
        {"title t\nstep server connect\n", 2, "'client' for 'connect'"},
        /* expectations */
        {"title t\nstep client socket\nexpect\n", 3,
         "segment, no-segment, returns, errno, blocked, kstate, queue, "
         "address, port, soerror, revents, signal or no-signal"},
        {"title t\nsysctl kernel.panic 1\n", 2,
         "a network setting (net.ipv4.tcp_fastopen) after 'sysctl', found "
         "'kernel.panic'"},
        {"title t\nsysctl net..x 1\n", 2, "found 'net..x'"},
        {"title t\nsysctl net.ipv4/x 1\n", 2, "found 'net.ipv4/x'"},
        {"title t\nsysctl net.ipv4.tcp_fastopen\n", 2,
         "a number after 'net.ipv4.tcp_fastopen', found end"},
        {"title t\nsysctl net.ipv4.tcp_fastopen 3 4\n", 2,
         "end of line after '3'"},
        {"title t\nsysctl net.a 1\nsysctl net.b 1\nsysctl net.c 1\n"
         "sysctl net.d 1\nsysctl net.e 1\n",
         6, "at most 4 'sysctl' lines"},
        {"title t\nstep client socket\nsysctl net.a 1\n", 3,
         "'sysctl' before the first step"},
        {"title t\nstep client fastopen\n", 2,
         "'server' for 'fastopen', found 'client'"},
        {"title t\nstep server send MSG_FASTOPEN x\n", 2,
         "'client' for 'send MSG_FASTOPEN', found 'server'"},
        {"title t\nstep client socket\nexpect segment c2s SYN len\n", 3,
         "a number of bytes from 0 to 65535 after 'len', found end"},
        {"title t\nstep client socket\nexpect segment c2s SYN size 5\n", 3,
         "end of line after 'SYN', found 'size 5'"},
        {"title t\nstep client socket\nexpect no-segment c2s SYN len 5\n", 3,
         "end of line after 'SYN', found 'len 5'"},
        {"title t\nstep client wait\nexpect queue 1026\n", 3,
         "a number of connections from 0 to 1025 after 'queue', found "
         "'1026'"},
        {"title t\nstep client wait\nexpect queue -1\n", 3, "found '-1'"},
        {"title t\nstep client getsockname\nexpect address localhost\n", 3,
         "an address (127.0.0.1, ::1, 0.0.0.0) after 'address', found "
         "'localhost'"},
        {"title t\nstep client getsockname\nexpect port 65536\n", 3,
         "a port from 0 to 65535 or 'ephemeral' after 'port'"},
        {"title t\nstep client getsockname\nexpect port any\n", 3,
         "found 'any'"},
        {"title t\nstep client soerror\nexpect soerror EBOGUS\n", 3,
         "an errno name"},
        {"title t\nstep client poll\nexpect revents POLLOUT,\n", 3,
         "poll events (POLLIN, POLLOUT, POLLERR, POLLHUP, ...) after "
         "'revents', found 'POLLOUT,'"},
        {"title t\nstep client poll\nexpect revents pollout\n", 3,
         "found 'pollout'"},
        {"title t\nstep client send\nexpect signal SIGINT\n", 3,
         "'SIGPIPE' after 'signal', found 'SIGINT'"},
        {"title t\nstep client send\nexpect no-signal\n", 3,
         "'SIGPIPE' after 'no-signal', found end"},
        {"title t\nstep client connect\nexpect port 80\n", 3,
         "'expect port' on a 'getsockname' step, found it on a 'connect' "
         "step"},
        {"title t\nstep client recv\nexpect signal SIGPIPE\n", 3,
         "'expect signal' on a 'send' step"},
        {"title t\nstep client getsockname\nexpect revents POLLIN\n", 3,
         "'expect revents' on a 'poll' step"},
        {"title t\nstep client poll\nexpect soerror 0\n", 3,
         "'expect soerror' on a 'soerror' step"},
        {"title t\nstep client socket\nexpect packet c2s SYN\n", 3,
         "found 'packet'"},
        {"title t\nstep client socket\nexpect segment\n", 3,
         "a direction (c2s or s2c) after 'segment', found end of line"},
        {"title t\nstep client socket\nexpect segment up SYN\n", 3,
         "found 'up'"},
        {"title t\nstep client socket\nexpect segment c2s\n", 3,
         "flags (SYN, SYN,ACK"},
        {"title t\nstep client socket\nexpect segment c2s SYN,BOGUS\n", 3,
         "a flag name (FIN, SYN, RST, PSH, ACK, URG, ECE, CWR, AE), found "
         "'BOGUS' in 'SYN,BOGUS'"},
        {"title t\nstep client socket\nexpect segment c2s syn\n", 3,
         "found 'syn'"},
        {"title t\nstep client socket\nexpect segment c2s SYN,\n", 3,
         "found an empty name in 'SYN,'"},
        {"title t\nstep client socket\nexpect segment c2s ,SYN\n", 3,
         "an empty name"},
        {"title t\nstep client socket\nexpect segment c2s SYN, ACK\n", 3,
         "an empty name"},
        {"title t\nstep client socket\nexpect segment c2s SYN,SYN\n", 3,
         "each flag once, found 'SYN' twice"},
        {"title t\nstep client socket\nexpect segment c2s SYN ACK\n", 3,
         "end of line after 'SYN', found 'ACK'"},
        {"title t\nstep client socket\nexpect no-segment c2s FIN,ACK\n", 3,
         "one flag after 'no-segment c2s'"},
        {"title t\nstep client socket\nexpect no-segment s2c\n", 3, "flags"},
        {"title t\nstep client socket\nexpect returns\n", 3,
         "a number or 'ok' after 'returns', found end of line"},
        {"title t\nstep client socket\nexpect returns zero\n", 3,
         "found 'zero'"},
        {"title t\nstep client socket\nexpect returns 1.5\n", 3, "found '1.5'"},
        {"title t\nstep client socket\nexpect returns --1\n", 3, "found '--1'"},
        {"title t\nstep client socket\nexpect returns "
         "9223372036854775808\n",
         3, "a number or 'ok'"},
        {"title t\nstep client socket\nexpect returns 0 1\n", 3,
         "end of line after '0'"},
        {"title t\nstep client socket\nexpect errno\n", 3,
         "an errno name (ECONNREFUSED"},
        {"title t\nstep client socket\nexpect errno EIO\n", 3, "found 'EIO'"},
        {"title t\nstep client socket\nexpect errno EUNKNOWN\n", 3,
         "found 'EUNKNOWN'"},
        {"title t\nstep client socket\nexpect errno econnrefused\n", 3,
         "found 'econnrefused'"},
        {"title t\nstep client socket\nexpect blocked now\n", 3,
         "end of line after 'blocked'"},
        {"title t\nstep client socket\nexpect kstate\n", 3,
         "an actor (client or server) after 'kstate'"},
        {"title t\nstep client socket\nexpect kstate client\n", 3,
         "a state (ESTABLISHED, TIME_WAIT, ...) after 'client', found end"},
        {"title t\nstep client socket\nexpect kstate client TIME-WAIT\n", 3,
         "found 'TIME-WAIT'"},
        {"title t\nstep client socket\nexpect kstate client LISTEN x\n", 3,
         "end of line after 'LISTEN'"},
        {"title t\nstep client socket\nexpect kstate-seen\n", 3,
         "an actor (client or server) after 'kstate'"},
        {"title t\nstep both send\n", 2,
         "expected 'shutdown' or 'close' after 'both', found 'send'"},
        {"title t\nstep both close listener\n", 2,
         "expected 'shutdown' or 'close' after 'both', found 'close "
         "listener'"},
        {"title t\nstep both close dup\n", 2, "found 'close dup'"},
        {"title t\nstep both connect\n", 2, "found 'connect'"},
        {"title t\nstep everyone close\n", 2,
         "an actor (client, server, child or both) after 'step'"},
        {"title t\nstep client sleep 5\nexpect returns 0\n", 3,
         "on a 'sleep' step (it makes no call), found 'returns'"},
        {"title t\nstep client sleep 5\nexpect returns ok\n", 3,
         "found 'returns'"},
        {"title t\nstep client sleep 5\nexpect errno EPIPE\n", 3,
         "found 'errno'"},
        {"title t\nstep client sleep 5\nexpect blocked\n", 3,
         "found 'blocked'"},
        /* bytes */
        {"title t\n\tstep client socket\n", 2,
         "spaces, found a tab (column 1)"},
        {"title a\tb\n", 1, "found a tab (column 8)"},
        {"title t\nstep client socket\nsay a\x1b[2Jb\n", 3,
         "control byte 0x1b (column 6)"},
        {"title a\x7f\n", 1, "control byte 0x7f"},
};

static void test_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof error_cases / sizeof error_cases[0];
	     i++) {
		expect_error(error_cases[i].text, error_cases[i].line,
		             error_cases[i].what);
	}
}

/* The first error is the one reported, and later lines are not read. */
static void test_first_error_wins(void **state)
{
	(void)state;
	expect_error("title t\nstep client open\nstep x y\n\xff\n", 2,
	             "found 'open'");
}

static void test_long_words_are_cut_in_messages(void **state)
{
	(void)state;
	char text[6000];
	int n = snprintf(text, sizeof text, "title t\nstep client ");

	memset(text + n, 'x', 3000);
	strcpy(text + n + 3000, "\n");
	expect_error(text, 2, "found 'xxxxxxxxxx");
	assert_non_null(strstr(errbuf, "...'"));
	assert_true(strlen(errbuf) < 300);
}

static void test_small_error_buffer(void **state)
{
	(void)state;
	char small[8];

	memset(small, '#', sizeof small);
	assert_null(
	        lesson_parse("title t\n", 8, FILE_NAME, small, sizeof small));
	assert_string_equal(small, "01-hand");
	assert_null(lesson_parse("title t\n", 8, FILE_NAME, NULL, 0));
	assert_null(lesson_parse(NULL, 0, NULL, errbuf, sizeof errbuf));
	assert_string_equal(errbuf,
	                    "lesson:1: expected 'title' first, found end of "
	                    "file");
}

static void test_nul_bytes_are_an_error(void **state)
{
	(void)state;
	static const char text[] = "title t\nstep client socket\nsay a\0b\n";

	expect_error_n(text, sizeof text - 1, 3, "a NUL byte (column 6)");
	/* Even where a C string would have ended the file. */
	expect_error_n("title t\nstep client socket\n\0", 29, 3, "NUL byte");
}

static void test_long_lines(void **state)
{
	(void)state;
	char *text = malloc(8 + 5000 + 2);
	struct lesson *l;

	memcpy(text, "title t\n", 8);
	memset(text + 8, 'a', 5000);
	memcpy(text + 8, "say ", 4);
	text[8 + 5000] = '\n';
	expect_error_n(text, 8 + 5001, 2, "a line of at most 4096 bytes");

	/* Exactly the limit is fine. */
	memcpy(text + 8, "title ", 6);
	memset(text + 8 + 6, 'a', LESSON_MAX_LINE - 6);
	memcpy(text + 8 + LESSON_MAX_LINE, "\r\n", 2);
	l = parse_n(text + 8, LESSON_MAX_LINE + 2);
	assert_null(l); /* no step, but the line itself was accepted */
	assert_non_null(strstr(errbuf, "at least one 'step'"));
	free(text);
}

/* Continuations cannot grow a text without bound. */
static void test_text_limit(void **state)
{
	(void)state;
	size_t cap = 64 * 1024, n = 0;
	char *text = malloc(cap);

	n += (size_t)snprintf(text, cap,
	                      "title t\nstep client socket\nsay a\n");
	for (int i = 0; i < 100; i++) {
		memcpy(text + n, "  ", 2);
		memset(text + n + 2, 'b', 498);
		text[n + 500] = '\n';
		n += 501;
	}
	expect_error_n(text, n, 36, "a text of at most 16384 bytes");
	free(text);
}

static void test_ten_thousand_lines(void **state)
{
	(void)state;
	size_t cap = 10000 * 32, n = 0;
	char *text = malloc(cap);
	struct lesson *l;

	n += (size_t)snprintf(text, cap, "title many\n");
	for (int i = 0; i < 5000; i++)
		n += (size_t)snprintf(text + n, cap - n,
		                      "step client sleep %d\n"
		                      "expect kstate client CLOSED\n",
		                      i);
	l = parse_n(text, n);
	assert_non_null(l);
	assert_int_equal(l->nsteps, 5000);
	assert_int_equal(l->steps[4999].line, 10000);
	assert_int_equal(l->steps[4999].arg, 4999);
	assert_int_equal(l->steps[4999].nexpects, 1);
	assert_int_equal(l->steps[4999].expects[0].line, 10001);
	lesson_free(l);
	lesson_free(NULL);

	/* The same file broken on its last line reports that line. */
	memcpy(text + n - 7, "CLOSEd\n", 7);
	expect_error_n(text, n, 10001, "found 'CLOSEd'");
	free(text);
}

/* A small deterministic generator: the test must not depend on rand(). */
static uint32_t next_random(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

/* Random bytes, and the example with random bytes changed: whatever
 * comes out, it is a lesson or one well-formed error line. */
static bool check_any(const char *text, size_t len)
{
	struct lesson *l;

	errbuf[0] = '?';
	l = parse_n(text, len);
	if (l != NULL) {
		assert_true(l->nsteps > 0);
		assert_non_null(l->title);
		lesson_free(l);
		return true;
	}
	assert_int_equal(strncmp(errbuf, FILE_NAME ":", 20), 0);
	assert_non_null(strstr(errbuf, ": expected "));
	assert_null(strchr(errbuf, '\n'));
	return false;
}

static void test_hostile_bytes(void **state)
{
	(void)state;
	uint32_t seed = 0x2545f491;
	char buf[600];
	size_t ex = sizeof readme_example - 1;
	int parsed = 0;

	for (int i = 0; i < 3000; i++) {
		size_t n = next_random(&seed) % sizeof buf;
		for (size_t j = 0; j < n; j++)
			buf[j] = (char)next_random(&seed);
		check_any(buf, n);
	}
	for (int i = 0; i < 3000; i++) {
		memcpy(buf, readme_example, ex);
		for (int k = 0; k < 1 + i % 3; k++) {
			size_t at = next_random(&seed) % ex;
			uint32_t r = next_random(&seed);
			/* Mostly bytes the format gives meaning to. */
			buf[at] = r % 4 ? " \n,#-s\r"[r % 7] : (char)(r >> 8);
		}
		parsed += check_any(buf, next_random(&seed) % (ex + 1));
	}
	/* The mutations must reach past the first line to test anything. */
	assert_true(parsed > 0);
	assert_true(parsed < 3000);
}

static void test_name_matches(void **state)
{
	(void)state;
	const char *base = "01-handshake.lesson";

	assert_true(lesson_name_matches(base, "01"));
	assert_true(lesson_name_matches(base, "handshake"));
	assert_true(lesson_name_matches(base, "01-handshake"));
	assert_true(lesson_name_matches(base, "01-handshake.lesson"));
	assert_true(lesson_name_matches("02-half-close.lesson", "half-close"));
	assert_true(lesson_name_matches("02-half-close.lesson", "02"));

	assert_false(lesson_name_matches(base, ""));
	assert_false(lesson_name_matches(base, "1"));
	assert_false(lesson_name_matches(base, "hand"));
	assert_false(lesson_name_matches(base, "Handshake"));
	assert_false(lesson_name_matches(base, "01-"));
	assert_false(lesson_name_matches(base, "handshake.lesson"));
	assert_false(lesson_name_matches(base, "01-handshake.les"));
	assert_false(lesson_name_matches("02-half-close.lesson", "half"));
	assert_false(lesson_name_matches("02-half-close.lesson", "02-half"));
	assert_false(lesson_name_matches("README.md", "README"));
	assert_true(lesson_name_matches("README.md", "README.md"));
	assert_false(lesson_name_matches(".lesson", ""));
	assert_false(lesson_name_matches(NULL, "01"));
	assert_false(lesson_name_matches(base, NULL));
}

/* ---- translations (lessonlang.h) ---- */

static const char translated[] =
        "title The handshake\n"
        "title.zh_CN 三次握手\n"
        "intro connect() blocks until the SYN-ACK arrives;\n"
        "  accept() does not send it.\n"
        "intro.zh_CN connect() 一直阻塞到 SYN-ACK 到达；\n"
        "  accept() 并不发送它。\n"
        "step client socket\n"
        "step client connect\n"
        "ask What does connect() send?\n"
        "ask.fr Qu'envoie connect() ?\n"
        "ask.zh_CN connect() 发送什么？\n"
        "answer A SYN.\n"
        "answer.zh 一个 SYN。\n"
        "say The client is ESTABLISHED.\n"
        "say.zh_CN 客户端进入 ESTABLISHED。\n"
        "expect returns 0\n";

static void test_translation_is_parsed_and_chosen(void **state)
{
	(void)state;
	struct lesson *l = parse_ok(translated);
	const struct lesson_step *s = &l->steps[1];

	/* Parsed, the lesson reads as written in English. */
	assert_string_equal(l->title, "The handshake");
	assert_string_equal(l->intro, "connect() blocks until the SYN-ACK "
	                              "arrives; accept() does not send it.");
	assert_string_equal(s->say, "The client is ESTABLISHED.");
	assert_int_equal(s->nexpects, 1);
	assert_int_equal(l->texts.n, 11);
	assert_int_equal(l->texts.nlangs, 3);
	assert_string_equal(l->texts.langs[0], "zh_CN");
	assert_string_equal(l->texts.langs[1], "fr");
	assert_string_equal(l->texts.langs[2], "zh");
	assert_int_equal(l->texts.v[3].line, 5);
	assert_int_equal(l->texts.v[3].of, 2);
	assert_int_equal(l->texts.v[5].step, 1);

	lesson_localize(l, "zh_CN");
	assert_string_equal(l->title, "三次握手");
	/* No blank after full-width punctuation where the line went on. */
	assert_string_equal(l->intro, "connect() 一直阻塞到 SYN-ACK 到达；"
	                              "accept() 并不发送它。");
	assert_string_equal(s->ask, "connect() 发送什么？");
	assert_string_equal(s->answer, "一个 SYN。"); /* zh for zh_CN */
	assert_string_equal(s->say, "客户端进入 ESTABLISHED。");
	assert_string_equal(s->expects[0].text, "returns 0");

	lesson_localize(l, "fr"); /* what French lacks is English */
	assert_string_equal(s->ask, "Qu'envoie connect() ?");
	assert_string_equal(l->title, "The handshake");
	assert_string_equal(s->answer, "A SYN.");
	lesson_localize(l, "en");
	assert_string_equal(s->ask, "What does connect() send?");
	assert_string_equal(l->intro, "connect() blocks until the SYN-ACK "
	                              "arrives; accept() does not send it.");
	lesson_free(l);
}

/* A language's own translation wins over the one without its region. */
static void test_translation_exact_language_first(void **state)
{
	(void)state;
	struct lesson *l = parse_ok("title T\ntitle.zh Z\ntitle.zh_TW W\n"
	                            "title.zh_CN C\nstep client socket\n");

	lesson_localize(l, "zh_CN");
	assert_string_equal(l->title, "C");
	lesson_localize(l, "zh_TW");
	assert_string_equal(l->title, "W");
	lesson_localize(l, "zh_HK");
	assert_string_equal(l->title, "Z");
	assert_null(lessonlang_pick(&l->texts, 1, "zh_CN")); /* not English */
	assert_null(lessonlang_pick(&l->texts, 0, "ja_JP"));
	lesson_free(l);
}

static const struct error_case translation_errors[] = {
        /* not right after its English line */
        {"title t\nstep client socket\nsay s\n# note\nsay.zh_CN x\n", 5,
         "'say.zh_CN' right after its 'say', found it after a comment"},
        {"title t\nstep client socket\nsay s\n\nsay.zh_CN x\n", 5,
         "found it after a blank line"},
        {"title t\nstep client socket\nsay s\nexpect returns 0\n"
         "say.zh_CN x\n",
         5, "'say.zh_CN' right after its 'say', found it after 'expect'"},
        {"title t\nstep client socket\nsay.zh_CN x\n", 3,
         "found it after 'step'"},
        {"title t\nipv6\ntitle.zh_CN x\nstep client socket\n", 3,
         "'title.zh_CN' right after its 'title', found it after 'ipv6'"},
        {"title.zh_CN x\ntitle t\nstep client socket\n", 1,
         "'title.zh_CN' right after its 'title', found it first"},
        /* after a line of another kind */
        {"title t\nstep client socket\nsay s\nask a\nsay.zh_CN x\n", 5,
         "'say.zh_CN' right after its 'say', found it after 'ask'"},
        {"title t\nstep client socket\nask a\nask.zh_CN b\nanswer c\n"
         "ask.zh_CN d\n",
         6, "found it after 'answer'"},
        {"title t\nstep client socket\nsay s\nsay.zh_CN x\n  more\n"
         "ask.zh_CN y\n",
         6, "'ask.zh_CN' right after its 'ask', found it after 'say.zh_CN'"},
        {"title t\nintro i\ntitle.zh_CN x\nstep client socket\n", 3,
         "found it after 'intro'"},
        /* twice */
        {"title t\nstep client socket\nsay s\nsay.zh_CN a\nsay.zh_CN b\n", 5,
         "one 'say.zh_CN' per 'say', found a second (the first at line 4)"},
        {"title t\nstep client socket\nsay s\nsay.zh_CN a\nsay.fr b\n"
         "  more\nsay.zh_CN c\n",
         7, "found a second (the first at line 4)"},
        /* not a text directive before the '.' */
        {"title t\nstep.zh_CN client socket\n", 2,
         "title, summary, intro, say, ask or answer before the '.' of a "
         "translation, found 'step.zh_CN'"},
        {"title t\nstep client socket\nexpect.zh_CN returns 0\n", 3,
         "found 'expect.zh_CN'"},
        {"title t\nstep client socket\nsays.zh_CN x\n", 3,
         "found 'says.zh_CN'"},
        {"title t\n.zh_CN x\n", 2, "found '.zh_CN'"},
        {"title t\ntitle2.zh_CN x\n", 2, "found 'title2.zh_CN'"},
        /* not a language after it */
        {"title t\ntitle.ZH x\n", 2,
         "a language as 'zh' or 'zh_CN' after 'title.', found 'ZH'"},
        {"title t\ntitle.zh-CN x\n", 2, "found 'zh-CN'"},
        {"title t\ntitle.zh_cn x\n", 2, "found 'zh_cn'"},
        {"title t\ntitle.chinese x\n", 2, "found 'chinese'"},
        {"title t\ntitle.zh_CN.x x\n", 2, "found 'zh_CN.x'"},
        {"title t\ntitle. x\n", 2, "after 'title.', found nothing"},
        /* no text */
        {"title t\ntitle.zh_CN\n", 2,
         "text after 'title.zh_CN', found end of line"},
        {"title t\ntitle.zh_CN   \n", 2, "text after 'title.zh_CN'"},
        /* a continuation belongs to the line right above */
        {"title t\ntitle.zh_CN x\n\n  more\n", 4,
         "a title, summary, intro, say, ask or answer line before a "
         "continuation"},
};

static void test_translation_errors(void **state)
{
	(void)state;
	for (size_t i = 0;
	     i < sizeof translation_errors / sizeof translation_errors[0]; i++)
		expect_error(translation_errors[i].text,
		             translation_errors[i].line,
		             translation_errors[i].what);
}

static void test_translation_languages_are_bounded(void **state)
{
	(void)state;
	char text[4096];
	int n = snprintf(text, sizeof text, "title t\n");

	for (int i = 0; i < LESSONLANG_MAX_LANGS + 1; i++)
		n += snprintf(text + n, sizeof text - (size_t)n,
		              "title.%c%c x\n", 'a' + i / 26, 'a' + i % 26);
	snprintf(text + n, sizeof text - (size_t)n, "step client socket\n");
	expect_error(text, LESSONLANG_MAX_LANGS + 2,
	             "at most 16 languages in a lesson, found another "
	             "('aq')");
	/* Sixteen are fine, and a continuation extends the right one. */
	n = snprintf(text, sizeof text, "title t\n");
	for (int i = 0; i < LESSONLANG_MAX_LANGS; i++)
		n += snprintf(text + n, sizeof text - (size_t)n,
		              "title.x%c x\n  %c\n", 'a' + i, 'a' + i);
	snprintf(text + n, sizeof text - (size_t)n, "step client socket\n");
	struct lesson *l = parse_ok(text);
	lesson_localize(l, "xp");
	assert_string_equal(l->title, "x p");
	lesson_free(l);
}

static void test_code_tokens(void **state)
{
	(void)state;
	char tok[48];

	assert_false(
	        lessonlang_lacks("No code here at all.", "", tok, sizeof tok));
	assert_true(lessonlang_lacks("connect() sends a SYN", "发送 SYN", tok,
	                             sizeof tok));
	assert_string_equal(tok, "connect()");
	assert_true(lessonlang_lacks("connect() sends a SYN",
	                             "connect（） 发送 SYN", tok, sizeof tok));
	assert_true(
	        lessonlang_lacks("a SYN-ACK", "SYN 与 ACK", tok, sizeof tok));
	assert_string_equal(tok, "SYN-ACK");
	assert_true(lessonlang_lacks("a SYN", "SYN-ACK", tok, sizeof tok));
	assert_string_equal(tok, "SYN");
	/* Chinese on either side of a token is no part of it. */
	assert_false(lessonlang_lacks("the SYN, then FIN_WAIT_1",
	                              "内核发送SYN报文段，进入FIN_WAIT_1。",
	                              tok, sizeof tok));
	assert_true(lessonlang_lacks("then FIN_WAIT_1", "FIN_WAIT_2", tok,
	                             sizeof tok));
	assert_string_equal(tok, "FIN_WAIT_1");
	assert_true(lessonlang_lacks("fails with ECONNREFUSED.", "失败。", tok,
	                             sizeof tok));
	assert_string_equal(tok, "ECONNREFUSED");
	/* shutdown(SHUT_WR) holds one token; listen()'s holds listen(). */
	assert_true(lessonlang_lacks("shutdown(SHUT_WR)", "shutdown()", tok,
	                             sizeof tok));
	assert_string_equal(tok, "SHUT_WR");
	assert_true(lessonlang_lacks("listen()'s backlog", "listen 的队列", tok,
	                             sizeof tok));
	assert_string_equal(tok, "listen()");
	/* No token: plurals, mixed case, one letter, numbers. */
	assert_false(lessonlang_lacks("SYNs and ACKs, IPv6, a UDP-like A, "
	                              "2 MSL? no: 40 ms",
	                              "UDP-like MSL", tok, sizeof tok));
	assert_true(
	        lessonlang_lacks("UTF-8 and TCP", "UTF-8", tok, sizeof tok));
	assert_string_equal(tok, "TCP");
	/* A token's '-' or '_' at its ends is dropped. */
	assert_false(lessonlang_lacks("(-RST-)", "RST", tok, sizeof tok));
	/* Cut to the room given. */
	assert_true(lessonlang_lacks("ECONNREFUSED", "", tok, 5));
	assert_string_equal(tok, "ECON");
}

struct found {
	struct lessonlang_problem p[8];
	size_t n;
};

static void found_one(void *ctx, const struct lessonlang_problem *p)
{
	struct found *f = ctx;
	if (f->n < 8)
		f->p[f->n] = *p;
	f->n++;
}

static size_t check(const char *text, struct found *f)
{
	struct lesson *l = parse_ok(text);

	memset(f, 0, sizeof *f);
	size_t n = lessonlang_check(&l->texts, found_one, f);
	assert_int_equal(n, f->n);
	assert_int_equal(lessonlang_check(&l->texts, NULL, NULL), n);
	lesson_free(l);
	return n;
}

static void test_translation_check(void **state)
{
	(void)state;
	struct found f;

	/* Three languages, each with its texts missing. */
	assert_int_equal(check(translated, &f), 9);
	/* Fine: every text translated, every token kept. */
	assert_int_equal(check("title T\ntitle.zh_CN 标题\nstep client socket\n"
	                       "say A SYN goes.\nsay.zh_CN 发出 SYN。\n",
	                       &f),
	                 0);
	/* No translation at all: nothing to check. */
	assert_int_equal(check("title T\nstep client socket\nsay s\n", &f), 0);
	/* Missing: the language is in the lesson, not at this line. */
	assert_int_equal(check("title T\nstep client socket\nsay S\n"
	                       "say.zh_CN 说\nask A?\nanswer B.\n"
	                       "answer.zh_CN 乙。\n",
	                       &f),
	                 2);
	assert_int_equal(f.p[0].what, LESSONLANG_MISSING);
	assert_int_equal(f.p[0].kind, LESSON_TEXT_TITLE);
	assert_string_equal(f.p[0].lang, "zh_CN");
	assert_int_equal(f.p[0].line, 1);
	assert_int_equal(f.p[1].kind, LESSON_TEXT_ASK);
	assert_int_equal(f.p[1].line, 5);
	/* Out of step: each token it lacks, once, naming both lines. */
	assert_int_equal(check("title T\ntitle.zh_CN 标题\nstep client socket\n"
	                       "say connect() sends a SYN, then a SYN\n"
	                       "  and TIME_WAIT.\n"
	                       "say.zh_CN 发送 SYN，然后\n  进入 TIME-WAIT。\n",
	                       &f),
	                 2);
	assert_int_equal(f.p[0].what, LESSONLANG_OUT_OF_STEP);
	assert_int_equal(f.p[0].kind, LESSON_TEXT_SAY);
	assert_string_equal(f.p[0].lang, "zh_CN");
	assert_int_equal(f.p[0].line, 6);
	assert_int_equal(f.p[0].en_line, 4);
	assert_string_equal(f.p[0].token, "connect()");
	assert_string_equal(f.p[1].token, "TIME_WAIT");
}

struct mem {
	char *text;
	size_t len;
};

static int mem_sink(void *ctx, const char *p, size_t n)
{
	struct mem *m = ctx;
	m->text = realloc(m->text, m->len + n + 1);
	assert_non_null(m->text);
	memcpy(m->text + m->len, p, n);
	m->len += n;
	m->text[m->len] = '\0';
	return 0;
}

static char *report(const char *text, int *problems)
{
	struct lesson *l = parse_ok(text);
	struct mem m = {0};
	struct outbuf o;

	outbuf_init(&o, 64, mem_sink, &m);
	*problems = lessonlang_report(&l->texts, "x.lesson", &o);
	outbuf_flush(&o);
	outbuf_free(&o);
	lesson_free(l);
	return m.text;
}

/* The words the socket tutorials' lessons need: addresses, flags,
 * options, a second descriptor, and the lesson's own port. */
static void test_socket_words(void **state)
{
	(void)state;
	struct lesson *l = parse_ok("title t\n"
	                            "summary One line.\n"
	                            "summary.zh_CN 一行。\n"
	                            "port 8887\n"
	                            "step client socket nonblock\n"
	                            "step server bind any\n"
	                            "step server bind raw\n"
	                            "step client bind\n"
	                            "step client connect any unused\n"
	                            "step server getsockname listener\n"
	                            "step server getsockname dup\n"
	                            "step client reuseaddr\n"
	                            "step client poll\n"
	                            "step server poll listener\n"
	                            "step client soerror\n"
	                            "step server dup\n"
	                            "step server close dup\n"
	                            "step client recv MSG_WAITALL 10\n"
	                            "step client send MSG_NOSIGNAL two  words\n"
	                            "step client send MSG_NOSIGNALS\n"
	                            "step server send MSG_NOSIGNAL\n");
	const struct lesson_step *s = l->steps;
	assert_int_equal(l->port, 8887);
	assert_string_equal(l->summary, "One line.");
	assert_int_equal(l->nsteps, 17);
	assert_true(s[0].nonblock);
	assert_true(s[1].any_addr);
	assert_false(s[1].raw_port);
	assert_true(s[2].raw_port);
	assert_int_equal(s[3].actor, SIDE_CLIENT);
	assert_true(s[4].any_addr && s[4].unused_port);
	assert_true(s[5].listener);
	assert_true(s[6].dup);
	assert_int_equal(s[7].call, LESSON_CALL_REUSEADDR);
	assert_int_equal(s[8].call, LESSON_CALL_POLL);
	assert_true(s[9].listener);
	assert_int_equal(s[10].call, LESSON_CALL_SOERROR);
	assert_int_equal(s[11].call, LESSON_CALL_DUP);
	assert_true(s[12].dup);
	assert_int_equal(s[13].flags, MSG_WAITALL);
	assert_int_equal(s[13].arg, 10);
	assert_int_equal(s[14].flags, MSG_NOSIGNAL);
	assert_string_equal(s[14].text, "two  words");
	/* Only the word itself is the flag: anything else is the text. */
	assert_int_equal(s[15].flags, 0);
	assert_string_equal(s[15].text, "MSG_NOSIGNALS");
	assert_int_equal(s[16].flags, MSG_NOSIGNAL);
	assert_null(s[16].text);

	static const char *const want[] = {
	        "client socket nonblock",
	        "server bind any",
	        "server bind raw",
	        "client bind",
	        "client connect any unused",
	        "server getsockname listener",
	        "server getsockname dup",
	        "client reuseaddr",
	        "client poll",
	        "server poll listener",
	        "client soerror",
	        "server dup",
	        "server close dup",
	        "client recv 10 MSG_WAITALL",
	        "client send MSG_NOSIGNAL two  words",
	        "client send MSG_NOSIGNALS",
	        "server send MSG_NOSIGNAL",
	};
	char buf[64];
	for (size_t i = 0; i < l->nsteps; i++) {
		lesson_step_text(&s[i], buf, sizeof buf);
		assert_string_equal(buf, want[i]);
	}
	lesson_localize(l, "zh_CN");
	assert_string_equal(l->summary, "一行。");
	lesson_free(l);

	/* Fast Open: the server's option, the client's flag, the data
	 * in a SYN, and the namespace's setting. */
	l = parse_ok("title t\nsysctl net.ipv4.tcp_fastopen 3\n"
	             "step server fastopen\n"
	             "step client send MSG_FASTOPEN MSG_NOSIGNAL hi there\n"
	             "expect segment c2s SYN len 8\n"
	             "expect segment s2c SYN,ACK\n");
	assert_int_equal(l->nsysctls, 1);
	assert_string_equal(l->sysctls[0].name, "net.ipv4.tcp_fastopen");
	assert_int_equal(l->sysctls[0].value, 3);
	assert_int_equal(l->steps[0].call, LESSON_CALL_FASTOPEN);
	assert_int_equal(l->steps[1].flags, MSG_FASTOPEN | MSG_NOSIGNAL);
	assert_string_equal(l->steps[1].text, "hi there");
	assert_int_equal(l->steps[1].expects[0].len, 8);
	assert_int_equal(l->steps[1].expects[1].len, -1);
	lesson_step_text(&l->steps[1], buf, sizeof buf);
	assert_string_equal(buf,
	                    "client send MSG_NOSIGNAL MSG_FASTOPEN hi there");
	lesson_free(l);

	/* The server's child: a server-side actor after the fork. */
	l = parse_ok("title t\nstep server fork\nexpect no-segment s2c FIN\n"
	             "step child close\nstep child exit\n");
	assert_int_equal(l->steps[0].call, LESSON_CALL_FORK);
	assert_false(l->steps[0].child);
	assert_true(l->steps[1].child);
	assert_int_equal(l->steps[1].actor, SIDE_SERVER);
	assert_int_equal(l->steps[2].call, LESSON_CALL_EXIT);
	lesson_step_text(&l->steps[1], buf, sizeof buf);
	assert_string_equal(buf, "child close");
	lesson_free(l);
}

static void test_detail_expectations_parse(void **state)
{
	(void)state;
	struct lesson *l = parse_ok("title t\n"
	                            "step client getsockname\n"
	                            "expect address 127.0.0.1\n"
	                            "expect address ::1\n"
	                            "expect port 0\n"
	                            "expect port ephemeral\n"
	                            "step client soerror\n"
	                            "expect soerror 0\n"
	                            "expect soerror ECONNREFUSED\n"
	                            "step client poll\n"
	                            "expect revents POLLOUT,POLLERR\n"
	                            "step client send\n"
	                            "expect signal SIGPIPE\n"
	                            "expect no-signal SIGPIPE\n"
	                            "step client wait\n"
	                            "expect queue 1025\n");
	const struct lesson_expect *e = l->steps[0].expects;
	assert_int_equal(e[0].kind, LESSON_EXPECT_ADDRESS);
	assert_string_equal(e[0].address, "127.0.0.1");
	assert_string_equal(e[1].address, "::1");
	assert_int_equal(e[2].kind, LESSON_EXPECT_PORT);
	assert_int_equal(e[2].value, 0);
	assert_int_equal(e[3].value, -1);
	e = l->steps[1].expects;
	assert_int_equal(e[0].kind, LESSON_EXPECT_SOERROR);
	assert_int_equal(e[0].err, 0);
	assert_int_equal(e[1].err, ECONNREFUSED);
	e = l->steps[2].expects;
	assert_int_equal(e[0].kind, LESSON_EXPECT_REVENTS);
	assert_int_equal(e[0].flags, POLLOUT | POLLERR);
	e = l->steps[3].expects;
	assert_int_equal(e[0].kind, LESSON_EXPECT_SIGNAL);
	assert_int_equal(e[1].kind, LESSON_EXPECT_NO_SIGNAL);
	e = l->steps[4].expects;
	assert_int_equal(e[0].kind, LESSON_EXPECT_QUEUE);
	assert_int_equal(e[0].value, 1025);
	lesson_free(l);
}

/* Each step returns once, saying what the actors' return events say. */
static char *judge(const char *text, const char *const *details,
                   const long *rets, int *failed)
{
	struct lesson *l = parse_ok(text);
	struct lessonrun *lr = lessonrun_new(l);
	struct view *v = lessonrun_view(lr);
	int n;
	const struct step *steps = lessonrun_steps(lr, &n);
	for (int i = 0; i < n; i++) {
		int64_t t = (int64_t)(i + 1) * 1000;
		v->narration(v, i, NARRATION_STEP, "", t);
		struct call_event ev = {.ts_ns = t + 1,
		                        .side = steps[i].actor,
		                        .call = steps[i].call,
		                        .ret = rets[i],
		                        .err = rets[i] < 0 ? ECONNREFUSED : 0,
		                        .detail = details[i]};
		v->call(v, &ev, t + 1);
		v->narration(v, i, NARRATION_SETTLED, "returned", t + 2);
	}
	struct mem m = {0};
	struct outbuf o;
	outbuf_init(&o, 64, mem_sink, &m);
	*failed = lessonrun_report(lr, "x.lesson", &o);
	outbuf_flush(&o);
	outbuf_free(&o);
	lessonrun_free(lr);
	lesson_free(l);
	return m.text;
}

static void test_detail_expectations_judged(void **state)
{
	(void)state;
	static const char lesson_text[] = "title t\n"
	                                  "step client getsockname\n"
	                                  "expect address 127.0.0.1\n"
	                                  "expect port ephemeral\n"
	                                  "step server getsockname listener\n"
	                                  "expect address ::1\n"
	                                  "expect port 8887\n"
	                                  "step client soerror\n"
	                                  "expect soerror ECONNREFUSED\n"
	                                  "step client poll\n"
	                                  "expect revents POLLOUT,POLLHUP\n"
	                                  "step server send\n"
	                                  "expect signal SIGPIPE\n"
	                                  "step server send\n"
	                                  "expect no-signal SIGPIPE\n";
	static const long rets[] = {0, 0, 0, 1, -1, 1};
	static const char *const held[] = {
	        "127.0.0.1:40000 (ephemeral ports 32768-60999)",
	        "[::1]:8887",
	        "SO_ERROR = ECONNREFUSED",
	        "revents POLLIN|POLLOUT|POLLERR|POLLHUP",
	        "SIGPIPE",
	        "",
	};
	int failed;
	char *out = judge(lesson_text, held, rets, &failed);
	assert_int_equal(failed, 0);
	assert_non_null(strstr(out, "8 expectations, 8 held, 0 failed"));
	free(out);

	/* A port outside the range (or no range said), another address,
	 * another error, a missing event, a signal where none was. */
	static const char *const wrong[] = {
	        "127.0.0.2:1024 (ephemeral ports 32768-60999)",
	        "[::1]:8888",
	        "SO_ERROR = 0",
	        "revents POLLOUT",
	        "",
	        "SIGPIPE",
	};
	out = judge(lesson_text, wrong, rets, &failed);
	assert_int_equal(failed, 7); /* [::1] is still ::1 */
	assert_non_null(strstr(out, "x.lesson:4: step 1: expect port "
	                            "ephemeral: did not hold (saw: returned 0 "
	                            "[127.0.0.2:1024 (ephemeral ports "
	                            "32768-60999)])"));
	assert_non_null(strstr(out, "expect soerror ECONNREFUSED: did not "
	                            "hold (saw: returned 0 [SO_ERROR = 0])"));
	free(out);
}

/* queue N: the last accept queue the step read off the server's
 * listener; a listener whose queue was not read does not hold. */
static void test_queue_judged(void **state)
{
	(void)state;
	struct lesson *l = parse_ok("title t\nstep server listen 1\n"
	                            "expect queue 2\nstep client wait\n"
	                            "expect queue 0\nstep client wait\n"
	                            "expect queue 0\n");
	struct lessonrun *lr = lessonrun_new(l);
	struct view *v = lessonrun_view(lr);
	struct kstate_event k = {.side = SIDE_SERVER,
	                         .state = ST_LISTEN,
	                         .fd = 3,
	                         .has_queue = true,
	                         .queue = 1,
	                         .backlog = 1};
	k.local.port = 8887;
	v->narration(v, 0, NARRATION_STEP, "", 100);
	v->kstate(v, &k, 110);
	k.queue = 2; /* the same socket, read again: the last read counts */
	v->kstate(v, &k, 120);
	v->narration(v, 1, NARRATION_STEP, "", 200);
	k.queue = 0;
	v->kstate(v, &k, 210);
	v->narration(v, 2, NARRATION_STEP, "", 300);
	k.has_queue = false;
	v->kstate(v, &k, 310);
	struct mem m = {0};
	struct outbuf o;
	outbuf_init(&o, 64, mem_sink, &m);
	int failed = lessonrun_report(lr, "q.lesson", &o);
	outbuf_flush(&o);
	outbuf_free(&o);
	assert_int_equal(failed, 1);
	assert_non_null(strstr(m.text, "q.lesson:7: step 3: expect queue 0: "
	                               "did not hold"));
	assert_non_null(strstr(m.text, "3 expectations, 2 held, 1 failed"));
	free(m.text);
	lessonrun_free(lr);
	lesson_free(l);
}

/* blocked ACTOR: that actor's earlier call had not returned when the
 * step settled; its return ends it. */
static void test_still_blocked(void **state)
{
	(void)state;
	struct lesson *l = parse_ok("title t\nstep server accept\n"
	                            "expect blocked\nstep client sleep 5\n"
	                            "expect blocked server\n"
	                            "expect blocked client\n"
	                            "step client connect\n"
	                            "expect blocked server\n");
	assert_int_equal(l->steps[1].expects[0].kind, LESSON_EXPECT_STILL);
	assert_int_equal(l->steps[1].expects[0].actor, SIDE_SERVER);
	assert_int_equal(l->steps[1].expects[1].actor, SIDE_CLIENT);
	struct lessonrun *lr = lessonrun_new(l);
	struct view *v = lessonrun_view(lr);
	struct call_event acc = {.side = SIDE_SERVER,
	                         .call = CALL_ACCEPT,
	                         .enter = true,
	                         .fd = 3};
	v->narration(v, 0, NARRATION_STEP, "", 100);
	v->call(v, &acc, 110);
	v->narration(v, 0, NARRATION_SETTLED, "blocked", 120);
	v->narration(v, 1, NARRATION_STEP, "", 200);
	v->narration(v, 1, NARRATION_SETTLED, "slept", 210);
	struct call_event con = {.side = SIDE_CLIENT,
	                         .call = CALL_CONNECT,
	                         .enter = true,
	                         .fd = 5};
	v->narration(v, 2, NARRATION_STEP, "", 300);
	v->call(v, &con, 310);
	con.enter = false;
	v->call(v, &con, 320);
	acc.enter = false;
	acc.ret = 6;
	v->call(v, &acc, 330);
	v->narration(v, 2, NARRATION_SETTLED, "returned", 340);
	struct mem m = {0};
	struct outbuf o;
	outbuf_init(&o, 64, mem_sink, &m);
	int failed = lessonrun_report(lr, "b.lesson", &o);
	outbuf_flush(&o);
	outbuf_free(&o);
	/* The client was in no call at step 2; the server's accept()
	 * had returned by the end of step 3. */
	assert_int_equal(failed, 2);
	assert_non_null(strstr(m.text, "b.lesson:6: step 2: expect blocked "
	                               "client: did not hold"));
	assert_non_null(strstr(m.text, "b.lesson:8: step 3: expect blocked "
	                               "server: did not hold"));
	assert_non_null(strstr(m.text, "4 expectations, 2 held, 2 failed"));
	free(m.text);
	lessonrun_free(lr);
	lesson_free(l);
}

/* step both: the client's call and the server's; its returns judged
 * over both, a failure first. kstate-seen: a state at any reading of
 * the step, where kstate takes each socket's last. */
static void test_both_and_kstate_seen(void **state)
{
	(void)state;
	struct lesson *l = parse_ok("title t\nstep both shutdown\n"
	                            "expect returns 0\n"
	                            "expect kstate-seen client CLOSING\n"
	                            "expect kstate-seen server CLOSING\n"
	                            "expect kstate client CLOSING\n"
	                            "expect kstate client TIME_WAIT\n"
	                            "step both close\nexpect returns 0\n"
	                            "expect kstate-seen client CLOSING\n");
	assert_true(l->steps[0].both);
	assert_int_equal(l->steps[0].actor, SIDE_CLIENT);
	assert_int_equal(l->steps[0].expects[1].kind,
	                 LESSON_EXPECT_KSTATE_SEEN);
	assert_string_equal(l->steps[0].expects[1].text,
	                    "kstate-seen client CLOSING");
	char text[64];
	lesson_step_text(&l->steps[1], text, sizeof text);
	assert_string_equal(text, "both close");
	struct lessonrun *lr = lessonrun_new(l);
	const struct step *steps = lessonrun_steps(lr, &(int){0});
	assert_true(steps[0].both);
	struct view *v = lessonrun_view(lr);
	struct call_event c = {.side = SIDE_CLIENT, .call = CALL_SHUTDOWN};
	v->narration(v, 0, NARRATION_STEP, "", 100);
	v->call(v, &c, 110);
	c.side = SIDE_SERVER;
	v->call(v, &c, 120);
	struct kstate_event k = {.side = SIDE_CLIENT, .state = ST_CLOSING};
	k.local.port = 40000;
	v->kstate(v, &k, 130);
	k.side = SIDE_SERVER;
	k.local.port = 8887;
	v->kstate(v, &k, 131);
	k.state = ST_TIME_WAIT;
	v->kstate(v, &k, 140);
	k.side = SIDE_CLIENT;
	k.local.port = 40000;
	v->kstate(v, &k, 141);
	v->narration(v, 0, NARRATION_SETTLED, "returned", 150);
	v->narration(v, 1, NARRATION_STEP, "", 200);
	c = (struct call_event){
	        .side = SIDE_CLIENT, .call = CALL_CLOSE, .ret = -1, .err = 9};
	v->call(v, &c, 210);
	c.side = SIDE_SERVER;
	c.ret = 0;
	v->call(v, &c, 220);
	v->narration(v, 1, NARRATION_SETTLED, "returned", 230);
	struct mem m = {0};
	struct outbuf o;
	outbuf_init(&o, 64, mem_sink, &m);
	int failed = lessonrun_report(lr, "b.lesson", &o);
	outbuf_flush(&o);
	outbuf_free(&o);
	/* The client's last reading was TIME_WAIT; the client's close()
	 * failed although the server's did not; nothing was read in step
	 * 2. */
	assert_int_equal(failed, 3);
	assert_non_null(strstr(m.text, "b.lesson:6: step 1: expect kstate "
	                               "client CLOSING: did not hold"));
	assert_non_null(strstr(m.text, "b.lesson:9: step 2: expect returns 0: "
	                               "did not hold (saw: returned -1 EBADF"));
	assert_non_null(strstr(m.text, "b.lesson:10: step 2: expect "
	                               "kstate-seen client CLOSING: did not "
	                               "hold"));
	assert_non_null(strstr(m.text, "7 expectations, 4 held, 3 failed"));
	free(m.text);
	lessonrun_free(lr);
	lesson_free(l);
}

static void test_translation_report(void **state)
{
	(void)state;
	int problems;
	char *out = report("title T\nstep client socket\nsay RST\n"
	                   "say.zh_CN 复位\nask Q?\nask.fr Q ?\n",
	                   &problems);

	assert_int_equal(problems, 5);
	assert_string_equal(out,
	                    "x.lesson:1: title.zh_CN: missing: the 'title' "
	                    "here has no zh_CN translation\n"
	                    "x.lesson:1: title.fr: missing: the 'title' here "
	                    "has no fr translation\n"
	                    "x.lesson:3: say.fr: missing: the 'say' here has "
	                    "no fr translation\n"
	                    "x.lesson:4: say.zh_CN: out of step: it lacks "
	                    "'RST' of its 'say' (line 3)\n"
	                    "x.lesson:5: ask.zh_CN: missing: the 'ask' here "
	                    "has no zh_CN translation\n"
	                    "x.lesson: translations zh_CN, fr: 3 texts, 4 "
	                    "missing, 1 out of step\n");
	free(out);
	out = report("title T\ntitle.zh_CN 甲\nstep client socket\n",
	             &problems);
	assert_int_equal(problems, 0);
	assert_string_equal(out, "x.lesson: translations zh_CN: 1 texts, 0 "
	                         "missing, 0 out of step\n");
	free(out);
	out = report("title T\nstep client socket\n", &problems);
	assert_int_equal(problems, 0);
	assert_null(out); /* not a word without translations */
}

/* A recording's narration is shown in the lesson's language only where
 * it was made of the lesson's English words. */
/* Continuation lines join Chinese as Chinese is written: no blank
 * after full-width punctuation or between two CJK characters; a blank
 * between CJK and Latin text and between Latin words. */
static void test_join_blank(void **state)
{
	(void)state;
	assert_false(lessonlang_join_blank("其实不然：", "这两件"));
	assert_false(lessonlang_join_blank("到达，", "accept()"));
	assert_false(lessonlang_join_blank("服务器的内核", "独立完成"));
	assert_true(lessonlang_join_blank("服务器的", "accept() 返回"));
	assert_true(lessonlang_join_blank("calls", "accept()"));
	assert_true(lessonlang_join_blank("accept()", "返回"));
	assert_true(lessonlang_join_blank("", "x"));
}

static void test_text_now(void **state)
{
	(void)state;
	struct lesson *l = parse_ok(translated);

	lesson_localize(l, "zh_CN");
	assert_string_equal(lesson_text_now(l, LESSON_TEXT_SAY, 1,
	                                    "The client is ESTABLISHED."),
	                    "客户端进入 ESTABLISHED。");
	assert_string_equal(lesson_text_now(l, LESSON_TEXT_INTRO, 7,
	                                    "connect() blocks until the "
	                                    "SYN-ACK arrives; accept() does "
	                                    "not send it."),
	                    "connect() 一直阻塞到 SYN-ACK 到达；accept() "
	                    "并不发送它。");
	/* Other words (an older lesson), another step, no such text. */
	assert_null(lesson_text_now(l, LESSON_TEXT_SAY, 1, "The client is."));
	assert_null(lesson_text_now(l, LESSON_TEXT_SAY, 0,
	                            "The client is ESTABLISHED."));
	assert_null(lesson_text_now(l, LESSON_TEXT_SAY, 99,
	                            "The client is ESTABLISHED."));
	assert_null(lesson_text_now(l, LESSON_TEXT_ASK, 1, NULL));
	/* In English, or untranslated, the words are the lesson's own. */
	lesson_localize(l, "en");
	assert_string_equal(lesson_text_now(l, LESSON_TEXT_ANSWER, 1, "A SYN."),
	                    "A SYN.");
	lesson_free(l);
	l = parse_ok("title T\nstep client socket\nsay S\n");
	assert_string_equal(lesson_text_now(l, LESSON_TEXT_SAY, 0, "S"), "S");
	lesson_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_readme_example),
	        cmocka_unit_test(test_calls_without_arguments),
	        cmocka_unit_test(test_calls_with_arguments),
	        cmocka_unit_test(test_ipv6),
	        cmocka_unit_test(test_step_text),
	        cmocka_unit_test(test_call_kinds_and_names),
	        cmocka_unit_test(test_socket_words),
	        cmocka_unit_test(test_detail_expectations_parse),
	        cmocka_unit_test(test_detail_expectations_judged),
	        cmocka_unit_test(test_queue_judged),
	        cmocka_unit_test(test_still_blocked),
	        cmocka_unit_test(test_both_and_kstate_seen),
	        cmocka_unit_test(test_every_expectation),
	        cmocka_unit_test(test_sleep_takes_segment_expectations),
	        cmocka_unit_test(test_wait_step),
	        cmocka_unit_test(test_continuation_lines),
	        cmocka_unit_test(test_continuation_errors),
	        cmocka_unit_test(test_comments_and_blank_lines),
	        cmocka_unit_test(test_crlf),
	        cmocka_unit_test(test_no_final_newline),
	        cmocka_unit_test(test_utf8_text),
	        cmocka_unit_test(test_errors),
	        cmocka_unit_test(test_first_error_wins),
	        cmocka_unit_test(test_long_words_are_cut_in_messages),
	        cmocka_unit_test(test_small_error_buffer),
	        cmocka_unit_test(test_nul_bytes_are_an_error),
	        cmocka_unit_test(test_long_lines),
	        cmocka_unit_test(test_text_limit),
	        cmocka_unit_test(test_ten_thousand_lines),
	        cmocka_unit_test(test_hostile_bytes),
	        cmocka_unit_test(test_name_matches),
	        cmocka_unit_test(test_translation_is_parsed_and_chosen),
	        cmocka_unit_test(test_translation_exact_language_first),
	        cmocka_unit_test(test_translation_errors),
	        cmocka_unit_test(test_translation_languages_are_bounded),
	        cmocka_unit_test(test_code_tokens),
	        cmocka_unit_test(test_translation_check),
	        cmocka_unit_test(test_translation_report),
	        cmocka_unit_test(test_join_blank),
	        cmocka_unit_test(test_text_now),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
