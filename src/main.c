/*
 * main.c - the command line: subcommands, options, help and exit codes.
 *
 * Only parsing lives here; each subcommand is a function of its own
 * module. Exit status: 0 success, 1 failure at run time, 2 bad input or
 * usage.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "demo.h"
#include "i18n.h"
#include "lessonfile.h"
#include "lessonplay.h"
#include "replay.h"
#include "run.h"
#include "stopsig.h"
#include "ui.h"
#include "util.h"
#include "views.h"

static const char *const usage_main = N_(
        /* TRANSLATORS: 80 columns a line; keep commands, options, formats. */
        "usage: tcpviz COMMAND [OPTIONS] [ARGS]\n"
        "\n"
        "TCP handshake and teardown, segment by segment, beside the TCP state\n"
        "of both endpoints.\n"
        "\n"
        "commands:\n"
        "  demo                       an echo server and client on a private\n"
        "                             loopback, sniffed, every socket call "
        "shown\n"
        "                             (what tcpviz alone runs)\n"
        "  lesson [NAME]              list the lessons, or run one step by "
        "step\n"
        "  run -e CMD [-e CMD]... | run -- PROGRAM [ARG]...\n"
        "                             your own programs, traced: their socket\n"
        "                             calls beside their segments\n"
        "  replay FILE... [EXPRESSION]\n"
        "                             show the TCP connections in pcap or\n"
        "                             pcapng captures (FILE '-': standard "
        "input)\n"
        "\n"
        "options:\n"
        "  -h, --help       this help; 'tcpviz COMMAND --help' for a command\n"
        "  -V, --version    print the version\n"
        "      --lang LANG  en or zh_CN: the language of the messages and\n"
        "                   lessons, over the locale; every command takes it\n"
        "\n"
        "Exit status: 0 success, 1 failure at run time, 2 bad input or usage.\n"
        "See tcpviz(1).\n");

static const char *const usage_replay = N_(
        /* TRANSLATORS: 80 columns a line; keep commands, options, formats. */
        "usage: tcpviz replay [OPTIONS] FILE [FILE...] [EXPRESSION]\n"
        "\n"
        "Replay a pcap or pcapng capture (FILE '-' reads standard input) as a\n"
        "TCP timeline. EXPRESSION is a filter as in tcpdump, e.g. 'port 443'.\n"
        "Words after FILE that name files are more captures, replayed one\n"
        "after another, each as if alone (streams and time from 0) and named\n"
        "in the output; a diagram (mermaid, svg, html) holds one capture. On\n"
        "a terminal this is an interactive screen ('?' lists its keys;\n"
        "several captures follow one another on it); piped or with --text\n"
        "or --format, it is written out.\n"
        "\n"
        "options:\n"
        "  -f, --format FMT   one of the formats below\n"
        "  -t, --text         the same as --format text\n"
        "  -j, --jsonl        the same as --format jsonl\n"
        "  -a, --ascii        7-bit ASCII arrows and lines\n"
        "      --no-color     no colours on the screen (NO_COLOR also works)\n"
        "      --stream N     the stream a diagram draws (mermaid, svg, "
        "html):\n"
        "                     N as the JSON Lines 'stream' field (default: "
        "the\n"
        "                     first); a stream not there is said in the "
        "diagram\n"
        "  -h, --help         this help\n"
        "\n"
        "Exit status: 0 success (a capture cut off at the end still shows "
        "what\n"
        "came before, with a warning), 1 failure at run time, 2 a missing or\n"
        "unreadable file, a file that is not a capture, a bad expression, "
        "a bad\n"
        "--stream or one without a diagram format, several captures for one\n"
        "diagram.\n");

