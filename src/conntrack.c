/*
 * conntrack.c - segments to connections: stream numbers, relative
 * sequence numbers and analysis notes as tshark computes them, the role
 * of each segment, and the events that move each end's state.
 *
 * Must not decide a state itself (tcpstate_next() does, from the events
 * found here), do I/O, or keep anything per segment: what it holds is a
 * few words per direction of each connection open at once, in a hash
 * table keyed by the two endpoints, plus the connections that ended less
 * than CONNTRACK_LINGER_NS of capture time ago.
 *
 * The analysis follows Wireshark 4.0's tcp_analyze_sequence_number()
 * rule for rule, on raw sequence numbers where zero means "not known
 * yet", as there; tshark is the reference the tests compare against.
 * Two departures: any SYN on a connection that has ended starts a new
 * stream, as later Wireshark releases do (4.0 keeps the stream when the
 * sequence number repeats); and a stream forgotten after its linger
 * time is not found again, where Wireshark never forgets one.
 */
#include "conntrack.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "util.h"

#define CONNTRACK_FIRST_SLOTS 1024
#define CONNTRACK_BLOCK       1024 /* connections allocated at a time */

/* Wireshark's windows: a fast retransmission follows the duplicate ACKs
 * within 20 ms; without a first RTT, out-of-order means within 3 ms. */
#define CONNTRACK_FAST_RETRANS_NS 20000000ULL
#define CONNTRACK_OOO_DEFAULT_NS  3000000ULL

#define CONNTRACK_TCP_MIN_HDR  20
#define CONNTRACK_UNSEEN_NOTED UINT32_MAX
#define CONNTRACK_MAX_WSCALE   14

/* One direction, as its sender has shown it. */
struct half {
	/* Wireshark's sequence analysis; zero means unknown, as there. */
	uint32_t base;     /* relative numbers count from here */
	uint32_t nextseq;  /* highest sequence number sent, plus one */
	uint32_t seen_end; /* end of the contiguous data seen: an ACK
	                      beyond it acks something not captured */
	uint32_t lastack;
	uint32_t window;    /* raw; UINT32_MAX before its first segment */
	uint32_t lastflags; /* AN_* of its latest segment */
	int64_t nextseq_ns, lastack_ns;
	/* Duplicate ACKs in a row; CONNTRACK_UNSEEN_NOTED once an ACKed-unseen
	 * note was given. Unsigned as in Wireshark, where that marker (-1)
	 * therefore also passes for "two or more" before a fast
	 * retransmission. */
	uint32_t dupacks;
	int8_t wscale; /* shift; -1 unknown, -2 no scaling */
	bool base_set;
	bool first_ack;       /* no ACK without SYN since its SYN */
	struct endshow shown; /* its handshake and teardown (endshow.h) */
};

struct conn {
	struct stream_info info;
	struct half half[2]; /* [0] client to server, [1] the other way */
	int64_t syn_ns; /* latest SYN without ACK; 0: none (as Wireshark) */
	int64_t first_rtt_ns; /* SYN to the next ACK; 0: not known */
	int64_t end_ns;
	uint64_t hash;
	/* A SYN waits for an answer (seg_event.syn_waits): 0 none, else
	 * one more than the direction it travelled. */
	uint8_t syn_wait;
	/* A FIN waits for its receiver's next word (seg_event.fin_waits):
	 * 0 none, else one more than its direction. */
	uint8_t fin_wait;
	bool ended, reset;
	struct conn *live_prev, *live_next; /* all held, in id order */
	struct conn *end_prev, *end_next;   /* ended, in end order */
};

/* The hash beside the pointer: probing reads no connection but the
 * one that matches. */
struct slot {
	uint64_t hash;
	struct conn *conn; /* NULL: empty */
};

struct conntrack {
	conntrack_retire_fn retire;
	void *ctx;
	struct slot *slots; /* open addressing, linear probing */
	size_t nslots;      /* a power of two */
	uint64_t nlive;
	struct conn **blocks;
	size_t nblocks, block_used;
	struct conn *free; /* chained through live_next */
	struct conn *live_head, *live_tail;
	struct conn *end_head, *end_tail;
	uint64_t nended; /* on the end_head queue */
	uint64_t next_id;
	int64_t now; /* the latest capture time seen */
	bool started;
};

