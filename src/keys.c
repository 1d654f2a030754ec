/*
 * keys.c - the one table of key actions (keys.h), and the status bar's
 * reminder made from it.
 *
 * Must not draw, read the terminal or know the screen's state: what an
 * action does is the panels' (ui_*.c) and the layout's (layout.c).
 */
#include "keys.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "utf8.h"

#define CTRL(c) ((c)&0x1f)

static const struct key_action keys_rows[] = {
        {ACTION_UP,
         {KEY_CODE_UP, 'k'},
         N_("Up/k"),
         N_("select the previous line"),
         NULL,
         NULL,
         0},
        {ACTION_DOWN,
         {KEY_CODE_DOWN, 'j'},
         N_("Down/j"),
         N_("select the next line"),
         NULL,
         NULL,
         0},
        {ACTION_STEP_FORWARD,
         {' ', 'n'},
         N_("Space/n"),
         N_("step forward; at the newest, run the next step"),
         NULL,
         NULL,
         0},
        {ACTION_STEP_BACK,
         {'b', 'p'},
         N_("b/p"),
         N_("step back (a lesson: a whole step)"),
         NULL,
         NULL,
         0},
        {ACTION_HOME,
         {KEY_CODE_HOME, 'g'},
         N_("Home/g"),
         N_("the first line"),
         NULL,
         NULL,
         0},
        {ACTION_END,
         {KEY_CODE_END, 'G'},
         N_("End/G"),
         N_("the last line (live: follow the newest)"),
         NULL,
         NULL,
         0},
        {ACTION_PAGE_UP,
         {KEY_CODE_PAGE_UP},
         N_("PgUp"),
         N_("one page up"),
         NULL,
         NULL,
         0},
        {ACTION_PAGE_DOWN,
         {KEY_CODE_PAGE_DOWN},
         N_("PgDn"),
         N_("one page down"),
         NULL,
         NULL,
         0},
        {ACTION_DETAIL,
         {KEY_CODE_ENTER},
         N_("Enter"),
         N_("open or close the details of the selected line"),
         N_("Enter"),
         N_("details"),
         3},
        {ACTION_NUMBERS,
         {'r'},
         N_("r"),
         N_("relative or absolute sequence numbers"),
         NULL,
         NULL,
         0},
        {ACTION_TIME,
         {'t'},
         N_("t"),
         N_("time since start, since the previous line, or clock"),
         NULL,
         NULL,
         0},
        {ACTION_SLOW,
         {'s'},
         N_("s"),
         N_("one line at a time (Space shows the next), or all"),
         NULL,
         NULL,
         0},
        {ACTION_PICKER,
         {'c'},
         N_("c"),
         N_("choose a connection"),
         N_("c"),
         N_("connections"),
         4},
        {ACTION_INPUT,
         {'i'},
         N_("i"),
         N_("tcpviz run: a line for the last program's input"),
         NULL,
         NULL,
         0},
        {ACTION_HELP, {'?'}, N_("?"), N_("this help"), N_("?"), N_("help"), 1},
        {ACTION_CLOSE,
         {KEY_CODE_ESCAPE},
         N_("Escape"),
         N_("close the details, the picker or the help"),
         NULL,
         NULL,
         0},
        {ACTION_QUIT,
         {'q', KEY_CODE_CTRL_C, CTRL('c')},
         N_("q/Ctrl-C"),
         N_("quit"),
         N_("q"),
         N_("quit"),
         2},
};

enum { KEYS_ROWS = sizeof keys_rows / sizeof keys_rows[0] };

const struct key_action *keys_table(size_t *count)
{
	*count = KEYS_ROWS;
	return keys_rows;
}

const struct key_action *keys_row(enum action a)
{
	for (size_t i = 0; i < KEYS_ROWS; i++)
		if (keys_rows[i].action == a)
			return &keys_rows[i];
	return NULL;
}

enum action keys_action(int key)
{
	if (key == 0)
		return ACTION_NONE;
	for (size_t i = 0; i < KEYS_ROWS; i++)
		for (int k = 0; k < KEYS_PER_ACTION && keys_rows[i].keys[k];
		     k++)
			if (keys_rows[i].keys[k] == key)
				return keys_rows[i].action;
	return ACTION_NONE;
}

bool keys_is_interrupt(int key)
{
	return key == KEY_CODE_CTRL_C || key == CTRL('c');
}

/* The row reminded rank-th on the status bar, or NULL. */
static const struct key_action *keys_hinted(int rank)
{
	for (size_t i = 0; i < KEYS_ROWS; i++)
		if (keys_rows[i].hint_rank == rank && keys_rows[i].hint)
			return &keys_rows[i];
	return NULL;
}

/* One reminder, "? help", into one; its bytes (0: none of that rank). */
static size_t keys_reminder(char *one, size_t cap, int rank)
{
	const struct key_action *r = keys_hinted(rank);
	if (r == NULL)
		return 0;
	/* TRANSLATORS: a key and what it does: "? help". */
	int len = snprintf(one, cap, _("%s %s"), _(r->hint_key), _(r->hint));
	return len > 0 && (size_t)len < cap ? (size_t)len : 0;
}

size_t keys_status_hint(char *out, size_t cap, int width)
{
	size_t n = 0, cells = 0, len;
	char one[128];
	if (cap == 0)
		return 0;
	out[0] = '\0';
	for (int rank = 1; (len = keys_reminder(one, sizeof one, rank));
	     rank++) {
		size_t sep = rank > 1 ? 2 : 0, w = utf8_width(one);
		if (width < 0 || cells + sep + w > (size_t)width ||
		    n + sep + len >= cap)
			break;
		memcpy(out + n, "  ", sep);
		memcpy(out + n + sep, one, len + 1);
		n += sep + len;
		cells += sep + w;
	}
	return n;
}

int keys_status_hint_min(void)
{
	char one[128];
	return keys_reminder(one, sizeof one, 1) ? (int)utf8_width(one) : 0;
}
