/*
 * test_tcpstate.c - the state table against one written out here, cell
 * by cell, and the RFC 9293 paths through it.
 *
 * The expected table is dense (every cell spelt out) where tcpstate.c's
 * is sparse, so a cell forgotten there shows up here. Needs nothing but
 * tcpstate.c: no files, no captures.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "tcpstate.h"

enum {
	C = ST_CLOSED,
	L = ST_LISTEN,
	SS = ST_SYN_SENT,
	SR = ST_SYN_RECEIVED,
	E = ST_ESTABLISHED,
	F1 = ST_FIN_WAIT_1,
	F2 = ST_FIN_WAIT_2,
	CG = ST_CLOSING,
	TW = ST_TIME_WAIT,
	CW = ST_CLOSE_WAIT,
	LA = ST_LAST_ACK,
};

/* clang-format off */
/* One row per state; columns in enum tcp_event order:
 *   snd: SYN SYN,ACK ACK FIN FIN-crossed RST
 *   rcv: SYN SYN,ACK ACK-of-SYN ACK-of-FIN FIN RST RST-passive */
static const int expected[ST_COUNT][EV_COUNT] = {
	[ST_CLOSED]       = {SS, C,  C,  C,  C,  C,  C,  C,  C,  C,  C,  C,  C},
	[ST_LISTEN]       = {SS, SR, L,  L,  L,  L,  SR, L,  L,  L,  L,  L,  L},
	[ST_SYN_SENT]     = {SS, SR, E,  F1, F1, C,  SR, E,  E,  SS, SS, C,  C},
	[ST_SYN_RECEIVED] = {SR, SR, E,  F1, F1, C,  SR, E,  E,  SR, CW, C,  L},
	[ST_ESTABLISHED]  = {E,  E,  E,  F1, F1, C,  E,  E,  E,  E,  CW, C,  C},
	[ST_FIN_WAIT_1]   = {F1, F1, F1, F1, F1, C,  F1, F1, F1, F2, CG, C,  C},
	[ST_FIN_WAIT_2]   = {F2, F2, F2, F2, F2, C,  F2, F2, F2, F2, TW, C,  C},
	[ST_CLOSING]      = {CG, CG, CG, CG, CG, C,  CG, CG, CG, TW, CG, C,  C},
	[ST_TIME_WAIT]    = {TW, TW, TW, TW, TW, C,  TW, TW, TW, TW, TW, C,  C},
	[ST_CLOSE_WAIT]   = {CW, CW, CW, LA, CG, C,  CW, CW, CW, CW, CW, C,  C},
	[ST_LAST_ACK]     = {LA, LA, LA, LA, LA, C,  LA, LA, LA, C,  LA, C,  C},
};
/* clang-format on */

static void test_every_cell(void **state)
{
	(void)state;
	for (int s = 0; s < ST_COUNT; s++) {
		for (int e = 0; e < EV_COUNT; e++) {
			enum tcp_state got = tcpstate_next((enum tcp_state)s,
			                                   (enum tcp_event)e);
			if ((int)got != expected[s][e])
				fail_msg("%s x %s: got %s, want %s",
				         tcpstate_name((enum tcp_state)s),
				         tcpstate_event_name((enum tcp_event)e),
				         tcpstate_name(got),
				         tcpstate_name((enum tcp_state)
				                               expected[s][e]));
		}
	}
}

/* Walk events from a state; each step must land on the next state. */
static void walk(enum tcp_state s, const enum tcp_event *ev,
                 const enum tcp_state *want, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		s = tcpstate_next(s, ev[i]);
		assert_string_equal(tcpstate_name(s), tcpstate_name(want[i]));
	}
}

#define WALK(s, ev, want)                                                      \
	do {                                                                   \
		assert_int_equal(sizeof(ev) / sizeof(ev)[0],                   \
		                 sizeof(want) / sizeof(want)[0]);              \
		walk(s, ev, want, sizeof(ev) / sizeof(ev)[0]);                 \
	} while (0)

static void test_active_open(void **state)
{
	(void)state;
	const enum tcp_event ev[] = {EV_SND_SYN, EV_RCV_SYN_ACK, EV_SND_ACK};
	const enum tcp_state want[] = {ST_SYN_SENT, ST_ESTABLISHED,
	                               ST_ESTABLISHED};
	WALK(ST_CLOSED, ev, want);
}

static void test_passive_open(void **state)
{
	(void)state;
	const enum tcp_event ev[] = {EV_RCV_SYN, EV_SND_SYN_ACK,
	                             EV_RCV_ACK_OF_SYN};
	const enum tcp_state want[] = {ST_SYN_RECEIVED, ST_SYN_RECEIVED,
	                               ST_ESTABLISHED};
	WALK(ST_LISTEN, ev, want);
}

static void test_simultaneous_open(void **state)
{
	(void)state;
	/* As the RFC tells it: each sends its SYN, then gets the other's. */
	const enum tcp_event ev[] = {EV_SND_SYN, EV_RCV_SYN, EV_RCV_ACK_OF_SYN};
	const enum tcp_state want[] = {ST_SYN_SENT, ST_SYN_RECEIVED,
	                               ST_ESTABLISHED};
	WALK(ST_CLOSED, ev, want);
	/* As a capture shows the end whose SYN crossed the first one. */
	const enum tcp_event ev2[] = {EV_RCV_SYN, EV_SND_SYN,
	                              EV_RCV_ACK_OF_SYN};
	const enum tcp_state want2[] = {ST_SYN_RECEIVED, ST_SYN_RECEIVED,
	                                ST_ESTABLISHED};
	WALK(ST_LISTEN, ev2, want2);
}