static const char *const analysis_names[AN_COUNT_BITS] = {
        N_("retransmission"),
        N_("fast_retransmission"),
        N_("spurious_retransmission"),
        N_("out_of_order"),
        N_("duplicate_ack"),
        N_("zero_window"),
        N_("zero_window_probe"),
        N_("zero_window_probe_ack"),
        N_("window_update"),
        N_("window_full"),
        N_("keep_alive"),
        N_("keep_alive_ack"),
        N_("lost_segment"),
        N_("ack_lost_segment"),
        N_("reused_ports"),
};

const char *conntrack_analysis_name(unsigned bit)
{
	return bit < AN_COUNT_BITS ? analysis_names[bit] : "unknown";
}

const char *conntrack_analysis_label(unsigned bit)
{
	return bit < AN_COUNT_BITS ? _(analysis_names[bit]) : _("unknown");
}

/* Sequence number order modulo 2^32, as Wireshark's LT_SEQ/GT_SEQ. */
static bool conntrack_seq_lt(uint32_t a, uint32_t b)
{
	return ((a - b) & 0x80000000u) != 0;
}

static bool conntrack_seq_gt(uint32_t a, uint32_t b)
{
	return conntrack_seq_lt(b, a);
}

static bool conntrack_seq_leq(uint32_t a, uint32_t b)
{
	return a == b || conntrack_seq_lt(a, b);
}

/* Whether now - then, taken modulo 2^64 as Wireshark's unsigned
 * difference is, stays below limit: a clock going backwards gives a
 * huge difference, never a small one. */
static bool conntrack_within(int64_t now, int64_t then, uint64_t limit)
{
	return (uint64_t)now - (uint64_t)then < limit;
}

static uint32_t conntrack_word(const uint8_t *b)
{
	uint32_t w;
	memcpy(&w, b, sizeof w);
	return w;
}

/* Compared and hashed a word at a time: a memcmp call and a mix per
 * word were a fifth of conntrack's time. IPv4 uses the first word. */
bool endpoint_equal(const struct endpoint *a, const struct endpoint *b)
{
	return a->port == b->port && a->addr.family == b->addr.family &&
	       memcmp(a->addr.bytes, b->addr.bytes, sizeof a->addr.bytes) == 0;
}

static bool conntrack_same_end(const struct endpoint *e, const struct ipaddr *a,
                               uint16_t port)
{
	const uint8_t *x = e->addr.bytes, *y = a->bytes;
	if (e->port != port || e->addr.family != a->family ||
	    conntrack_word(x) != conntrack_word(y))
		return false;
	return a->family != 6 ||
	       (conntrack_word(x + 4) == conntrack_word(y + 4) &&
	        conntrack_word(x + 8) == conntrack_word(y + 8) &&
	        conntrack_word(x + 12) == conntrack_word(y + 12));
}

static uint64_t conntrack_mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

static uint64_t conntrack_hash_end(const struct ipaddr *a, uint16_t port)
{
	/* Above the 32 bits a word of address takes: no overlap. */
	uint64_t h = (uint64_t)a->family << 48 | (uint64_t)port << 32;
	uint32_t w = conntrack_word(a->bytes);
	if (a->family == 6)
		w ^= conntrack_word(a->bytes + 4) * 0x9e3779b1u ^
		     conntrack_word(a->bytes + 8) * 0x85ebca77u ^
		     conntrack_word(a->bytes + 12) * 0xc2b2ae3du;
	return conntrack_mix(h | w);
}

/* The same for both directions of a connection: a sum commutes. */
static uint64_t conntrack_hash(const struct segment *s)
{
	return conntrack_mix(conntrack_hash_end(&s->src, s->sport) +
	                     conntrack_hash_end(&s->dst, s->dport));
}

/* 0 when the segment goes client to server, 1 the other way. */
static int conntrack_dir(const struct conn *c, const struct segment *s)
{
	return conntrack_same_end(&c->info.client, &s->src, s->sport) ? 0 : 1;
}

static bool conntrack_matches(const struct conn *c, const struct segment *s)
{
	const struct endpoint *cl = &c->info.client, *sv = &c->info.server;
	if (conntrack_same_end(cl, &s->src, s->sport))
		return conntrack_same_end(sv, &s->dst, s->dport);
	return conntrack_same_end(cl, &s->dst, s->dport) &&
	       conntrack_same_end(sv, &s->src, s->sport);
}

