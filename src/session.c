/*
 * session.c - sources in, views out, through one time-ordered stream
 * (see session.h).
 *
 * Core: no drawing, no capture, no sockets. It must not know which
 * source feeds it or which views read it: demo, lessons and replay
 * reach every view through the same functions below.
 */
#include "session.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "conntrack.h"
#include "decode.h"
#include "streamstore.h"
#include "util.h"

enum item_kind { ITEM_CALL, ITEM_KSTATE, ITEM_NARRATION, ITEM_NOTE };

/* An event held until the capture has been read past it. */
struct item {
	enum item_kind kind;
	int64_t ts_ns;
	uint64_t order; /* arrival: equal times keep their order */
	union {
		struct call_event call;
		struct kstate_event kstate;
		struct note_event note;
		struct {
			int step;
			enum narration_kind kind;
		} narration;
	} u;
	char *text; /* the session's copy of a call's detail, a note's text
	               or a narration */
};

/*
 * A row held back until a SYN's answer is known (conntrack.h,
 * seg_event.syn_waits): the waiting SYN, and everything after it, in
 * order. Pointers are set again when a row is handed on (the queue
 * moves).
 */
struct held {
	bool is_segment;
	bool waits; /* a SYN whose answer is not known yet */
	/* The row before it of the same waiting stream (its number, see
	 * held_seq0), or HELD_NONE: an answer walks its stream's rows. */
	uint64_t prev_same;
	struct seg_event ev;
	struct segment seg;
	struct stream_info stream;
	struct item item; /* when not a segment */
};

/* How long a SYN may wait for its answer, in capture time: past the
 * first retransmission (a second on Linux) with room to spare. Also at
 * most this many rows are held: past that, the oldest waiting SYN is
 * taken to have had no answer. */
#define SESSION_SYN_WAIT_NS (3LL * 1000000000LL)
#define SESSION_HELD_MAX    16384
#define HELD_NONE           UINT64_MAX

/* A stream whose SYN waits: its latest held row, and which side its
 * SYN went to. */
struct held_wait {
	uint64_t key;  /* the stream's id plus one; 0: an empty slot */
	uint64_t last; /* a held row's number */
	bool to_server;
};

struct session {
	struct session_info info;
	bool began, finished;
	int link_type;

	struct view **views;
	size_t nviews;
	struct actor **actors; /* each allocated once: pointers stay valid */
	size_t nactors;

	struct conntrack *ct;
	struct streamstore *store;
	bool store_failed;
	struct session_totals tot;

	/* Held events, sorted by (ts_ns, order), from items[head]. */
	bool threaded;
	pthread_mutex_t lock;
	struct item *items;
	size_t head, count, cap;
	uint64_t next_order;

	/* Rows held back while a SYN waits, from held[held_head]; row
	 * held[i] is number held_seq0 + i, for good. */
	struct held *held;
	size_t held_head, held_count, held_cap;
	uint64_t held_seq0;
	/* The streams whose SYN waits, by id: open addressing, linear
	 * probing, at most half full (a busy capture has thousands). */
	struct held_wait *waits;
	size_t nwaits, capwaits; /* capwaits: 0 or a power of two */
};

static void session_retire(void *ctx, const struct stream_info *si)
{
	struct session *s = ctx;
	if (streamstore_put(s->store, si) != 0)
		s->store_failed = true;
}

struct session *session_new(const struct session_config *cfg)
{
	struct session *s = xcalloc(1, sizeof *s);
	s->info.title = cfg->title;
	s->info.steps = cfg->steps;
	s->info.file = cfg->file;
	s->info.file_number = cfg->file_number;
	s->info.files = cfg->files;
	s->link_type = cfg->link_type;
	s->threaded = cfg->threaded;
	if (s->threaded)
		pthread_mutex_init(&s->lock, NULL);
	s->ct = conntrack_new(session_retire, s);
	s->store = streamstore_new();
	s->tot.link_type = cfg->link_type;
	s->tot.dropped = -1;
	return s;
}

void session_free(struct session *s)
{
	if (s == NULL)
		return;
	for (size_t i = s->head; i < s->count; i++)
		free(s->items[i].text);
	free(s->items);
	for (size_t i = s->held_head; i < s->held_count; i++)
		if (!s->held[i].is_segment)
			free(s->held[i].item.text);
	free(s->held);
	free(s->waits);
	for (size_t i = 0; i < s->nactors; i++) {
		free((char *)s->actors[i]->label);
		free((char *)s->actors[i]->prog);
		free(s->actors[i]);
	}
	free(s->actors);
	free(s->views);
	conntrack_free(s->ct);
	streamstore_free(s->store);
	if (s->threaded)
		pthread_mutex_destroy(&s->lock);
	free(s);
}

