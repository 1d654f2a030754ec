/*
 * render_jsonl.c - the JSON Lines view: one object per line, in time
 * order, every field documented in the README and the man page.
 *
 * Millions of lines a second: formatting goes through outbuf's hand-made
 * number writers, never printf. Must not decode or track anything.
 */
#include <stdlib.h>

#include "render.h"
#include "util.h"

struct jsonl_view {
	struct view view;
	struct outbuf *out;
};

static const char *const flag_names[] = {"FIN", "SYN", "RST", "PSH", "ACK",
					 "URG", "ECE", "CWR", "AE"};

void render_flags(struct outbuf *o, uint16_t flags)
{
	int first = 1;
	for (unsigned i = 0; i < sizeof flag_names / sizeof flag_names[0]; i++) {
		if (!(flags & (1u << i)))
			continue;
		if (!first)
			outbuf_char(o, ',');
		outbuf_str(o, flag_names[i]);
		first = 0;
	}
}

static void jsonl_key(struct outbuf *o, const char *key)
{
	outbuf_str(o, key);
}

static void jsonl_opts(struct outbuf *o, const struct tcpopts *op)
{
	static const char hex[] = "0123456789abcdef";
	int n = 0;
#define SEP() outbuf_str(o, n++ ? ",\"" : "\"")
	outbuf_char(o, '{');
	if (op->present & OPT_HAS_MSS) {
		SEP();
		outbuf_str(o, "mss\":");
		outbuf_u64(o, op->mss);
	}
	if (op->present & OPT_HAS_WSCALE) {
		SEP();
		outbuf_str(o, "wscale\":");
		outbuf_u64(o, op->wscale);
	}
	if (op->present & OPT_HAS_SACK_PERM) {
		SEP();
		outbuf_str(o, "sack_perm\":true");
	}
	if (op->present & OPT_HAS_SACK) {
		SEP();
		outbuf_str(o, "sack\":[");
		for (unsigned i = 0; i < op->sack_count && i < TCPOPT_MAX_SACK; i++) {
			outbuf_str(o, i ? ",[" : "[");
			outbuf_u64(o, op->sack[i][0]);
			outbuf_char(o, ',');
			outbuf_u64(o, op->sack[i][1]);
			outbuf_char(o, ']');
		}
		outbuf_char(o, ']');
	}
	if (op->present & OPT_HAS_TS) {
		SEP();
		outbuf_str(o, "ts\":[");
		outbuf_u64(o, op->tsval);
		outbuf_char(o, ',');
		outbuf_u64(o, op->tsecr);
		outbuf_char(o, ']');
	}
	if (op->present & OPT_HAS_TFO) {
		SEP();
		outbuf_str(o, "tfo\":\"");
		for (unsigned i = 0; i < op->tfo_cookie_len && i < TCPOPT_MAX_TFO_COOKIE; i++) {
			outbuf_char(o, hex[op->tfo_cookie[i] >> 4]);
			outbuf_char(o, hex[op->tfo_cookie[i] & 15]);
		}
		outbuf_char(o, '"');
	}
	if (op->nop_count) {
		SEP();
		outbuf_str(o, "nop\":");
		outbuf_u64(o, op->nop_count);
	}
	if (op->present & OPT_HAS_EOL) {
		SEP();
		outbuf_str(o, "eol\":true");
	}
	if (op->unknown_count) {
		SEP();
		outbuf_str(o, "unknown\":[");
		unsigned shown = op->unknown_count < TCPOPT_MAX_UNKNOWN
					 ? op->unknown_count
					 : TCPOPT_MAX_UNKNOWN;
		for (unsigned i = 0; i < shown; i++) {
			if (i)
				outbuf_char(o, ',');
			outbuf_u64(o, op->unknown[i]);
		}
		outbuf_char(o, ']');
	}
	if (op->error) {
		SEP();
		outbuf_str(o, "error\":");
		outbuf_json_str(o, op->error);
	}
#undef SEP
	outbuf_char(o, '}');
}

