/*
 * tcpopt.c - the option bytes of one TCP header into struct tcpopts.
 *
 * Pure: reads only through the cursor it is given, never past its end,
 * allocates nothing and keeps no state. It must not format text: an error
 * is one of the literals below, so a segment can carry it without owning
 * memory and the replay pays nothing for a hostile option. Also packs
 * options compactly for keeping, and unpacks them.
 */
#include "tcpopt.h"

#include <stdbool.h>
#include <string.h>

/* The experimental option (RFC 6994) that carried TFO before kind 34. */
#define TCPOPT_EXPERIMENT     254
#define TCPOPT_TFO_MAGIC      0xF989
#define TCPOPT_TFO_MIN_COOKIE 4

enum tcpopt_problem {
	TCPOPT_NO_LENGTH,
	TCPOPT_LENGTH_BELOW_2,
	TCPOPT_PAST_END,
	TCPOPT_BAD_LENGTH,
	TCPOPT_PROBLEM_COUNT
};

/* Rows of the message table: the kinds whose length rules are known. */
enum tcpopt_row {
	TCPOPT_ROW_OTHER,
	TCPOPT_ROW_MSS,
	TCPOPT_ROW_WSCALE,
	TCPOPT_ROW_SACK_PERM,
	TCPOPT_ROW_SACK,
	TCPOPT_ROW_TIMESTAMP,
	TCPOPT_ROW_TFO,
	TCPOPT_ROW_TFO_EXP,
	TCPOPT_ROW_COUNT,
	TCPOPT_ROW_NONE = TCPOPT_ROW_COUNT /* the option was well formed */
};

#define TCPOPT_MESSAGES(name, expected)                                        \
	{                                                                      \
		"option " name " has no length byte",                          \
		        "option " name " length below 2",                      \
		        "option " name " runs past the end of the options",    \
		        "option " name " length not " expected,                \
	}

/*
 * Every message a malformed option can produce. Fixed literals, so that
 * tcpopts.error stays valid for as long as the segment that points at it.
 */
static const char
        *const tcpopt_messages[TCPOPT_ROW_COUNT][TCPOPT_PROBLEM_COUNT] = {
                [TCPOPT_ROW_OTHER] =
                        TCPOPT_MESSAGES("of unknown kind", "valid"),
                [TCPOPT_ROW_MSS] = TCPOPT_MESSAGES("2 (MSS)", "4"),
                [TCPOPT_ROW_WSCALE] = TCPOPT_MESSAGES("3 (window scale)", "3"),
                [TCPOPT_ROW_SACK_PERM] =
                        TCPOPT_MESSAGES("4 (SACK permitted)", "2"),
                [TCPOPT_ROW_SACK] =
                        TCPOPT_MESSAGES("5 (SACK)", "2+8n, n 1 to 4"),
                [TCPOPT_ROW_TIMESTAMP] =
                        TCPOPT_MESSAGES("8 (timestamps)", "10"),
                [TCPOPT_ROW_TFO] = TCPOPT_MESSAGES("34 (TFO)", "2 or 6 to 18"),
                [TCPOPT_ROW_TFO_EXP] = TCPOPT_MESSAGES("254 (experimental TFO)",
                                                       "4 or 8 to 20"),
};

static enum tcpopt_row tcpopt_row(uint8_t kind)
{
	switch (kind) {
	case TCPOPT_MSS:
		return TCPOPT_ROW_MSS;
	case TCPOPT_WSCALE:
		return TCPOPT_ROW_WSCALE;
	case TCPOPT_SACK_PERM:
		return TCPOPT_ROW_SACK_PERM;
	case TCPOPT_SACK:
		return TCPOPT_ROW_SACK;
	case TCPOPT_TIMESTAMP:
		return TCPOPT_ROW_TIMESTAMP;
	case TCPOPT_TFO:
		return TCPOPT_ROW_TFO;
	default:
		return TCPOPT_ROW_OTHER;
	}
}

static void tcpopt_unknown(struct tcpopts *out, uint8_t kind)
{
	if (out->unknown_count < TCPOPT_MAX_UNKNOWN)
		out->unknown[out->unknown_count] = kind;
	if (out->unknown_count < UINT8_MAX)
		out->unknown_count++;
}

/* A cookie of 0 bytes is a request; otherwise 4 to 16 bytes. */
static bool tcpopt_tfo(struct cursor *body, struct tcpopts *out)
{
	size_t n = cursor_left(body);

	if (n != 0 && (n < TCPOPT_TFO_MIN_COOKIE || n > TCPOPT_MAX_TFO_COOKIE))
		return false;
	out->present |= OPT_HAS_TFO;
	out->tfo_cookie_len = (uint8_t)n;
	cursor_copy(body, out->tfo_cookie, n);
	return true;
}

