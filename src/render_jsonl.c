/*
 * render_jsonl.c - the JSON Lines view: one object per line, in time
 * order, every field documented in the README and the man page.
 *
 * Millions of lines a second: formatting goes through outbuf's hand-made
 * number writers, never printf. Must not decode or track anything.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "payload.h"
#include "render.h"
#include "views.h"
#include "util.h"

/* Longer than any role, state or flags name ("FIN,SYN,RST,PSH,ACK" is
 * 19 bytes). */
enum { NAME_MAX_LEN = 24 };

/* A name and its length, to copy without strlen. */
struct jsonl_name {
	char text[NAME_MAX_LEN];
	uint8_t len;
};

/* Flags combinations looked up rather than joined: the five of the
 * handshake, data and teardown (FIN, SYN, RST, PSH, ACK). */
enum { COMMON_FLAGS = 0x1f };

struct jsonl_view {
	struct view view;
	struct outbuf *out;
	/* Filled once from conntrack's and tcpstate's names. */
	struct jsonl_name roles[ROLE_COUNT], states[ST_COUNT];
	struct jsonl_name flags[COMMON_FLAGS + 1];
};

/* The first line of a FILE.events: the epoch time of t = 0. */
static void jsonl_origin_line(struct outbuf *o, int64_t epoch_ns)
{
	outbuf_str(o, "{\"type\":\"origin\",\"epoch\":");
	outbuf_seconds(o, epoch_ns);
	outbuf_str(o, "}\n");
}

/* The events file of a recording: an origin line, then the calls,
 * kernel states and narration (the segments are in the capture). */
static void jsonl_origin(struct view *v, const struct session_info *info)
{
	if (info->origin_ns != 0) /* else nothing happened: nothing to anchor */
		jsonl_origin_line(((struct jsonl_view *)v)->out,
		                  info->origin_ns);
}

/* Several captures: a record naming the file whose records follow. */
static void jsonl_begin(struct view *v, const struct session_info *info)
{
	struct outbuf *o = ((struct jsonl_view *)v)->out;
	if (info->files < 2)
		return;
	outbuf_str(o, "{\"type\":\"file\",\"file\":");
	outbuf_json_str(o, info->file ? info->file : "");
	outbuf_str(o, ",\"number\":");
	outbuf_u64(o, (uint64_t)info->file_number);
	outbuf_str(o, ",\"files\":");
	outbuf_u64(o, (uint64_t)info->files);
	outbuf_str(o, "}\n");
}

static void jsonl_nothing_segment(struct view *v, const struct seg_event *ev,
                                  int64_t t_ns)
{
	(void)v, (void)ev, (void)t_ns;
}

static void jsonl_nothing_stream(struct view *v, const struct stream_info *s)
{
	(void)v, (void)s;
}

static void jsonl_nothing_finish(struct view *v, const struct session_totals *t)
{
	(void)v, (void)t;
}

static const char *const flag_names[] = {"FIN", "SYN", "RST", "PSH", "ACK",
                                         "URG", "ECE", "CWR", "AE"};

char *render_put_flags(char *p, uint16_t flags)
{
	int first = 1;
	for (unsigned i = 0; i < sizeof flag_names / sizeof flag_names[0];
	     i++) {
		if (!(flags & (1u << i)))
			continue;
		if (!first)
			*p++ = ',';
		p = put_str(p, flag_names[i]);
		first = 0;
	}
	return p;
}

void render_flags(struct outbuf *o, uint16_t flags)
{
	outbuf_commit(o, render_put_flags(outbuf_reserve(o, RENDER_FLAGS_MAX),
	                                  flags));
}

/* Room for one segment record but its error strings, which are written
 * through outbuf_json_str: sizes of every field at their widest (about
 * 1,200 bytes, the payload's escapes 320 of them), and the whole of a
 * name copied by jsonl_put_name after the last of them. */
enum { SEGMENT_RECORD_MAX = 2048 };

/* The whole fixed-size array is copied, the length counted: one move
 * instead of a call, the room being there (SEGMENT_RECORD_MAX). */
