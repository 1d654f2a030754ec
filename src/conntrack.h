/*
 * conntrack.h - segments to connections: streams, roles, relative
 * numbers, Wireshark-style analysis and inferred TCP states.
 *
 * Pure: no I/O. Memory grows with the connections open at once (plus
 * those that ended within the last CONNTRACK_LINGER_NS of capture time,
 * kept so that late retransmissions still join their stream).
 */
#ifndef TCPVIZ_CONNTRACK_H
#define TCPVIZ_CONNTRACK_H

#include <stdbool.h>
#include <stdint.h>

#include "endshow.h"
#include "segment.h"
#include "tcpstate.h"

/* How long an ended connection is remembered, in capture time. */
#define CONNTRACK_LINGER_NS (120LL * 1000000000LL)
/* ... and at most this many ended connections are remembered, so that a
 * busy capture (thousands of connections a second) still replays in
 * memory that follows the connections open at once. */
#define CONNTRACK_LINGER_MAX 4096

/* The most events one segment means to one end (see seg_event). */
#define CONNTRACK_MAX_EVENTS ENDSHOW_MAX_EVENTS

/* Analysis notes, as Wireshark's tcp.analysis.* fields. */
enum {
	AN_RETRANSMISSION = 1u << 0,
	AN_FAST_RETRANSMISSION = 1u << 1,
	AN_SPURIOUS_RETRANSMISSION = 1u << 2,
	AN_OUT_OF_ORDER = 1u << 3,
	AN_DUPLICATE_ACK = 1u << 4,
	AN_ZERO_WINDOW = 1u << 5,
	AN_ZERO_WINDOW_PROBE = 1u << 6,
	AN_ZERO_WINDOW_PROBE_ACK = 1u << 7,
	AN_WINDOW_UPDATE = 1u << 8,
	AN_WINDOW_FULL = 1u << 9,
	AN_KEEP_ALIVE = 1u << 10,
	AN_KEEP_ALIVE_ACK = 1u << 11,
	AN_LOST_SEGMENT = 1u << 12,     /* previous segment not captured */
	AN_ACK_LOST_SEGMENT = 1u << 13, /* ACKed segment that wasn't captured */
	AN_REUSED_PORTS = 1u << 14,
	AN_COUNT_BITS = 15
};
/* As in tshark, where tcp.analysis.retransmission also marks fast and
 * spurious retransmissions, AN_FAST_RETRANSMISSION and
 * AN_SPURIOUS_RETRANSMISSION always come with AN_RETRANSMISSION. */

/* JSON name of analysis bit i (Wireshark's field suffix:
 * "retransmission", "duplicate_ack"). */
const char *conntrack_analysis_name(unsigned bit);
/* The same as a person reads it, in the language of the messages (in
 * English the machine name itself). */
const char *conntrack_analysis_label(unsigned bit);

struct endpoint {
	struct ipaddr addr;
	uint16_t port;
};

/* A connection as the views see it; valid until the stream is retired. */
struct stream_info {
	uint64_t id; /* tcp.stream: 0, 1, ... in order of first appearance */
	struct endpoint client, server;
	bool client_guessed; /* no SYN seen: client is the higher port */
	enum tcp_state client_state, server_state;
	uint64_t segments;
	int64_t first_ns, last_ns;
};

/*
 * What a segment showed of its connection's earlier SYN that is still
 * waiting for an answer (see seg_event.syn_waits): the kernel moves a
 * listener's side to SYN_RECEIVED only for a SYN it answers.
 */
enum syn_answer {
	SYN_NO_NEWS,  /* no SYN was waiting, or this says nothing of it */
	SYN_ANSWERED, /* the receiver answered (SYN-ACK): as shown */
	SYN_REFUSED,  /* the receiver sent a RST: nothing listened there;
	                 its side was CLOSED all along */
	SYN_DROPPED,  /* the sender sent the SYN again (or nothing came
	                 back): the receiver stayed in LISTEN */
};

/*
 * What a segment showed of an earlier FIN still waiting for its
 * receiver's next word (see seg_event.fin_waits). The capture shows a
 * FIN as it reaches its receiver; only what the receiver sends next
 * tells whether it had sent a FIN of its own before this one came.
 */
