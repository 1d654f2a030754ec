/*
 * ui_detail.c - the detail pane: every field of the selected segment,
 * call or kernel state, and in plain words what it does and why
 * (explain.c); a lesson step's line shows the lesson's words for it.
 * Enter opens and closes it, Escape closes it.
 *
 * Must not call ncurses or do I/O.
 */
#include <stdio.h>
#include <string.h>

#include "explain.h"
#include "i18n.h"
#include "panel.h"
#include "payload.h"
#include "ui_lesson.h"
#include "ui_text.h"
#include "utf8.h"
#include "util.h"

enum { LINE_MAX = 1024 };

static void ui_detail_opts(char *out, size_t cap, const struct tcpopts *o)
{
	out[0] = '\0';
	if (o->present & OPT_HAS_MSS)
		strcatf(out, cap, _(", MSS %u"), o->mss);
	if (o->present & OPT_HAS_WSCALE)
		strcatf(out, cap, _(", window scale %u (x%lu)"), o->wscale,
		        o->wscale < 31 ? 1ul << o->wscale : 0ul);
	if (o->present & OPT_HAS_SACK_PERM)
		strcatf(out, cap, "%s", _(", SACK permitted"));
	for (unsigned i = 0; i < o->sack_count && i < TCPOPT_MAX_SACK; i++)
		strcatf(out, cap, _(", SACK %u-%u"), o->sack[i][0],
		        o->sack[i][1]);
	if (o->present & OPT_HAS_TS)
		strcatf(out, cap, _(", TSval %u TSecr %u"), o->tsval, o->tsecr);
	if (o->present & OPT_HAS_TFO) {
		strcatf(out, cap, "%s", _(", TFO cookie "));
		for (unsigned i = 0; i < o->tfo_cookie_len; i++)
			strcatf(out, cap, "%02x", o->tfo_cookie[i]);
		if (o->tfo_cookie_len == 0)
			strcatf(out, cap, "%s", _("request"));
	}
	if (o->nop_count)
		strcatf(out, cap, _(", NOP x%u"), o->nop_count);
	if (o->present & OPT_HAS_EOL)
		strcatf(out, cap, "%s", _(", EOL"));
	for (unsigned i = 0; i < o->unknown_count && i < TCPOPT_MAX_UNKNOWN;
	     i++)
		strcatf(out, cap, _(", kind %u"), o->unknown[i]);
	if (o->error)
		strcatf(out, cap, _(", malformed: %s"), o->error);
}

/* "client SYN_SENT -> ESTABLISHED   server SYN_RECEIVED (unchanged)" */
static void ui_detail_states(char *out, size_t cap, const struct tl_segment *s,
                             const struct glyphs *gl)
{
	out[0] = '\0';
	for (int client = 1; client >= 0; client--) {
		enum tcp_state b, af;
		ui_text_seg_states(s, client, &b, &af);
		if (!client)
			strcatf(out, cap, "   ");
		if (af != b)
			/* TRANSLATORS: "client SYN_SENT -> ESTABLISHED". */
			strcatf(out, cap, _("%s %s %s %s"),
			        explain_side(client), tcpstate_name(b), gl->to,
			        tcpstate_name(af));
		else
			strcatf(out, cap, _("%s %s (unchanged)"),
			        explain_side(client), tcpstate_name(b));
	}
}

