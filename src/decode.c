/*
 * decode.c - one captured frame to a TCP segment: the link layer, IPv4
 * or IPv6 with its options and extension headers, then the TCP header.
 *
 * Pure and cheap: the replay runs millions of frames through here, so
 * nothing allocates, formats text or keeps state, and every byte is read
 * through a cursor so that a short or hostile frame is a result, never an
 * overread. It must not reassemble fragments, verify checksums or know
 * about connections; those belong to conntrack, or to nobody.
 */
#include "decode.h"

#include <stdbool.h>
#include <string.h>

#include "cursor.h"
#include "tcpopt.h"

enum {
	ETHERTYPE_MIN = 0x0600, /* smaller values are 802.3 lengths */
	ETHERTYPE_IPV4 = 0x0800,
	ETHERTYPE_VLAN = 0x8100,
	ETHERTYPE_IPV6 = 0x86DD,
	ETHERTYPE_QINQ = 0x88A8,
	ETHERTYPE_QINQ_OLD = 0x9100,
};

/* Stacks deeper than this are not traffic anyone teaches with. */
#define DECODE_MAX_VLAN_TAGS 8

/* Address families in BSD loopback headers; IPv6 differs per system. */
enum {
	FAMILY_INET = 2,
	FAMILY_INET6_LINUX = 10,
	FAMILY_INET6_BSD = 24,
	FAMILY_INET6_FREEBSD = 28,
	FAMILY_INET6_DARWIN = 30,
};

/* IP protocol and IPv6 next-header numbers. */
enum {
	PROTO_HOPOPTS = 0,
	PROTO_TCP = 6,
	PROTO_ROUTING = 43,
	PROTO_FRAGMENT = 44,
	PROTO_AH = 51,
	PROTO_NONE = 59,
	PROTO_DSTOPTS = 60,
};

enum {
	IPV4_HDR_LEN = 20,
	IPV4_MF = 0x2000,
	IPV4_OFFSET = 0x1FFF,
	IPV6_HDR_LEN = 40,
	IPV6_FRAG_OFFSET = 0xFFF8,
	IPV6_FRAG_MORE = 0x0001,
	IPV6_OPT_PAD1 = 0x00,
	IPV6_OPT_JUMBO = 0xC2,
	IPV6_JUMBO_MIN = 65536, /* RFC 2675: smaller values are invalid */
	TCP_HDR_LEN = 20,
	TCP_FLAG_BITS = 0x1FF,
};

/* Which IP header the link layer promises. */
enum decode_net { NET_IPV4, NET_IPV6, NET_BY_VERSION };

/* The header-level problems a segment can carry in ->malformed. */
static const char decode_bad_offset[] = "TCP data offset below 5";
static const char decode_short_ip[] = "IP length shorter than the headers";
static const char decode_long_ip[] = "IP length exceeds the frame length";

static const char *const decode_result_names[DECODE_RESULT_COUNT] = {
        [DECODE_TCP] = "TCP",
        [DECODE_UNSUPPORTED_LINK] = "unsupported link type",
        [DECODE_NOT_IP] = "not IP",
        [DECODE_NOT_TCP] = "not TCP",
        [DECODE_FRAGMENT] = "IP fragment",
        [DECODE_MALFORMED] = "malformed",
};

/* The first problem found is the one reported. */
static void decode_malformed(struct segment *out, const char *why)
{
	if (out->malformed == NULL)
		out->malformed = why;
}

static uint32_t decode_swap32(uint32_t v)
{
	return (v >> 24) | ((v >> 8) & 0xFF00) | ((v << 8) & 0xFF0000) |
	       (v << 24);
}

/*
 * Walk EtherType and any stack of 802.1Q/802.1ad tags after it. Returns
 * DECODE_TCP when an IP header follows (the caller goes on), else why not.
 */
static enum decode_result decode_ethertype(struct cursor *c, uint16_t type,
                                           enum decode_net *net)
{
	for (int tags = 0; !c->short_read; tags++) {
		switch (type) {
		case ETHERTYPE_IPV4:
			*net = NET_IPV4;
			return DECODE_TCP;
		case ETHERTYPE_IPV6:
			*net = NET_IPV6;
			return DECODE_TCP;
		case ETHERTYPE_VLAN:
		case ETHERTYPE_QINQ:
		case ETHERTYPE_QINQ_OLD:
			if (tags == DECODE_MAX_VLAN_TAGS)
				return DECODE_MALFORMED;
			cursor_skip(c, 2); /* priority, DEI, VLAN id */
			type = cursor_be16(c);
			break;
		default:
			/* Includes 802.3 lengths (< ETHERTYPE_MIN): LLC. */
			return DECODE_NOT_IP;
		}
	}
	return DECODE_MALFORMED;
}

