/*
 * lesson.c - the lesson file parser (see lesson.h and lessons/README.md).
 *
 * Pure: bytes in, structs or one "FILE:LINE: expected ..." line out. It
 * must not read files, run steps or print: the caller owns the file and
 * the runner owns what a step means. Every line is checked byte by byte
 * before any word is looked at, so the words below are printable UTF-8
 * and a message may quote them. Translation lines go to lessonlang.c.
 */
#include "lesson.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "lessonparse.h"
#include "lessonword.h"
#include "utf8.h"
#include "util.h"

/* A text grows one continuation line at a time; the cap keeps a hostile
 * file from making that quadratic, and no narration needs more. */
#define LESSON_MAX_TEXT 16384

/* Always false, so that a check can end in "return lesson_fail(...)". */
bool lesson_fail(struct lesson_parser *p, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (p->err != NULL && p->errlen > 0)
		snprintf(p->err, p->errlen, "%s:%u: %s", p->file, p->line, msg);
	return false;
}

/* One byte (or character) that has no place on a lesson line. */
static bool lesson_check_char(struct lesson_parser *p, const char *s, size_t n,
                              size_t *i)
{
	const unsigned char *u = (const unsigned char *)s + *i;
	size_t col = *i + 1, k;
	uint32_t cp;

	if (*u == '\t')
		return lesson_fail(
		        p, _("expected spaces, found a tab (column %zu)"), col);
	if (*u == '\0')
		return lesson_fail(
		        p, _("expected text, found a NUL byte (column %zu)"),
		        col);
	if (*u == '\r')
		return lesson_fail(p,
		                   _("expected the line to end, found a "
		                     "carriage return (column %zu)"),
		                   col);
	if (*u < 0x20 || *u == 0x7f)
		return lesson_fail(p,
		                   _("expected printable text, found control "
		                     "byte 0x%02x (column %zu)"),
		                   *u, col);
	/* utf8_decode takes one byte of anything that is not UTF-8 (and
	 * calls it U+FFFD, which is three bytes when written). */
	k = utf8_decode((const char *)u, n - *i, &cp);
	if (k == 1 && cp == UTF8_REPLACEMENT)
		return lesson_fail(p,
		                   _("expected UTF-8 text, found byte 0x%02x "
		                     "(column %zu)"),
		                   *u, col);
	if (cp >= 0x80 && cp <= 0x9f)
		return lesson_fail(p,
		                   _("expected printable text, found control "
		                     "character U+%04X (column %zu)"),
		                   cp, col);
	*i += k;
	return true;
}

static bool lesson_check_line(struct lesson_parser *p, const char *s, size_t n)
{
	if (n > LESSON_MAX_LINE)
		return lesson_fail(
		        p, _("expected a line of at most %d bytes, found %zu"),
		        LESSON_MAX_LINE, n);
	for (size_t i = 0; i < n;) {
		if (!lesson_check_char(p, s, n, &i))
			return false;
	}
	return true;
}

struct lesson_step *lesson_current(struct lesson_parser *p)
{
	return p->l->nsteps > 0 ? &p->l->steps[p->l->nsteps - 1] : NULL;
}

struct lesson_step *lesson_add_step(struct lesson_parser *p)
{
	struct lesson *l = p->l;
	struct lesson_step *s;

	if (l->nsteps == p->stepcap) {
		p->stepcap = p->stepcap ? p->stepcap * 2 : 8;
		l->steps = xrealloc(l->steps, p->stepcap * sizeof *l->steps);
	}
	s = &l->steps[l->nsteps++];
	memset(s, 0, sizeof *s);
	s->arg = -1;
	s->line = p->line;
	p->expcap = 0;
	return s;
}

void lesson_add_expect(struct lesson_parser *p, struct lesson_step *s,
                       const struct lesson_expect *e)
{
	if (s->nexpects == p->expcap) {
		p->expcap = p->expcap ? p->expcap * 2 : 4;
		s->expects =
		        xrealloc(s->expects, p->expcap * sizeof *s->expects);
	}
	s->expects[s->nexpects++] = *e;
}

