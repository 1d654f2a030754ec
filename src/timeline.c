/*
 * timeline.c - the rows the screen steps through: every segment, socket
 * call and kernel state the model delivers, kept in time order, each
 * with a display line, and which segment released each blocking call.
 *
 * Pure: no I/O, no globals, no drawing. It must not decode or track
 * anything either: it keeps what conntrack and the sources said, as the
 * view callbacks deliver it (already in time order).
 *
 * Memory: sizeof(struct tl_row) is 88 bytes on LP64 (x86_64, aarch64),
 * so 2 million segments take 176 MB of rows, plus 4 bytes each for the
 * display line and the packed options of those that carry any (typically
 * 11 bytes for a timestamp option).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "chunks.h"
#include "tcpopt.h"
#include "timeline.h"
#include "util.h"

/* A call with what the pairing decided of it; ev.detail and ev.actor
 * point into the timeline's own storage. */
struct tl_call {
	struct call_event ev;
	uint32_t released_by; /* return: the segment row, or TL_NONE */
};

/* The call an actor has entered and not returned from. */
struct tl_pending {
	uint32_t actor; /* the actor's id, or TL_NONE: known by side only */
	enum side side;
	uint32_t row; /* its enter row, or TL_NONE */
};

struct timeline {
	struct view view; /* handed to the model; see timeline_view */
	struct chunks rows;
	struct chunks calls;
	struct chunks kstates;
	struct chunks notes;   /* text and actor the timeline's own */
	struct chunks streams; /* struct stream_info, by id */

	uint8_t *arena; /* packed options; see timeline_pack_options */
	size_t arena_len, arena_cap;

	uint32_t *display; /* row of each display line, ascending */
	size_t ndisplay, capdisplay;

	struct tl_narration *narration;
	size_t nnarration, capnarration;
	int last_step, steps;

	struct tl_pending *pending; /* one an actor, as they are met */
	size_t npending;
	/* Copies of the actors, each allocated on its own so that a call's
	 * pointer to one stays valid; their id is their index here. orig:
	 * the session's record each copies (several sessions' actors when
	 * captures are replayed one after another). */
	struct actor **actors;
	const struct actor **orig;
	size_t nactors;

	/* The captures replayed one after another (one entry a session). */
	struct tl_file *files;
	size_t nfiles;
	bool finished;
	struct session_totals totals;
};

enum {
	TL_ROW_SHIFT = 12,   /* 4096 rows a block */
	TL_EVENT_SHIFT = 8,  /* calls and kstates: 256 a block */
	TL_STREAM_SHIFT = 8, /* streams: 256 a block */
};

static struct timeline *timeline_of(struct view *v)
{
	return (struct timeline *)((char *)v - offsetof(struct timeline, view));
}

static void timeline_put(struct timeline *tl, const void *p, size_t n)
{
	if (tl->arena_len + n > tl->arena_cap) {
		size_t cap = tl->arena_cap ? tl->arena_cap : 4096;
		while (cap < tl->arena_len + n)
			cap *= 2;
		tl->arena = xrealloc(tl->arena, cap);
		tl->arena_cap = cap;
	}
	memcpy(tl->arena + tl->arena_len, p, n);
	tl->arena_len += n;
}

static void timeline_put_u8(struct timeline *tl, unsigned v)
{
	uint8_t b = (uint8_t)v;
	timeline_put(tl, &b, 1);
}

/* The segment's options, packed (tcpopt_pack) into the arena. */
static uint32_t timeline_pack_options(struct timeline *tl,
                                      const struct tcpopts *o)
{
	uint8_t buf[TCPOPT_PACKED_MAX];
	/* Offsets are 32 bits; past 4 GB of options, stop keeping them. */
	size_t n = tcpopt_pack(o, buf);
	if (n == 0 || tl->arena_len >= TL_NONE - 256)
		return TL_NONE;
	uint32_t at = (uint32_t)tl->arena_len;
	timeline_put(tl, buf, n);
	return at;
}

/* A payload's first bytes: their count, then the bytes. */
static uint32_t timeline_pack_payload(struct timeline *tl,
                                      const struct segment *s)
{
	if (s->payload_kept == 0 || tl->arena_len >= TL_NONE - 256)
		return TL_NONE;
	uint32_t at = (uint32_t)tl->arena_len;
	timeline_put_u8(tl, s->payload_kept);
	timeline_put(tl, s->payload, s->payload_kept);
	return at;
}

