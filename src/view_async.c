/*
 * view_async.c - a view's calls handed to a thread of their own (see
 * view_async.h).
 *
 * One record per call, in a ring of fixed-size records: a segment's
 * record carries copies of its segment and stream, and the event is
 * pointed at them again on the other side. A narration's text and a
 * call's detail, the only things of no fixed size, are copied to the
 * heap and freed by the thread that used them. begin and actor, once
 * each, wait for the other thread, so what they point to need not
 * outlive them either. Must not look at what the records mean.
 */
#include "view_async.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "spsc.h"
#include "util.h"

/* About 1.4 MB of records in flight: a few thousand segments, enough to
 * ride out either thread being descheduled for a while. */
enum { RING_RECORDS = 4096 };

enum async_kind {
	ASYNC_BEGIN,
	ASYNC_ACTOR,
	ASYNC_SEGMENT,
	ASYNC_CALL,
	ASYNC_KSTATE,
	ASYNC_NARRATION,
	ASYNC_NOTE,
	ASYNC_STREAM,
	ASYNC_FINISH,
};

struct async_record {
	enum async_kind kind;
	int64_t t_ns;
	union {
		struct session_info info;
		const struct actor *actor;
		struct {
			struct seg_event ev;
			struct segment seg;
			struct stream_info stream;
		} segment;
		struct call_event call;
		struct kstate_event kstate;
		struct note_event note;
		struct {
			int step;
			enum narration_kind kind;
			char *text;
		} narration;
		struct stream_info stream;
		struct session_totals totals;
	} u;
};

struct async_view {
	struct view view;
	struct view *inner;
	struct spsc *ring;
	pthread_t thread;
};

static void async_run(struct view *in, struct async_record *r)
{
	switch (r->kind) {
	case ASYNC_BEGIN:
		in->begin(in, &r->u.info);
		break;
	case ASYNC_ACTOR:
		in->actor(in, r->u.actor);
		break;
	case ASYNC_SEGMENT:
		r->u.segment.ev.seg = &r->u.segment.seg;
		r->u.segment.ev.stream = &r->u.segment.stream;
		in->segment(in, &r->u.segment.ev, r->t_ns);
		break;
	case ASYNC_CALL:
		in->call(in, &r->u.call, r->t_ns);
		free((char *)r->u.call.detail);
		break;
	case ASYNC_KSTATE:
		in->kstate(in, &r->u.kstate, r->t_ns);
		break;
	case ASYNC_NARRATION:
		in->narration(in, r->u.narration.step, r->u.narration.kind,
		              r->u.narration.text, r->t_ns);
		free(r->u.narration.text);
		break;
	case ASYNC_NOTE:
		in->note(in, &r->u.note, r->t_ns);
		free((char *)r->u.note.text);
		break;
	case ASYNC_STREAM:
		in->stream(in, &r->u.stream);
		break;
	case ASYNC_FINISH:
		in->finish(in, &r->u.totals);
		break;
	}
}

static void *async_thread(void *arg)
{
	struct async_view *a = arg;
	struct async_record *r;
	while ((r = spsc_peek(a->ring)) != NULL) {
		async_run(a->inner, r);
		spsc_release(a->ring);
	}
	return NULL;
}

static struct async_record *async_start(struct view *v, enum async_kind kind,
                                        int64_t t_ns)
{
	struct async_record *r = spsc_reserve(((struct async_view *)v)->ring);
	r->kind = kind;
	r->t_ns = t_ns;
	return r;
}

static void async_end(struct view *v)
{
	spsc_publish(((struct async_view *)v)->ring);
}

static void async_segment(struct view *v, const struct seg_event *ev,
                          int64_t t_ns)
{
	struct async_record *r = async_start(v, ASYNC_SEGMENT, t_ns);
	r->u.segment.ev = *ev;
	segment_copy(&r->u.segment.seg, ev->seg);
	r->u.segment.stream = *ev->stream;
	async_end(v);
}

static void async_call(struct view *v, const struct call_event *ev,
                       int64_t t_ns)
{
	struct async_record *r = async_start(v, ASYNC_CALL, t_ns);
	r->u.call = *ev;
	r->u.call.detail = ev->detail ? xstrdup(ev->detail) : NULL;
	async_end(v);
}

static void async_kstate(struct view *v, const struct kstate_event *ev,
                         int64_t t_ns)
{
	async_start(v, ASYNC_KSTATE, t_ns)->u.kstate = *ev;
	async_end(v);
}

static void async_note(struct view *v, const struct note_event *ev,
                       int64_t t_ns)
{
	struct async_record *r = async_start(v, ASYNC_NOTE, t_ns);
	r->u.note = *ev;
	r->u.note.text = xstrdup(ev->text ? ev->text : "");
	async_end(v);
}

static void async_narration(struct view *v, int step, enum narration_kind kind,
                            const char *text, int64_t t_ns)
{
	struct async_record *r = async_start(v, ASYNC_NARRATION, t_ns);
	r->u.narration.step = step;
	r->u.narration.kind = kind;
	r->u.narration.text = xstrdup(text);
	async_end(v);
}

static void async_stream(struct view *v, const struct stream_info *s)
{
	async_start(v, ASYNC_STREAM, 0)->u.stream = *s;
	async_end(v);
}

void view_async_sync(struct view *v)
{
	spsc_drain(((struct async_view *)v)->ring);
}

static void async_begin(struct view *v, const struct session_info *info)
{
	async_start(v, ASYNC_BEGIN, 0)->u.info = *info;
	async_end(v);
	view_async_sync(v);
}

static void async_actor(struct view *v, const struct actor *a)
{
	async_start(v, ASYNC_ACTOR, 0)->u.actor = a;
	async_end(v);
	view_async_sync(v);
}

static void async_finish(struct view *v, const struct session_totals *t)
{
	async_start(v, ASYNC_FINISH, 0)->u.totals = *t;
	async_end(v);
	view_async_sync(v);
}

static void async_destroy(struct view *v)
{
	struct async_view *a = (struct async_view *)v;
	spsc_close(a->ring);
	pthread_join(a->thread, NULL);
	spsc_free(a->ring);
	a->inner->destroy(a->inner);
	free(a);
}

struct view *view_async_new(struct view *inner)
{
	struct async_view *a = xcalloc(1, sizeof *a);
	a->inner = inner;
	a->ring = spsc_new(sizeof(struct async_record), RING_RECORDS);
	if (pthread_create(&a->thread, NULL, async_thread, a) != 0) {
		spsc_free(a->ring);
		free(a);
		return NULL;
	}
	/* Optional calls stay absent where the inner view has none. */
	a->view.begin = inner->begin ? async_begin : NULL;
	a->view.actor = inner->actor ? async_actor : NULL;
	a->view.segment = async_segment;
	a->view.call = async_call;
	a->view.kstate = async_kstate;
	a->view.narration = inner->narration ? async_narration : NULL;
	a->view.note = inner->note ? async_note : NULL;
	a->view.stream = async_stream;
	a->view.finish = async_finish;
	a->view.destroy = async_destroy;
	return &a->view;
}
