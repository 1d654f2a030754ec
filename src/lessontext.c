/*
 * lessontext.c - a lesson's words outside its file: the names of its
 * calls and expectations, a step's directive as a person reads it
 * ("client connect"), which lesson a name given on the command line
 * means, and the language its text is shown in. Pure; the parser
 * (lesson.c), the runner and the shell share them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "lesson.h"
#include "util.h"

static const struct {
	const char *name;
	int kind; /* enum call_kind, or -1 */
} lesson_calls[LESSON_CALL_COUNT] = {
        [LESSON_CALL_SOCKET] = {"socket", CALL_SOCKET},
        [LESSON_CALL_BIND] = {"bind", CALL_BIND},
        [LESSON_CALL_LISTEN] = {"listen", CALL_LISTEN},
        [LESSON_CALL_ACCEPT] = {"accept", CALL_ACCEPT},
        [LESSON_CALL_CONNECT] = {"connect", CALL_CONNECT},
        [LESSON_CALL_SEND] = {"send", CALL_SEND},
        [LESSON_CALL_RECV] = {"recv", CALL_RECV},
        [LESSON_CALL_SHUTDOWN] = {"shutdown", CALL_SHUTDOWN},
        [LESSON_CALL_LINGER] = {"linger", -1},
        [LESSON_CALL_CLOSE] = {"close", CALL_CLOSE},
        [LESSON_CALL_SLEEP] = {"sleep", -1},
        [LESSON_CALL_WAIT] = {"wait", -1},
        [LESSON_CALL_GETSOCKNAME] = {"getsockname", CALL_GETSOCKNAME},
        [LESSON_CALL_REUSEADDR] = {"reuseaddr", CALL_SETSOCKOPT},
        [LESSON_CALL_POLL] = {"poll", CALL_POLL},
        [LESSON_CALL_SOERROR] = {"soerror", CALL_GETSOCKOPT},
        [LESSON_CALL_DUP] = {"dup", CALL_DUP},
        [LESSON_CALL_FORK] = {"fork", -1},
        [LESSON_CALL_EXIT] = {"exit", -1},
        [LESSON_CALL_FASTOPEN] = {"fastopen", CALL_SETSOCKOPT},
};

static const char *const lesson_expect_names[LESSON_EXPECT_KIND_COUNT] = {
        [LESSON_EXPECT_SEGMENT] = "segment",
        [LESSON_EXPECT_NO_SEGMENT] = "no-segment",
        [LESSON_EXPECT_RETURNS] = "returns",
        [LESSON_EXPECT_RETURNS_OK] = "returns",
        [LESSON_EXPECT_ERRNO] = "errno",
        [LESSON_EXPECT_BLOCKED] = "blocked",
        [LESSON_EXPECT_STILL] = "blocked",
        [LESSON_EXPECT_KSTATE] = "kstate",
        [LESSON_EXPECT_KSTATE_SEEN] = "kstate-seen",
        [LESSON_EXPECT_ADDRESS] = "address",
        [LESSON_EXPECT_PORT] = "port",
        [LESSON_EXPECT_SOERROR] = "soerror",
        [LESSON_EXPECT_REVENTS] = "revents",
        [LESSON_EXPECT_SIGNAL] = "signal",
        [LESSON_EXPECT_NO_SIGNAL] = "no-signal",
        [LESSON_EXPECT_QUEUE] = "queue",
};

const char *lesson_call_name(enum lesson_call c)
{
	return (unsigned)c < LESSON_CALL_COUNT ? lesson_calls[c].name : "?";
}

int lesson_call_kind(enum lesson_call c)
{
	return (unsigned)c < LESSON_CALL_COUNT ? lesson_calls[c].kind : -1;
}

const char *lesson_expect_kind_name(enum lesson_expect_kind k)
{
	return (unsigned)k < LESSON_EXPECT_KIND_COUNT ? lesson_expect_names[k]
	                                              : "?";
}