static bool tcpopt_sack(struct cursor *body, struct tcpopts *out)
{
	size_t n = cursor_left(body);

	if (n == 0 || n % 8 != 0 || n / 8 > 4)
		return false;
	out->present |= OPT_HAS_SACK;
	while (cursor_left(body) >= 8) {
		uint32_t left = cursor_be32(body);
		uint32_t right = cursor_be32(body);
		if (out->sack_count < TCPOPT_MAX_SACK) {
			out->sack[out->sack_count][0] = left;
			out->sack[out->sack_count][1] = right;
			out->sack_count++;
		}
	}
	return true;
}

/* Kind 254 is shared by many experiments; only the TFO magic makes it TFO. */
static enum tcpopt_row tcpopt_experiment(struct cursor *body,
                                         struct tcpopts *out)
{
	struct cursor peek = *body;

	if (cursor_left(body) < 2 || cursor_be16(&peek) != TCPOPT_TFO_MAGIC) {
		tcpopt_unknown(out, TCPOPT_EXPERIMENT);
		return TCPOPT_ROW_NONE;
	}
	return tcpopt_tfo(&peek, out) ? TCPOPT_ROW_NONE : TCPOPT_ROW_TFO_EXP;
}

/*
 * One option with a length byte; body holds the bytes after it. Returns
 * the row to report a wrong length under, or TCPOPT_ROW_NONE. A repeated
 * single-valued option overwrites: the last one counts, as in Linux.
 */
static enum tcpopt_row tcpopt_one(uint8_t kind, struct cursor *body,
                                  struct tcpopts *out)
{
	size_t n = cursor_left(body);

	switch (kind) {
	case TCPOPT_MSS:
		if (n != 2)
			return TCPOPT_ROW_MSS;
		out->present |= OPT_HAS_MSS;
		out->mss = cursor_be16(body);
		return TCPOPT_ROW_NONE;
	case TCPOPT_WSCALE:
		if (n != 1)
			return TCPOPT_ROW_WSCALE;
		out->present |= OPT_HAS_WSCALE;
		out->wscale = cursor_u8(body);
		return TCPOPT_ROW_NONE;
	case TCPOPT_SACK_PERM:
		if (n != 0)
			return TCPOPT_ROW_SACK_PERM;
		out->present |= OPT_HAS_SACK_PERM;
		return TCPOPT_ROW_NONE;
	case TCPOPT_SACK:
		return tcpopt_sack(body, out) ? TCPOPT_ROW_NONE
		                              : TCPOPT_ROW_SACK;
	case TCPOPT_TIMESTAMP:
		if (n != 8)
			return TCPOPT_ROW_TIMESTAMP;
		out->present |= OPT_HAS_TS;
		out->tsval = cursor_be32(body);
		out->tsecr = cursor_be32(body);
		return TCPOPT_ROW_NONE;
	case TCPOPT_TFO:
		return tcpopt_tfo(body, out) ? TCPOPT_ROW_NONE : TCPOPT_ROW_TFO;
	case TCPOPT_EXPERIMENT:
		return tcpopt_experiment(body, out);
	default:
		tcpopt_unknown(out, kind);
		return TCPOPT_ROW_NONE;
	}
}

/* Stop at a malformed option: the cursor is left on its kind byte. */
static void tcpopt_fail(struct cursor *c, size_t start, struct tcpopts *out,
                        enum tcpopt_row row, enum tcpopt_problem problem)
{
	out->error = tcpopt_messages[row][problem];
	if (problem == TCPOPT_NO_LENGTH || problem == TCPOPT_PAST_END)
		c->short_read = true;
	c->off = start;
}

void tcpopt_parse(struct cursor *c, struct tcpopts *out)
{
	*out = (struct tcpopts){0};
	while (cursor_left(c) > 0) {
		size_t start = c->off;
		uint8_t kind = cursor_u8(c);

		if (kind == TCPOPT_EOL) {
			out->present |= OPT_HAS_EOL;
			return;
		}
		if (kind == TCPOPT_NOP) {
			if (out->nop_count < UINT8_MAX)
				out->nop_count++;
			continue;
		}
		enum tcpopt_row row = tcpopt_row(kind);
		if (cursor_left(c) == 0) {
			tcpopt_fail(c, start, out, row, TCPOPT_NO_LENGTH);
			return;
		}
		uint8_t len = cursor_u8(c);
		if (len < 2) {
			tcpopt_fail(c, start, out, row, TCPOPT_LENGTH_BELOW_2);
			return;
		}
		if (!cursor_has(c, (size_t)len - 2)) {
			tcpopt_fail(c, start, out, row, TCPOPT_PAST_END);
			return;
		}
		struct cursor body = cursor_take(c, (size_t)len - 2);
		row = tcpopt_one(kind, &body, out);
		if (row != TCPOPT_ROW_NONE) {
			tcpopt_fail(c, start, out, row, TCPOPT_BAD_LENGTH);
			return;
		}
	}
}