static char *jsonl_put_name(char *p, const struct jsonl_name *n)
{
	memcpy(p, n->text, NAME_MAX_LEN);
	return p + n->len;
}

static char *jsonl_opts(char *p, const struct tcpopts *op)
{
	static const char hex[] = "0123456789abcdef";
	char sep = '{';
#define KEY(lit) (*p++ = sep, sep = ',', p = PUT_LIT(p, lit))
	if (op->present & OPT_HAS_MSS) {
		KEY("\"mss\":");
		p = put_u64(p, op->mss);
	}
	if (op->present & OPT_HAS_WSCALE) {
		KEY("\"wscale\":");
		p = put_u64(p, op->wscale);
	}
	if (op->present & OPT_HAS_SACK_PERM)
		KEY("\"sack_perm\":true");
	if (op->present & OPT_HAS_SACK) {
		KEY("\"sack\":[");
		for (unsigned i = 0; i < op->sack_count && i < TCPOPT_MAX_SACK;
		     i++) {
			p = i ? PUT_LIT(p, ",[") : PUT_LIT(p, "[");
			p = put_u64(p, op->sack[i][0]);
			*p++ = ',';
			p = put_u64(p, op->sack[i][1]);
			*p++ = ']';
		}
		*p++ = ']';
	}
	if (op->present & OPT_HAS_TS) {
		KEY("\"ts\":[");
		p = put_u64(p, op->tsval);
		*p++ = ',';
		p = put_u64(p, op->tsecr);
		*p++ = ']';
	}
	if (op->present & OPT_HAS_TFO) {
		KEY("\"tfo\":\"");
		for (unsigned i = 0;
		     i < op->tfo_cookie_len && i < TCPOPT_MAX_TFO_COOKIE; i++) {
			*p++ = hex[op->tfo_cookie[i] >> 4];
			*p++ = hex[op->tfo_cookie[i] & 15];
		}
		*p++ = '"';
	}
	if (op->nop_count) {
		KEY("\"nop\":");
		p = put_u64(p, op->nop_count);
	}
	if (op->present & OPT_HAS_EOL)
		KEY("\"eol\":true");
	if (op->unknown_count) {
		KEY("\"unknown\":[");
		/* unknown_count keeps counting past what unknown[] holds. */
		unsigned shown = op->unknown_count < TCPOPT_MAX_UNKNOWN
		                         ? op->unknown_count
		                         : TCPOPT_MAX_UNKNOWN;
		for (unsigned i = 0; i < shown; i++) {
			if (i)
				*p++ = ',';
			p = put_u64(p, op->unknown[i]);
		}
		*p++ = ']';
	}
	if (op->error)
		KEY("\"error\":");
#undef KEY
	if (sep == '{')
		p = PUT_LIT(p, "{}");
	else if (!op->error) /* else closed after the error string */
		*p++ = '}';
	return p;
}

static char *jsonl_analysis(char *p, uint32_t bits)
{
	*p++ = '[';
	int n = 0;
	for (unsigned i = 0; bits && i < AN_COUNT_BITS; i++) {
		if (!(bits & (1u << i)))
			continue;
		if (n++)
			*p++ = ',';
		*p++ = '"';
		p = put_str(p, conntrack_analysis_name(i));
		*p++ = '"';
	}
	*p++ = ']';
	return p;
}

static char *jsonl_flags(const struct jsonl_view *j, char *p, uint16_t flags)
{
	if ((flags & ~COMMON_FLAGS) == 0)
		return jsonl_put_name(p, &j->flags[flags]);
	return render_put_flags(p, flags);
}

static char *jsonl_state(const struct jsonl_view *j, char *p, enum tcp_state st)
{
	if ((unsigned)st < ST_COUNT)
		return jsonl_put_name(p, &j->states[st]);
	return put_str(p, tcpstate_name(st));
}

