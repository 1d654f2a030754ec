/*
 * gencap.c - writes a large, valid pcap of many short HTTP-like TCP
 * connections, so that `make bench` can time tcpviz on a busy server's
 * capture without shipping hundreds of megabytes of test data.
 *
 *   gencap [-n CONNECTIONS] [-c CONCURRENT] [-s SEED] FILE|-
 *
 * Every connection is ten segments: the three-way handshake with the
 * options Linux sends, a 100-byte request, its ACK, a 400-byte response,
 * its ACK, and a teardown the client starts. Checksums are real, so
 * tshark and tcpdump see nothing wrong. The same seed gives the same
 * file, byte for byte, on any host.
 *
 * Dependency-free on purpose: it must build wherever the tests build,
 * before libpcap is known to be installed.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_CONNECTIONS 200000UL
#define DEFAULT_CONCURRENT  100UL
#define DEFAULT_SEED        1UL
/* Each non-busy connection gets an address of its own from a 24-bit
 * bijection (about 16.7 million); this stays well inside it, at 13 GB. */
#define MAX_CONNECTIONS 10000000UL
/* Below the ephemeral range's size, so a busy client always finds a free
 * port. */
#define MAX_CONCURRENT 10000UL

#define SEGMENTS_PER_CONN 10
#define PORT_LO           32768u
#define PORT_HI           60999u
#define NPORTS            (PORT_HI - PORT_LO + 1u)
#define NBUSY             2

#define SERVER_ADDR 0x0a000001u /* 10.0.0.1 */
#define SERVER_PORT 80u
/* Two clients that open half of all connections, like a reverse proxy or
 * a NAT gateway: their ports cycle through the whole ephemeral range, so
 * a long capture reuses 4-tuples, as a real busy server's does. */
static const uint32_t busy_addr[NBUSY] = {0x0a000101u, 0x0a000102u};

/* The capture is taken on the server; frames from clients come through
 * the router. Locally administered addresses. */