static const char *const usage_demo = N_(
        /* TRANSLATORS: 80 columns a line; keep commands, options, formats. */
        "usage: tcpviz [demo] [OPTIONS]\n"
        "\n"
        "Run an echo server and an echo client on a private loopback (a\n"
        "network namespace of their own; no root needed) while a capture\n"
        "decodes their segments, and show each socket call among the\n"
        "segments that release it, with the kernel's own TCP state of every\n"
        "socket. On a terminal this is an interactive screen ('?' lists its\n"
        "keys); piped, or with --text or --format, it is written out.\n"
        "\n"
        "options:\n"
        "  -f, --format FMT   one of the formats below\n"
        "  -t, --text         the same as --format text\n"
        "  -j, --jsonl        the same as --format jsonl\n"
        "  -a, --ascii        7-bit ASCII arrows and lines\n"
        "      --no-color     no colours on the screen (NO_COLOR also works)\n"
        "  -6, --ipv6         use ::1 instead of 127.0.0.1\n"
        "  -p, --port N       the server's port (default: the kernel's "
        "choice)\n"
        "  -d, --delay MS     pause between steps (default 1500, a class's\n"
        "                     pace; 0 for tests)\n"
        "  -s, --step         wait before each step: space on the screen,\n"
        "                     Enter in text (q quits)\n"
        "      --slow         on the screen, one line at a time: each space\n"
        "                     shows the next call, segment or state (key s)\n"
        "  -m, --message TEXT what the client sends and the server echoes\n"
        "  -r, --record FILE  write the capture to FILE (pcap) and the calls "
        "to\n"
        "                     FILE.events\n"
        "  -B, --buffer-size KIB  the capture's buffer, in KiB (as tcpdump "
        "-B)\n"
        "      --stream N     the stream a diagram draws (mermaid, svg, "
        "html), by\n"
        "                     its id (default: the first)\n"
        "  -h, --help         this help\n"
        "\n"
        "Exit status: 0 success, 1 failure at run time (no way to capture, a\n"
        "recording that could not be written), 2 bad usage (--stream "
        "without a\n"
        "diagram format too) or a port in use, 128+N when stopped by signal "
        "N.\n");

/* A command's help, then the formats --format takes, from the table. */
static int usage_print(const char *usage)
{
	size_t n;
	const struct view_format *f = views_table(&n);
	fputs(_(usage), stdout);
	fputs("\n", stdout);
	fputs(_("formats (--format):\n"), stdout);
	for (size_t i = 0; i < n; i++)
		printf("  %-8s %s\n", f[i].name, _(f[i].help));
	return 0;
}

/* One line naming what was wrong and pointing at the help; status 2.
 * The callers mark fmt with _(): the line is one sentence to translate. */
__attribute__((format(printf, 1, 2))) static int usage_error(const char *fmt,
                                                             ...)
{
	va_list ap;
	char *what = NULL;
	va_start(ap, fmt);
	if (vasprintf(&what, fmt, ap) < 0)
		what = NULL;
	va_end(ap);
	/* TRANSLATORS: %s is what was wrong, e.g. "unknown command 'x'". */
	fprintf(stderr, _("tcpviz: %s (try 'tcpviz --help')\n"),
	        what ? what : fmt);
	free(what);
	return 2;
}

/* Join the remaining words into one filter expression, as tcpdump does. */
static char *join_words(int argc, char **argv)
{
	size_t n = 1;
	for (int i = 0; i < argc; i++)
		n += strlen(argv[i]) + 1;
	char *s = xmalloc(n);
	s[0] = '\0';
	for (int i = 0; i < argc; i++) {
		if (i)
			strcat(s, " ");
		strcat(s, argv[i]);
	}
	return s;
}

/* A word that names an existing file (not a folder): a capture. */
static bool names_file(const char *word)
{
	struct stat st;
	return stat(word, &st) == 0 && !S_ISDIR(st.st_mode);
}