enum fin_answer {
	FIN_NO_NEWS,  /* no FIN was waiting, or this says nothing of it */
	FIN_ANSWERED, /* anything but a crossing FIN: as shown */
	FIN_CROSSED,  /* the receiver's own FIN, not acknowledging the one
	                 waiting: it had sent it before that one arrived, so
	                 that one found it in FIN_WAIT_1 and made it CLOSING,
	                 never CLOSE_WAIT */
};

/* What conntrack says of one segment. */
struct seg_event {
	const struct segment *seg;
	const struct stream_info *stream;
	bool c2s;        /* travelled client to server */
	bool new_stream; /* the first segment of its stream */
	uint32_t rseq;   /* relative, as tshark's tcp.seq */
	uint32_t rack;   /* relative, as tshark's tcp.ack; valid when ACK set
	                    (else the raw field, as tshark also shows) */
	enum seg_role role;
	uint32_t analysis;                     /* AN_* */
	enum tcp_state src_before, dst_before; /* sender, receiver */
	enum tcp_state src_state, dst_state;   /* after the segment */
	/* The events (enum tcp_event) the segment meant to its sender and
	 * to its receiver, in the order applied: the states above are
	 * tcpstate_next() of the states before, event by event. */
	uint8_t src_nevents, dst_nevents;
	uint8_t src_events[CONNTRACK_MAX_EVENTS];
	uint8_t dst_events[CONNTRACK_MAX_EVENTS];
	/* A SYN whose receiver it moved from LISTEN to SYN_RECEIVED: that
	 * holds only once an answer shows the kernel took it. A later
	 * segment's answer (or conntrack_unanswered) says what it was;
	 * the session holds the rows back until then. */
	bool syn_waits;
	enum syn_answer answer; /* what this segment showed of such a SYN */
	/* A FIN whose receiver it moved from ESTABLISHED to CLOSE_WAIT:
	 * the receiver's next segment says whether it had already sent
	 * its own FIN (enum fin_answer); the session holds the rows back
	 * until then, as for a SYN. */
	bool fin_waits;
	enum fin_answer fin_answer; /* what this segment showed of such a
	                               FIN */
};

struct conntrack;

/* Called once per stream when conntrack forgets it (it lingered past
 * CONNTRACK_LINGER_NS after ending, a new connection took over its
 * addresses and ports, or conntrack_finish was called). Streams may
 * retire out of id order. */
typedef void (*conntrack_retire_fn)(void *ctx, const struct stream_info *s);

struct conntrack *conntrack_new(conntrack_retire_fn retire, void *ctx);

/* Track one segment (segments come in capture order) and describe it in
 * *ev. ev->seg and ev->stream point into seg and conntrack's own storage;
 * both stay valid until the next call. */
void conntrack_segment(struct conntrack *ct, const struct segment *seg,
                       struct seg_event *ev);

/* Whether two endpoints are the same address and port. */
bool endpoint_equal(const struct endpoint *a, const struct endpoint *b);

/* The connection between two endpoints, if it is still held; says
 * whether `local` is its client. For the kernel's view of a socket. */
const struct stream_info *conntrack_lookup(const struct conntrack *ct,
                                           const struct endpoint *local,
                                           const struct endpoint *remote,
                                           bool *local_is_client);

/* The SYN or FIN seg (which had syn_waits or fin_waits) of stream
 * `stream` got no answer in time. A FIN stands as shown (SYN_NO_NEWS). A
 * SYN's receiver is put back in LISTEN: SYN_DROPPED, or SYN_NO_NEWS when
 * the connection has moved on (answered, forgotten or replaced): then
 * the receiver stayed in LISTEN as far as the segments showed. */
enum syn_answer conntrack_unanswered(struct conntrack *ct,
                                     const struct segment *seg,
                                     uint64_t stream);

/* Retire every stream still known, in id order. */
void conntrack_finish(struct conntrack *ct);

/* Streams currently held in memory (for tests and the benchmark). */
uint64_t conntrack_live(const struct conntrack *ct);

void conntrack_free(struct conntrack *ct);

#endif