void session_attach(struct session *s, struct view *v)
{
	s->views = xrealloc(s->views, (s->nviews + 1) * sizeof *s->views);
	s->views[s->nviews++] = v;
	if (v->actor)
		for (size_t i = 0; i < s->nactors; i++)
			v->actor(v, s->actors[i]);
}

const struct actor *session_actor(struct session *s, const char *label, int pid,
                                  int tid, const char *prog)
{
	struct actor *a = xcalloc(1, sizeof *a);
	a->id = (uint32_t)s->nactors;
	a->label = xstrdup(label ? label : "");
	a->pid = pid;
	a->tid = tid;
	a->prog = prog ? xstrdup(prog) : NULL;
	s->actors = xrealloc(s->actors, (s->nactors + 1) * sizeof *s->actors);
	s->actors[s->nactors++] = a;
	for (size_t i = 0; i < s->nviews; i++)
		if (s->views[i]->actor)
			s->views[i]->actor(s->views[i], a);
	return a;
}

const struct actor *session_actor_find(const struct session *s,
                                       const char *label)
{
	for (size_t i = 0; i < s->nactors; i++)
		if (strcmp(s->actors[i]->label, label) == 0)
			return s->actors[i];
	return NULL;
}

/* The origin is the time of the first thing that happened: every view
 * learns it, with the title and the steps, before its first event. */
static void session_begin(struct session *s, int64_t origin_ns)
{
	if (s->began)
		return;
	s->began = true;
	s->info.origin_ns = origin_ns;
	for (size_t i = 0; i < s->nviews; i++)
		if (s->views[i]->begin)
			s->views[i]->begin(s->views[i], &s->info);
}

static void session_lock(struct session *s)
{
	if (s->threaded)
		pthread_mutex_lock(&s->lock);
}

static void session_unlock(struct session *s)
{
	if (s->threaded)
		pthread_mutex_unlock(&s->lock);
}

/* Hold an event: sorted in by time, after any of the same time. */
static void session_hold(struct session *s, struct item *it)
{
	session_lock(s);
	if (s->head > 0 && s->head * 2 >= s->count) { /* reclaim the front */
		memmove(s->items, s->items + s->head,
		        (s->count - s->head) * sizeof *s->items);
		s->count -= s->head;
		s->head = 0;
	}
	if (s->count == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->items = xrealloc(s->items, s->cap * sizeof *s->items);
	}
	it->order = s->next_order++;
	size_t lo = s->head, hi = s->count;
	while (lo < hi) { /* the first item later than it */
		size_t mid = lo + (hi - lo) / 2;
		if (s->items[mid].ts_ns <= it->ts_ns)
			lo = mid + 1;
		else
			hi = mid;
	}
	memmove(s->items + lo + 1, s->items + lo,
	        (s->count - lo) * sizeof *s->items);
	s->items[lo] = *it;
	s->count++;
	session_unlock(s);
}

void session_call(struct session *s, const struct call_event *ev)
{
	struct item it = {.kind = ITEM_CALL, .ts_ns = ev->ts_ns};
	it.u.call = *ev;
	it.text = xstrdup(ev->detail ? ev->detail : "");
	it.u.call.detail = it.text;
	session_hold(s, &it);
}

void session_kstate(struct session *s, const struct kstate_event *ev)
{
	struct item it = {.kind = ITEM_KSTATE, .ts_ns = ev->ts_ns};
	it.u.kstate = *ev;
	session_hold(s, &it);
}

void session_note(struct session *s, const struct note_event *ev)
{
	struct item it = {.kind = ITEM_NOTE, .ts_ns = ev->ts_ns};
	it.u.note = *ev;
	it.text = xstrdup(ev->text ? ev->text : "");
	it.u.note.text = it.text;
	session_hold(s, &it);
}

void session_narration(struct session *s, int64_t ts_ns, int step,
                       enum narration_kind kind, const char *text)
{
	struct item it = {.kind = ITEM_NARRATION, .ts_ns = ts_ns};
	it.u.narration.step = step;
	it.u.narration.kind = kind;
	it.text = xstrdup(text ? text : "");
	session_hold(s, &it);
}

/* Take the earliest held event if it is before `until` (or at it, with
 * inclusive); false when there is none. */