/* The segment's header fields: who sent it, numbers, options. */
static void ui_detail_fields(struct pane *p, const struct timeline *tl,
                             const struct tl_row *r, const struct glyphs *gl)
{
	const struct tl_segment *s = &r->u.seg;
	char line[LINE_MAX], flags[64], opts[LINE_MAX / 2];
	struct tcpopts o;
	panel_flags(flags, sizeof flags, s->flags);
	/* The stream as its capture numbers it (tshark's tcp.stream). */
	const struct stream_info *si = timeline_stream(tl, s->stream);
	const struct tl_file *f = timeline_file_of_stream(tl, s->stream);
	unsigned long id = si ? (unsigned long)si->id : s->stream;
	snprintf(line, sizeof line,
	         _("frame %llu  %s %s %s  %s  (%s)  stream %lu"),
	         (unsigned long long)s->frame, explain_side(s->c2s), gl->to,
	         explain_side(!s->c2s), flags,
	         explain_teardown_label(
	                 (enum seg_role)s->role,
	                 explain_teardown_step((enum seg_role)s->role,
	                                       (enum tcp_state)s->src_before,
	                                       (enum tcp_state)s->dst_before)),
	         id);
	if (f && f->files > 1)
		strcatf(line, sizeof line, _(" of capture %d"), f->number);
	pane_line(p, line, ATTR_BOLD);
	snprintf(line, sizeof line, _("seq %u (raw %u)"), s->rseq, s->seq);
	if (s->flags & TH_ACK)
		strcatf(line, sizeof line, _("  ack %u (raw %u)"), s->rack,
		        s->ack);
	else
		strcatf(line, sizeof line, _("  ack field %u (ACK not set)"),
		        s->ack);
	strcatf(line, sizeof line, _("  len %u  window %u (unscaled)"), s->len,
	        s->win);
	pane_para(p, line, 0);
	timeline_options(tl, r, &o);
	ui_detail_opts(opts, sizeof opts, &o);
	snprintf(line, sizeof line,
	         _("header %u bytes  urgent pointer %u  checksum 0x%04x  "
	           "options: %s"),
	         s->hdr_len, s->urp, s->cksum, *opts ? opts + 2 : _("none"));
	if (s->truncated)
		strcatf(line, sizeof line, "%s", _("; frame truncated"));
	if (s->malformed)
		strcatf(line, sizeof line, _("; malformed: %s"), s->malformed);
	pane_para(p, line, 0);
}

/* The bytes of one character (or one byte that is no text) as hex, after
 * the character as it is shown: "你 e4 bd a0". Returns the bytes taken. */
static size_t ui_detail_char(char *out, size_t cap, const uint8_t *b, size_t n,
                             unsigned flags)
{
	char shown[PAYLOAD_ESCAPED_MAX(4) + 1];
	uint32_t cp;
	size_t k = b[0] < 0x80 ? 1 : utf8_decode((const char *)b, n, &cp);
	shown[payload_escape(shown, b, k, flags, SIZE_MAX, NULL, NULL)] = '\0';
	strcatf(out, cap, " %s", shown);
	for (size_t i = 0; i < k; i++)
		strcatf(out, cap, " %02x", b[i]);
	return k;
}

/* What was sent: the payload's first bytes as text, then each character
 * beside its bytes, so "five characters, 15 bytes" can be seen. */
static void ui_detail_payload(struct pane *p, const struct timeline *tl,
                              const struct tl_row *r, bool ascii)
{
	/* A 7-bit screen shows each byte past ASCII as \xNN, not as '?'. */
	unsigned flags = ascii ? PAYLOAD_ASCII : 0;
	uint8_t bytes[SEGMENT_PAYLOAD_MAX];
	char text[PAYLOAD_ESCAPED_MAX(SEGMENT_PAYLOAD_MAX) + 1];
	char line[LINE_MAX * 2];
	size_t n = timeline_payload(tl, r, bytes);
	if (n == 0)
		return;
	text[payload_escape(text, bytes, n, flags, SIZE_MAX, NULL, NULL)] =
	        '\0';
	if (n == r->u.seg.len)
		snprintf(line, sizeof line, _("payload, %u bytes: \"%s\""),
		         r->u.seg.len, text);
	else
		snprintf(line, sizeof line,
		         _("payload, %u bytes; the first %zu: \"%s\"..."),
		         r->u.seg.len, n, text);
	pane_para(p, line, 0);
	snprintf(line, sizeof line, "%s", _("each character and its bytes:"));
	for (size_t i = 0; i < n;)
		i += ui_detail_char(line, sizeof line, bytes + i, n - i, flags);
	pane_para_raw(p, line, 0);
}

