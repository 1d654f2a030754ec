/*
 * lesson.h - a lesson file (lessons/README.md) parsed into plain structs
 * that the lesson runner walks step by step.
 *
 * Pure: lesson_parse() takes the file's bytes and a name for messages.
 * It must not read files, touch sockets or know how a step is run; the
 * caller reads the file and the runner maps each step to actor calls.
 *
 * Choices the format leaves open, decided here:
 *   - A tab, a NUL byte, any other control byte, or bytes that are not
 *     UTF-8 are an error anywhere on a line: narration is drawn on a
 *     terminal, and a tab's width would be a guess. A line may end in
 *     "\r\n"; a "\r" anywhere else is an error.
 *   - A line is at most LESSON_MAX_LINE bytes, not counting its ending.
 *   - Trailing spaces are dropped. Words are separated by one or more
 *     spaces. "#" starts a comment only in the first column.
 *   - A continuation line (two or more leading spaces) appends to the
 *     text of the directly preceding title, intro, say, ask or answer,
 *     or translation of one (after its own continuations), joined by
 *     one space; after a step, an expect, a blank line or a comment it
 *     is an error. A text so joined is at most 16384 bytes.
 *   - Each of title, intro, and a step's say, ask and answer appears at
 *     most once; answer needs an ask earlier in the same step.
 *   - The server's calls (listen, accept, bind raw, fastopen, anything
 *     on the listener) are an error on the client, connect and send
 *     MSG_FASTOPEN are an error on the server, fork is the server's and
 *     exit the child's; a sleep, wait, fork or exit step, which makes
 *     no socket call, takes no returns, errno or blocked expectation,
 *     and the expectations on what a call said (address, port,
 *     soerror, revents, signal) need that call's step.
 *   - A word with a '.' is a translation ("say.zh_CN"): lessonlang.h has
 *     its rules. The lesson's text fields hold the English until
 *     lesson_localize() chooses a language.
 */
#ifndef TCPVIZ_LESSON_H
#define TCPVIZ_LESSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "lessonlang.h"
#include "tcpstate.h"

#define LESSON_MAX_LINE 4096

/* Argument ranges a lesson may ask for (inclusive). */
#define LESSON_MAX_BACKLOG     1024
#define LESSON_MAX_LINGER      600   /* seconds */
#define LESSON_MAX_SLEEP       60000 /* milliseconds */
#define LESSON_MAX_RECV        512   /* bytes: the actors' receive buffer */
#define LESSON_MAX_PORT        65535
#define LESSON_MAX_SYSCTLS     4
#define LESSON_MAX_SYSCTL_NAME 64
/* How long a wait step waits for a blocked call before it is taken as
 * still blocked (a SYN is sent again for about two minutes). */
#define LESSON_MAX_WAIT_MS 60000

/*
 * A lesson's own calls: the socket calls of enum call_kind plus two that
 * are not socket calls the actors report as such (linger is a
 * setsockopt, sleep makes no call at all).
 */
enum lesson_call {
	LESSON_CALL_SOCKET,
	LESSON_CALL_BIND,
	LESSON_CALL_LISTEN,
	LESSON_CALL_ACCEPT,
	LESSON_CALL_CONNECT,
	LESSON_CALL_SEND,
	LESSON_CALL_RECV,
	LESSON_CALL_SHUTDOWN,
	LESSON_CALL_LINGER,
	LESSON_CALL_CLOSE,
	LESSON_CALL_SLEEP,
	LESSON_CALL_WAIT, /* until the actor's blocked call returns */
	LESSON_CALL_GETSOCKNAME,
	LESSON_CALL_REUSEADDR, /* setsockopt SO_REUSEADDR 1 */
	LESSON_CALL_POLL,      /* poll() for POLLIN|POLLOUT, no timeout */
	LESSON_CALL_SOERROR,   /* getsockopt SO_ERROR */
	LESSON_CALL_DUP,
	LESSON_CALL_FORK,     /* the server forks a child process */
	LESSON_CALL_EXIT,     /* the child process exits */
	LESSON_CALL_FASTOPEN, /* setsockopt TCP_FASTOPEN on the listener */
	LESSON_CALL_COUNT
};

enum lesson_expect_kind {
	LESSON_EXPECT_SEGMENT,     /* segment DIR FLAGS: exactly these flags */
	LESSON_EXPECT_NO_SEGMENT,  /* no-segment DIR FLAG: none carried it */
	LESSON_EXPECT_RETURNS,     /* returns N */
	LESSON_EXPECT_RETURNS_OK,  /* returns ok: any value >= 0 */
	LESSON_EXPECT_ERRNO,       /* errno NAME */
	LESSON_EXPECT_BLOCKED,     /* blocked */
	LESSON_EXPECT_STILL,       /* blocked ACTOR: its earlier call */
	LESSON_EXPECT_KSTATE,      /* kstate ACTOR STATE */
	LESSON_EXPECT_KSTATE_SEEN, /* kstate-seen ACTOR STATE: at any read
	                              during the step */
	LESSON_EXPECT_ADDRESS,     /* address A: getsockname's address */
	LESSON_EXPECT_PORT,        /* port N|ephemeral: getsockname's port */
	LESSON_EXPECT_SOERROR,     /* soerror NAME|0: what SO_ERROR read */
	LESSON_EXPECT_REVENTS,     /* revents POLLOUT,...: poll set them all */
	LESSON_EXPECT_SIGNAL,      /* signal SIGPIPE: the call raised it */
	LESSON_EXPECT_NO_SIGNAL,   /* no-signal SIGPIPE */
	LESSON_EXPECT_QUEUE,       /* queue N: the listener's accept queue */
	LESSON_EXPECT_KIND_COUNT
};

