/*
 * pcapsrc.h - frames from a capture file, through libpcap.
 *
 * The only place that reads capture files. Frames keep their 1-based
 * number in the file even when a filter expression hides some, so frame
 * numbers agree with tshark's and Wireshark's.
 */
#ifndef TCPVIZ_PCAPSRC_H
#define TCPVIZ_PCAPSRC_H

#include <stddef.h>
#include <stdint.h>

#include "frame.h"

struct pcapsrc;

/*
 * Open path ("-" for standard input) and compile the filter expression
 * (NULL for none). On failure returns NULL with one line in err: the file
 * or expression and the cause.
 */
struct pcapsrc *pcapsrc_open(const char *path, const char *filter, char *err,
                             size_t errlen);

int pcapsrc_linktype(const struct pcapsrc *src);
/* "EN10MB (Ethernet)", for messages. */
const char *pcapsrc_linktype_name(const struct pcapsrc *src);

/* 1: *f holds the next frame; 0: end of file; -1: the file is cut off or
 * unreadable here, pcapsrc_error() says why. */
int pcapsrc_next(struct pcapsrc *src, struct frame *f);
const char *pcapsrc_error(const struct pcapsrc *src);

void pcapsrc_close(struct pcapsrc *src);

#endif