static bool session_take(struct session *s, int64_t until, bool inclusive,
                         struct item *out)
{
	bool taken = false;
	session_lock(s);
	if (s->head < s->count) {
		int64_t t = s->items[s->head].ts_ns;
		if (t < until || (inclusive && t == until)) {
			*out = s->items[s->head++];
			taken = true;
		}
	}
	session_unlock(s);
	return taken;
}

static void session_dispatch_item(struct session *s, struct item *it)
{
	int64_t t = it->ts_ns - s->info.origin_ns;
	for (size_t i = 0; i < s->nviews; i++) {
		struct view *v = s->views[i];
		switch (it->kind) {
		case ITEM_CALL:
			v->call(v, &it->u.call, t);
			break;
		case ITEM_KSTATE:
			v->kstate(v, &it->u.kstate, t);
			break;
		case ITEM_NARRATION:
			if (v->narration)
				v->narration(v, it->u.narration.step,
				             it->u.narration.kind, it->text, t);
			break;
		case ITEM_NOTE:
			if (v->note)
				v->note(v, &it->u.note, t);
			break;
		}
	}
	free(it->text);
}

static void session_dispatch_segment(struct session *s,
                                     const struct seg_event *ev)
{
	int64_t t = ev->seg->ts_ns - s->info.origin_ns;
	for (size_t i = 0; i < s->nviews; i++)
		s->views[i]->segment(s->views[i], ev, t);
}

/* A new row at the end of the held ones; its number in *seq. Only
 * is_segment, waits and prev_same are set: the caller fills the rest. */
static struct held *session_hold_row(struct session *s, uint64_t *seq)
{
	if (s->held_head > 0 && s->held_head * 2 >= s->held_count) {
		memmove(s->held, s->held + s->held_head,
		        (s->held_count - s->held_head) * sizeof *s->held);
		s->held_count -= s->held_head;
		s->held_seq0 += s->held_head;
		s->held_head = 0;
	}
	if (s->held_count == s->held_cap) {
		s->held_cap = s->held_cap ? s->held_cap * 2 : 64;
		s->held = xrealloc(s->held, s->held_cap * sizeof *s->held);
	}
	*seq = s->held_seq0 + s->held_count;
	struct held *h = &s->held[s->held_count++];
	h->is_segment = false;
	h->waits = false;
	h->prev_same = HELD_NONE;
	return h;
}

static size_t session_wait_slot(const struct session *s, uint64_t key)
{
	return (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 32) &
	       (s->capwaits - 1);
}

static struct held_wait *session_find_wait(struct session *s, uint64_t stream)
{
	if (s->nwaits == 0)
		return NULL;
	for (size_t i = session_wait_slot(s, stream + 1);;
	     i = (i + 1) & (s->capwaits - 1)) {
		if (s->waits[i].key == stream + 1)
			return &s->waits[i];
		if (s->waits[i].key == 0)
			return NULL;
	}
}

static void session_put_wait(struct session *s, const struct held_wait *w)
{
	size_t i = session_wait_slot(s, w->key);
	while (s->waits[i].key != 0)
		i = (i + 1) & (s->capwaits - 1);
	s->waits[i] = *w;
}

static void session_add_wait(struct session *s, const struct held_wait *w)
{
	if ((s->nwaits + 1) * 2 > s->capwaits) {
		struct held_wait *old = s->waits;
		size_t n = s->capwaits;
		s->capwaits = n ? n * 2 : 64;
		s->waits = xcalloc(s->capwaits, sizeof *s->waits);
		for (size_t i = 0; i < n; i++)
			if (old[i].key != 0)
				session_put_wait(s, &old[i]);
		free(old);
	}
	session_put_wait(s, w);
	s->nwaits++;
}

/* Empty w's slot, moving back the entries after it that probed past it
 * (no tombstones). */
static void session_remove_wait(struct session *s, struct held_wait *w)
{
	size_t mask = s->capwaits - 1, i = (size_t)(w - s->waits);
	for (size_t j = (i + 1) & mask; s->waits[j].key != 0;
	     j = (j + 1) & mask) {
		size_t home = session_wait_slot(s, s->waits[j].key);
		/* j's entry may move to i if i lies on its probe path. */
		if (((j - home) & mask) >= ((j - i) & mask)) {
			s->waits[i] = s->waits[j];
			i = j;
		}
	}
	s->waits[i].key = 0;
	s->nwaits--;
}

static bool session_holding(const struct session *s)
{
	return s->held_head < s->held_count;
}

