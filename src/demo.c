/*
 * demo.c - the live demo's director: it runs the script step by step
 * and merges what the sources report (segments from the capture, calls
 * from the actors, the kernel's socket states) into one time-ordered
 * stream for the model and one view.
 *
 * Shell: namespaces, threads, sockets and libpcap live in their own
 * modules; nothing here decodes a byte or draws a character. Events are
 * held until the capture has been drained past them, then handed on in
 * timestamp order, so that a call and the segment that released it
 * appear in the order they happened.
 */
#include "demo.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "actors.h"
#include "conntrack.h"
#include "decode.h"
#include "fdsink.h"
#include "kstate.h"
#include "lesson.h"
#include "lessonplay.h"
#include "lessonrun.h"
#include "livecap.h"
#include "netns.h"
#include "outbuf.h"
#include "render.h"
#include "stopsig.h"
#include "timeline.h"
#include "ui.h"
#include "util.h"
#include "view.h"

/* How long a call may take before the director calls it blocked and goes
 * on with the next step. */
enum { SETTLE_MS = 100, FINAL_WAIT_MS = 2000, MAX_KSOCKS = 32 };

enum item_kind { ITEM_SEGMENT, ITEM_CALL, ITEM_KSTATE, ITEM_NARRATION };

struct narration {
	int step;
	enum narration_kind kind;
	const char *text; /* owned by the lesson or the demo, or static */
};

struct item {
	enum item_kind kind;
	int64_t ts_ns;
	uint64_t order; /* arrival, to keep equal times stable */
	union {
		struct segment seg;
		struct call_event call;
		struct kstate_event kstate;
		struct narration narration;
	} u;
};

struct demo {
	const struct demo_options *opt;
	int family;
	uint16_t port;
	uint16_t unused_port; /* nobody listens there: lessons connect to it */
	struct livecap *cap;
	int linktype;
	struct actors *actors;
	struct conntrack *ct;
	struct view *view, *events_view;
	struct outbuf out, events_out;
	struct fd_sink out_sink, events_sink;
	int events_fd;
	struct replay_totals tot;
	int64_t origin;
	int have_origin;

	struct timeline *tl;    /* the screen's model, when on a terminal */
	struct lessonrun *lr;   /* the lesson being played, or NULL */
	struct view *judge;     /* its view: what each step made happen */
	char (*step_text)[160]; /* each lesson step's directive */
	int announced;          /* the last step whose question is out */

	/* Where the script is. */
	const struct step *steps;
	int nsteps, next_step;
	bool waiting; /* a step was handed out; waiting for it to settle */
	enum actor waiting_actor;
	int64_t dispatched_ns, due_ns, final_deadline_ns; /* monotonic */
	bool final_wait, done, quit;
	bool step_ready; /* --step on the screen: the user asked for one */
	bool wrapped_up;
	char warning[200]; /* for the screen's status bar; "" when all is well
	                    */

	pthread_mutex_t lock; /* guards items: actor threads add calls */
	struct item *items;
	size_t nitems, cap_items;
	uint64_t next_order;
};

static int64_t demo_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void demo_push(struct demo *d, const struct item *it)
{
	pthread_mutex_lock(&d->lock);
	if (d->nitems == d->cap_items) {
		d->cap_items = d->cap_items ? d->cap_items * 2 : 256;
		d->items = xrealloc(d->items, d->cap_items * sizeof *d->items);
	}
	d->items[d->nitems] = *it;
	d->items[d->nitems].order = d->next_order++;
	d->nitems++;
	pthread_mutex_unlock(&d->lock);
}

/* Called on an actor's thread. */
static void demo_on_call(void *ctx, const struct call_event *ev)
{
	struct item it = {.kind = ITEM_CALL, .ts_ns = ev->ts_ns};
	it.u.call = *ev;
	demo_push(ctx, &it);
}

static void demo_on_frame(void *ctx, const struct frame *f)
{
	struct demo *d = ctx;
	struct item it = {.kind = ITEM_SEGMENT, .ts_ns = f->ts_ns};
	d->tot.frames++;
	enum decode_result r = decode_frame(d->linktype, f->data, f->caplen,
	                                    f->wirelen, &it.u.seg);
	if (r != DECODE_TCP) {
		d->tot.skipped[r]++;
		return;
	}
	it.u.seg.frame = f->number;
	it.u.seg.ts_ns = f->ts_ns;
	demo_push(d, &it);
}