static struct conn *conntrack_find(const struct conntrack *ct,
                                   const struct segment *s, uint64_t h)
{
	size_t mask = ct->nslots - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		const struct slot *sl = &ct->slots[i];
		if (sl->conn == NULL)
			return NULL;
		if (sl->hash == h && conntrack_matches(sl->conn, s))
			return sl->conn;
	}
}

static void conntrack_place(struct slot *slots, size_t nslots, struct conn *c)
{
	size_t mask = nslots - 1;
	size_t i = c->hash & mask;
	while (slots[i].conn != NULL)
		i = (i + 1) & mask;
	slots[i].hash = c->hash;
	slots[i].conn = c;
}

/* Keep the table at most half full, so probes stay short. */
static void conntrack_grow(struct conntrack *ct)
{
	if ((ct->nlive + 1) * 2 <= ct->nslots)
		return;
	size_t n = ct->nslots * 2;
	struct slot *slots = xcalloc(n, sizeof *slots);
	for (size_t i = 0; i < ct->nslots; i++) {
		if (ct->slots[i].conn != NULL)
			conntrack_place(slots, n, ct->slots[i].conn);
	}
	free(ct->slots);
	ct->slots = slots;
	ct->nslots = n;
}

/* Deletion by shifting later entries of the probe run back, so that no
 * tombstones accumulate however many connections come and go. */
static void conntrack_unhash(struct conntrack *ct, const struct conn *c)
{
	struct slot *sl = ct->slots;
	size_t mask = ct->nslots - 1;
	size_t i = c->hash & mask;
	while (sl[i].conn != c)
		i = (i + 1) & mask;
	sl[i].conn = NULL;
	for (size_t j = (i + 1) & mask; sl[j].conn != NULL;
	     j = (j + 1) & mask) {
		size_t home = sl[j].hash & mask;
		bool stays = i <= j ? (home > i && home <= j)
		                    : (home > i || home <= j);
		if (!stays) {
			sl[i] = sl[j];
			sl[j].conn = NULL;
			i = j;
		}
	}
}

static struct conn *conntrack_alloc(struct conntrack *ct)
{
	struct conn *c = ct->free;
	if (c != NULL) {
		ct->free = c->live_next;
	} else {
		if (ct->nblocks == 0 || ct->block_used == CONNTRACK_BLOCK) {
			ct->blocks = xrealloc(ct->blocks,
			                      (ct->nblocks + 1) *
			                              sizeof *ct->blocks);
			ct->blocks[ct->nblocks++] =
			        xmalloc(CONNTRACK_BLOCK * sizeof(struct conn));
			ct->block_used = 0;
		}
		c = &ct->blocks[ct->nblocks - 1][ct->block_used++];
	}
	memset(c, 0, sizeof *c);
	return c;
}

static void conntrack_end_unlink(struct conntrack *ct, struct conn *c)
{
	if (c->end_prev != NULL)
		c->end_prev->end_next = c->end_next;
	else
		ct->end_head = c->end_next;
	if (c->end_next != NULL)
		c->end_next->end_prev = c->end_prev;
	else
		ct->end_tail = c->end_prev;
	ct->nended--;
}

/* The state of the end that received a waiting SYN. */
static enum tcp_state *conntrack_syn_receiver(struct conn *c)
{
	return c->syn_wait == 1 ? &c->info.server_state : &c->info.client_state;
}

static void conntrack_retire(struct conntrack *ct, struct conn *c)
{
	conntrack_unhash(ct, c);
	ct->nlive--;
	if (c->live_prev != NULL)
		c->live_prev->live_next = c->live_next;
	else
		ct->live_head = c->live_next;
	if (c->live_next != NULL)
		c->live_next->live_prev = c->live_prev;
	else
		ct->live_tail = c->live_prev;
	if (c->ended)
		conntrack_end_unlink(ct, c);
	if (c->syn_wait != 0) /* never answered: the receiver stayed put */
		*conntrack_syn_receiver(c) = ST_LISTEN;
	if (ct->retire != NULL)
		ct->retire(ct->ctx, &c->info);
	c->live_next = ct->free;
	ct->free = c;
}

/* Ended connections queue in end order, and ct->now never goes back, so
 * only the head of the queue needs looking at. */
static void conntrack_expire(struct conntrack *ct)
{
	while (ct->end_head != NULL &&
	       (ct->nended > CONNTRACK_LINGER_MAX ||
	        (uint64_t)ct->now - (uint64_t)ct->end_head->end_ns >=
	                (uint64_t)CONNTRACK_LINGER_NS))
		conntrack_retire(ct, ct->end_head);
}

