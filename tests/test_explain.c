/*
 * test_explain.c - the teaching text: every call, state, analysis note
 * and role has its explanation, and a few facts a learner relies on are
 * in it (the SYN opens the handshake, recv() = 0 is the end of stream,
 * TIME_WAIT lasts 2 x MSL, a release names the call and its value).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "explain.h"

/* A segment of role r, client to server, states unchanged. */
static struct explain_seg seg_of(enum seg_role r)
{
	struct explain_seg s = {
	        .c2s = true,
	        .role = r,
	        .seq = 1746065899u,
	        .rseq = 1,
	        .rack = 1,
	        .len = r == ROLE_DATA ? 5 : 0,
	        .src_before = ST_ESTABLISHED,
	        .src_after = ST_ESTABLISHED,
	        .dst_before = ST_ESTABLISHED,
	        .dst_after = ST_ESTABLISHED,
	};
	return s;
}

static void test_every_call_explained(void **state)
{
	(void)state;
	for (int c = 0; c < CALL_KIND_COUNT; c++) {
		const char *t = explain_call((enum call_kind)c);
		char name[32];
		assert_non_null(t);
		/* Each text is about its own call: it names it first. */
		snprintf(name, sizeof name, "%s(",
		         event_call_name((enum call_kind)c));
		if (strncmp(t, name, strlen(name)) != 0)
			fail_msg("call %d: \"%s\" does not start with %s", c, t,
			         name);
		assert_true(strlen(t) > 30);
	}
	assert_null(explain_call(CALL_KIND_COUNT));
	assert_null(explain_call((enum call_kind) - 1));
	assert_non_null(strstr(explain_call(CALL_CONNECT), "SYN-ACK"));
	assert_non_null(strstr(explain_call(CALL_RECV), "returns 0"));
	assert_non_null(strstr(explain_call(CALL_SETSOCKOPT), "RST"));
}

static void test_every_state_explained(void **state)
{
	(void)state;
	for (int s = 0; s < ST_COUNT; s++) {
		const char *t = explain_state((enum tcp_state)s);
		const char *name = tcpstate_name((enum tcp_state)s);
		assert_non_null(t);
		/* Named first, in the machine's spelling, then explained. */
		if (strncmp(t, name, strlen(name)) != 0 ||
		    t[strlen(name)] != ':')
			fail_msg("state %s: \"%s\"", name, t);
		assert_true(strlen(t) > strlen(name) + 20);
	}
	assert_null(explain_state(ST_COUNT));
	assert_non_null(strstr(explain_state(ST_TIME_WAIT), "2 x MSL"));
	assert_non_null(strstr(explain_state(ST_LISTEN), "accept()"));
}

static void test_every_analysis_bit_explained(void **state)
{
	(void)state;
	for (unsigned i = 0; i < AN_COUNT_BITS; i++) {
		const char *t = explain_analysis(i);
		assert_non_null(t);
		assert_true(strlen(t) > 10);
		/* The segment's explanation carries it after its name. */
		struct explain_seg s = seg_of(ROLE_ACK);
		char out[2048] = "", want[256];
		s.analysis = 1u << i;
		explain_segment(out, sizeof out, &s);
		snprintf(want, sizeof want, " [%s]: %s",
		         conntrack_analysis_name(i), t);
		if (strstr(out, want) == NULL)
			fail_msg("bit %u: \"%s\" lacks \"%s\"", i, out, want);
	}
	assert_null(explain_analysis(AN_COUNT_BITS));
	/* Two notes, in bit order. */
	struct explain_seg s = seg_of(ROLE_DATA);
	char out[2048] = "";
	s.analysis = AN_RETRANSMISSION | AN_FAST_RETRANSMISSION;
	explain_segment(out, sizeof out, &s);
	char *a = strstr(out, "[retransmission]");
	char *b = strstr(out, "[fast_retransmission]");
	assert_non_null(a);
	assert_non_null(b);
	assert_true(a < b);
}

static void test_every_role_explained(void **state)
{
	(void)state;
	for (int r = 0; r < ROLE_COUNT; r++) {
		struct explain_seg s = seg_of((enum seg_role)r);
		char out[1024] = "";
		explain_segment(out, sizeof out, &s);
		assert_true(strlen(out) > 30);
	}
	/* An unknown role adds nothing, and reads nothing out of range. */
	struct explain_seg s = seg_of(ROLE_COUNT);
	char out[64] = "";
	explain_segment(out, sizeof out, &s);
	assert_string_equal(out, "");
}

