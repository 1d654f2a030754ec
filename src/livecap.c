/*
 * livecap.c - the loopback, live, through libpcap (see livecap.h).
 *
 * Thin shell: opens, filters, drains and records; decodes nothing.
 */
#include "livecap.h"

#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "util.h"

enum {
	LIVE_SNAPLEN = 262144,
	/* The recording's stdio buffer holds the largest record (its
	 * 16-byte header and LIVE_SNAPLEN bytes), so that each packet
	 * reaches the file in a single write(). */
	RECORD_BUFFER = LIVE_SNAPLEN + 64,
};

struct livecap {
	pcap_t *pcap;
	pcap_dumper_t *dump;
	char *dump_buf;      /* its stdio buffer */
	int dump_errno;      /* why writing the recording failed, or 0 */
	long dump_good;      /* the file's length after its last whole packet */
	uint64_t dump_count; /* packets in the recording */
	uint64_t count;
	livecap_frame_fn fn;
	void *ctx;
	char error[PCAP_ERRBUF_SIZE + 64];
};

struct livecap *livecap_open(const char *device, const char *filter,
                             int buffer_bytes, char *err, size_t errlen)
{
	char pcap_err[PCAP_ERRBUF_SIZE] = "";
	pcap_t *p = pcap_create(device, pcap_err);
	if (p == NULL) {
		snprintf(err, errlen, _("capture on %s: %s"), device, pcap_err);
		return NULL;
	}
	pcap_set_snaplen(p, LIVE_SNAPLEN);
	pcap_set_immediate_mode(p, 1);
	if (buffer_bytes > 0)
		pcap_set_buffer_size(p, buffer_bytes);
	pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO);
	int rc = pcap_activate(p);
	if (rc < 0) {
		if (*pcap_geterr(p))
			snprintf(err, errlen, _("capture on %s: %s: %s"),
			         device, pcap_statustostr(rc), pcap_geterr(p));
		else
			snprintf(err, errlen, _("capture on %s: %s"), device,
			         pcap_statustostr(rc));
		pcap_close(p);
		return NULL;
	}
	struct bpf_program prog;
	if (pcap_compile(p, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) != 0) {
		snprintf(err, errlen, _("capture on %s: filter: %s"), device,
		         pcap_geterr(p));
		pcap_close(p);
		return NULL;
	}
	rc = pcap_setfilter(p, &prog);
	pcap_freecode(&prog);
	if (rc != 0 || pcap_setnonblock(p, 1, pcap_err) != 0) {
		snprintf(err, errlen, _("capture on %s: setting up: %s"),
		         device, pcap_geterr(p));
		pcap_close(p);
		return NULL;
	}
	struct livecap *c = xcalloc(1, sizeof *c);
	c->pcap = p;
	return c;
}

int livecap_linktype(const struct livecap *c)
{
	return pcap_datalink(c->pcap);
}

int livecap_record(struct livecap *c, const char *path, char *err,
                   size_t errlen)
{
	FILE *f = fopen(path, "wbe");
	if (f == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	/* Flushed packet by packet, each in one write(): a demo stopped in
	 * any way, even by SIGKILL, leaves a capture of whole packets
	 * holding everything drained until then. */
	c->dump_buf = xmalloc(RECORD_BUFFER);
	setvbuf(f, c->dump_buf, _IOFBF, RECORD_BUFFER);
	c->dump = pcap_dump_fopen(c->pcap, f);
	if (c->dump == NULL) {
		/* On a failed header write libpcap has closed f already. */
		snprintf(err, errlen, "%s: %s", path, pcap_geterr(c->pcap));
		return -1;
	}
	/* The file header now: even an empty recording is a valid capture. */
	errno = 0;
	if (fflush(f) != 0 || (c->dump_good = ftell(f)) <= 0) {
		snprintf(err, errlen, "%s: %s", path,
		         strerror(errno ? errno : EIO));
		__fpurge(f); /* closing it must not try again */
		return -1;
	}
	return 0;
}

int livecap_record_error(const struct livecap *c)
{
	return c->dump_errno;
}

uint64_t livecap_recorded(const struct livecap *c)
{
	return c->dump_count;
}

/* One packet into the recording. When the disk is full (or the file
 * cannot grow), the part of the packet that made it is cut off again:
 * the recording stays a valid capture of the packets before it, and
 * nothing more is written. */
static void livecap_dump(struct livecap *c, const struct pcap_pkthdr *h,
                         const u_char *data)
{
	FILE *f = pcap_dump_file(c->dump);
	errno = 0;
	pcap_dump((u_char *)c->dump, h, data);
	long end = fflush(f) == 0 && !ferror(f) ? ftell(f) : -1;
	if (end > c->dump_good) {
		c->dump_good = end;
		c->dump_count++;
		return;
	}
	c->dump_errno = errno ? errno : EIO; /* the one to report */
	__fpurge(f); /* what did not fit is dropped, not retried at close */
	(void)!ftruncate(fileno(f), (off_t)c->dump_good);
}

static void livecap_packet(u_char *user, const struct pcap_pkthdr *h,
                           const u_char *data)
{
	struct livecap *c = (struct livecap *)user;
	if (c->dump != NULL && c->dump_errno == 0)
		livecap_dump(c, h, data);
	struct frame f = {
	        .data = data,
	        .caplen = h->caplen,
	        .wirelen = h->len,
	        .ts_ns = (int64_t)h->ts.tv_sec * 1000000000LL +
	                 (int64_t)h->ts.tv_usec,
	        .number = ++c->count,
	        .matches = 1,
	};
	c->fn(c->ctx, &f);
}

int livecap_drain(struct livecap *c, livecap_frame_fn fn, void *ctx)
{
	c->fn = fn;
	c->ctx = ctx;
	int total = 0;
	for (;;) {
		int n = pcap_dispatch(c->pcap, -1, livecap_packet, (u_char *)c);
		if (n < 0) {
			snprintf(c->error, sizeof c->error, "%s",
			         pcap_geterr(c->pcap));
			return -1;
		}
		if (n == 0)
			return total;
		total += n;
	}
}

const char *livecap_error(const struct livecap *c)
{
	return c->error;
}

int64_t livecap_dropped(struct livecap *c)
{
	struct pcap_stat st;
	if (pcap_stats(c->pcap, &st) != 0)
		return -1;
	return (int64_t)st.ps_drop + (int64_t)st.ps_ifdrop;
}

void livecap_close(struct livecap *c)
{
	if (c == NULL)
		return;
	if (c->dump != NULL)
		pcap_dump_close(c->dump);
	free(c->dump_buf);
	pcap_close(c->pcap);
	free(c);
}