static void conntrack_mark_ended(struct conntrack *ct, struct conn *c)
{
	c->ended = true;
	ct->nended++;
	c->end_ns = ct->now;
	c->end_prev = ct->end_tail;
	c->end_next = NULL;
	if (ct->end_tail != NULL)
		ct->end_tail->end_next = c;
	else
		ct->end_head = c;
	ct->end_tail = c;
}

/*
 * Who is the client, and where both ends stood before the first segment.
 * A SYN without ACK comes from the client, which was CLOSED, to a server
 * taken to be listening. A SYN,ACK comes from a listening server to a
 * client that must have sent the SYN. Without either, the capture began
 * mid-stream: the client is taken to be the higher (ephemeral) port, and
 * both ends ESTABLISHED, the only state in which segments other than
 * the handshake's flow both ways; the first FIN or RST then moves them.
 */
static void conntrack_roles(struct conn *c, const struct segment *s)
{
	struct stream_info *in = &c->info;
	uint16_t syn = s->flags & (TH_SYN | TH_ACK);
	bool from_client = syn == TH_SYN ||
	                   (syn != (TH_SYN | TH_ACK) && s->sport >= s->dport);
	if (from_client) {
		in->client = (struct endpoint){s->src, s->sport};
		in->server = (struct endpoint){s->dst, s->dport};
	} else {
		in->client = (struct endpoint){s->dst, s->dport};
		in->server = (struct endpoint){s->src, s->sport};
	}
	if (syn == TH_SYN) {
		in->client_state = ST_CLOSED;
		in->server_state = ST_LISTEN;
	} else if (syn == (TH_SYN | TH_ACK)) {
		in->client_state = ST_SYN_SENT;
		in->server_state = ST_LISTEN;
	} else {
		in->client_guessed = true;
		in->client_state = ST_ESTABLISHED;
		in->server_state = ST_ESTABLISHED;
	}
}

static struct conn *conntrack_create(struct conntrack *ct,
                                     const struct segment *s, uint64_t h)
{
	conntrack_grow(ct);
	struct conn *c = conntrack_alloc(ct);
	c->hash = h;
	c->info.id = ct->next_id++;
	c->info.first_ns = s->ts_ns;
	conntrack_roles(c, s);
	for (int d = 0; d < 2; d++) {
		c->half[d].window = UINT32_MAX;
		c->half[d].wscale = -1;
	}
	conntrack_place(ct->slots, ct->nslots, c);
	ct->nlive++;
	c->live_prev = ct->live_tail;
	if (ct->live_tail != NULL)
		ct->live_tail->live_next = c;
	else
		ct->live_head = c;
	ct->live_tail = c;
	return c;
}

/*
 * A SYN that starts a new connection on the same addresses and ports:
 * one on a connection that has ended, or (as Wireshark has it) a SYN
 * without ACK whose sequence number is not the one this direction began
 * with.
 */
static bool conntrack_restarts(const struct conn *c, int dir,
                               const struct segment *s)
{
	if (!(s->flags & TH_SYN))
		return false;
	if (c->ended)
		return true;
	const struct half *h = &c->half[dir];
	return !(s->flags & TH_ACK) && h->base_set && s->seq != h->base;
}

/*
 * Wireshark's handling of a SYN on a known connection that does not
 * start a new one: a SYN repeating the first one resets the highest
 * sequence number to the contiguous one (a RST may have carried any
 * sequence number); a SYN,ACK with another sequence number moves the
 * base of its direction there and is noted as a port reuse.
 */
static uint32_t conntrack_resync(struct conn *c, int dir,
                                 const struct segment *s)
{
	struct half *h = &c->half[dir];
	if (!(s->flags & TH_SYN) || !h->base_set)
		return 0;
	if (!(s->flags & TH_ACK)) {
		h->nextseq = h->seen_end;
		return 0;
	}
	if (s->seq == h->base)
		return 0;
	h->base = s->seq;
	return AN_REUSED_PORTS;
}

/* Relative numbers start at the SYN, else one before the first segment
 * seen; the other direction's, from an ACK, one before what it acks. */
static void conntrack_bases(struct half *snd, struct half *rcv,
                            const struct segment *s)
{
	if (!snd->base_set) {
		snd->base = (s->flags & TH_SYN) ? s->seq : s->seq - 1;
		snd->base_set = true;
	}
	if (!rcv->base_set && (s->flags & TH_ACK)) {
		rcv->base = s->ack - 1;
		rcv->base_set = true;
	}
}

