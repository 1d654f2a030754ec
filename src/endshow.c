/*
 * endshow.c - what a segment means to each end of its connection: the
 * facts it shows of the handshake and teardown, the events (tcpstate.h)
 * they are to its sender and to its receiver, in order, and its role for
 * a learner (see endshow.h).
 *
 * Pure, and it must not decide a state itself: tcpstate_next() does,
 * event by event. conntrack.c finds the connection and keeps the rest.
 */
#include "endshow.h"

#include "i18n.h"

static const char *const role_names[ROLE_COUNT] = {
        [ROLE_HANDSHAKE_1] = "handshake-1",
        [ROLE_HANDSHAKE_2] = "handshake-2",
        [ROLE_HANDSHAKE_3] = "handshake-3",
        [ROLE_DATA] = "data",
        [ROLE_ACK] = "ack",
        [ROLE_FIN] = "fin",
        [ROLE_FIN_ACK] = "fin-ack",
        [ROLE_RST] = "rst",
        /* Scripts that look for the FINs keep finding every one. */
        [ROLE_FIN_AND_ACK] = "fin",
};

static const char *const role_labels[ROLE_COUNT] = {
        [ROLE_HANDSHAKE_1] = N_("handshake 1/3"),
        [ROLE_HANDSHAKE_2] = N_("handshake 2/3"),
        [ROLE_HANDSHAKE_3] = N_("handshake 3/3"),
        [ROLE_DATA] = N_("data"),
        [ROLE_ACK] = N_("ACK"),
        [ROLE_FIN] = N_("FIN"),
        [ROLE_FIN_ACK] = N_("ACK of FIN"),
        [ROLE_RST] = N_("RST"),
        [ROLE_FIN_AND_ACK] = N_("FIN + ACK of FIN"),
};

const char *endshow_role_name(enum seg_role r)
{
	return (unsigned)r < ROLE_COUNT ? role_names[r] : "unknown";
}

const char *endshow_role_label(enum seg_role r)
{
	return (unsigned)r < ROLE_COUNT ? _(role_labels[r]) : _("unknown");
}

/* a after b modulo 2^32, as conntrack.c and Wireshark's GT_SEQ. */
static bool endshow_seq_gt(uint32_t a, uint32_t b)
{
	return ((b - a) & 0x80000000u) != 0;
}

/* What a segment shows of the handshake and teardown, read before any
 * bookkeeping changes, so that both ends see the same facts. */
struct facts {
	bool first_syn;  /* the sender's first SYN */
	bool first_fin;  /* the sender's first FIN */
	bool covers_syn; /* acknowledges the receiver's SYN */
	bool acks_syn;   /* ... for the first time */
	bool acks_fin;   /* acknowledges the receiver's FIN, first time */
	bool crossed;    /* a FIN sent before the peer's FIN arrived */
	bool plain_ack;  /* the sender's first ACK without SYN */
};

static struct facts endshow_facts(const struct endshow *snd,
                                  const struct endshow *rcv,
                                  const struct segment *s)
{
	bool ack = (s->flags & TH_ACK) != 0;
	/* The ACK on a RST moves no state: the RST does. */
	bool acted = ack && !(s->flags & TH_RST);
	/* A handshake in view: a SYN of either end was captured. An end
	 * whose SYN was not is taken to have sent one the ACK covers. */
	bool snd_syn = snd->syn_seen || (s->flags & TH_SYN);
	bool shaking = snd_syn || rcv->syn_seen;
	struct facts f = {
	        .first_syn = (s->flags & TH_SYN) && !snd->syn_seen,
	        .first_fin = (s->flags & TH_FIN) && !snd->fin_seen,
	        .covers_syn = acted &&
	                      (rcv->syn_seen ? endshow_seq_gt(s->ack, rcv->isn)
	                                     : snd_syn),
	        .acks_fin = acted && rcv->fin_seen && !rcv->fin_acked &&
	                    endshow_seq_gt(s->ack, rcv->fin_seq),
	        .crossed = rcv->fin_seen &&
	                   !(ack && endshow_seq_gt(s->ack, rcv->fin_seq)),
	        .plain_ack = acted && shaking && !(s->flags & TH_SYN) &&
	                     !snd->ack_sent,
	};
	f.acks_syn = f.covers_syn && !rcv->syn_acked;
	return f;
}

