/*
 * test_decode.c - the frame decoder on crafted frames of every link type.
 *
 * Frames are built byte by byte here, then copied into heap blocks of
 * exactly the captured size, so the sanitizer build proves that decoding
 * never reads past the snap length. No capture files are read.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "decode.h"

struct frame {
	uint8_t b[1024];
	size_t n;
};

static void put8(struct frame *f, unsigned v)
{
	assert_true(f->n < sizeof(f->b));
	f->b[f->n++] = (uint8_t)v;
}

static void put16(struct frame *f, unsigned v)
{
	put8(f, v >> 8);
	put8(f, v & 0xff);
}

static void put32(struct frame *f, uint32_t v)
{
	put16(f, v >> 16);
	put16(f, v & 0xffff);
}

static void put_bytes(struct frame *f, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		put8(f, p[i]);
}

static void put_fill(struct frame *f, unsigned v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		put8(f, v);
}

static void set16(struct frame *f, size_t at, unsigned v)
{
	f->b[at] = (uint8_t)(v >> 8);
	f->b[at + 1] = (uint8_t)v;
}

static const uint8_t v4_src[4] = {192, 0, 2, 1};
static const uint8_t v4_dst[4] = {198, 51, 100, 2};
static const uint8_t v6_src[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
static const uint8_t v6_dst[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 2};

/* Destination and source MACs, then tags (TPID, TCI pairs), then type. */
static void put_ethernet(struct frame *f, const uint16_t *tpids, size_t ntags,
                         unsigned type)
{
	put_fill(f, 0x02, 6);
	put_fill(f, 0x04, 6);
	for (size_t i = 0; i < ntags; i++) {
		put16(f, tpids[i]);
		put16(f, 100 + (unsigned)i);
	}
	put16(f, type);
}

static void put_sll(struct frame *f, unsigned proto)
{
	put16(f, 0); /* sent to us */
	put16(f, 1); /* ARPHRD_ETHER */
	put16(f, 6); /* address length */
	put_fill(f, 0x0a, 8);
	put16(f, proto);
}

static void put_sll2(struct frame *f, unsigned proto)
{
	put16(f, proto);
	put16(f, 0); /* reserved */
	put32(f, 3); /* ifindex */
	put16(f, 1); /* ARPHRD_ETHER */
	put8(f, 4);  /* outgoing */
	put8(f, 6);
	put_fill(f, 0x0a, 8);
}

/* IPv4 header of ihl words (options are NOPs); length fixed later. */
static size_t put_ipv4(struct frame *f, unsigned ihl, unsigned frag,
                       unsigned proto)
{
	size_t at = f->n;
	put8(f, 0x40 | ihl);
	put8(f, 0);
	put16(f, 0); /* total length: set_ipv4_len */
	put16(f, 0x1234);
	put16(f, frag);
	put8(f, 64);
	put8(f, proto);
	put16(f, 0);
	put_bytes(f, v4_src, 4);
	put_bytes(f, v4_dst, 4);
	put_fill(f, 1, (ihl > 5 ? ihl - 5 : 0) * 4);
	return at;
}

static void set_ipv4_len(struct frame *f, size_t at)
{
	set16(f, at + 2, (unsigned)(f->n - at));
}

static size_t put_ipv6(struct frame *f, unsigned nh)
{
	size_t at = f->n;
	put32(f, 0x60012345);
	put16(f, 0); /* payload length: set_ipv6_len */
	put8(f, nh);
	put8(f, 64);
	put_bytes(f, v6_src, 16);
	put_bytes(f, v6_dst, 16);
	return at;
}

static void set_ipv6_len(struct frame *f, size_t at)
{
	set16(f, at + 4, (unsigned)(f->n - at - 40));
}

#define SPORT 40000
#define DPORT 80
#define SEQ   0x01020304u
#define ACK   0xa0b0c0d0u
#define WIN   29200
#define CKSUM 0xbeef
#define URP   7

/* A TCP header; optlen must be a multiple of 4. */
static size_t put_tcp(struct frame *f, unsigned flags, const uint8_t *opts,
                      size_t optlen)
{
	size_t at = f->n;
	put16(f, SPORT);
	put16(f, DPORT);
	put32(f, SEQ);
	put32(f, ACK);
	put16(f, (unsigned)((5 + optlen / 4) << 12) | flags);
	put16(f, WIN);
	put16(f, CKSUM);
	put16(f, URP);
	put_bytes(f, opts, optlen);
	return at;
}

static const uint8_t syn_opts[20] = {2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0,
                                     0, 9, 0,    0,    0, 0, 1, 3,  3, 7};

/* Decode the first caplen bytes from a block of exactly that size. */
static enum decode_result decode_cut(int link, const struct frame *f,
                                     size_t caplen, size_t wirelen,
                                     struct segment *s)
{
	uint8_t *copy = malloc(caplen ? caplen : 1);
	assert_non_null(copy);
	memcpy(copy, f->b, caplen);
	memset(s, 0x5a, sizeof(*s));
	s->frame = 42;
	s->ts_ns = -7;
	enum decode_result r = decode_frame(link, copy, caplen, wirelen, s);
	free(copy);
	return r;
}

static enum decode_result decode_whole(int link, const struct frame *f,
                                       struct segment *s)
{
	return decode_cut(link, f, f->n, f->n, s);
}

/* The fields every put_tcp() header carries. */
static void assert_tcp_fields(const struct segment *s)
{
	assert_int_equal(s->sport, SPORT);
	assert_int_equal(s->dport, DPORT);
	assert_int_equal(s->seq, SEQ);
	assert_int_equal(s->ack, ACK);
	assert_int_equal(s->win, WIN);
	assert_int_equal(s->cksum, CKSUM);
	assert_int_equal(s->urp, URP);
}

static void assert_clean(const struct segment *s, uint32_t len)
{
	assert_int_equal(s->len, len);
	assert_false(s->truncated);
	assert_null(s->malformed);
	assert_null(s->opts.error);
}

