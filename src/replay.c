/*
 * replay.c - wires one capture file to the model and one view.
 *
 * Shell: pcapsrc -> decode -> conntrack -> view, streaming, one frame at
 * a time; nothing here decodes or draws. Stream records wait in the
 * streamstore so memory follows the connections open at once.
 */
#include "replay.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "conntrack.h"
#include "decode.h"
#include "eventfile.h"
#include "fdsink.h"
#include "timeline.h"
#include "ui.h"
#include "util.h"
#include "outbuf.h"
#include "pcapsrc.h"
#include "render.h"
#include "streamstore.h"
#include "view.h"

/* A narration's text is at most 16 KiB, escaped at most 6 bytes a byte. */
enum { OUT_BUFFER = 1 << 20, EVENTS_LINE_MAX = 1 << 17 };

struct replay {
	struct streamstore *store;
	int store_failed;
	struct view *view;
	struct conntrack *ct;
	/* Calls and kernel states recorded beside the capture (demo
	 * --record), in time order, with epoch timestamps. */
	struct eventfile_record *events;
	size_t nevents, next_event;
};

/* Read FILE.events if there is one. A bad line ends the reading with a
 * warning; the replay goes on without the rest. */
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
			        "tcpviz: %s: %s; the calls are not shown\n",
			        name, strerror(errno));
		return;
	}
	char *line = NULL;
	size_t cap = 0, alloc = 0;
	int64_t origin = 0;
	int have_origin = 0;
	unsigned long lineno = 0;
	ssize_t len;
	while ((len = getline(&line, &cap, fp)) > 0) {
		struct eventfile_record rec = {.kind = EVENTFILE_BAD};
		const char *why = "a line longer than tcpviz writes";
		lineno++;
		enum eventfile_kind k =
		        len > EVENTS_LINE_MAX
		                ? EVENTFILE_BAD
		                : eventfile_parse(line, &rec, &why);
		if (k == EVENTFILE_BAD ||
		    (k != EVENTFILE_ORIGIN && k != EVENTFILE_OTHER &&
		     !have_origin)) {
			fprintf(stderr,
			        "tcpviz: %s line %lu: %s; the calls after it "
			        "are not shown\n",
			        name, lineno,
			        why ? why : "no origin line before it");
			eventfile_record_free(&rec);
			break;
		}
		if (k == EVENTFILE_ORIGIN) {
			origin = rec.ns;
			have_origin = 1;
			continue;
		}
		if (k == EVENTFILE_OTHER)
			continue;
		rec.ns += origin;
		if (r->nevents == alloc) {
			alloc = alloc ? alloc * 2 : 64;
			r->events =
			        xrealloc(r->events, alloc * sizeof *r->events);
		}
		r->events[r->nevents++] = rec;
	}
	free(line);
	fclose(fp);
}

/* Hand on the recorded events that happened before `until`. */
static void replay_events_until(struct replay *r, int64_t until, int64_t origin)
{
	while (r->next_event < r->nevents &&
	       r->events[r->next_event].ns < until) {
		struct eventfile_record *e = &r->events[r->next_event++];
		if (e->kind == EVENTFILE_CALL) {
			r->view->call(r->view, &e->call, e->ns - origin);
		} else if (e->kind == EVENTFILE_NARRATION) {
			if (r->view->narration)
				r->view->narration(r->view, e->narration.step,
				                   e->narration.kind,
				                   e->narration.text,
				                   e->ns - origin);
		} else {
			event_infer_kstate(r->ct, &e->kstate);
			r->view->kstate(r->view, &e->kstate, e->ns - origin);
		}
	}
}

static void replay_retire(void *ctx, const struct stream_info *s)
{
	struct replay *r = ctx;
	if (streamstore_put(r->store, s) != 0)
		r->store_failed = 1;
}

static void replay_stream_out(void *ctx, const struct stream_info *s)
{
	struct view *v = ctx;
	v->stream(v, s);
}

static void replay_count(struct replay_totals *tot, const struct segment *seg,
                         const struct seg_event *ev)
{
	tot->segments++;
	if (ev->new_stream)
		tot->streams++;
	if (seg->malformed || seg->opts.error)
		tot->malformed++;
	if (seg->truncated)
		tot->truncated++;
}

static struct view *replay_view(const struct replay_options *opt,
                                struct outbuf *out)
{
	if (opt->format == FORMAT_JSONL)
		return render_jsonl_new(out);
	static char title[4200];
	snprintf(title, sizeof title, "tcpviz replay of %s",
	         strcmp(opt->path, "-") == 0 ? "standard input" : opt->path);
	struct text_options to = {.ascii = opt->ascii,
	                          .title = opt->title ? opt->title : title};
	return render_text_new(out, &to);
}

struct replay_session {
	struct replay r;
	struct pcapsrc *src;
	struct replay_totals tot;
	int64_t origin;
	int done;
	const char *shown;
};

struct replay_session *replay_open(const struct replay_options *opt,
                                   struct view *view)
{
	char err[512];
	struct pcapsrc *src =
	        pcapsrc_open(opt->path, opt->filter, err, sizeof err);
	if (src == NULL) {
		fprintf(stderr, "tcpviz: %s\n", err);
		return NULL;
	}
	struct replay_session *s = xcalloc(1, sizeof *s);
	s->src = src;
	s->shown = strcmp(opt->path, "-") == 0 ? "standard input" : opt->path;
	s->r.store = streamstore_new();
	s->r.view = view;
	s->r.ct = conntrack_new(replay_retire, &s->r);
	replay_load_events(&s->r, opt->path);
	s->tot.link_type = pcapsrc_linktype(src);
	s->tot.dropped = -1;
	return s;
}