/* Hand on the held rows up to the first SYN still waiting. */
static void session_flush_held(struct session *s)
{
	while (session_holding(s) && !s->held[s->held_head].waits) {
		struct held *h = &s->held[s->held_head++];
		if (h->is_segment) {
			h->ev.seg = &h->seg;
			h->ev.stream = &h->stream;
			session_dispatch_segment(s, &h->ev);
		} else {
			session_dispatch_item(s, &h->item);
		}
	}
}

/*
 * What an answer says of the held rows of its stream: a SYN refused
 * (RST) came to no listener, whose side was CLOSED before and after; a
 * SYN dropped (sent again, or never answered) left its receiver in
 * LISTEN. The stream's copies say the same of the receiver's state.
 */
static void session_answer(struct session *s, uint64_t stream,
                           enum syn_answer a)
{
	struct held_wait *w;
	if (a == SYN_NO_NEWS || (w = session_find_wait(s, stream)) == NULL)
		return;
	/* Every row of the stream since its SYN: the rows of its wait. */
	for (uint64_t seq = w->last; seq != HELD_NONE;) {
		struct held *h = &s->held[seq - s->held_seq0];
		seq = h->prev_same;
		if (h->waits) {
			h->waits = false;
			if (a == SYN_ANSWERED)
				continue;
			h->ev.dst_nevents = 0;
			if (a == SYN_REFUSED)
				h->ev.dst_before = ST_CLOSED;
			h->ev.dst_state = h->ev.dst_before;
		}
		if (a == SYN_ANSWERED)
			continue;
		enum tcp_state *rcv = w->to_server ? &h->stream.server_state
		                                   : &h->stream.client_state;
		*rcv = a == SYN_REFUSED ? ST_CLOSED : ST_LISTEN;
	}
	session_remove_wait(s, w);
}

/* The waiting FIN's row, its receiver's own FIN having crossed it: the
 * receiver had sent that FIN first (FIN_WAIT_1), and this one made it
 * CLOSING, never CLOSE_WAIT. */
static enum tcp_state session_fin_crossed(struct seg_event *ev)
{
	uint8_t n = 0, ev_list[CONNTRACK_MAX_EVENTS] = {0};
	for (uint8_t i = 0; i < ev->dst_nevents && n < CONNTRACK_MAX_EVENTS;
	     i++) {
		if (ev->dst_events[i] == EV_RCV_FIN)
			ev_list[n++] = EV_SND_FIN;
		if (n < CONNTRACK_MAX_EVENTS)
			ev_list[n++] = ev->dst_events[i];
	}
	memcpy(ev->dst_events, ev_list, n);
	ev->dst_nevents = n;
	ev->dst_state = endshow_apply(ev->dst_before, ev->dst_events, n);
	return ev->dst_state;
}

/* What its receiver's next word says of a waiting FIN: as shown, or
 * crossed, which puts the receiver right in every row since the FIN
 * (the FIN's row heads its stream's chain; the rows after it are its
 * sender's, which go to the receiver). */
static void session_fin_answer(struct session *s, uint64_t stream,
                               enum fin_answer a)
{
	struct held_wait *w;
	if (a == FIN_NO_NEWS || (w = session_find_wait(s, stream)) == NULL)
		return;
	struct held *fin = &s->held[w->last - s->held_seq0];
	while (fin->prev_same != HELD_NONE)
		fin = &s->held[fin->prev_same - s->held_seq0];
	fin->waits = false;
	enum tcp_state rcv =
	        a == FIN_CROSSED ? session_fin_crossed(&fin->ev) : ST_CLOSED;
	for (uint64_t seq = w->last; a == FIN_CROSSED && seq != HELD_NONE;) {
		struct held *h = &s->held[seq - s->held_seq0];
		seq = h->prev_same;
		if (h != fin) {
			h->ev.dst_before = rcv;
			h->ev.dst_state = endshow_apply(rcv, h->ev.dst_events,
			                                h->ev.dst_nevents);
		}
		*(w->to_server ? &h->stream.server_state
		               : &h->stream.client_state) = rcv;
	}
	session_remove_wait(s, w);
}

/* Hold a segment's row, in its stream's chain if its SYN or FIN waits. */
static void session_hold_segment(struct session *s, const struct segment *seg,
                                 const struct seg_event *ev)
{
	uint64_t seq;
	struct held *h = session_hold_row(s, &seq);
	h->is_segment = true;
	h->waits = ev->syn_waits || ev->fin_waits;
	h->ev = *ev;
	h->seg = *seg;
	h->stream = *ev->stream;
	struct held_wait *w = session_find_wait(s, ev->stream->id);
	if (w != NULL) {
		h->prev_same = w->last;
		w->last = seq;
	} else if (h->waits) {
		struct held_wait nw = {ev->stream->id + 1, seq, ev->c2s};
		session_add_wait(s, &nw);
	}
}