static void ui_detail_segment(struct pane *p, const struct timeline *tl,
                              const struct tl_row *r,
                              const struct screen_state *st)
{
	const struct tl_segment *s = &r->u.seg;
	const struct glyphs *gl = panel_glyphs(st);
	char line[LINE_MAX];
	ui_detail_fields(p, tl, r, gl);
	ui_detail_payload(p, tl, r, st->ascii);
	ui_detail_states(line, sizeof line, s, gl);
	pane_line(p, line, 0);
	line[0] = '\0';
	explain_segment(line, sizeof line,
	                &(struct explain_seg){
	                        .c2s = s->c2s,
	                        .role = (enum seg_role)s->role,
	                        .seq = s->seq,
	                        .rseq = s->rseq,
	                        .rack = s->rack,
	                        .len = s->len,
	                        .analysis = s->analysis,
	                        .src_before = (enum tcp_state)s->src_before,
	                        .src_after = (enum tcp_state)s->src_after,
	                        .dst_before = (enum tcp_state)s->dst_before,
	                        .dst_after = (enum tcp_state)s->dst_after,
	                });
	if (s->released != TL_NONE)
		explain_release(
		        line, sizeof line,
		        timeline_call(tl, timeline_row(tl, s->released)));
	const struct stream_info *si = timeline_stream(tl, s->stream);
	if (si && si->client_guessed)
		strcatf(line, sizeof line, " %s", explain_guessed_client());
	pane_para(p, line, 0);
}

static void ui_detail_call(struct pane *p, const struct timeline *tl,
                           size_t row, const struct screen_state *st)
{
	const struct tl_row *r = timeline_row(tl, row);
	const struct call_event *c = timeline_call(tl, r);
	char line[LINE_MAX], t[48], text[LINE_MAX / 2];
	const char *who = explain_who(c->actor, c->side);
	panel_seconds(t, sizeof t, r->t_ns, false);
	ui_text_call(text, sizeof text, tl, row, st);
	if (c->enter)
		snprintf(line, sizeof line, _("%s %s entered at %s s: %s"), who,
		         event_call_name(c->call), t, text);
	else
		snprintf(line, sizeof line, _("%s %s returned at %s s: %s"),
		         who, event_call_name(c->call), t, text);
	pane_line(p, line, ATTR_BOLD);
	if (ui_text_blocked(tl, st, row))
		pane_line(p, _("Still blocked: it has not returned yet."),
		          ATTR_BOLD);
	line[0] = '\0';
	explain_return(line, sizeof line, c);
	if (line[0])
		pane_para(p, line, 0);
	const char *why = explain_call_on(c->call, timeline_fd_state(tl, row));
	if (why)
		pane_para(p, why, 0);
}

/* Where one of several captures starts: its name and what it held. */
static void ui_detail_file(struct pane *p, const struct tl_row *r,
                           const struct timeline *tl)
{
	const struct tl_file *f = timeline_file(tl, r->u.index);
	const struct tl_file *next = timeline_file(tl, r->u.index + 1);
	char line[LINE_MAX];
	if (f == NULL)
		return;
	unsigned long n = timeline_file_streams(tl, f);
	snprintf(line, sizeof line, _("Capture %d of %d: %s"), f->number,
	         f->files, f->name);
	pane_line(p, line, ATTR_BOLD);
	if (next || timeline_finished(tl))
		snprintf(
		        line, sizeof line,
		        NG_("It holds %lu connection; its times count from its "
		            "first frame, its connections from 0.",
		            "It holds %lu connections; its times count from "
		            "its first frame, its connections from 0.",
		            n),
		        n);
	else
		snprintf(line, sizeof line,
		         NG_("It holds %lu connection so far; its times count "
		             "from its first frame, its connections from 0.",
		             "It holds %lu connections so far; its times count "
		             "from its first frame, its connections from 0.",
		             n),
		         n);
	pane_para(p, line, 0);
}

static void ui_detail_note(struct pane *p, const struct tl_row *r,
                           const struct timeline *tl)
{
	const struct note_event *n = timeline_note(tl, r);
	char line[LINE_MAX];
	explain_note(line, sizeof line, n);
	pane_para(p, line, ATTR_BOLD);
	pane_para(p, explain_note_why(n), 0);
}

