/*
 * pcapread.h - the records of a plain pcap file, read ahead on a thread.
 *
 * pcapsrc hands a plain pcap file (this host's byte order, version 2.4,
 * a regular file) here once libpcap has read its header. A reader thread
 * fills a few blocks of a megabyte with pread, each ending on a record
 * boundary, while the caller decodes the block before; records are
 * handed out where they lie, never copied. Only records libpcap would
 * hand out unchanged come out of here: at the first that is not (longer
 * than the snapshot length, cut off by the end of the file) or at the
 * end, pcapread_next says where libpcap is to go on reading, so that its
 * checks and messages stay the ones that count.
 *
 * Knows nothing of link types, filters or time precision.
 */
#ifndef TCPVIZ_PCAPREAD_H
#define TCPVIZ_PCAPREAD_H

#include <stdint.h>
#include <sys/types.h>

/* One record, fields as in the file (this host's byte order). */
struct pcaprec {
	const uint8_t *data; /* valid until the next pcapread_next() */
	uint32_t caplen, wirelen;
	int32_t sec, subsec; /* signed, as libpcap reads them */
};

struct pcapread;

/* Read fd from offset start on; records of more than snaplen bytes are
 * left to libpcap. NULL when no thread could be started. */
struct pcapread *pcapread_open(int fd, off_t start, uint32_t snaplen);

/* 1: *rec holds the next record. 0: this reader is done; libpcap goes on
 * at file offset *resume (the end of the file, or a record it must
 * judge). */
int pcapread_next(struct pcapread *r, struct pcaprec *rec, off_t *resume);

/* Stops the thread; NULL is allowed. */
void pcapread_close(struct pcapread *r);

#endif
