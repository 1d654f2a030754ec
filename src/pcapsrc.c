/*
 * pcapsrc.c - capture files through libpcap (see pcapsrc.h).
 *
 * Thin shell: opens, filters and hands out frames; decodes nothing.
 * The filter runs per frame (pcap_offline_filter) rather than inside
 * libpcap so that every frame is counted and keeps its number.
 */
#include "pcapsrc.h"

#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

enum { READ_BUFFER = 1 << 20 };

struct pcapsrc {
	pcap_t *pcap;
	struct bpf_program prog;
	int has_prog;
	uint64_t count;
	char name[64];
	char error[PCAP_ERRBUF_SIZE + 64];
};

/* libpcap often starts its message with the file name; drop it so ours
 * names the file exactly once. */
static const char *pcapsrc_strip_name(const char *msg, const char *path)
{
	size_t n = strlen(path);
	if (strncmp(msg, path, n) == 0 && msg[n] == ':') {
		msg += n + 1;
		while (*msg == ' ')
			msg++;
	}
	return msg;
}

static const char *pcapsrc_explain(const char *msg)
{
	if (strstr(msg, "unknown file format") != NULL)
		return "not a pcap or pcapng capture (unknown file format)";
	if (strstr(msg, "truncated dump file") != NULL ||
	    strstr(msg, "truncated pcapng") != NULL)
		return "not a capture, or cut off inside its file header";
	return msg;
}

struct pcapsrc *pcapsrc_open(const char *path, const char *filter, char *err,
                             size_t errlen)
{
	char pcap_err[PCAP_ERRBUF_SIZE] = "";
	const char *shown = strcmp(path, "-") == 0 ? "standard input" : path;

	if (strcmp(path, "-") == 0 && isatty(STDIN_FILENO)) {
		snprintf(err, errlen,
		         "standard input is a terminal, not a capture "
		         "(pipe one in: tcpdump -w - | tcpviz replay -)");
		return NULL;
	}
	/* Our own FILE, to give libpcap's many small reads a big buffer. */
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (fp == NULL) {
		snprintf(err, errlen, "%s: %s", shown, strerror(errno));
		return NULL;
	}
	setvbuf(fp, NULL, _IOFBF, READ_BUFFER);
	pcap_t *p = pcap_fopen_offline_with_tstamp_precision(
	        fp, PCAP_TSTAMP_PRECISION_NANO, pcap_err);
	if (p == NULL) {
		if (fp != stdin)
			fclose(fp);
		const char *why =
		        pcapsrc_explain(pcapsrc_strip_name(pcap_err, path));
		if (*why == '\0')
			why = strerror(errno);
		snprintf(err, errlen, "%s: %s", shown, why);
		return NULL;
	}
	struct pcapsrc *src = xcalloc(1, sizeof *src);
	src->pcap = p;
	if (filter != NULL && *filter != '\0') {
		if (pcap_compile(p, &src->prog, filter, 1,
		                 PCAP_NETMASK_UNKNOWN) != 0) {
			snprintf(err, errlen, "bad filter expression '%s': %s",
			         filter, pcap_geterr(p));
			pcap_close(p);
			free(src);
			return NULL;
		}
		src->has_prog = 1;
	}
	int lt = pcap_datalink(p);
	const char *n = pcap_datalink_val_to_name(lt);
	const char *d = pcap_datalink_val_to_description(lt);
	if (n != NULL)
		snprintf(src->name, sizeof src->name, "%s (%s)", n, d ? d : "");
	else
		snprintf(src->name, sizeof src->name, "%d", lt);
	return src;
}

int pcapsrc_linktype(const struct pcapsrc *src)
{
	return pcap_datalink(src->pcap);
}

const char *pcapsrc_linktype_name(const struct pcapsrc *src)
{
	return src->name;
}

/*
 * A frame's time in nanoseconds (the handle is opened for nanosecond
 * precision). A hostile file may claim any 64-bit time: it is clamped to
 * [0, 2^62 ns] (1970 to about 2116), so that every time and every
 * difference of two stays representable.
 */
static int64_t pcapsrc_ns(int64_t sec, int64_t nsec)
{
	const int64_t max = (int64_t)1 << 62;
	if (sec < 0 || nsec < 0)
		return 0;
	if (sec >= max / 1000000000LL || nsec >= 1000000000LL)
		return max;
	return sec * 1000000000LL + nsec;
}

int pcapsrc_next(struct pcapsrc *src, struct frame *f)
{
	struct pcap_pkthdr *h;
	const u_char *data;
	int rc = pcap_next_ex(src->pcap, &h, &data);
	if (rc == PCAP_ERROR_BREAK)
		return 0;
	if (rc != 1) {
		snprintf(src->error, sizeof src->error, "%s",
		         pcap_geterr(src->pcap));
		return -1;
	}
	f->data = data;
	f->caplen = h->caplen;
	f->wirelen = h->len;
	f->ts_ns = pcapsrc_ns(h->ts.tv_sec, h->ts.tv_usec);
	f->number = ++src->count;
	f->matches = !src->has_prog || pcap_offline_filter(&src->prog, h, data);
	return 1;
}

const char *pcapsrc_error(const struct pcapsrc *src)
{
	return src->error;
}

void pcapsrc_close(struct pcapsrc *src)
{
	if (src == NULL)
		return;
	if (src->has_prog)
		pcap_freecode(&src->prog);
	pcap_close(src->pcap);
	free(src);
}
