/*
 * eventfile.c - reading the FILE.events lines (see eventfile.h).
 *
 * A small parser for the flat JSON objects tcpviz itself writes: string,
 * number, null and boolean values, no nesting. Every read is bounded by
 * the line; anything else is a bad line, never a crash.
 */
#include "eventfile.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "util.h"

enum { MAX_FIELDS = 20, KEY_MAX = 16 };

enum value_kind { V_STRING, V_NUMBER, V_NULL, V_TRUE, V_FALSE };

struct field {
	char key[KEY_MAX];
	enum value_kind kind;
	char *text; /* a string's contents, or a number's digits (in pool) */
};

/* Values are copied into pool, sized from the line: a value's copy is
 * never longer than its source, plus one NUL a field. */
struct object {
	struct field f[MAX_FIELDS];
	int n;
	char *pool;
	size_t used, cap;
};

static const char *skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* A JSON string into out (NUL-terminated); NULL when malformed or long. */
static const char *parse_string(const char *p, char *out, size_t cap)
{
	size_t n = 0;
	if (*p++ != '"')
		return NULL;
	while (*p != '"') {
		char c = *p++;
		if (c == '\0' || (unsigned char)c < 0x20)
			return NULL;
		if (c == '\\') {
			char e = *p++;
			if (e == 'u') {
				unsigned v = 0;
				for (int i = 0; i < 4; i++) {
					char h = *p++;
					v <<= 4;
					if (h >= '0' && h <= '9')
						v |= (unsigned)(h - '0');
					else if (h >= 'a' && h <= 'f')
						v |= (unsigned)(h - 'a' + 10);
					else if (h >= 'A' && h <= 'F')
						v |= (unsigned)(h - 'A' + 10);
					else
						return NULL;
				}
				c = v < 0x80 ? (char)v : '?';
			} else if (e == '"' || e == '\\' || e == '/') {
				c = e;
			} else if (e == 'n') {
				c = '\n';
			} else if (e == 't') {
				c = '\t';
			} else {
				return NULL;
			}
		}
		if (n + 1 >= cap)
			return NULL;
		out[n++] = c;
	}
	out[n] = '\0';
	return p + 1;
}

static const char *parse_value(const char *p, struct object *o, struct field *f)
{
	size_t cap = o->cap - o->used;
	f->text = o->pool + o->used;
	static const struct {
		const char *word;
		enum value_kind kind;
	} words[] = {{"null", V_NULL}, {"true", V_TRUE}, {"false", V_FALSE}};
	if (*p == '"') {
		f->kind = V_STRING;
		p = parse_string(p, f->text, cap);
		if (p)
			o->used += strlen(f->text) + 1;
		return p;
	}
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		size_t n = strlen(words[i].word);
		if (strncmp(p, words[i].word, n) == 0) {
			f->kind = words[i].kind;
			f->text[0] = '\0';
			o->used++;
			return p + n;
		}
	}
	size_t n = 0;
	while ((*p >= '0' && *p <= '9') || *p == '-' || *p == '.') {
		if (n + 1 >= cap)
			return NULL;
		f->text[n++] = *p++;
	}
	if (n == 0)
		return NULL;
	f->text[n] = '\0';
	f->kind = V_NUMBER;
	o->used += n + 1;
	return p;
}

static int parse_object(const char *p, struct object *o)
{
	o->n = 0;
	p = skip_space(p);
	if (*p++ != '{')
		return -1;
	p = skip_space(p);
	if (*p == '}')
		return 0;
	for (;;) {
		if (o->n == MAX_FIELDS)
			return -1;
		struct field *f = &o->f[o->n++];
		p = parse_string(skip_space(p), f->key, sizeof f->key);
		if (p == NULL)
			return -1;
		p = skip_space(p);
		if (*p++ != ':')
			return -1;
		p = parse_value(skip_space(p), o, f);
		if (p == NULL)
			return -1;
		p = skip_space(p);
		if (*p == '}')
			break;
		if (*p++ != ',')
			return -1;
	}
	p = skip_space(p + 1);
	return *p == '\0' || *p == '\n' || *p == '\r' ? 0 : -1;
}

