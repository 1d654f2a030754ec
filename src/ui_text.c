/*
 * ui_text.c - the words of a timeline line (ui_text.h).
 *
 * Labels go through _() (i18n.h); call, state, flag and role names are
 * the machine's and stay as they are. Must not draw.
 */
#include "ui_text.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "explain.h"
#include "i18n.h"
#include "panel.h"
#include "util.h"

bool ui_text_blocked(const struct timeline *tl, const struct screen_state *st,
                     size_t row)
{
	return screen_call_blocked(tl, st, row);
}

/* The enter row of a return (the actor's latest call row before it). */
static const struct tl_row *ui_text_enter_of(const struct timeline *tl,
                                             size_t row)
{
	const struct call_event *c = timeline_call(tl, timeline_row(tl, row));
	for (size_t i = row, k = 0; i-- > 0 && k < 4096; k++) {
		const struct tl_row *r = timeline_row(tl, i);
		if (r->kind != TL_CALL)
			continue;
		const struct call_event *e = timeline_call(tl, r);
		if (e->actor == c->actor && e->side == c->side)
			return e->enter && e->call == c->call ? r : NULL;
	}
	return NULL;
}

void ui_text_return(char *out, size_t cap, const struct call_event *c,
                    bool compact)
{
	const char *e = event_errno_name(c->err);
	snprintf(out, cap, compact ? "%s()=%ld%s%s" : "%s() = %ld%s%s",
	         event_call_label(c), c->ret, e ? " " : "", e ? e : "");
}

void ui_text_call(char *out, size_t cap, const struct timeline *tl, size_t row,
                  const struct screen_state *st)
{
	const struct tl_row *r = timeline_row(tl, row);
	const struct call_event *c = timeline_call(tl, r);
	char fd[16] = "";
	if (c->fd >= 0)
		snprintf(fd, sizeof fd, "%d", c->fd);
	/* A traced program's calls name it, as a lesson server's child's
	 * do: several may share a side. */
	const char *who =
	        explain_named(c->actor) ? explain_who(c->actor, c->side) : NULL;
	if (c->enter) {
		char detail[256];
		explain_detail(detail, sizeof detail, c->detail);
		snprintf(out, cap, "%s%s%s(%s%s%s)", who ? who : "",
		         who ? " " : "", event_call_label(c), fd,
		         *fd && *detail ? ", " : "", detail);
		int64_t now = screen_now(tl, st);
		if (ui_text_blocked(tl, st, row) && now >= r->t_ns)
			strcatf(out, cap, _(" blocked %.3f s"),
			        (double)(now - r->t_ns) / 1e9);
		else
			strcatf(out, cap, " ...");
		return;
	}
	ui_text_return(out, cap, c, false);
	if (who) {
		char call[512];
		snprintf(call, sizeof call, "%s %s", who, out);
		snprintf(out, cap, "%s", call);
	}
	/* What the return said goes with its value ("= -1 EPIPE
	 * SIGPIPE"); accept()'s peer and the bytes a read read follow the
	 * time it took. */
	char detail[256];
	explain_detail(detail, sizeof detail, c->detail);
	bool after = c->call == CALL_ACCEPT || detail[0] == '"';
	if (*detail && !after)
		strcatf(out, cap, " %s", detail);
	const struct tl_row *er = ui_text_enter_of(tl, row);
	int64_t took = er ? r->t_ns - er->t_ns : 0;
	/* How long it blocked, from 0.1 ms: in seconds from one. */
	if (took >= 1000000000LL)
		strcatf(out, cap, _(" after %.2f s"), (double)took / 1e9);
	else if (took >= 100000)
		strcatf(out, cap, _(" after %.2f ms"), (double)took / 1e6);
	if (*detail && c->call == CALL_ACCEPT)
		strcatf(out, cap, _(" from %s"), detail);
	else if (*detail && after)
		strcatf(out, cap, " %s", detail);
}

bool ui_text_mismatch(const struct kstate_event *k)
{
	return k->has_inferred && k->inferred != k->state;
}

void ui_text_kstate(char *out, size_t cap, const struct kstate_event *k)
{
	if (k->fd >= 0)
		snprintf(out, cap, _("kernel fd %d: %s"), k->fd,
		         tcpstate_name(k->state));
	else
		snprintf(out, cap, _("kernel (no fd): %s"),
		         tcpstate_name(k->state));
	explain_queue(out, cap, k);
	if (ui_text_mismatch(k))
		strcatf(out, cap, _(" != %s inferred"),
		        tcpstate_name(k->inferred));
}

void ui_text_seg_states(const struct tl_segment *s, bool client,
                        enum tcp_state *before, enum tcp_state *after)
{
	bool sender = client == s->c2s;
	*before = (enum tcp_state)(sender ? s->src_before : s->dst_before);
	*after = (enum tcp_state)(sender ? s->src_after : s->dst_after);
}