static void endshow_push(uint8_t *list, uint8_t *n, enum tcp_event e)
{
	if (*n < ENDSHOW_MAX_EVENTS)
		list[(*n)++] = (uint8_t)e;
}

/* The ordered events: the SYN, the ACK of a SYN, the ACK of a FIN, the
 * FIN, the RST. */
static void endshow_events(const struct facts *f, const struct endshow *snd,
                           const struct endshow *rcv, const struct segment *s,
                           struct endshow_events *ev)
{
	bool ack = (s->flags & TH_ACK) != 0;
	/* It opened passively if it was sent a SYN, or sent a SYN,ACK,
	 * without a SYN of its own. */
	bool passive = !rcv->pure_syn && (rcv->syn_seen || snd->pure_syn);
	if (f->first_syn) {
		endshow_push(ev->src, &ev->src_n,
		             ack ? EV_SND_SYN_ACK : EV_SND_SYN);
		endshow_push(ev->dst, &ev->dst_n,
		             f->covers_syn ? EV_RCV_SYN_ACK : EV_RCV_SYN);
	} else if (f->acks_syn) {
		endshow_push(ev->dst, &ev->dst_n, EV_RCV_ACK_OF_SYN);
	}
	if (f->plain_ack)
		endshow_push(ev->src, &ev->src_n, EV_SND_ACK);
	if (f->acks_fin)
		endshow_push(ev->dst, &ev->dst_n, EV_RCV_ACK_OF_FIN);
	if (f->first_fin) {
		endshow_push(ev->src, &ev->src_n,
		             f->crossed ? EV_SND_FIN_CROSSED : EV_SND_FIN);
		endshow_push(ev->dst, &ev->dst_n, EV_RCV_FIN);
	}
	if (s->flags & TH_RST) {
		endshow_push(ev->src, &ev->src_n, EV_SND_RST);
		endshow_push(ev->dst, &ev->dst_n,
		             passive ? EV_RCV_RST_PASSIVE : EV_RCV_RST);
	}
}

static void endshow_note(const struct facts *f, struct endshow *snd,
                         struct endshow *rcv, const struct segment *s)
{
	if (f->first_syn) {
		snd->syn_seen = true;
		snd->isn = s->seq;
		snd->pure_syn = !(s->flags & TH_ACK);
	}
	if (f->covers_syn)
		rcv->syn_acked = true;
	if (f->plain_ack)
		snd->ack_sent = true;
	if (f->acks_fin)
		rcv->fin_acked = true;
	if (f->first_fin) {
		snd->fin_seen = true;
		snd->fin_seq = s->seq + s->len + ((s->flags & TH_SYN) ? 1 : 0);
	}
}

bool endshow_fin_crosses(const struct endshow *snd, const struct endshow *rcv,
                         const struct segment *s)
{
	return (s->flags & TH_FIN) && !snd->fin_seen && rcv->fin_seen &&
	       !((s->flags & TH_ACK) && endshow_seq_gt(s->ack, rcv->fin_seq));
}

enum tcp_state endshow_apply(enum tcp_state st, const uint8_t *list, uint8_t n)
{
	for (uint8_t i = 0; i < n; i++)
		st = tcpstate_next(st, (enum tcp_event)list[i]);
	return st;
}

static enum seg_role endshow_role(bool from_client, const struct facts *f,
                                  const struct segment *s)
{
	if (s->flags & TH_RST)
		return ROLE_RST;
	if (s->flags & TH_SYN)
		return (s->flags & TH_ACK) ? ROLE_HANDSHAKE_2
		                           : ROLE_HANDSHAKE_1;
	if (f->acks_syn && from_client)
		return ROLE_HANDSHAKE_3;
	if (s->flags & TH_FIN)
		return f->acks_fin ? ROLE_FIN_AND_ACK : ROLE_FIN;
	if (f->acks_fin)
		return ROLE_FIN_ACK;
	return s->len > 0 ? ROLE_DATA : ROLE_ACK;
}

enum seg_role endshow_segment(struct endshow *snd, struct endshow *rcv,
                              const struct segment *s, bool from_client,
                              struct endshow_events *ev)
{
	struct facts f = endshow_facts(snd, rcv, s);
	endshow_events(&f, snd, rcv, s, ev);
	endshow_note(&f, snd, rcv, s);
	return endshow_role(from_client, &f, s);
}
