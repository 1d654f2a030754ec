/*
 * ui.c - the ncurses shell around the layout's panels (see ui.h).
 *
 * Draws the grid, reads keys and the mouse, handles SIGWINCH through
 * ncurses' KEY_RESIZE, and puts the terminal back however tcpviz ends:
 * q and Ctrl-C end the loop; SIGTERM and SIGHUP too (stopsig.h), and a
 * terminal that goes away without a SIGHUP; a fatal signal restores the
 * terminal from its handler and dies as it would have.
 * Must not decide what is drawn or what a key means.
 */
#define _XOPEN_SOURCE_EXTENDED 1
#include "ui.h"

#include <curses.h>
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "grid.h"
#include "i18n.h"
#include "inputline.h"
#include "keys.h"
#include "layout.h"
#include "screen.h"
#include "stopsig.h"

/* What the fatal-signal handler writes to give the terminal back. */
static struct termios ui_saved_termios;
static char ui_reset[128];
static size_t ui_reset_len;

/* Async-signal-safe: only write(), tcsetattr() and re-raising. */
static void ui_on_fatal(int sig)
{
	if (ui_reset_len)
		(void)!write(STDOUT_FILENO, ui_reset, ui_reset_len);
	tcsetattr(STDIN_FILENO, TCSANOW, &ui_saved_termios);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void ui_add_reset(const char *capname)
{
	const char *s = tigetstr((char *)capname);
	if (s == NULL || s == (char *)-1)
		return;
	size_t n = strlen(s);
	if (ui_reset_len + n < sizeof ui_reset) {
		memcpy(ui_reset + ui_reset_len, s, n);
		ui_reset_len += n;
	}
}

static void ui_signals(void)
{
	stopsig_catch();
	struct sigaction fatal = {.sa_handler = ui_on_fatal,
	                          .sa_flags = SA_RESETHAND};
	sigemptyset(&fatal.sa_mask);
	int fatal_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
	for (size_t i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0];
	     i++)
		sigaction(fatal_signals[i], &fatal, NULL);
}

/* Whether the terminal has hung up: its other end closed (a window
 * closed under tcpviz with SIGHUP ignored, or not sent). */