/* Ethernet, IPv4 with ihl words, TCP with syn_opts, payload bytes. */
static void build_eth_ipv4(struct frame *f, unsigned ihl, size_t payload)
{
	f->n = 0;
	put_ethernet(f, NULL, 0, 0x0800);
	size_t ip = put_ipv4(f, ihl, 0x4000, 6);
	put_tcp(f, TH_SYN | TH_ACK, syn_opts, sizeof(syn_opts));
	put_fill(f, 'x', payload);
	set_ipv4_len(f, ip);
}

static void test_ethernet_ipv4_syn(void **state)
{
	struct frame f;
	struct segment s;
	(void)state;
	build_eth_ipv4(&f, 5, 0);
	assert_int_equal(decode_whole(LINK_EN10MB, &f, &s), DECODE_TCP);
	assert_tcp_fields(&s);
	assert_clean(&s, 0);
	/* Cleared, not carried over: the caller sets them after. */
	assert_int_equal(s.frame, 0);
	assert_int_equal(s.ts_ns, 0);
	assert_int_equal(s.flags, TH_SYN | TH_ACK);
	assert_int_equal(s.hdr_len, 40);
	assert_int_equal(s.src.family, 4);
	assert_int_equal(s.dst.family, 4);
	assert_memory_equal(s.src.bytes, v4_src, 4);
	assert_memory_equal(s.dst.bytes, v4_dst, 4);
	assert_int_equal(s.opts.mss, 1460);
	assert_int_equal(s.opts.wscale, 7);
	assert_int_equal(s.opts.tsval, 9);
	assert_true(s.opts.present & OPT_HAS_SACK_PERM);
}

static void test_payload_length_from_ip(void **state)
{
	struct frame f;
	struct segment s;
	(void)state;
	build_eth_ipv4(&f, 5, 100);
	assert_int_equal(decode_whole(LINK_EN10MB, &f, &s), DECODE_TCP);
	assert_clean(&s, 100);
	/* Snapped: the length still comes from IP; the segment is cut. */
	assert_int_equal(decode_cut(LINK_EN10MB, &f, 80, f.n, &s), DECODE_TCP);
	assert_int_equal(s.len, 100);
	assert_true(s.truncated);
}

/* The first payload bytes captured are kept, up to SEGMENT_PAYLOAD_MAX,
 * never the link layer's padding after the datagram nor bytes the snap
 * length cut. */
static void test_payload_kept(void **state)
{
	struct frame f = {.n = 0};
	struct segment s;
	(void)state;
	put_ethernet(&f, NULL, 0, 0x0800);
	size_t ip = put_ipv4(&f, 5, 0x4000, 6);
	put_tcp(&f, TH_ACK | TH_PSH, NULL, 0);
	put_bytes(&f, (const uint8_t *)"hi\r\n!", 5);
	set_ipv4_len(&f, ip);
	put_fill(&f, 0xee, 64 - f.n); /* padding, not payload */
	assert_int_equal(decode_whole(LINK_EN10MB, &f, &s), DECODE_TCP);
	assert_int_equal(s.len, 5);
	assert_int_equal(s.payload_kept, 5);
	assert_memory_equal(s.payload, "hi\r\n!", 5);

	/* A long payload: its first SEGMENT_PAYLOAD_MAX bytes. */
	build_eth_ipv4(&f, 5, 100);
	assert_int_equal(decode_whole(LINK_EN10MB, &f, &s), DECODE_TCP);
	assert_int_equal(s.payload_kept, SEGMENT_PAYLOAD_MAX);
	for (int i = 0; i < SEGMENT_PAYLOAD_MAX; i++)
		assert_int_equal(s.payload[i], 'x');
	/* Snapped 6 bytes into the payload: those 6. */
	assert_int_equal(decode_cut(LINK_EN10MB, &f, 80, f.n, &s), DECODE_TCP);
	assert_int_equal(s.payload_kept, 6);
	/* Snapped inside the options: nothing. */
	assert_int_equal(decode_cut(LINK_EN10MB, &f, 60, f.n, &s), DECODE_TCP);
	assert_true(s.truncated);
	assert_int_equal(s.payload_kept, 0);
	/* No payload at all. */
	build_eth_ipv4(&f, 5, 0);
	assert_int_equal(decode_whole(LINK_EN10MB, &f, &s), DECODE_TCP);
	assert_int_equal(s.payload_kept, 0);
}

static void test_all_nine_flags(void **state)
{
	static const unsigned cases[] = {
	        TH_AE,
	        TH_CWR,
	        TH_ECE,
	        TH_URG,
	        TH_ACK,
	        TH_PSH,
	        TH_RST,
	        TH_SYN,
	        TH_FIN,
	        TH_SYN | TH_ECE | TH_CWR,
	        TH_SYN | TH_ACK | TH_AE,
	        0x1ff,
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct frame f = {.n = 0};
		struct segment s;
		put_ethernet(&f, NULL, 0, 0x0800);
		size_t ip = put_ipv4(&f, 5, 0, 6);
		/* The three reserved bits are set too and must not leak. */
		put_tcp(&f, cases[i] | 0x0e00, NULL, 0);
		set_ipv4_len(&f, ip);
		assert_int_equal(decode_whole(LINK_EN10MB, &f, &s), DECODE_TCP);
		assert_int_equal(s.flags, cases[i]);
		assert_int_equal(s.hdr_len, 20);
	}
}

static void test_ethernet_padding_is_not_truncation(void **state)
{
	struct frame f = {.n = 0};
	struct segment s;
	(void)state;
	put_ethernet(&f, NULL, 0, 0x0800);
	size_t ip = put_ipv4(&f, 5, 0x4000, 6);
	put_tcp(&f, TH_ACK, NULL, 0);
	set_ipv4_len(&f, ip);
	put_fill(&f, 0, 60 - f.n); /* minimum Ethernet frame */
	assert_int_equal(f.n, 60);
	assert_int_equal(decode_whole(LINK_EN10MB, &f, &s), DECODE_TCP);
	assert_clean(&s, 0);
}

