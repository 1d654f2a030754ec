/*
 * keys.h - keys to named actions, in one table, and what each action does
 * to the screen state.
 *
 * Pure. The help screen and the status line are drawn from the same
 * table the shell dispatches with, so bindings and help cannot drift
 * apart. Key codes are tcpviz's own (the shell maps the terminal's).
 */
#ifndef TCPVIZ_KEYS_H
#define TCPVIZ_KEYS_H

#include <stddef.h>

#include "layout.h"

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
	ACTION_PICKER,
	ACTION_HELP,
	ACTION_QUIT,
	ACTION_CLOSE, /* Escape: close the picker, the help or the details */
	ACTION_COUNT
};

struct keybinding {
	int key;
	const char *label; /* as the help shows it: "Up/k" */
	enum action action;
	const char *help; /* "select the previous row" */
};

const struct keybinding *keys_table(size_t *count);
enum action keys_action(int key);
/* The action of a key where the user is: while the help is shown every
 * key closes it (Ctrl-C still quits); in the picker only Up/Down/k/j,
 * Enter (choose), Escape or c (close) and q/Ctrl-C mean anything. */
enum action keys_action_for(const struct screen_state *st, int key);
/* The status bar's reminder of the keys, "? help  q quit  Enter details
 * ...", as many whole reminders as fit width cells (none when "? help"
 * does not). Returns its bytes. */
size_t keys_status_hint(char *out, size_t cap, int width);

/* Apply an action to the screen state (selection, scrolling, toggles).
 * ACTION_QUIT is the shell's. ACTION_STEP_FORWARD moves a line (in a
 * lesson: to the next step's first line); at the newest line (step) it
 * returns true: the shell's source should run its next step.
 * ACTION_STEP_BACK moves a line back (in a lesson: to the first line of
 * the step before). While the help is shown any action
 * but ACTION_QUIT closes it. In the picker, ACTION_UP/DOWN move
 * picker_selected, ACTION_DETAIL selects the first line of the chosen
 * stream and closes the picker, ACTION_PICKER/CLOSE close it. Moving the
 * selection before the newest line stops st->follow; ACTION_END resumes
 * it. */
bool keys_apply(enum action a, struct screen_state *st,
                const struct timeline *tl, const struct grid *g);

#endif