static const struct field *get(const struct object *o, const char *key)
{
	for (int i = 0; i < o->n; i++)
		if (strcmp(o->f[i].key, key) == 0)
			return &o->f[i];
	return NULL;
}

static const char *get_string(const struct object *o, const char *key)
{
	const struct field *f = get(o, key);
	return f && f->kind == V_STRING ? f->text : NULL;
}

/* Seconds with up to 9 decimals, exactly, as nanoseconds; at most 4e9
 * seconds either way (2096), so an origin plus a time still fits. */
static int parse_seconds(const char *s, int64_t *ns)
{
	int neg = *s == '-';
	s += neg;
	char *end;
	errno = 0;
	long long whole = strtoll(s, &end, 10);
	if (end == s || errno != 0 || whole > 4000000000LL)
		return -1;
	int64_t frac = 0;
	int digits = 0;
	if (*end == '.') {
		for (end++; *end >= '0' && *end <= '9'; end++) {
			if (++digits > 9)
				return -1;
			frac = frac * 10 + (*end - '0');
		}
		if (digits == 0)
			return -1;
	}
	if (*end != '\0')
		return -1;
	for (; digits < 9; digits++)
		frac *= 10;
	*ns = (int64_t)whole * 1000000000LL + frac;
	if (neg)
		*ns = -*ns;
	return 0;
}

/* An integer field, or null (-1 for fd). */
static int get_long(const struct object *o, const char *key, long *out,
                    long if_null)
{
	const struct field *f = get(o, key);
	if (f == NULL)
		return -1;
	if (f->kind == V_NULL) {
		*out = if_null;
		return 0;
	}
	if (f->kind != V_NUMBER)
		return -1;
	char *end;
	errno = 0;
	*out = strtol(f->text, &end, 10);
	return *end == '\0' && errno == 0 ? 0 : -1;
}

static int parse_endpoint(const char *s, struct endpoint *e)
{
	char host[64];
	memset(e, 0, sizeof *e);
	if (s == NULL)
		return 0; /* a listener has none */
	const char *colon = strrchr(s, ':');
	if (colon == NULL || (size_t)(colon - s) >= sizeof host)
		return -1;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end != '\0' || port < 0 || port > 65535)
		return -1;
	e->port = (uint16_t)port;
	size_t n = strlen(host);
	if (n >= 2 && host[0] == '[' && host[n - 1] == ']') {
		host[n - 1] = '\0';
		e->addr.family = 6;
		return inet_pton(AF_INET6, host + 1, e->addr.bytes) == 1 ? 0
		                                                         : -1;
	}
	e->addr.family = 4;
	return inet_pton(AF_INET, host, e->addr.bytes) == 1 ? 0 : -1;
}

/* The actor field names the side ("client", "server"). */
static int parse_side(const char *s, enum side *a)
{
	for (int i = 0; i < SIDE_COUNT; i++)
		if (s && strcmp(s, event_side_name((enum side)i)) == 0) {
			*a = (enum side)i;
			return 0;
		}
	return -1;
}

/* The process a record names, if any: who, pid, tid, prog. */
static int parse_who(const struct object *o, struct eventfile_record *r)
{
	const char *who = get_string(o, "who");
	const char *prog = get_string(o, "prog");
	if (who == NULL)
		return 0;
	/* A scripted actor with a name of its own has no pid. */
	if (get(o, "pid") == NULL) {
		r->who = xstrdup(who);
		r->prog = xstrdup("");
		r->pid = r->tid = 0;
		return *who != '\0' ? 0 : -1;
	}
	if (get_long(o, "pid", &r->pid, 0) != 0 ||
	    get_long(o, "tid", &r->tid, 0) != 0 || r->pid <= 0 ||
	    r->pid > 0x7fffffffL || r->tid < 0 || r->tid > 0x7fffffffL)
		return -1;
	r->who = xstrdup(who);
	r->prog = xstrdup(prog ? prog : "");
	return 0;
}