/* Nothing may follow the words a directive takes. */
bool lesson_end(struct lesson_parser *p, const char *rest, const char *after)
{
	char q[64];

	if (*rest == '\0')
		return true;
	return lesson_fail(p, _("expected end of line after '%s', found %s"),
	                   after, lessonword_quote(rest, q, sizeof q));
}

int lesson_actor(const char *w)
{
	for (int a = 0; a < SIDE_COUNT; a++)
		if (strcmp(w, event_side_name((enum side)a)) == 0)
			return a;
	return -1;
}

/* ---- text directives ---- */

static bool lesson_text(struct lesson_parser *p, char **slot, const char *name,
                        const char *rest, bool per_step)
{
	if (*rest == '\0')
		return lesson_fail(
		        p, _("expected text after '%s', found end of line"),
		        name);
	if (*slot != NULL)
		return lesson_fail(p,
		                   per_step ? _("expected one '%s' per step, "
		                                "found a second")
		                            : _("expected one '%s' per lesson, "
		                                "found a second"),
		                   name);
	*slot = xstrdup(rest);
	p->cont = slot;
	lessonlang_note(&p->l->texts,
	                (enum lesson_text_kind)lessonlang_kind(name),
	                p->l->nsteps > 0 ? p->l->nsteps - 1 : 0, p->line);
	return true;
}

static bool lesson_continuation(struct lesson_parser *p, const char *line)
{
	const char *more = line;
	size_t have, add;
	char *t;

	if (line[1] != ' ')
		return lesson_fail(
		        p, _("expected a directive in the first column or two "
		             "spaces before a continuation, found one space"));
	if (p->cont == NULL)
		return lesson_fail(p,
		                   /* TRANSLATORS: keep the directive names. */
		                   _("expected a title, summary, intro, say, "
		                     "ask or answer line before a continuation "
		                     "line"));
	while (*more == ' ')
		more++;
	have = strlen(*p->cont);
	add = strlen(more);
	size_t blank = lessonlang_join_blank(*p->cont, more) ? 1 : 0;
	if (have + blank + add > LESSON_MAX_TEXT)
		return lesson_fail(
		        p, _("expected a text of at most %d bytes, found more"),
		        LESSON_MAX_TEXT);
	t = xrealloc(*p->cont, have + blank + add + 1);
	if (blank)
		t[have] = ' ';
	memcpy(t + have + blank, more, add + 1);
	*p->cont = t;
	return true;
}

static bool lesson_do_title(struct lesson_parser *p, char *rest)
{
	return lesson_text(p, &p->l->title, "title", rest, false);
}

static bool lesson_do_intro(struct lesson_parser *p, char *rest)
{
	if (p->l->nsteps > 0)
		return lesson_fail(p,
		                   _("expected 'intro' before the first step, "
		                     "found it after the step at line %u"),
		                   lesson_current(p)->line);
	return lesson_text(p, &p->l->intro, "intro", rest, false);
}

static bool lesson_do_summary(struct lesson_parser *p, char *rest)
{
	return lesson_text(p, &p->l->summary, "summary", rest, false);
}

/* The server's port, where the lesson needs that one ("port 8887"):
 * once, before the first step. */
static bool lesson_do_port(struct lesson_parser *p, char *rest)
{
	const char *w = lessonword_next(&rest);
	long v;
	char q[64];

	if (p->l->nsteps > 0)
		return lesson_fail(p,
		                   _("expected 'port' before the first step, "
		                     "found it after the step at line %u"),
		                   lesson_current(p)->line);
	if (p->l->port != 0)
		return lesson_fail(p,
		                   _("expected 'port' once, found it again"));
	if (!lessonword_number(w, 1, LESSON_MAX_PORT, &v))
		return lesson_fail(p,
		                   _("expected a port from 1 to %d after "
		                     "'port', found %s"),
		                   LESSON_MAX_PORT,
		                   lessonword_quote(w, q, sizeof q));
	p->l->port = (int)v;
	return lesson_end(p, rest, w);
}

/* net.ipv4.tcp_fastopen: "net." and dot-separated words of a-z, 0-9
 * and '_'. */
