/*
 * keys.h - every key action in one table: one row per action with all
 * its keys, its line in the help and its reminder on the status bar.
 *
 * Pure, and knows nothing of the screen: the shell maps the terminal's
 * keys to tcpviz's key codes, this table maps them to actions, and the
 * panels (panel.h) say what an action does where. The help screen and
 * the status bar are drawn from this table, so bindings, help and
 * reminders cannot drift apart.
 */
#ifndef TCPVIZ_KEYS_H
#define TCPVIZ_KEYS_H

#include <stdbool.h>
#include <stddef.h>

/* Special keys, above any character. */
enum {
	KEY_CODE_UP = 0x110000,
	KEY_CODE_DOWN,
	KEY_CODE_HOME,
	KEY_CODE_END,
	KEY_CODE_PAGE_UP,
	KEY_CODE_PAGE_DOWN,
	KEY_CODE_ENTER,
	KEY_CODE_ESCAPE,
	KEY_CODE_CTRL_C,
	KEY_CODE_BACKSPACE,
};

enum action {
	ACTION_NONE,
	ACTION_DOWN,
	ACTION_UP,
	ACTION_STEP_FORWARD, /* live --step: also runs the next step */
	ACTION_STEP_BACK,
	ACTION_HOME,
	ACTION_END,
	ACTION_PAGE_DOWN,
	ACTION_PAGE_UP,
	ACTION_DETAIL,
	ACTION_NUMBERS, /* relative / absolute */
	ACTION_TIME,    /* since start / since previous / wall clock */
	ACTION_SLOW,    /* one line at a time, or all at once */
	ACTION_PICKER,
	ACTION_INPUT, /* tcpviz run: a line for the last program's input */
	ACTION_HELP,
	ACTION_QUIT,
	ACTION_CLOSE, /* Escape: close the picker, the help or the details */
	ACTION_COUNT
};

enum { KEYS_PER_ACTION = 3 };

/* One action: its keys and how the help and the status bar name it. */
struct key_action {
	enum action action;
	int keys[KEYS_PER_ACTION]; /* 0 after the last */
	const char *label;         /* the keys as the help shows them */
	const char *help;          /* what it does, for the help */
	/* On the status bar: its key and a word ("?", "help"), in the order
	 * of hint_rank (1 first; 0: not reminded there). */
	const char *hint_key, *hint;
	int hint_rank;
};

/* The table, in the order the help lists it. Labels and help texts are
 * marked with N_() and must be read through _(). */
const struct key_action *keys_table(size_t *count);
/* The row of an action, or NULL. */
const struct key_action *keys_row(enum action a);
/* The action a key is bound to, or ACTION_NONE. */
enum action keys_action(int key);
/* Ctrl-C, whatever the terminal sends for it: quits from anywhere. */
bool keys_is_interrupt(int key);

/* The status bar's reminder of the keys, "? help  q quit  Enter details
 * ...", from the table: as many whole reminders, in rank order, as fit
 * width cells (none when the first does not). Returns its bytes. */
size_t keys_status_hint(char *out, size_t cap, int width);
/* The cells of the first reminder: what the status bar keeps room for. */
int keys_status_hint_min(void);

#endif