static int utf8_locale(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs != NULL &&
	       (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

/* A whole number in [lo, hi], or -1. */
static long parse_number(const char *s, long lo, long hi)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
		return -1;
	return v;
}

/* --stream N (getopt's 'S'): the stream a diagram draws, a stream id as
 * the JSON Lines 'stream' field gives it. 1 when c was it, 0 when not,
 * 2 (after one line) for a bad value. */
static int stream_option(const char *cmd, int c, long *stream)
{
	if (c != 'S')
		return 0;
	long v = isdigit((unsigned char)optarg[0])
	                 ? parse_number(optarg, 0, LONG_MAX)
	                 : -1;
	if (v < 0)
		return usage_error(
		        /* TRANSLATORS: first %s: demo, lesson, run, replay */
		        _("%s: bad stream '%s' (a stream id: 0, 1, 2 "
		          "..., as the JSON Lines 'stream' field)"),
		        cmd, optarg);
	*stream = v;
	return 1;
}

/* --stream chooses what a diagram draws: a format that writes one
 * document. Without one (text, JSON Lines, the screen) it is refused;
 * what narrows those is a filter expression, which only replay takes
 * (filters); the live commands can record for it. 0, or 2 after one
 * line. */
static int stream_check(const char *cmd, long stream,
                        const struct view_format *format, bool filters)
{
	char names[256];
	if (stream < 0 || (format != NULL && format->document))
		return 0;
	views_document_names(names, sizeof names);
	if (filters)
		return usage_error(
		        _("%s: --stream chooses the stream of a "
		          "diagram (--format %s); the other formats "
		          "and the screen show every stream: a filter "
		          "such as 'tcp port N' narrows them"),
		        cmd, names);
	return usage_error(
	        _("%s: --stream chooses the stream of a diagram "
	          "(--format %s); the other formats and the screen "
	          "show every stream: replay a recording (--record) "
	          "with a filter such as 'tcp port N' to narrow them"),
	        cmd, names);
}

/* The output options every command takes (-f, -t, -j, -a): 1 when c
 * was one of them, 0 when not, 2 (after one line) for a bad value. */
static int output_option(const char *cmd, int c,
                         const struct view_format **format, bool *ascii)
{
	char names[256];
	switch (c) {
	case 'f':
		*format = views_find(optarg);
		if (*format != NULL)
			return 1;
		views_names(names, sizeof names);
		return usage_error(_("%s: unknown format '%s' (one of: %s)"),
		                   cmd, optarg, names);
	case 't':
		*format = views_find("text");
		return 1;
	case 'j':
		*format = views_find("jsonl");
		return 1;
	case 'a':
		*ascii = true;
		return 1;
	default:
		return 0;
	}
}

/* getopt's complaint about argv[optind - 1], in tcpviz's words. */
static int option_error(const char *cmd, int c, char **argv)
{
	if (c == ':')
		return usage_error(_("%s: option '%s' needs a value"), cmd,
		                   argv[optind - 1]);
	return usage_error(_("%s: unknown option '%s'"), cmd, argv[optind - 1]);
}

static int cmd_replay(int argc, char **argv)
{
	static const struct option longopts[] = {
	        {"format", required_argument, NULL, 'f'},
	        {"text", no_argument, NULL, 't'},
	        {"jsonl", no_argument, NULL, 'j'},
	        {"ascii", no_argument, NULL, 'a'},
	        {"no-color", no_argument, NULL, 'C'},
	        {"stream", required_argument, NULL, 'S'},
	        {"help", no_argument, NULL, 'h'},
	        {NULL, 0, NULL, 0},
	};
	struct replay_options opt = {
	        .ascii = !utf8_locale(), .color = true, .stream = -1};
	bool format_given = false;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:tjah", longopts, NULL)) != -1) {
		int r = output_option("replay", c, &opt.format, &opt.ascii);
		if (r == 2)
			return 2;
		if (r == 1) {
			format_given |= c != 'a';
			continue;
		}
		if (c == 'C') {
			opt.color = false;
			continue;
		}
		if ((r = stream_option("replay", c, &opt.stream)) != 0) {
			if (r == 2)
				return 2;
			continue;
		}
		if (c != 'h')
			return option_error("replay", c, argv);
		usage_print(usage_replay);
		return 0;
	}
	if (stream_check("replay", opt.stream, opt.format, true) != 0)
		return 2;
	if (optind >= argc)
		return usage_error(_("replay: no capture file given"));
	opt.path = argv[optind++];
	/* Words after the first capture that name files are captures too
	 * (what a shell makes of a glob); the expression starts at the first
	 * that does not. Standard input is read alone. */
	int first_more = optind;
	while (strcmp(opt.path, "-") != 0 && optind < argc &&
	       names_file(argv[optind]))
		optind++;
	opt.more = (const char *const *)argv + first_more;
	opt.nmore = (size_t)(optind - first_more);
	/* Two diagrams in one output are one document no renderer draws. */
	if (opt.nmore > 0 && opt.format != NULL && opt.format->document)
		return usage_error(NG_("replay: a diagram holds one capture, "
		                       "and %zu were given: run --format %s "
		                       "once per capture",
		                       "replay: a diagram holds one capture, "
		                       "and %zu were given: run --format %s "
		                       "once per capture",
		                       opt.nmore + 1),
		                   opt.nmore + 1, opt.format->name);
	/* On a terminal, the screen; piped or asked for, text or JSON. */
	opt.screen =
	        !format_given && ui_available() && strcmp(opt.path, "-") != 0;
	char *filter = NULL;
	if (optind < argc)
		filter = join_words(argc - optind, argv + optind);
	opt.filter = filter;
	int status = replay_run(&opt);
	free(filter);
	return status;
}

