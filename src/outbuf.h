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
	int failed; /* a sink call failed: later output is dropped */
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
char *put_u64(char *p, uint64_t v);     /* at most 20 bytes */
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

#endif