static const uint8_t server_mac[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
static const uint8_t router_mac[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0xfe};

#define REQUEST_LEN   100
#define RESPONSE_LEN  400
#define OUT_BUFFER    (8u << 20)
#define CAPTURE_START 1700000000u /* a fixed epoch keeps files identical */

enum { ETH_LEN = 14, IP_LEN = 20, TCP_LEN = 20 };
enum { F_FIN = 0x01, F_SYN = 0x02, F_PSH = 0x08, F_ACK = 0x10 };

struct conn {
	uint32_t caddr;
	uint16_t cport;
	int8_t busy;  /* index into busy_addr, or -1 */
	uint8_t step; /* next segment, 0..SEGMENTS_PER_CONN-1 */
	uint32_t cisn, sisn;
	uint16_t cipid, sipid;
	uint32_t ctsoff, stsoff;
	/* The last TSval each side sent: the peer echoes it. */
	uint32_t ctsval, stsval;
};

struct gen {
	uint64_t rng;
	uint64_t now_us;
	uint64_t seed;
	unsigned long next_client; /* index of the next non-busy address */
	uint16_t busy_next[NBUSY];
	uint8_t busy_inuse[NBUSY][NPORTS];
	FILE *out;
	uint64_t segments, bytes;
	uint8_t request[REQUEST_LEN], response[RESPONSE_LEN];
	uint32_t request_sum, response_sum;
};

static const char *progname = "gencap";

/* splitmix64: any seed, including 0, gives a good stream. */
static uint64_t rnd(struct gen *g)
{
	uint64_t z = (g->rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t rnd_below(struct gen *g, uint32_t n)
{
	return (uint32_t)(((rnd(g) >> 32) * n) >> 32);
}

static void put_be16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* pcap headers are written little-endian whatever the host, so that a
 * seed names one file. */
static void put_le16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* Ones' complement sum of big-endian 16-bit words, not yet folded. */
static uint32_t sum16(const uint8_t *p, size_t n, uint32_t acc)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		acc += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		acc += (uint32_t)p[n - 1] << 8;
	return acc;
}

static uint16_t fold(uint32_t acc)
{
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return (uint16_t)~acc;
}

/* A plausible HTTP/1.1 exchange of exactly the sizes wanted, so tshark's
 * HTTP dissector finds complete, well-formed messages. No "Connection:
 * close": the client, not the server, closes first. */
static void build_payloads(struct gen *g)
{
	static const char req_head[] = "GET / HTTP/1.1\r\n"
	                               "Host: 10.0.0.1\r\n"
	                               "User-Agent: tcpviz-gencap\r\n"
	                               "Accept: */*\r\n"
	                               "X-Pad: ";
	char resp_head[128];
	size_t n, i;
	int len;

	n = sizeof(req_head) - 1;
	memcpy(g->request, req_head, n);
	for (i = n; i < REQUEST_LEN - 4; i++)
		g->request[i] = 'x';
	memcpy(g->request + REQUEST_LEN - 4, "\r\n\r\n", 4);

	/* The header's length depends on the body's, which depends on the
	 * header's: the body length has three digits either way. */
	len = snprintf(resp_head, sizeof(resp_head),
	               "HTTP/1.1 200 OK\r\n"
	               "Content-Type: text/plain\r\n"
	               "Content-Length: %03d\r\n\r\n",
	               0);
	len = snprintf(resp_head, sizeof(resp_head),
	               "HTTP/1.1 200 OK\r\n"
	               "Content-Type: text/plain\r\n"
	               "Content-Length: %03d\r\n\r\n",
	               RESPONSE_LEN - len);
	memcpy(g->response, resp_head, (size_t)len);
	for (i = (size_t)len; i < RESPONSE_LEN; i++)
		g->response[i] =
		        (i + 1) % 64 == 0 ? '\n' : (uint8_t)('a' + i % 26);
	g->response[RESPONSE_LEN - 1] = '\n';

	/* Payloads start at an even offset (TCP headers are whole words), so
	 * their sums can be added to any segment's. */
	g->request_sum = sum16(g->request, REQUEST_LEN, 0);
	g->response_sum = sum16(g->response, RESPONSE_LEN, 0);
}

/* A 24-bit bijection, so that non-busy clients never share an address
 * (and so never a 4-tuple) within a capture. 10.0.x.x is left to the
 * server and the busy clients. */
static uint32_t next_client_addr(struct gen *g)
{
	uint32_t a;

	do {
		a = (uint32_t)((g->next_client++ * 0x9e3779u + g->seed) &
		               0xffffff);
		a ^= a >> 11;
		a = (a * 0x2c1b3du) & 0xffffff;
	} while ((a >> 16) == 0);
	return 0x0a000000u | a;
}

/* Linux derives the timestamp offset from the address pair, so TSval
 * keeps rising across connections that reuse a 4-tuple (PAWS allows the
 * reuse). */
static uint32_t ts_offset(const struct gen *g, uint32_t from, uint32_t to)
{
	uint64_t z = ((uint64_t)from << 32 | to) ^ g->seed;

	z = (z ^ (z >> 33)) * 0xff51afd7ed558ccdULL;
	z = (z ^ (z >> 33)) * 0xc4ceb9fe1a85ec53ULL;
	return (uint32_t)(z ^ (z >> 33));
}

static void open_conn(struct gen *g, struct conn *c)
{
	memset(c, 0, sizeof(*c));
	if (rnd(g) & 1) {
		int b = (int)rnd_below(g, NBUSY);
		uint32_t p = g->busy_next[b];

		/* Skip ports still in use, as the kernel does. */
		while (g->busy_inuse[b][p])
			p = (p + 1) % NPORTS;
		g->busy_inuse[b][p] = 1;
		g->busy_next[b] = (uint16_t)((p + 1) % NPORTS);
		c->busy = (int8_t)b;
		c->caddr = busy_addr[b];
		c->cport = (uint16_t)(PORT_LO + p);
	} else {
		c->busy = -1;
		c->caddr = next_client_addr(g);
		c->cport = (uint16_t)(PORT_LO + rnd_below(g, NPORTS));
	}
	c->cisn = (uint32_t)rnd(g);
	c->sisn = (uint32_t)rnd(g);
	c->cipid = (uint16_t)rnd(g);
	c->sipid = (uint16_t)rnd(g);
	c->ctsoff = ts_offset(g, c->caddr, SERVER_ADDR);
	c->stsoff = ts_offset(g, SERVER_ADDR, c->caddr);
}

static void close_conn(struct gen *g, const struct conn *c)
{
	if (c->busy >= 0)
		g->busy_inuse[c->busy][c->cport - PORT_LO] = 0;
}

static void write_out(struct gen *g, const void *p, size_t n)
{
	if (fwrite(p, 1, n, g->out) != n) {
		fprintf(stderr, "%s: write error: %s\n", progname,
		        strerror(errno));
		exit(1);
	}
	g->bytes += n;
}

static void write_file_header(struct gen *g)
{
	uint8_t h[24];

	put_le32(h, 0xa1b2c3d4u);
	put_le16(h + 4, 2);
	put_le16(h + 6, 4);
	put_le32(h + 8, 0);      /* thiszone */
	put_le32(h + 12, 0);     /* sigfigs */
	put_le32(h + 16, 65535); /* snaplen */
	put_le32(h + 20, 1);     /* LINKTYPE_ETHERNET */
	write_out(g, h, sizeof(h));
}

/* Options as Linux sends them: MSS, SACK-permitted, timestamps, window
 * scale on SYNs; NOP, NOP, timestamps on everything after. */
static size_t put_options(uint8_t *o, int syn, uint32_t tsval, uint32_t tsecr)
{
	if (syn) {
		o[0] = 2, o[1] = 4;
		put_be16(o + 2, 1460);
		o[4] = 4, o[5] = 2;
		o[6] = 8, o[7] = 10;
		put_be32(o + 8, tsval);
		put_be32(o + 12, tsecr);
		o[16] = 1;
		o[17] = 3, o[18] = 3, o[19] = 7;
		return 20;
	}
	o[0] = 1, o[1] = 1;
	o[2] = 8, o[3] = 10;
	put_be32(o + 4, tsval);
	put_be32(o + 8, tsecr);
	return 12;
}

enum { PAY_NONE, PAY_REQUEST, PAY_RESPONSE };

/* A connection's segments in order. seq is relative to the sender's ISN,
 * ack to the receiver's (SYN and FIN each take one). */
/* clang-format off */
static const struct step {
	uint8_t c2s, flags, payload;
	uint32_t seq, ack;
} steps[SEGMENTS_PER_CONN] = {
	{ 1, F_SYN,         PAY_NONE,     0,                0 },
	{ 0, F_SYN | F_ACK, PAY_NONE,     0,                1 },
	{ 1, F_ACK,         PAY_NONE,     1,                1 },
	{ 1, F_PSH | F_ACK, PAY_REQUEST,  1,                1 },
	{ 0, F_ACK,         PAY_NONE,     1,                1 + REQUEST_LEN },
	{ 0, F_PSH | F_ACK, PAY_RESPONSE, 1,                1 + REQUEST_LEN },
	{ 1, F_ACK,         PAY_NONE,     1 + REQUEST_LEN,  1 + RESPONSE_LEN },
	{ 1, F_FIN | F_ACK, PAY_NONE,     1 + REQUEST_LEN,  1 + RESPONSE_LEN },
	{ 0, F_FIN | F_ACK, PAY_NONE,     1 + RESPONSE_LEN, 2 + REQUEST_LEN },
	{ 1, F_ACK,         PAY_NONE,     2 + REQUEST_LEN,  2 + RESPONSE_LEN },
};
/* clang-format on */

/* Writes connection c's next segment and advances it. */
static void emit(struct gen *g, struct conn *c)
{
	uint8_t pkt[16 + ETH_LEN + IP_LEN + TCP_LEN + 40];
	uint8_t *eth = pkt + 16, *ip = eth + ETH_LEN, *tcp = ip + IP_LEN;
	const struct step *st = &steps[c->step];
	uint32_t seq, ack, tsval, tsecr, acc;
	uint32_t now_ms = (uint32_t)(g->now_us / 1000);
	unsigned win;
	int c2s = st->c2s, syn = (st->flags & F_SYN) != 0;
	size_t optlen, tcplen, iplen;
	const uint8_t *payload = NULL;
	size_t paylen = 0;
	uint32_t paysum = 0;

	seq = (c2s ? c->cisn : c->sisn) + st->seq;
	ack = st->flags & F_ACK ? (c2s ? c->sisn : c->cisn) + st->ack : 0;
	if (st->payload == PAY_REQUEST) {
		payload = g->request, paylen = REQUEST_LEN;
		paysum = g->request_sum;
	} else if (st->payload == PAY_RESPONSE) {
		payload = g->response, paylen = RESPONSE_LEN;
		paysum = g->response_sum;
	}

	if (c2s) {
		tsval = c->ctsval = c->ctsoff + now_ms;
		tsecr = c->stsval;
		/* Raw windows: unscaled on SYNs, then scaled by 2^7. */
		win = syn ? 64240 : 502;
	} else {
		tsval = c->stsval = c->stsoff + now_ms;
		tsecr = c->ctsval;
		win = syn ? 65160 : 509;
	}

	optlen = put_options(tcp + TCP_LEN, syn, tsval, tsecr);
	tcplen = TCP_LEN + optlen + paylen;
	iplen = IP_LEN + tcplen;

	memcpy(eth, c2s ? server_mac : router_mac, 6);
	memcpy(eth + 6, c2s ? router_mac : server_mac, 6);
	put_be16(eth + 12, 0x0800);

	ip[0] = 0x45, ip[1] = 0;
	put_be16(ip + 2, (uint32_t)iplen);
	put_be16(ip + 4, c2s ? c->cipid++ : c->sipid++);
	put_be16(ip + 6, 0x4000); /* DF, as Linux sets on TCP */
	ip[8] = c2s ? 63 : 64;    /* the client is one router away */
	ip[9] = 6;
	put_be16(ip + 10, 0);
	put_be32(ip + 12, c2s ? c->caddr : SERVER_ADDR);
	put_be32(ip + 16, c2s ? SERVER_ADDR : c->caddr);
	put_be16(ip + 10, fold(sum16(ip, IP_LEN, 0)));

	put_be16(tcp, c2s ? c->cport : SERVER_PORT);
	put_be16(tcp + 2, c2s ? SERVER_PORT : c->cport);
	put_be32(tcp + 4, seq);
	put_be32(tcp + 8, ack);
	tcp[12] = (uint8_t)(((TCP_LEN + optlen) / 4) << 4);
	tcp[13] = st->flags;
	put_be16(tcp + 14, win);
	put_be16(tcp + 16, 0);
	put_be16(tcp + 18, 0);
	/* Pseudo-header: addresses, protocol, TCP length. */
	acc = sum16(ip + 12, 8, 0) + 6 + (uint32_t)tcplen;
	acc = sum16(tcp, TCP_LEN + optlen, acc) + paysum;
	put_be16(tcp + 16, fold(acc));

	put_le32(pkt, (uint32_t)(CAPTURE_START + g->now_us / 1000000));
	put_le32(pkt + 4, (uint32_t)(g->now_us % 1000000));
	put_le32(pkt + 8, (uint32_t)(ETH_LEN + iplen));
	put_le32(pkt + 12, (uint32_t)(ETH_LEN + iplen));
	write_out(g, pkt, 16 + ETH_LEN + IP_LEN + TCP_LEN + optlen);
	if (paylen)
		write_out(g, payload, paylen);

	g->segments++;
	g->now_us += 1 + rnd_below(g, 8);
	c->step++;
}

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: %s [-n CONNECTIONS] [-c CONCURRENT] [-s SEED] FILE\n",
	        progname);
}

