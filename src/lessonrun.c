/*
 * lessonrun.c - recording what each lesson step made happen, and judging
 * the lesson's expectations (see lessonrun.h). No I/O: the report goes
 * to an outbuf.
 */
#include "lessonrun.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "lessonlang.h"
#include "render.h"
#include "util.h"

enum { MAX_SEEN = 64 };
_Static_assert(ST_COUNT <= 16, "states_seen holds a bit per state");

struct seen_segment {
	bool c2s;
	uint16_t flags;
	uint32_t len;
	bool late; /* after its step settled: the step no longer ran */
};

struct seen_kstate {
	enum side actor;
	struct endpoint local, remote;
	enum tcp_state state;
	bool has_queue; /* a listener's accept queue, as last read */
	uint32_t queue;
};

/* What happened during one step. */
struct step_record {
	int64_t start_ns;
	bool started, settled, blocked, returned;
	int returns; /* calls returned: a both step makes two */
	/* Which actors were inside a call when the step settled. */
	bool in_call[SIDE_COUNT];
	long ret;
	int err;
	char detail[128]; /* what the return said beside its value */
	struct seen_segment segs[MAX_SEEN];
	int nsegs;
	struct seen_kstate ks[MAX_SEEN]; /* the latest of each socket */
	int nks;
	uint16_t states_seen[SIDE_COUNT]; /* 1 << state, at any read */
};

struct lessonrun {
	struct view view; /* see lessonrun_view */
	/* How many calls each actor has entered and not returned from. */
	int open[SIDE_COUNT];
	const struct lesson *lesson;
	struct step *steps;
	struct step_record *rec;
	int n;
};

/* The socket a step is on: the client's one, or the server's listener
 * (socket() to accept(), and "listener") or accepted connection; "dup"
 * names the descriptor dup() made. A dup step's own slot is the one it
 * duplicates. */
static enum sock_slot lessonrun_slot(const struct lesson_step *ls)
{
	if (ls->dup)
		return SLOT_DUP;
	if (ls->actor == SIDE_CLIENT || ls->listener)
		return SLOT_MAIN;
	switch (ls->call) {
	case LESSON_CALL_SOCKET:
	case LESSON_CALL_BIND:
	case LESSON_CALL_LISTEN:
	case LESSON_CALL_ACCEPT:
	case LESSON_CALL_REUSEADDR:
	case LESSON_CALL_FASTOPEN:
		return SLOT_MAIN;
	default:
		return SLOT_ACCEPTED;
	}
}

static struct step lessonrun_step(const struct lesson_step *ls)
{
	struct step s = {
	        .actor = ls->actor,
	        .child = ls->child,
	        .both = ls->both,
	        .slot = lessonrun_slot(ls),
	        .unused_port = ls->unused_port,
	        .any_addr = ls->any_addr,
	        .raw_port = ls->raw_port,
	        .nonblock = ls->nonblock,
	        .flags = ls->flags,
	        .opt = ls->call == LESSON_CALL_REUSEADDR  ? OPT_REUSEADDR
	               : ls->call == LESSON_CALL_SOERROR  ? OPT_ERROR
	               : ls->call == LESSON_CALL_FASTOPEN ? OPT_FASTOPEN
	                                                  : OPT_LINGER,
	        .text = ls->text};
	s.src = s.slot;
	if (ls->call == LESSON_CALL_SLEEP) {
		s.call = LESSONRUN_SLEEP;
	} else if (ls->call == LESSON_CALL_WAIT) {
		s.call = LESSONRUN_WAIT;
	} else if (ls->call == LESSON_CALL_FORK) {
		s.call = ACTORS_FORK;
	} else if (ls->call == LESSON_CALL_EXIT) {
		s.call = ACTORS_EXIT;
	} else if (ls->call == LESSON_CALL_LINGER) {
		s.call = CALL_SETSOCKOPT;
	} else {
		s.call = (enum call_kind)lesson_call_kind(ls->call);
	}
	if (ls->arg >= 0) {
		s.has_arg = true;
		s.arg = ls->arg;
	}
	return s;
}

struct lessonrun *lessonrun_new(const struct lesson *l)
{
	struct lessonrun *lr = xcalloc(1, sizeof *lr);
	lr->lesson = l;
	lr->n = (int)l->nsteps;
	lr->steps = xcalloc(l->nsteps, sizeof *lr->steps);
	lr->rec = xcalloc(l->nsteps, sizeof *lr->rec);
	for (size_t i = 0; i < l->nsteps; i++)
		lr->steps[i] = lessonrun_step(&l->steps[i]);
	return lr;
}