/* The stored copy of a stream, made (zeroed) up to its id if new. */
static struct stream_info *timeline_stream_slot(struct timeline *tl,
                                                uint64_t id)
{
	while (tl->streams.count <= id)
		chunks_push(&tl->streams);
	return chunks_at(&tl->streams, (size_t)id);
}

static void timeline_add_display(struct timeline *tl, size_t row)
{
	if (tl->ndisplay == tl->capdisplay) {
		tl->capdisplay = tl->capdisplay ? tl->capdisplay * 2 : 1024;
		tl->display = xrealloc(tl->display,
		                       tl->capdisplay * sizeof *tl->display);
	}
	tl->display[tl->ndisplay++] = (uint32_t)row;
}

static struct tl_row *timeline_append(struct timeline *tl, enum tl_kind kind,
                                      int64_t t_ns)
{
	struct tl_row *r = chunks_push(&tl->rows);
	r->kind = (uint8_t)kind;
	r->t_ns = t_ns;
	return r;
}

static void timeline_fill_segment(struct tl_segment *d,
                                  const struct seg_event *ev)
{
	const struct segment *s = ev->seg;
	d->frame = s->frame;
	d->stream = (uint32_t)ev->stream->id; /* + the file's first, below */
	d->seq = s->seq;
	d->ack = s->ack;
	d->rseq = ev->rseq;
	d->rack = ev->rack;
	d->len = s->len;
	d->released = TL_NONE;
	d->win = s->win;
	d->urp = s->urp;
	d->cksum = s->cksum;
	d->flags = s->flags;
	d->analysis = (uint16_t)ev->analysis;
	d->hdr_len = s->hdr_len;
	d->role = (uint8_t)ev->role;
	d->src_before = (uint8_t)ev->src_before;
	d->src_after = (uint8_t)ev->src_state;
	d->dst_before = (uint8_t)ev->dst_before;
	d->dst_after = (uint8_t)ev->dst_state;
	d->c2s = ev->c2s;
	d->truncated = s->truncated;
	d->new_stream = ev->new_stream;
	d->malformed = s->malformed;
}

/* The first stream of the capture being read: stream ids restart in each
 * of several captures, the timeline's count on. */
static uint32_t timeline_stream_base(const struct timeline *tl)
{
	return tl->nfiles ? tl->files[tl->nfiles - 1].first_stream : 0;
}

/* The same for steps. */
static int timeline_step_base(const struct timeline *tl)
{
	return tl->nfiles ? tl->files[tl->nfiles - 1].first_step : 0;
}

static void timeline_on_segment(struct view *v, const struct seg_event *ev,
                                int64_t t_ns)
{
	struct timeline *tl = timeline_of(v);
	size_t i = tl->rows.count;
	struct tl_row *r = timeline_append(tl, TL_SEGMENT, t_ns);
	timeline_fill_segment(&r->u.seg, ev);
	r->u.seg.stream += timeline_stream_base(tl);
	r->u.seg.opts = timeline_pack_options(tl, &ev->seg->opts);
	r->u.seg.payload = timeline_pack_payload(tl, ev->seg);
	/* conntrack's record is only valid until its next call: copy. */
	*timeline_stream_slot(tl, r->u.seg.stream) = *ev->stream;
	timeline_add_display(tl, i);
}

static bool timeline_blocking(enum call_kind c)
{
	return c == CALL_ACCEPT || c == CALL_CONNECT || c == CALL_RECV;
}

/* A segment reaches the client when it travels server to client. */
static bool timeline_reaches(const struct tl_segment *s, enum side who)
{
	return who == SIDE_CLIENT ? !s->c2s : s->c2s;
}

/* The timeline's copy of an actor: the newest copy of that record (an
 * actor is always made known before its first event). */
static const struct actor *timeline_actor_copy(const struct timeline *tl,
                                               const struct actor *a)
{
	for (size_t i = tl->nactors; a != NULL && i-- > 0;)
		if (tl->orig[i] == a)
			return tl->actors[i];
	return NULL;
}

