/*
 * endshow.h - what each end of a connection has shown of its handshake
 * and teardown, and what a new segment means to both ends: the events
 * that move their states (tcpstate.h) and the segment's role.
 *
 * Pure. conntrack.c keeps one struct endshow per direction of each
 * connection and calls endshow_segment() for every segment.
 */
#ifndef TCPVIZ_ENDSHOW_H
#define TCPVIZ_ENDSHOW_H

#include <stdbool.h>
#include <stdint.h>

#include "segment.h"
#include "tcpstate.h"

/* The most events one segment means to one end. */
#define ENDSHOW_MAX_EVENTS 5

/* What a segment does in the exchange, for a learner. */
enum seg_role {
	ROLE_HANDSHAKE_1, /* SYN */
	ROLE_HANDSHAKE_2, /* SYN-ACK */
	ROLE_HANDSHAKE_3, /* the ACK that completes the handshake */
	ROLE_DATA,        /* carries payload */
	ROLE_ACK,         /* a bare acknowledgement */
	ROLE_FIN,         /* FIN (maybe with data) */
	ROLE_FIN_ACK,     /* the ACK of a FIN */
	ROLE_RST,
	/* A FIN that also acknowledges the peer's FIN: the middle segment
	 * of a three-segment teardown. Its machine name stays "fin". */
	ROLE_FIN_AND_ACK,
	ROLE_COUNT
};

/* JSON name of a role ("handshake-1", "fin-ack"): never translated. */
const char *endshow_role_name(enum seg_role r);
/* A learner's label: "handshake 1/3", "ACK of FIN". */
const char *endshow_role_label(enum seg_role r);

/* The events (enum tcp_event) a segment means to its sender and to its
 * receiver, in the order they apply. */
struct endshow_events {
	uint8_t src_n, dst_n;
	uint8_t src[ENDSHOW_MAX_EVENTS], dst[ENDSHOW_MAX_EVENTS];
};

/* One end, as its segments have shown it (all zero at first). */
struct endshow {
	uint32_t isn;     /* sequence number of its SYN */
	uint32_t fin_seq; /* sequence number after its FIN */
	bool syn_seen, pure_syn, syn_acked, ack_sent, fin_seen, fin_acked;
};

/*
 * s travelled from snd's end to rcv's: the events it means to its
 * sender and its receiver into *ev, what it showed noted in snd and rcv,
 * and its role returned. from_client: sent by the client, known by its
 * SYN (only its ACK can be the handshake's third segment).
 */
/* Whether s is snd's first FIN and does not acknowledge rcv's FIN: it
 * was sent before rcv's FIN reached snd (the FINs crossed). Read before
 * endshow_segment() notes s. */
bool endshow_fin_crosses(const struct endshow *snd, const struct endshow *rcv,
                         const struct segment *s);

enum seg_role endshow_segment(struct endshow *snd, struct endshow *rcv,
                              const struct segment *s, bool from_client,
                              struct endshow_events *ev);

/* The state after applying n events of list to st, one by one. */
enum tcp_state endshow_apply(enum tcp_state st, const uint8_t *list, uint8_t n);

#endif
