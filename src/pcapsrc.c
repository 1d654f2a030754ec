/*
 * pcapsrc.c - capture files through libpcap (see pcapsrc.h).
 *
 * Thin shell: opens, filters and hands out frames; decodes nothing.
 * The filter runs per frame (pcap_offline_filter) rather than inside
 * libpcap so that every frame is counted and keeps its number.
 *
 * libpcap opens every file and reads pcapng, swapped and odd files. A
 * plain pcap file in this host's byte order, seekable, is then read by
 * pcapread.c instead, a block at a time on a thread of its own, each
 * frame handed out where it lies in the block: libpcap's two freads and
 * one copy per frame were a sixth of a replay's time, and the reading
 * itself (the kernel's copy) another tenth. Where pcapread stops (the
 * end of the file, or a record libpcap must judge), the FILE is
 * positioned there and libpcap reads on, so its checks and its messages
 * are the ones that count.
 */
#include "pcapsrc.h"

#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "pcapread.h"
#include "util.h"

enum {
	READ_BUFFER = 1 << 20,
	PCAP_FILE_HEADER = 24,
};

struct pcapsrc;
static struct pcapread *pcapsrc_fast_open(struct pcapsrc *src, FILE *fp,
                                          pcap_t *p);

struct pcapsrc {
	pcap_t *pcap;
	FILE *fp;
	struct pcapread *fast; /* NULL: libpcap reads every frame */
	int nano; /* the file's timestamps are in nanoseconds (else micro) */
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
		return _("not a pcap or pcapng capture (unknown file format)");
	if (strstr(msg, "truncated dump file") != NULL ||
	    strstr(msg, "truncated pcapng") != NULL)
		return _("not a capture, or cut off inside its file header");
	return msg;
}

struct pcapsrc *pcapsrc_open(const char *path, const char *filter, char *err,
                             size_t errlen)
{
	char pcap_err[PCAP_ERRBUF_SIZE] = "";
	const char *shown = strcmp(path, "-") == 0 ? _("standard input") : path;

	if (strcmp(path, "-") == 0 && isatty(STDIN_FILENO)) {
		snprintf(err, errlen, "%s",
		         _("standard input is a terminal, not a capture "
		           "(pipe one in: tcpdump -w - | tcpviz replay -)"));
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
	src->fp = fp;
	src->fast = pcapsrc_fast_open(src, fp, p);
	if (filter != NULL && *filter != '\0') {
		if (pcap_compile(p, &src->prog, filter, 1,
		                 PCAP_NETMASK_UNKNOWN) != 0) {
			snprintf(err, errlen,
			         _("bad filter expression '%s': %s"), filter,
			         pcap_geterr(p));
			pcapread_close(src->fast);
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

static uint32_t pcapsrc_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* A plain pcap file pcapread can take over from libpcap, or NULL:
 * pcapng, the other byte order, versions before 2.4 (whose lengths
 * libpcap may swap), a pipe, a big-endian host. */
static struct pcapread *pcapsrc_fast_open(struct pcapsrc *src, FILE *fp,
                                          pcap_t *p)
{
	static const uint16_t one = 1;
	uint8_t h[PCAP_FILE_HEADER];
	struct stat st;
	int fd = fileno(fp);
	if (*(const uint8_t *)&one != 1 || fstat(fd, &st) != 0 ||
	    !S_ISREG(st.st_mode) ||
	    pread(fd, h, sizeof h, 0) != (ssize_t)sizeof h)
		return NULL;
	uint32_t magic = pcapsrc_le32(h);
	unsigned major = (unsigned)h[4] | (unsigned)h[5] << 8;
	unsigned minor = (unsigned)h[6] | (unsigned)h[7] << 8;
	if ((magic != 0xa1b2c3d4u && magic != 0xa1b23c4du) || major != 2 ||
	    minor < 4 || pcap_snapshot(p) <= 0)
		return NULL;
	/* libpcap has read the file header and nothing more. */
	if (ftello(fp) != PCAP_FILE_HEADER)
		return NULL;
	src->nano = magic == 0xa1b23c4du;
	return pcapread_open(fd, PCAP_FILE_HEADER, (uint32_t)pcap_snapshot(p));
}

/* Hand the rest of the file to libpcap, from offset at on. */
static void pcapsrc_fast_close(struct pcapsrc *src, off_t at)
{
	pcapread_close(src->fast);
	src->fast = NULL;
	/* A regular file: the seek cannot fail. */
	(void)fseeko(src->fp, at, SEEK_SET);
}

int pcapsrc_next(struct pcapsrc *src, struct frame *f)
{
	struct pcaprec rec;
	off_t resume;
	if (src->fast != NULL) {
		if (pcapread_next(src->fast, &rec, &resume)) {
			f->data = rec.data;
			f->caplen = rec.caplen;
			f->wirelen = rec.wirelen;
			/* As libpcap scales a microsecond file's stamps. */
			f->ts_ns = pcapsrc_ns(
			        rec.sec, src->nano
			                         ? rec.subsec
			                         : (int64_t)rec.subsec * 1000);
			f->number = ++src->count;
			f->matches = 1;
			if (src->has_prog) {
				struct pcap_pkthdr ph = {.caplen = rec.caplen,
				                         .len = rec.wirelen};
				f->matches = pcap_offline_filter(&src->prog,
				                                 &ph, f->data);
			}
			return 1;
		}
		pcapsrc_fast_close(src, resume);
	}
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
	pcapread_close(src->fast);
	if (src->has_prog)
		pcap_freecode(&src->prog);
	pcap_close(src->pcap);
	free(src);
}