static void test_vlan_stacks(void **state)
{
	static const uint16_t one[] = {0x8100};
	static const uint16_t qinq[] = {0x88a8, 0x8100};
	static const uint16_t old[] = {0x9100, 0x9100, 0x8100};
	static const uint16_t eight[] = {0x88a8, 0x8100, 0x8100, 0x8100,
	                                 0x8100, 0x8100, 0x8100, 0x8100};
	static const uint16_t nine[] = {0x88a8, 0x8100, 0x8100, 0x8100, 0x8100,
	                                0x8100, 0x8100, 0x8100, 0x8100};
	static const struct {
		const uint16_t *tags;
		size_t n;
		enum decode_result want;
	} cases[] = {
	        {one, 1, DECODE_TCP},        {qinq, 2, DECODE_TCP},
	        {old, 3, DECODE_TCP},        {eight, 8, DECODE_TCP},
	        {nine, 9, DECODE_MALFORMED},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct frame f = {.n = 0};
		struct segment s;
		put_ethernet(&f, cases[i].tags, cases[i].n, 0x86dd);
		size_t ip = put_ipv6(&f, 6);
		put_tcp(&f, TH_ACK, NULL, 0);
		put_fill(&f, 'y', 5);
		set_ipv6_len(&f, ip);
		assert_int_equal(decode_whole(LINK_EN10MB, &f, &s),
		                 cases[i].want);
		if (cases[i].want == DECODE_TCP) {
			assert_clean(&s, 5);
			assert_int_equal(s.src.family, 6);
			assert_memory_equal(s.src.bytes, v6_src, 16);
			assert_memory_equal(s.dst.bytes, v6_dst, 16);
		}
	}
}

static void test_ethernet_not_ip(void **state)
{
	static const uint16_t vlan[] = {0x8100};
	struct frame f = {.n = 0};
	struct segment s;
	(void)state;

	put_ethernet(&f, NULL, 0, 46); /* 802.3 length, then LLC */
	put_fill(&f, 0x42, 46);
	assert_int_equal(decode_whole(LINK_EN10MB, &f, &s), DECODE_NOT_IP);

	f.n = 0;
	put_ethernet(&f, NULL, 0, 0x0806); /* ARP */
	put_fill(&f, 0, 28);
	assert_int_equal(decode_whole(LINK_EN10MB, &f, &s), DECODE_NOT_IP);

	f.n = 0;
	put_ethernet(&f, vlan, 1, 0x05dc); /* 802.3 inside a VLAN tag */
	put_fill(&f, 0x42, 46);
	assert_int_equal(decode_whole(LINK_EN10MB, &f, &s), DECODE_NOT_IP);
}

/* An EtherType that disagrees with the IP version is not trusted. */
static void test_version_mismatch(void **state)
{
	struct frame f = {.n = 0};
	struct segment s;
	(void)state;
	put_ethernet(&f, NULL, 0, 0x86dd);
	size_t ip = put_ipv4(&f, 5, 0, 6);
	put_tcp(&f, TH_ACK, NULL, 0);
	set_ipv4_len(&f, ip);
	assert_int_equal(decode_whole(LINK_EN10MB, &f, &s), DECODE_MALFORMED);
	assert_int_equal(decode_cut(LINK_IPV6, &f, f.n, f.n, &s),
	                 DECODE_MALFORMED);
}

static void test_linux_cooked_v1(void **state)
{
	struct frame f = {.n = 0};
	struct segment s;
	(void)state;

	put_sll(&f, 0x0800);
	size_t ip = put_ipv4(&f, 5, 0, 6);
	put_tcp(&f, TH_FIN | TH_ACK, NULL, 0);
	put_fill(&f, 'z', 3);
	set_ipv4_len(&f, ip);
	assert_int_equal(decode_whole(LINK_LINUX_SLL, &f, &s), DECODE_TCP);
	assert_tcp_fields(&s);
	assert_clean(&s, 3);
	assert_int_equal(s.flags, TH_FIN | TH_ACK);

	f.n = 0;
	put_sll(&f, 0x86dd);
	ip = put_ipv6(&f, 6);
	put_tcp(&f, TH_RST, NULL, 0);
	set_ipv6_len(&f, ip);
	assert_int_equal(decode_whole(LINK_LINUX_SLL, &f, &s), DECODE_TCP);
	assert_int_equal(s.src.family, 6);
	assert_int_equal(s.flags, TH_RST);

	/* libpcap puts a VLAN tag back in as EtherType 0x8100. */
	f.n = 0;
	put_sll(&f, 0x8100);
	put16(&f, 7);
	put16(&f, 0x0800);
	ip = put_ipv4(&f, 5, 0, 6);
	put_tcp(&f, TH_ACK, NULL, 0);
	set_ipv4_len(&f, ip);
	assert_int_equal(decode_whole(LINK_LINUX_SLL, &f, &s), DECODE_TCP);
	assert_tcp_fields(&s);

	f.n = 0;
	put_sll(&f, 0x0004); /* 802.2 LLC frames */
	put_fill(&f, 0x42, 30);
	assert_int_equal(decode_whole(LINK_LINUX_SLL, &f, &s), DECODE_NOT_IP);
}