static bool conntrack_window_full(const struct half *r, const struct segment *s)
{
	if (r->wscale == -1)
		return false;
	int shift = r->first_ack || r->wscale < 0 ? 0 : r->wscale;
	return s->seq + s->len == r->lastack + (r->window << shift);
}

/*
 * The notes on this segment's window and ACK (f: its direction, r: the
 * other). A zero window probe is nothing else; a keep-alive ACK or a
 * zero window probe ACK is no duplicate ACK.
 */
static uint32_t conntrack_window_notes(struct half *f, const struct half *r,
                                       const struct segment *s)
{
	bool ctl = (s->flags & (TH_SYN | TH_FIN | TH_RST)) != 0;
	uint32_t an = 0;

	if (s->len == 1 && s->seq == f->nextseq && r->window == 0)
		return AN_ZERO_WINDOW_PROBE;
	if (s->win == 0 && !ctl)
		an |= AN_ZERO_WINDOW;
	if (f->nextseq != 0 && conntrack_seq_gt(s->seq, f->nextseq) &&
	    !(s->flags & TH_RST))
		an |= AN_LOST_SEGMENT;
	if (s->len <= 1 && s->seq == f->nextseq - 1 && !ctl)
		an |= AN_KEEP_ALIVE;
	bool again = s->len == 0 && s->seq == f->nextseq &&
	             s->ack == f->lastack && !ctl;
	if (again && s->win != 0 && s->win != f->window)
		an |= AN_WINDOW_UPDATE;
	if (s->len > 0 && !ctl && conntrack_window_full(r, s))
		an |= AN_WINDOW_FULL;
	if (!again || s->win != f->window)
		return an;
	if (s->win != 0 && (r->lastflags & AN_KEEP_ALIVE))
		return an | AN_KEEP_ALIVE_ACK;
	if (s->win == 0 && (r->lastflags & AN_ZERO_WINDOW_PROBE))
		return an | AN_ZERO_WINDOW_PROBE_ACK;
	if (s->win != 0) {
		f->dupacks = f->dupacks == CONNTRACK_UNSEEN_NOTED
		                     ? 1
		                     : f->dupacks + 1;
		an |= AN_DUPLICATE_ACK;
	}
	return an;
}

/* An ACK beyond what the other direction was seen to send. The note is
 * given once per gap: again only after that direction sent more. */
static uint32_t conntrack_acked_unseen(struct half *r, const struct segment *s)
{
	if (r->seen_end == 0 || !conntrack_seq_gt(s->ack, r->seen_end) ||
	    !(s->flags & TH_ACK))
		return 0;
	if (conntrack_seq_lt(r->seen_end, r->nextseq)) {
		r->seen_end = r->nextseq;
		return AN_ACK_LOST_SEGMENT;
	}
	uint32_t an = r->dupacks == 0 ? AN_ACK_LOST_SEGMENT : 0;
	r->dupacks = CONNTRACK_UNSEEN_NOTED;
	return an;
}

/*
 * A segment that occupies sequence space but does not advance it is a
 * spurious retransmission (all of it was acknowledged already), a fast
 * one (right after two duplicate ACKs asking for it), out of order
 * (soon after the highest one, not ending where that one did) or a
 * plain retransmission.
 */
static uint32_t conntrack_resent(const struct conn *c, const struct half *f,
                                 const struct half *r, const struct segment *s,
                                 uint32_t an)
{
	uint32_t synfin = (s->flags & (TH_SYN | TH_FIN)) ? 1 : 0;
	if ((s->len == 0 && synfin == 0) || (an & AN_KEEP_ALIVE))
		return 0;
	bool back = f->nextseq != 0 && conntrack_seq_lt(s->seq, f->nextseq);
	if (s->len > 1 && f->nextseq - 1 == s->seq)
		back = false; /* new data after a zero window probe */
	if (s->len > 0 && r->lastack != 0 &&
	    conntrack_seq_leq(s->seq + s->len, r->lastack))
		return AN_SPURIOUS_RETRANSMISSION | AN_RETRANSMISSION;
	if (!back)
		return 0;
	if (r->dupacks >= 2 && r->lastack == s->seq &&
	    conntrack_within(s->ts_ns, r->lastack_ns,
	                     CONNTRACK_FAST_RETRANS_NS))
		return AN_FAST_RETRANSMISSION | AN_RETRANSMISSION;
	uint64_t ooo = c->first_rtt_ns != 0 ? (uint64_t)c->first_rtt_ns
	                                    : CONNTRACK_OOO_DEFAULT_NS;
	if (conntrack_within(s->ts_ns, f->nextseq_ns, ooo) &&
	    f->nextseq != s->seq + s->len + synfin)
		return AN_OUT_OF_ORDER;
	return AN_RETRANSMISSION;
}