static bool ui_terminal_gone(void)
{
	struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
	return poll(&p, 1, 0) == 1 &&
	       (p.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
}

bool ui_available(void)
{
	return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
}

static const short ui_colors[COLOR_ROLE_COUNT] = {
        [COLOR_DEFAULT] = -1,
        [COLOR_CLIENT] = COLOR_CYAN,
        [COLOR_SERVER] = COLOR_MAGENTA,
        [COLOR_HANDSHAKE] = COLOR_GREEN,
        [COLOR_DATA] = -1,
        [COLOR_TEARDOWN] = COLOR_YELLOW,
        [COLOR_RESET] = COLOR_RED,
        [COLOR_BLOCKED] = COLOR_YELLOW,
        [COLOR_MISMATCH] = COLOR_RED,
        [COLOR_STATUS] = COLOR_BLUE,
};

static bool ui_start_colors(const struct ui_options *opt)
{
	if (!opt->color || !has_colors() || getenv("NO_COLOR") != NULL)
		return false;
	start_color();
	use_default_colors();
	for (int i = 1; i < COLOR_ROLE_COUNT; i++)
		init_pair((short)i, ui_colors[i], -1);
	return true;
}

/* A cell's attributes; its colour pair goes apart, in *pair: setcchar
 * takes the pair as an argument of its own, and a pair of 0 there would
 * override one put in the attributes (no colour would ever show). */
static attr_t ui_attr(const struct cell *c, bool colors, short *pair)
{
	attr_t a = A_NORMAL;
	if (c->attr & ATTR_BOLD)
		a |= A_BOLD;
	if (c->attr & ATTR_REVERSE)
		a |= A_REVERSE;
	if (c->attr & ATTR_DIM)
		a |= A_DIM;
	if (c->attr & ATTR_UNDERLINE)
		a |= A_UNDERLINE;
	*pair = 0;
	if (colors && c->color != COLOR_DEFAULT && c->color < COLOR_ROLE_COUNT)
		*pair = (short)c->color;
	return a;
}

/* One cell to the terminal. A wide character is put once, from its left
 * cell (ncurses draws both columns); its right cell is skipped, or ncurses
 * would shift the rest of the row. A terminal that is not UTF-8 gets '?'
 * for what it cannot show, one a cell, so the columns stay. */
static void ui_put_cell(const struct grid *g, int x, int y, bool colors,
                        bool utf8)
{
	const struct cell *c = &g->cells[y * g->width + x];
	uint32_t ch = c->ch ? c->ch : ' ';
	bool wide = c->part == CELL_LEFT;
	if (c->part == CELL_RIGHT && utf8)
		return;
	if (!utf8 && (ch >= 0x80 || c->part == CELL_RIGHT)) {
		ch = '?';
		wide = false;
	}
	wchar_t wc[2] = {(wchar_t)ch, 0};
	cchar_t cc;
	short pair;
	attr_t a = ui_attr(c, colors, &pair);
	setcchar(&cc, wc, a, pair, NULL);
	/* The last cell of the screen would scroll it. */
	if (y == g->height - 1 && x + (wide ? 2 : 1) >= g->width)
		mvins_wch(y, x, &cc);
	else
		mvadd_wch(y, x, &cc);
}

static void ui_blit(const struct grid *g, bool colors, bool utf8)
{
	for (int y = 0; y < g->height; y++)
		for (int x = 0; x < g->width; x++)
			ui_put_cell(g, x, y, colors, utf8);
	refresh();
}

/* Whether the terminal's locale is UTF-8 (wide characters can be drawn). */
static bool ui_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

/*
 * Whether the terminal draws a box line (U+2500, of "ambiguous" width)
 * two cells wide, as some set up for CJK do: it is written at the start
 * of the line and the terminal asked where the cursor is (DSR); column
 * 3 means two cells. No answer within 300 ms: taken as one cell. Before
 * curses starts, with the line's echo off.
 */
static bool ui_ambiguous_wide(void)
{
	struct termios raw = ui_saved_termios;
	char reply[32];
	size_t n = 0;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 0;
	raw.c_cc[VTIME] = 0;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO) ||
	    tcsetattr(STDIN_FILENO, TCSANOW, &raw) != 0)
		return false;
	static const char probe[] = "\r\xe2\x94\x80\033[6n";
	if (write(STDOUT_FILENO, probe, sizeof probe - 1) < 0)
		n = sizeof reply;
	while (n < sizeof reply - 1) {
		struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
		if (poll(&p, 1, 300) <= 0 ||
		    read(STDIN_FILENO, reply + n, 1) != 1)
			break;
		if (reply[n++] == 'R')
			break;
	}
	reply[n < sizeof reply ? n : sizeof reply - 1] = '\0';
	tcsetattr(STDIN_FILENO, TCSANOW, &ui_saved_termios);
	static const char wipe[] = "\r\033[K";
	if (write(STDOUT_FILENO, wipe, sizeof wipe - 1) < 0)
		return false;
	int row, col;
	const char *esc = strstr(reply, "\033[");
	return esc && sscanf(esc + 2, "%d;%dR", &row, &col) == 2 && col == 3;
}

static int ui_key(int ch)
{
	switch (ch) {
	case KEY_UP:
		return KEY_CODE_UP;
	case KEY_DOWN:
		return KEY_CODE_DOWN;
	case KEY_HOME:
		return KEY_CODE_HOME;
	case KEY_END:
		return KEY_CODE_END;
	case KEY_PPAGE:
		return KEY_CODE_PAGE_UP;
	case KEY_NPAGE:
		return KEY_CODE_PAGE_DOWN;
	case KEY_ENTER:
	case '\n':
	case '\r':
		return KEY_CODE_ENTER;
	case 27:
		return KEY_CODE_ESCAPE;
	case 3:
		return KEY_CODE_CTRL_C;
	case KEY_BACKSPACE:
		return KEY_CODE_BACKSPACE;
	default:
		return ch;
	}
}

/* "Now" on the rows' clock: live, the wall clock since the timeline's
 * origin; in a replay, the time of the last row read. */
static int64_t ui_now(const struct timeline *tl, bool live)
{
	if (live && timeline_origin(tl) != 0) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec -
		       timeline_origin(tl);
	}
	size_t n = timeline_count(tl);
	return n ? timeline_row(tl, n - 1)->t_ns : 0;
}

/* A key for the open input line: the program gets a sent line, or the
 * end of its input. */