static void test_linux_cooked_v2(void **state)
{
	struct frame f = {.n = 0};
	struct segment s;
	(void)state;

	put_sll2(&f, 0x0800);
	size_t ip = put_ipv4(&f, 5, 0, 6);
	put_tcp(&f, TH_SYN, syn_opts, sizeof(syn_opts));
	set_ipv4_len(&f, ip);
	assert_int_equal(decode_whole(LINK_LINUX_SLL2, &f, &s), DECODE_TCP);
	assert_tcp_fields(&s);
	assert_clean(&s, 0);
	assert_int_equal(s.opts.mss, 1460);

	f.n = 0;
	put_sll2(&f, 0x86dd);
	ip = put_ipv6(&f, 6);
	put_tcp(&f, TH_ACK, NULL, 0);
	put_fill(&f, 'q', 9);
	set_ipv6_len(&f, ip);
	assert_int_equal(decode_whole(LINK_LINUX_SLL2, &f, &s), DECODE_TCP);
	assert_clean(&s, 9);

	f.n = 0;
	put_sll2(&f, 0x0806);
	put_fill(&f, 0, 28);
	assert_int_equal(decode_whole(LINK_LINUX_SLL2, &f, &s), DECODE_NOT_IP);
}

static void put_family(struct frame *f, uint32_t family, int little)
{
	for (int i = 0; i < 4; i++) {
		int shift = little ? 8 * i : 24 - 8 * i;
		put8(f, (family >> shift) & 0xff);
	}
}

static void test_bsd_null_both_orders(void **state)
{
	static const uint32_t inet6[] = {10, 24, 28, 30};
	(void)state;
	for (int little = 0; little <= 1; little++) {
		struct frame f = {.n = 0};
		struct segment s;
		put_family(&f, 2, little);
		size_t ip = put_ipv4(&f, 5, 0, 6);
		put_tcp(&f, TH_ACK, NULL, 0);
		put_fill(&f, 'a', 4);
		set_ipv4_len(&f, ip);
		assert_int_equal(decode_whole(LINK_NULL, &f, &s), DECODE_TCP);
		assert_clean(&s, 4);
		assert_int_equal(s.src.family, 4);

		for (size_t i = 0; i < 4; i++) {
			f.n = 0;
			put_family(&f, inet6[i], little);
			ip = put_ipv6(&f, 6);
			put_tcp(&f, TH_ACK, NULL, 0);
			set_ipv6_len(&f, ip);
			assert_int_equal(decode_whole(LINK_NULL, &f, &s),
			                 DECODE_TCP);
			assert_int_equal(s.src.family, 6);
		}

		f.n = 0;
		put_family(&f, 7, little); /* AF_NS */
		put_fill(&f, 0, 40);
		assert_int_equal(decode_whole(LINK_NULL, &f, &s),
		                 DECODE_NOT_IP);
	}
}

static void test_openbsd_loop(void **state)
{
	struct frame f = {.n = 0};
	struct segment s;
	(void)state;
	put_family(&f, 24, 0);
	size_t ip = put_ipv6(&f, 6);
	put_tcp(&f, TH_ACK, NULL, 0);
	set_ipv6_len(&f, ip);
	assert_int_equal(decode_whole(LINK_LOOP, &f, &s), DECODE_TCP);
	assert_int_equal(s.src.family, 6);

	f.n = 0;
	put_family(&f, 2, 0);
	ip = put_ipv4(&f, 5, 0, 6);
	put_tcp(&f, TH_ACK, NULL, 0);
	set_ipv4_len(&f, ip);
	assert_int_equal(decode_whole(LINK_LOOP, &f, &s), DECODE_TCP);
	assert_int_equal(s.src.family, 4);

	f.b[3] = 17; /* AF_IMPLINK */
	assert_int_equal(decode_whole(LINK_LOOP, &f, &s), DECODE_NOT_IP);
}

static void test_raw_ip_links(void **state)
{
	static const int by_version[] = {LINK_RAW, LINK_RAW_OPENBSD,
	                                 LINK_RAW_LINKTYPE};
	struct frame f4 = {.n = 0}, f6 = {.n = 0};
	struct segment s;
	(void)state;

	size_t ip = put_ipv4(&f4, 5, 0, 6);
	put_tcp(&f4, TH_ACK, NULL, 0);
	put_fill(&f4, 'b', 11);
	set_ipv4_len(&f4, ip);
	ip = put_ipv6(&f6, 6);
	put_tcp(&f6, TH_ACK, NULL, 0);
	put_fill(&f6, 'b', 12);
	set_ipv6_len(&f6, ip);

	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(decode_whole(by_version[i], &f4, &s),
		                 DECODE_TCP);
		assert_clean(&s, 11);
		assert_int_equal(s.src.family, 4);
		assert_int_equal(decode_whole(by_version[i], &f6, &s),
		                 DECODE_TCP);
		assert_clean(&s, 12);
		assert_int_equal(s.src.family, 6);
	}
	assert_int_equal(decode_whole(LINK_IPV4, &f4, &s), DECODE_TCP);
	assert_int_equal(decode_whole(LINK_IPV6, &f6, &s), DECODE_TCP);
	assert_int_equal(decode_whole(LINK_IPV4, &f6, &s), DECODE_MALFORMED);
	assert_int_equal(decode_whole(LINK_IPV6, &f4, &s), DECODE_MALFORMED);

	f4.b[0] = 0x55; /* version 5 */
	assert_int_equal(decode_whole(LINK_RAW, &f4, &s), DECODE_MALFORMED);
}

static void test_unsupported_link(void **state)
{
	static const int supported[] = {
	        LINK_NULL,        LINK_EN10MB,       LINK_RAW,
	        LINK_RAW_OPENBSD, LINK_RAW_LINKTYPE, LINK_LOOP,
	        LINK_LINUX_SLL,   LINK_IPV4,         LINK_IPV6,
	        LINK_LINUX_SLL2,
	};
	struct frame f;
	struct segment s;
	(void)state;
	build_eth_ipv4(&f, 5, 0);
	assert_int_equal(decode_whole(105, &f, &s), DECODE_UNSUPPORTED_LINK);
	assert_int_equal(decode_whole(-1, &f, &s), DECODE_UNSUPPORTED_LINK);
	assert_false(decode_link_supported(105));
	assert_false(decode_link_supported(127));
	assert_false(decode_link_supported(-1));
	for (size_t i = 0; i < sizeof(supported) / sizeof(supported[0]); i++)
		assert_true(decode_link_supported(supported[i]));
}