static const char *const usage_lesson = N_(
        /* TRANSLATORS: 80 columns a line; keep commands, options, formats. */
        "usage: tcpviz lesson [NAME|FILE] [OPTIONS]\n"
        "\n"
        "Without NAME, list the lessons. With one, run it: each step makes\n"
        "real socket calls on the demo's client and server in a private\n"
        "network namespace (no root needed), and the kernel answers.\n"
        "\n"
        "options:\n"
        "  -c, --check        run without a screen; print which expectations\n"
        "                     held; exit 0 only when all did\n"
        "  -A, --auto         run the steps with the demo's pacing, not one\n"
        "                     key at a time\n"
        "  -d, --delay MS     pause between steps with --auto or --check\n"
        "                     (default 1500; --check without it: 0)\n"
        "      --slow         on the screen, one line at a time: each space\n"
        "                     shows the next call, segment or state (key s)\n"
        "  -r, --record FILE  also write the capture to FILE and the calls,\n"
        "                     kernel states and narration to FILE.events\n"
        "  -R, --replay       no live sockets: play the lesson's recording\n"
        "                     (captures/NAME.pcap), a step per key; with\n"
        "                     --check, judge the expectations on it\n"
        "  -f, --format FMT, -t, -j, -a, --no-color, -B KIB, --stream N\n"
        "                     as for the demo\n"
        "  -h, --help         this help\n"
        "\n"
        "Exit status: 0 success (with --check: every expectation held), 1 an\n"
        "expectation failed or a failure at run time, 2 an unknown lesson, a\n"
        "lesson file with an error (FILE:LINE), bad usage; 128+N when\n"
        "stopped by signal N.\n");

