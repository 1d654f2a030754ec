/*
 * run.c - `tcpviz run`'s director: the namespaces, the capture, the
 * programs started in order, their output, and the end.
 *
 * Shell. The programs are traced by tracesrc.c, which reports their
 * calls to the session; the capture reports the segments; nothing here
 * decodes, tracks or draws.
 *
 * Nothing the programs start survives tcpviz: they run in a PID
 * namespace of their own whose init is a process of tcpviz's (it only
 * reaps); killing it kills every process in the namespace, and it dies
 * with tcpviz (PR_SET_PDEATHSIG). No thread may be made after the
 * namespace is (the kernel refuses threads to a process whose children
 * go to another PID namespace): the session here is single-threaded.
 */
#include "run.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fdsink.h"
#include "i18n.h"
#include "livecap.h"
#include "netns.h"
#include "outbuf.h"
#include "render.h"
#include "session.h"
#include "stopsig.h"
#include "timeline.h"
#include "tracesrc.h"
#include "ui.h"
#include "util.h"
#include "view.h"
#include "views.h"

/* LeakSanitizer checks at exit from a task it clones, which must see
 * tcpviz's own pids: with the children in a PID namespace of their own
 * it cannot. The sanitizer build takes the other way to stop them all
 * (every traced process signalled, tcpviz their subreaper). */
#if defined(__SANITIZE_ADDRESS__)
#define RUN_PID_NAMESPACE 0
#else
#define RUN_PID_NAMESPACE 1
#endif

enum {
	BLOCKED_NS = 50000000, /* a program waiting this long has blocked */
	TERM_WAIT_MS = 1000,   /* after SIGTERM, before SIGKILL */
	LINE_MAX_BYTES = 4096, /* a longer output line is cut in pieces */
	SYNC_NS = 1000000,     /* the capture and views, while calls flow */
	RUN_BUFFER_KIB = 32768,
};

/* One started program and its output pipes. */
struct prog {
	const char *shown;
	pid_t pid;
	int out[2]; /* read ends of its stdout and stderr, or -1 */
	char *line[2];
	size_t len[2];
};

struct run {
	const struct run_options *opt;
	struct livecap *cap;
	struct session *session;
	struct tracesrc *ts;
	struct view *view, *events_view;
	struct timeline *tl;
	struct outbuf out, events_out;
	struct fd_sink out_sink, events_sink;
	int events_fd;
	pid_t init; /* the PID namespace's init, or 0 */

	struct prog *progs;
	size_t nprogs, started;
	int64_t started_ns; /* when the last was started */
	int64_t grace_end;  /* the last ended: the others' time is up */
	int64_t term_end;   /* SIGTERM sent: SIGKILL at */
	bool ending, killed, done, wrapped;
	bool failed; /* a program could not be started */
	char warning[200];
	char next_text[200];
	int tty;     /* --step off the screen: where Enter comes from, or -1 */
	int stdin_w; /* on the screen: the last program's standard input */
	char tty_line[64];
	size_t tty_len;
};

static int64_t run_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The PID namespace's init: reaps whatever is orphaned to it. */
static void run_init_main(void)
{
	struct sigaction sa = {.sa_handler = SIG_DFL};
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (syscall(SYS_close_range, 3U, ~0U, 0) != 0)
		for (int fd = 3; fd < 4096; fd++)
			close(fd);
	sigset_t none;
	sigemptyset(&none);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGCHLD, &sa, NULL); /* the kernel reaps for it */
	sigprocmask(SIG_SETMASK, &none, NULL);
	for (;;)
		pause();
}

/* The PID namespace's init, forked once tcpviz is no longer root (so
 * that it may still kill it, and nothing of the run is root); 0, or -1
 * when the kernel refused the namespace or the fork. */
static int run_start_init(struct run *r)
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0)
		run_init_main();
	r->init = pid;
	return 0;
}

