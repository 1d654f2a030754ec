/*
 * lessonlang.c - translation lines, the language a reader is shown, and
 * the check that keeps translations complete and in step (lessonlang.h).
 *
 * Pure: the parser feeds it lines it has already checked byte by byte
 * (printable UTF-8), so a message may quote them. It must not read the
 * environment or files, or know what a step does.
 */
#include "lessonlang.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "utf8.h"
#include "util.h"

/* How much of a word a message quotes, as the parser's messages do. */
#define LESSONLANG_QUOTE_MAX 40

static const char *const lessonlang_kind_names[LESSON_TEXT_KIND_COUNT] = {
        [LESSON_TEXT_TITLE] = "title",   [LESSON_TEXT_INTRO] = "intro",
        [LESSON_TEXT_SAY] = "say",       [LESSON_TEXT_ASK] = "ask",
        [LESSON_TEXT_ANSWER] = "answer", [LESSON_TEXT_SUMMARY] = "summary",
};

const char *lessonlang_kind_name(enum lesson_text_kind k)
{
	return (unsigned)k < LESSON_TEXT_KIND_COUNT ? lessonlang_kind_names[k]
	                                            : "?";
}

static int lessonlang_kind_n(const char *name, size_t n)
{
	for (int k = 0; k < LESSON_TEXT_KIND_COUNT; k++)
		if (strlen(lessonlang_kind_names[k]) == n &&
		    memcmp(lessonlang_kind_names[k], name, n) == 0)
			return k;
	return -1;
}

int lessonlang_kind(const char *name)
{
	return lessonlang_kind_n(name, strlen(name));
}

static struct lesson_text *lessonlang_add(struct lesson_texts *t)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->v = xrealloc(t->v, t->cap * sizeof *t->v);
	}
	memset(&t->v[t->n], 0, sizeof t->v[t->n]);
	return &t->v[t->n++];
}

void lessonlang_note(struct lesson_texts *t, enum lesson_text_kind k,
                     size_t step, unsigned line)
{
	struct lesson_text *e = lessonlang_add(t);

	e->kind = k;
	e->step = k == LESSON_TEXT_TITLE || k == LESSON_TEXT_INTRO ||
	                          k == LESSON_TEXT_SUMMARY
	                  ? 0
	                  : step;
	e->line = line;
}

/* ---- translation lines ---- */