void ui_text_seg_label(char *out, size_t cap, const struct timeline *tl,
                       const struct tl_segment *s,
                       const struct screen_state *st)
{
	char flags[64];
	panel_flags(flags, sizeof flags, s->flags);
	out[0] = '\0';
	/* The stream's number in its capture, when it has several. */
	const struct tl_file *f = timeline_file_of_stream(tl, s->stream);
	const struct stream_info *si = timeline_stream(tl, s->stream);
	if (si && timeline_file_streams(tl, f) > 1)
		strcatf(out, cap, "#%llu ", (unsigned long long)si->id);
	strcatf(out, cap, "%s seq=%u", flags, st->absolute ? s->seq : s->rseq);
	if (s->flags & TH_ACK)
		strcatf(out, cap, " ack=%u", st->absolute ? s->ack : s->rack);
	if (s->len)
		strcatf(out, cap, " len=%u", s->len);
	/* Analysis notes before the role: when the wire is too narrow for
	 * both, the unusual is what must show. */
	for (unsigned i = 0; i < AN_COUNT_BITS; i++)
		if (s->analysis & (1u << i))
			strcatf(out, cap, " [%s]", conntrack_analysis_label(i));
	strcatf(out, cap, " (%s)",
	        explain_teardown_label(
	                (enum seg_role)s->role,
	                explain_teardown_step((enum seg_role)s->role,
	                                      (enum tcp_state)s->src_before,
	                                      (enum tcp_state)s->dst_before)));
	if (s->truncated)
		strcatf(out, cap, " [%s]", _("truncated"));
	if (s->malformed)
		strcatf(out, cap, " [%s]", _("malformed"));
}

/* What a step does ("server listen"): its step record's text. */
static const char *ui_text_step_what(const struct timeline *tl, int step)
{
	size_t line = timeline_step_line(tl, step);
	if (line == SIZE_MAX)
		return NULL;
	const struct tl_row *r = screen_line_row(tl, line, NULL);
	const struct tl_narration *n = timeline_narration(tl, r->u.index);
	return n ? n->text : NULL;
}

void ui_text_step_title(char *out, size_t cap, const struct timeline *tl,
                        int step, bool capital)
{
	/* Whole sentences, with and without the count and the directive;
	 * a line of the timeline, or a title. */
	const char *what = ui_text_step_what(tl, step);
	int n, total;
	timeline_step_number(tl, step, &n, &total);
	if (what && total > 0)
		snprintf(out, cap,
		         capital ? _("Step %d of %d: %s")
		                 : _("step %d of %d: %s"),
		         n, total, what);
	else if (what)
		snprintf(out, cap,
		         capital ? _("Step %d: %s") : _("step %d: %s"), n,
		         what);
	else if (total > 0)
		snprintf(out, cap,
		         capital ? _("Step %d of %d") : _("step %d of %d"), n,
		         total);
	else
		snprintf(out, cap, capital ? _("Step %d") : _("step %d"), n);
}

void ui_text_time(char *out, size_t cap, const struct timeline *tl,
                  const struct screen_state *st, size_t line)
{
	size_t row;
	int64_t t = screen_line_row(tl, line, &row)->t_ns;
	int64_t origin = timeline_origin_at(tl, row);
	if (st->time_format == TIME_SINCE_PREVIOUS) {
		int64_t prev =
		        line ? screen_line_row(tl, line - 1, NULL)->t_ns : t;
		/* Each of several captures starts again at 0. */
		panel_seconds(out, cap, t >= prev ? t - prev : t, true);
	} else if (st->time_format == TIME_WALL_CLOCK && origin) {
		int64_t ns = origin + t;
		time_t secs = (time_t)(ns / 1000000000);
		struct tm tm;
		localtime_r(&secs, &tm);
		snprintf(out, cap, "%02d:%02d:%02d.%06lld", tm.tm_hour,
		         tm.tm_min, tm.tm_sec,
		         (long long)(ns % 1000000000 / 1000));
	} else {
		panel_seconds(out, cap, t, false);
	}
}

bool ui_text_space_hint(char *out, size_t cap, const struct timeline *tl,
                        const struct screen_state *st)
{
	char title[256];
	size_t n;
	switch (screen_space(tl, st)) {
	case SPACE_SHOWS_LINE:
		n = screen_hidden(tl, st);
		snprintf(out, cap,
		         NG_("Space: the next line (%zu more)",
		             "Space: the next line (%zu more)", n),
		         n);
		return true;
	case SPACE_REVEALS_STEP:
		ui_text_step_title(title, sizeof title, tl,
		                   screen_last_step(tl, st) + 1, false);
		/* TRANSLATORS: the key, then what it does: a step's title. */
		snprintf(out, cap, _("Space: %s"), title);
		return true;
	case SPACE_RUNS_STEP:
		if (st->next_step == NULL)
			return false;
		snprintf(out, cap, _("Space: %s"), st->next_step);
		return true;
	case SPACE_MOVES:
		break;
	}
	return false;
}
