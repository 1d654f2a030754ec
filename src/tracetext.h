/*
 * tracetext.h - what a traced program's call shows of its arguments and
 * results: "127.0.0.1:8887", "6 bytes \"hello\\n\"", "fd 3 POLLOUT",
 * "SO_REUSEADDR". Pure: formats what the tracer read (tracer.h), reads
 * nothing itself.
 */
#ifndef TCPVIZ_TRACETEXT_H
#define TCPVIZ_TRACETEXT_H

#include <stddef.h>
#include <stdint.h>

#include "tracer.h"

/* A call's entry. other_refs: for close(), how many other descriptors
 * (in any traced process) hold its socket. */
void tracetext_enter(const struct tracer_call *c, int other_refs, char *out,
                     size_t cap);
/* A call's return (nothing for a failed one). */
void tracetext_return(const struct tracer_call *c, char *out, size_t cap);
/* A sockaddr as read from the program: "127.0.0.1:8887", "[::1]:80";
 * "" for none. */
void tracetext_addr_text(const uint8_t *a, size_t n, char *out, size_t cap);

#endif
