/*
 * replay.c - a capture file (and the events file recorded beside it) as
 * a source of the session, and the replay command around it.
 *
 * Shell: pcapsrc reads frames, eventfile parses the recorded calls,
 * kernel states and narration; both go to the session, which hands them
 * in time order to the views the command attached. Nothing here
 * decodes, tracks or draws.
 */
#include "replay.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "decode.h"
#include "eventfile.h"
#include "fdsink.h"
#include "i18n.h"
#include "outbuf.h"
#include "pcapsrc.h"
#include "session.h"
#include "timeline.h"
#include "ui.h"
#include "util.h"
#include "view.h"
#include "view_async.h"
#include "views.h"

/* A narration's text is at most 16 KiB, escaped at most 6 bytes a byte. */
enum { OUT_BUFFER = 1 << 20, EVENTS_LINE_MAX = 1 << 17 };

struct replay {
	struct session *session;
	struct pcapsrc *src;
	const char *shown; /* the file's name in messages */
	/* replay_options.words: a recorded narration's words instead */
	const char *(*words)(const void *ctx, int step, enum narration_kind k,
	                     const char *recorded);
	const void *words_ctx;
	bool done;
};

/* The actor a recorded event names: a traced program's process by its
 * label, pid, tid and program; else the recording's client or server,
 * by its side. */
static const struct actor *replay_actor(struct session *s, enum side side,
                                        const struct eventfile_record *rec)
{
	const char *label = rec->who ? rec->who : event_side_name(side);
	const struct actor *a = session_actor_find(s, label);
	if (a != NULL)
		return a;
	if (rec->who)
		return session_actor(s, label, (int)rec->pid, (int)rec->tid,
		                     rec->prog);
	return session_actor(s, label, 0, 0, NULL);
}

/* A recorded narration's words, or those the options put instead. */
static const char *replay_words(const struct replay *r,
                                const struct eventfile_record *rec)
{
	const char *now = NULL;
	if (r->words != NULL)
		now = r->words(r->words_ctx, rec->narration.step,
		               rec->narration.kind, rec->narration.text);
	return now != NULL ? now : rec->narration.text;
}

/* One recorded event to the session, at its epoch time. */
static void replay_post(struct replay *r, struct eventfile_record *rec)
{
	struct session *s = r->session;

	switch (rec->kind) {
	case EVENTFILE_CALL:
		rec->call.ts_ns = rec->ns;
		rec->call.actor = replay_actor(s, rec->call.side, rec);
		session_call(s, &rec->call);
		break;
	case EVENTFILE_KSTATE:
		rec->kstate.ts_ns = rec->ns;
		rec->kstate.actor = replay_actor(s, rec->kstate.side, rec);
		session_kstate(s, &rec->kstate);
		break;
	case EVENTFILE_NOTE:
		rec->note.ts_ns = rec->ns;
		rec->note.actor = replay_actor(s, rec->note.side, rec);
		session_note(s, &rec->note);
		break;
	case EVENTFILE_NARRATION:
		session_narration(s, rec->ns, rec->narration.step,
		                  rec->narration.kind, replay_words(r, rec));
		break;
	default:
		break;
	}
}

/* Read FILE.events if there is one, every record to the session. A bad
 * line ends the reading with a warning; the replay goes on without the
 * rest. */
static void replay_load_events(struct replay *r, const char *path)
{
	char name[4096];
	if (strcmp(path, "-") == 0 ||
	    (size_t)snprintf(name, sizeof name, "%s.events", path) >=
	            sizeof name)
		return;
	FILE *fp = fopen(name, "r");
	if (fp == NULL) {
		if (errno != ENOENT)
			fprintf(stderr,
			        _("tcpviz: %s: %s; the calls are not shown\n"),
			        name, strerror(errno));
		return;
	}
	char *line = NULL;
	size_t cap = 0;
	int64_t origin = 0;
	int have_origin = 0;
	unsigned long lineno = 0;
	ssize_t len;
	while ((len = getline(&line, &cap, fp)) > 0) {
		struct eventfile_record rec = {.kind = EVENTFILE_BAD};
		const char *why = N_("a line longer than tcpviz writes");
		lineno++;
		enum eventfile_kind k =
		        len > EVENTS_LINE_MAX
		                ? EVENTFILE_BAD
		                : eventfile_parse(line, &rec, &why);
		if (k == EVENTFILE_BAD ||
		    (k != EVENTFILE_ORIGIN && k != EVENTFILE_OTHER &&
		     !have_origin)) {
			/* The reason, from here or eventfile.c, translated
			 * where it is said. */
			fprintf(stderr,
			        _("tcpviz: %s line %lu: %s; the calls after it "
			          "are not shown\n"),
			        name, lineno,
			        why ? _(why) : _("no origin line before it"));
			eventfile_record_free(&rec);
			break;
		}
		if (k == EVENTFILE_ORIGIN) {
			origin = rec.ns;
			have_origin = 1;
			continue;
		}
		rec.ns += origin;
		replay_post(r, &rec);
		eventfile_record_free(&rec);
	}
	free(line);
	fclose(fp);
}