static void ui_detail_kstate(struct pane *p, const struct tl_row *r,
                             const struct timeline *tl)
{
	const struct kstate_event *k = timeline_kstate(tl, r);
	char line[LINE_MAX], l[80], rm[80];
	panel_endpoint(l, sizeof l, &k->local);
	panel_endpoint(rm, sizeof rm, &k->remote);
	snprintf(line, sizeof line, _("kernel: %s's socket %s - %s is %s"),
	         explain_who(k->actor, k->side), l,
	         k->remote.port ? rm : _("(no peer)"), tcpstate_name(k->state));
	explain_queue(line, sizeof line, k);
	pane_line(p, line, ATTR_BOLD);
	snprintf(line, sizeof line, "%s",
	         _("The kernel's own state of this socket, read through "
	           "sock_diag (what ss shows) right after a call."));
	if (ui_text_mismatch(k))
		strcatf(line, sizeof line,
		        _(" != The segments say %s: the two are read at "
		          "different moments, or the kernel handled a segment "
		          "the capture has not shown yet."),
		        tcpstate_name(k->inferred));
	else if (k->has_inferred)
		strcatf(line, sizeof line, "%s",
		        _(" It agrees with the state inferred from the "
		          "segments."));
	else
		strcatf(line, sizeof line, "%s",
		        _(" No segment of its connection has been captured "
		          "(a listener belongs to no connection)."));
	if (k->has_queue)
		strcatf(line, sizeof line, "%s", explain_queue_why());
	pane_para(p, line, 0);
	if (explain_state(k->state))
		pane_para(p, explain_state(k->state), 0);
}

void ui_detail_text(struct pane *p, const struct timeline *tl, size_t line,
                    const struct screen_state *st)
{
	size_t row;
	const struct tl_row *tr = screen_line_row(tl, line, &row);
	if (tr->kind == TL_SEGMENT)
		ui_detail_segment(p, tl, tr, st);
	else if (tr->kind == TL_CALL)
		ui_detail_call(p, tl, row, st);
	else if (tr->kind == TL_STEP)
		ui_lesson_text(p, tl, timeline_step_of_line(tl, line), st);
	else if (tr->kind == TL_FILE)
		ui_detail_file(p, tr, tl);
	else if (tr->kind == TL_NOTE)
		ui_detail_note(p, tr, tl);
	else
		ui_detail_kstate(p, tr, tl);
}

/* A rule with the pane's name, then what the selected line is. */
static void ui_detail_draw(const struct panel_ctx *c, struct rect r)
{
	const struct glyphs *gl = panel_glyphs(c->st);
	const char *name = _(" details ");
	struct pane p = {c->g, r.x + 1,      r.y + 1, r.w - 2, r.h - 1,
	                 0,    gl->ellipsis, 0,       NULL};
	grid_fill(c->g, r.y, r.x, r.x + r.w, gl->dash, ATTR_DIM, COLOR_DEFAULT);
	grid_text(c->g, r.x + 2, r.y, (int)utf8_width(name), name, ATTR_DIM,
	          COLOR_DEFAULT, NULL);
	if (timeline_display_count(c->tl) == 0)
		return;
	ui_detail_text(&p, c->tl, c->st->selected, c->st);
}

static enum panel_result ui_detail_handle(const struct panel_ctx *c,
                                          enum action a)
{
	if (a == ACTION_DETAIL)
		c->st->detail = !c->st->detail;
	else if (a == ACTION_CLOSE)
		c->st->detail = false;
	else
		return PANEL_PASS;
	return PANEL_DONE;
}

static const enum action ui_detail_actions[] = {
        ACTION_DETAIL,
        ACTION_CLOSE,
        ACTION_NONE,
};

const struct panel ui_detail_panel = {
        .name = "details",
        .draw = ui_detail_draw,
        .handle = ui_detail_handle,
        .key = NULL,
        .actions = ui_detail_actions,
};
