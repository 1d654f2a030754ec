/*
 * pcapsrc.c - capture files through libpcap (see pcapsrc.h).
 *
 * Thin shell: opens, filters and hands out frames; decodes nothing.
 * The filter runs per frame (pcap_offline_filter) rather than inside
 * libpcap so that every frame is counted and keeps its number.
 *
 * libpcap opens every file and reads pcapng, swapped and odd files. A
 * plain pcap file in this host's byte order, seekable, is then read
 * here instead, a big block at a time with each frame handed out where
 * it lies in the block: libpcap's two freads and one copy per frame were
 * a sixth of a replay's time. Only records libpcap would hand out
 * unchanged are read that way; at the first record that is not (cut
 * off, longer than the snapshot length, the end of the file), the file
 * is positioned on it and libpcap reads from there on, so its checks and
 * its messages are the ones that count.
 */
#include "pcapsrc.h"

#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

enum {
	READ_BUFFER = 1 << 20,
	PCAP_FILE_HEADER = 24,
	PCAP_RECORD_HEADER = 16,
	/* libpcap's MAXIMUM_SNAPLEN: a longer record is its to refuse. */
	PCAP_MAX_RECORD = 262144,
	/* The fast reader's block: the longest record it reads fits. */
	BLOCK_SIZE = 1 << 20,
};

/* Plain pcap read here, a block at a time (see the top of the file). */
struct pcapsrc_block {
	int fd;
	int nano;         /* nanosecond timestamps (else micro) */
	uint32_t snaplen; /* records longer than this go to libpcap */
	uint8_t *buf;
	size_t len, pos; /* bytes in buf, next record's offset in buf */
	off_t file_off;  /* file offset of buf[0] */
	int eof;         /* nothing more to read into buf */
};

static struct pcapsrc_block *pcapsrc_block_open(FILE *fp, pcap_t *p);

struct pcapsrc {
	pcap_t *pcap;
	FILE *fp;
	struct pcapsrc_block *block; /* NULL: libpcap reads every frame */
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
	src->fp = fp;
	src->block = pcapsrc_block_open(fp, p);
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

static uint32_t pcapsrc_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* A plain pcap file this reader can take over from libpcap, or NULL:
 * pcapng, the other byte order, versions before 2.4 (whose lengths
 * libpcap may swap), a pipe, a big-endian host. */
static struct pcapsrc_block *pcapsrc_block_open(FILE *fp, pcap_t *p)
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
	long at = ftell(fp);
	if (at != PCAP_FILE_HEADER)
		return NULL;
	struct pcapsrc_block *b = xcalloc(1, sizeof *b);
	b->fd = fd;
	b->nano = magic == 0xa1b23c4du;
	b->snaplen = (uint32_t)pcap_snapshot(p);
	if (b->snaplen > PCAP_MAX_RECORD)
		b->snaplen = PCAP_MAX_RECORD;
	b->buf = xmalloc(BLOCK_SIZE);
	b->file_off = at;
	return b;
}

/* Move what is left of the block to its start and read after it.
 * Returns 0, or -1 once nothing more could be read. */
static int pcapsrc_block_fill(struct pcapsrc_block *b)
{
	if (b->eof)
		return -1;
	memmove(b->buf, b->buf + b->pos, b->len - b->pos);
	b->file_off += (off_t)b->pos;
	b->len -= b->pos;
	b->pos = 0;
	size_t before = b->len;
	while (b->len < BLOCK_SIZE) {
		ssize_t n = pread(b->fd, b->buf + b->len, BLOCK_SIZE - b->len,
		                  b->file_off + (off_t)b->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			b->eof = 1;
			break;
		}
		b->len += (size_t)n;
	}
	return b->len > before ? 0 : -1;
}

/* The next record where it lies: 1, or 0 when libpcap must take over
 * at this record (b->file_off + b->pos). */
static int pcapsrc_block_next(struct pcapsrc_block *b, struct frame *f)
{
	for (;;) {
		size_t left = b->len - b->pos;
		if (left >= PCAP_RECORD_HEADER) {
			const uint8_t *r = b->buf + b->pos;
			uint32_t caplen = pcapsrc_le32(r + 8);
			if (caplen > b->snaplen)
				return 0;
			if (left - PCAP_RECORD_HEADER >= caplen) {
				/* As libpcap: both fields signed 32 bits. */
				int64_t sec = (int32_t)pcapsrc_le32(r);
				int64_t sub = (int32_t)pcapsrc_le32(r + 4);
				f->ts_ns = pcapsrc_ns(
				        sec, b->nano ? sub : sub * 1000);
				f->caplen = caplen;
				f->wirelen = pcapsrc_le32(r + 12);
				f->data = r + PCAP_RECORD_HEADER;
				b->pos += PCAP_RECORD_HEADER + caplen;
				return 1;
			}
		}
		if (pcapsrc_block_fill(b) != 0)
			return 0;
	}
}

/* Hand the rest of the file to libpcap, from the record at hand on. */
static void pcapsrc_block_close(struct pcapsrc *src)
{
	struct pcapsrc_block *b = src->block;
	if (b == NULL)
		return;
	/* A failed seek leaves libpcap right after the file header: it
	 * then shows the first frames twice, but nothing is lost. It cannot
	 * fail on a regular file. */
	(void)fseeko(src->fp, b->file_off + (off_t)b->pos, SEEK_SET);
	free(b->buf);
	free(b);
	src->block = NULL;
}

int pcapsrc_next(struct pcapsrc *src, struct frame *f)
{
	if (src->block != NULL) {
		if (pcapsrc_block_next(src->block, f)) {
			f->number = ++src->count;
			f->matches = 1;
			if (src->has_prog) {
				struct pcap_pkthdr ph = {
				        .caplen = (bpf_u_int32)f->caplen,
				        .len = (bpf_u_int32)f->wirelen};
				f->matches = pcap_offline_filter(&src->prog,
				                                 &ph, f->data);
			}
			return 1;
		}
		pcapsrc_block_close(src);
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
	pcapsrc_block_close(src);
	if (src->has_prog)
		pcap_freecode(&src->prog);
	pcap_close(src->pcap);
	free(src);
}