static const char *const usage_run = N_(
        /* TRANSLATORS: 80 columns a line; keep commands, options, formats. */
        "usage: tcpviz run [OPTIONS] -e 'COMMAND LINE' [-e 'COMMAND LINE']...\n"
        "       tcpviz run [OPTIONS] -- PROGRAM [ARG]...\n"
        "\n"
        "Run your own programs (an echo server and client, say) traced, on a\n"
        "private loopback and in a process namespace of their own (no root\n"
        "needed; fixed ports never clash), and show every socket call they\n"
        "make beside the segments it makes, the kernel's TCP state of their\n"
        "sockets, their output and how each ended. Each -e is a shell command\n"
        "line, started in order as './server & ./client' would start them:\n"
        "the next once the one before blocks (in accept(), say) or --gap\n"
        "passes. The run ends when the last has ended and the others have had\n"
        "--grace; then they get SIGTERM, then SIGKILL.\n"
        "\n"
        "options:\n"
        "  -e, --exec CMD     a shell command line to run (repeatable)\n"
        "      --gap MS       at most this long before the next -e (default "
        "500)\n"
        "      --grace MS     the others' time after the last ended (default\n"
        "                     2000)\n"
        "  -f, --format FMT   one of the formats below\n"
        "  -t, --text         the same as --format text\n"
        "  -j, --jsonl        the same as --format jsonl\n"
        "  -a, --ascii        7-bit ASCII arrows and lines\n"
        "      --no-color     no colours on the screen (NO_COLOR also works)\n"
        "      --slow         on the screen, one line at a time (key s)\n"
        "  -s, --step         pause each program before each call shown: "
        "space\n"
        "                     on the screen, Enter on the terminal, lets "
        "it on\n"
        "  -r, --record FILE  write the capture to FILE (pcap) and the calls "
        "to\n"
        "                     FILE.events\n"
        "  -B, --buffer-size KIB  the capture's buffer, in KiB (default "
        "32768)\n"
        "      --stream N     the stream a diagram draws (mermaid, svg, "
        "html), by\n"
        "                     its id (default: the first)\n"
        "      --host         the host's network namespace (root or "
        "CAP_NET_RAW)\n"
        "  -i, --interface IF with --host: capture on IF (default lo)\n"
        "  -h, --help         this help\n"
        "\n"
        "Exit status: 0 when the programs ran (their own statuses are in the\n"
        "output), 1 failure at run time, 2 bad usage or a program not found,\n"
        "128+N when stopped by signal N.\n");

/* What the demo and a lesson start from. */
static struct demo_options demo_defaults(void)
{
	struct demo_options opt = {
	        .ascii = !utf8_locale(),
	        .delay_ms = 1500, /* a class reads a line before the next */
	        .message = "hello, tcpviz\n",
	        .color = true,
	        .stream = -1, /* the first */
	};
	return opt;
}

/* The options the demo, lessons and run share: output (-f -t -j -a),
 * --stream, --no-color, --slow, --delay and --buffer-size. 1 when c was
 * one, 0 when not, 2 (after one line) for a bad value. */
static int live_option(const char *cmd, int c, struct demo_options *opt,
                       bool *format_given)
{
	long v;
	int r = output_option(cmd, c, &opt->format, &opt->ascii);
	if (r != 0) {
		*format_given |= r == 1 && c != 'a';
		return r;
	}
	if ((r = stream_option(cmd, c, &opt->stream)) != 0)
		return r;
	switch (c) {
	case 'C':
		opt->color = false;
		return 1;
	case 'L':
		opt->slow = true;
		return 1;
	case 'B':
		if ((v = parse_number(optarg, 1, 1048576)) < 0)
			return usage_error(_("%s: bad buffer size '%s' (KiB, 1 "
			                     "to 1048576)"),
			                   cmd, optarg);
		opt->buffer_kib = (int)v;
		return 1;
	case 'd':
		if ((v = parse_number(optarg, 0, 600000)) < 0)
			return usage_error(
			        _("%s: bad delay '%s' (milliseconds, 0 "
			          "to 600000)"),
			        cmd, optarg);
		opt->delay_ms = (int)v;
		return 1;
	default:
		return 0;
	}
}

