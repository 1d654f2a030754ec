/*
 * demo.c - the live demo's director: it runs the script step by step
 * while its sources (the capture on the loopback, the scripted actors'
 * calls, the kernel's socket states, a lesson's words) report to the
 * session, which orders them and hands them to the views.
 *
 * Shell: namespaces, threads, sockets and libpcap live in their own
 * modules; nothing here decodes a byte or draws a character, and no view
 * is called from here: the session does that.
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
#include "fdsink.h"
#include "i18n.h"
#include "kstate.h"
#include "lesson.h"
#include "lessonnet.h"
#include "lessonplay.h"
#include "lessonrun.h"
#include "livecap.h"
#include "netns.h"
#include "outbuf.h"
#include "render.h"
#include "session.h"
#include "sockaddr.h"
#include "stopsig.h"
#include "timeline.h"
#include "ui.h"
#include "util.h"
#include "view.h"
#include "views.h"
#include "wirehold.h"

/* How long a call may take before the director calls it blocked and goes
 * on with the next step. */
enum {
	SETTLE_MS = 100,
	FINAL_WAIT_MS = 2000,
	MAX_KSOCKS = 32,
	SYNC_EVERY_MS = 250,
	SETTLE_QUIET_MS = 20, /* after a step, before the kernel is asked */
};

struct demo {
	const struct demo_options *opt;
	int family;
	uint16_t port;
	uint16_t unused_port; /* nobody listens there: lessons connect to it */
	/* Where a lesson's 'bind raw' listens: the port's two bytes read
	 * the other way round (0 when no step binds so). */
	uint16_t raw_port;
	struct livecap *cap;
	struct wirehold *hold; /* for a lesson's "both" steps, or NULL */
	struct actors *actors;
	struct session *session;
	const struct actor *actor[SIDE_COUNT]; /* the scripted pair */
	const struct actor *child;             /* the server's, or NULL */
	struct view *view, *events_view;       /* owned; NULL when none */
	struct outbuf out, events_out;
	struct fd_sink out_sink, events_sink;
	int events_fd;

	struct timeline *tl;    /* the screen's model, when on a terminal */
	struct lessonrun *lr;   /* the lesson being played, or NULL */
	char (*step_text)[160]; /* each lesson step's directive */
	int announced;          /* the last step whose question is out */

	/* Where the script is. */
	const struct step *steps;
	int nsteps, next_step;
	bool waiting;      /* a step was handed out; waiting for it to settle */
	int waiting_actor; /* actors_who() */
	int64_t dispatched_ns, due_ns, final_deadline_ns; /* monotonic */
	int64_t synced_ns;  /* monotonic: the last sync while a step ran */
	int64_t settled_ns; /* monotonic: when the last step settled */
	bool final_wait, done, quit;
	int64_t busy_ns; /* monotonic: since when the next step's actor is
	                    still in an earlier call; 0: it is not */
	int stuck;       /* the step (from 1) that never found its actor free */
	bool step_ready; /* --step on the screen: the user asked for one */
	bool wrapped_up;
	char warning[200];   /* for the screen's status bar; "" when all is well
	                      */
	char next_text[200]; /* what space runs next, on the screen */
};

static int64_t demo_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static const struct step echo_script[] = {
        {.actor = SIDE_SERVER, .call = CALL_SOCKET, .slot = SLOT_MAIN},
        {.actor = SIDE_SERVER, .call = CALL_BIND, .slot = SLOT_MAIN},
        {.actor = SIDE_SERVER, .call = CALL_LISTEN, .slot = SLOT_MAIN},
        {.actor = SIDE_SERVER, .call = CALL_ACCEPT, .slot = SLOT_MAIN},
        {.actor = SIDE_CLIENT, .call = CALL_SOCKET, .slot = SLOT_MAIN},
        {.actor = SIDE_CLIENT, .call = CALL_CONNECT, .slot = SLOT_MAIN},
        {.actor = SIDE_SERVER, .call = CALL_RECV, .slot = SLOT_ACCEPTED},
        {.actor = SIDE_CLIENT, .call = CALL_SEND, .slot = SLOT_MAIN},
        {.actor = SIDE_SERVER, .call = CALL_SEND, .slot = SLOT_ACCEPTED},
        {.actor = SIDE_CLIENT, .call = CALL_RECV, .slot = SLOT_MAIN},
        {.actor = SIDE_SERVER, .call = CALL_RECV, .slot = SLOT_ACCEPTED},
        {.actor = SIDE_CLIENT, .call = CALL_CLOSE, .slot = SLOT_MAIN},
        {.actor = SIDE_SERVER, .call = CALL_CLOSE, .slot = SLOT_ACCEPTED},
        {.actor = SIDE_SERVER, .call = CALL_CLOSE, .slot = SLOT_MAIN},
};

