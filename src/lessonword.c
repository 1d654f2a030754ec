/*
 * lessonword.c - the words of a lesson line (see lessonword.h).
 *
 * Pure: no files, no printing; the parser (lesson.c) owns the messages
 * these words go into.
 */
#include "lessonword.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"

/*
 * n bytes of w as a message shows them: quoted, cut short on a character
 * boundary, or "end of line" when there are none.
 */
const char *lessonword_quote_n(const char *w, size_t n, char *q, size_t qlen)
{
	size_t cut = n;

	if (n == 0) {
		/* TRANSLATORS: what was found: "found end of line". */
		snprintf(q, qlen, "%s", _("end of line"));
		return q;
	}
	if (cut > LESSONWORD_QUOTE_MAX) {
		cut = LESSONWORD_QUOTE_MAX;
		while (cut > 0 && ((unsigned char)w[cut] & 0xc0) == 0x80)
			cut--;
	}
	snprintf(q, qlen, "'%.*s%s'", (int)cut, w, cut < n ? "..." : "");
	return q;
}

const char *lessonword_quote(const char *w, char *q, size_t qlen)
{
	return lessonword_quote_n(w, strlen(w), q, qlen);
}

/* The next space-separated word of *cur (NUL-terminated in place, "" at
 * the end); *cur moves past it and the spaces after it. */
char *lessonword_next(char **cur)
{
	char *w = *cur, *end = w + strcspn(w, " ");

	if (*end != '\0')
		*end++ = '\0';
	while (*end == ' ')
		end++;
	*cur = end;
	return w;
}

/*
 * A decimal number from min to max (min no lower than -LONG_MAX): digits
 * only, a '-' only where negatives are allowed; no spaces or '+', which
 * strtol would quietly take.
 */
bool lessonword_number(const char *s, long min, long max, long *out)
{
	bool neg = *s == '-';
	unsigned long v = 0, lim;

	if (neg && min >= 0)
		return false;
	s += neg;
	lim = neg ? (unsigned long)-min : (unsigned long)max;
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return false;
		unsigned d = (unsigned)(*s - '0');
		if (d > lim || v > (lim - d) / 10)
			return false;
		v = v * 10 + d;
	}
	if (!neg && min > 0 && v < (unsigned long)min)
		return false;
	*out = neg ? -(long)v : (long)v;
	return true;
}