/* The pending slot of the call's actor, made if new. */
static uint32_t *timeline_pending_slot(struct timeline *tl,
                                       const struct call_event *ev)
{
	const struct actor *copy = timeline_actor_copy(tl, ev->actor);
	uint32_t id = copy ? copy->id : TL_NONE;
	for (size_t i = 0; i < tl->npending; i++) {
		struct tl_pending *p = &tl->pending[i];
		if (p->actor == id && (id != TL_NONE || p->side == ev->side))
			return &p->row;
	}
	tl->pending =
	        xrealloc(tl->pending, (tl->npending + 1) * sizeof *tl->pending);
	tl->pending[tl->npending] = (struct tl_pending){id, ev->side, TL_NONE};
	return &tl->pending[tl->npending++].row;
}

/*
 * The segment that released a blocking call: the latest segment row that
 * reached the caller's side between the enter and the return (inclusive)
 * and released nothing else. Client and server are the sides within a
 * stream, and segments of every stream are searched. TL_NONE when none
 * qualifies.
 */
static uint32_t timeline_find_release(const struct timeline *tl,
                                      const struct call_event *ev,
                                      uint32_t enter, int64_t t_ns)
{
	if (enter == TL_NONE)
		return TL_NONE;
	const struct tl_row *er = timeline_row(tl, enter);
	const struct call_event *ee = timeline_call(tl, er);
	if (ee == NULL || ee->call != ev->call)
		return TL_NONE;
	for (size_t i = tl->rows.count; i-- > 0;) {
		const struct tl_row *r = timeline_row(tl, i);
		if (r->t_ns < er->t_ns)
			break;
		if (r->kind != TL_SEGMENT || r->t_ns > t_ns)
			continue;
		if (r->u.seg.released == TL_NONE &&
		    timeline_reaches(&r->u.seg, ev->side))
			return (uint32_t)i;
	}
	return TL_NONE;
}

/* The lesson's steps and the wall-clock time of t = 0; with several
 * captures, where the next one starts (a line of its own). */
static void timeline_on_begin(struct view *v, const struct session_info *info)
{
	struct timeline *tl = timeline_of(v);
	tl->files = xrealloc(tl->files, (tl->nfiles + 1) * sizeof *tl->files);
	struct tl_file *f = &tl->files[tl->nfiles];
	int first_step = tl->last_step + 1;
	if (tl->nfiles > 0 && first_step < f[-1].first_step + f[-1].steps)
		first_step = f[-1].first_step + f[-1].steps;
	*f = (struct tl_file){
	        .name = xstrdup(info->file    ? info->file
	                        : info->title ? info->title
	                                      : ""),
	        .number = info->file_number > 0 ? info->file_number : 1,
	        .files = info->files > 1 ? info->files : 1,
	        .row = (uint32_t)tl->rows.count,
	        .first_stream = (uint32_t)tl->streams.count,
	        .first_step = first_step,
	        .steps = info->steps,
	        .origin_ns = info->origin_ns,
	};
	tl->nfiles++;
	tl->steps += info->steps;
	/* A call left blocked at the end of one capture is no call of the
	 * next's. */
	for (size_t i = 0; i < tl->npending; i++)
		tl->pending[i].row = TL_NONE;
	if (f->files > 1) {
		struct tl_row *r = timeline_append(tl, TL_FILE, 0);
		r->u.index = (uint32_t)(tl->nfiles - 1);
		timeline_add_display(tl, f->row);
	}
}

static void timeline_on_actor(struct view *v, const struct actor *a)
{
	struct timeline *tl = timeline_of(v);
	size_t n = tl->nactors;
	tl->actors = xrealloc(tl->actors, (n + 1) * sizeof *tl->actors);
	tl->orig = xrealloc(tl->orig, (n + 1) * sizeof *tl->orig);
	struct actor *c = xmalloc(sizeof *c);
	*c = *a;
	c->id = (uint32_t)n;
	c->label = xstrdup(a->label ? a->label : "");
	c->prog = a->prog ? xstrdup(a->prog) : NULL;
	tl->actors[n] = c;
	tl->orig[n] = a;
	tl->nactors = n + 1;
}

