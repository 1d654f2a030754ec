/*
 * livecap.h - live capture on the loopback through libpcap.
 *
 * Immediate mode (Linux otherwise holds packets back for the buffer
 * timeout), nanosecond timestamps, a filter on the demo's port. Frames
 * are handed out as pcapsrc's struct frame, numbered from 1.
 */
#ifndef TCPVIZ_LIVECAP_H
#define TCPVIZ_LIVECAP_H

#include <stdint.h>

#include "pcapsrc.h"

struct livecap;

/* Open device (e.g. "lo") with the filter expression and a buffer of
 * buffer_bytes (0: libpcap's default); NULL with one line in err on
 * failure. */
struct livecap *livecap_open(const char *device, const char *filter,
                             int buffer_bytes, char *err, size_t errlen);

int livecap_linktype(const struct livecap *c);

/* Write every captured packet to path as well, packet by packet, as it
 * is drained. Returns 0, or -1 with err. */
int livecap_record(struct livecap *c, const char *path, char *err,
                   size_t errlen);
/* Why writing the recording failed (an errno: ENOSPC for a full disk),
 * or 0. After a failure the file holds the packets before the one that
 * did not fit, whole, and nothing more is written. */
int livecap_record_error(const struct livecap *c);
/* Packets written to the recording so far. */
uint64_t livecap_recorded(const struct livecap *c);

typedef void (*livecap_frame_fn)(void *ctx, const struct frame *f);

/* Hand every packet captured so far to fn without blocking. Returns the
 * number handed out, or -1 with livecap_error(). */
int livecap_drain(struct livecap *c, livecap_frame_fn fn, void *ctx);
const char *livecap_error(const struct livecap *c);

/* Packets the kernel dropped (pcap_stats); -1 when not known. */
int64_t livecap_dropped(struct livecap *c);

void livecap_close(struct livecap *c);

#endif
