/*
 * cursor.h - bounds-checked reading of packet bytes.
 *
 * Every byte of a captured frame is read through a cursor, never by
 * indexing the raw buffer (the habit of tcpdump's GET_U_1/ND_TCHECK and
 * Wireshark's tvbuff). A read past the end returns zero and sets the
 * sticky `short_read` flag, so a decoder can read a whole header and check
 * once. The cursor never owns the bytes.
 */
#ifndef TCPVIZ_CURSOR_H
#define TCPVIZ_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct cursor {
	const uint8_t *base;
	size_t len;      /* bytes that may be read */
	size_t off;      /* next byte to read */
	bool short_read; /* a read ran past len */
};

static inline struct cursor cursor_make(const uint8_t *base, size_t len)
{
	struct cursor c = {base, len, 0, false};
	if (base == NULL)
		c.len = 0;
	return c;
}

static inline size_t cursor_left(const struct cursor *c)
{
	return c->len - c->off;
}

static inline bool cursor_has(const struct cursor *c, size_t n)
{
	return n <= c->len - c->off;
}

static inline uint8_t cursor_u8(struct cursor *c)
{
	if (!cursor_has(c, 1)) {
		c->short_read = true;
		c->off = c->len;
		return 0;
	}
	return c->base[c->off++];
}

static inline uint16_t cursor_be16(struct cursor *c)
{
	if (!cursor_has(c, 2)) {
		c->short_read = true;
		c->off = c->len;
		return 0;
	}
	uint16_t v = (uint16_t)((c->base[c->off] << 8) | c->base[c->off + 1]);
	c->off += 2;
	return v;
}

static inline uint32_t cursor_be32(struct cursor *c)
{
	if (!cursor_has(c, 4)) {
		c->short_read = true;
		c->off = c->len;
		return 0;
	}
	const uint8_t *p = c->base + c->off;
	c->off += 4;
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

/* Little-endian and host-order 32-bit reads, for BSD loopback headers. */
static inline uint32_t cursor_le32(struct cursor *c)
{
	if (!cursor_has(c, 4)) {
		c->short_read = true;
		c->off = c->len;
		return 0;
	}
	const uint8_t *p = c->base + c->off;
	c->off += 4;
	return ((uint32_t)p[3] << 24) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[1] << 8) | (uint32_t)p[0];
}

/* Copy n bytes out; on a short read the destination is zero-filled. */
static inline void cursor_copy(struct cursor *c, void *dst, size_t n)
{
	uint8_t *d = dst;
	if (!cursor_has(c, n)) {
		c->short_read = true;
		c->off = c->len;
		for (size_t i = 0; i < n; i++)
			d[i] = 0;
		return;
	}
	if (n > 0)
		memcpy(d, c->base + c->off, n);
	c->off += n;
}

static inline void cursor_skip(struct cursor *c, size_t n)
{
	if (!cursor_has(c, n)) {
		c->short_read = true;
		c->off = c->len;
		return;
	}
	c->off += n;
}

/*
 * Split off the next n bytes as a cursor of their own and advance past
 * them. When fewer than n remain the sub-cursor holds what there is and
 * the parent is marked short.
 */
static inline struct cursor cursor_take(struct cursor *c, size_t n)
{
	size_t have = cursor_left(c);
	if (n > have) {
		c->short_read = true;
		n = have;
	}
	struct cursor sub = cursor_make(c->base + c->off, n);
	c->off += n;
	return sub;
}

#endif
