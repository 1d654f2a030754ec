/*
 * inputline.c - the screen's input line for a traced program (see
 * inputline.h). Pure.
 */
#include "inputline.h"

#include <string.h>

#include "keys.h"

#define CTRL(c) ((c)&0x1f)

void inputline_open(struct inputline *in)
{
	if (!in->ended)
		in->open = true;
}

enum inputline_result inputline_key(struct inputline *in, int key)
{
	if (key == KEY_CODE_ENTER || key == '\n' || key == '\r')
		return INPUTLINE_SEND;
	if (key == CTRL('d')) {
		in->open = false;
		in->ended = true;
		return INPUTLINE_END;
	}
	if (key == KEY_CODE_ESCAPE) {
		in->open = false;
		return INPUTLINE_CLOSED;
	}
	if (key == KEY_CODE_BACKSPACE || key == 127 || key == CTRL('h')) {
		/* A whole character: its continuation bytes too. */
		while (in->len > 0 &&
		       ((unsigned char)in->text[in->len - 1] & 0xc0) == 0x80)
			in->len--;
		if (in->len > 0)
			in->len--;
		in->text[in->len] = '\0';
		return INPUTLINE_TAKEN;
	}
	/* Bytes of text (UTF-8 comes a byte at a time); no control keys. */
	if (key >= 0x20 && key <= 0xff && key != 127 &&
	    in->len < INPUTLINE_MAX) {
		in->text[in->len++] = (char)key;
		in->text[in->len] = '\0';
	}
	return INPUTLINE_TAKEN;
}

size_t inputline_take(struct inputline *in, char *out)
{
	size_t n = in->len;
	memcpy(out, in->text, n);
	out[n++] = '\n';
	out[n] = '\0';
	in->len = 0;
	in->text[0] = '\0';
	return n;
}