/* The capture at path with the filter, or NULL after one line on
 * stderr naming the file or the whole expression and the cause. */
static struct pcapsrc *replay_source(const char *path, const char *filter)
{
	/* Room for the whole expression and libpcap's reason. */
	size_t cap = strlen(path) + (filter ? strlen(filter) : 0) + 1024;
	char *err = xmalloc(cap);
	err[0] = '\0';
	struct pcapsrc *src = pcapsrc_open(path, filter, err, cap);
	if (src == NULL)
		fprintf(stderr, "tcpviz: %s\n", err);
	free(err);
	return src;
}

struct replay *replay_open_file(const struct replay_options *opt,
                                const char *path, int number, int files)
{
	struct pcapsrc *src = replay_source(path, opt->filter);
	if (src == NULL)
		return NULL;
	struct replay *r = xcalloc(1, sizeof *r);
	r->src = src;
	r->words = opt->words;
	r->words_ctx = opt->words_ctx;
	r->shown = strcmp(path, "-") == 0 ? _("standard input") : path;
	struct session_config cfg = {
	        .title = opt->title ? opt->title : r->shown,
	        .steps = opt->steps,
	        .link_type = pcapsrc_linktype(src),
	        .file = r->shown,
	        .file_number = number,
	        .files = files,
	};
	r->session = session_new(&cfg);
	replay_load_events(r, path);
	return r;
}

struct replay *replay_open(const struct replay_options *opt)
{
	return replay_open_file(opt, opt->path, 1, 1);
}

struct session *replay_session(struct replay *r)
{
	return r->session;
}

const char *replay_shown(const struct replay *r)
{
	return r->shown;
}

int replay_pump(struct replay *r, size_t max_frames)
{
	struct frame f;
	if (r->done)
		return 0;
	for (size_t n = 0; n < max_frames; n++) {
		int rc = pcapsrc_next(r->src, &f);
		if (rc != 1) {
			session_totals(r->session)->cut_off = rc < 0;
			session_finish(r->session);
			r->done = true;
			return 0;
		}
		session_frame(r->session, &f);
	}
	return 1;
}

int replay_close(struct replay *r)
{
	int status = 0;
	const struct session_totals *tot = session_totals(r->session);
	if (session_store_failed(r->session)) {
		fprintf(stderr,
		        _("tcpviz: %s: could not keep the stream records for "
		          "the end of the output\n"),
		        r->shown);
		status = 1;
	}
	if (!decode_link_supported(tot->link_type))
		fprintf(stderr,
		        NG_("tcpviz: %s: link type %s is not read by tcpviz; "
		            "%llu frames skipped\n",
		            "tcpviz: %s: link type %s is not read by tcpviz; "
		            "%llu frames skipped\n",
		            tot->frames),
		        r->shown, pcapsrc_linktype_name(r->src),
		        (unsigned long long)tot->frames);
	if (tot->cut_off)
		fprintf(stderr,
		        _("tcpviz: %s: warning: the capture is cut off after "
		          "frame %llu (%s); showing what came before\n"),
		        r->shown, (unsigned long long)tot->frames,
		        pcapsrc_error(r->src));
	session_free(r->session);
	pcapsrc_close(r->src);
	free(r);
	return status;
}

/*
 * The screen's source: the captures one after another into one
 * timeline, each opened when the one before has been read (every one
 * was opened once before the screen, so none fails here but for a
 * fault); all are closed after the screen, so their warnings come when
 * it is gone.
 */
struct replay_chain {
	const struct replay_options *opt;
	struct timeline *tl;
	struct replay **open; /* those opened so far, in order */
	int files, nopen;
	bool failed; /* one could not be opened after all */
	char warning[256];
};

static const char *replay_chain_path(const struct replay_chain *ch, int i)
{
	return i ? ch->opt->more[i - 1] : ch->opt->path;
}

/* The capture being read, the next one opened when it is done; NULL at
 * the end. */
static struct replay *replay_chain_current(struct replay_chain *ch)
{
	struct replay *r = ch->nopen ? ch->open[ch->nopen - 1] : NULL;
	if ((r == NULL || r->done) && ch->nopen < ch->files && !ch->failed) {
		r = replay_open_file(ch->opt, replay_chain_path(ch, ch->nopen),
		                     ch->nopen + 1, ch->files);
		if (r == NULL) {
			ch->failed = true;
			return NULL;
		}
		session_attach(r->session, timeline_view(ch->tl));
		ch->open[ch->nopen++] = r;
	}
	return r && !r->done ? r : NULL;
}

/* Read frames for about budget_ms, so keys stay responsive while a huge
 * capture loads behind the first screen. */
static int replay_screen_pump(void *ctx, int budget_ms)
{
	struct replay_chain *ch = ctx;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct replay *r = replay_chain_current(ch);
		if (r == NULL)
			return 0;
		replay_pump(r, 4096);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		long ms = (t1.tv_sec - t0.tv_sec) * 1000L +
		          (t1.tv_nsec - t0.tv_nsec) / 1000000L;
		if (ms >= budget_ms)
			return 1;
	}
}

/* A capture cut off inside a frame, said on the status bar too (the
 * line on stderr comes when the screen is gone). */