static void jsonl_segment(struct view *v, const struct seg_event *ev,
                          int64_t t_ns)
{
	const struct jsonl_view *j = (const struct jsonl_view *)v;
	struct outbuf *o = j->out;
	const struct segment *s = ev->seg;
	char *p = outbuf_reserve(o, SEGMENT_RECORD_MAX);

	p = PUT_LIT(p, "{\"type\":\"segment\",\"frame\":");
	p = put_u64(p, s->frame);
	p = PUT_LIT(p, ",\"t\":");
	p = put_seconds(p, t_ns);
	p = PUT_LIT(p, ",\"stream\":");
	p = put_u64(p, ev->stream->id);
	p = ev->c2s ? PUT_LIT(p, ",\"dir\":\"c2s\",\"src\":\"")
	            : PUT_LIT(p, ",\"dir\":\"s2c\",\"src\":\"");
	p = put_ipaddr(p, &s->src);
	p = PUT_LIT(p, "\",\"sport\":");
	p = put_u64(p, s->sport);
	p = PUT_LIT(p, ",\"dst\":\"");
	p = put_ipaddr(p, &s->dst);
	p = PUT_LIT(p, "\",\"dport\":");
	p = put_u64(p, s->dport);
	p = PUT_LIT(p, ",\"flags\":\"");
	p = jsonl_flags(j, p, s->flags);
	p = PUT_LIT(p, "\",\"seq\":");
	p = put_u64(p, s->seq);
	p = PUT_LIT(p, ",\"ack\":");
	p = put_u64(p, s->ack);
	p = PUT_LIT(p, ",\"rseq\":");
	p = put_u64(p, ev->rseq);
	p = PUT_LIT(p, ",\"rack\":");
	p = (s->flags & TH_ACK) ? put_u64(p, ev->rack) : PUT_LIT(p, "null");
	p = PUT_LIT(p, ",\"len\":");
	p = put_u64(p, s->len);
	p = PUT_LIT(p, ",\"win\":");
	p = put_u64(p, s->win);
	p = PUT_LIT(p, ",\"hlen\":");
	p = put_u64(p, s->hdr_len);
	p = PUT_LIT(p, ",\"urp\":");
	p = put_u64(p, s->urp);
	p = PUT_LIT(p, ",\"opts\":");
	p = jsonl_opts(p, &s->opts);
	if (s->opts.error) { /* rare: the escaping writer, then on */
		outbuf_commit(o, p);
		outbuf_json_str(o, s->opts.error);
		p = outbuf_reserve(o, SEGMENT_RECORD_MAX);
		*p++ = '}';
	}
	p = PUT_LIT(p, ",\"role\":\"");
	p = (unsigned)ev->role < ROLE_COUNT
	            ? jsonl_put_name(p, &j->roles[ev->role])
	            : put_str(p, endshow_role_name(ev->role));
	p = PUT_LIT(p, "\",\"analysis\":");
	p = jsonl_analysis(p, ev->analysis);
	p = PUT_LIT(p, ",\"src_state\":\"");
	p = jsonl_state(j, p, ev->src_state);
	p = PUT_LIT(p, "\",\"dst_state\":\"");
	p = jsonl_state(j, p, ev->dst_state);
	p = s->truncated ? PUT_LIT(p, "\",\"truncated\":true,\"malformed\":")
	                 : PUT_LIT(p, "\",\"truncated\":false,\"malformed\":");
	if (s->malformed) {
		outbuf_commit(o, p);
		outbuf_json_str(o, s->malformed);
		p = outbuf_reserve(o, SEGMENT_RECORD_MAX);
	} else {
		p = PUT_LIT(p, "null");
	}
	p = PUT_LIT(p, ",\"payload\":\"");
	if (s->payload_kept) /* most segments carry none */
		p += payload_escape(p, s->payload, s->payload_kept,
		                    PAYLOAD_JSON, SIZE_MAX, NULL, NULL);
	p = PUT_LIT(p, "\"}\n");
	outbuf_commit(o, p);
}

/* The start every call and kstate record shares, up to "fd":N|null. */
static void jsonl_event_head(struct outbuf *o, const char *type, int64_t t_ns,
                             enum side side)
{
	outbuf_str(o, "{\"type\":\"");
	outbuf_str(o, type);
	outbuf_str(o, "\",\"t\":");
	outbuf_seconds(o, t_ns);
	outbuf_str(o, ",\"actor\":\"");
	outbuf_str(o, event_side_name(side));
	outbuf_char(o, '"');
}