static void timeline_on_call(struct view *v, const struct call_event *ev,
                             int64_t t_ns)
{
	struct timeline *tl = timeline_of(v);
	size_t i = tl->rows.count;
	bool known = (unsigned)ev->side < SIDE_COUNT;
	uint32_t seg = TL_NONE;
	uint32_t *pending = known ? timeline_pending_slot(tl, ev) : NULL;
	if (known && !ev->enter && timeline_blocking(ev->call))
		seg = timeline_find_release(tl, ev, *pending, t_ns);

	struct tl_call *c = chunks_push(&tl->calls);
	c->ev = *ev;
	c->ev.actor = timeline_actor_copy(tl, ev->actor);
	c->ev.detail = xstrdup(ev->detail ? ev->detail : "");
	if (c->ev.has_stream)
		c->ev.stream += timeline_stream_base(tl);
	c->released_by = seg;
	struct tl_row *r = timeline_append(tl, TL_CALL, t_ns);
	r->u.index = (uint32_t)(tl->calls.count - 1);

	if (known)
		*pending = ev->enter ? (uint32_t)i : TL_NONE;
	/* Every return has a line of its own, so its words (the value, the
	 * errno, how long it blocked) are never squeezed beside a segment. */
	timeline_add_display(tl, i);
	if (seg != TL_NONE) {
		struct tl_row *sr = chunks_at(&tl->rows, seg);
		sr->u.seg.released = (uint32_t)i;
	}
}

/* Whether the kernel said the same of this socket last time (and it
 * agreed with the segments then and now): a repeat is no news, and the
 * screen would fill with it after every call. Scans the recent kernel
 * rows only: a demo has a handful of sockets. */
static bool timeline_kstate_repeats(const struct timeline *tl,
                                    const struct kstate_event *ev)
{
	size_t n = tl->kstates.count, seen = 0;
	for (size_t i = n; i-- > 0 && seen < 16; seen++) {
		const struct kstate_event *k = chunks_at(&tl->kstates, i);
		if (!endpoint_equal(&k->local, &ev->local) ||
		    !endpoint_equal(&k->remote, &ev->remote))
			continue;
		bool agrees = !ev->has_inferred || ev->inferred == ev->state;
		return k->state == ev->state && k->fd == ev->fd && agrees &&
		       k->has_queue == ev->has_queue && k->queue == ev->queue;
	}
	return false;
}

static void timeline_on_kstate(struct view *v, const struct kstate_event *ev,
                               int64_t t_ns)
{
	struct timeline *tl = timeline_of(v);
	if (timeline_kstate_repeats(tl, ev))
		return;
	size_t i = tl->rows.count;
	struct kstate_event *k = chunks_push(&tl->kstates);
	*k = *ev;
	k->actor = timeline_actor_copy(tl, ev->actor);
	if (k->has_inferred)
		k->stream += timeline_stream_base(tl);
	struct tl_row *r = timeline_append(tl, TL_KSTATE, t_ns);
	r->u.index = (uint32_t)(tl->kstates.count - 1);
	timeline_add_display(tl, i);
}

static void timeline_on_note(struct view *v, const struct note_event *ev,
                             int64_t t_ns)
{
	struct timeline *tl = timeline_of(v);
	size_t i = tl->rows.count;
	struct note_event *n = chunks_push(&tl->notes);
	*n = *ev;
	n->actor = timeline_actor_copy(tl, ev->actor);
	n->text = xstrdup(ev->text ? ev->text : "");
	struct tl_row *r = timeline_append(tl, TL_NOTE, t_ns);
	r->u.index = (uint32_t)(tl->notes.count - 1);
	timeline_add_display(tl, i);
}

static void timeline_on_narration(struct view *v, int step,
                                  enum narration_kind kind, const char *text,
                                  int64_t t_ns)
{
	struct timeline *tl = timeline_of(v);
	if (tl->nnarration >= TIMELINE_NARRATION_MAX || step < 0 ||
	    step > INT_MAX / 2 || (unsigned)kind >= NARRATION_KIND_COUNT)
		return;
	step += timeline_step_base(tl);
	if (tl->nnarration == tl->capnarration) {
		tl->capnarration = tl->capnarration ? tl->capnarration * 2 : 64;
		tl->narration =
		        xrealloc(tl->narration,
		                 tl->capnarration * sizeof *tl->narration);
	}
	struct tl_narration *n = &tl->narration[tl->nnarration];
	n->step = step;
	n->kind = kind;
	n->text = xstrdup(text ? text : "");
	n->row = (uint32_t)tl->rows.count;
	if (kind == NARRATION_STEP) {
		struct tl_row *r = timeline_append(tl, TL_STEP, t_ns);
		r->u.index = (uint32_t)tl->nnarration;
		timeline_add_display(tl, n->row);
		if (step > tl->last_step)
			tl->last_step = step;
	}
	tl->nnarration++;
}

