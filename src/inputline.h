/*
 * inputline.h - the line a user types on the screen for a traced
 * program's standard input (tcpviz run): printable keys add to it,
 * Backspace takes a character back, Enter sends it, Ctrl-D ends the
 * program's input, Escape closes the line unsent.
 *
 * Pure: keys in, what to do out; ui.c reads the keys and writes to the
 * program.
 */
#ifndef TCPVIZ_INPUTLINE_H
#define TCPVIZ_INPUTLINE_H

#include <stdbool.h>
#include <stddef.h>

enum { INPUTLINE_MAX = 512 };

struct inputline {
	bool open;
	bool ended; /* Ctrl-D was sent: the program's input is closed */
	char text[INPUTLINE_MAX + 2]; /* what was typed (UTF-8), NUL ended */
	size_t len;
};

enum inputline_result {
	INPUTLINE_TAKEN,  /* the key changed the line (or was ignored) */
	INPUTLINE_SEND,   /* Enter: send text and a newline, then empty it */
	INPUTLINE_END,    /* Ctrl-D: close the program's input */
	INPUTLINE_CLOSED, /* Escape: the line is closed, nothing sent */
};

/* Open the line (nothing when the input has ended). */
void inputline_open(struct inputline *in);
/* One key, as getch() gives it (a byte of UTF-8, or a KEY_* code). */
enum inputline_result inputline_key(struct inputline *in, int key);
/* After INPUTLINE_SEND: the line with its newline into out (room
 * INPUTLINE_MAX + 2); its length. The line is emptied. */
size_t inputline_take(struct inputline *in, char *out);

#endif
