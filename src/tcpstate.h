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

/* RFC 9293 spelling with underscores: "SYN_SENT", "TIME_WAIT". */
const char *tcpstate_name(enum tcp_state s);

/* Parse a name as printed by tcpstate_name(); -1 when unknown. */
int tcpstate_from_name(const char *name);

/* tcpstate.c declares the events and the table; see there. */

#endif