static int run_open_outputs(struct run *r, char *err, size_t errlen)
{
	const struct run_options *opt = r->opt;
	r->out_sink.fd = STDOUT_FILENO;
	outbuf_init(&r->out, 1 << 16, fd_sink_write, &r->out_sink);
	if (opt->screen) {
		r->tl = timeline_new();
		session_attach(r->session, timeline_view(r->tl));
	} else {
		struct view_options vo = {.out = &r->out,
		                          .ascii = opt->ascii,
		                          .title = NULL,
		                          .stream = opt->stream};
		const struct view_format *fmt =
		        opt->format ? opt->format : views_default();
		r->view = fmt->make(&vo);
		session_attach(r->session, r->view);
	}
	r->events_fd = -1;
	if (opt->record == NULL)
		return 0;
	if (livecap_record(r->cap, opt->record, err, errlen) != 0)
		return -1;
	char path[4096];
	snprintf(path, sizeof path, "%s.events", opt->record);
	r->events_fd =
	        open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (r->events_fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	r->events_sink =
	        (struct fd_sink){.fd = r->events_fd, .whole_lines = true};
	outbuf_init(&r->events_out, 1 << 14, fd_sink_write, &r->events_sink);
	r->events_view = render_events_new(&r->events_out);
	session_attach(r->session, r->events_view);
	return 0;
}

static void run_on_frame(void *ctx, const struct frame *f)
{
	struct run *r = ctx;
	session_frame(r->session, f);
}

/* Lines the programs wrote, as output records. */
static void run_read_output(struct run *r, bool at_end)
{
	char buf[4096];
	for (size_t i = 0; i < r->started; i++) {
		struct prog *p = &r->progs[i];
		for (int k = 0; k < 2; k++) {
			ssize_t n;
			while (p->out[k] >= 0 &&
			       (n = read(p->out[k], buf, sizeof buf)) != 0) {
				if (n < 0) {
					if (errno == EINTR)
						continue;
					break;
				}
				int64_t t = run_now();
				for (ssize_t j = 0; j < n; j++) {
					char c = buf[j];
					if (c != '\n')
						p->line[k][p->len[k]++] = c;
					if (c == '\n' ||
					    p->len[k] == LINE_MAX_BYTES) {
						p->line[k][p->len[k]] = '\0';
						tracesrc_output(r->ts, p->pid,
						                k + 1,
						                p->line[k], t);
						p->len[k] = 0;
					}
				}
			}
			if (at_end && p->len[k] > 0) {
				p->line[k][p->len[k]] = '\0';
				tracesrc_output(r->ts, p->pid, k + 1,
				                p->line[k], run_now());
				p->len[k] = 0;
			}
		}
	}
}

static void run_before_exit(void *ctx)
{
	run_read_output(ctx, false);
}

/* Drain the capture and the output, then let the session hand on what
 * is before both. While a call waits for its socket's side (tracesrc.h)
 * the capture is left in the kernel's buffer: a frame goes to the views
 * as soon as it is read, and must not pass that call. */
static void run_sync(struct run *r, bool at_end)
{
	int64_t now = run_now();
	run_read_output(r, at_end);
	int64_t held = tracesrc_held_until(r->ts, now);
	if (held == INT64_MAX && livecap_drain(r->cap, run_on_frame, r) < 0)
		fprintf(stderr, _("tcpviz: run: capture: %s\n"),
		        livecap_error(r->cap));
	session_release(r->session, held < now ? held - 1 : now);
	outbuf_flush(&r->out);
	if (r->events_view)
		outbuf_flush(&r->events_out);
}

static pid_t run_spawn(struct run *r, struct prog *p, char *const argv[],
                       int in, enum side guess)
{
	char err[512];
	int po[2], pe[2];
	if (pipe2(po, O_CLOEXEC) != 0 || pipe2(pe, O_CLOEXEC) != 0) {
		fprintf(stderr, "tcpviz: run: pipe: %s\n", strerror(errno));
		return -1;
	}
	pid_t pid = tracesrc_start(r->ts, p->shown, argv, in, po[1], pe[1],
	                           guess, err, sizeof err);
	close(po[1]);
	close(pe[1]);
	if (pid < 0) {
		fprintf(stderr, "tcpviz: run: %s\n", err);
		close(po[0]);
		close(pe[0]);
		return -1;
	}
	p->pid = pid;
	p->out[0] = po[0];
	p->out[1] = pe[0];
	fcntl(po[0], F_SETFL, O_NONBLOCK);
	fcntl(pe[0], F_SETFL, O_NONBLOCK);
	for (int k = 0; k < 2; k++)
		p->line[k] = xmalloc(LINE_MAX_BYTES + 1);
	return pid;
}

/* Start the next program: every one but the last in the background
 * (standard input from /dev/null), the last with tcpviz's own. */
static int run_start_next(struct run *r)
{
	const struct run_options *opt = r->opt;
	struct prog *p = &r->progs[r->started];
	bool last = r->started + 1 == r->nprogs;
	int in = last && !opt->screen ? STDIN_FILENO
	                              : open("/dev/null", O_RDONLY | O_CLOEXEC);
	int pi[2];
	/* On the screen the keyboard is the screen's: the last program
	 * reads what the input line (key i) sends. */
	if (last && opt->screen && pipe2(pi, O_CLOEXEC) == 0) {
		close(in);
		in = pi[0];
		r->stdin_w = pi[1];
		fcntl(pi[1], F_SETFL, O_NONBLOCK);
	}
	pid_t pid;
	if (opt->argv) {
		pid = run_spawn(r, p, opt->argv, in, SIDE_CLIENT);
	} else {
		char *argv[] = {"sh", "-c", (char *)opt->cmds[r->started],
		                NULL};
		pid = run_spawn(r, p, argv, in,
		                last ? SIDE_CLIENT : SIDE_SERVER);
	}
	if (in != STDIN_FILENO)
		close(in);
	if (pid < 0)
		return -1;
	r->started++;
	r->started_ns = run_now();
	return 0;
}

/* Stop whatever is left: SIGTERM, then SIGKILL after a while. */
static void run_stop_all(struct run *r, int64_t now)
{
	if (!r->ending) {
		r->ending = true;
		tracesrc_signal(r->ts, SIGTERM);
		r->term_end = now + TERM_WAIT_MS * 1000000LL;
	} else if (!r->killed && now >= r->term_end) {
		/* Every process in the namespace is traced (a fork is
		 * traced before it runs); its init goes last, in run_run. */
		r->killed = true;
		tracesrc_signal(r->ts, SIGKILL);
	}
}

/* --step off the screen: say which call waits, and let it go on at
 * Enter on the terminal (q quits). */
static void run_tty_step(struct run *r)
{
	const char *call = tracesrc_next(r->ts);
	if (r->tty < 0 || call == NULL)
		return;
	if (strcmp(r->tty_line, call) != 0) {
		snprintf(r->tty_line, sizeof r->tty_line, "%s", call);
		/* TRANSLATORS: %s is the call that waits, e.g. accept(). */
		fprintf(stderr, _("-- Enter: %s goes on (q quits) --\n"), call);
	}
	char buf[64];
	ssize_t n = read(r->tty, buf, sizeof buf);
	for (ssize_t i = 0; i < n; i++) {
		if (buf[i] == 'q') {
			r->ending = true;
			tracesrc_signal(r->ts, SIGTERM);
			r->term_end = run_now() + TERM_WAIT_MS * 1000000LL;
			return;
		}
		if (buf[i] == '\n') {
			tracesrc_step(r->ts);
			r->tty_line[0] = '\0';
		}
	}
}

/* One move: programs started in order, the end when it is due. */
static void run_advance(struct run *r)
{
	int64_t now = run_now();
	const struct run_options *opt = r->opt;
	if (r->started < r->nprogs && !r->ending) {
		struct prog *prev = &r->progs[r->started - 1];
		/* Stepping, the one before waits for the user: the next
		 * starts once it is at a call that waits (accept, say). */
		bool gap =
		        !opt->step &&
		        now - r->started_ns >= (int64_t)opt->gap_ms * 1000000LL;
		if (r->started == 0 ||
		    tracesrc_blocked(r->ts, prev->pid,
		                     opt->step ? 0 : BLOCKED_NS) ||
		    tracesrc_ended(r->ts, prev->pid) || gap) {
			if (run_start_next(r) != 0) {
				r->failed = true;
				run_stop_all(r, now);
			}
		}
		return;
	}
	if (tracesrc_alive(r->ts) == 0) {
		r->done = true;
		return;
	}
	struct prog *last = &r->progs[r->nprogs - 1];
	if (r->grace_end == 0 && tracesrc_ended(r->ts, last->pid))
		r->grace_end = now + (int64_t)opt->grace_ms * 1000000LL;
	if (r->ending || (r->grace_end && now >= r->grace_end))
		run_stop_all(r, now);
}

static int run_pump(struct run *r, int budget_ms)
{
	int64_t end = run_now() + (int64_t)budget_ms * 1000000LL;
	int64_t synced = 0;
	while (!r->done && !stopsig_caught() && !r->out.failed) {
		int handled = tracesrc_poll(r->ts, 5);
		/* Programs that stop thousands of times a second (a ping-pong)
		 * are served first; the capture and the views every few
		 * milliseconds, or as soon as the programs rest. */
		int64_t now = run_now();
		if (handled == 0 || now - synced >= SYNC_NS) {
			run_tty_step(r);
			run_advance(r);
			run_sync(r, false);
			synced = now;
		}
		if (now >= end)
			return 1;
	}
	return 0;
}

/* However it ended: everything stopped, the last output and segments
 * in, the kernel's last word, the streams' records. */
static void run_wrap_up(struct run *r)
{
	r->wrapped = true;
	while (tracesrc_alive(r->ts) > 0) {
		run_stop_all(r, run_now());
		tracesrc_poll(r->ts, 20);
		if (r->ending && !r->killed)
			continue;
		if (r->killed && tracesrc_alive(r->ts) > 0)
			tracesrc_poll(r->ts, 100);
		if (r->killed)
			break;
	}
	tracesrc_snapshot(r->ts);
	poll(NULL, 0, 20); /* the last segments reach the capture */
	run_read_output(r, true);
	tracesrc_flush(r->ts);
	run_sync(r, true);
	session_release(r->session, INT64_MAX);
	session_totals(r->session)->dropped = livecap_dropped(r->cap);
	session_finish(r->session);
	outbuf_flush(&r->out);
	if (r->events_view)
		outbuf_flush(&r->events_out);
}

static int run_screen_pump(void *ctx, int budget_ms)
{
	struct run *r = ctx;
	int more = run_pump(r, budget_ms);
	if (!more && !stopsig_caught() && !r->wrapped)
		run_wrap_up(r);
	return more;
}

/* A line typed on the screen for the last program (NULL: its end). */
static void run_screen_input(void *ctx, const char *line, size_t n)
{
	struct run *r = ctx;
	if (r->stdin_w < 0)
		return;
	if (line == NULL) {
		close(r->stdin_w);
		r->stdin_w = -1;
		return;
	}
	ssize_t w = write(r->stdin_w, line, n);
	if (w >= 0)
		r->warning[0] = '\0';
	else if (errno == EAGAIN)
		snprintf(r->warning, sizeof r->warning, "%s",
		         _("the program is not reading its input: the line "
		           "was not sent"));
}

/* Space on the screen with --step: the oldest paused call goes on. */
static void run_screen_step(void *ctx)
{
	struct run *r = ctx;
	tracesrc_step(r->ts);
}

static const char *run_screen_next(void *ctx)
{
	struct run *r = ctx;
	const char *call = tracesrc_next(r->ts);
	if (call == NULL)
		return NULL;
	snprintf(r->next_text, sizeof r->next_text, _("%s goes on"), call);
	return r->next_text;
}

static const char *run_screen_warning(void *ctx)
{
	struct run *r = ctx;
	int64_t dropped = livecap_dropped(r->cap);
	if (r->warning[0])
		return r->warning;
	if (dropped <= 0)
		return NULL;
	snprintf(r->warning, sizeof r->warning,
	         NG_("%lld packets dropped by kernel",
	             "%lld packets dropped by kernel", dropped),
	         (long long)dropped);
	return r->warning;
}

/*
 * tcpviz and the programs it traces on one CPU (the one it is on; the
 * programs inherit it). A traced program and its tracer take turns at
 * every stop: on two CPUs each turn is a wake-up across CPUs, several
 * times slower than on one (a ping-pong of 20,000 round trips: about
 * 1.4 s on one CPU, 3 to 8 s on two). A program may set its own.
 */
static void run_one_cpu(void)
{
	int cpu = sched_getcpu();
	cpu_set_t one;
	if (cpu < 0)
		return;
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	sched_setaffinity(0, sizeof one, &one);
}

/* The namespaces and the capture; 0, or the exit status after a line. */
static int run_open(struct run *r)
{
	char err[4608];
	const struct run_options *opt = r->opt;
	enum netns_kind kind = NETNS_HOST;
	if (!opt->host && netns_enter(&kind, err, sizeof err) != 0) {
		fprintf(stderr, "tcpviz: run: %s\n", err);
		return 1;
	}
	if (kind == NETNS_HOST && !opt->host)
		fprintf(stderr,
		        _("tcpviz: run: warning: no private network namespace; "
		          "the programs share the host's loopback\n"));
	const char *dev = opt->iface ? opt->iface : "lo";
	/* Programs may send thousands of segments a second, and the views
	 * read the capture only every few milliseconds while calls flow:
	 * a buffer of RUN_BUFFER_KIB (each frame takes a whole snap length
	 * of it in immediate mode) unless asked otherwise. */
	int kib = opt->buffer_kib ? opt->buffer_kib : RUN_BUFFER_KIB;
	r->cap = livecap_open(dev, "tcp", kib * 1024, err, sizeof err);
	if (r->cap == NULL) {
		if (opt->host)
			fprintf(stderr,
			        _("tcpviz: run: %s (--host needs root or "
			          "CAP_NET_RAW)\n"),
			        err);
		else
			fprintf(stderr, "tcpviz: run: %s\n", err);
		return 1;
	}
	/* A PID namespace for the programs (the next child is its init);
	 * without one, every traced process is signalled at the end. */
	bool own_pids = RUN_PID_NAMESPACE && unshare(CLONE_NEWPID) == 0;
	struct session_config cfg = {.title = "tcpviz run",
	                             .link_type = livecap_linktype(r->cap)};
	r->session = session_new(&cfg);
	if (netns_drop_privileges(err, sizeof err) != 0 ||
	    run_open_outputs(r, err, sizeof err) != 0) {
		fprintf(stderr, "tcpviz: run: %s\n", err);
		return 1;
	}
	if (own_pids && run_start_init(r) != 0)
		own_pids = false;
	run_one_cpu();
	if (!own_pids)
		prctl(PR_SET_CHILD_SUBREAPER, 1);
	r->ts = tracesrc_new(r->session, run_before_exit, r);
	tracesrc_set_stepping(r->ts, opt->step);
	r->tty = -1;
	if (opt->step && !opt->screen) {
		/* Standard input may be the last program's: Enter comes from
		 * the terminal itself. */
		r->tty = open("/dev/tty", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (r->tty < 0) {
			fprintf(stderr,
			        _("tcpviz: run: --step needs a terminal to "
			          "read Enter from: /dev/tty: %s\n"),
			        strerror(errno));
			return 2;
		}
	}
	return 0;
}

static void run_close(struct run *r)
{
	tracesrc_free(r->ts);
	session_free(r->session);
	if (r->view)
		r->view->destroy(r->view);
	if (r->tl)
		timeline_free(r->tl);
	if (r->events_view) {
		r->events_view->destroy(r->events_view);
		outbuf_free(&r->events_out);
	}
	if (r->events_fd >= 0)
		close(r->events_fd);
	if (r->tty >= 0)
		close(r->tty);
	if (r->stdin_w >= 0)
		close(r->stdin_w);
	outbuf_free(&r->out);
	for (size_t i = 0; i < r->nprogs; i++)
		for (int k = 0; k < 2; k++) {
			if (r->progs[i].out[k] >= 0)
				close(r->progs[i].out[k]);
			free(r->progs[i].line[k]);
		}
	free(r->progs);
	if (r->cap)
		livecap_close(r->cap);
}

/* The PID namespace's init, and with it anything left in it. */
static void run_end_namespace(struct run *r)
{
	if (r->init <= 0)
		return;
	if (kill(r->init, SIGKILL) == 0)
		waitpid(r->init, NULL, 0);
	r->init = 0;
}

static int run_report(struct run *r, int sig)
{
	int status = sig > 0 ? 128 + sig : r->failed ? 1 : 0;
	if (r->out.failed && r->out_sink.error != EPIPE) {
		fprintf(stderr, _("tcpviz: run: standard output: %s\n"),
		        strerror(r->out_sink.error ? r->out_sink.error : EIO));
		if (status == 0)
			status = 1;
	}
	int64_t dropped = session_totals(r->session)->dropped;
	if (dropped > 0)
		fprintf(stderr,
		        NG_("tcpviz: run: %lld packets dropped by kernel: "
		            "segments are missing from the timeline\n",
		            "tcpviz: run: %lld packets dropped by kernel: "
		            "segments are missing from the timeline\n",
		            dropped),
		        (long long)dropped);
	int rec = livecap_record_error(r->cap);
	if (rec != 0) {
		fprintf(stderr, "tcpviz: run: %s: %s\n", r->opt->record,
		        strerror(rec));
		if (status == 0)
			status = 1;
	}
	if (sig > 0)
		fprintf(stderr, _("tcpviz: run: stopped by signal %d\n"), sig);
	return status;
}

int run_run(const struct run_options *opt)
{
	struct run r = {.opt = opt, .events_fd = -1, .tty = -1, .stdin_w = -1};
	r.nprogs = opt->argv ? 1 : opt->ncmds;
	r.progs = xcalloc(r.nprogs, sizeof *r.progs);
	for (size_t i = 0; i < r.nprogs; i++) {
		r.progs[i].shown = opt->argv ? opt->argv[0] : opt->cmds[i];
		r.progs[i].out[0] = r.progs[i].out[1] = -1;
	}
	stopsig_catch();
	signal(SIGPIPE, SIG_IGN);
	int status = run_open(&r);
	if (status != 0) {
		run_close(&r);
		run_end_namespace(&r);
		return status;
	}
	int sig = 0;
	if (r.tl != NULL) {
		struct ui_source src = {.pump = run_screen_pump,
		                        .warning = run_screen_warning,
		                        .step = run_screen_step,
		                        .next = run_screen_next,
		                        .input = run_screen_input,
		                        .ctx = &r};
		struct ui_options uo = {.title = "tcpviz run",
		                        .ascii = opt->ascii,
		                        .color = opt->color,
		                        .live = true,
		                        .traced = true,
		                        .stepping = opt->step,
		                        .slow = opt->slow};
		int st = ui_run(r.tl, &src, &uo);
		sig = st >= 128 ? st - 128 : 0;
	} else {
		while (run_pump(&r, 100))
			;
	}
	if (sig == 0)
		sig = stopsig_caught();
	if (!r.wrapped)
		run_wrap_up(&r);
	status = run_report(&r, sig);
	run_close(&r);
	run_end_namespace(&r);
	return status;
}