static enum decode_result decode_family(uint32_t family, enum decode_net *net)
{
	switch (family) {
	case FAMILY_INET:
		*net = NET_IPV4;
		return DECODE_TCP;
	case FAMILY_INET6_LINUX:
	case FAMILY_INET6_BSD:
	case FAMILY_INET6_FREEBSD:
	case FAMILY_INET6_DARWIN:
		*net = NET_IPV6;
		return DECODE_TCP;
	default:
		return DECODE_NOT_IP;
	}
}

/*
 * DLT_NULL stores the family in the byte order of the host that captured,
 * which the file does not record; families are small, so a value with
 * high bits set was written the other way round.
 */
static enum decode_result decode_null(struct cursor *c, enum decode_net *net)
{
	uint32_t family = cursor_le32(c);

	if (c->short_read)
		return DECODE_MALFORMED;
	if (family & 0xFFFF0000u)
		family = decode_swap32(family);
	return decode_family(family, net);
}

static enum decode_result decode_loop(struct cursor *c, enum decode_net *net)
{
	uint32_t family = cursor_be32(c);

	if (c->short_read)
		return DECODE_MALFORMED;
	return decode_family(family, net);
}

/* Returns DECODE_TCP when an IP header follows at the cursor. */
static enum decode_result decode_link(int linktype, struct cursor *c,
                                      enum decode_net *net)
{
	uint16_t type;

	switch (linktype) {
	case LINK_EN10MB:
		cursor_skip(c, 12); /* destination, source */
		type = cursor_be16(c);
		return decode_ethertype(c, type, net);
	case LINK_LINUX_SLL:
		cursor_skip(c, 14); /* packet type, hardware type, address */
		type = cursor_be16(c);
		return decode_ethertype(c, type, net);
	case LINK_LINUX_SLL2:
		type = cursor_be16(c);
		cursor_skip(c, 18); /* reserved, ifindex, hardware, address */
		return decode_ethertype(c, type, net);
	case LINK_NULL:
		return decode_null(c, net);
	case LINK_LOOP:
		return decode_loop(c, net);
	case LINK_RAW:
	case LINK_RAW_OPENBSD:
	case LINK_RAW_LINKTYPE:
		*net = NET_BY_VERSION;
		return DECODE_TCP;
	case LINK_IPV4:
		*net = NET_IPV4;
		return DECODE_TCP;
	case LINK_IPV6:
		*net = NET_IPV6;
		return DECODE_TCP;
	default:
		return DECODE_UNSUPPORTED_LINK;
	}
}

static void decode_addr(struct cursor *c, struct ipaddr *a, uint8_t family)
{
	a->family = family;
	cursor_copy(c, a->bytes, family == 4 ? 4 : 16);
}

/*
 * The end of the datagram as the IP length gives it, as a frame offset.
 * A length beyond the frame on the wire is clamped to it (the bytes never
 * existed), as tshark and tcpdump do.
 */
static size_t decode_ip_end(uint64_t end, size_t wirelen, struct segment *out)
{
	if (end > wirelen) {
		decode_malformed(out, decode_long_ip);
		return wirelen;
	}
	return (size_t)end;
}

static enum decode_result decode_ipv4(struct cursor *c, size_t wirelen,
                                      struct segment *out, size_t *ip_end)
{
	size_t start = c->off;
	uint8_t vihl = cursor_u8(c);
	cursor_skip(c, 1); /* DSCP, ECN */
	uint16_t total = cursor_be16(c);
	cursor_skip(c, 2); /* identification */
	uint16_t frag = cursor_be16(c);
	cursor_skip(c, 1); /* TTL */
	uint8_t proto = cursor_u8(c);
	cursor_skip(c, 2); /* header checksum */
	decode_addr(c, &out->src, 4);
	decode_addr(c, &out->dst, 4);

	size_t ihl = (size_t)(vihl & 0x0F) * 4;
	if (c->short_read || vihl >> 4 != 4 || ihl < IPV4_HDR_LEN)
		return DECODE_MALFORMED;
	cursor_skip(c, ihl - IPV4_HDR_LEN); /* options */
	if (c->short_read)
		return DECODE_MALFORMED;
	if (proto != PROTO_TCP)
		return DECODE_NOT_TCP;
	if (frag & (IPV4_MF | IPV4_OFFSET))
		return DECODE_FRAGMENT;
	/*
	 * A capture taken before segmentation offload (TSO/GSO, BIG TCP)
	 * sees one large datagram whose total length is still 0: the
	 * length on the wire is the only one there is.
	 */
	if (total == 0)
		*ip_end = wirelen;
	else
		*ip_end = decode_ip_end((uint64_t)start + total, wirelen, out);
	return DECODE_TCP;
}

