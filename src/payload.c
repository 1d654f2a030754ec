/*
 * payload.c - a segment's payload bytes as readable, reversible text
 * (see payload.h).
 *
 * Runs once per data segment of a replay, so it works byte by byte
 * without formatting calls. It must not decide how much of a payload a
 * view shows: the view gives the cells.
 */
#include "payload.h"

#include <stdbool.h>
#include <string.h>

#include "utf8.h"

static const char payload_hex[] = "0123456789abcdef";

/* The letter of a byte's escape below 0x80 ('x' for \xNN), or 0 for a
 * byte written as itself. */
static const char payload_esc[128] = {
        [0x00] = 'x', [0x01] = 'x', [0x02] = 'x', [0x03] = 'x',  [0x04] = 'x',
        [0x05] = 'x', [0x06] = 'x', [0x07] = 'x', [0x08] = 'x',  ['\t'] = 't',
        ['\n'] = 'n', [0x0b] = 'x', [0x0c] = 'x', ['\r'] = 'r',  [0x0e] = 'x',
        [0x0f] = 'x', [0x10] = 'x', [0x11] = 'x', [0x12] = 'x',  [0x13] = 'x',
        [0x14] = 'x', [0x15] = 'x', [0x16] = 'x', [0x17] = 'x',  [0x18] = 'x',
        [0x19] = 'x', [0x1a] = 'x', [0x1b] = 'x', [0x1c] = 'x',  [0x1d] = 'x',
        [0x1e] = 'x', [0x1f] = 'x', ['"'] = '"',  ['\\'] = '\\', [0x7f] = 'x',
};

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/*
 * How many of the 8 bytes at p, from the first, are written as
 * themselves (printable ASCII but \ and "), with no branch a byte: each
 * test sets a byte's high bit where it is below a bound or equal to a
 * value (the "has less" and "has zero" word tricks, exact for the
 * lowest byte they flag, which is the first in memory here).
 */
static inline size_t payload_plain8(const uint8_t *p)
{
	const uint64_t ones = 0x0101010101010101u;
	const uint64_t high = 0x8080808080808080u;
	uint64_t x, q, bs, del;
	memcpy(&x, p, 8);
	q = x ^ (ones * '"');
	bs = x ^ (ones * '\\');
	del = x ^ (ones * 0x7f);
	uint64_t bad = (x | ((x - ones * 0x20) & ~x) | ((q - ones) & ~q) |
	                ((bs - ones) & ~bs) | ((del - ones) & ~del)) &
	               high;
	return bad ? (size_t)__builtin_ctzll(bad) / 8 : 8;
}
#define PAYLOAD_WORDS 1
#else
#define PAYLOAD_WORDS 0
#endif

/* A character that shows as itself: it takes cells, and neither hides
 * (zero-width, byte order mark) nor turns the text around (direction
 * marks and overrides, the line and paragraph separators). */
static bool payload_visible(uint32_t cp)
{
	if (utf8_cp_width(cp) < 1 || cp == 0x2028 || cp == 0x2029 ||
	    cp == 0xfeff)
		return false;
	return !((cp >= 0x200b && cp <= 0x200f) ||
	         (cp >= 0x202a && cp <= 0x202e) ||
	         (cp >= 0x2066 && cp <= 0x2069));
}

/* The escape with letter e (and byte b for \xNN) into out; its length.
 * In JSON the backslash is doubled, and a letter that is itself a
 * backslash or a quote escaped. */
static size_t payload_put_escape(char *out, char e, uint8_t b, bool json)
{
	size_t n = 0;
	out[n++] = '\\';
	if (json) {
		out[n++] = '\\';
		if (e == '\\' || e == '"')
			out[n++] = '\\';
	}
	out[n++] = e;
	if (e == 'x') {
		out[n++] = payload_hex[b >> 4];
		out[n++] = payload_hex[b & 15];
	}
	return n;
}

/* The bytes of the character at p (of n) when it shows as itself, else
 * 0; its cells in *cw. */
static size_t payload_char(const uint8_t *p, size_t n, size_t *cw)
{
	uint32_t cp;
	size_t k = utf8_decode((const char *)p, n, &cp);
	if ((cp == UTF8_REPLACEMENT && k == 1) || !payload_visible(cp))
		return 0;
	*cw = (size_t)utf8_cp_width(cp);
	return k;
}

size_t payload_escape(char *out, const uint8_t *p, size_t n, unsigned flags,
                      size_t max_cells, size_t *used, size_t *cells)
{
	bool json = (flags & PAYLOAD_JSON) != 0;
	size_t o = 0, i = 0, w = 0;
	while (i < n) {
		/* Runs of plain ASCII, most of what is sent, eight bytes at
		 * a time (all eight copied; those that count kept). There
		 * is room: out holds 5 bytes a byte and 8 or more remain. */
		while (PAYLOAD_WORDS && n - i >= 8 && max_cells - w >= 8) {
			size_t k = payload_plain8(p + i);
			memcpy(out + o, p + i, 8);
			o += k;
			i += k;
			w += k;
			if (k < 8)
				break;
		}
		if (i == n)
			break;
		uint8_t b = p[i];
		size_t take = 1, cw;
		char e = b < 0x80 ? payload_esc[b] : 'x';
		if (b >= 0x80 && !(flags & PAYLOAD_ASCII) &&
		    (take = payload_char(p + i, n - i, &cw)) > 0)
			e = 0;
		else if (e == 0)
			cw = 1;
		else
			cw = e == 'x' ? 4 : 2;
		take = take ? take : 1;
		if (w + cw > max_cells)
			break;
		if (e == 0) {
			memcpy(out + o, p + i, take);
			o += take;
		} else {
			o += payload_put_escape(out + o, e, b, json);
		}
		w += cw;
		i += take;
	}
	if (used)
		*used = i;
	if (cells)
		*cells = w;
	return o;
}