size_t timeline_narration_count(const struct timeline *tl)
{
	return tl->nnarration;
}

const struct tl_narration *timeline_narration(const struct timeline *tl,
                                              size_t i)
{
	return i < tl->nnarration ? &tl->narration[i] : NULL;
}

const char *timeline_narration_text(const struct timeline *tl, int step,
                                    enum narration_kind kind)
{
	for (size_t i = tl->nnarration; i-- > 0;)
		if (tl->narration[i].step == step &&
		    tl->narration[i].kind == kind)
			return tl->narration[i].text;
	return NULL;
}

int timeline_step_of_line(const struct timeline *tl, size_t line)
{
	if (tl->last_step < 0 || line >= tl->ndisplay)
		return -1;
	size_t row = tl->display[line];
	/* Step rows in ascending row order: the last at or before row. */
	int step = -1;
	for (size_t i = 0; i < tl->nnarration; i++) {
		const struct tl_narration *n = &tl->narration[i];
		if (n->kind != NARRATION_STEP)
			continue;
		if (n->row > row)
			break;
		step = n->step;
	}
	return step;
}

size_t timeline_step_line(const struct timeline *tl, int step)
{
	for (size_t i = 0; i < tl->nnarration; i++) {
		const struct tl_narration *n = &tl->narration[i];
		if (n->kind == NARRATION_STEP && n->step == step)
			return timeline_display_of(tl, n->row);
	}
	return SIZE_MAX;
}

int timeline_last_step(const struct timeline *tl)
{
	return tl->last_step;
}

int timeline_steps(const struct timeline *tl)
{
	return tl->steps;
}

static void timeline_on_stream(struct view *v, const struct stream_info *s)
{
	struct timeline *tl = timeline_of(v);
	*timeline_stream_slot(tl, timeline_stream_base(tl) + s->id) = *s;
}

/* Totals over every capture; finished after the last. */
static void timeline_on_finish(struct view *v, const struct session_totals *t)
{
	struct timeline *tl = timeline_of(v);
	struct session_totals *a = &tl->totals;
	const struct tl_file *f =
	        tl->nfiles ? &tl->files[tl->nfiles - 1] : NULL;
	if (f == NULL || f->number <= 1) {
		*a = *t;
	} else {
		a->frames += t->frames;
		a->filtered_out += t->filtered_out;
		a->segments += t->segments;
		a->streams += t->streams;
		for (size_t i = 0; i < DECODE_RESULT_COUNT; i++)
			a->skipped[i] += t->skipped[i];
		a->malformed += t->malformed;
		a->truncated += t->truncated;
		a->link_type = t->link_type;
		a->cut_off |= t->cut_off;
	}
	tl->finished = f == NULL || f->number >= f->files;
}

/* The timeline outlives its view (the screen reads it after the model is
 * done): only timeline_free frees it. */
static void timeline_on_destroy(struct view *v)
{
	(void)v;
}

struct timeline *timeline_new(void)
{
	struct timeline *tl = xcalloc(1, sizeof *tl);
	chunks_init(&tl->rows, sizeof(struct tl_row), TL_ROW_SHIFT);
	chunks_init(&tl->calls, sizeof(struct tl_call), TL_EVENT_SHIFT);
	chunks_init(&tl->kstates, sizeof(struct kstate_event), TL_EVENT_SHIFT);
	chunks_init(&tl->notes, sizeof(struct note_event), TL_EVENT_SHIFT);
	chunks_init(&tl->streams, sizeof(struct stream_info), TL_STREAM_SHIFT);
	tl->last_step = -1;
	tl->view.begin = timeline_on_begin;
	tl->view.actor = timeline_on_actor;
	tl->view.segment = timeline_on_segment;
	tl->view.call = timeline_on_call;
	tl->view.kstate = timeline_on_kstate;
	tl->view.narration = timeline_on_narration;
	tl->view.note = timeline_on_note;
	tl->view.stream = timeline_on_stream;
	tl->view.finish = timeline_on_finish;
	tl->view.destroy = timeline_on_destroy;
	return tl;
}

