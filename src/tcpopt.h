/*
 * tcpopt.h - TCP options (RFC 9293 3.2, RFC 7323, RFC 2018, RFC 7413).
 *
 * Pure. Parses the option bytes of one header into struct tcpopts. A
 * malformed option stops the parse: what came before it is kept and
 * opts->error says what was wrong; nothing past the given bytes is read.
 */
#ifndef TCPVIZ_TCPOPT_H
#define TCPVIZ_TCPOPT_H

#include <stddef.h>
#include <stdint.h>

#include "cursor.h"
#include "segment.h"

/*
 * Zeroes *out, then parses options until EOL or the end of the cursor.
 * On a malformed option the cursor is left on that option's kind byte;
 * when the option ran out of bytes (no length byte, or a length past the
 * end) options->short_read is set too, so a caller whose option bytes
 * were cut by the snap length can tell a cut header from a bad one.
 */
void tcpopt_parse(struct cursor *options, struct tcpopts *out);

/*
 * Options packed for keeping (the timeline keeps millions): a byte of
 * present bits, the NOP and unknown counts, then only the fields
 * present. Host order: packed options never leave memory. tcpopt_pack
 * writes at most TCPOPT_PACKED_MAX bytes and returns how many (0: no
 * option at all); tcpopt_unpack reads them back into o, which the caller
 * zeroes first.
 */
#define TCPOPT_PACKED_MAX 160
size_t tcpopt_pack(const struct tcpopts *o, uint8_t *out);
void tcpopt_unpack(const uint8_t *p, struct tcpopts *o);

#endif
