/*
 * frame.h - one captured frame as a source hands it to the session:
 * its bytes, lengths, time and number in the capture. Plain data.
 */
#ifndef TCPVIZ_FRAME_H
#define TCPVIZ_FRAME_H

#include <stddef.h>
#include <stdint.h>

struct frame {
	const uint8_t *data; /* valid until the source's next frame */
	size_t caplen, wirelen;
	int64_t ts_ns;
	uint64_t number; /* 1-based, counting every frame of the capture */
	int matches; /* passed the filter expression (1 when there is none) */
};

#endif
