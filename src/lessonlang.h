/*
 * lessonlang.h - a lesson's words in other languages (lessons/README.md):
 * the translation lines ("say.zh_CN ..."), which text a reader is shown,
 * and whether every translation is there and in step with its English.
 *
 * Pure: the parser (lesson.c) hands every text directive and every
 * translation line here as it meets them, and keeps the table in its
 * struct lesson; lesson_localize() (lesson.h) puts the chosen language
 * into the lesson. Nothing here knows what a step does, reads the
 * environment or chooses the language: the shell does (i18n_language()).
 *
 * Rules decided here:
 *   - A translation is "DIRECTIVE.LANG TEXT": DIRECTIVE one of title,
 *     intro, say, ask, answer; LANG two lower-case letters, optionally
 *     '_' and two upper-case ones ("zh", "zh_CN"). It takes continuation
 *     lines as any text does.
 *   - It comes right after the English line it translates (after that
 *     line's continuations) or after another translation of the same
 *     line; a comment, a blank line or another directive between them
 *     is an error. One translation per language per English line, and
 *     at most LESSONLANG_MAX_LANGS languages in a lesson.
 *   - The check: every language used anywhere in a lesson must translate
 *     every English text of it (else "missing"), and a translation must
 *     keep every code token of its English text (else "out of step").
 *     A word is a run of ASCII letters, digits, '_' and '-', without
 *     the '_' or '-' at its ends. A code token is a word directly
 *     followed by "()" (connect(), accept()), or a word of upper-case
 *     letters, digits, '_' and '-' that starts with a letter and has at
 *     least two (SYN, SYN-ACK, TIME_WAIT, FIN_WAIT_1, ECONNREFUSED). A
 *     plural such as "SYNs" is no token: it is not all upper-case.
 */
#ifndef TCPVIZ_LESSONLANG_H
#define TCPVIZ_LESSONLANG_H

#include <stdbool.h>
#include <stddef.h>

#include "outbuf.h"

#define LESSONLANG_MAX_LANGS 16
#define LESSONLANG_LANG_SIZE 6 /* "zh_CN" and its NUL */

/* The directives whose text a person reads: the ones a translation may
 * follow. */
enum lesson_text_kind {
	LESSON_TEXT_TITLE,
	LESSON_TEXT_INTRO,
	LESSON_TEXT_SAY,
	LESSON_TEXT_ASK,
	LESSON_TEXT_ANSWER,
	LESSON_TEXT_SUMMARY,
	LESSON_TEXT_KIND_COUNT
};

/* A text line of the file: an English directive, or a translation. */
struct lesson_text {
	enum lesson_text_kind kind;
	size_t step; /* say, ask, answer: their step's index; else 0 */
	char lang[LESSONLANG_LANG_SIZE]; /* "" for the English line */
	unsigned line;
	size_t of; /* a translation: its English line's index in the table */
	/* A translation's text. An English line's own (a copy, kept for
	 * the check and for choosing again) once a translation follows it;
	 * NULL before. */
	char *text;
};

/* Every text line in file order: each English one followed by its
 * translations. Zeroed is empty. */
struct lesson_texts {
	struct lesson_text *v;
	size_t n, cap;
	char langs[LESSONLANG_MAX_LANGS][LESSONLANG_LANG_SIZE];
	size_t nlangs; /* the languages used, in order of first use */
};

/* "title", "intro", "say", "ask", "answer"; and back (-1 for any other
 * name). */
const char *lessonlang_kind_name(enum lesson_text_kind k);
int lessonlang_kind(const char *name);

/* The English directive of kind k at line (for say, ask and answer, of
 * the step with index step) was just read. */
void lessonlang_note(struct lesson_texts *t, enum lesson_text_kind k,
                     size_t step, unsigned line);

/* One translation line, as the parser met it. */
struct lessonlang_line {
	const char *word; /* "say.zh_CN" */
	const char *rest; /* the text after it */
	/* The line before: when it was a text directive or a translation
	 * (or one's continuation), the text it belongs to; else NULL, and
	 * prev says what it was: a directive's name ("expect"), a phrase
	 * ("a comment", "a blank line"), or NULL when there was none. */
	const char *after;
	const char *prev;
	unsigned line;
};

/* Add the translation; the place of its text (for continuation lines).
 * NULL when the line breaks a rule, with the cause in msg ("expected
 * ..., found ...", no FILE:LINE). */
char **lessonlang_translation(struct lesson_texts *t,
                              const struct lessonlang_line *ln, char *msg,
                              size_t msglen);

/* The translation of the English line at index en for a reader of lang
 * ("zh_CN"): one in exactly that language, else one in the language
 * without its region ("zh"); NULL when there is none or en is itself a
 * translation. */
const struct lesson_text *lessonlang_pick(const struct lesson_texts *t,
                                          size_t en, const char *lang);

/* The first code token of english that translation lacks, copied into
 * token (cut to cap); false when it has them all. */
bool lessonlang_lacks(const char *english, const char *translation, char *token,
                      size_t cap);

enum lessonlang_problem_kind { LESSONLANG_MISSING, LESSONLANG_OUT_OF_STEP };

struct lessonlang_problem {
	enum lessonlang_problem_kind what;
	enum lesson_text_kind kind;
	char lang[LESSONLANG_LANG_SIZE];
	unsigned line;    /* MISSING: the English line; else the translation */
	unsigned en_line; /* the English line */
	char token[48];   /* OUT_OF_STEP: the token it lacks (cut short) */
};

typedef void (*lessonlang_found_fn)(void *ctx,
                                    const struct lessonlang_problem *p);

/* Call found (when not NULL) for every problem, in file order: for each
 * English line the languages missing, for each translation every token
 * it lacks once. Returns how many there were. */
size_t lessonlang_check(const struct lesson_texts *t, lessonlang_found_fn found,
                        void *ctx);

/* The check for `tcpviz lesson --check`: a line per problem to out,
 * "NAME:LINE: say.zh_CN: missing: ..." or "...: out of step: ...", and
 * a summary; nothing for a lesson without translations. Returns the
 * number of problems. */
int lessonlang_report(const struct lesson_texts *t, const char *name,
                      struct outbuf *out);

void lessonlang_free(struct lesson_texts *t);

/* Whether a text's continuation line joins it with a blank: not after
 * full-width punctuation (，。：) nor between two wide (CJK)
 * characters, where Chinese puts none; everywhere else, yes. */
bool lessonlang_join_blank(const char *before, const char *after);

#endif
