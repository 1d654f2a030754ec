/*
 * tcpstate.c - the RFC 9293 state diagram (section 3.3.2) as one table.
 *
 * Every transition tcpviz shows is a cell of transitions[] below; nothing
 * else in the program decides a state. Must not look at segments,
 * sequence numbers or connections: conntrack.c turns those into events.
 */
#include "tcpstate.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
 * A cell holds the next state plus one, so that the cells a row leaves
 * out (zero) read "no change": each row lists only its arrows.
 */
#define TO(s) ((uint8_t)((s) + 1))

/* clang-format off */
static const uint8_t transitions[ST_COUNT][EV_COUNT] = {
	[ST_CLOSED] = {
		[EV_SND_SYN] = TO(ST_SYN_SENT),		/* active open */
	},
	[ST_LISTEN] = {
		[EV_SND_SYN] = TO(ST_SYN_SENT),		/* SEND on a listener */
		[EV_SND_SYN_ACK] = TO(ST_SYN_RECEIVED),
		[EV_RCV_SYN] = TO(ST_SYN_RECEIVED),	/* passive open */
	},
	[ST_SYN_SENT] = {
		[EV_SND_SYN_ACK] = TO(ST_SYN_RECEIVED),
		/* Sending a plain ACK, or being sent an ACK of its SYN,
		 * shows the peer's SYN,ACK arrived, captured or not. */
		[EV_SND_ACK] = TO(ST_ESTABLISHED),
		/* A FIN queued behind the SYN (SYN and FIN in one segment). */
		[EV_SND_FIN] = TO(ST_FIN_WAIT_1),
		[EV_SND_FIN_CROSSED] = TO(ST_FIN_WAIT_1),
		[EV_SND_RST] = TO(ST_CLOSED),
		[EV_RCV_SYN] = TO(ST_SYN_RECEIVED),	/* simultaneous open */
		[EV_RCV_SYN_ACK] = TO(ST_ESTABLISHED),
		[EV_RCV_ACK_OF_SYN] = TO(ST_ESTABLISHED),
		[EV_RCV_RST] = TO(ST_CLOSED),		/* connection refused */
		[EV_RCV_RST_PASSIVE] = TO(ST_CLOSED),
	},
	[ST_SYN_RECEIVED] = {
		/* EV_SND_SYN stays: a SYN without ACK from here crossed the
		 * peer's SYN (simultaneous open); it was SYN_SENT when sent. */
		/* A plain ACK is only sent once ESTABLISHED: the ACK of its
		 * SYN,ACK was not captured. */
		[EV_SND_ACK] = TO(ST_ESTABLISHED),
		[EV_SND_FIN] = TO(ST_FIN_WAIT_1),
		[EV_SND_FIN_CROSSED] = TO(ST_FIN_WAIT_1),
		[EV_SND_RST] = TO(ST_CLOSED),
		[EV_RCV_SYN_ACK] = TO(ST_ESTABLISHED),
		[EV_RCV_ACK_OF_SYN] = TO(ST_ESTABLISHED),
		[EV_RCV_FIN] = TO(ST_CLOSE_WAIT),
		[EV_RCV_RST] = TO(ST_CLOSED),
		/* RFC 9293 3.10.7.4: a passive open goes back to listening. */
		[EV_RCV_RST_PASSIVE] = TO(ST_LISTEN),
	},
	[ST_ESTABLISHED] = {
		[EV_SND_FIN] = TO(ST_FIN_WAIT_1),	/* active close */
		[EV_SND_FIN_CROSSED] = TO(ST_FIN_WAIT_1),
		[EV_SND_RST] = TO(ST_CLOSED),
		[EV_RCV_FIN] = TO(ST_CLOSE_WAIT),	/* passive close */
		[EV_RCV_RST] = TO(ST_CLOSED),
		[EV_RCV_RST_PASSIVE] = TO(ST_CLOSED),
	},
	[ST_FIN_WAIT_1] = {
		[EV_SND_RST] = TO(ST_CLOSED),
		[EV_RCV_ACK_OF_FIN] = TO(ST_FIN_WAIT_2),
		/* A FIN that does not acknowledge ours: simultaneous close. */
		[EV_RCV_FIN] = TO(ST_CLOSING),
		[EV_RCV_RST] = TO(ST_CLOSED),
		[EV_RCV_RST_PASSIVE] = TO(ST_CLOSED),
	},
	[ST_FIN_WAIT_2] = {
		[EV_SND_RST] = TO(ST_CLOSED),
		[EV_RCV_FIN] = TO(ST_TIME_WAIT),
		[EV_RCV_RST] = TO(ST_CLOSED),
		[EV_RCV_RST_PASSIVE] = TO(ST_CLOSED),
	},
	[ST_CLOSING] = {
		[EV_SND_RST] = TO(ST_CLOSED),
		[EV_RCV_ACK_OF_FIN] = TO(ST_TIME_WAIT),
		[EV_RCV_RST] = TO(ST_CLOSED),
		[EV_RCV_RST_PASSIVE] = TO(ST_CLOSED),
	},
	[ST_TIME_WAIT] = {
		/* The 2 MSL timeout is not a segment: a capture ends here. */
		[EV_SND_RST] = TO(ST_CLOSED),
		[EV_RCV_RST] = TO(ST_CLOSED),
		[EV_RCV_RST_PASSIVE] = TO(ST_CLOSED),
	},
	[ST_CLOSE_WAIT] = {
		[EV_SND_FIN] = TO(ST_LAST_ACK),
		/* Its FIN left before the peer's arrived: it was FIN_WAIT_1,
		 * and the peer's FIN then made it CLOSING. */
		[EV_SND_FIN_CROSSED] = TO(ST_CLOSING),
		[EV_SND_RST] = TO(ST_CLOSED),
		[EV_RCV_RST] = TO(ST_CLOSED),
		[EV_RCV_RST_PASSIVE] = TO(ST_CLOSED),
	},
	[ST_LAST_ACK] = {
		[EV_SND_RST] = TO(ST_CLOSED),
		[EV_RCV_ACK_OF_FIN] = TO(ST_CLOSED),
		[EV_RCV_RST] = TO(ST_CLOSED),
		[EV_RCV_RST_PASSIVE] = TO(ST_CLOSED),
	},
};
/* clang-format on */