/* Waiting SYNs that had no answer by now (or too many rows held):
 * their receivers stayed in LISTEN. */
static void session_expire_held(struct session *s, int64_t now, bool all)
{
	session_flush_held(s);
	while (session_holding(s)) {
		struct held *h = &s->held[s->held_head];
		bool old = now - h->seg.ts_ns > SESSION_SYN_WAIT_NS;
		if (!all && !old &&
		    s->held_count - s->held_head <= SESSION_HELD_MAX)
			return;
		conntrack_unanswered(s->ct, &h->seg, h->stream.id);
		if (h->ev.fin_waits) /* as shown */
			session_fin_answer(s, h->stream.id, FIN_ANSWERED);
		else
			session_answer(s, h->stream.id, SYN_DROPPED);
		/* Answered through its stream's chain; should the chain ever
		 * miss it, it is let go all the same: never a loop here. */
		h->waits = false;
		session_flush_held(s);
	}
}

/* An item's time has come: to the views, or behind the held rows. */
static void session_emit(struct session *s, struct item *it)
{
	session_begin(s, it->ts_ns);
	if (it->kind == ITEM_KSTATE) /* beside what the segments say now */
		event_infer_kstate(s->ct, &it->u.kstate);
	if (it->kind == ITEM_CALL)
		event_call_stream(s->ct, &it->u.call);
	if (!session_holding(s)) {
		session_dispatch_item(s, it);
		return;
	}
	uint64_t seq;
	struct held *h = session_hold_row(s, &seq);
	h->item = *it;
}

static void session_release_before(struct session *s, int64_t until,
                                   bool inclusive)
{
	struct item it;
	while (session_take(s, until, inclusive, &it))
		session_emit(s, &it);
}

void session_release(struct session *s, int64_t until_ns)
{
	session_release_before(s, until_ns, true);
	session_expire_held(s, until_ns, false);
}

static void session_count(struct session *s, const struct segment *seg,
                          const struct seg_event *ev)
{
	s->tot.segments++;
	if (ev->new_stream)
		s->tot.streams++;
	if (seg->malformed || seg->opts.error)
		s->tot.malformed++;
	if (seg->truncated)
		s->tot.truncated++;
}

static void session_segment(struct session *s, const struct segment *seg)
{
	struct seg_event ev;
	session_expire_held(s, seg->ts_ns, false);
	conntrack_segment(s->ct, seg, &ev);
	session_count(s, seg, &ev);
	session_answer(s, ev.stream->id, ev.answer);
	session_fin_answer(s, ev.stream->id, ev.fin_answer);
	session_flush_held(s);
	if (!session_holding(s) && !ev.syn_waits && !ev.fin_waits) {
		session_dispatch_segment(s, &ev);
		return;
	}
	session_hold_segment(s, seg, &ev);
}

void session_frame(struct session *s, const struct frame *f)
{
	session_release_before(s, f->ts_ns, false);
	session_begin(s, f->ts_ns);
	s->tot.frames++;
	if (!f->matches) {
		s->tot.filtered_out++;
		return;
	}
	struct segment seg;
	enum decode_result d = decode_frame(s->link_type, f->data, f->caplen,
	                                    f->wirelen, &seg);
	if (d != DECODE_TCP) {
		s->tot.skipped[d]++;
		return;
	}
	seg.frame = f->number;
	seg.ts_ns = f->ts_ns;
	session_segment(s, &seg);
}

static void session_stream_out(void *ctx, const struct stream_info *si)
{
	struct session *s = ctx;
	for (size_t i = 0; i < s->nviews; i++)
		s->views[i]->stream(s->views[i], si);
}

void session_finish(struct session *s)
{
	if (s->finished)
		return;
	s->finished = true;
	session_release_before(s, INT64_MAX, true);
	session_expire_held(s, INT64_MAX, true);
	session_begin(s, 0); /* nothing happened at all */
	conntrack_finish(s->ct);
	if (streamstore_each(s->store, session_stream_out, s) != 0)
		s->store_failed = true;
	for (size_t i = 0; i < s->nviews; i++)
		s->views[i]->finish(s->views[i], &s->tot);
}

bool session_finished(const struct session *s)
{
	return s->finished;
}

struct session_totals *session_totals(struct session *s)
{
	return &s->tot;
}

int64_t session_origin(const struct session *s)
{
	return s->info.origin_ns;
}

bool session_store_failed(const struct session *s)
{
	return s->store_failed;
}