static void replay_frame(struct replay_session *s, const struct frame *f)
{
	struct replay *r = &s->r;
	struct segment seg;
	struct seg_event ev;
	if (s->tot.frames++ == 0) {
		s->origin = f->ts_ns;
		if (r->nevents > 0 && r->events[0].ns < s->origin)
			s->origin = r->events[0].ns;
	}
	replay_events_until(r, f->ts_ns, s->origin);
	if (!f->matches) {
		s->tot.filtered_out++;
		return;
	}
	enum decode_result d = decode_frame(s->tot.link_type, f->data,
	                                    f->caplen, f->wirelen, &seg);
	if (d != DECODE_TCP) {
		s->tot.skipped[d]++;
		return;
	}
	seg.frame = f->number;
	seg.ts_ns = f->ts_ns;
	conntrack_segment(r->ct, &seg, &ev);
	replay_count(&s->tot, &seg, &ev);
	r->view->segment(r->view, &ev, f->ts_ns - s->origin);
}

/* After the last frame: the recorded events left, the stream records in
 * id order, the totals. */
static void replay_end(struct replay_session *s)
{
	struct replay *r = &s->r;
	if (s->tot.frames == 0 && r->nevents > 0)
		s->origin = r->events[0].ns;
	replay_events_until(r, INT64_MAX, s->origin);
	conntrack_finish(r->ct);
	if (streamstore_each(r->store, replay_stream_out, r->view) != 0)
		r->store_failed = 1;
	r->view->finish(r->view, &s->tot);
	s->done = 1;
}

int replay_pump(struct replay_session *s, size_t max_frames)
{
	struct frame f;
	if (s->done)
		return 0;
	for (size_t n = 0; n < max_frames; n++) {
		int rc = pcapsrc_next(s->src, &f);
		if (rc != 1) {
			s->tot.cut_off = rc < 0;
			replay_end(s);
			return 0;
		}
		replay_frame(s, &f);
	}
	return 1;
}

int replay_close(struct replay_session *s)
{
	int status = 0;
	if (s->r.store_failed) {
		fprintf(stderr,
		        "tcpviz: %s: could not keep the stream records for the "
		        "end of the output\n",
		        s->shown);
		status = 1;
	}
	if (!decode_link_supported(s->tot.link_type))
		fprintf(stderr,
		        "tcpviz: %s: link type %s is not read by tcpviz; %llu "
		        "frames skipped\n",
		        s->shown, pcapsrc_linktype_name(s->src),
		        (unsigned long long)s->tot.frames);
	if (s->tot.cut_off)
		fprintf(stderr,
		        "tcpviz: %s: warning: the capture is cut off after "
		        "frame %llu (%s); showing what came before\n",
		        s->shown, (unsigned long long)s->tot.frames,
		        pcapsrc_error(s->src));
	conntrack_free(s->r.ct);
	streamstore_free(s->r.store);
	for (size_t i = 0; i < s->r.nevents; i++)
		eventfile_record_free(&s->r.events[i]);
	free(s->r.events);
	pcapsrc_close(s->src);
	free(s);
	return status;
}

struct screen_pump {
	struct replay_session *s;
};

/* Read frames for about budget_ms, so keys stay responsive while a huge
 * capture loads behind the first screen. */
static int replay_screen_pump(void *ctx, int budget_ms)
{
	struct replay_session *s = ctx;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if (!replay_pump(s, 4096))
			return 0;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		long ms = (t1.tv_sec - t0.tv_sec) * 1000L +
		          (t1.tv_nsec - t0.tv_nsec) / 1000000L;
		if (ms >= budget_ms)
			return 1;
	}
}

static int replay_screen(const struct replay_options *opt)
{
	struct timeline *tl = timeline_new();
	struct replay_session *s = replay_open(opt, timeline_view(tl));
	if (s == NULL) {
		timeline_free(tl);
		return 2;
	}
	struct ui_source src = {.pump = replay_screen_pump, .ctx = s};
	struct ui_options uo = {
	        .title = opt->title ? opt->title : s->shown,
	        .ascii = opt->ascii,
	        .color = opt->color,
	        .reveal = opt->reveal,
	};
	timeline_set_steps(tl, opt->steps);
	int status = ui_run(tl, &src, &uo);
	int closed = replay_close(s);
	timeline_free(tl);
	return status ? status : closed;
}

int replay_run(const struct replay_options *opt)
{
	if (opt->screen)
		return replay_screen(opt);
	struct fd_sink sink = {.fd = STDOUT_FILENO};
	struct outbuf out;
	outbuf_init(&out, OUT_BUFFER, fd_sink_write, &sink);
	struct view *view = replay_view(opt, &out);
	struct replay_session *s = replay_open(opt, view);
	if (s == NULL) {
		view->destroy(view);
		outbuf_free(&out);
		return 2;
	}
	/* A person watching a pipe (tcpdump -w - | tcpviz replay -) sees
	 * each segment as it comes; otherwise output leaves in big blocks. */
	size_t batch = isatty(STDOUT_FILENO) ? 1 : 4096;
	while (replay_pump(s, batch) && !out.failed)
		if (batch == 1)
			outbuf_flush(&out);
	if (!s->done) /* the reader went away: end quietly */
		replay_end(s);
	int status = 0;
	if (outbuf_flush(&out) != 0 && sink.error != EPIPE) {
		fprintf(stderr, "tcpviz: writing the output: %s\n",
		        strerror(sink.error));
		status = 1;
	}
	int closed = replay_close(s);
	view->destroy(view);
	outbuf_free(&out);
	return status ? status : closed;
}