/* The kernel's view of every socket on the demo's port, now. */
static void demo_snapshot(struct demo *d)
{
	struct ksock socks[MAX_KSOCKS];
	char err[256];
	int n = kstate_list(d->family, d->port, socks, MAX_KSOCKS, err,
	                    sizeof err);
	int64_t now = demo_now();
	for (int i = 0; i < n; i++) {
		struct item it = {.kind = ITEM_KSTATE, .ts_ns = now};
		struct kstate_event *k = &it.u.kstate;
		k->ts_ns = now;
		k->actor = socks[i].local.port == d->port ? ACTOR_SERVER
		                                          : ACTOR_CLIENT;
		k->fd = -1;
		for (int s = 0; s < SLOT_COUNT && socks[i].inode; s++) {
			int fd = actors_fd(d->actors, k->actor,
			                   (enum sock_slot)s);
			if (fd >= 0 && kstate_fd_inode(fd) == socks[i].inode)
				k->fd = fd;
		}
		k->local = socks[i].local;
		k->remote = socks[i].remote;
		k->state = socks[i].state;
		demo_push(d, &it);
	}
}

static int demo_item_cmp(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	if (x->ts_ns != y->ts_ns)
		return x->ts_ns < y->ts_ns ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static void demo_emit(struct demo *d, struct item *it)
{
	if (!d->have_origin) {
		d->origin = it->ts_ns;
		d->have_origin = 1;
		if (d->events_view)
			render_jsonl_origin(&d->events_out, d->origin);
		if (d->tl)
			timeline_set_origin(d->tl, d->origin);
	}
	int64_t t = it->ts_ns - d->origin;
	struct seg_event ev;
	switch (it->kind) {
	case ITEM_SEGMENT:
		conntrack_segment(d->ct, &it->u.seg, &ev);
		if (d->judge)
			d->judge->segment(d->judge, &ev, t);
		d->tot.segments++;
		if (ev.new_stream)
			d->tot.streams++;
		d->view->segment(d->view, &ev, t);
		break;
	case ITEM_CALL:
		if (d->judge)
			d->judge->call(d->judge, &it->u.call, t);
		d->view->call(d->view, &it->u.call, t);
		if (d->events_view)
			d->events_view->call(d->events_view, &it->u.call, t);
		break;
	case ITEM_NARRATION: {
		const struct narration *n = &it->u.narration;
		if (d->judge)
			d->judge->narration(d->judge, n->step, n->kind, n->text,
			                    t);
		if (d->view->narration)
			d->view->narration(d->view, n->step, n->kind, n->text,
			                   t);
		if (d->events_view)
			d->events_view->narration(d->events_view, n->step,
			                          n->kind, n->text, t);
		break;
	}
	case ITEM_KSTATE: {
		struct kstate_event *k = &it->u.kstate;
		event_infer_kstate(d->ct, k);
		if (d->judge)
			d->judge->kstate(d->judge, k, t);
		d->view->kstate(d->view, k, t);
		if (d->events_view)
			d->events_view->kstate(d->events_view, k, t);
		break;
	}
	}
}

/* What a message on stderr names after "tcpviz: ". */
static const char *demo_who(const struct demo_options *opt)
{
	return opt->lesson ? "lesson" : "demo";
}

/* Why writing FILE.events failed, or 0. */
static int demo_events_error(const struct demo *d)
{
	if (d->events_view == NULL || !d->events_out.failed)
		return 0;
	return d->events_sink.error ? d->events_sink.error : EIO;
}

/* What has gone wrong underneath, as one line for the screen: packets
 * the kernel dropped before the capture read them, a recording that
 * could not be written. Said again on stderr at the end. */
static void demo_health(struct demo *d)
{
	int64_t dropped = livecap_dropped(d->cap);
	int rec = livecap_record_error(d->cap);
	if (rec == 0)
		rec = demo_events_error(d);
	d->warning[0] = '\0';
	if (dropped > 0)
		snprintf(d->warning, sizeof d->warning,
		         "%lld packets dropped by kernel%s", (long long)dropped,
		         rec ? "; " : "");
	if (rec != 0) {
		size_t n = strlen(d->warning);
		snprintf(d->warning + n, sizeof d->warning - n,
		         "the recording failed: %s", strerror(rec));
	}
}

/* Drain the capture, then hand on, in time order, every event up to
 * `until` (later ones wait for the next sync). */
static void demo_sync(struct demo *d, int64_t until)
{
	if (livecap_drain(d->cap, demo_on_frame, d) < 0)
		fprintf(stderr, "tcpviz: %s: capture: %s\n", demo_who(d->opt),
		        livecap_error(d->cap));
	pthread_mutex_lock(&d->lock);
	size_t n = 0;
	struct item *ready = NULL;
	if (d->nitems > 0) { /* items is NULL until the first one */
		qsort(d->items, d->nitems, sizeof *d->items, demo_item_cmp);
		while (n < d->nitems && d->items[n].ts_ns <= until)
			n++;
		ready = xmalloc((n ? n : 1) * sizeof *ready);
		memcpy(ready, d->items, n * sizeof *ready);
		memmove(d->items, d->items + n,
		        (d->nitems - n) * sizeof *d->items);
		d->nitems -= n;
	}
	pthread_mutex_unlock(&d->lock);
	for (size_t i = 0; i < n; i++)
		demo_emit(d, &ready[i]);
	free(ready);
	outbuf_flush(&d->out);
	if (d->events_view)
		outbuf_flush(&d->events_out);
	demo_health(d);
}

/* --step: wait for a key on the terminal; q ends the demo. */
static int demo_wait_key(void)
{
	fputs("-- press Enter for the next step, q to quit --\n", stderr);
	int c;
	while ((c = getchar()) != EOF && c != '\n')
		if (c == 'q')
			return -1;
	return c == EOF ? -1 : 0;
}

/* The kernel's choice of port, or a check that the asked-for one is free. */
static int demo_pick_port(struct demo *d, char *err, size_t errlen)
{
	int fd = socket(d->family, SOCK_STREAM, 0);
	if (fd < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	struct sockaddr_storage ss = {0};
	socklen_t len;
	if (d->family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
		s6->sin6_family = AF_INET6;
		s6->sin6_addr = in6addr_loopback;
		s6->sin6_port = htons((uint16_t)d->opt->port);
		len = sizeof *s6;
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
		s4->sin_family = AF_INET;
		s4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		s4->sin_port = htons((uint16_t)d->opt->port);
		len = sizeof *s4;
	}
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, (struct sockaddr *)&ss, len) != 0 ||
	    getsockname(fd, (struct sockaddr *)&ss, &len) != 0) {
		snprintf(err, errlen, "port %d on %s: %s", d->opt->port,
		         d->family == AF_INET6 ? "::1" : "127.0.0.1",
		         strerror(errno));
		close(fd);
		return -1;
	}
	d->port = ntohs(d->family == AF_INET6
	                        ? ((struct sockaddr_in6 *)&ss)->sin6_port
	                        : ((struct sockaddr_in *)&ss)->sin_port);
	close(fd);
	return 0;
}