/*
 * The Jumbo Payload option (RFC 2675) in a hop-by-hop header, or 0. BIG
 * TCP captures carry it with a payload length of 0.
 */
static uint32_t decode_jumbo(struct cursor *opts)
{
	while (cursor_left(opts) > 0) {
		uint8_t type = cursor_u8(opts);
		if (type == IPV6_OPT_PAD1)
			continue;
		uint8_t len = cursor_u8(opts);
		if (type == IPV6_OPT_JUMBO && len == 4) {
			uint32_t jumbo = cursor_be32(opts);
			if (opts->short_read || jumbo < IPV6_JUMBO_MIN)
				return 0;
			return jumbo;
		}
		cursor_skip(opts, len);
	}
	return 0;
}

/* Whether a fragment could hold TCP: only then is it TCP lost to us. */
static bool decode_may_be_tcp(uint8_t nh)
{
	return nh == PROTO_TCP || nh == PROTO_HOPOPTS || nh == PROTO_ROUTING ||
	       nh == PROTO_DSTOPTS || nh == PROTO_AH;
}

/*
 * Step over one extension header of type *nh, leaving its next-header
 * value in *nh. Returns DECODE_TCP to go on.
 */
static enum decode_result decode_ipv6_ext(struct cursor *c, uint8_t *nh,
                                          bool first, uint32_t *jumbo)
{
	uint8_t next = cursor_u8(c);
	uint8_t len = cursor_u8(c);
	uint16_t offset_m;

	switch (*nh) {
	case PROTO_HOPOPTS:
	case PROTO_ROUTING:
	case PROTO_DSTOPTS: {
		struct cursor body = cursor_take(c, (size_t)len * 8 + 6);
		/* Only a leading hop-by-hop header may carry a jumbo length. */
		if (*nh == PROTO_HOPOPTS && first && !c->short_read)
			*jumbo = decode_jumbo(&body);
		break;
	}
	case PROTO_FRAGMENT:
		offset_m = cursor_be16(c);
		cursor_skip(c, 4); /* identification */
		if (c->short_read)
			return DECODE_MALFORMED;
		/* An atomic fragment (offset 0, M clear) is whole: go on. */
		if (offset_m & (IPV6_FRAG_OFFSET | IPV6_FRAG_MORE))
			return decode_may_be_tcp(next) ? DECODE_FRAGMENT
			                               : DECODE_NOT_TCP;
		break;
	case PROTO_AH:
		cursor_skip(c, ((size_t)len + 2) * 4 - 2);
		break;
	default:
		return DECODE_NOT_TCP;
	}
	*nh = next;
	return c->short_read ? DECODE_MALFORMED : DECODE_TCP;
}

static bool decode_ipv6_known_ext(uint8_t nh)
{
	return nh == PROTO_HOPOPTS || nh == PROTO_ROUTING ||
	       nh == PROTO_FRAGMENT || nh == PROTO_AH || nh == PROTO_DSTOPTS;
}

static enum decode_result decode_ipv6(struct cursor *c, size_t wirelen,
                                      struct segment *out, size_t *ip_end)
{
	size_t start = c->off;
	uint32_t vtcfl = cursor_be32(c);
	uint16_t plen = cursor_be16(c);
	uint8_t nh = cursor_u8(c);
	cursor_skip(c, 1); /* hop limit */
	decode_addr(c, &out->src, 6);
	decode_addr(c, &out->dst, 6);
	if (c->short_read || vtcfl >> 28 != 6)
		return DECODE_MALFORMED;

	uint32_t jumbo = 0;
	for (bool first = true; nh != PROTO_TCP; first = false) {
		if (!decode_ipv6_known_ext(nh))
			return DECODE_NOT_TCP; /* 59 (no next header) too */
		enum decode_result r = decode_ipv6_ext(c, &nh, first, &jumbo);
		if (r != DECODE_TCP)
			return r;
	}

	uint64_t fixed_end = (uint64_t)start + IPV6_HDR_LEN;
	if (plen != 0)
		*ip_end = decode_ip_end(fixed_end + plen, wirelen, out);
	else if (jumbo != 0)
		*ip_end = decode_ip_end(fixed_end + jumbo, wirelen, out);
	else
		*ip_end = wirelen; /* GSO, or BIG TCP without the option */
	return DECODE_TCP;
}

