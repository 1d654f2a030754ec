/*
 * payload.h - a segment's payload bytes as text a person can read, for
 * every view: the same escapes on the screen, in the text diagram and in
 * JSON Lines, so what a learner sent reads the same everywhere.
 *
 * Printable UTF-8 is shown as itself (so "你好" is two characters that a
 * student can count against its six bytes); everything else is escaped
 * as in a C string: \\ \" \n \r \t, and \xNN for any other byte (a
 * control, a byte that is not part of valid UTF-8, an invisible or
 * direction-changing character). The escapes can be undone exactly.
 *
 * Pure: no I/O, no allocation, nothing read past n bytes.
 */
#ifndef TCPVIZ_PAYLOAD_H
#define TCPVIZ_PAYLOAD_H

#include <stddef.h>
#include <stdint.h>

enum {
	PAYLOAD_ASCII = 1, /* 7-bit output: non-ASCII bytes as \xNN too */
	PAYLOAD_JSON = 2,  /* inside a JSON string: each \ and " escaped */
};

/* Room payload_escape() may need for n bytes (\xNN in JSON: \\xNN). */
#define PAYLOAD_ESCAPED_MAX(n) ((n)*5)

/*
 * Write the first n bytes of p as text into out (no NUL), stopping
 * before the text would take more than max_cells display cells
 * (SIZE_MAX: no limit) and never inside an escape or a character.
 * Returns the bytes written; *used (may be NULL) gets the payload bytes
 * shown, *cells (may be NULL) the cells the text takes.
 */
size_t payload_escape(char *out, const uint8_t *p, size_t n, unsigned flags,
                      size_t max_cells, size_t *used, size_t *cells);

#endif