static void test_ipv4_options(void **state)
{
	(void)state;
	for (unsigned ihl = 5; ihl <= 15; ihl++) {
		struct frame f;
		struct segment s;
		build_eth_ipv4(&f, ihl, 33);
		assert_int_equal(decode_whole(LINK_EN10MB, &f, &s), DECODE_TCP);
		assert_tcp_fields(&s);
		assert_clean(&s, 33);
		assert_int_equal(s.opts.mss, 1460);
	}
}

static void test_ipv4_bad_ihl(void **state)
{
	struct frame f;
	struct segment s;
	(void)state;
	build_eth_ipv4(&f, 5, 0);
	f.b[14] = 0x44;
	assert_int_equal(decode_whole(LINK_EN10MB, &f, &s), DECODE_MALFORMED);
	f.b[14] = 0x40;
	assert_int_equal(decode_whole(LINK_EN10MB, &f, &s), DECODE_MALFORMED);
}

static void test_not_tcp(void **state)
{
	struct frame f = {.n = 0};
	struct segment s;
	(void)state;

	size_t ip = put_ipv4(&f, 5, 0, 17);
	put_fill(&f, 0, 28);
	set_ipv4_len(&f, ip);
	assert_int_equal(decode_whole(LINK_RAW, &f, &s), DECODE_NOT_TCP);

	f.n = 0;
	ip = put_ipv6(&f, 58); /* ICMPv6 */
	put_fill(&f, 0, 8);
	set_ipv6_len(&f, ip);
	assert_int_equal(decode_whole(LINK_RAW, &f, &s), DECODE_NOT_TCP);

	f.n = 0;
	ip = put_ipv6(&f, 59); /* no next header */
	set_ipv6_len(&f, ip);
	assert_int_equal(decode_whole(LINK_RAW, &f, &s), DECODE_NOT_TCP);

	f.n = 0;
	ip = put_ipv6(&f, 60);
	put8(&f, 59); /* destination options, then nothing */
	put8(&f, 0);
	put_fill(&f, 0, 6);
	set_ipv6_len(&f, ip);
	assert_int_equal(decode_whole(LINK_RAW, &f, &s), DECODE_NOT_TCP);
}

static void test_ipv4_fragments(void **state)
{
	static const struct {
		unsigned frag, proto;
		enum decode_result want;
	} cases[] = {
	        {0x2000, 6, DECODE_FRAGMENT}, /* MF, first fragment */
	        {0x0001, 6, DECODE_FRAGMENT}, /* last fragment */
	        {0x2010, 6, DECODE_FRAGMENT}, /* middle */
	        {0x4000, 6, DECODE_TCP},      /* DF only */
	        {0x0000, 6, DECODE_TCP},      {0x2000, 17, DECODE_NOT_TCP},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct frame f = {.n = 0};
		struct segment s;
		put_ethernet(&f, NULL, 0, 0x0800);
		size_t ip = put_ipv4(&f, 5, cases[i].frag, cases[i].proto);
		put_tcp(&f, TH_ACK, NULL, 0);
		put_fill(&f, 'f', 16);
		set_ipv4_len(&f, ip);
		assert_int_equal(decode_whole(LINK_EN10MB, &f, &s),
		                 cases[i].want);
	}
}

/* Extension headers, each built to end with next header = TCP. */
static void put_hbh(struct frame *f, unsigned next)
{
	put8(f, next);
	put8(f, 0);
	put8(f, 1); /* PadN of 6 */
	put8(f, 4);
	put32(f, 0);
}

static void put_routing(struct frame *f, unsigned next)
{
	put8(f, next);
	put8(f, 2); /* 24 bytes */
	put8(f, 0); /* type 0 */
	put8(f, 1); /* segments left */
	put32(f, 0);
	put_bytes(f, v6_dst, 16);
}

static void put_dstopts(struct frame *f, unsigned next)
{
	put8(f, next);
	put8(f, 1); /* 16 bytes */
	put8(f, 1); /* PadN of 12 */
	put8(f, 12);
	put_fill(f, 0, 12);
}

static void put_fraghdr(struct frame *f, unsigned next, unsigned offset_m)
{
	put8(f, next);
	put8(f, 0);
	put16(f, offset_m);
	put32(f, 0xdeadbeef);
}

static void put_ah(struct frame *f, unsigned next)
{
	put8(f, next);
	put8(f, 4); /* (4 + 2) * 4 = 24 bytes */
	put16(f, 0);
	put32(f, 0x100); /* SPI */
	put32(f, 1);     /* sequence */
	put_fill(f, 0xaa, 12);
}

enum { EXT_HBH, EXT_ROUTING, EXT_DSTOPTS, EXT_FRAG, EXT_AH, EXT_COUNT };

static const unsigned ext_proto[EXT_COUNT] = {0, 43, 60, 44, 51};
static const size_t ext_len[EXT_COUNT] = {8, 24, 16, 8, 24};

static void put_ext(struct frame *f, int ext, unsigned next)
{
	switch (ext) {
	case EXT_HBH:
		put_hbh(f, next);
		break;
	case EXT_ROUTING:
		put_routing(f, next);
		break;
	case EXT_DSTOPTS:
		put_dstopts(f, next);
		break;
	case EXT_FRAG:
		put_fraghdr(f, next, 0); /* atomic */
		break;
	default:
		put_ah(f, next);
		break;
	}
}

static void test_ipv6_each_extension_header(void **state)
{
	(void)state;
	for (int e = 0; e < EXT_COUNT; e++) {
		struct frame f = {.n = 0};
		struct segment s;
		put_ethernet(&f, NULL, 0, 0x86dd);
		size_t ip = put_ipv6(&f, ext_proto[e]);
		put_ext(&f, e, 6);
		put_tcp(&f, TH_PSH | TH_ACK, syn_opts, sizeof(syn_opts));
		put_fill(&f, 'e', 21);
		set_ipv6_len(&f, ip);
		assert_int_equal(f.n, 14 + 40 + ext_len[e] + 40 + 21);
		assert_int_equal(decode_whole(LINK_EN10MB, &f, &s), DECODE_TCP);
		assert_tcp_fields(&s);
		assert_clean(&s, 21);
		assert_int_equal(s.opts.wscale, 7);
	}
}