static void test_active_close(void **state)
{
	(void)state;
	const enum tcp_event ev[] = {EV_SND_FIN, EV_RCV_ACK_OF_FIN, EV_RCV_FIN};
	const enum tcp_state want[] = {ST_FIN_WAIT_1, ST_FIN_WAIT_2,
	                               ST_TIME_WAIT};
	WALK(ST_ESTABLISHED, ev, want);
}

static void test_passive_close(void **state)
{
	(void)state;
	const enum tcp_event ev[] = {EV_RCV_FIN, EV_SND_FIN, EV_RCV_ACK_OF_FIN};
	const enum tcp_state want[] = {ST_CLOSE_WAIT, ST_LAST_ACK, ST_CLOSED};
	WALK(ST_ESTABLISHED, ev, want);
}

static void test_simultaneous_close(void **state)
{
	(void)state;
	/* The end whose FIN was captured first. */
	const enum tcp_event ev[] = {EV_SND_FIN, EV_RCV_FIN, EV_RCV_ACK_OF_FIN};
	const enum tcp_state want[] = {ST_FIN_WAIT_1, ST_CLOSING, ST_TIME_WAIT};
	WALK(ST_ESTABLISHED, ev, want);
	/* The other end: its FIN crossed the one it had been sent. */
	const enum tcp_event ev2[] = {EV_RCV_FIN, EV_SND_FIN_CROSSED,
	                              EV_RCV_ACK_OF_FIN};
	const enum tcp_state want2[] = {ST_CLOSE_WAIT, ST_CLOSING,
	                                ST_TIME_WAIT};
	WALK(ST_ESTABLISHED, ev2, want2);
}

static void test_rst_from_every_state(void **state)
{
	(void)state;
	for (int s = 0; s < ST_COUNT; s++) {
		enum tcp_state st = (enum tcp_state)s;
		/* A listener stays one whatever RST it sends or gets. */
		enum tcp_state gone = st == ST_LISTEN ? ST_LISTEN : ST_CLOSED;
		assert_int_equal(tcpstate_next(st, EV_SND_RST), gone);
		assert_int_equal(tcpstate_next(st, EV_RCV_RST), gone);
		enum tcp_state passive =
		        st == ST_SYN_RECEIVED ? ST_LISTEN : gone;
		assert_int_equal(tcpstate_next(st, EV_RCV_RST_PASSIVE),
		                 passive);
	}
}

static void test_retransmissions_change_nothing(void **state)
{
	(void)state;
	/* A second SYN or FIN (were one applied) leaves the state. */
	assert_int_equal(tcpstate_next(ST_SYN_SENT, EV_SND_SYN), ST_SYN_SENT);
	assert_int_equal(tcpstate_next(ST_SYN_RECEIVED, EV_RCV_SYN),
	                 ST_SYN_RECEIVED);
	assert_int_equal(tcpstate_next(ST_FIN_WAIT_2, EV_SND_FIN),
	                 ST_FIN_WAIT_2);
	assert_int_equal(tcpstate_next(ST_CLOSE_WAIT, EV_RCV_FIN),
	                 ST_CLOSE_WAIT);
	assert_int_equal(tcpstate_next(ST_TIME_WAIT, EV_RCV_FIN), ST_TIME_WAIT);
}

static void test_names(void **state)
{
	(void)state;
	const char *want[ST_COUNT] = {
	        "CLOSED",      "LISTEN",     "SYN_SENT",   "SYN_RECEIVED",
	        "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "CLOSING",
	        "TIME_WAIT",   "CLOSE_WAIT", "LAST_ACK",
	};
	for (int s = 0; s < ST_COUNT; s++) {
		assert_string_equal(tcpstate_name((enum tcp_state)s), want[s]);
		assert_int_equal(tcpstate_from_name(want[s]), s);
	}
	assert_int_equal(tcpstate_from_name("SYN-SENT"), -1);
	assert_int_equal(tcpstate_from_name("closed"), -1);
	assert_int_equal(tcpstate_from_name(""), -1);
	assert_int_equal(tcpstate_from_name(NULL), -1);
	assert_string_equal(tcpstate_name(ST_COUNT), "UNKNOWN");
	assert_string_equal(tcpstate_event_name(EV_RCV_SYN_ACK), "rcv SYN,ACK");
	assert_string_equal(tcpstate_event_name(EV_SND_FIN), "snd FIN");
	for (int e = 0; e < EV_COUNT; e++) {
		for (int f = e + 1; f < EV_COUNT; f++)
			assert_string_not_equal(
			        tcpstate_event_name((enum tcp_event)e),
			        tcpstate_event_name((enum tcp_event)f));
	}
}

static void test_out_of_range(void **state)
{
	(void)state;
	assert_int_equal(tcpstate_next(ST_ESTABLISHED, EV_COUNT),
	                 ST_ESTABLISHED);
	assert_int_equal(tcpstate_next(ST_COUNT, EV_SND_SYN), ST_COUNT);
	assert_string_equal(tcpstate_event_name(EV_COUNT), "unknown event");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_every_cell),
	        cmocka_unit_test(test_active_open),
	        cmocka_unit_test(test_passive_open),
	        cmocka_unit_test(test_simultaneous_open),
	        cmocka_unit_test(test_active_close),
	        cmocka_unit_test(test_passive_close),
	        cmocka_unit_test(test_simultaneous_close),
	        cmocka_unit_test(test_rst_from_every_state),
	        cmocka_unit_test(test_retransmissions_change_nothing),
	        cmocka_unit_test(test_names),
	        cmocka_unit_test(test_out_of_range),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