/* An output, exit or process record of a traced program. */
static enum eventfile_kind parse_note(const struct object *o, const char *type,
                                      struct eventfile_record *r,
                                      const char **why)
{
	struct note_event *n = &r->note;
	const char *text = get_string(o, "text");
	long v;
	n->status = -1;
	if (parse_side(get_string(o, "actor"), &n->side) != 0 ||
	    parse_who(o, r) != 0) {
		*why = N_("a process record without a known actor or process");
		return EVENTFILE_BAD;
	}
	if (strcmp(type, "output") == 0) {
		const char *stream = get_string(o, "stream");
		n->kind = NOTE_OUTPUT;
		n->fd = stream && strcmp(stream, "stderr") == 0 ? 2 : 1;
	} else if (strcmp(type, "exit") == 0) {
		const char *sig = get_string(o, "signal");
		n->kind = NOTE_EXIT;
		if (get_long(o, "status", &v, -1) != 0 || v < -1 || v > 255) {
			*why = N_("an exit record without a status");
			return EVENTFILE_BAD;
		}
		n->status = (int)v;
		for (int k = 1; sig && k < 65; k++)
			if (sigabbrev_np(k) &&
			    strcmp(sig, sigabbrev_np(k)) == 0)
				n->signal = k;
		const struct field *core = get(o, "core");
		n->core = core && core->kind == V_TRUE;
	} else {
		const char *event = get_string(o, "event");
		int k = event ? event_note_kind(event) : -1;
		if (k < 0 || k == NOTE_OUTPUT || k == NOTE_EXIT) {
			*why = N_("a process record without a known event");
			return EVENTFILE_BAD;
		}
		n->kind = (enum note_kind)k;
		if (get_long(o, "child", &v, -1) == 0 && v > 0 &&
		    v <= 0x7fffffffL)
			n->child = (int)v;
	}
	r->note_text = xstrdup(text ? text : "");
	n->text = r->note_text;
	return EVENTFILE_NOTE;
}

static enum eventfile_kind
parse_call(const struct object *o, struct eventfile_record *r, const char **why)
{
	struct call_event *c = &r->call;
	const char *name = get_string(o, "call");
	const char *phase = get_string(o, "phase");
	const char *err = get_string(o, "errno");
	const char *detail = get_string(o, "detail");
	long fd, ret;
	int i;
	for (i = 0; i < CALL_KIND_COUNT; i++)
		if (name &&
		    strcmp(name, event_call_name((enum call_kind)i)) == 0)
			break;
	if (i == CALL_KIND_COUNT || phase == NULL ||
	    parse_side(get_string(o, "actor"), &c->side) != 0 ||
	    get_long(o, "fd", &fd, -1) != 0 ||
	    get_long(o, "ret", &ret, 0) != 0) {
		*why = N_(
		        "a call record without a known call, actor, phase, fd "
		        "or ret");
		return EVENTFILE_BAD;
	}
	c->call = (enum call_kind)i;
	c->enter = strcmp(phase, "enter") == 0;
	c->fd = (int)fd;
	c->ret = ret;
	c->err = err ? event_errno_value(err) : 0;
	const char *sys = get_string(o, "syscall");
	c->syscall = sys ? event_syscall_static(sys) : NULL;
	long stream;
	if (get(o, "stream") && get_long(o, "stream", &stream, -1) == 0 &&
	    stream >= 0) {
		c->has_stream = true;
		c->stream = (uint64_t)stream;
	}
	if (parse_who(o, r) != 0) {
		*why = N_("a call record with a bad pid or tid");
		return EVENTFILE_BAD;
	}
	r->detail = xstrdup(detail ? detail : "");
	c->detail = r->detail;
	return EVENTFILE_CALL;
}