const struct step *lessonrun_steps(const struct lessonrun *lr, int *count)
{
	*count = lr->n;
	return lr->steps;
}

void lessonrun_free(struct lessonrun *lr)
{
	if (lr == NULL)
		return;
	free(lr->steps);
	free(lr->rec);
	free(lr);
}

static struct lessonrun *lessonrun_of(struct view *v)
{
	return (struct lessonrun *)((char *)v -
	                            offsetof(struct lessonrun, view));
}

/* A step starts at its STEP record and settles at its SETTLED one. */
static void lessonrun_narration(struct view *v, int step,
                                enum narration_kind kind, const char *text,
                                int64_t t_ns)
{
	struct lessonrun *lr = lessonrun_of(v);
	if (step < 0 || step >= lr->n)
		return;
	if (kind == NARRATION_STEP) {
		lr->rec[step].started = true;
		lr->rec[step].start_ns = t_ns;
	} else if (kind == NARRATION_SETTLED) {
		lr->rec[step].settled = true;
		lr->rec[step].blocked = strcmp(text, "blocked") == 0;
		for (int a = 0; a < SIDE_COUNT; a++)
			lr->rec[step].in_call[a] = lr->open[a] > 0;
	}
}

/* The step an event at ts belongs to: the last one started by then. */
static struct step_record *lessonrun_at(struct lessonrun *lr, int64_t ts)
{
	for (int i = lr->n - 1; i >= 0; i--)
		if (lr->rec[i].started && lr->rec[i].start_ns <= ts)
			return &lr->rec[i];
	return NULL;
}

static void lessonrun_segment(struct view *v, const struct seg_event *ev,
                              int64_t t_ns)
{
	struct lessonrun *lr = lessonrun_of(v);
	struct step_record *r = lessonrun_at(lr, t_ns);
	if (r == NULL || r->nsegs == MAX_SEEN)
		return;
	r->segs[r->nsegs++] = (struct seen_segment){ev->c2s, ev->seg->flags,
	                                            ev->seg->len, r->settled};
}

static void lessonrun_call(struct view *v, const struct call_event *ev,
                           int64_t t_ns)
{
	struct lessonrun *lr = lessonrun_of(v);
	/* The server's child is an actor of its own: only the client's and
	 * the server's own calls count here. */
	bool child = event_is_child(ev->actor);
	if (!child && (unsigned)ev->side < SIDE_COUNT)
		lr->open[ev->side] += ev->enter                ? 1
		                      : lr->open[ev->side] > 0 ? -1
		                                               : 0;
	if (ev->enter)
		return;
	/* A return belongs to the latest step of that actor and call that
	 * started before it (a blocked call returns in a later step). The
	 * server's child is an actor of the server's side. */
	for (int i = lr->n - 1; i >= 0; i--) {
		struct step_record *r = &lr->rec[i];
		const struct step *s = &lr->steps[i];
		if (!r->started || r->start_ns > t_ns || r->returned ||
		    (s->actor != ev->side && !s->both) || s->child != child ||
		    s->call != ev->call)
			continue;
		/* Of a both step's two returns, a failure is what counts. */
		r->returned = !s->both || ++r->returns == 2;
		if (r->returns == 2 && r->ret < 0)
			return;
		r->ret = ev->ret;
		r->err = ev->err;
		snprintf(r->detail, sizeof r->detail, "%s",
		         ev->detail ? ev->detail : "");
		return;
	}
}

static void lessonrun_kstate(struct view *v, const struct kstate_event *ev,
                             int64_t t_ns)
{
	struct lessonrun *lr = lessonrun_of(v);
	struct step_record *r = lessonrun_at(lr, t_ns);
	if (r == NULL)
		return;
	if ((unsigned)ev->side < SIDE_COUNT && (unsigned)ev->state < ST_COUNT)
		r->states_seen[ev->side] |= (uint16_t)(1u << ev->state);
	for (int i = 0; i < r->nks; i++) {
		if (endpoint_equal(&r->ks[i].local, &ev->local) &&
		    endpoint_equal(&r->ks[i].remote, &ev->remote)) {
			r->ks[i].state = ev->state;
			r->ks[i].has_queue = ev->has_queue;
			r->ks[i].queue = ev->queue;
			return;
		}
	}
	if (r->nks < MAX_SEEN)
		r->ks[r->nks++] = (struct seen_kstate){
		        ev->side,  ev->local,     ev->remote,
		        ev->state, ev->has_queue, ev->queue};
}

static void lessonrun_stream(struct view *v, const struct stream_info *s)
{
	(void)v, (void)s;
}