void timeline_free(struct timeline *tl)
{
	if (tl == NULL)
		return;
	chunks_free(&tl->rows);
	for (size_t i = 0; i < tl->calls.count; i++) {
		struct tl_call *c = chunks_at(&tl->calls, i);
		free((char *)c->ev.detail);
	}
	chunks_free(&tl->calls);
	for (size_t i = 0; i < tl->nactors; i++) {
		free((char *)tl->actors[i]->label);
		free((char *)tl->actors[i]->prog);
		free(tl->actors[i]);
	}
	free(tl->actors);
	free(tl->orig);
	for (size_t i = 0; i < tl->nfiles; i++)
		free(tl->files[i].name);
	free(tl->files);
	free(tl->pending);
	chunks_free(&tl->kstates);
	for (size_t i = 0; i < tl->notes.count; i++) {
		struct note_event *n = chunks_at(&tl->notes, i);
		free((char *)n->text);
	}
	chunks_free(&tl->notes);
	chunks_free(&tl->streams);
	free(tl->arena);
	free(tl->display);
	for (size_t i = 0; i < tl->nnarration; i++)
		free(tl->narration[i].text);
	free(tl->narration);
	free(tl);
}

struct view *timeline_view(struct timeline *tl)
{
	return &tl->view;
}

size_t timeline_count(const struct timeline *tl)
{
	return tl->rows.count;
}

const struct tl_row *timeline_row(const struct timeline *tl, size_t i)
{
	if (i >= tl->rows.count)
		return NULL;
	return chunks_at(&tl->rows, i);
}

const struct call_event *timeline_call(const struct timeline *tl,
                                       const struct tl_row *r)
{
	if (r == NULL || r->kind != TL_CALL || r->u.index >= tl->calls.count)
		return NULL;
	const struct tl_call *c = chunks_at(&tl->calls, r->u.index);
	return &c->ev;
}

const struct kstate_event *timeline_kstate(const struct timeline *tl,
                                           const struct tl_row *r)
{
	if (r == NULL || r->kind != TL_KSTATE ||
	    r->u.index >= tl->kstates.count)
		return NULL;
	return chunks_at(&tl->kstates, r->u.index);
}

const struct note_event *timeline_note(const struct timeline *tl,
                                       const struct tl_row *r)
{
	if (r == NULL || r->kind != TL_NOTE || r->u.index >= tl->notes.count)
		return NULL;
	return chunks_at(&tl->notes, r->u.index);
}

void timeline_options(const struct timeline *tl, const struct tl_row *r,
                      struct tcpopts *out)
{
	memset(out, 0, sizeof *out);
	if (r == NULL || r->kind != TL_SEGMENT || r->u.seg.opts == TL_NONE)
		return;
	tcpopt_unpack(tl->arena + r->u.seg.opts, out);
}

size_t timeline_payload(const struct timeline *tl, const struct tl_row *r,
                        uint8_t *out)
{
	if (r == NULL || r->kind != TL_SEGMENT || r->u.seg.payload == TL_NONE)
		return 0;
	const uint8_t *p = tl->arena + r->u.seg.payload;
	size_t n = p[0] < SEGMENT_PAYLOAD_MAX ? p[0] : SEGMENT_PAYLOAD_MAX;
	memcpy(out, p + 1, n);
	return n;
}

uint32_t timeline_released_by(const struct timeline *tl, size_t row)
{
	const struct tl_row *r = timeline_row(tl, row);
	if (r == NULL || r->kind != TL_CALL)
		return TL_NONE;
	const struct tl_call *c = chunks_at(&tl->calls, r->u.index);
	return c->released_by;
}

size_t timeline_display_count(const struct timeline *tl)
{
	return tl->ndisplay;
}

/* Past the last line: TL_NONE, which no row index reaches. */
size_t timeline_display_row(const struct timeline *tl, size_t display)
{
	if (display >= tl->ndisplay)
		return TL_NONE;
	return tl->display[display];
}

/* The first display line whose row is at or after row (binary search:
 * display rows ascend). */