/* Remember what this segment showed, for the next ones. */
static void conntrack_advance(struct half *f, const struct segment *s,
                              uint32_t an)
{
	uint32_t next =
	        s->seq + s->len + ((s->flags & (TH_SYN | TH_FIN)) ? 1 : 0);
	if (!(an & AN_ZERO_WINDOW_PROBE)) {
		if (f->nextseq == 0 || conntrack_seq_gt(next, f->nextseq)) {
			f->nextseq = next;
			f->nextseq_ns = s->ts_ns;
		}
		if (s->seq == f->seen_end || f->seen_end == 0)
			f->seen_end = f->nextseq;
	}
	f->window = s->win;
	f->lastack = s->ack;
	f->lastack_ns = s->ts_ns;
	f->lastflags = an;
}

static uint32_t conntrack_analyze(const struct conn *c, struct half *f,
                                  struct half *r, const struct segment *s,
                                  uint32_t an)
{
	an |= conntrack_window_notes(f, r, s);
	if (s->ack != f->lastack)
		f->dupacks = 0;
	an |= conntrack_acked_unseen(r, s);
	an |= conntrack_resent(c, f, r, s, an);
	conntrack_advance(f, s, an);
	return an;
}

/* What Wireshark learns from a segment after analysing it: the window
 * scale, the time of the SYN, and from it the first round trip. */
static void conntrack_learn(struct conn *c, struct half *f, struct half *r,
                            const struct segment *s)
{
	if (s->opts.present & OPT_HAS_WSCALE)
		f->wscale = s->opts.wscale > CONNTRACK_MAX_WSCALE
		                    ? CONNTRACK_MAX_WSCALE
		                    : (int8_t)s->opts.wscale;
	uint16_t syn = s->flags & (TH_SYN | TH_ACK);
	if (s->flags & TH_SYN) {
		/* Scaling counts only when both SYNs offered it. */
		if (f->wscale == -1)
			f->wscale = r->wscale = -2;
		else if (syn == (TH_SYN | TH_ACK) && r->wscale == -2)
			f->wscale = -2;
		if (syn == TH_SYN)
			c->syn_ns = s->ts_ns;
		f->first_ack = true;
	}
	if (syn == TH_ACK) {
		if (c->syn_ns != 0 && c->first_rtt_ns == 0)
			c->first_rtt_ns = (int64_t)((uint64_t)s->ts_ns -
			                            (uint64_t)c->syn_ns);
		f->first_ack = false;
	}
}

/*
 * What the segment shows of a SYN still waiting for an answer: the
 * receiver's reply answers it (a RST: nothing listened, the receiver's
 * side was CLOSED); the same SYN sent again shows the first was dropped
 * (the receiver stayed in LISTEN). The receiver's state is put right
 * before the segment moves it.
 */
static enum syn_answer conntrack_answer(struct conn *c, int dir,
                                        const struct segment *s)
{
	if (c->syn_wait == 0)
		return SYN_NO_NEWS;
	enum tcp_state *rcv = conntrack_syn_receiver(c);
	bool from_sender = dir + 1 == c->syn_wait;
	if (from_sender && (s->flags & (TH_SYN | TH_ACK)) != TH_SYN)
		return SYN_NO_NEWS; /* the sender's next word is no answer */
	c->syn_wait = 0;
	if (from_sender) {
		*rcv = ST_LISTEN;
		return SYN_DROPPED;
	}
	if (s->flags & TH_RST) {
		*rcv = ST_CLOSED;
		return SYN_REFUSED;
	}
	return SYN_ANSWERED;
}

/* The same SYN sent again after the first was dropped: to the listener
 * it is a SYN like the first (which left it in LISTEN). */