static int cmd_demo(int argc, char **argv)
{
	static const struct option longopts[] = {
	        {"format", required_argument, NULL, 'f'},
	        {"text", no_argument, NULL, 't'},
	        {"jsonl", no_argument, NULL, 'j'},
	        {"ascii", no_argument, NULL, 'a'},
	        {"ipv6", no_argument, NULL, '6'},
	        {"port", required_argument, NULL, 'p'},
	        {"delay", required_argument, NULL, 'd'},
	        {"step", no_argument, NULL, 's'},
	        {"message", required_argument, NULL, 'm'},
	        {"record", required_argument, NULL, 'r'},
	        {"no-color", no_argument, NULL, 'C'},
	        {"slow", no_argument, NULL, 'L'},
	        {"buffer-size", required_argument, NULL, 'B'},
	        {"stream", required_argument, NULL, 'S'},
	        {"help", no_argument, NULL, 'h'},
	        {NULL, 0, NULL, 0},
	};
	struct demo_options opt = demo_defaults();
	bool format_given = false;
	int c;
	long v;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:tja6p:d:sm:r:B:h", longopts,
	                        NULL)) != -1) {
		int r = live_option("demo", c, &opt, &format_given);
		if (r == 2)
			return 2;
		if (r == 1)
			continue;
		switch (c) {
		case '6':
			opt.ipv6 = true;
			break;
		case 'p':
			if ((v = parse_number(optarg, 1, 65535)) < 0)
				return usage_error(
				        _("demo: bad port '%s' (1 to 65535)"),
				        optarg);
			opt.port = (int)v;
			break;
		case 's':
			opt.step = true;
			break;
		case 'm':
			if (*optarg == '\0' || strlen(optarg) > 400)
				return usage_error(
				        _("demo: the message must be "
				          "1 to 400 bytes"));
			opt.message = optarg;
			break;
		case 'r':
			opt.record = optarg;
			break;
		case 'h':
			usage_print(usage_demo);
			return 0;
		default:
			return option_error("demo", c, argv);
		}
	}
	if (optind < argc)
		return usage_error(_("demo: unexpected argument '%s'"),
		                   argv[optind]);
	if (stream_check("demo", opt.stream, opt.format, false) != 0)
		return 2;
	/* On a terminal, the screen; piped or asked for, text or JSON. */
	opt.screen = !format_given && ui_available();
	return demo_run(&opt);
}

/* Load the lesson called query and run it live or over its recording;
 * the exit status. */
static int lesson_start(const char *query, struct demo_options *opt,
                        bool replay, bool format_given, bool delay_given)
{
	char name[4096], err[4608];
	struct lesson *l =
	        lessonfile_load(query, name, sizeof name, err, sizeof err);
	if (l == NULL) {
		fprintf(stderr, "tcpviz: %s\n", err);
		return 2;
	}
	opt->lesson = l;
	opt->lesson_name = name;
	opt->ipv6 = l->ipv6;
	int status;
	if (replay) {
		char capture[4200];
		lessonfile_capture(name, capture, sizeof capture);
		struct replay_options ro = {
		        .path = capture,
		        .format = opt->format,
		        .stream = opt->stream,
		        .ascii = opt->ascii,
		        .color = opt->color,
		        .screen =
		                !opt->check && !format_given && ui_available(),
		        .title = l->title,
		        .steps = (int)l->nsteps,
		        .reveal = opt->step,
		        .slow = opt->slow,
		};
		status = lessonplay_run(l, name, &ro, opt->check);
	} else {
		if (opt->check) { /* at once, unless a pace was asked for */
			opt->step = false;
			if (!delay_given)
				opt->delay_ms = 0;
		}
		opt->screen = !opt->check && !format_given && ui_available();
		status = demo_run(opt);
	}
	lesson_free(l);
	return status;
}

static int cmd_lesson(int argc, char **argv)
{
	static const struct option longopts[] = {
	        {"check", no_argument, NULL, 'c'},
	        {"auto", no_argument, NULL, 'A'},
	        {"delay", required_argument, NULL, 'd'},
	        {"record", required_argument, NULL, 'r'},
	        {"replay", no_argument, NULL, 'R'},
	        {"format", required_argument, NULL, 'f'},
	        {"text", no_argument, NULL, 't'},
	        {"jsonl", no_argument, NULL, 'j'},
	        {"ascii", no_argument, NULL, 'a'},
	        {"no-color", no_argument, NULL, 'C'},
	        {"slow", no_argument, NULL, 'L'},
	        {"buffer-size", required_argument, NULL, 'B'},
	        {"stream", required_argument, NULL, 'S'},
	        {"help", no_argument, NULL, 'h'},
	        {NULL, 0, NULL, 0},
	};
	struct demo_options opt = demo_defaults();
	opt.step = true; /* a lesson waits for a key unless --auto */
	bool replay = false;
	bool format_given = false, delay_given = false;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":cAd:r:Rf:tjaB:h", longopts,
	                        NULL)) != -1) {
		delay_given |= c == 'd';
		int r = live_option("lesson", c, &opt, &format_given);
		if (r == 2)
			return 2;
		if (r == 1)
			continue;
		switch (c) {
		case 'c':
			opt.check = true;
			break;
		case 'A':
			opt.step = false;
			break;
		case 'r':
			opt.record = optarg;
			break;
		case 'R':
			replay = true;
			break;
		case 'h':
			usage_print(usage_lesson);
			return 0;
		default:
			return option_error("lesson", c, argv);
		}
	}
	if (optind >= argc)
		return lessonfile_list();
	if (optind + 1 < argc)
		return usage_error(_("lesson: unexpected argument '%s'"),
		                   argv[optind + 1]);
	if (replay && opt.record)
		return usage_error(_("lesson: --record and --replay do not go "
		                     "together"));
	if (stream_check("lesson", opt.stream, opt.format, false) != 0)
		return 2;
	return lesson_start(argv[optind], &opt, replay, format_given,
	                    delay_given);
}