static void test_segment_facts(void **state)
{
	(void)state;
	char out[1024] = "";
	struct explain_seg s = seg_of(ROLE_HANDSHAKE_1);
	explain_segment(out, sizeof out, &s);
	assert_non_null(strstr(out, "handshake"));
	assert_non_null(strstr(out, "ISN 1746065899"));
	assert_non_null(strstr(out, "the client asks"));

	/* SYN-ACK from the server: names both sides the right way. */
	out[0] = '\0';
	s = seg_of(ROLE_HANDSHAKE_2);
	s.c2s = false;
	explain_segment(out, sizeof out, &s);
	assert_non_null(strstr(out, "the server agrees"));
	assert_non_null(strstr(out, "client's ISN + 1"));

	/* Data: the byte range and the ACK that will come. */
	out[0] = '\0';
	s = seg_of(ROLE_DATA);
	explain_segment(out, sizeof out, &s);
	assert_non_null(strstr(out, "5 bytes of data (relative seq 1 to 5)"));
	assert_non_null(strstr(out, "ACK = 6"));

	/* The client's FIN moves the server to CLOSE_WAIT. */
	out[0] = '\0';
	s = seg_of(ROLE_FIN);
	s.src_after = ST_FIN_WAIT_1;
	s.dst_after = ST_CLOSE_WAIT;
	explain_segment(out, sizeof out, &s);
	assert_non_null(strstr(out, "The server goes to CLOSE_WAIT"));
	assert_non_null(strstr(out, "The client closed first"));

	/* A FIN the server's own crossed: it had sent that FIN first, and
	 * this one makes it CLOSING, which is said; no CLOSE_WAIT. */
	out[0] = '\0';
	s = seg_of(ROLE_FIN);
	s.src_after = ST_FIN_WAIT_1;
	s.dst_after = ST_CLOSING;
	explain_segment(out, sizeof out, &s);
	assert_non_null(strstr(out, "The server had sent its own FIN before "
	                            "this one arrived"));
	assert_non_null(strstr(out, "The FINs crossed (simultaneous close)"));
	assert_null(strstr(out, "goes to CLOSE_WAIT"));

	/* The last FIN's receiver enters TIME_WAIT, and why is said. */
	out[0] = '\0';
	s = seg_of(ROLE_FIN);
	s.c2s = false;
	s.src_before = ST_CLOSE_WAIT;
	s.src_after = ST_LAST_ACK;
	s.dst_before = ST_FIN_WAIT_2;
	s.dst_after = ST_TIME_WAIT;
	explain_segment(out, sizeof out, &s);
	assert_non_null(strstr(out, "The client enters TIME_WAIT for 2 x MSL"));
	assert_non_null(strstr(out, "The server closed second"));

	/* The middle of a three-segment teardown says both things it does. */
	out[0] = '\0';
	s = seg_of(ROLE_FIN_AND_ACK);
	s.c2s = false;
	explain_segment(out, sizeof out, &s);
	assert_non_null(
	        strstr(out, "the server acknowledges the client's FIN"));
	assert_non_null(strstr(out, "no more data to send itself"));
}

static void test_segment_never_overflows(void **state)
{
	(void)state;
	char out[40];
	memset(out, 'x', sizeof out);
	out[0] = '\0';
	struct explain_seg s = seg_of(ROLE_FIN);
	s.analysis = (1u << AN_COUNT_BITS) - 1;
	explain_segment(out, 32, &s);
	assert_int_equal(strlen(out), 31);
	assert_int_equal(out[32], 'x'); /* not a byte past cap */
}

static void test_returns_and_releases(void **state)
{
	(void)state;
	struct call_event c = {.side = SIDE_CLIENT,
	                       .call = CALL_CONNECT,
	                       .ret = -1,
	                       .err = ECONNREFUSED};
	char out[512] = "";
	explain_return(out, sizeof out, &c);
	assert_non_null(strstr(out, "It failed with errno ECONNREFUSED."));
	assert_non_null(strstr(out, "RST"));
	out[0] = '\0';
	explain_release(out, sizeof out, &c);
	assert_string_equal(out, " It unblocks the client's connect(), which "
	                         "returns -1 ECONNREFUSED.");

	struct call_event r = {.side = SIDE_SERVER, .call = CALL_RECV};
	out[0] = '\0';
	explain_return(out, sizeof out, &r);
	assert_non_null(strstr(out, "end of stream"));
	out[0] = '\0';
	explain_release(out, sizeof out, &r);
	assert_string_equal(
	        out, " It unblocks the server's recv(), which returns 0.");

	/* An enter has no return to explain. */
	r.enter = true;
	out[0] = '\0';
	explain_return(out, sizeof out, &r);
	assert_string_equal(out, "");
	/* An actor with a record is named by its label. */
	struct actor traced = {.id = 2, .label = "server[1234]", .pid = 1234};
	r.enter = false;
	r.actor = &traced;
	out[0] = '\0';
	explain_release(out, sizeof out, &r);
	assert_string_equal(
	        out,
	        " It unblocks the server[1234]'s recv(), which returns 0.");
	assert_string_equal(explain_who(NULL, SIDE_CLIENT), "client");
	assert_string_equal(explain_side(true), "client");
	assert_string_equal(explain_side(false), "server");
	assert_non_null(strstr(explain_guessed_client(), "higher port"));
}

/* Closing a listener sends no FIN (there is no connection); closing a
 * connection does. What the kernel does, not what close() usually does. */
static void test_close_by_socket_state(void **state)
{
	(void)state;
	const char *l = explain_call_on(CALL_CLOSE, ST_LISTEN);
	assert_non_null(strstr(l, "sends nothing"));
	assert_non_null(strstr(l, "RST"));
	assert_null(strstr(l, "sends the FIN"));
	assert_non_null(
	        strstr(explain_call_on(CALL_CLOSE, ST_ESTABLISHED), "FIN"));
	assert_ptr_equal(explain_call_on(CALL_CLOSE, -1),
	                 explain_call(CALL_CLOSE));
	assert_ptr_equal(explain_call_on(CALL_ACCEPT, ST_LISTEN),
	                 explain_call(CALL_ACCEPT));
	assert_null(strstr(explain_call_on(CALL_CLOSE, ST_CLOSED), "FIN,"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_every_call_explained),
	        cmocka_unit_test(test_every_state_explained),
	        cmocka_unit_test(test_every_analysis_bit_explained),
	        cmocka_unit_test(test_every_role_explained),
	        cmocka_unit_test(test_segment_facts),
	        cmocka_unit_test(test_segment_never_overflows),
	        cmocka_unit_test(test_returns_and_releases),
	        cmocka_unit_test(test_close_by_socket_state),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