static void lessonrun_finish(struct view *v, const struct session_totals *t)
{
	(void)v, (void)t;
}

/* The lessonrun outlives its view: lessonrun_free frees both. */
static void lessonrun_destroy(struct view *v)
{
	(void)v;
}

struct view *lessonrun_view(struct lessonrun *lr)
{
	lr->view = (struct view){
	        .segment = lessonrun_segment,
	        .call = lessonrun_call,
	        .kstate = lessonrun_kstate,
	        .narration = lessonrun_narration,
	        .stream = lessonrun_stream,
	        .finish = lessonrun_finish,
	        .destroy = lessonrun_destroy,
	};
	return &lr->view;
}

/* getsockname's "127.0.0.1:43211" or "[::1]:8887", and the
 * " (ephemeral ports LO-HI)" the client's ends in: the address (n
 * bytes at *addr), the port, the range (0-0 when not said). */
static bool lessonrun_sockname(const char *d, const char **addr, size_t *n,
                               long *port, long *lo, long *hi)
{
	const char *end = strchr(d, ' ');
	const char *colon;
	size_t len = end ? (size_t)(end - d) : strlen(d);
	for (colon = d + len; colon > d && colon[-1] != ':'; colon--)
		;
	if (colon == d || sscanf(colon, "%ld", port) != 1)
		return false;
	*addr = d;
	*n = (size_t)(colon - 1 - d);
	if (d[0] == '[' && *n >= 2 && d[*n - 1] == ']') {
		*addr = d + 1;
		*n -= 2;
	}
	*lo = *hi = 0;
	const char *range = strstr(d, ACTORS_EPHEMERAL);
	if (range != NULL)
		sscanf(range + strlen(ACTORS_EPHEMERAL), "%ld-%ld", lo, hi);
	return true;
}

/* The expectations on what a return said beside its value. */
static bool lessonrun_holds_detail(const struct step_record *r,
                                   const struct lesson_expect *e)
{
	const char *addr, *d = r->detail;
	size_t n;
	long port, lo, hi;
	char want[64];

	if (!r->returned)
		return false;
	switch (e->kind) {
	case LESSON_EXPECT_ADDRESS:
		return lessonrun_sockname(d, &addr, &n, &port, &lo, &hi) &&
		       strlen(e->address) == n &&
		       memcmp(addr, e->address, n) == 0;
	case LESSON_EXPECT_PORT:
		if (!lessonrun_sockname(d, &addr, &n, &port, &lo, &hi))
			return false;
		return e->value >= 0 ? port == e->value
		                     : hi > 0 && port >= lo && port <= hi;
	case LESSON_EXPECT_SOERROR:
		snprintf(want, sizeof want, "SO_ERROR = %s",
		         e->err ? event_errno_name(e->err) : "0");
		return strcmp(d, want) == 0;
	case LESSON_EXPECT_REVENTS: {
		int bits = strncmp(d, "revents ", 8) == 0
		                   ? event_poll_bits(d + 8, strlen(d + 8))
		                   : -1;
		return bits >= 0 && (bits & e->flags) == e->flags;
	}
	case LESSON_EXPECT_SIGNAL:
		return strstr(d, "SIGPIPE") != NULL;
	default: /* NO_SIGNAL */
		return strstr(d, "SIGPIPE") == NULL;
	}
}

static bool lessonrun_holds(const struct step_record *r,
                            const struct lesson_expect *e)
{
	switch (e->kind) {
	case LESSON_EXPECT_ADDRESS:
	case LESSON_EXPECT_PORT:
	case LESSON_EXPECT_SOERROR:
	case LESSON_EXPECT_REVENTS:
	case LESSON_EXPECT_SIGNAL:
	case LESSON_EXPECT_NO_SIGNAL:
		return lessonrun_holds_detail(r, e);
	case LESSON_EXPECT_SEGMENT:
		for (int i = 0; i < r->nsegs; i++)
			if (r->segs[i].c2s == e->c2s &&
			    r->segs[i].flags == e->flags &&
			    (e->len < 0 || r->segs[i].len == (uint32_t)e->len))
				return true;
		return false;
	case LESSON_EXPECT_NO_SEGMENT:
		/* What the step made happen: not what the kernel's timers
		 * sent while the class paused after it. */
		for (int i = 0; i < r->nsegs; i++)
			if (!r->segs[i].late && r->segs[i].c2s == e->c2s &&
			    (r->segs[i].flags & e->flags))
				return false;
		return true;
	case LESSON_EXPECT_RETURNS:
		return r->returned && r->ret == e->value;
	case LESSON_EXPECT_RETURNS_OK:
		return r->returned && r->ret >= 0;
	case LESSON_EXPECT_ERRNO:
		return r->returned && r->ret < 0 && r->err == e->err;
	case LESSON_EXPECT_BLOCKED:
		return r->settled && r->blocked;
	case LESSON_EXPECT_STILL:
		return r->settled && r->in_call[e->actor];
	case LESSON_EXPECT_KSTATE:
		for (int i = 0; i < r->nks; i++)
			if (r->ks[i].actor == e->actor &&
			    r->ks[i].state == e->state)
				return true;
		return false;
	case LESSON_EXPECT_KSTATE_SEEN:
		return (unsigned)e->actor < SIDE_COUNT &&
		       ((r->states_seen[e->actor] >> e->state) & 1u) != 0;
	case LESSON_EXPECT_QUEUE:
		/* The listener's queue as the step left it: its last read. */
		for (int i = 0; i < r->nks; i++)
			if (r->ks[i].actor == SIDE_SERVER &&
			    r->ks[i].has_queue && r->ks[i].state == ST_LISTEN)
				return r->ks[i].queue == (uint32_t)e->value;
		return false;
	default:
		return false;
	}
}