static void conntrack_syn_again(struct conn *c, int dir, struct seg_event *ev)
{
	enum tcp_state *dst =
	        dir == 0 ? &c->info.server_state : &c->info.client_state;
	if (*dst != ST_LISTEN || ev->dst_nevents >= CONNTRACK_MAX_EVENTS)
		return;
	ev->dst_events[ev->dst_nevents++] = EV_RCV_SYN;
	*dst = tcpstate_next(ST_LISTEN, EV_RCV_SYN);
	ev->dst_state = *dst;
}

enum syn_answer conntrack_unanswered(struct conntrack *ct,
                                     const struct segment *seg, uint64_t stream)
{
	struct conn *c = conntrack_find(ct, seg, conntrack_hash(seg));
	if (c == NULL || c->info.id != stream)
		return SYN_NO_NEWS;
	c->fin_wait = 0; /* a FIN stands as shown */
	if (c->syn_wait == 0)
		return SYN_NO_NEWS;
	*conntrack_syn_receiver(c) = ST_LISTEN;
	c->syn_wait = 0;
	return SYN_DROPPED;
}

/*
 * What the segment shows of a FIN waiting for its receiver's next word:
 * the receiver's own FIN crossing it puts the receiver where that FIN
 * really found it, FIN_WAIT_1 and then CLOSING, before the segment's
 * own events (its FIN then moves nothing more).
 */
static enum fin_answer conntrack_fin_answer(struct conn *c, int dir,
                                            const struct segment *s)
{
	if (c->fin_wait == 0 || dir + 1 == c->fin_wait)
		return FIN_NO_NEWS; /* the FIN's sender speaks again */
	c->fin_wait = 0;
	if (!endshow_fin_crosses(&c->half[dir].shown, &c->half[!dir].shown, s))
		return FIN_ANSWERED;
	enum tcp_state *rcv =
	        dir == 0 ? &c->info.client_state : &c->info.server_state;
	/* A waiting FIN found its receiver ESTABLISHED (conntrack_fin_wait). */
	*rcv = tcpstate_next(tcpstate_next(ST_ESTABLISHED, EV_SND_FIN),
	                     EV_RCV_FIN);
	return FIN_CROSSED;
}

/* A FIN that moved its receiver from ESTABLISHED to CLOSE_WAIT waits
 * for the receiver's next word (none while a SYN waits). */
static void conntrack_fin_wait(struct conn *c, int dir, const struct segment *s,
                               struct seg_event *ev)
{
	if (ev->fin_answer == FIN_CROSSED) { /* its FIN moved it already */
		uint8_t n = 0;
		for (uint8_t i = 0; i < ev->src_nevents; i++)
			if (ev->src_events[i] != EV_SND_FIN_CROSSED)
				ev->src_events[n++] = ev->src_events[i];
		ev->src_nevents = n;
	}
	if ((s->flags & TH_FIN) && c->syn_wait == 0 &&
	    ev->dst_before == ST_ESTABLISHED &&
	    ev->dst_state == ST_CLOSE_WAIT) {
		ev->fin_waits = true;
		c->fin_wait = (uint8_t)(dir + 1);
	}
}

static bool conntrack_gone(enum tcp_state st)
{
	return st == ST_CLOSED || st == ST_TIME_WAIT;
}

static void conntrack_states(struct conn *c, int dir, const struct segment *s,
                             struct seg_event *ev)
{
	struct stream_info *in = &c->info;
	enum tcp_state *src = dir == 0 ? &in->client_state : &in->server_state;
	enum tcp_state *dst = dir == 0 ? &in->server_state : &in->client_state;
	/* Only a client's own ACK can be the handshake's third segment. */
	bool from_client = dir == 0 && !in->client_guessed;
	struct endshow_events e = {0};
	ev->role = endshow_segment(&c->half[dir].shown, &c->half[!dir].shown, s,
	                           from_client, &e);
	ev->src_nevents = e.src_n;
	ev->dst_nevents = e.dst_n;
	memcpy(ev->src_events, e.src, sizeof e.src);
	memcpy(ev->dst_events, e.dst, sizeof e.dst);
	ev->src_before = *src;
	ev->dst_before = *dst;
	*src = endshow_apply(*src, ev->src_events, ev->src_nevents);
	*dst = endshow_apply(*dst, ev->dst_events, ev->dst_nevents);
	ev->src_state = *src;
	ev->dst_state = *dst;
	if (s->flags & TH_RST)
		c->reset = true;
}