static const char *replay_screen_warning(void *ctx)
{
	struct replay_chain *ch = ctx;
	for (int i = 0; i < ch->nopen; i++) {
		struct replay *r = ch->open[i];
		const struct session_totals *tot = session_totals(r->session);
		if (!r->done || !tot->cut_off)
			continue;
		if (ch->files > 1)
			snprintf(ch->warning, sizeof ch->warning,
			         _("capture %d is cut off after frame %llu"),
			         i + 1, (unsigned long long)tot->frames);
		else
			snprintf(ch->warning, sizeof ch->warning,
			         _("the capture is cut off after frame %llu"),
			         (unsigned long long)tot->frames);
		return ch->warning;
	}
	return NULL;
}

static int replay_screen(const struct replay_options *opt)
{
	struct replay_chain ch = {.opt = opt, .files = (int)opt->nmore + 1};
	ch.open = xcalloc((size_t)ch.files, sizeof *ch.open);
	ch.tl = timeline_new();
	char *title = NULL;
	if (replay_chain_current(&ch) == NULL) {
		free(ch.open);
		timeline_free(ch.tl);
		return 2;
	}
	if (opt->title)
		title = xstrdup(opt->title);
	else if (ch.files > 1)
		title = xasprintf(NG_("%s and %d more captures",
		                      "%s and %d more captures", ch.files - 1),
		                  ch.open[0]->shown, ch.files - 1);
	else
		title = xstrdup(ch.open[0]->shown);
	struct ui_source src = {.pump = replay_screen_pump,
	                        .warning = replay_screen_warning,
	                        .ctx = &ch};
	struct ui_options uo = {
	        .title = title,
	        .ascii = opt->ascii,
	        .color = opt->color,
	        .reveal = opt->reveal,
	        .slow = opt->slow,
	};
	int status = ui_run(ch.tl, &src, &uo);
	int closed = ch.failed ? 2 : 0;
	for (int i = 0; i < ch.nopen; i++) {
		int c = replay_close(ch.open[i]);
		if (closed == 0)
			closed = c;
	}
	free(ch.open);
	free(title);
	timeline_free(ch.tl);
	return status ? status : closed;
}

/* One capture to the output: 0, 1 (a failure at run time) or 2. */
static int replay_write(const struct replay_options *opt, const char *path,
                        int number, int files, struct outbuf *out,
                        struct fd_sink *sink)
{
	struct replay *r = replay_open_file(opt, path, number, files);
	if (r == NULL)
		return 2;
	char *title = opt->title
	                      ? xstrdup(opt->title)
	                      : xasprintf(_("tcpviz replay of %s"), r->shown);
	struct view_options vo = {.out = out,
	                          .ascii = opt->ascii,
	                          .title = title,
	                          .stream = opt->stream};
	const struct view_format *fmt =
	        opt->format ? opt->format : views_default();
	struct view *view = fmt->make(&vo);
	/* A person watching a pipe (tcpdump -w - | tcpviz replay -) sees
	 * each segment as it comes; otherwise output leaves in big blocks,
	 * formatted and written on the second core while this thread reads,
	 * decodes and tracks (view_async.h: same bytes, in the same order).
	 * The outbuf is the view's thread's until finish has returned. */
	size_t batch = isatty(STDOUT_FILENO) ? 1 : 4096;
	struct view *async = batch > 1 ? view_async_new(view) : NULL;
	if (async != NULL)
		view = async; /* owns the view it wraps */
	session_attach(r->session, view);
	while (replay_pump(r, batch) && !out->failed)
		if (batch == 1)
			outbuf_flush(out);
	if (!r->done) /* the reader went away: end quietly */
		session_finish(r->session);
	int status = 0;
	if (outbuf_flush(out) != 0 && sink->error != EPIPE) {
		fprintf(stderr, _("tcpviz: writing the output: %s\n"),
		        strerror(sink->error));
		status = 1;
	}
	int closed = replay_close(r);
	view->destroy(view);
	free(title);
	return status ? status : closed;
}

/* Several captures: each must open (and take the filter) before any is
 * shown, so that a bad one is one line and status 2, as for one. */
static int replay_check_all(const struct replay_options *opt)
{
	for (size_t i = 0; i < opt->nmore + 1; i++) {
		struct pcapsrc *src = replay_source(
		        i ? opt->more[i - 1] : opt->path, opt->filter);
		if (src == NULL)
			return 2;
		pcapsrc_close(src);
	}
	return 0;
}

int replay_run(const struct replay_options *opt)
{
	if (opt->nmore > 0 && replay_check_all(opt) != 0)
		return 2;
	if (opt->screen)
		return replay_screen(opt);
	struct fd_sink sink = {.fd = STDOUT_FILENO};
	struct outbuf out;
	outbuf_init(&out, OUT_BUFFER, fd_sink_write, &sink);
	int files = (int)opt->nmore + 1, status = 0;
	for (int i = 0; i < files && status == 0 && !out.failed; i++)
		status = replay_write(opt, i ? opt->more[i - 1] : opt->path,
		                      i + 1, files, &out, &sink);
	outbuf_free(&out);
	return status;
}
