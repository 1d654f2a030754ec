/*
 * outbuf.h - a byte buffer that views write into and the shell drains.
 *
 * Views format records here (JSON Lines for millions of segments, so
 * number formatting is done by hand, not by printf); when the buffer
 * fills, the sink callback takes the bytes. The shell's sink writes to a
 * file descriptor, the tests' sink appends to memory. No I/O here.
 */
#ifndef TCPVIZ_OUTBUF_H
#define TCPVIZ_OUTBUF_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Returns 0, or -1 when the bytes could not be taken (the error sticks). */
typedef int (*outbuf_sink_fn)(void *ctx, const char *bytes, size_t len);

struct outbuf {
	char *buf;
	size_t len, cap;
	outbuf_sink_fn sink;
	void *ctx;
	/* A sink call failed: later output is dropped. Atomic, as the
	 * thread that fills the buffer (view_async.h) may not be the one
	 * that looks. */
	_Atomic int failed;
};

/*
 * The fast path, for records of bounded size: reserve room for a whole
 * record, write it with the put_* helpers below (no bounds checks: the
 * caller's bound is the check), then commit the end pointer.
 */
char *outbuf_reserve(struct outbuf *o, size_t n);
static inline void outbuf_commit(struct outbuf *o, char *end)
{
	o->len = (size_t)(end - o->buf);
}

#define PUT_LIT(p, lit)                                                        \
	(memcpy((p), (lit), sizeof(lit) - 1), (p) + sizeof(lit) - 1)
static inline char *put_u64(char *p, uint64_t v); /* at most 20 bytes */
char *put_str(char *p, const char *s);  /* s must be short and bounded */
char *put_seconds(char *p, int64_t ns); /* at most 31 bytes */
struct ipaddr;
char *put_ipaddr(char *p, const struct ipaddr *a); /* at most 46 bytes */

void outbuf_init(struct outbuf *o, size_t cap, outbuf_sink_fn sink, void *ctx);
void outbuf_free(struct outbuf *o);
/* Hand everything buffered to the sink; returns -1 once a sink failed. */
int outbuf_flush(struct outbuf *o);

void outbuf_mem(struct outbuf *o, const void *p, size_t n);
void outbuf_str(struct outbuf *o, const char *s);
void outbuf_char(struct outbuf *o, char c);
void outbuf_u64(struct outbuf *o, uint64_t v);
void outbuf_i64(struct outbuf *o, int64_t v);
/* Repeat s (a short string) n times. */
void outbuf_repeat(struct outbuf *o, const char *s, size_t n);
/* A JSON string literal, quotes and escapes included. */
void outbuf_json_str(struct outbuf *o, const char *s);
/* Seconds with up to 9 decimals, trailing zeros dropped: 0, 1.5, -0.25. */
void outbuf_seconds(struct outbuf *o, int64_t ns);
/* An IP address as text: dotted quad, or RFC 5952 IPv6. */
struct ipaddr;
void outbuf_ipaddr(struct outbuf *o, const struct ipaddr *a);
/* Address and port: 10.0.0.1:80, [::1]:80. */
void outbuf_endpoint(struct outbuf *o, const struct ipaddr *a, uint16_t port);
/* Append printf-style; for rare, short lines only (headers, summaries). */
void outbuf_printf(struct outbuf *o, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

/*
 * The number writers, inline: the JSON writer calls them about twenty
 * times a segment, and most of what they write fits 32 bits.
 */
extern const char outbuf_digit_pairs[201];
extern const uint64_t outbuf_powers_of_ten[20];

/* The number of decimal digits of v, without a loop: the bit length
 * gives log10 to within one (1233/4096 is just above log10(2)), the
 * table settles it. */
static inline unsigned outbuf_digits(uint64_t v)
{
	unsigned bits = 64 - (unsigned)__builtin_clzll(v | 1);
	unsigned t = (bits * 1233) >> 12;
	return t + 1 - (v < outbuf_powers_of_ten[t]);
}

static inline void outbuf_pair(char *q, uint32_t v)
{
	memcpy(q, outbuf_digit_pairs + v * 2, 2);
}

/* v < 10^8 as exactly eight digits at q. The four pairs do not wait on
 * each other, so their divisions overlap. */
static inline void outbuf_eight(char *q, uint32_t v)
{
	uint32_t hi = v / 10000, lo = v % 10000;
	outbuf_pair(q, hi / 100);
	outbuf_pair(q + 2, hi % 100);
	outbuf_pair(q + 4, lo / 100);
	outbuf_pair(q + 6, lo % 100);
}

/* The digits of v, no leading zeros, ending at end; returns the start. */
static inline char *outbuf_digits_back(char *end, uint64_t v)
{
	char *q = end;
	while (v > UINT32_MAX) {
		q -= 8;
		outbuf_eight(q, (uint32_t)(v % 100000000));
		v /= 100000000;
	}
	uint32_t w = (uint32_t)v;
	if (w >= 100000000) {
		q -= 8;
		outbuf_eight(q, w % 100000000);
		w /= 100000000;
	} else if (w >= 10000) {
		uint32_t lo = w % 10000;
		q -= 4;
		outbuf_pair(q, lo / 100);
		outbuf_pair(q + 2, lo % 100);
		w /= 10000;
	}
	if (w >= 100) {
		q -= 2;
		outbuf_pair(q, w % 100);
		w /= 100;
	}
	if (w >= 10) {
		q -= 2;
		outbuf_pair(q, w);
	} else {
		*--q = (char)('0' + w);
	}
	return q;
}

/* Counted first so the digits are written in place, from the end: no
 * temporary, no variable-length copy. */
static inline __attribute__((always_inline)) char *put_u64(char *p, uint64_t v)
{
	char *end = p + outbuf_digits(v);
	outbuf_digits_back(end, v);
	return end;
}

#endif