/* A number, or null where negative means none. */
static void jsonl_int_or_null(struct outbuf *o, const char *key, long v)
{
	outbuf_str(o, key);
	if (v >= 0)
		outbuf_i64(o, v);
	else
		outbuf_str(o, "null");
}

/* A traced program's process: ,"who":..,"pid":..,"tid":..,"prog":.. (the
 * scripted actors have no pid: nothing, unless one has a name of its own,
 * as a lesson server's child does: ,"who":"child"). */
static void jsonl_process(struct outbuf *o, const struct actor *a)
{
	if (event_is_child(a)) {
		outbuf_str(o, ",\"who\":");
		outbuf_json_str(o, a->label);
		return;
	}
	if (a == NULL || a->pid == 0)
		return;
	outbuf_str(o, ",\"who\":");
	outbuf_json_str(o, a->label ? a->label : "");
	outbuf_str(o, ",\"pid\":");
	outbuf_i64(o, a->pid);
	outbuf_str(o, ",\"tid\":");
	outbuf_i64(o, a->tid);
	outbuf_str(o, ",\"prog\":");
	outbuf_json_str(o, a->prog ? a->prog : "");
}

static void jsonl_note(struct view *v, const struct note_event *ev,
                       int64_t t_ns)
{
	struct outbuf *o = ((struct jsonl_view *)v)->out;
	const char *type = ev->kind == NOTE_OUTPUT ? "output"
	                   : ev->kind == NOTE_EXIT ? "exit"
	                                           : "process";
	jsonl_event_head(o, type, t_ns, ev->side);
	jsonl_process(o, ev->actor);
	switch (ev->kind) {
	case NOTE_OUTPUT:
		outbuf_str(o, ev->fd == 2 ? ",\"stream\":\"stderr\""
		                          : ",\"stream\":\"stdout\"");
		outbuf_str(o, ",\"text\":");
		outbuf_json_str(o, ev->text);
		break;
	case NOTE_EXIT:
		jsonl_int_or_null(o, ",\"status\":", ev->status);
		outbuf_str(o, ",\"signal\":");
		if (ev->signal > 0)
			outbuf_json_str(o, sigabbrev_np(ev->signal)
			                           ? sigabbrev_np(ev->signal)
			                           : "?");
		else
			outbuf_str(o, "null");
		outbuf_str(o, ev->core ? ",\"core\":true" : ",\"core\":false");
		break;
	default:
		outbuf_str(o, ",\"event\":\"");
		outbuf_str(o, event_note_name(ev->kind));
		outbuf_str(o, "\",\"text\":");
		outbuf_json_str(o, ev->text);
		jsonl_int_or_null(o, ",\"child\":",
		                  ev->kind == NOTE_FORK ? ev->child : -1);
		break;
	}
	outbuf_str(o, "}\n");
}

static void jsonl_call(struct view *v, const struct call_event *ev,
                       int64_t t_ns)
{
	struct outbuf *o = ((struct jsonl_view *)v)->out;
	jsonl_event_head(o, "call", t_ns, ev->side);
	jsonl_process(o, ev->actor);
	if (ev->actor && ev->actor->pid) { /* a traced program's */
		outbuf_str(o, ",\"stream\":");
		if (ev->has_stream)
			outbuf_u64(o, ev->stream);
		else
			outbuf_str(o, "null");
	}
	if (ev->syscall) {
		outbuf_str(o, ",\"syscall\":\"");
		outbuf_str(o, ev->syscall);
		outbuf_char(o, '"');
	}
	outbuf_str(o, ",\"call\":\"");
	outbuf_str(o, event_call_name(ev->call));
	outbuf_str(o, ev->enter ? "\",\"phase\":\"enter\""
	                        : "\",\"phase\":\"return\"");
	jsonl_int_or_null(o, ",\"fd\":", ev->fd);
	outbuf_str(o, ",\"ret\":");
	if (ev->enter)
		outbuf_str(o, "null");
	else
		outbuf_i64(o, ev->ret);
	outbuf_str(o, ",\"errno\":");
	const char *e = ev->enter ? NULL : event_errno_name(ev->err);
	if (e != NULL)
		outbuf_json_str(o, e);
	else
		outbuf_str(o, "null");
	outbuf_str(o, ",\"detail\":");
	outbuf_json_str(o, ev->detail ? ev->detail : "");
	outbuf_str(o, "}\n");
}