/* The demo's script: the echo exchange, the client closing first. */
static const struct step *demo_echo_script(int *count)
{
	*count = (int)(sizeof echo_script / sizeof echo_script[0]);
	return echo_script;
}

/* Called on an actor's thread. */
static void demo_on_call(void *ctx, const struct call_event *ev)
{
	struct demo *d = ctx;
	session_call(d->session, ev);
}

static void demo_on_note(void *ctx, const struct note_event *ev)
{
	struct demo *d = ctx;
	session_note(d->session, ev);
}

static void demo_on_frame(void *ctx, const struct frame *f)
{
	struct demo *d = ctx;
	session_frame(d->session, f);
}

/* The kernel's view of every socket on the demo's port, now. */
static void demo_snapshot(struct demo *d)
{
	struct ksock socks[MAX_KSOCKS];
	char err[256];
	int n = kstate_list(d->family, d->port, socks, MAX_KSOCKS, err,
	                    sizeof err);
	if (d->raw_port != 0 && d->raw_port != d->port && n >= 0) {
		int more = kstate_list(d->family, d->raw_port, socks + n,
		                       MAX_KSOCKS - n, err, sizeof err);
		n += more > 0 ? more : 0;
	}
	int64_t now = demo_now();
	for (int i = 0; i < n; i++) {
		struct kstate_event k = {.ts_ns = now, .fd = -1};
		bool server =
		        socks[i].local.port == d->port ||
		        (d->raw_port && socks[i].local.port == d->raw_port);
		k.side = server ? SIDE_SERVER : SIDE_CLIENT;
		k.actor = d->actor[k.side];
		/* Whose descriptor holds it: the side's own, else (the
		 * server's socket) its child's. */
		int who[2] = {k.side, ACTORS_CHILD};
		for (int w = 0; w < (k.side == SIDE_SERVER ? 2 : 1); w++) {
			for (int s = 0;
			     s < ACTORS_FDS && socks[i].inode && k.fd < 0;
			     s++) {
				if (actors_inode(d->actors, who[w], s) !=
				    socks[i].inode)
					continue;
				k.fd = actors_fd(d->actors, who[w], s);
				if (who[w] == ACTORS_CHILD)
					k.actor = d->child;
			}
		}
		k.local = socks[i].local;
		k.remote = socks[i].remote;
		k.state = socks[i].state;
		if (k.state == ST_LISTEN) {
			k.has_queue = true;
			k.queue = socks[i].rqueue;
			k.backlog = socks[i].wqueue;
		}
		session_kstate(d->session, &k);
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
	if (dropped > 0 && rec != 0)
		snprintf(d->warning, sizeof d->warning,
		         NG_("%lld packets dropped by kernel; the recording "
		             "failed: %s",
		             "%lld packets dropped by kernel; the recording "
		             "failed: %s",
		             dropped),
		         (long long)dropped, strerror(rec));
	else if (dropped > 0)
		snprintf(d->warning, sizeof d->warning,
		         NG_("%lld packets dropped by kernel",
		             "%lld packets dropped by kernel", dropped),
		         (long long)dropped);
	else if (rec != 0)
		snprintf(d->warning, sizeof d->warning,
		         _("the recording failed: %s"), strerror(rec));
}

/* Drain the capture, then let the session hand on, in time order,
 * every event up to `until` (later ones wait for the next sync). */
static void demo_sync(struct demo *d, int64_t until)
{
	if (livecap_drain(d->cap, demo_on_frame, d) < 0)
		/* TRANSLATORS: the first %s: demo or lesson. */
		fprintf(stderr, _("tcpviz: %s: capture: %s\n"),
		        demo_who(d->opt), livecap_error(d->cap));
	session_release(d->session, until);
	outbuf_flush(&d->out);
	if (d->events_view)
		outbuf_flush(&d->events_out);
	demo_health(d);
}

/* --step: wait for a key on the terminal; q ends the demo. */
static int demo_wait_key(void)
{
	fputs(_("-- press Enter for the next step, q to quit --\n"), stderr);
	int c;
	while ((c = getchar()) != EOF && c != '\n')
		if (c == 'q')
			return -1;
	return c == EOF ? -1 : 0;
}

/* The kernel's choice of port (0), or a check that the asked-for one
 * is free. */
static int demo_pick_port(struct demo *d, int want, char *err, size_t errlen)
{
	int fd = socket(d->family, SOCK_STREAM, 0);
	if (fd < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	struct sockaddr_storage ss;
	socklen_t len =
	        sockaddr_local(d->family, (uint16_t)want, false, false, &ss);
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, (struct sockaddr *)&ss, len) != 0 ||
	    getsockname(fd, (struct sockaddr *)&ss, &len) != 0) {
		snprintf(err, errlen, _("port %d on %s: %s"), want,
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

/* The views: the screen's timeline or the chosen format, the lesson's
 * judge, the recording's events file; all attached to the session. */
static int demo_open_outputs(struct demo *d, char *err, size_t errlen)
{
	d->out_sink.fd = STDOUT_FILENO;
	outbuf_init(&d->out, 1 << 16,
	            d->opt->check ? demo_discard : fd_sink_write, &d->out_sink);
	if (d->opt->screen) {
		d->tl = timeline_new();
		session_attach(d->session, timeline_view(d->tl));
	} else {
		struct view_options vo = {
		        .out = &d->out,
		        .ascii = d->opt->ascii,
		        .title = d->opt->lesson ? d->opt->lesson->title : NULL,
		        .stream = d->opt->stream};
		const struct view_format *fmt =
		        d->opt->format ? d->opt->format : views_default();
		d->view = fmt->make(&vo);
		session_attach(d->session, d->view);
	}
	if (d->lr)
		session_attach(d->session, lessonrun_view(d->lr));
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
	d->events_view = render_events_new(&d->events_out);
	session_attach(d->session, d->events_view);
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
	session_totals(d->session)->dropped = livecap_dropped(d->cap);
	session_finish(d->session);
	outbuf_flush(&d->out);
}

/* A lesson's words, into the time-ordered stream with the rest. */
static void demo_narrate(struct demo *d, int step, enum narration_kind kind,
                         const char *text)
{
	if (text == NULL)
		return;
	session_narration(d->session, demo_now(), step, kind, text);
}

static int64_t demo_mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static bool demo_actors_idle(struct demo *d)
{
	for (int a = 0; a < ACTORS_COUNT; a++)
		if (!actors_wait(d->actors, a, 0))
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

/*
 * A both step: the client's call, then the server's, as if at the same
 * moment: the segments they send are held in the lesson's own network
 * namespace until both have returned, then delivered in the order they
 * were sent. What those deliveries send in answer is held while the
 * kernel is asked what the crossing left (CLOSING, which the answers
 * end at once), then let go: long before any timer would send anything
 * again, at any pace.
 */
static void demo_run_both(struct demo *d, const struct step *s)
{
	struct step one = *s;
	wirehold_hold(d->hold);
	for (int a = SIDE_CLIENT; a <= SIDE_SERVER; a++) {
		one.actor = (enum side)a;
		one.both = false; /* each on its connection */
		one.slot = one.src =
		        a == SIDE_CLIENT ? SLOT_MAIN : SLOT_ACCEPTED;
		actors_run(d->actors, &one);
		actors_wait(d->actors, a, SETTLE_MS);
	}
	wirehold_deliver(d->hold);
	poll(NULL, 0, SETTLE_QUIET_MS);
	demo_snapshot(d);
	wirehold_pass(d->hold);
}

/* Whether the next step's actor is still inside a call of an earlier
 * step (a recv() the lesson did not wait for): as in its program, its
 * next call comes once that one returns. A minute on, the lesson stops
 * there (demo_report says so), instead of waiting for ever. */
static bool demo_actor_busy(struct demo *d, const struct step *s, int64_t now)
{
	bool busy = s->call != LESSONRUN_SLEEP && s->call != LESSONRUN_WAIT &&
	            (s->both ? !actors_wait(d->actors, SIDE_CLIENT, 0) ||
	                               !actors_wait(d->actors, SIDE_SERVER, 0)
	                     : !actors_wait(d->actors, actors_who(s), 0));
	if (!busy)
		d->busy_ns = 0;
	else if (d->busy_ns == 0)
		d->busy_ns = now;
	else if (now - d->busy_ns >= LESSON_MAX_WAIT_MS * 1000000LL)
		d->stuck = d->next_step + 1;
	d->quit = d->quit || d->stuck != 0;
	return busy;
}

/* Hand out the next step, if its time (or the user's key) has come. */
static void demo_dispatch(struct demo *d, int64_t now)
{
	demo_announce(d);
	if (demo_actor_busy(d, &d->steps[d->next_step], now))
		return;
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
	/* The kernel's last word on the step before, as it ends: what
	 * its call set going on the loopback has been handled by now
	 * (under load the kernel may take a while after the call). */
	if (d->next_step > 0) {
		int64_t since = demo_mono() - d->settled_ns;
		if (since < SETTLE_QUIET_MS * 1000000LL)
			poll(NULL, 0,
			     (int)(SETTLE_QUIET_MS - since / 1000000LL));
		demo_snapshot(d);
	}
	const struct step *s = &d->steps[d->next_step];
	if (d->lr) {
		demo_narrate(d, d->next_step, NARRATION_STEP,
		             d->step_text[d->next_step]);
	}
	if (s->both)
		demo_run_both(d, s);
	else if (s->call != LESSONRUN_SLEEP && s->call != LESSONRUN_WAIT)
		actors_run(d->actors, s);
	d->waiting = true;
	d->waiting_actor = actors_who(s);
	d->dispatched_ns = now;
}

/* While a long step (a sleep, a wait) goes on, what is captured still
 * reaches the views, a few times a second. */
static void demo_sync_now_and_then(struct demo *d, int64_t now)
{
	if (now - d->synced_ns < SYNC_EVERY_MS * 1000000LL)
		return;
	d->synced_ns = now;
	demo_sync(d, demo_now());
}

/* One move of the script, whatever is due now. */
static void demo_advance(struct demo *d)
{
	int64_t now = demo_mono();
	if (d->waiting) {
		/* Settled: the call returned, or it is taken as blocked; a
		 * sleep step when its time is up; a wait step when its
		 * actor's call returned, or after LESSON_MAX_WAIT_MS. */
		const struct step *s = &d->steps[d->next_step];
		bool sleep = s->call == LESSONRUN_SLEEP;
		bool idle =
		        sleep || actors_wait(d->actors, d->waiting_actor, 0);
		int64_t wait = sleep ? s->arg * 1000000LL
		               : s->call == LESSONRUN_WAIT
		                       ? LESSON_MAX_WAIT_MS * 1000000LL
		                       : SETTLE_MS * 1000000LL;
		if (now - d->dispatched_ns < wait && (sleep || !idle)) {
			demo_sync_now_and_then(d, now);
			return;
		}
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
		d->settled_ns = now;
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

/* What space runs next, while a --step demo or a lesson waits for it. */
static const char *demo_screen_next(void *ctx)
{
	struct demo *d = ctx;
	if (!d->opt->step || d->waiting || d->step_ready || d->done ||
	    d->next_step >= d->nsteps)
		return NULL;
	const struct step *s = &d->steps[d->next_step];
	if (d->lr)
		snprintf(d->next_text, sizeof d->next_text,
		         _("step %d of %d: %s"), d->next_step + 1, d->nsteps,
		         d->step_text[d->next_step]);
	else if (s->actor == SIDE_CLIENT)
		snprintf(d->next_text, sizeof d->next_text,
		         _("client calls %s()"), event_call_name(s->call));
	else
		snprintf(d->next_text, sizeof d->next_text,
		         _("server calls %s()"), event_call_name(s->call));
	return d->next_text;
}

static const char *demo_screen_warning(void *ctx)
{
	const struct demo *d = ctx;
	return d->warning[0] ? d->warning : NULL;
}

/* The private loopback, the ports and the capture; 0, or the exit
 * status after one line. */
static int demo_open_capture(struct demo *d, const char *who)
{
	char err[4608];
	const struct demo_options *opt = d->opt;
	enum netns_kind kind;
	if (netns_enter(&kind, err, sizeof err) != 0 ||
	    lessonnet_prepare(opt->lesson, opt->lesson_name, kind, &d->hold,
	                      err, sizeof err) != 0) {
		fprintf(stderr, "tcpviz: %s: %s\n", who, err);
		return 1;
	}
	/* --port, else the lesson's own ("port 8887"), else the kernel's. */
	int want = opt->port                          ? opt->port
	           : opt->lesson && opt->lesson->port ? opt->lesson->port
	                                              : 0;
	if (demo_pick_port(d, want, err, sizeof err) != 0) {
		fprintf(stderr, "tcpviz: %s: %s\n", who, err);
		return opt->port ? 2 : 1;
	}
	/* A second port the kernel hands out and nobody then listens on,
	 * for a lesson's refused connect. */
	uint16_t chosen = d->port;
	if (demo_pick_port(d, 0, err, sizeof err) == 0)
		d->unused_port = d->port;
	d->port = chosen;
	for (size_t i = 0; opt->lesson && i < opt->lesson->nsteps; i++)
		if (opt->lesson->steps[i].raw_port)
			d->raw_port = ntohs(d->port);
	char filter[64];
	unsigned also = d->unused_port ? d->unused_port : d->port;
	snprintf(filter, sizeof filter, "tcp port %u or tcp port %u",
	         (unsigned)d->port, also);
	d->cap = livecap_open("lo", filter, opt->buffer_kib * 1024, err,
	                      sizeof err);
	if (d->cap == NULL) {
		fprintf(stderr, "tcpviz: %s: %s\n", who, err);
		return 1;
	}
	return 0;
}

/* The session with its views, and the script: the lesson's steps or
 * the echo exchange. 0, or 1 after one line. */
static int demo_open_session(struct demo *d, const char *who)
{
	char err[4608];
	const struct lesson *l = d->opt->lesson;
	struct session_config cfg = {
	        .title = l ? l->title : _("live demo"),
	        .link_type = livecap_linktype(d->cap),
	        .threaded = true,
	};
	if (l) {
		d->lr = lessonrun_new(l);
		d->steps = lessonrun_steps(d->lr, &d->nsteps);
		d->step_text = xcalloc((size_t)d->nsteps, sizeof *d->step_text);
		for (int i = 0; i < d->nsteps; i++)
			lesson_step_text(&l->steps[i], d->step_text[i],
			                 sizeof d->step_text[i]);
		cfg.steps = d->nsteps;
	} else {
		d->steps = demo_echo_script(&d->nsteps);
	}
	d->session = session_new(&cfg);
	/* Under sudo, the user's from here on: the recording is theirs,
	 * written where they may write, as tcpdump -Z does; but a hold
	 * gives its verdicts with CAP_NET_ADMIN to the end (wirehold.h). */
	if ((d->hold == NULL && netns_drop_privileges(err, sizeof err) != 0) ||
	    demo_open_outputs(d, err, sizeof err) != 0) {
		fprintf(stderr, "tcpviz: %s: %s\n", who, err);
		return 1;
	}
	for (int s = 0; s < SIDE_COUNT; s++)
		d->actor[s] = session_actor(
		        d->session, event_side_name((enum side)s), 0, 0, NULL);
	/* The server's child, known once a lesson forks one. */
	for (int i = 0; i < d->nsteps; i++)
		if ((int)d->steps[i].call == ACTORS_FORK)
			d->child = session_actor(d->session, EVENT_CHILD_LABEL,
			                         0, 0, NULL);
	return 0;
}

/* The script to its end (or a quit or a signal), on the screen or off
 * it; the signal that stopped it, -1 for a quit, else 0. */
static int demo_play(struct demo *d)
{
	const struct demo_options *opt = d->opt;
	int sig = 0;
	if (d->tl != NULL && !stopsig_caught()) {
		struct ui_source src = {.pump = demo_screen_pump,
		                        .step = demo_screen_step,
		                        .warning = demo_screen_warning,
		                        .next = demo_screen_next,
		                        .ctx = d};
		struct ui_options uo = {.title = opt->lesson
		                                         ? opt->lesson->title
		                                         : _("live demo"),
		                        .ascii = opt->ascii,
		                        .color = opt->color,
		                        .live = true,
		                        .lesson = opt->lesson != NULL,
		                        .stepping = opt->step,
		                        .slow = opt->slow};
		int st = ui_run(d->tl, &src, &uo);
		sig = st >= 128 ? st - 128 : 0;
	} else {
		while (demo_pump(d, 100))
			;
	}
	if (sig == 0)
		sig = stopsig_caught();
	if (sig == 0 && d->quit)
		sig = -1;
	return sig;
}

/* What went wrong underneath, one line each; the exit status. */
static int demo_report(struct demo *d, const char *who, int sig)
{
	const struct demo_options *opt = d->opt;
	int status = sig > 0 ? 128 + sig : 0;
	if (d->lr && opt->check && sig == 0 &&
	    lessonplay_report(d->lr, opt->lesson_name) > 0)
		status = 1;
	/* A reader that went away (| head) is no error; a full disk is. */
	if (d->out.failed && d->out_sink.error != EPIPE) {
		fprintf(stderr, _("tcpviz: %s: standard output: %s\n"), who,
		        strerror(d->out_sink.error ? d->out_sink.error : EIO));
		if (status == 0)
			status = 1;
	}
	int64_t dropped = session_totals(d->session)->dropped;
	if (dropped > 0)
		fprintf(stderr,
		        NG_("tcpviz: %s: %lld packets dropped by kernel: "
		            "segments are missing from the timeline\n",
		            "tcpviz: %s: %lld packets dropped by kernel: "
		            "segments are missing from the timeline\n",
		            dropped),
		        who, (long long)dropped);
	if (d->events_view)
		outbuf_flush(&d->events_out);
	int rec = livecap_record_error(d->cap), ev = demo_events_error(d);
	if (rec != 0)
		fprintf(stderr,
		        /* TRANSLATORS: demo or lesson, the file, why. */
		        NG_("tcpviz: %s: %s: %s: the recording holds only the "
		            "first %llu packets\n",
		            "tcpviz: %s: %s: %s: the recording holds only the "
		            "first %llu packets\n",
		            livecap_recorded(d->cap)),
		        who, opt->record, strerror(rec),
		        (unsigned long long)livecap_recorded(d->cap));
	else if (ev != 0)
		fprintf(stderr,
		        _("tcpviz: %s: %s.events: %s: the calls and narration "
		          "stop early (the packets are all in %s)\n"),
		        who, opt->record, strerror(ev), opt->record);
	if ((rec != 0 || ev != 0) && status == 0)
		status = 1;
	if (d->stuck != 0) {
		fprintf(stderr,
		        /* TRANSLATORS: demo or lesson, the step, seconds. */
		        _("tcpviz: %s: step %d: its actor was still in the "
		          "call of an earlier step after %d s (a 'wait' step "
		          "waits for it); the lesson stops there\n"),
		        who, d->stuck, LESSON_MAX_WAIT_MS / 1000);
		status = 1;
	} else if (sig > 0)
		fprintf(stderr, _("tcpviz: %s: stopped by signal %d\n"), who,
		        sig);
	else if (sig < 0)
		fprintf(stderr,
		        _("tcpviz: %s: stopped before the end of the script\n"),
		        who);
	return status;
}

static void demo_close(struct demo *d)
{
	session_free(d->session);
	demo_close_outputs(d);
	if (d->cap)
		livecap_close(d->cap);
	wirehold_close(d->hold);
	lessonrun_free(d->lr);
	free(d->step_text);
}

int demo_run(const struct demo_options *opt)
{
	const char *who = demo_who(opt);
	struct demo d = {.opt = opt,
	                 .family = opt->ipv6 ? AF_INET6 : AF_INET,
	                 .events_fd = -1,
	                 .announced = -1};
	/* From the start: a signal while the namespace, the capture or the
	 * recording is being set up is acted on once they are. */
	stopsig_catch();
	int status = demo_open_capture(&d, who);
	if (status != 0)
		return status;
	if (demo_open_session(&d, who) != 0) {
		demo_close(&d);
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	struct actors_config ac = {
	        .family = d.family,
	        .port = d.port,
	        .unused_port = d.unused_port,
	        .message = opt->message,
	        .server_reuseaddr = opt->lesson == NULL,
	        .actor = {d.actor[SIDE_CLIENT], d.actor[SIDE_SERVER]},
	        .child = d.child,
	        .on_event = demo_on_call,
	        .on_note = demo_on_note,
	        .ctx = &d,
	};
	d.actors = actors_start(&ac);
	int sig = demo_play(&d);
	if (!d.wrapped_up)
		demo_wrap_up(&d);
	status = demo_report(&d, who, sig);
	demo_close(&d);
	return status;
}