static void help(void)
{
	usage(stdout);
	printf("Write a pcap of CONNECTIONS (default %lu, at most %lu) short\n"
	       "TCP connections to 10.0.0.1:80, %d segments each, about\n"
	       "CONCURRENT (default %lu, at most %lu) in flight at once.\n"
	       "FILE '-' is standard output. The same SEED (default %lu)\n"
	       "gives the same file.\n",
	       DEFAULT_CONNECTIONS, MAX_CONNECTIONS, SEGMENTS_PER_CONN,
	       DEFAULT_CONCURRENT, MAX_CONCURRENT, DEFAULT_SEED);
}

static int parse_number(const char *s, unsigned long long max,
                        unsigned long long *v)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 0);
	if (errno || *end || *v > max)
		return -1;
	return 0;
}

static void bad_usage(const char *what, const char *arg)
{
	fprintf(stderr, "%s: %s: %s\n", progname, what, arg);
	usage(stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned long long n = DEFAULT_CONNECTIONS, conc = DEFAULT_CONCURRENT;
	unsigned long long seed = DEFAULT_SEED, v;
	unsigned long long opened = 0;
	struct conn *conns;
	size_t active = 0, i;
	struct gen *g;
	char *outbuf;
	const char *path;
	int opt, b;

	while ((opt = getopt(argc, argv, "hn:c:s:")) != -1) {
		switch (opt) {
		case 'h':
			help();
			return 0;
		case 'n':
			if (parse_number(optarg, MAX_CONNECTIONS, &v))
				bad_usage("bad connection count", optarg);
			n = v;
			break;
		case 'c':
			if (parse_number(optarg, MAX_CONCURRENT, &v) || v == 0)
				bad_usage("bad concurrency", optarg);
			conc = v;
			break;
		case 's':
			if (parse_number(optarg, UINT64_MAX, &v))
				bad_usage("bad seed", optarg);
			seed = v;
			break;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "%s: %s\n", progname,
		        optind == argc ? "no output file"
		                       : "too many arguments");
		usage(stderr);
		return 2;
	}
	path = argv[optind];

	/* Large: busy_inuse is a flag per ephemeral port. */
	g = calloc(1, sizeof(*g));
	conns = calloc((size_t)conc, sizeof(*conns));
	if (g == NULL || conns == NULL) {
		fprintf(stderr, "%s: out of memory\n", progname);
		return 1;
	}
	g->seed = seed;
	g->rng = seed;
	for (b = 0; b < NBUSY; b++)
		g->busy_next[b] = (uint16_t)rnd_below(g, NPORTS);
	build_payloads(g);

	if (strcmp(path, "-") == 0) {
		g->out = stdout;
	} else if ((g->out = fopen(path, "wb")) == NULL) {
		fprintf(stderr, "%s: %s: %s\n", progname, path,
		        strerror(errno));
		return 1;
	}
	/* Given explicitly: glibc ignores the size when setvbuf allocates,
	 * and its default means a write(2) per 4 KB. */
	if ((outbuf = malloc(OUT_BUFFER)) == NULL ||
	    setvbuf(g->out, outbuf, _IOFBF, OUT_BUFFER) != 0) {
		fprintf(stderr, "%s: cannot set output buffer\n", progname);
		return 1;
	}
	write_file_header(g);

	while (opened < n || active > 0) {
		/* Open a new connection about half the time a slot is free, so
		 * the start ramps up rather than beginning with a wall of SYNs,
		 * and in steady state about CONCURRENT are in flight. */
		if (opened < n && active < conc &&
		    (active == 0 || (rnd(g) & 1))) {
			open_conn(g, &conns[active]);
			i = active++;
			opened++;
		} else {
			i = rnd_below(g, (uint32_t)active);
		}
		emit(g, &conns[i]);
		if (conns[i].step == SEGMENTS_PER_CONN) {
			close_conn(g, &conns[i]);
			conns[i] = conns[--active];
		}
	}

	/* Closed even when it is stdout: fclose reports the last write's
	 * error, and the buffer can then be freed. */
	if (fflush(g->out) != 0 || ferror(g->out) || fclose(g->out) != 0) {
		fprintf(stderr, "%s: %s: %s\n", progname, path,
		        strerror(errno));
		return 1;
	}
	fprintf(stderr,
	        "%s: %llu connections, %" PRIu64 " segments, %" PRIu64
	        " bytes\n",
	        progname, opened, g->segments, g->bytes);
	free(outbuf);
	free(conns);
	free(g);
	return 0;
}