/* What the step did instead, in a few words, for a failed expectation:
 * the words translated, the errno, flag, side and state names as the
 * lesson file writes them. */
static void lessonrun_saw(const struct step_record *r, struct outbuf *o)
{
	/* TRANSLATORS: what a step did, listed after it, as in "(saw:
	 * returned -1 ECONNREFUSED c2s RST,ACK client:CLOSE)". */
	outbuf_printf(o, " (%s", _("saw:"));
	if (!r->started)
		outbuf_printf(o, " %s", _("the step never ran"));
	if (r->returned) {
		outbuf_char(o, ' ');
		/* TRANSLATORS: a call's return value, as in "(saw: returned
		 * -1 ECONNREFUSED)". */
		outbuf_printf(o, _("returned %ld"), r->ret);
		if (r->ret < 0 && event_errno_name(r->err))
			outbuf_printf(o, " %s", event_errno_name(r->err));
		if (r->detail[0] != '\0')
			outbuf_printf(o, " [%s]", r->detail);
	} else if (r->started && r->blocked) {
		/* TRANSLATORS: its call had not returned as the step ended. */
		outbuf_printf(o, " %s", _("blocked"));
	} else if (r->started) {
		/* TRANSLATORS: no return was seen of the step's call. */
		outbuf_printf(o, " %s", _("no return"));
	}
	for (int i = 0; i < r->nsegs; i++) {
		outbuf_str(o, r->segs[i].c2s ? " c2s " : " s2c ");
		render_flags(o, r->segs[i].flags);
		if (r->segs[i].len > 0)
			outbuf_printf(o, " len %u", r->segs[i].len);
	}
	for (int i = 0; i < r->nks; i++) {
		outbuf_printf(o, " %s:%s", event_side_name(r->ks[i].actor),
		              tcpstate_name(r->ks[i].state));
		if (r->ks[i].has_queue)
			outbuf_printf(o, ":queue=%u", r->ks[i].queue);
	}
	outbuf_char(o, ')');
}

int lessonrun_report(const struct lessonrun *lr, const char *name,
                     struct outbuf *out)
{
	int failed = 0, total = 0;
	for (int i = 0; i < lr->n; i++) {
		const struct lesson_step *ls = &lr->lesson->steps[i];
		for (size_t j = 0; j < ls->nexpects; j++) {
			const struct lesson_expect *e = &ls->expects[j];
			total++;
			if (lessonrun_holds(&lr->rec[i], e))
				continue;
			failed++;
			outbuf_printf(
			        out,
			        /* TRANSLATORS: FILE:LINE, the step's number,
			         * and the lesson's own words after 'expect'
			         * (segment c2s SYN, returns 0), kept as the
			         * file has them. */
			        _("%s:%u: step %d: expect %s: did not hold"),
			        name, e->line, i + 1, e->text);
			lessonrun_saw(&lr->rec[i], out);
			outbuf_char(out, '\n');
		}
	}
	int wrong = lessonlang_report(&lr->lesson->texts, name, out);
	/* The English keeps "1 expectations", as it always has said (the
	 * tests compare it); the plural forms are for the other languages. */
	outbuf_printf(out,
	              /* TRANSLATORS: the lesson file, then the counts; the
	               * number of expectations chooses the form. */
	              NG_("%s: %d expectations, %d held, %d failed\n",
	                  "%s: %d expectations, %d held, %d failed\n", total),
	              name, total, total - failed, failed);
	return failed + wrong;
}