/* One "expect" line. Fields a kind does not use are zero. */
struct lesson_expect {
	enum lesson_expect_kind kind;
	bool c2s;             /* SEGMENT, NO_SEGMENT: client to server */
	uint16_t flags;       /* TH_*: SEGMENT the exact set, NO_SEGMENT one;
	                       * REVENTS: POLL* bits */
	long value;           /* RETURNS, PORT (-1: ephemeral), SIGNAL, QUEUE */
	int err;              /* ERRNO, SOERROR (0: none): the errno value */
	char address[48];     /* ADDRESS: as inet_ntop writes it */
	long len;             /* SEGMENT: its data length, or -1: any */
	enum side actor;      /* KSTATE, KSTATE_SEEN, STILL */
	enum tcp_state state; /* KSTATE, KSTATE_SEEN */
	unsigned line;        /* in the lesson file */
	char *text;           /* as written after "expect", for reports */
};

struct lesson_step {
	enum side actor;
	bool child; /* "step child ...": the server's child (actor: server) */
	bool both;  /* "step both ...": the client's call and the server's,
	               with the segments held until both returned (actor:
	               client) */
	enum lesson_call call;
	int arg; /* listen backlog, linger seconds, sleep ms, recv bytes; -1 */
	bool unused_port;         /* connect unused */
	bool any_addr;            /* bind any, connect any: 0.0.0.0 or :: */
	bool raw_port;            /* bind raw: the port without htons() */
	bool nonblock;            /* socket nonblock: SOCK_NONBLOCK */
	bool listener;            /* close, getsockname, poll listener */
	bool dup;                 /* close dup, getsockname dup */
	int flags;                /* send MSG_NOSIGNAL, recv MSG_WAITALL */
	char *text;               /* send TEXT, or NULL: the lesson's message */
	char *say, *ask, *answer; /* NULL when absent */
	struct lesson_expect *expects;
	size_t nexpects;
	unsigned line; /* of the step directive */
};

struct lesson {
	char *title;
	char *summary; /* one line for the list of lessons; NULL: none */
	char *intro;   /* NULL when absent */
	bool ipv6;     /* the "ipv6" directive: the lesson runs over ::1 */
	int port;      /* the "port" directive; 0: the kernel's choice */
	/* "sysctl net.ipv4.tcp_fastopen 3": set in the lesson's network
	 * namespace before the first step (net.* only: they are the
	 * namespace's own). */
	struct lesson_sysctl {
		char name[LESSON_MAX_SYSCTL_NAME];
		long value;
	} sysctls[LESSON_MAX_SYSCTLS];
	size_t nsysctls;
	struct lesson_step *steps;
	size_t nsteps; /* at least 1 */
	/* Every text line as written, English and translations: what
	 * lesson_localize() chooses from and lessonlang_check() judges. */
	struct lesson_texts texts;
};

/*
 * Parse len bytes of text (not NUL-terminated; a NUL inside is an
 * error). On a malformed file: NULL, and err holds one line,
 * "FILENAME:LINE: expected ..., found ...", cut to errlen.
 */
struct lesson *lesson_parse(const char *text, size_t len, const char *filename,
                            char *err, size_t errlen);
void lesson_free(struct lesson *l);

/*
 * Show the lesson in lang ("zh_CN", "en": i18n_language()): each text
 * that has a translation for lang (lessonlang_pick()) becomes it, every
 * other one is the English as written. Steps and expectations do not
 * change. May be called again with another language.
 */
void lesson_localize(struct lesson *l, const char *lang);

/*
 * What a recorded narration of kind k (at the step with index step; the
 * title and intro have none) reads as now: the lesson's text there, in
 * the language lesson_localize() chose, when recorded is the lesson's
 * English text there; else NULL, as the recording was made of other
 * words and keeps its own.
 */
const char *lesson_text_now(const struct lesson *l, enum lesson_text_kind k,
                            size_t step, const char *recorded);

/* "connect", "linger", "sleep". */
const char *lesson_call_name(enum lesson_call c);

/* The enum call_kind the actors report for c, or -1 for linger and sleep,
 * which the runner carries out itself. */
int lesson_call_kind(enum lesson_call c);

/* The step as its directive reads after "step": "client connect
 * unused", "server listen 0" (cut to cap bytes, always terminated). */
void lesson_step_text(const struct lesson_step *s, char *out, size_t cap);

/* "segment", "no-segment", "returns" (for RETURNS_OK too), "errno",
 * "blocked", "kstate": the word after "expect". */
const char *lesson_expect_kind_name(enum lesson_expect_kind k);

/*
 * Whether a command-line query names the lesson file base (a name with
 * no folder, "01-handshake.lesson"): the file name itself, or without
 * ".lesson" the whole stem ("01-handshake"), the part before the first
 * '-' ("01") or the part after it ("handshake"). Exact and
 * case-sensitive; an empty query matches nothing.
 */
bool lesson_name_matches(const char *filename_base, const char *query);

#endif