/* Every header in one chain: HBH first, as RFC 8200 orders them. */
static void build_ipv6_chain(struct frame *f, size_t payload)
{
	static const uint16_t vlan[] = {0x8100};
	f->n = 0;
	put_ethernet(f, vlan, 1, 0x86dd);
	size_t ip = put_ipv6(f, 0);
	put_hbh(f, 60);
	put_dstopts(f, 43);
	put_routing(f, 44);
	put_fraghdr(f, 51, 0);
	put_ah(f, 60);
	put_dstopts(f, 6);
	put_tcp(f, TH_ACK, syn_opts, sizeof(syn_opts));
	put_fill(f, 'c', payload);
	set_ipv6_len(f, ip);
}

static void test_ipv6_chain(void **state)
{
	struct frame f;
	struct segment s;
	(void)state;
	build_ipv6_chain(&f, 77);
	assert_int_equal(decode_whole(LINK_EN10MB, &f, &s), DECODE_TCP);
	assert_tcp_fields(&s);
	assert_clean(&s, 77);
	assert_int_equal(s.hdr_len, 40);
}

static void test_ipv6_fragments(void **state)
{
	static const struct {
		unsigned next, offset_m;
		enum decode_result want;
	} cases[] = {
	        {6, 0x0001, DECODE_FRAGMENT},  /* first, M set */
	        {6, 0x0008, DECODE_FRAGMENT},  /* offset 1, last */
	        {6, 0x0009, DECODE_FRAGMENT},  /* middle */
	        {60, 0x0001, DECODE_FRAGMENT}, /* options may precede TCP */
	        {17, 0x0001, DECODE_NOT_TCP},
	        {6, 0x0006, DECODE_TCP}, /* reserved bits only: atomic */
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct frame f = {.n = 0};
		struct segment s;
		size_t ip = put_ipv6(&f, 44);
		put_fraghdr(&f, cases[i].next, cases[i].offset_m);
		put_tcp(&f, TH_ACK, NULL, 0);
		set_ipv6_len(&f, ip);
		assert_int_equal(decode_whole(LINK_IPV6, &f, &s),
		                 cases[i].want);
	}
}

/* TSO/GSO: IPv4 total length 0; the length on the wire is the truth. */
static void test_ipv4_total_length_zero(void **state)
{
	struct frame f;
	struct segment s;
	(void)state;
	build_eth_ipv4(&f, 5, 0);
	set16(&f, 14 + 2, 0);
	size_t wire = 14 + 20 + 40 + 60000;
	assert_int_equal(decode_cut(LINK_EN10MB, &f, f.n, wire, &s),
	                 DECODE_TCP);
	assert_int_equal(s.len, 60000);
	assert_true(s.truncated);
	assert_null(s.malformed);

	/* Fully captured, nothing is missing. */
	build_eth_ipv4(&f, 6, 500);
	set16(&f, 14 + 2, 0);
	assert_int_equal(decode_whole(LINK_EN10MB, &f, &s), DECODE_TCP);
	assert_clean(&s, 500);
}

static void build_jumbo(struct frame *f, uint32_t jumbo)
{
	f->n = 0;
	put_ethernet(f, NULL, 0, 0x86dd);
	put_ipv6(f, 0); /* payload length stays 0 */
	put8(f, 6);
	put8(f, 1); /* 16 bytes */
	put8(f, 0); /* Pad1 */
	put8(f, 1); /* PadN of 3 */
	put8(f, 3);
	put_fill(f, 0, 3);
	put8(f, 0xc2);
	put8(f, 4);
	put32(f, jumbo);
	put8(f, 1); /* PadN of 0 */
	put8(f, 0);
	put_tcp(f, TH_ACK, syn_opts, sizeof(syn_opts));
	put_fill(f, 'j', 50);
}

/* BIG TCP: IPv6 payload length 0 and a hop-by-hop Jumbo Payload. */
static void test_ipv6_jumbo(void **state)
{
	struct frame f;
	struct segment s;
	(void)state;
	build_jumbo(&f, 16 + 40 + 80000);
	size_t wire = 14 + 40 + 16 + 40 + 80000;
	assert_int_equal(decode_cut(LINK_EN10MB, &f, f.n, wire, &s),
	                 DECODE_TCP);
	assert_int_equal(s.len, 80000);
	assert_true(s.truncated);
	assert_null(s.malformed);
	assert_int_equal(s.opts.mss, 1460);

	/* A jumbo length below 65536 is invalid (RFC 2675): use the wire. */
	build_jumbo(&f, 16 + 40 + 50);
	assert_int_equal(decode_cut(LINK_EN10MB, &f, f.n, f.n + 10, &s),
	                 DECODE_TCP);
	assert_int_equal(s.len, 60);
	assert_true(s.truncated);

	/* Not in a leading hop-by-hop header: ignored. */
	build_jumbo(&f, 16 + 40 + 80000);
	f.b[14 + 6] = 60;
	assert_int_equal(decode_cut(LINK_EN10MB, &f, f.n, f.n, &s), DECODE_TCP);
	assert_clean(&s, 50);
}

/* Payload length 0 without a jumbo option: a GSO capture, as IPv4. */
static void test_ipv6_length_zero(void **state)
{
	struct frame f = {.n = 0};
	struct segment s;
	(void)state;
	put_ipv6(&f, 6);
	put_tcp(&f, TH_ACK, NULL, 0);
	put_fill(&f, 'g', 30);
	assert_int_equal(decode_cut(LINK_IPV6, &f, f.n, f.n + 7000, &s),
	                 DECODE_TCP);
	assert_int_equal(s.len, 7030);
	assert_true(s.truncated);
}