static enum eventfile_kind parse_kstate(const struct object *o,
                                        struct eventfile_record *r,
                                        const char **why)
{
	struct kstate_event *k = &r->kstate;
	long fd;
	int st = tcpstate_from_name(
	        get_string(o, "state") ? get_string(o, "state") : "");
	if (st < 0 || parse_side(get_string(o, "actor"), &k->side) != 0 ||
	    get_long(o, "fd", &fd, -1) != 0 ||
	    parse_endpoint(get_string(o, "local"), &k->local) != 0 ||
	    parse_endpoint(get_string(o, "remote"), &k->remote) != 0) {
		*why = N_("a kstate record without a known state, actor, fd or "
		          "addresses");
		return EVENTFILE_BAD;
	}
	if (parse_who(o, r) != 0) {
		*why = N_("a kstate record with a bad pid or tid");
		return EVENTFILE_BAD;
	}
	/* A listener's accept queue, when it was read (both or neither). */
	long q, b;
	if (get(o, "queue") != NULL || get(o, "backlog") != NULL) {
		if (get_long(o, "queue", &q, -1) != 0 ||
		    get_long(o, "backlog", &b, -1) != 0 || q < 0 ||
		    q > 0x7fffffffL || b < 0 || b > 0x7fffffffL) {
			*why = N_("a kstate record with a bad accept queue");
			return EVENTFILE_BAD;
		}
		k->has_queue = true;
		k->queue = (uint32_t)q;
		k->backlog = (uint32_t)b;
	}
	k->fd = (int)fd;
	k->state = (enum tcp_state)st;
	return EVENTFILE_KSTATE;
}

/* A narration record: {"type":"narration","t":T,"step":N (1-based),
 * "kind":"say","text":"..."}. */
static enum eventfile_kind parse_narration(const struct object *o,
                                           struct eventfile_record *r,
                                           const char **why)
{
	const char *text = get_string(o, "text");
	const char *kind = get_string(o, "kind");
	int k = kind ? event_narration_kind(kind) : -1;
	long step;
	if (text == NULL || k < 0 || get_long(o, "step", &step, 0) != 0 ||
	    step < 1 || step > 1000000) {
		*why = N_("a narration record without a known kind, a step "
		          "from 1 "
		          "or a text");
		return EVENTFILE_BAD;
	}
	r->narration.step = (int)step - 1;
	r->narration.kind = (enum narration_kind)k;
	r->narration.text = xstrdup(text);
	return EVENTFILE_NARRATION;
}

static enum eventfile_kind eventfile_parse_object(struct object *o,
                                                  struct eventfile_record *out,
                                                  const char **why)
{
	const char *type = get_string(o, "type");
	const struct field *t =
	        get(o, type && strcmp(type, "origin") == 0 ? "epoch" : "t");
	if (type == NULL) {
		*why = N_("no \"type\"");
		return EVENTFILE_BAD;
	}
	bool note = strcmp(type, "output") == 0 || strcmp(type, "exit") == 0 ||
	            strcmp(type, "process") == 0;
	if (strcmp(type, "call") != 0 && strcmp(type, "kstate") != 0 &&
	    strcmp(type, "narration") != 0 && strcmp(type, "origin") != 0 &&
	    !note)
		return EVENTFILE_OTHER;
	if (t == NULL || t->kind != V_NUMBER ||
	    parse_seconds(t->text, &out->ns) != 0) {
		*why = N_("no time, or a time that is not seconds");
		return EVENTFILE_BAD;
	}
	if (strcmp(type, "origin") == 0)
		return EVENTFILE_ORIGIN;
	if (strcmp(type, "call") == 0)
		return parse_call(o, out, why);
	if (strcmp(type, "narration") == 0)
		return parse_narration(o, out, why);
	if (note)
		return parse_note(o, type, out, why);
	return parse_kstate(o, out, why);
}

enum eventfile_kind eventfile_parse(const char *line,
                                    struct eventfile_record *out,
                                    const char **why)
{
	struct object o = {.n = 0};
	memset(out, 0, sizeof *out);
	*why = NULL;
	o.cap = strlen(line) + MAX_FIELDS + 1;
	o.pool = xmalloc(o.cap);
	if (parse_object(line, &o) != 0) {
		*why = N_("not a JSON object as tcpviz writes them");
		out->kind = EVENTFILE_BAD;
	} else {
		out->kind = eventfile_parse_object(&o, out, why);
	}
	free(o.pool);
	return out->kind;
}

void eventfile_record_free(struct eventfile_record *r)
{
	if (r->kind == EVENTFILE_NARRATION)
		free(r->narration.text);
	r->narration.text = NULL;
	free(r->detail);
	r->detail = NULL;
	r->call.detail = NULL;
	free(r->note_text);
	r->note_text = NULL;
	r->note.text = NULL;
	free(r->who);
	free(r->prog);
	r->who = r->prog = NULL;
}