/* Whether PROGRAM can be run: a path to an executable file, or a name
 * found on PATH. */
static bool runnable(const char *prog)
{
	if (strchr(prog, '/'))
		return access(prog, X_OK) == 0;
	const char *path = getenv("PATH");
	char buf[4096];
	for (const char *p = path ? path : "/usr/bin:/bin"; *p;) {
		size_t n = strcspn(p, ":");
		snprintf(buf, sizeof buf, "%.*s/%s", (int)n, n ? p : ".", prog);
		struct stat st;
		if (stat(buf, &st) == 0 && S_ISREG(st.st_mode) &&
		    access(buf, X_OK) == 0)
			return true;
		p += n + (p[n] == ':');
	}
	return false;
}

/* After run's options: what is to run checked, then run. */
static int run_start(struct run_options *opt, const struct demo_options *d,
                     int argc, char **argv, bool format_given,
                     const char **cmds)
{
	if (optind < argc && opt->ncmds > 0)
		return usage_error(_("run: -e and a PROGRAM do not go together "
		                     "('%s')"),
		                   argv[optind]);
	if (optind >= argc && opt->ncmds == 0)
		return usage_error(
		        _("run: nothing to run: give -e 'COMMAND' or "
		          "-- PROGRAM"));
	if (opt->iface && !opt->host)
		return usage_error(_("run: -i needs --host (without it the "
		                     "programs have a loopback of their own)"));
	if (stream_check("run", d->stream, d->format, false) != 0)
		return 2;
	if (optind < argc && !runnable(argv[optind])) {
		fprintf(stderr, _("tcpviz: run: %s: command not found\n"),
		        argv[optind]);
		return 2;
	}
	opt->cmds = cmds;
	opt->argv = optind < argc ? argv + optind : NULL;
	opt->format = d->format;
	opt->stream = d->stream;
	opt->ascii = d->ascii;
	opt->color = d->color;
	opt->slow = d->slow;
	opt->buffer_kib = d->buffer_kib;
	opt->screen = !format_given && ui_available();
	return run_run(opt);
}

