/*
 * segment.h - one decoded TCP segment, as the core sees it.
 *
 * Produced by decode.c from a captured frame; read by conntrack.c and the
 * views. Plain data, no pointers into the frame: a segment outlives the
 * packet buffer it came from.
 */
#ifndef TCPVIZ_SEGMENT_H
#define TCPVIZ_SEGMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* TCP flag bits, in header order; AE is the former NS bit (RFC 9768). */
enum {
	TH_FIN = 0x001,
	TH_SYN = 0x002,
	TH_RST = 0x004,
	TH_PSH = 0x008,
	TH_ACK = 0x010,
	TH_URG = 0x020,
	TH_ECE = 0x040,
	TH_CWR = 0x080,
	TH_AE = 0x100,
};

struct ipaddr {
	uint8_t family;    /* 4 or 6 */
	uint8_t bytes[16]; /* IPv4 uses the first 4 */
};

/* TCP option kinds the decoder knows by name. */
enum {
	TCPOPT_EOL = 0,
	TCPOPT_NOP = 1,
	TCPOPT_MSS = 2,
	TCPOPT_WSCALE = 3,
	TCPOPT_SACK_PERM = 4,
	TCPOPT_SACK = 5,
	TCPOPT_TIMESTAMP = 8,
	TCPOPT_TFO = 34,
};

/* Bits of tcpopts.present. */
enum {
	OPT_HAS_MSS = 1u << 0,
	OPT_HAS_WSCALE = 1u << 1,
	OPT_HAS_SACK_PERM = 1u << 2,
	OPT_HAS_SACK = 1u << 3,
	OPT_HAS_TS = 1u << 4,
	OPT_HAS_TFO = 1u << 5,
	OPT_HAS_EOL = 1u << 6,
};

#define TCPOPT_MAX_SACK       4
#define TCPOPT_MAX_TFO_COOKIE 16
#define TCPOPT_MAX_UNKNOWN    8

/* The payload bytes a segment keeps, from the start: enough to show a
 * learner what was sent, few enough that a replay of millions of
 * segments does not notice. */
#define SEGMENT_PAYLOAD_MAX 64

struct tcpopts {
	uint32_t present; /* OPT_HAS_* */
	uint8_t nop_count;
	uint16_t mss;
	uint8_t wscale; /* shift count as sent (may exceed 14: reported, kept)
	                 */
	uint8_t sack_count;
	uint32_t sack[TCPOPT_MAX_SACK][2]; /* left edge, right edge (raw) */
	uint32_t tsval, tsecr;
	uint8_t tfo_cookie_len; /* 0 with OPT_HAS_TFO: a cookie request */
	uint8_t tfo_cookie[TCPOPT_MAX_TFO_COOKIE];
	uint8_t unknown_count; /* kinds not decoded, in order (capped) */
	uint8_t unknown[TCPOPT_MAX_UNKNOWN];
	const char *error; /* first malformation (static string) or NULL */
};

struct segment {
	uint64_t frame; /* 1-based frame number in the file */
	int64_t ts_ns;  /* capture time, ns since the epoch */
	struct ipaddr src, dst;
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint16_t flags; /* TH_* */
	uint16_t win;   /* raw window field, unscaled */
	uint16_t urp;
	uint16_t cksum;
	uint8_t hdr_len; /* TCP header length in bytes (data offset * 4) */
	uint32_t len;    /* payload length, from the IP length */
	bool truncated;  /* the frame was cut by the snap length */
	struct tcpopts opts;
	const char *malformed; /* header-level problem (static) or NULL */
	/* The first payload bytes actually captured (fewer than len when
	 * the payload is longer or the snap length cut it). Kept last: the
	 * bytes past payload_kept are never written nor read, and a copy
	 * (segment_copy) takes only those kept. */
	uint8_t payload_kept;
	uint8_t payload[SEGMENT_PAYLOAD_MAX];
};

/* Bytes of a segment that are always meaningful: all but the payload. */
#define SEGMENT_HEAD_SIZE offsetof(struct segment, payload)

/* Copy a segment and only the payload bytes it kept. */
static inline void segment_copy(struct segment *dst, const struct segment *src)
{
	memcpy(dst, src, SEGMENT_HEAD_SIZE); /* a fixed size: inlined */
	if (src->payload_kept)
		memcpy(dst->payload, src->payload, src->payload_kept);
}

#endif