static enum decode_result decode_ip(enum decode_net net, struct cursor *c,
                                    size_t wirelen, struct segment *out,
                                    size_t *ip_end)
{
	if (net == NET_BY_VERSION) {
		struct cursor peek = *c;
		uint8_t version = cursor_u8(&peek) >> 4;
		if (peek.short_read)
			return DECODE_MALFORMED;
		if (version == 4)
			net = NET_IPV4;
		else if (version == 6)
			net = NET_IPV6;
		else
			return DECODE_MALFORMED;
	}
	if (net == NET_IPV4)
		return decode_ipv4(c, wirelen, out, ip_end);
	return decode_ipv6(c, wirelen, out, ip_end);
}

/*
 * Options are parsed over the bytes captured. When the snap length cut
 * them, an option that runs out of bytes was cut, not malformed.
 */
static void decode_tcp_options(struct cursor *c, struct segment *out)
{
	size_t want = (size_t)out->hdr_len - TCP_HDR_LEN;
	bool cut = !cursor_has(c, want);
	struct cursor opts = cursor_take(c, want);

	tcpopt_parse(&opts, &out->opts);
	if (cut) {
		out->truncated = true;
		if (opts.short_read)
			out->opts.error = NULL;
	}
}

/*
 * Keep the first payload bytes that were captured: from the end of the
 * TCP header to the end of the datagram (never the link layer's padding
 * after it), at most SEGMENT_PAYLOAD_MAX, read through the cursor.
 */
static void decode_payload(struct cursor *c, size_t hdr_end, size_t ip_end,
                           struct segment *out)
{
	if (c->short_read || c->off != hdr_end)
		return; /* the header itself was cut: no payload captured */
	size_t n = cursor_left(c);
	if (n > ip_end - hdr_end)
		n = ip_end - hdr_end;
	if (n > SEGMENT_PAYLOAD_MAX)
		n = SEGMENT_PAYLOAD_MAX;
	cursor_copy(c, out->payload, n);
	out->payload_kept = c->short_read ? 0 : (uint8_t)n;
}

static enum decode_result decode_tcp(struct cursor *c, size_t ip_end,
                                     struct segment *out)
{
	size_t start = c->off;
	out->sport = cursor_be16(c);
	out->dport = cursor_be16(c);
	out->seq = cursor_be32(c);
	out->ack = cursor_be32(c);
	uint16_t offset_flags = cursor_be16(c);
	out->win = cursor_be16(c);
	out->cksum = cursor_be16(c);
	out->urp = cursor_be16(c);
	if (c->short_read)
		return DECODE_MALFORMED;

	out->flags = offset_flags & TCP_FLAG_BITS;
	out->hdr_len = (uint8_t)((offset_flags >> 12) * 4);
	out->truncated = c->len < ip_end;
	if (out->hdr_len < TCP_HDR_LEN) {
		decode_malformed(out, decode_bad_offset);
		return DECODE_TCP;
	}
	decode_tcp_options(c, out);

	size_t hdr_end = start + out->hdr_len;
	if (ip_end < hdr_end) {
		decode_malformed(out, decode_short_ip);
		return DECODE_TCP;
	}
	out->len = (uint32_t)(ip_end - hdr_end);
	decode_payload(c, hdr_end, ip_end, out);
	return DECODE_TCP;
}

enum decode_result decode_frame(int linktype, const uint8_t *data,
                                size_t caplen, size_t wirelen,
                                struct segment *out)
{
	struct cursor c = cursor_make(data, caplen);
	enum decode_net net = NET_BY_VERSION;
	enum decode_result r;
	size_t ip_end = 0;

	/* Nothing of the caller's is read: frame and ts_ns are set after.
	 * The payload's bytes are written only as far as they are kept. */
	memset(out, 0, SEGMENT_HEAD_SIZE);
	/* A wire length below the captured length is a writer's bug. */
	if (wirelen < c.len)
		wirelen = c.len;

	r = decode_link(linktype, &c, &net);
	if (r != DECODE_TCP)
		return r;
	r = decode_ip(net, &c, wirelen, out, &ip_end);
	if (r != DECODE_TCP)
		return r;
	return decode_tcp(&c, ip_end, out);
}

int decode_link_supported(int linktype)
{
	switch (linktype) {
	case LINK_NULL:
	case LINK_EN10MB:
	case LINK_RAW:
	case LINK_RAW_OPENBSD:
	case LINK_RAW_LINKTYPE:
	case LINK_LOOP:
	case LINK_LINUX_SLL:
	case LINK_IPV4:
	case LINK_IPV6:
	case LINK_LINUX_SLL2:
		return 1;
	default:
		return 0;
	}
}

const char *decode_result_name(enum decode_result r)
{
	if ((unsigned)r >= DECODE_RESULT_COUNT)
		return "unknown result";
	return decode_result_names[r];
}