/* Always false, so that a check can end in "return lessonlang_fail(...)". */
static bool lessonlang_fail(char *msg, size_t msglen, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static bool lessonlang_fail(char *msg, size_t msglen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (msg != NULL && msglen > 0)
		vsnprintf(msg, msglen, fmt, ap);
	va_end(ap);
	return false;
}

/* w quoted for a message, cut short on a character boundary. */
static const char *lessonlang_quote(const char *w, char *q, size_t qlen)
{
	size_t n = strlen(w), cut = n;

	if (n == 0)
		/* TRANSLATORS: what was found: "found nothing". */
		return _("nothing");
	if (cut > LESSONLANG_QUOTE_MAX) {
		cut = LESSONLANG_QUOTE_MAX;
		while (cut > 0 && ((unsigned char)w[cut] & 0xc0) == 0x80)
			cut--;
	}
	snprintf(q, qlen, "'%.*s%s'", (int)cut, w, cut < n ? "..." : "");
	return q;
}

static bool lessonlang_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

static bool lessonlang_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

/* "zh" or "zh_CN". */
static bool lessonlang_valid(const char *lang)
{
	size_t n = strlen(lang);

	if ((n != 2 && n != 5) || !lessonlang_lower(lang[0]) ||
	    !lessonlang_lower(lang[1]))
		return false;
	return n == 2 || (lang[2] == '_' && lessonlang_upper(lang[3]) &&
	                  lessonlang_upper(lang[4]));
}

/* "say.zh_CN": its directive and its language. */
static bool lessonlang_split(const char *word, enum lesson_text_kind *kind,
                             char lang[LESSONLANG_LANG_SIZE], char *msg,
                             size_t msglen)
{
	const char *dot = strchr(word, '.');
	int k = lessonlang_kind_n(word, (size_t)(dot - word));
	char q[64];

	if (k < 0)
		return lessonlang_fail(
		        msg, msglen,
		        /* TRANSLATORS: keep the directive names. */
		        _("expected title, summary, intro, say, ask or answer "
		          "before the '.' of a translation, found %s"),
		        lessonlang_quote(word, q, sizeof q));
	if (!lessonlang_valid(dot + 1))
		return lessonlang_fail(msg, msglen,
		                       _("expected a language as 'zh' or "
		                         "'zh_CN' after '%s.', found %s"),
		                       lessonlang_kind_names[k],
		                       lessonlang_quote(dot + 1, q, sizeof q));
	*kind = (enum lesson_text_kind)k;
	snprintf(lang, LESSONLANG_LANG_SIZE, "%s", dot + 1);
	return true;
}

/* A table entry as the file writes it: "'say'", "'say.zh_CN'". */
static void lessonlang_written(const struct lesson_text *e, char *out,
                               size_t cap)
{
	snprintf(out, cap, "'%s%s%s'", lessonlang_kind_name(e->kind),
	         e->lang[0] ? "." : "", e->lang);
}

/* The English line the translation follows (its index in *en), which
 * must be the line right before it or that line's English. */
static bool lessonlang_follows(const struct lesson_texts *t,
                               const struct lessonlang_line *ln,
                               enum lesson_text_kind kind, const char *lang,
                               size_t *en, char *msg, size_t msglen)
{
	const char *name = lessonlang_kind_name(kind);
	char where[80];

	if (ln->after != NULL && t->n > 0) {
		const struct lesson_text *last = &t->v[t->n - 1];
		*en = last->lang[0] ? last->of : t->n - 1;
		if (t->v[*en].kind == kind)
			return true;
		lessonlang_written(last, where, sizeof where);
	} else if (ln->prev == NULL) {
		return lessonlang_fail(msg, msglen,
		                       /* TRANSLATORS: the translation is the
		                          file's first line. */
		                       _("expected '%s.%s' right after its "
		                         "'%s', found it first"),
		                       name, lang, name);
	} else if (strchr(ln->prev, ' ') != NULL) {
		/* "a comment" or "a blank line", marked by the parser */
		snprintf(where, sizeof where, "%s", _(ln->prev));
	} else {
		snprintf(where, sizeof where, "'%s'", ln->prev);
	}
	return lessonlang_fail(
	        msg, msglen,
	        /* TRANSLATORS: the last %s is the line before: a
	         * directive ('step', 'say.zh_CN'), "a comment" or "a
	         * blank line". */
	        _("expected '%s.%s' right after its '%s', found it after %s"),
	        name, lang, name, where);
}

/* One translation per language per English line; a language not used
 * before in the lesson is counted. */
static bool lessonlang_once(struct lesson_texts *t, size_t en, const char *lang,
                            char *msg, size_t msglen)
{
	const char *name = lessonlang_kind_name(t->v[en].kind);

	for (size_t i = en + 1; i < t->n; i++)
		if (strcmp(t->v[i].lang, lang) == 0)
			return lessonlang_fail(
			        msg, msglen,
			        _("expected one '%s.%s' per '%s', found a "
			          "second (the first at line %u)"),
			        name, lang, name, t->v[i].line);
	for (size_t i = 0; i < t->nlangs; i++)
		if (strcmp(t->langs[i], lang) == 0)
			return true;
	if (t->nlangs == LESSONLANG_MAX_LANGS)
		return lessonlang_fail(msg, msglen,
		                       _("expected at most %d languages in a "
		                         "lesson, found another ('%s')"),
		                       LESSONLANG_MAX_LANGS, lang);
	snprintf(t->langs[t->nlangs++], LESSONLANG_LANG_SIZE, "%s", lang);
	return true;
}

char **lessonlang_translation(struct lesson_texts *t,
                              const struct lessonlang_line *ln, char *msg,
                              size_t msglen)
{
	enum lesson_text_kind kind = LESSON_TEXT_TITLE;
	char lang[LESSONLANG_LANG_SIZE];
	size_t en = 0;

	if (!lessonlang_split(ln->word, &kind, lang, msg, msglen) ||
	    !lessonlang_follows(t, ln, kind, lang, &en, msg, msglen))
		return NULL;
	if (*ln->rest == '\0') {
		lessonlang_fail(
		        msg, msglen,
		        _("expected text after '%s', found end of line"),
		        ln->word);
		return NULL;
	}
	if (!lessonlang_once(t, en, lang, msg, msglen))
		return NULL;
	/* Right after its English line, ln->after is that line's text. */
	if (t->v[en].text == NULL)
		t->v[en].text = xstrdup(ln->after);
	size_t step = t->v[en].step;
	struct lesson_text *e = lessonlang_add(t);
	e->kind = kind;
	e->step = step;
	snprintf(e->lang, sizeof e->lang, "%s", lang);
	e->line = ln->line;
	e->of = en;
	e->text = xstrdup(ln->rest);
	return &e->text;
}

const struct lesson_text *lessonlang_pick(const struct lesson_texts *t,
                                          size_t en, const char *lang)
{
	const struct lesson_text *bare = NULL;

	if (en >= t->n || t->v[en].lang[0] != '\0' || lang == NULL)
		return NULL;
	for (size_t i = en + 1; i < t->n && t->v[i].lang[0] != '\0'; i++) {
		if (strcmp(t->v[i].lang, lang) == 0)
			return &t->v[i];
		if (strlen(t->v[i].lang) == 2 &&
		    strncmp(t->v[i].lang, lang, 2) == 0 && lang[2] == '_')
			bare = &t->v[i];
	}
	return bare;
}

/* ---- code tokens ---- */

static bool lessonlang_wordch(char c)
{
	return lessonlang_lower(c) || lessonlang_upper(c) ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* A name a call can have: a letter, then letters, digits and '_'. */
static bool lessonlang_is_call(const char *w, size_t n)
{
	if (!lessonlang_lower(w[0]) && !lessonlang_upper(w[0]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (w[i] == '-')
			return false;
	return true;
}

/* SYN, SYN-ACK, TIME_WAIT, FIN_WAIT_1: upper-case from a letter on. */
static bool lessonlang_is_upper(const char *w, size_t n)
{
	size_t letters = 0;

	if (!lessonlang_upper(w[0]))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (lessonlang_lower(w[i]))
			return false;
		letters += lessonlang_upper(w[i]);
	}
	return letters >= 2;
}

/* The next code token of s from *pos: its start and length (with the
 * "()" of a call); false at the end of s. */
static bool lessonlang_next(const char *s, size_t *pos, size_t *start,
                            size_t *len)
{
	size_t i = *pos;

	while (s[i] != '\0') {
		while (s[i] != '\0' && !lessonlang_wordch(s[i]))
			i++;
		size_t a = i, b;
		while (lessonlang_wordch(s[i]))
			i++;
		b = i;
		while (a < b && (s[a] == '-' || s[a] == '_'))
			a++;
		while (b > a && (s[b - 1] == '-' || s[b - 1] == '_'))
			b--;
		if (a == b)
			continue;
		*start = a;
		*pos = i;
		if (b == i && s[i] == '(' && s[i + 1] == ')' &&
		    lessonlang_is_call(s + a, b - a)) {
			*len = b - a + 2;
			*pos = i + 2;
			return true;
		}
		if (lessonlang_is_upper(s + a, b - a)) {
			*len = b - a;
			return true;
		}
	}
	*pos = i;
	return false;
}

/* Whether s has the code token tok (n bytes) among those that start
 * before end. */
static bool lessonlang_has(const char *s, size_t end, const char *tok, size_t n)
{
	size_t pos = 0, start, len;

	while (lessonlang_next(s, &pos, &start, &len) && start < end)
		if (len == n && memcmp(s + start, tok, n) == 0)
			return true;
	return false;
}

static void lessonlang_token_copy(const char *tok, size_t n, char *out,
                                  size_t cap)
{
	if (cap == 0)
		return;
	if (n >= cap)
		n = cap - 1;
	memcpy(out, tok, n);
	out[n] = '\0';
}

bool lessonlang_lacks(const char *english, const char *translation, char *token,
                      size_t cap)
{
	size_t pos = 0, start, len;

	while (lessonlang_next(english, &pos, &start, &len))
		if (!lessonlang_has(translation, (size_t)-1, english + start,
		                    len)) {
			lessonlang_token_copy(english + start, len, token, cap);
			return true;
		}
	return false;
}

/* ---- the check ---- */

static size_t lessonlang_missing(const struct lesson_texts *t, size_t en,
                                 lessonlang_found_fn found, void *ctx)
{
	const struct lesson_text *e = &t->v[en];
	size_t count = 0;

	for (size_t l = 0; l < t->nlangs; l++) {
		size_t i = en + 1;
		while (i < t->n && t->v[i].lang[0] != '\0' &&
		       strcmp(t->v[i].lang, t->langs[l]) != 0)
			i++;
		if (i < t->n && t->v[i].lang[0] != '\0')
			continue;
		struct lessonlang_problem p = {
		        .what = LESSONLANG_MISSING,
		        .kind = e->kind,
		        .line = e->line,
		        .en_line = e->line,
		};
		memcpy(p.lang, t->langs[l], sizeof p.lang);
		if (found != NULL)
			found(ctx, &p);
		count++;
	}
	return count;
}

/* Every code token of the English that the translation tr lacks, each
 * once. */
static size_t lessonlang_out_of_step(const struct lesson_texts *t,
                                     const struct lesson_text *tr,
                                     lessonlang_found_fn found, void *ctx)
{
	const struct lesson_text *en = &t->v[tr->of];
	const char *s = en->text;
	size_t pos = 0, start, len, count = 0;

	while (lessonlang_next(s, &pos, &start, &len)) {
		if (lessonlang_has(s, start, s + start, len) ||
		    lessonlang_has(tr->text, (size_t)-1, s + start, len))
			continue;
		struct lessonlang_problem p = {
		        .what = LESSONLANG_OUT_OF_STEP,
		        .kind = tr->kind,
		        .line = tr->line,
		        .en_line = en->line,
		};
		memcpy(p.lang, tr->lang, sizeof p.lang);
		lessonlang_token_copy(s + start, len, p.token, sizeof p.token);
		if (found != NULL)
			found(ctx, &p);
		count++;
	}
	return count;
}

size_t lessonlang_check(const struct lesson_texts *t, lessonlang_found_fn found,
                        void *ctx)
{
	size_t count = 0;

	for (size_t i = 0; i < t->n; i++)
		count += t->v[i].lang[0] != '\0'
		                 ? lessonlang_out_of_step(t, &t->v[i], found,
		                                          ctx)
		                 : lessonlang_missing(t, i, found, ctx);
	return count;
}

struct lessonlang_reporter {
	struct outbuf *out;
	const char *name;
	size_t missing, out_of_step;
};

/* "NAME:LINE: say.zh_CN: " and the sentence: the place stays as an
 * editor reads it; the name goes in whole, however long its path. */
static void lessonlang_write(void *ctx, const struct lessonlang_problem *p)
{
	struct lessonlang_reporter *r = ctx;
	const char *kind = lessonlang_kind_name(p->kind);

	outbuf_str(r->out, r->name);
	outbuf_printf(r->out, ":%u: %s.%s: ", p->line, kind, p->lang);
	if (p->what == LESSONLANG_MISSING) {
		r->missing++;
		outbuf_printf(r->out,
		              /* TRANSLATORS: after "FILE:LINE: say.zh_CN: ";
		               * %s: 'say' and the language (zh_CN), as the
		               * lesson file writes them. */
		              _("missing: the '%s' here has no %s translation"),
		              kind, p->lang);
	} else {
		r->out_of_step++;
		outbuf_printf(
		        r->out,
		        /* TRANSLATORS: after "FILE:LINE: say.zh_CN: "; a code
		         * token (connect(), SYN-ACK) its English line has and
		         * it lacks. */
		        _("out of step: it lacks '%s' of its '%s' (line %u)"),
		        p->token, kind, p->en_line);
	}
	outbuf_char(r->out, '\n');
}

int lessonlang_report(const struct lesson_texts *t, const char *name,
                      struct outbuf *out)
{
	struct lessonlang_reporter r = {.out = out, .name = name};
	char langs[LESSONLANG_MAX_LANGS * (LESSONLANG_LANG_SIZE + 2)];
	size_t texts = 0, used = 0;

	if (t->nlangs == 0)
		return 0;
	lessonlang_check(t, lessonlang_write, &r);
	for (size_t i = 0; i < t->n; i++)
		texts += t->v[i].lang[0] == '\0';
	langs[0] = '\0';
	for (size_t i = 0; i < t->nlangs; i++)
		used += (size_t)snprintf(langs + used, sizeof langs - used,
		                         "%s%s", i ? ", " : "", t->langs[i]);
	outbuf_str(out, name);
	outbuf_str(out, ": ");
	/* The English keeps "1 texts", as it always has said (the tests
	 * compare it); the plural forms are for the other languages. */
	outbuf_printf(out,
	              /* TRANSLATORS: after "FILE: "; the first %s: the
	               * languages, as "zh_CN, fr". The number of texts
	               * chooses the form. */
	              NG_("translations %s: %zu texts, %zu missing, %zu out of "
	                  "step",
	                  "translations %s: %zu texts, %zu missing, %zu out of "
	                  "step",
	                  texts),
	              langs, texts, r.missing, r.out_of_step);
	outbuf_char(out, '\n');
	return (int)(r.missing + r.out_of_step);
}

void lessonlang_free(struct lesson_texts *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].text);
	free(t->v);
	memset(t, 0, sizeof *t);
}

bool lessonlang_join_blank(const char *before, const char *after)
{
	size_t n = strlen(before);
	if (n == 0)
		return true;
	size_t start = n - 1;
	while (start > 0 && ((unsigned char)before[start] & 0xc0) == 0x80)
		start--;
	uint32_t last, first;
	if (utf8_decode(before + start, n - start, &last) == 0)
		return true;
	if ((last >= 0x3000 && last <= 0x303f) ||
	    (last >= 0xff00 && last <= 0xff65))
		return false;
	if (utf8_cp_width(last) != 2 ||
	    utf8_decode(after, strlen(after), &first) == 0)
		return true;
	return utf8_cp_width(first) != 2;
}