void lesson_step_text(const struct lesson_step *s, char *out, size_t cap)
{
	int n = snprintf(out, cap, "%s %s",
	                 s->child  ? "child"
	                 : s->both ? "both"
	                           : event_side_name(s->actor),
	                 lesson_call_name(s->call));
	size_t len = n < 0 ? 0 : (size_t)n < cap ? (size_t)n : cap;
	char *p = out + len;
	size_t room = cap - len;
	if (room == 0)
		return;
	/* The words in the order lessons/README.md lists them. */
	const struct {
		bool on;
		const char *word;
	} words[] = {
	        {s->nonblock, "nonblock"},
	        {s->any_addr, "any"},
	        {s->raw_port, "raw"},
	        {s->unused_port, "unused"},
	        {s->listener, "listener"},
	        {s->dup, "dup"},
	        {(s->flags & MSG_NOSIGNAL) != 0, "MSG_NOSIGNAL"},
	        {(s->flags & MSG_FASTOPEN) != 0, "MSG_FASTOPEN"},
	};
	if (s->arg >= 0) {
		int k = snprintf(p, room, " %d", s->arg);
		size_t w = k < 0 ? 0 : (size_t)k < room ? (size_t)k : room;
		p += w;
		room -= w;
	}
	for (size_t i = 0; i < sizeof words / sizeof words[0] && room > 1;
	     i++) {
		if (!words[i].on)
			continue;
		int k = snprintf(p, room, " %s", words[i].word);
		size_t w = k < 0 ? 0 : (size_t)k < room ? (size_t)k : room;
		p += w;
		room -= w;
	}
	if ((s->flags & MSG_WAITALL) && room > 1)
		snprintf(p, room, " MSG_WAITALL");
	else if (s->text && room > 1)
		snprintf(p, room, " %s", s->text);
}

bool lesson_name_matches(const char *filename_base, const char *query)
{
	static const char suffix[] = ".lesson";
	const size_t sl = sizeof suffix - 1;
	size_t n, stem, q, num;
	const char *dash;

	if (filename_base == NULL || query == NULL || *query == '\0')
		return false;
	if (strcmp(filename_base, query) == 0)
		return true;
	n = strlen(filename_base);
	if (n <= sl || strcmp(filename_base + n - sl, suffix) != 0)
		return false;
	stem = n - sl;
	q = strlen(query);
	if (q == stem && memcmp(filename_base, query, q) == 0)
		return true;
	if ((dash = memchr(filename_base, '-', stem)) == NULL)
		return false;
	num = (size_t)(dash - filename_base);
	if (q == num && memcmp(filename_base, query, q) == 0)
		return true;
	return q == stem - num - 1 && memcmp(dash + 1, query, q) == 0;
}

/* Where the lesson keeps the text of a text line, or NULL. */
static char **lesson_text_slot(struct lesson *l, enum lesson_text_kind k,
                               size_t step)
{
	struct lesson_step *s;

	if (k == LESSON_TEXT_TITLE)
		return &l->title;
	if (k == LESSON_TEXT_INTRO)
		return &l->intro;
	if (k == LESSON_TEXT_SUMMARY)
		return &l->summary;
	if (step >= l->nsteps)
		return NULL;
	s = &l->steps[step];
	return k == LESSON_TEXT_SAY   ? &s->say
	       : k == LESSON_TEXT_ASK ? &s->ask
	                              : &s->answer;
}

static const char *lesson_text_at(const struct lesson *l,
                                  enum lesson_text_kind k, size_t step)
{
	const struct lesson_step *s = step < l->nsteps ? &l->steps[step] : NULL;

	switch (k) {
	case LESSON_TEXT_TITLE:
		return l->title;
	case LESSON_TEXT_INTRO:
		return l->intro;
	case LESSON_TEXT_SUMMARY:
		return l->summary;
	case LESSON_TEXT_SAY:
		return s ? s->say : NULL;
	case LESSON_TEXT_ASK:
		return s ? s->ask : NULL;
	default:
		return s ? s->answer : NULL;
	}
}

/* Only an English line followed by a translation has its English copied
 * aside (lessonlang.h), and only such a line's text is ever replaced. */
void lesson_localize(struct lesson *l, const char *lang)
{
	for (size_t i = 0; i < l->texts.n; i++) {
		const struct lesson_text *en = &l->texts.v[i];
		if (en->lang[0] != '\0' || en->text == NULL)
			continue;
		const struct lesson_text *tr =
		        lessonlang_pick(&l->texts, i, lang);
		char **slot = lesson_text_slot(l, en->kind, en->step);
		if (slot == NULL)
			continue;
		free(*slot);
		*slot = xstrdup(tr != NULL ? tr->text : en->text);
	}
}

const char *lesson_text_now(const struct lesson *l, enum lesson_text_kind k,
                            size_t step, const char *recorded)
{
	if (k == LESSON_TEXT_TITLE || k == LESSON_TEXT_INTRO ||
	    k == LESSON_TEXT_SUMMARY)
		step = 0;
	for (size_t i = 0; i < l->texts.n; i++) {
		const struct lesson_text *en = &l->texts.v[i];
		if (en->lang[0] != '\0' || en->kind != k || en->step != step)
			continue;
		const char *now = lesson_text_at(l, k, step);
		const char *english = en->text != NULL ? en->text : now;
		if (now == NULL || recorded == NULL)
			return NULL;
		return strcmp(english, recorded) == 0 ? now : NULL;
	}
	return NULL;
}
