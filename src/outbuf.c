/*
 * outbuf.c - buffered, hand-rolled formatting for the views (see outbuf.h).
 *
 * Must not do I/O itself: bytes leave only through the sink callback.
 */
#include "outbuf.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "segment.h"
#include "util.h"

void outbuf_init(struct outbuf *o, size_t cap, outbuf_sink_fn sink, void *ctx)
{
	o->cap = cap < 256 ? 256 : cap;
	o->buf = xmalloc(o->cap);
	o->len = 0;
	o->sink = sink;
	o->ctx = ctx;
	o->failed = 0;
}

void outbuf_free(struct outbuf *o)
{
	free(o->buf);
	o->buf = NULL;
	o->len = o->cap = 0;
}

int outbuf_flush(struct outbuf *o)
{
	if (o->len > 0 && !o->failed && o->sink(o->ctx, o->buf, o->len) != 0)
		o->failed = 1;
	o->len = 0;
	return o->failed ? -1 : 0;
}

/* Make room for n more bytes, flushing first; grows only for huge n. */
char *outbuf_reserve(struct outbuf *o, size_t n)
{
	if (o->cap - o->len < n) {
		outbuf_flush(o);
		if (o->cap < n) {
			o->cap = n;
			o->buf = xrealloc(o->buf, o->cap);
		}
	}
	return o->buf + o->len;
}

void outbuf_mem(struct outbuf *o, const void *p, size_t n)
{
	memcpy(outbuf_reserve(o, n), p, n);
	o->len += n;
}

void outbuf_str(struct outbuf *o, const char *s)
{
	outbuf_mem(o, s, strlen(s));
}

void outbuf_char(struct outbuf *o, char c)
{
	*outbuf_reserve(o, 1) = c;
	o->len++;
}

/* Two digits at a time: the JSON writer prints tens of millions of
 * numbers per second of replay. */
const char outbuf_digit_pairs[201] =
        "00010203040506070809101112131415161718192021"
        "222324252627282930313233343536373839"
        "40414243444546474849505152535455565758596061"
        "626364656667686970717273747576777879"
        "8081828384858687888990919293949596979899";

const uint64_t outbuf_powers_of_ten[20] = {
        0, /* so that 0 has one digit, as 1 to 9 */
        10,
        100,
        1000,
        10000,
        100000,
        1000000,
        10000000,
        100000000,
        1000000000,
        10000000000ULL,
        100000000000ULL,
        1000000000000ULL,
        10000000000000ULL,
        100000000000000ULL,
        1000000000000000ULL,
        10000000000000000ULL,
        100000000000000000ULL,
        1000000000000000000ULL,
        10000000000000000000ULL,
};

char *put_str(char *p, const char *s)
{
	size_t n = strlen(s);
	memcpy(p, s, n);
	return p + n;
}

void outbuf_u64(struct outbuf *o, uint64_t v)
{
	outbuf_commit(o, put_u64(outbuf_reserve(o, 20), v));
}

void outbuf_i64(struct outbuf *o, int64_t v)
{
	if (v < 0) {
		outbuf_char(o, '-');
		outbuf_u64(o, (uint64_t)0 - (uint64_t)v);
	} else {
		outbuf_u64(o, (uint64_t)v);
	}
}

void outbuf_repeat(struct outbuf *o, const char *s, size_t n)
{
	size_t len = strlen(s);
	for (size_t i = 0; i < n; i++)
		outbuf_mem(o, s, len);
}

void outbuf_json_str(struct outbuf *o, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	outbuf_char(o, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			outbuf_char(o, '\\');
			outbuf_char(o, (char)*p);
		} else if (*p < 0x20) {
			char esc[6] = {'\\', 'u',          '0',
			               '0',  hex[*p >> 4], hex[*p & 15]};
			outbuf_mem(o, esc, sizeof esc);
		} else {
			outbuf_char(o, (char)*p);
		}
	}
	outbuf_char(o, '"');
}

char *put_seconds(char *p, int64_t ns)
{
	uint64_t a = (uint64_t)ns;
	if (ns < 0) {
		*p++ = '-';
		a = (uint64_t)0 - (uint64_t)ns;
	}
	p = put_u64(p, a / 1000000000u);
	uint32_t frac = (uint32_t)(a % 1000000000u);
	if (frac == 0)
		return p;
	/* Trailing zeros say nothing: drop them, three at a time first
	 * (captures tick in micro- or milliseconds). */
	unsigned n = 9;
	while (frac % 1000 == 0) {
		frac /= 1000;
		n -= 3;
	}
	while (frac % 10 == 0) {
		frac /= 10;
		n--;
	}
	*p++ = '.';
	/* Leading zeros: the digits of frac are the last ones of n. */
	memset(p, '0', n);
	outbuf_digits_back(p + n, frac);
	return p + n;
}

void outbuf_seconds(struct outbuf *o, int64_t ns)
{
	outbuf_commit(o, put_seconds(outbuf_reserve(o, 32), ns));
}

char *put_ipaddr(char *p, const struct ipaddr *a)
{
	if (a->family == 4) {
		for (int i = 0; i < 4; i++) {
			unsigned b = a->bytes[i];
			if (b >= 100) {
				*p++ = (char)('0' + b / 100);
				outbuf_pair(p, b % 100);
				p += 2;
			} else if (b >= 10) {
				outbuf_pair(p, b);
				p += 2;
			} else {
				*p++ = (char)('0' + b);
			}
			*p++ = '.';
		}
		return p - 1; /* no dot after the last byte */
	}
	/* IPv6 is rare enough on the hot path for libc's RFC 5952 text. */
	char text[INET6_ADDRSTRLEN];
	if (inet_ntop(AF_INET6, a->bytes, text, sizeof text) == NULL)
		strcpy(text, "?");
	return put_str(p, text);
}

void outbuf_ipaddr(struct outbuf *o, const struct ipaddr *a)
{
	outbuf_commit(o, put_ipaddr(outbuf_reserve(o, 48), a));
}

void outbuf_endpoint(struct outbuf *o, const struct ipaddr *a, uint16_t port)
{
	if (a->family == 6)
		outbuf_char(o, '[');
	outbuf_ipaddr(o, a);
	if (a->family == 6)
		outbuf_char(o, ']');
	outbuf_char(o, ':');
	outbuf_u64(o, port);
}

void outbuf_printf(struct outbuf *o, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	outbuf_mem(o, line,
	           (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}
