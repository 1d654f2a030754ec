/*
 * tcpstate.h - the RFC 9293 connection state diagram, as a table.
 *
 * Pure. One endpoint's state moves by events that conntrack.c derives
 * from the segments it sees that endpoint send and receive. The table
 * (state x event -> state) is what a student can read and a test can
 * enumerate; there is no other logic here.
 */
#ifndef TCPVIZ_TCPSTATE_H
#define TCPVIZ_TCPSTATE_H

enum tcp_state {
	ST_CLOSED,
	ST_LISTEN,
	ST_SYN_SENT,
	ST_SYN_RECEIVED,
	ST_ESTABLISHED,
	ST_FIN_WAIT_1,
	ST_FIN_WAIT_2,
	ST_CLOSING,
	ST_TIME_WAIT,
	ST_CLOSE_WAIT,
	ST_LAST_ACK,
	ST_COUNT
};

/*
 * What one endpoint does (EV_SND_*) or undergoes (EV_RCV_*), read off a
 * captured segment: its sender moves on send events and its receiver on
 * receive events, both at the moment the segment is captured. A segment
 * can mean several events to each end; conntrack.c applies them in this
 * order. "First" means a retransmission of the same SYN or FIN is no new
 * event: its first copy already moved both ends.
 */
enum tcp_event {
	EV_SND_SYN,     /* its first SYN, without ACK */
	EV_SND_SYN_ACK, /* its first SYN, with ACK */
	EV_SND_ACK,     /* its first ACK without SYN */
	EV_SND_FIN,     /* its first FIN, acknowledging any FIN of the peer */
	EV_SND_FIN_CROSSED, /* its first FIN, sent before the peer's FIN
	                       (already captured) reached it */
	EV_SND_RST,
	EV_RCV_SYN,         /* the peer's first SYN, not acknowledging ours */
	EV_RCV_SYN_ACK,     /* the peer's first SYN, acknowledging ours */
	EV_RCV_ACK_OF_SYN,  /* the first ACK of its SYN, on a segment that
	                       is not the peer's first SYN */
	EV_RCV_ACK_OF_FIN,  /* the first ACK of its FIN */
	EV_RCV_FIN,         /* the peer's first FIN */
	EV_RCV_RST,         /* a RST, at an end that opened actively (or never
	                       showed how it opened) */
	EV_RCV_RST_PASSIVE, /* a RST, at an end that opened passively: it
	                       never sent a SYN without ACK */
	EV_COUNT
};

/* RFC 9293 spelling with underscores: "SYN_SENT", "TIME_WAIT". */
const char *tcpstate_name(enum tcp_state s);

/* Parse a name as printed by tcpstate_name(); -1 when unknown. */
int tcpstate_from_name(const char *name);

/* The state after event e in state s (s itself when e changes nothing;
 * out-of-range arguments also give s back). */
enum tcp_state tcpstate_next(enum tcp_state s, enum tcp_event e);

/* The RFC 9293 diagram's wording: "rcv SYN,ACK", "snd FIN". */
const char *tcpstate_event_name(enum tcp_event e);

#endif
