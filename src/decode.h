/*
 * decode.h - captured frame bytes to a TCP segment.
 *
 * Pure: no I/O, no allocation, no globals. Walks link layer, IPv4/IPv6
 * (options, extension headers) and the TCP header through a bounds-checked
 * cursor; never reads past the captured bytes.
 */
#ifndef TCPVIZ_DECODE_H
#define TCPVIZ_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "segment.h"

/* Link types, as libpcap's pcap_datalink() reports them (DLT_ values). */
enum {
	LINK_NULL = 0,           /* BSD loopback, host byte order family */
	LINK_EN10MB = 1,         /* Ethernet, 802.1Q and QinQ tags */
	LINK_RAW = 12,           /* raw IP (DLT_RAW on most systems) */
	LINK_RAW_OPENBSD = 14,   /* raw IP (DLT_RAW on OpenBSD) */
	LINK_RAW_LINKTYPE = 101, /* LINKTYPE_RAW, should libpcap pass it */
	LINK_LOOP = 108,      /* OpenBSD loopback, network byte order family */
	LINK_LINUX_SLL = 113, /* Linux cooked v1 */
	LINK_IPV4 = 228,
	LINK_IPV6 = 229,
	LINK_LINUX_SLL2 = 276, /* Linux cooked v2 */
};

enum decode_result {
	DECODE_TCP = 0, /* *out holds a segment (maybe flagged malformed) */
	DECODE_UNSUPPORTED_LINK, /* link type not read by tcpviz */
	DECODE_NOT_IP,           /* a link-layer frame that carries no IP */
	DECODE_NOT_TCP,          /* IP, but not TCP */
	DECODE_FRAGMENT,         /* an IP fragment: not reassembled */
	DECODE_MALFORMED, /* link or IP header unusable, or TCP header cut */
	DECODE_RESULT_COUNT
};

/*
 * Decode one frame. caplen is the number of bytes captured, wirelen the
 * length on the wire. *out is cleared first; on DECODE_TCP it is filled
 * but for frame and ts_ns, which are the caller's to set. A TCP header whose
 * options are malformed still decodes, with out->opts.error or out->malformed
 * set.
 */
enum decode_result decode_frame(int linktype, const uint8_t *data,
                                size_t caplen, size_t wirelen,
                                struct segment *out);

/* Whether decode_frame() reads this link type at all. */
int decode_link_supported(int linktype);

/* A short noun for a result, for counters: "not TCP", "IP fragment". */
const char *decode_result_name(enum decode_result r);

#endif