static void test_ip_length_shorter_than_headers(void **state)
{
	struct frame f;
	struct segment s;
	(void)state;

	/* Shorter than IP plus TCP header (with options). */
	build_eth_ipv4(&f, 5, 20);
	set16(&f, 14 + 2, 50);
	assert_int_equal(decode_whole(LINK_EN10MB, &f, &s), DECODE_TCP);
	assert_non_null(s.malformed);
	assert_int_equal(s.len, 0);
	assert_false(s.truncated);
	assert_tcp_fields(&s);

	/* Shorter than the IP header itself. */
	set16(&f, 14 + 2, 10);
	assert_int_equal(decode_whole(LINK_EN10MB, &f, &s), DECODE_TCP);
	assert_non_null(s.malformed);
	assert_int_equal(s.len, 0);

	f.n = 0;
	size_t ip = put_ipv6(&f, 60);
	put_dstopts(&f, 6);
	put_tcp(&f, TH_ACK, NULL, 0);
	set_ipv6_len(&f, ip);
	set16(&f, ip + 4, 30); /* covers the options, not all of TCP */
	assert_int_equal(decode_whole(LINK_IPV6, &f, &s), DECODE_TCP);
	assert_non_null(s.malformed);
	assert_int_equal(s.len, 0);
}

/* A length claiming bytes the wire never carried is clamped to it. */
static void test_ip_length_beyond_frame(void **state)
{
	struct frame f;
	struct segment s;
	(void)state;
	build_eth_ipv4(&f, 5, 100);
	set16(&f, 14 + 2, 1500);
	assert_int_equal(decode_whole(LINK_EN10MB, &f, &s), DECODE_TCP);
	assert_int_equal(s.len, 100);
	assert_false(s.truncated);
	assert_non_null(s.malformed);

	/* The same, snapped: the cut is real, the missing bytes are too. */
	assert_int_equal(decode_cut(LINK_EN10MB, &f, 90, f.n, &s), DECODE_TCP);
	assert_int_equal(s.len, 100);
	assert_true(s.truncated);
}

static void test_bad_data_offset(void **state)
{
	(void)state;
	for (unsigned doff = 0; doff < 5; doff++) {
		struct frame f;
		struct segment s;
		build_eth_ipv4(&f, 5, 8);
		f.b[14 + 20 + 12] = (uint8_t)(doff << 4);
		assert_int_equal(decode_whole(LINK_EN10MB, &f, &s), DECODE_TCP);
		assert_string_equal(s.malformed, "TCP data offset below 5");
		assert_int_equal(s.hdr_len, doff * 4);
		assert_int_equal(s.len, 0);
		assert_int_equal(s.opts.present, 0);
		assert_null(s.opts.error);
		assert_false(s.truncated);
		assert_tcp_fields(&s);
	}
}

/* Options cut by the snap length: keep what is there, flag the cut. */
static void test_options_cut_by_snap(void **state)
{
	struct frame f;
	struct segment s;
	(void)state;
	build_eth_ipv4(&f, 5, 0);
	size_t opts = 14 + 20 + 20;
	assert_int_equal(decode_cut(LINK_EN10MB, &f, opts + 10, f.n, &s),
	                 DECODE_TCP);
	assert_true(s.truncated);
	assert_null(s.opts.error);
	assert_int_equal(s.opts.present, OPT_HAS_MSS | OPT_HAS_SACK_PERM);
	assert_int_equal(s.hdr_len, 40);
	assert_int_equal(s.len, 0);
}

static void test_malformed_option_still_decodes(void **state)
{
	static const uint8_t bad[8] = {2, 4, 0x05, 0xb4, 3, 4, 7, 0};
	struct frame f = {.n = 0};
	struct segment s;
	(void)state;
	put_ethernet(&f, NULL, 0, 0x0800);
	size_t ip = put_ipv4(&f, 5, 0, 6);
	put_tcp(&f, TH_SYN, bad, sizeof(bad));
	put_fill(&f, 'm', 5);
	set_ipv4_len(&f, ip);
	assert_int_equal(decode_whole(LINK_EN10MB, &f, &s), DECODE_TCP);
	assert_string_equal(s.opts.error,
	                    "option 3 (window scale) length not 3");
	assert_int_equal(s.opts.mss, 1460);
	assert_int_equal(s.len, 5);
	assert_null(s.malformed);
	assert_false(s.truncated);
}

static void test_tcp_header_cut(void **state)
{
	struct frame f;
	struct segment s;
	(void)state;
	build_eth_ipv4(&f, 5, 0);
	assert_int_equal(decode_cut(LINK_EN10MB, &f, 14 + 20 + 19, f.n, &s),
	                 DECODE_MALFORMED);
	assert_int_equal(decode_cut(LINK_EN10MB, &f, 14 + 20 + 20, f.n, &s),
	                 DECODE_TCP);
	assert_true(s.truncated);
}

/*
 * Every prefix of a full frame: MALFORMED until the fixed TCP header is
 * in, a truncated segment with the right fields after, whole at the end.
 */
static void check_every_prefix(int link, const struct frame *f, size_t tcp_at,
                               uint32_t len)
{
	for (size_t k = 0; k <= f->n; k++) {
		struct segment s;
		enum decode_result r = decode_cut(link, f, k, f->n, &s);
		if (k < tcp_at + 20) {
			assert_int_equal(r, DECODE_MALFORMED);
			continue;
		}
		assert_int_equal(r, DECODE_TCP);
		assert_tcp_fields(&s);
		assert_int_equal(s.len, len);
		assert_null(s.malformed);
		assert_null(s.opts.error);
		assert_true(s.truncated == (k < f->n));
	}
}