static size_t timeline_display_lower(const struct timeline *tl, size_t row)
{
	size_t lo = 0, hi = tl->ndisplay;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (tl->display[mid] < row)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t timeline_display_of(const struct timeline *tl, size_t row)
{
	return timeline_display_lower(tl, row);
}

uint32_t timeline_pending(const struct timeline *tl, enum side side)
{
	uint32_t newest = TL_NONE;
	for (size_t i = 0; i < tl->npending; i++) {
		const struct tl_pending *p = &tl->pending[i];
		if (p->side == side && p->row != TL_NONE &&
		    (newest == TL_NONE || p->row > newest))
			newest = p->row;
	}
	return newest;
}

int timeline_fd_state(const struct timeline *tl, size_t row)
{
	const struct call_event *c = timeline_call(tl, timeline_row(tl, row));
	if (c == NULL || c->fd < 0)
		return -1;
	for (size_t i = row, k = 0; i-- > 0 && k < 4096; k++) {
		const struct tl_row *r = timeline_row(tl, i);
		const struct kstate_event *ks = timeline_kstate(tl, r);
		if (ks && ks->side == c->side && ks->fd == c->fd)
			return (int)ks->state;
		/* No state read since its connect() failed, or since it was
		 * made without a listen() or connect() that worked: CLOSED
		 * (the kernel lists no socket that never connected). */
		const struct call_event *e =
		        r->kind == TL_CALL ? timeline_call(tl, r) : NULL;
		if (!e || e->enter || e->side != c->side || e->fd != c->fd ||
		    e->actor != c->actor)
			continue;
		if (e->call == CALL_CONNECT || e->call == CALL_LISTEN)
			return e->ret < 0 && e->call == CALL_CONNECT ? ST_CLOSED
			                                             : -1;
		if (e->call == CALL_SOCKET)
			return ST_CLOSED;
	}
	return -1;
}

bool timeline_call_pending(const struct timeline *tl, size_t row)
{
	for (size_t i = 0; i < tl->npending; i++)
		if (tl->pending[i].row == row)
			return true;
	return false;
}

uint32_t timeline_stream_count(const struct timeline *tl)
{
	return (uint32_t)tl->streams.count;
}

const struct stream_info *timeline_stream(const struct timeline *tl,
                                          uint32_t id)
{
	if (id >= tl->streams.count)
		return NULL;
	return chunks_at(&tl->streams, id);
}

bool timeline_finished(const struct timeline *tl)
{
	return tl->finished;
}

const struct session_totals *timeline_totals(const struct timeline *tl)
{
	return &tl->totals;
}

int64_t timeline_origin(const struct timeline *tl)
{
	return tl->nfiles ? tl->files[0].origin_ns : 0;
}

size_t timeline_file_count(const struct timeline *tl)
{
	return tl->nfiles;
}

const struct tl_file *timeline_file(const struct timeline *tl, size_t i)
{
	return i < tl->nfiles ? &tl->files[i] : NULL;
}

const struct tl_file *timeline_file_of_row(const struct timeline *tl,
                                           size_t row)
{
	for (size_t i = tl->nfiles; i-- > 0;)
		if (tl->files[i].row <= row)
			return &tl->files[i];
	return NULL;
}

const struct tl_file *timeline_file_of_stream(const struct timeline *tl,
                                              uint32_t id)
{
	for (size_t i = tl->nfiles; i-- > 0;)
		if (tl->files[i].first_stream <= id)
			return &tl->files[i];
	return NULL;
}

uint32_t timeline_file_streams(const struct timeline *tl,
                               const struct tl_file *f)
{
	if (f == NULL)
		return timeline_stream_count(tl);
	size_t i = (size_t)(f - tl->files);
	uint32_t end = i + 1 < tl->nfiles ? tl->files[i + 1].first_stream
	                                  : (uint32_t)tl->streams.count;
	return end - f->first_stream;
}

int64_t timeline_origin_at(const struct timeline *tl, size_t row)
{
	const struct tl_file *f = timeline_file_of_row(tl, row);
	return f ? f->origin_ns : timeline_origin(tl);
}

void timeline_step_number(const struct timeline *tl, int step, int *n,
                          int *total)
{
	*n = step + 1;
	*total = tl->steps;
	for (size_t i = tl->nfiles; tl->nfiles > 1 && i-- > 0;)
		if (tl->files[i].first_step <= step) {
			*n = step - tl->files[i].first_step + 1;
			*total = tl->files[i].steps;
			return;
		}
}