/* --check writes only its report: the timeline goes nowhere. */
static int demo_discard(void *ctx, const char *p, size_t n)
{
	(void)ctx, (void)p, (void)n;
	return 0;
}

static int demo_open_outputs(struct demo *d, char *err, size_t errlen)
{
	d->out_sink.fd = STDOUT_FILENO;
	outbuf_init(&d->out, 1 << 16,
	            d->opt->check ? demo_discard : fd_sink_write, &d->out_sink);
	if (d->opt->screen) {
		d->tl = timeline_new();
		d->view = timeline_view(d->tl);
	} else if (d->opt->format == FORMAT_JSONL) {
		d->view = render_jsonl_new(&d->out);
	} else {
		struct text_options to = {
		        .ascii = d->opt->ascii,
		        .title = d->opt->lesson ? d->opt->lesson->title : NULL};
		d->view = render_text_new(&d->out, &to);
	}
	d->events_fd = -1;
	if (d->opt->record == NULL)
		return 0;
	if (livecap_record(d->cap, d->opt->record, err, errlen) != 0)
		return -1;
	char path[4096];
	snprintf(path, sizeof path, "%s.events", d->opt->record);
	d->events_fd =
	        open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (d->events_fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	d->events_sink =
	        (struct fd_sink){.fd = d->events_fd, .whole_lines = true};
	outbuf_init(&d->events_out, 1 << 14, fd_sink_write, &d->events_sink);
	d->events_view = render_jsonl_new(&d->events_out);
	return 0;
}

static void demo_close_outputs(struct demo *d)
{
	if (d->view)
		d->view->destroy(d->view);
	if (d->tl)
		timeline_free(d->tl);
	if (d->events_view) {
		d->events_view->destroy(d->events_view);
		outbuf_free(&d->events_out);
	}
	if (d->events_fd >= 0)
		close(d->events_fd);
	outbuf_free(&d->out);
}

static void demo_retire(void *ctx, const struct stream_info *s)
{
	/* A demo holds a handful of streams: their final records are
	 * written as they retire, at the end. */
	struct demo *d = ctx;
	d->view->stream(d->view, s);
}

/* The end of a demo, however it ended: the kernel's last word, the
 * actors stopped, the capture drained, the streams' final records. */
static void demo_wrap_up(struct demo *d)
{
	d->wrapped_up = true;
	demo_snapshot(d);
	actors_stop(d->actors);
	d->actors = NULL;
	poll(NULL, 0, 20); /* let the last segments reach the capture */
	demo_sync(d, INT64_MAX);
	d->tot.dropped = livecap_dropped(d->cap);
	conntrack_finish(d->ct);
	d->view->finish(d->view, &d->tot);
	outbuf_flush(&d->out);
}

/* A lesson's words, into the time-ordered stream with the rest. */
static void demo_narrate(struct demo *d, int step, enum narration_kind kind,
                         const char *text)
{
	if (text == NULL)
		return;
	struct item it = {.kind = ITEM_NARRATION, .ts_ns = demo_now()};
	it.u.narration = (struct narration){step, kind, text};
	demo_push(d, &it);
}

static int64_t demo_mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static bool demo_actors_idle(struct demo *d)
{
	for (int a = 0; a < ACTOR_COUNT; a++)
		if (!actors_wait(d->actors, (enum actor)a, 0))
			return false;
	return true;
}

/* A lesson's next step is announced as soon as the one before has
 * settled: its question is out while the user (or the pacing) waits. */
static void demo_announce(struct demo *d)
{
	if (d->lr == NULL || d->announced == d->next_step)
		return;
	const struct lesson_step *ls = &d->opt->lesson->steps[d->next_step];
	if (d->next_step == 0)
		demo_narrate(d, 0, NARRATION_INTRO, d->opt->lesson->intro);
	demo_narrate(d, d->next_step, NARRATION_ASK, ls->ask);
	d->announced = d->next_step;
	demo_sync(d, demo_now());
}

/* Hand out the next step, if its time (or the user's key) has come. */
static void demo_dispatch(struct demo *d, int64_t now)
{
	demo_announce(d);
	if (d->opt->step) {
		if (d->tl == NULL && demo_wait_key() != 0) {
			d->quit = true;
			return;
		}
		if (d->tl != NULL && !d->step_ready)
			return;
		d->step_ready = false;
	} else if (now < d->due_ns) {
		return;
	}
	const struct step *s = &d->steps[d->next_step];
	if (d->lr) {
		demo_narrate(d, d->next_step, NARRATION_STEP,
		             d->step_text[d->next_step]);
	}
	if (s->call != LESSONRUN_SLEEP)
		actors_run(d->actors, s);
	d->waiting = true;
	d->waiting_actor = s->actor;
	d->dispatched_ns = now;
}

/* One move of the script, whatever is due now. */
static void demo_advance(struct demo *d)
{
	int64_t now = demo_mono();
	if (d->waiting) {
		/* Settled: the call returned, or it is taken as blocked; a
		 * sleep step when its time is up. */
		const struct step *s = &d->steps[d->next_step];
		bool sleep = s->call == LESSONRUN_SLEEP;
		bool idle =
		        sleep || actors_wait(d->actors, d->waiting_actor, 0);
		int64_t wait = sleep ? (int64_t)s->arg * 1000000LL
		                     : SETTLE_MS * 1000000LL;
		if (now - d->dispatched_ns < wait && (sleep || !idle))
			return;
		if (d->lr) {
			const struct lesson_step *ls =
			        &d->opt->lesson->steps[d->next_step];
			demo_narrate(d, d->next_step, NARRATION_SETTLED,
			             sleep  ? "slept"
			             : idle ? "returned"
			                    : "blocked");
			demo_narrate(d, d->next_step, NARRATION_SAY, ls->say);
			demo_narrate(d, d->next_step, NARRATION_ANSWER,
			             ls->answer);
		}
		d->waiting = false;
		d->next_step++;
		d->due_ns = now + (int64_t)d->opt->delay_ms * 1000000LL;
		demo_snapshot(d);
		demo_sync(d, demo_now());
	} else if (d->next_step < d->nsteps) {
		demo_dispatch(d, now);
	} else if (!d->final_wait) {
		/* Calls still blocked get a last chance to return. */
		d->final_wait = true;
		d->final_deadline_ns = now + FINAL_WAIT_MS * 1000000LL;
	} else if (demo_actors_idle(d) || now >= d->final_deadline_ns) {
		d->done = true;
	}
}

/* Run the script for about budget_ms; 1 while it goes on, 0 when it has
 * ended (done, quit, a signal, or nobody left to read the output: a
 * closed pipe ends the demo as it would end tcpdump). */
static int demo_pump(struct demo *d, int budget_ms)
{
	int64_t end = demo_mono() + (int64_t)budget_ms * 1000000LL;
	while (!d->done && !d->quit && !stopsig_caught() && !d->out.failed) {
		demo_advance(d);
		if (demo_mono() >= end)
			return 1;
		poll(NULL, 0, 2);
	}
	return 0;
}

static int demo_screen_pump(void *ctx, int budget_ms)
{
	struct demo *d = ctx;
	int more = demo_pump(d, budget_ms);
	if (!more && !d->quit && !stopsig_caught() && d->tl != NULL &&
	    !timeline_finished(d->tl))
		demo_wrap_up(d);
	return more;
}

static void demo_screen_step(void *ctx)
{
	struct demo *d = ctx;
	d->step_ready = true;
}

static const char *demo_screen_warning(void *ctx)
{
	const struct demo *d = ctx;
	return d->warning[0] ? d->warning : NULL;
}

int demo_run(const struct demo_options *opt)
{
	char err[4608];
	const char *who = demo_who(opt);
	struct demo d = {.opt = opt, .family = opt->ipv6 ? AF_INET6 : AF_INET};
	d.tot.dropped = -1;
	pthread_mutex_init(&d.lock, NULL);
	/* From the start: a signal while the namespace, the capture or the
	 * recording is being set up is acted on once they are. */
	stopsig_catch();

	enum netns_kind kind;
	if (netns_enter(&kind, err, sizeof err) != 0) {
		fprintf(stderr, "tcpviz: %s: %s\n", who, err);
		return 1;
	}
	if (demo_pick_port(&d, err, sizeof err) != 0) {
		fprintf(stderr, "tcpviz: %s: %s\n", who, err);
		return opt->port ? 2 : 1;
	}
	/* A second port the kernel hands out and nobody then listens on,
	 * for a lesson's refused connect. */
	uint16_t chosen = d.port;
	const struct demo_options any_port = {.port = 0};
	d.opt = &any_port;
	if (demo_pick_port(&d, err, sizeof err) == 0)
		d.unused_port = d.port;
	d.opt = opt;
	d.port = chosen;
	char filter[64];
	unsigned also = d.unused_port ? d.unused_port : d.port;
	snprintf(filter, sizeof filter, "tcp port %u or tcp port %u",
	         (unsigned)d.port, also);
	d.cap = livecap_open("lo", filter, opt->buffer_kib * 1024, err,
	                     sizeof err);
	if (d.cap == NULL) {
		fprintf(stderr, "tcpviz: %s: %s\n", who, err);
		return 1;
	}
	d.linktype = livecap_linktype(d.cap);
	d.tot.link_type = d.linktype;
	/* Under sudo, the user's from here on: the recording is theirs,
	 * written where they may write, as tcpdump -Z does. */
	if (netns_drop_privileges(err, sizeof err) != 0 ||
	    demo_open_outputs(&d, err, sizeof err) != 0) {
		fprintf(stderr, "tcpviz: %s: %s\n", who, err);
		demo_close_outputs(&d);
		livecap_close(d.cap);
		return 1;
	}

	signal(SIGPIPE, SIG_IGN);
	d.ct = conntrack_new(demo_retire, &d);
	struct actors_config ac = {
	        .family = d.family,
	        .port = d.port,
	        .unused_port = d.unused_port,
	        .message = opt->message,
	        .on_event = demo_on_call,
	        .ctx = &d,
	};
	d.actors = actors_start(&ac);
	d.announced = -1;
	if (opt->lesson) {
		d.lr = lessonrun_new(opt->lesson);
		d.judge = lessonrun_view(d.lr);
		d.steps = lessonrun_steps(d.lr, &d.nsteps);
		d.step_text = xcalloc((size_t)d.nsteps, sizeof *d.step_text);
		for (int i = 0; i < d.nsteps; i++)
			lesson_step_text(&opt->lesson->steps[i], d.step_text[i],
			                 sizeof d.step_text[i]);
	} else {
		d.steps = actors_echo_script(&d.nsteps);
	}
	int sig = 0;
	if (d.tl != NULL && !stopsig_caught()) {
		struct ui_source src = {.pump = demo_screen_pump,
		                        .step = demo_screen_step,
		                        .warning = demo_screen_warning,
		                        .ctx = &d};
		struct ui_options uo = {
		        .title = opt->lesson ? opt->lesson->title : "live demo",
		        .ascii = opt->ascii,
		        .color = opt->color,
		        .live = true,
		        .stepping = opt->step};
		if (opt->lesson)
			timeline_set_steps(d.tl, d.nsteps);
		int st = ui_run(d.tl, &src, &uo);
		sig = st >= 128 ? st - 128 : 0;
	} else {
		while (demo_pump(&d, 100))
			;
	}
	if (sig == 0)
		sig = stopsig_caught();
	if (sig == 0 && d.quit)
		sig = -1;
	if (!d.wrapped_up)
		demo_wrap_up(&d);

	int status = sig > 0 ? 128 + sig : 0;
	if (d.lr && opt->check && sig == 0 &&
	    lessonplay_report(d.lr, opt->lesson_name) > 0)
		status = 1;
	/* A reader that went away (| head) is no error; a full disk is. */
	if (d.out.failed && d.out_sink.error != EPIPE) {
		fprintf(stderr, "tcpviz: %s: standard output: %s\n", who,
		        strerror(d.out_sink.error ? d.out_sink.error : EIO));
		if (status == 0)
			status = 1;
	}
	if (d.tot.dropped > 0)
		fprintf(stderr,
		        "tcpviz: %s: %lld packets dropped by kernel: "
		        "segments are missing from the timeline\n",
		        who, (long long)d.tot.dropped);
	if (d.events_view)
		outbuf_flush(&d.events_out);
	int rec = livecap_record_error(d.cap), ev = demo_events_error(&d);
	if (rec != 0)
		fprintf(stderr,
		        "tcpviz: %s: %s: %s: the recording holds only the "
		        "first %llu packets\n",
		        who, opt->record, strerror(rec),
		        (unsigned long long)livecap_recorded(d.cap));
	else if (ev != 0)
		fprintf(stderr,
		        "tcpviz: %s: %s.events: %s: the calls and narration "
		        "stop early (the packets are all in %s)\n",
		        who, opt->record, strerror(ev), opt->record);
	if ((rec != 0 || ev != 0) && status == 0)
		status = 1;
	if (sig > 0)
		fprintf(stderr, "tcpviz: %s: stopped by signal %d\n", who, sig);
	else if (sig < 0)
		fprintf(stderr,
		        "tcpviz: %s: stopped before the end of the script\n",
		        who);

	demo_close_outputs(&d);
	conntrack_free(d.ct);
	livecap_close(d.cap);
	free(d.items);
	lessonrun_free(d.lr);
	free(d.step_text);
	pthread_mutex_destroy(&d.lock);
	return status;
}