/* Writers for tcpopt_pack: w walks the output. */
#define PUT(src, n) (memcpy(w, (src), (n)), w += (n))
#define PUT_U8(v)   (*w++ = (uint8_t)(v))

/* The options byte that says an error pointer follows the fields. */
#define OPT_PACK_ERROR 0x80
/* The present bits packed into that byte (OPT_HAS_* fit in 7 bits). */
#define OPT_PACK_PRESENT 0x7f

static bool tcpopt_packed_any(const struct tcpopts *o)
{
	return (o->present & OPT_PACK_PRESENT) != 0 || o->nop_count != 0 ||
	       o->unknown_count != 0 || o->error != NULL;
}

static unsigned tcpopt_min(unsigned a, unsigned b)
{
	return a < b ? a : b;
}

/*
 * Options are packed as: a byte of present bits (with OPT_PACK_ERROR), the
 * NOP count, the unknown count, then only the fields present, in
 * OPT_HAS_* order: MSS (2), wscale (1), SACK (count, 8 per block),
 * timestamps (8), TFO (length, cookie), the unknown kinds kept, and the
 * error string's pointer (it is static). Multi-byte values are in host
 * order: the arena never leaves memory.
 */
size_t tcpopt_pack(const struct tcpopts *o, uint8_t *out)
{
	uint8_t *w = out;
	if (!tcpopt_packed_any(o))
		return 0;
	unsigned present = o->present & OPT_PACK_PRESENT;
	PUT_U8(present | (o->error ? OPT_PACK_ERROR : 0));
	PUT_U8(o->nop_count);
	PUT_U8(o->unknown_count);
	if (present & OPT_HAS_MSS)
		PUT(&o->mss, sizeof o->mss);
	if (present & OPT_HAS_WSCALE)
		PUT_U8(o->wscale);
	if (present & OPT_HAS_SACK) {
		unsigned n = tcpopt_min(o->sack_count, TCPOPT_MAX_SACK);
		PUT_U8(n);
		PUT(o->sack, n * sizeof o->sack[0]);
	}
	if (present & OPT_HAS_TS) {
		PUT(&o->tsval, sizeof o->tsval);
		PUT(&o->tsecr, sizeof o->tsecr);
	}
	if (present & OPT_HAS_TFO) {
		unsigned n =
		        tcpopt_min(o->tfo_cookie_len, TCPOPT_MAX_TFO_COOKIE);
		PUT_U8(n);
		PUT(o->tfo_cookie, n);
	}
	PUT(o->unknown, tcpopt_min(o->unknown_count, TCPOPT_MAX_UNKNOWN));
	if (o->error)
		PUT(&o->error, sizeof o->error);
	return (size_t)(w - out);
}

static const uint8_t *tcpopt_get(const uint8_t *p, void *out, size_t n)
{
	memcpy(out, p, n);
	return p + n;
}

void tcpopt_unpack(const uint8_t *p, struct tcpopts *o)
{
	unsigned head = *p++;
	o->present = head & OPT_PACK_PRESENT;
	o->nop_count = *p++;
	o->unknown_count = *p++;
	if (o->present & OPT_HAS_MSS)
		p = tcpopt_get(p, &o->mss, sizeof o->mss);
	if (o->present & OPT_HAS_WSCALE)
		o->wscale = *p++;
	if (o->present & OPT_HAS_SACK) {
		o->sack_count = *p++;
		p = tcpopt_get(p, o->sack, o->sack_count * sizeof o->sack[0]);
	}
	if (o->present & OPT_HAS_TS) {
		p = tcpopt_get(p, &o->tsval, sizeof o->tsval);
		p = tcpopt_get(p, &o->tsecr, sizeof o->tsecr);
	}
	if (o->present & OPT_HAS_TFO) {
		o->tfo_cookie_len = *p++;
		p = tcpopt_get(p, o->tfo_cookie, o->tfo_cookie_len);
	}
	p = tcpopt_get(p, o->unknown,
	               tcpopt_min(o->unknown_count, TCPOPT_MAX_UNKNOWN));
	if (head & OPT_PACK_ERROR)
		tcpopt_get(p, &o->error, sizeof o->error);
}