static int cmd_run(int argc, char **argv)
{
	static const struct option longopts[] = {
	        {"exec", required_argument, NULL, 'e'},
	        {"gap", required_argument, NULL, 'G'},
	        {"grace", required_argument, NULL, 'g'},
	        {"format", required_argument, NULL, 'f'},
	        {"text", no_argument, NULL, 't'},
	        {"jsonl", no_argument, NULL, 'j'},
	        {"ascii", no_argument, NULL, 'a'},
	        {"no-color", no_argument, NULL, 'C'},
	        {"slow", no_argument, NULL, 'L'},
	        {"step", no_argument, NULL, 's'},
	        {"record", required_argument, NULL, 'r'},
	        {"buffer-size", required_argument, NULL, 'B'},
	        {"stream", required_argument, NULL, 'S'},
	        {"host", no_argument, NULL, 'H'},
	        {"interface", required_argument, NULL, 'i'},
	        {"help", no_argument, NULL, 'h'},
	        {NULL, 0, NULL, 0},
	};
	struct demo_options d = demo_defaults();
	struct run_options opt = {.gap_ms = 500, .grace_ms = 2000};
	const char **cmds = xcalloc((size_t)argc, sizeof *cmds);
	bool format_given = false;
	int c, status = -1;
	long v;
	optind = 1;
	opterr = 0;
	while (status < 0 && (c = getopt_long(argc, argv, "+:e:f:tjasr:B:i:h",
	                                      longopts, NULL)) != -1) {
		int r = live_option("run", c, &d, &format_given);
		if (r == 2)
			status = 2;
		if (r != 0)
			continue;
		switch (c) {
		case 'e':
			if (*optarg == '\0')
				status =
				        usage_error(_("run: -e needs a command "
				                      "line"));
			cmds[opt.ncmds++] = optarg;
			break;
		case 'G':
		case 'g':
			if ((v = parse_number(optarg, 0, 600000)) < 0)
				/* TRANSLATORS: %s: gap or grace. */
				status = usage_error(_("run: bad %s '%s' "
				                       "(milliseconds, 0 to "
				                       "600000)"),
				                     c == 'G' ? "gap" : "grace",
				                     optarg);
			*(c == 'G' ? &opt.gap_ms : &opt.grace_ms) = (int)v;
			break;
		case 'r':
			opt.record = optarg;
			break;
		case 'H':
			opt.host = true;
			break;
		case 's':
			opt.step = true;
			break;
		case 'i':
			opt.iface = optarg;
			break;
		case 'h':
			usage_print(usage_run);
			status = 0;
			break;
		default:
			status = option_error("run", c, argv);
		}
	}
	if (status < 0)
		status = run_start(&opt, &d, argc, argv, format_given, cmds);
	free(cmds);
	return status;
}

/* --lang LANG (or --lang=LANG) anywhere before "--", taken out of argv:
 * the language for every command. Returns -1, or 2 after saying why. */
static int main_lang(int *argc, char **argv, const char **lang)
{
	for (int i = 1; i < *argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		int take = 0;
		if (strcmp(argv[i], "--lang") == 0) {
			if (i + 1 >= *argc) {
				i18n_init(NULL);
				return usage_error(
				        _("--lang needs a language: en "
				          "or zh_CN"));
			}
			*lang = argv[i + 1];
			take = 2;
		} else if (strncmp(argv[i], "--lang=", 7) == 0) {
			*lang = argv[i] + 7;
			take = 1;
		}
		if (take == 0)
			continue;
		memmove(argv + i, argv + i + take,
		        (size_t)(*argc - i - take + 1) * sizeof *argv);
		*argc -= take;
		i--;
	}
	if (*lang != NULL && !i18n_known(*lang)) {
		i18n_init(NULL);
		return usage_error(_("unknown language '%s' for --lang: en or "
		                     "zh_CN"),
		                   *lang);
	}
	return -1;
}

int main(int argc, char **argv)
{
	const char *lang = NULL;
	int bad = main_lang(&argc, argv, &lang);
	if (bad >= 0)
		return bad;
	i18n_init(lang);
	if (argc < 2)
		return stopsig_exit(cmd_demo(argc, argv));
	const char *cmd = argv[1];
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 ||
	    strcmp(cmd, "help") == 0) {
		usage_print(usage_main);
		return 0;
	}
	if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
		printf("tcpviz %s\n", TCPVIZ_VERSION);
		return 0;
	}
	/* Options without a command are the demo's: tcpviz --step. */
	if (cmd[0] == '-' && cmd[1] != '\0')
		return stopsig_exit(cmd_demo(argc, argv));
	if (strcmp(cmd, "demo") == 0)
		return stopsig_exit(cmd_demo(argc - 1, argv + 1));
	if (strcmp(cmd, "lesson") == 0)
		return stopsig_exit(cmd_lesson(argc - 1, argv + 1));
	if (strcmp(cmd, "replay") == 0)
		return stopsig_exit(cmd_replay(argc - 1, argv + 1));
	if (strcmp(cmd, "run") == 0)
		return stopsig_exit(cmd_run(argc - 1, argv + 1));
	return usage_error(_("unknown command '%s'"), cmd);
}