static bool lesson_sysctl_name(const char *w)
{
	if (strncmp(w, "net.", 4) != 0 || strlen(w) >= LESSON_MAX_SYSCTL_NAME)
		return false;
	for (const char *c = w; *c; c++) {
		bool word = (*c >= 'a' && *c <= 'z') ||
		            (*c >= '0' && *c <= '9') || *c == '_';
		if (!word && !(*c == '.' && c[1] != '\0' && c[1] != '.'))
			return false;
	}
	return true;
}

/* A setting of the lesson's network namespace: before the first step. */
static bool lesson_do_sysctl(struct lesson_parser *p, char *rest)
{
	const char *name = lessonword_next(&rest);
	const char *value;
	char q[64];
	long v;

	if (p->l->nsteps > 0)
		return lesson_fail(p,
		                   _("expected 'sysctl' before the first step, "
		                     "found it after the step at line %u"),
		                   lesson_current(p)->line);
	if (!lesson_sysctl_name(name))
		return lesson_fail(p,
		                   _("expected a network setting (net.ipv4."
		                     "tcp_fastopen) after 'sysctl', found %s"),
		                   lessonword_quote(name, q, sizeof q));
	value = lessonword_next(&rest);
	if (!lessonword_number(value, 0, 1L << 30, &v))
		return lesson_fail(p,
		                   _("expected a number after '%s', found %s"),
		                   name, lessonword_quote(value, q, sizeof q));
	if (p->l->nsysctls == LESSON_MAX_SYSCTLS)
		return lesson_fail(p,
		                   _("expected at most %d 'sysctl' lines, "
		                     "found more"),
		                   LESSON_MAX_SYSCTLS);
	struct lesson_sysctl *s = &p->l->sysctls[p->l->nsysctls++];
	snprintf(s->name, sizeof s->name, "%s", name);
	s->value = v;
	return lesson_end(p, rest, value);
}

/* The lesson runs over IPv6 (::1): once, before the first step. */
static bool lesson_do_ipv6(struct lesson_parser *p, char *rest)
{
	if (p->l->nsteps > 0)
		return lesson_fail(p,
		                   _("expected 'ipv6' before the first step, "
		                     "found it after the step at line %u"),
		                   lesson_current(p)->line);
	if (p->l->ipv6)
		return lesson_fail(p,
		                   _("expected 'ipv6' once, found it again"));
	p->l->ipv6 = true;
	return lesson_end(p, rest, "ipv6");
}

/* say, ask and answer belong to the step above them. */
struct lesson_step *lesson_step_for(struct lesson_parser *p, const char *name)
{
	struct lesson_step *s = lesson_current(p);

	if (s == NULL)
		lesson_fail(p, _("expected a step before '%s'"), name);
	return s;
}

static bool lesson_do_say(struct lesson_parser *p, char *rest)
{
	struct lesson_step *s = lesson_step_for(p, "say");

	return s != NULL && lesson_text(p, &s->say, "say", rest, true);
}

static bool lesson_do_ask(struct lesson_parser *p, char *rest)
{
	struct lesson_step *s = lesson_step_for(p, "ask");

	return s != NULL && lesson_text(p, &s->ask, "ask", rest, true);
}

static bool lesson_do_answer(struct lesson_parser *p, char *rest)
{
	struct lesson_step *s = lesson_step_for(p, "answer");

	if (s == NULL)
		return false;
	if (s->ask == NULL)
		return lesson_fail(p,
		                   _("expected an 'ask' before 'answer' in the "
		                     "step at line %u, found none"),
		                   s->line);
	return lesson_text(p, &s->answer, "answer", rest, true);
}

/* ---- lines ---- */

/* "say.zh_CN TEXT": after is the text the line before belongs to. */
static bool lesson_do_translation(struct lesson_parser *p, const char *word,
                                  const char *rest, char **after)
{
	char msg[256];
	struct lessonlang_line ln = {
	        .word = word,
	        .rest = rest,
	        .after = after != NULL ? *after : NULL,
	        .prev = p->prev,
	        .line = p->line,
	};
	char **text =
	        lessonlang_translation(&p->l->texts, &ln, msg, sizeof msg);

	if (text == NULL)
		return lesson_fail(p, "%s", msg);
	p->cont = text;
	return true;
}