static void ui_input_key(struct inputline *in, int ch, struct ui_source *src)
{
	char line[INPUTLINE_MAX + 2];
	switch (inputline_key(in, ui_key(ch))) {
	case INPUTLINE_SEND:
		src->input(src->ctx, line, inputline_take(in, line));
		break;
	case INPUTLINE_END:
		src->input(src->ctx, NULL, 0);
		break;
	default:
		break;
	}
}

/* A mouse click selects the line under it. */
static void ui_mouse(struct screen_state *st, const struct grid *g)
{
	MEVENT me;
	if (getmouse(&me) != OK ||
	    !(me.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)))
		return;
	long line = layout_line_at(st, g, me.y);
	if (line >= 0) {
		st->selected = (size_t)line;
		st->follow = false;
	}
}

/* Let the source read or run for a while; the status bar's notice.
 * Returns whether the source has more. */
static int ui_pump(struct ui_source *src, const struct ui_options *opt,
                   struct screen_state *st, char *notice, size_t cap)
{
	/* Reading a capture: mostly read, redraw now and then, and keep
	 * the keys answered. */
	int more = src->pump(src->ctx, opt->live ? 30 : 80);
	timeout(more && !opt->live ? 5 : 40);
	const char *w = src->warning ? src->warning(src->ctx) : NULL;
	/* Short beside a warning: 80 columns hold both. */
	const char *ended = more || !opt->live ? NULL
	                    : w                ? _("ended: q quits")
	                    : opt->lesson ? _("the lesson has ended: q quits")
	                    : opt->traced
	                            ? _("the programs have ended: q quits")
	                            : _("the demo has ended: q quits");
	if (w && ended)
		/* TRANSLATORS: a warning, then that the run has ended. */
		snprintf(notice, cap, _("%s; %s"), w, ended);
	else
		snprintf(notice, cap, "%s", w ? w : ended ? ended : "");
	st->notice = notice[0] ? notice : NULL;
	return more;
}

int ui_run(struct timeline *tl, struct ui_source *src,
           const struct ui_options *opt)
{
	struct inputline input = {0};
	tcgetattr(STDIN_FILENO, &ui_saved_termios);
	/* A terminal that draws box lines two cells wide gets them in
	 * 7-bit ASCII, as with --ascii: its columns would not line up. */
	bool ascii = opt->ascii || (ui_utf8() && ui_ambiguous_wide());
	if (initscr() == NULL)
		return 1;
	ui_add_reset("rmcup");
	ui_add_reset("cnorm");
	ui_add_reset("sgr0");
	ui_signals();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	timeout(40);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED, NULL);
	bool colors = ui_start_colors(opt);
	bool utf8 = ui_utf8();

	struct screen_state st = {
	        .ascii = ascii,
	        .follow = opt->live,
	        .title = opt->title,
	        .stepping = opt->stepping || opt->reveal,
	        .reveal = opt->reveal,
	        .slow = opt->slow,
	};
	struct grid g = {0};
	int more = 1;
	char notice[256];
	while (!stopsig_caught()) {
		if (more && src && src->pump)
			more = ui_pump(src, opt, &st, notice, sizeof notice);
		if (g.width != COLS || g.height != LINES) {
			grid_free(&g);
			grid_init(&g, COLS, LINES);
		}
		st.now_ns = ui_now(tl, opt->live);
		st.input = input.open ? input.text : NULL;
		st.next_step = src && src->next ? src->next(src->ctx) : NULL;
		layout_draw(tl, &st, &g);
		ui_blit(&g, colors, utf8);
		int ch = getch();
		if (ch == ERR && ui_terminal_gone()) {
			stopsig_raise(SIGHUP);
			break;
		}
		if (ch == ERR || ch == KEY_RESIZE)
			continue;
		if (ch == KEY_MOUSE) {
			ui_mouse(&st, &g);
			continue;
		}
		if (input.open) { /* the line holds every key but Ctrl-C */
			if (ch == 3)
				break;
			ui_input_key(&input, ch, src);
			continue;
		}
		enum action a = layout_action_for(&st, ui_key(ch));
		if (a == ACTION_QUIT)
			break;
		st.can_input = src && src->input;
		bool step = layout_apply(a, &st, tl, &g);
		if (st.input_wanted) { /* key i: the status bar's input line */
			st.input_wanted = false;
			inputline_open(&input);
			continue;
		}
		if (step && src && src->step)
			src->step(src->ctx);
	}
	endwin();
	grid_free(&g);
	return stopsig_caught() ? 128 + stopsig_caught() : 0;
}