static const char *const state_names[ST_COUNT] = {
        [ST_CLOSED] = "CLOSED",           [ST_LISTEN] = "LISTEN",
        [ST_SYN_SENT] = "SYN_SENT",       [ST_SYN_RECEIVED] = "SYN_RECEIVED",
        [ST_ESTABLISHED] = "ESTABLISHED", [ST_FIN_WAIT_1] = "FIN_WAIT_1",
        [ST_FIN_WAIT_2] = "FIN_WAIT_2",   [ST_CLOSING] = "CLOSING",
        [ST_TIME_WAIT] = "TIME_WAIT",     [ST_CLOSE_WAIT] = "CLOSE_WAIT",
        [ST_LAST_ACK] = "LAST_ACK",
};

static const char *const event_names[EV_COUNT] = {
        [EV_SND_SYN] = "snd SYN",
        [EV_SND_SYN_ACK] = "snd SYN,ACK",
        [EV_SND_ACK] = "snd ACK",
        [EV_SND_FIN] = "snd FIN",
        [EV_SND_FIN_CROSSED] = "snd FIN (crossing the peer's FIN)",
        [EV_SND_RST] = "snd RST",
        [EV_RCV_SYN] = "rcv SYN",
        [EV_RCV_SYN_ACK] = "rcv SYN,ACK",
        [EV_RCV_ACK_OF_SYN] = "rcv ACK of SYN",
        [EV_RCV_ACK_OF_FIN] = "rcv ACK of FIN",
        [EV_RCV_FIN] = "rcv FIN",
        [EV_RCV_RST] = "rcv RST",
        [EV_RCV_RST_PASSIVE] = "rcv RST (passive open)",
};

const char *tcpstate_name(enum tcp_state s)
{
	if ((unsigned)s >= ST_COUNT)
		return "UNKNOWN";
	return state_names[s];
}

int tcpstate_from_name(const char *name)
{
	if (name == NULL)
		return -1;
	for (int s = 0; s < ST_COUNT; s++) {
		if (strcmp(name, state_names[s]) == 0)
			return s;
	}
	return -1;
}

enum tcp_state tcpstate_next(enum tcp_state s, enum tcp_event e)
{
	if ((unsigned)s >= ST_COUNT || (unsigned)e >= EV_COUNT)
		return s;
	uint8_t cell = transitions[s][e];
	return cell == 0 ? s : (enum tcp_state)(cell - 1);
}

const char *tcpstate_event_name(enum tcp_event e)
{
	if ((unsigned)e >= EV_COUNT)
		return "unknown event";
	return event_names[e];
}