struct conntrack *conntrack_new(conntrack_retire_fn retire, void *ctx)
{
	struct conntrack *ct = xcalloc(1, sizeof *ct);
	ct->retire = retire;
	ct->ctx = ctx;
	ct->nslots = CONNTRACK_FIRST_SLOTS;
	ct->slots = xcalloc(ct->nslots, sizeof *ct->slots);
	return ct;
}

/* The stream for this segment, new when none matches or a SYN starts a
 * connection over an old one; *an collects the port reuse note. */
static struct conn *conntrack_stream(struct conntrack *ct,
                                     const struct segment *s, int *dir,
                                     uint32_t *an, bool *created)
{
	uint64_t h = conntrack_hash(s);
	struct conn *c = conntrack_find(ct, s, h);
	*created = false;
	if (c != NULL) {
		*dir = conntrack_dir(c, s);
		if (!conntrack_restarts(c, *dir, s)) {
			*an |= conntrack_resync(c, *dir, s);
			return c;
		}
		conntrack_retire(ct, c);
		*an |= AN_REUSED_PORTS;
	}
	c = conntrack_create(ct, s, h);
	*dir = conntrack_dir(c, s);
	*created = true;
	return c;
}

void conntrack_segment(struct conntrack *ct, const struct segment *seg,
                       struct seg_event *ev)
{
	memset(ev, 0, sizeof *ev);
	ev->seg = seg;
	if (!ct->started || seg->ts_ns > ct->now)
		ct->now = seg->ts_ns;
	ct->started = true;
	conntrack_expire(ct);

	int dir;
	uint32_t an = 0;
	struct conn *c = conntrack_stream(ct, seg, &dir, &an, &ev->new_stream);
	struct half *snd = &c->half[dir], *rcv = &c->half[!dir];

	conntrack_bases(snd, rcv, seg);
	ev->rseq = seg->seq - snd->base;
	/* Without ACK, tshark shows the raw field as tcp.ack. */
	ev->rack = (seg->flags & TH_ACK) ? seg->ack - rcv->base : seg->ack;
	/* tshark shows no notes on a header shorter than 20 bytes (it
	 * does update its state from one, taking header bytes for data:
	 * not mimicked). */
	if (seg->hdr_len >= CONNTRACK_TCP_MIN_HDR) {
		an = conntrack_analyze(c, snd, rcv, seg, an);
		conntrack_learn(c, snd, rcv, seg);
	}
	ev->analysis = an;
	ev->answer = conntrack_answer(c, dir, seg);
	ev->fin_answer = conntrack_fin_answer(c, dir, seg);
	conntrack_states(c, dir, seg, ev);
	conntrack_fin_wait(c, dir, seg, ev);
	if (ev->answer == SYN_DROPPED)
		conntrack_syn_again(c, dir, ev);
	if ((seg->flags & (TH_SYN | TH_ACK | TH_RST)) == TH_SYN &&
	    ev->dst_before == ST_LISTEN && ev->dst_state == ST_SYN_RECEIVED) {
		ev->syn_waits = true;
		c->syn_wait = (uint8_t)(dir + 1);
	}

	c->info.segments++;
	c->info.last_ns = seg->ts_ns;
	ev->stream = &c->info;
	ev->c2s = dir == 0;
	if (!c->ended && (c->reset || (conntrack_gone(c->info.client_state) &&
	                               conntrack_gone(c->info.server_state))))
		conntrack_mark_ended(ct, c);
}

const struct stream_info *conntrack_lookup(const struct conntrack *ct,
                                           const struct endpoint *local,
                                           const struct endpoint *remote,
                                           bool *local_is_client)
{
	struct segment probe = {
	        .src = local->addr,
	        .sport = local->port,
	        .dst = remote->addr,
	        .dport = remote->port,
	};
	struct conn *c = conntrack_find(ct, &probe, conntrack_hash(&probe));
	if (c == NULL)
		return NULL;
	*local_is_client = conntrack_dir(c, &probe) == 0;
	return &c->info;
}

void conntrack_finish(struct conntrack *ct)
{
	while (ct->live_head != NULL)
		conntrack_retire(ct, ct->live_head);
}

uint64_t conntrack_live(const struct conntrack *ct)
{
	return ct->nlive;
}

void conntrack_free(struct conntrack *ct)
{
	if (ct == NULL)
		return;
	for (size_t i = 0; i < ct->nblocks; i++)
		free(ct->blocks[i]);
	free(ct->blocks);
	free(ct->slots);
	free(ct);
}