static void jsonl_kstate(struct view *v, const struct kstate_event *ev,
                         int64_t t_ns)
{
	struct outbuf *o = ((struct jsonl_view *)v)->out;
	jsonl_event_head(o, "kstate", t_ns, ev->side);
	jsonl_process(o, ev->actor);
	jsonl_int_or_null(o, ",\"fd\":", ev->fd);
	outbuf_str(o, ",\"local\":\"");
	outbuf_endpoint(o, &ev->local.addr, ev->local.port);
	outbuf_str(o, "\",\"remote\":");
	if (ev->remote.port != 0) {
		outbuf_char(o, '"');
		outbuf_endpoint(o, &ev->remote.addr, ev->remote.port);
		outbuf_char(o, '"');
	} else {
		outbuf_str(o, "null");
	}
	outbuf_str(o, ",\"state\":\"");
	outbuf_str(o, tcpstate_name(ev->state));
	if (ev->has_queue) {
		/* A listener's accept queue, where it was read. */
		outbuf_str(o, "\",\"queue\":");
		outbuf_u64(o, ev->queue);
		outbuf_str(o, ",\"backlog\":");
		outbuf_u64(o, ev->backlog);
		outbuf_str(o, ",\"stream\":");
	} else {
		outbuf_str(o, "\",\"stream\":");
	}
	if (ev->has_inferred) {
		outbuf_u64(o, ev->stream);
		outbuf_str(o, ",\"inferred\":\"");
		outbuf_str(o, tcpstate_name(ev->inferred));
		outbuf_str(o, ev->inferred == ev->state
		                      ? "\",\"agrees\":true}\n"
		                      : "\",\"agrees\":false}\n");
	} else {
		outbuf_str(o, "null,\"inferred\":null,\"agrees\":null}\n");
	}
}

static void jsonl_narration(struct view *v, int step, enum narration_kind kind,
                            const char *text, int64_t t_ns)
{
	struct outbuf *o = ((struct jsonl_view *)v)->out;
	outbuf_str(o, "{\"type\":\"narration\",\"t\":");
	outbuf_seconds(o, t_ns);
	outbuf_str(o, ",\"step\":");
	outbuf_u64(o, (uint64_t)step + 1);
	outbuf_str(o, ",\"kind\":\"");
	outbuf_str(o, event_narration_name(kind));
	outbuf_str(o, "\",\"text\":");
	outbuf_json_str(o, text);
	outbuf_str(o, "}\n");
}

static void jsonl_stream(struct view *v, const struct stream_info *s)
{
	struct outbuf *o = ((struct jsonl_view *)v)->out;
	outbuf_str(o, "{\"type\":\"stream\",\"stream\":");
	outbuf_u64(o, s->id);
	outbuf_str(o, ",\"client\":\"");
	outbuf_endpoint(o, &s->client.addr, s->client.port);
	outbuf_str(o, "\",\"server\":\"");
	outbuf_endpoint(o, &s->server.addr, s->server.port);
	outbuf_str(o, s->client_guessed ? "\",\"client_guessed\":true"
	                                : "\",\"client_guessed\":false");
	outbuf_str(o, ",\"client_state\":\"");
	outbuf_str(o, tcpstate_name(s->client_state));
	outbuf_str(o, "\",\"server_state\":\"");
	outbuf_str(o, tcpstate_name(s->server_state));
	outbuf_str(o, "\",\"segments\":");
	outbuf_u64(o, s->segments);
	outbuf_str(o, "}\n");
}

