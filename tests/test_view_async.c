/*
 * test_view_async.c - a view behind view_async sees the same calls, with
 * the same values, in the same order, as the view called directly; the
 * caller's pointers need not outlive a call; finish and sync wait for
 * the other thread.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view_async.h"

/* A view that writes down every call it gets. */
struct log_view {
	struct view view;
	char *text;
	size_t len, cap;
	int finished, *destroyed;
};

static void log_add(struct view *v, const char *fmt, ...)
{
	struct log_view *l = (struct log_view *)v;
	char line[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (l->len + (size_t)n + 1 > l->cap) {
		l->cap = (l->cap + (size_t)n + 1) * 2;
		l->text = realloc(l->text, l->cap);
	}
	memcpy(l->text + l->len, line, (size_t)n + 1);
	l->len += (size_t)n;
}

static void log_segment(struct view *v, const struct seg_event *ev,
                        int64_t t_ns)
{
	log_add(v, "seg %lld f%llu s%llu %u %u %d %s %u %s\n", (long long)t_ns,
	        (unsigned long long)ev->seg->frame,
	        (unsigned long long)ev->stream->id, ev->rseq, ev->analysis,
	        ev->c2s, ev->stream->client_guessed ? "g" : "-",
	        ev->seg->opts.tsval,
	        ev->seg->malformed ? ev->seg->malformed : "");
}

static void log_call(struct view *v, const struct call_event *ev, int64_t t_ns)
{
	log_add(v, "call %lld %d %s %s\n", (long long)t_ns, ev->fd, ev->detail,
	        ev->actor ? ev->actor->label : "-");
}

static void log_kstate(struct view *v, const struct kstate_event *ev,
                       int64_t t_ns)
{
	log_add(v, "kstate %lld %d %u\n", (long long)t_ns, ev->state,
	        ev->local.port);
}

static void log_narration(struct view *v, int step, enum narration_kind kind,
                          const char *text, int64_t t_ns)
{
	log_add(v, "narr %lld %d %d %s\n", (long long)t_ns, step, kind, text);
}

static void log_stream(struct view *v, const struct stream_info *s)
{
	log_add(v, "stream %llu %llu\n", (unsigned long long)s->id,
	        (unsigned long long)s->segments);
}

static void log_begin(struct view *v, const struct session_info *info)
{
	log_add(v, "begin %s %d\n", info->title, info->steps);
}

static void log_actor(struct view *v, const struct actor *a)
{
	log_add(v, "actor %u %s\n", a->id, a->label);
}

static void log_finish(struct view *v, const struct session_totals *t)
{
	log_add(v, "finish %llu\n", (unsigned long long)t->frames);
	((struct log_view *)v)->finished = 1;
}

static void log_destroy(struct view *v)
{
	struct log_view *l = (struct log_view *)v;
	(*l->destroyed)++;
}

static void log_init(struct log_view *l, int *destroyed)
{
	*l = (struct log_view){
	        .view = {.begin = log_begin,
	                 .actor = log_actor,
	                 .segment = log_segment,
	                 .call = log_call,
	                 .kstate = log_kstate,
	                 .narration = log_narration,
	                 .stream = log_stream,
	                 .finish = log_finish,
	                 .destroy = log_destroy},
	        .destroyed = destroyed,
	};
}

/* The same calls into v, from values that change under each call. */
static void drive(struct view *v, unsigned n)
{
	static const struct actor client = {.id = 0, .label = "client"};
	char title[32] = "a title";
	struct session_info info = {.title = title, .steps = 3};
	v->begin(v, &info);
	memset(title, 'x', sizeof title - 1);
	v->actor(v, &client);
	for (unsigned i = 0; i < n; i++) {
		struct segment seg = {.frame = i + 1, .malformed = NULL};
		seg.opts.tsval = i * 7u;
		if (i % 1000 == 999)
			seg.malformed = "TCP data offset below 5";
		struct stream_info st = {.id = i / 10, .client_guessed = i & 1};
		struct seg_event ev = {.seg = &seg,
		                       .stream = &st,
		                       .rseq = i * 3u,
		                       .analysis = i % 5,
		                       .c2s = i % 3 == 0};
		v->segment(v, &ev, (int64_t)i * 1000);
		/* The caller reuses its structs at once. */
		memset(&seg, 0xff, sizeof seg);
		memset(&st, 0xff, sizeof st);
		if (i % 97 == 0) {
			char detail[32];
			snprintf(detail, sizeof detail, "10.0.0.%u:80",
			         i % 256);
			struct call_event c = {.fd = (int)i,
			                       .actor = &client,
			                       .detail = detail};
			v->call(v, &c, (int64_t)i);
			memset(detail, 'x', sizeof detail - 1);
			struct kstate_event k = {.state = ST_TIME_WAIT};
			k.local.port = (uint16_t)i;
			v->kstate(v, &k, (int64_t)i);
		}
		if (i % 501 == 0) {
			char text[64];
			snprintf(text, sizeof text, "step text %u", i);
			v->narration(v, (int)i, NARRATION_SAY, text,
			             (int64_t)i);
			memset(text, 'x', sizeof text - 1);
		}
	}
	for (unsigned s = 0; s < n / 10; s++) {
		struct stream_info st = {.id = s, .segments = 10};
		v->stream(v, &st);
	}
	struct session_totals t = {.frames = n};
	v->finish(v, &t);
}

static void test_same_calls(void **state)
{
	(void)state;
	int destroyed = 0;
	struct log_view direct, inner;
	log_init(&direct, &destroyed);
	log_init(&inner, &destroyed);
	drive(&direct.view, 200000);

	struct view *a = view_async_new(&inner.view);
	assert_non_null(a);
	drive(a, 200000);
	/* finish has returned: the other thread is done with inner. */
	assert_int_equal(inner.finished, 1);
	assert_int_equal(inner.len, direct.len);
	assert_memory_equal(inner.text, direct.text, direct.len);
	a->destroy(a);
	assert_int_equal(destroyed, 1); /* the inner view, by the wrapper */
	free(direct.text);
	free(inner.text);
}

static void test_sync(void **state)
{
	(void)state;
	int destroyed = 0;
	struct log_view inner;
	log_init(&inner, &destroyed);
	struct view *a = view_async_new(&inner.view);
	struct stream_info st = {.id = 42, .segments = 3};
	a->stream(a, &st);
	view_async_sync(a);
	assert_string_equal(inner.text, "stream 42 3\n");
	a->destroy(a);
	free(inner.text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_same_calls),
	        cmocka_unit_test(test_sync),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