static void test_truncation_every_offset(void **state)
{
	struct frame f = {.n = 0};
	(void)state;

	build_eth_ipv4(&f, 7, 25);
	check_every_prefix(LINK_EN10MB, &f, 14 + 28, 25);

	build_ipv6_chain(&f, 13);
	check_every_prefix(LINK_EN10MB, &f, 18 + 40 + 8 + 16 + 24 + 8 + 24 + 16,
	                   13);

	f.n = 0;
	put_sll2(&f, 0x0800);
	size_t ip = put_ipv4(&f, 5, 0, 6);
	put_tcp(&f, TH_SYN, syn_opts, sizeof(syn_opts));
	set_ipv4_len(&f, ip);
	check_every_prefix(LINK_LINUX_SLL2, &f, 20 + 20, 0);

	f.n = 0;
	put_sll(&f, 0x86dd);
	ip = put_ipv6(&f, 6);
	put_tcp(&f, TH_ACK, syn_opts, sizeof(syn_opts));
	put_fill(&f, 'p', 3);
	set_ipv6_len(&f, ip);
	check_every_prefix(LINK_LINUX_SLL, &f, 16 + 40, 3);

	f.n = 0;
	put_family(&f, 30, 1);
	ip = put_ipv6(&f, 6);
	put_tcp(&f, TH_ACK, NULL, 0);
	put_fill(&f, 'p', 2);
	set_ipv6_len(&f, ip);
	check_every_prefix(LINK_NULL, &f, 4 + 40, 2);

	f.n = 0;
	ip = put_ipv4(&f, 6, 0, 6);
	put_tcp(&f, TH_ACK, syn_opts, sizeof(syn_opts));
	set_ipv4_len(&f, ip);
	check_every_prefix(LINK_RAW, &f, 24, 0);
}

/* Every prefix of hostile frames: any result, but no overread. */
static void test_truncation_hostile(void **state)
{
	struct frame f;
	(void)state;
	build_jumbo(&f, 16 + 40 + 80000);
	for (size_t k = 0; k <= f.n; k++) {
		struct segment s;
		enum decode_result r =
		        decode_cut(LINK_EN10MB, &f, k, f.n + 80000, &s);
		assert_true(r == DECODE_MALFORMED ||
		            (r == DECODE_TCP && s.truncated));
	}
	/* Option lengths of 255 everywhere. */
	build_eth_ipv4(&f, 15, 0);
	memset(f.b + 14 + 20, 0xff, f.n - 14 - 20);
	for (size_t k = 0; k <= f.n; k++) {
		struct segment s;
		decode_cut(LINK_EN10MB, &f, k, f.n, &s);
	}
}

static void test_empty_frame(void **state)
{
	static const int links[] = {LINK_NULL, LINK_EN10MB,    LINK_RAW,
	                            LINK_LOOP, LINK_LINUX_SLL, LINK_IPV4,
	                            LINK_IPV6, LINK_LINUX_SLL2};
	struct segment s;
	(void)state;
	memset(&s, 0, sizeof(s));
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++)
		assert_int_equal(decode_frame(links[i], NULL, 0, 0, &s),
		                 DECODE_MALFORMED);
}

/* A wire length below the captured length must not make a cut. */
static void test_wirelen_below_caplen(void **state)
{
	struct frame f;
	struct segment s;
	(void)state;
	build_eth_ipv4(&f, 5, 10);
	assert_int_equal(decode_cut(LINK_EN10MB, &f, f.n, 0, &s), DECODE_TCP);
	assert_clean(&s, 10);
}

static void test_result_names(void **state)
{
	(void)state;
	for (int i = 0; i < DECODE_RESULT_COUNT; i++) {
		const char *a = decode_result_name((enum decode_result)i);
		assert_non_null(a);
		assert_true(a[0] != '\0');
		for (int j = 0; j < i; j++)
			assert_string_not_equal(
			        a, decode_result_name((enum decode_result)j));
	}
	assert_string_equal(decode_result_name(DECODE_FRAGMENT), "IP fragment");
	assert_non_null(decode_result_name(DECODE_RESULT_COUNT));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_ethernet_ipv4_syn),
	        cmocka_unit_test(test_payload_kept),
	        cmocka_unit_test(test_payload_length_from_ip),
	        cmocka_unit_test(test_all_nine_flags),
	        cmocka_unit_test(test_ethernet_padding_is_not_truncation),
	        cmocka_unit_test(test_vlan_stacks),
	        cmocka_unit_test(test_ethernet_not_ip),
	        cmocka_unit_test(test_version_mismatch),
	        cmocka_unit_test(test_linux_cooked_v1),
	        cmocka_unit_test(test_linux_cooked_v2),
	        cmocka_unit_test(test_bsd_null_both_orders),
	        cmocka_unit_test(test_openbsd_loop),
	        cmocka_unit_test(test_raw_ip_links),
	        cmocka_unit_test(test_unsupported_link),
	        cmocka_unit_test(test_ipv4_options),
	        cmocka_unit_test(test_ipv4_bad_ihl),
	        cmocka_unit_test(test_not_tcp),
	        cmocka_unit_test(test_ipv4_fragments),
	        cmocka_unit_test(test_ipv6_each_extension_header),
	        cmocka_unit_test(test_ipv6_chain),
	        cmocka_unit_test(test_ipv6_fragments),
	        cmocka_unit_test(test_ipv4_total_length_zero),
	        cmocka_unit_test(test_ipv6_jumbo),
	        cmocka_unit_test(test_ipv6_length_zero),
	        cmocka_unit_test(test_ip_length_shorter_than_headers),
	        cmocka_unit_test(test_ip_length_beyond_frame),
	        cmocka_unit_test(test_bad_data_offset),
	        cmocka_unit_test(test_options_cut_by_snap),
	        cmocka_unit_test(test_malformed_option_still_decodes),
	        cmocka_unit_test(test_tcp_header_cut),
	        cmocka_unit_test(test_truncation_every_offset),
	        cmocka_unit_test(test_truncation_hostile),
	        cmocka_unit_test(test_empty_frame),
	        cmocka_unit_test(test_wirelen_below_caplen),
	        cmocka_unit_test(test_result_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