static void jsonl_finish(struct view *v, const struct session_totals *t)
{
	static const char *const keys[DECODE_RESULT_COUNT] = {
	        [DECODE_UNSUPPORTED_LINK] = "unsupported_link",
	        [DECODE_NOT_IP] = "not_ip",
	        [DECODE_NOT_TCP] = "not_tcp",
	        [DECODE_FRAGMENT] = "ip_fragment",
	        [DECODE_MALFORMED] = "malformed",
	};
	struct outbuf *o = ((struct jsonl_view *)v)->out;
	outbuf_str(o, "{\"type\":\"summary\",\"frames\":");
	outbuf_u64(o, t->frames);
	outbuf_str(o, ",\"segments\":");
	outbuf_u64(o, t->segments);
	outbuf_str(o, ",\"streams\":");
	outbuf_u64(o, t->streams);
	outbuf_str(o, ",\"filtered_out\":");
	outbuf_u64(o, t->filtered_out);
	outbuf_str(o, ",\"skipped\":{");
	int n = 0;
	for (int i = 0; i < DECODE_RESULT_COUNT; i++) {
		if (keys[i] == NULL)
			continue;
		if (n++)
			outbuf_char(o, ',');
		outbuf_json_str(o, keys[i]);
		outbuf_char(o, ':');
		outbuf_u64(o, t->skipped[i]);
	}
	outbuf_str(o, "},\"truncated\":");
	outbuf_u64(o, t->truncated);
	outbuf_str(o, ",\"malformed\":");
	outbuf_u64(o, t->malformed);
	outbuf_str(o, t->cut_off ? ",\"cut_off\":true" : ",\"cut_off\":false");
	if (t->dropped >= 0) { /* live captures only */
		outbuf_str(o, ",\"dropped\":");
		outbuf_i64(o, t->dropped);
	}
	outbuf_str(o, "}\n");
}

static void jsonl_destroy(struct view *v)
{
	free(v);
}

static void jsonl_name_set(struct jsonl_name *n, const char *text)
{
	size_t len = strlen(text);
	if (len >= NAME_MAX_LEN) /* no name is: a check, not a limit */
		len = NAME_MAX_LEN - 1;
	memcpy(n->text, text, len);
	n->len = (uint8_t)len;
}

struct view *render_jsonl_new(struct outbuf *out)
{
	struct jsonl_view *j = xcalloc(1, sizeof *j);
	for (int r = 0; r < ROLE_COUNT; r++)
		jsonl_name_set(&j->roles[r],
		               endshow_role_name((enum seg_role)r));
	for (int st = 0; st < ST_COUNT; st++)
		jsonl_name_set(&j->states[st],
		               tcpstate_name((enum tcp_state)st));
	for (unsigned f = 0; f <= COMMON_FLAGS; f++) {
		char text[NAME_MAX_LEN];
		int n = 0;
		for (unsigned i = 0; i < 5; i++)
			if (f & (1u << i))
				n += snprintf(text + n, sizeof text - (size_t)n,
				              "%s%s", n ? "," : "",
				              flag_names[i]);
		text[n] = '\0';
		jsonl_name_set(&j->flags[f], text);
	}
	j->view.begin = jsonl_begin;
	j->view.segment = jsonl_segment;
	j->view.call = jsonl_call;
	j->view.kstate = jsonl_kstate;
	j->view.narration = jsonl_narration;
	j->view.note = jsonl_note;
	j->view.stream = jsonl_stream;
	j->view.finish = jsonl_finish;
	j->view.destroy = jsonl_destroy;
	j->out = out;
	return &j->view;
}

struct view *render_events_new(struct outbuf *out)
{
	struct view *v = render_jsonl_new(out);
	v->begin = jsonl_origin;
	v->segment = jsonl_nothing_segment;
	v->stream = jsonl_nothing_stream;
	v->finish = jsonl_nothing_finish;
	return v;
}

/* The jsonl format of the table in views.c. */
struct view *render_jsonl_make(const struct view_options *opt);
struct view *render_jsonl_make(const struct view_options *opt)
{
	return render_jsonl_new(opt->out);
}