static const struct {
	const char *name;
	bool (*fn)(struct lesson_parser *, char *);
} lesson_directives[] = {
        {"title", lesson_do_title},     {"intro", lesson_do_intro},
        {"step", lesson_do_step},       {"say", lesson_do_say},
        {"ask", lesson_do_ask},         {"answer", lesson_do_answer},
        {"expect", lesson_do_expect},   {"ipv6", lesson_do_ipv6},
        {"summary", lesson_do_summary}, {"port", lesson_do_port},
        {"sysctl", lesson_do_sysctl},
};

static bool lesson_directive(struct lesson_parser *p, char *line, char **after)
{
	char *rest = line;
	const char *w = lessonword_next(&rest);
	char q[64];

	if (strchr(w, '.') != NULL)
		return lesson_do_translation(p, w, rest, after);
	for (size_t i = 0;
	     i < sizeof lesson_directives / sizeof lesson_directives[0]; i++) {
		if (strcmp(w, lesson_directives[i].name) != 0)
			continue;
		if (p->l->title == NULL &&
		    lesson_directives[i].fn != lesson_do_title)
			return lesson_fail(
			        p, _("expected 'title' first, found '%s'"), w);
		p->prev = lesson_directives[i].name;
		return lesson_directives[i].fn(p, rest);
	}
	return lesson_fail(p,
	                   /* TRANSLATORS: keep the directive names. */
	                   _("expected a directive (title, summary, intro, "
	                     "ipv6, port, sysctl, step, say, ask, answer, "
	                     "expect), found %s"),
	                   lessonword_quote(w, q, sizeof q));
}

static bool lesson_line(struct lesson_parser *p, const char *s, size_t n)
{
	char buf[LESSON_MAX_LINE + 1];
	char **after = p->cont;

	if (!lesson_check_line(p, s, n))
		return false;
	memcpy(buf, s, n);
	while (n > 0 && buf[n - 1] == ' ')
		n--;
	buf[n] = '\0';
	if (buf[0] == ' ')
		return lesson_continuation(p, buf);
	p->cont = NULL; /* a blank line or a comment ends a text, too */
	if (buf[0] == '\0' || buf[0] == '#') {
		/* TRANSLATORS: "found it after a comment" (or a blank line). */
		p->prev = buf[0] == '#' ? N_("a comment") : N_("a blank line");
		return true;
	}
	return lesson_directive(p, buf, after);
}

static bool lesson_finish(struct lesson_parser *p)
{
	if (p->line == 0)
		p->line = 1;
	if (p->l->title == NULL)
		return lesson_fail(
		        p, _("expected 'title' first, found end of file"));
	if (p->l->nsteps == 0)
		return lesson_fail(
		        p,
		        _("expected at least one 'step', found end of file"));
	return true;
}

struct lesson *lesson_parse(const char *text, size_t len, const char *filename,
                            char *err, size_t errlen)
{
	struct lesson_parser p;
	size_t pos = 0;
	bool ok = true;

	memset(&p, 0, sizeof p);
	p.file = filename != NULL ? filename : "lesson";
	p.err = err;
	p.errlen = errlen;
	p.l = xcalloc(1, sizeof *p.l);
	if (text == NULL)
		len = 0;
	while (ok && pos < len) {
		const char *s = text + pos;
		const char *nl = memchr(s, '\n', len - pos);
		size_t n = nl != NULL ? (size_t)(nl - s) : len - pos;

		pos += n + (nl != NULL);
		p.line++;
		if (n > 0 && s[n - 1] == '\r')
			n--;
		ok = lesson_line(&p, s, n);
	}
	if (!ok || !lesson_finish(&p)) {
		lesson_free(p.l);
		return NULL;
	}
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	return p.l;
}

static void lesson_step_free(struct lesson_step *s)
{
	for (size_t i = 0; i < s->nexpects; i++)
		free(s->expects[i].text);
	free(s->expects);
	free(s->text);
	free(s->say);
	free(s->ask);
	free(s->answer);
}

void lesson_free(struct lesson *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->nsteps; i++)
		lesson_step_free(&l->steps[i]);
	free(l->steps);
	free(l->title);
	free(l->summary);
	free(l->intro);
	lessonlang_free(&l->texts);
	free(l);
}