static void jsonl_analysis(struct outbuf *o, uint32_t bits)
{
	outbuf_char(o, '[');
	int n = 0;
	for (unsigned i = 0; i < AN_COUNT_BITS; i++) {
		if (!(bits & (1u << i)))
			continue;
		if (n++)
			outbuf_char(o, ',');
		outbuf_json_str(o, conntrack_analysis_name(i));
	}
	outbuf_char(o, ']');
}

static void jsonl_segment(struct view *v, const struct seg_event *ev,
			  int64_t t_ns)
{
	struct outbuf *o = ((struct jsonl_view *)v)->out;
	const struct segment *s = ev->seg;

	jsonl_key(o, "{\"type\":\"segment\",\"frame\":");
	outbuf_u64(o, s->frame);
	jsonl_key(o, ",\"t\":");
	outbuf_seconds(o, t_ns);
	jsonl_key(o, ",\"stream\":");
	outbuf_u64(o, ev->stream->id);
	jsonl_key(o, ev->c2s ? ",\"dir\":\"c2s\",\"src\":\"" : ",\"dir\":\"s2c\",\"src\":\"");
	outbuf_ipaddr(o, &s->src);
	jsonl_key(o, "\",\"sport\":");
	outbuf_u64(o, s->sport);
	jsonl_key(o, ",\"dst\":\"");
	outbuf_ipaddr(o, &s->dst);
	jsonl_key(o, "\",\"dport\":");
	outbuf_u64(o, s->dport);
	jsonl_key(o, ",\"flags\":\"");
	render_flags(o, s->flags);
	jsonl_key(o, "\",\"seq\":");
	outbuf_u64(o, s->seq);
	jsonl_key(o, ",\"ack\":");
	outbuf_u64(o, s->ack);
	jsonl_key(o, ",\"rseq\":");
	outbuf_u64(o, ev->rseq);
	jsonl_key(o, ",\"rack\":");
	if (s->flags & TH_ACK)
		outbuf_u64(o, ev->rack);
	else
		outbuf_str(o, "null");
	jsonl_key(o, ",\"len\":");
	outbuf_u64(o, s->len);
	jsonl_key(o, ",\"win\":");
	outbuf_u64(o, s->win);
	jsonl_key(o, ",\"hlen\":");
	outbuf_u64(o, s->hdr_len);
	jsonl_key(o, ",\"urp\":");
	outbuf_u64(o, s->urp);
	jsonl_key(o, ",\"opts\":");
	jsonl_opts(o, &s->opts);
	jsonl_key(o, ",\"role\":\"");
	outbuf_str(o, conntrack_role_name(ev->role));
	jsonl_key(o, "\",\"analysis\":");
	jsonl_analysis(o, ev->analysis);
	jsonl_key(o, ",\"src_state\":\"");
	outbuf_str(o, tcpstate_name(ev->src_state));
	jsonl_key(o, "\",\"dst_state\":\"");
	outbuf_str(o, tcpstate_name(ev->dst_state));
	jsonl_key(o, s->truncated ? "\",\"truncated\":true" : "\",\"truncated\":false");
	jsonl_key(o, ",\"malformed\":");
	if (s->malformed)
		outbuf_json_str(o, s->malformed);
	else
		outbuf_str(o, "null");
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

static void jsonl_finish(struct view *v, const struct replay_totals *t)
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
	outbuf_str(o, t->cut_off ? ",\"cut_off\":true}\n" : ",\"cut_off\":false}\n");
}

static void jsonl_destroy(struct view *v)
{
	free(v);
}

struct view *render_jsonl_new(struct outbuf *out)
{
	struct jsonl_view *j = xcalloc(1, sizeof *j);
	j->view.segment = jsonl_segment;
	j->view.stream = jsonl_stream;
	j->view.finish = jsonl_finish;
	j->view.destroy = jsonl_destroy;
	j->out = out;
	return &j->view;
}
