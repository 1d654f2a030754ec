/*
 * test_inputline.c - the screen's input line for a traced program: keys
 * in, what is sent out.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "inputline.h"
#include "keys.h"

static void type(struct inputline *in, const char *s)
{
	for (; *s; s++)
		assert_int_equal(inputline_key(in, (unsigned char)*s),
		                 INPUTLINE_TAKEN);
}

static void test_send(void **state)
{
	(void)state;
	struct inputline in = {0};
	char out[INPUTLINE_MAX + 2];
	inputline_open(&in);
	assert_true(in.open);
	type(&in, "hello 你好");
	assert_string_equal(in.text, "hello 你好");
	assert_int_equal(inputline_key(&in, KEY_CODE_ENTER), INPUTLINE_SEND);
	size_t n = inputline_take(&in, out);
	assert_int_equal(n, strlen("hello 你好\n"));
	assert_string_equal(out, "hello 你好\n");
	/* Emptied, still open for the next line. */
	assert_string_equal(in.text, "");
	assert_true(in.open);
	/* An empty line is a newline. */
	assert_int_equal(inputline_key(&in, '\r'), INPUTLINE_SEND);
	assert_int_equal(inputline_take(&in, out), 1);
}

static void test_edit(void **state)
{
	(void)state;
	struct inputline in = {0};
	inputline_open(&in);
	type(&in, "ab好");
	/* Backspace takes the whole character, all three bytes. */
	inputline_key(&in, KEY_CODE_BACKSPACE);
	assert_string_equal(in.text, "ab");
	inputline_key(&in, 127);
	assert_string_equal(in.text, "a");
	inputline_key(&in, 127);
	inputline_key(&in, 127); /* nothing left: nothing happens */
	assert_string_equal(in.text, "");
	/* Control keys are not text. */
	inputline_key(&in, '\t');
	inputline_key(&in, 0x01);
	assert_int_equal(in.len, 0);
	/* At most INPUTLINE_MAX bytes. */
	for (int i = 0; i < INPUTLINE_MAX + 10; i++)
		inputline_key(&in, 'x');
	assert_int_equal(in.len, INPUTLINE_MAX);
}

static void test_end_and_escape(void **state)
{
	(void)state;
	struct inputline in = {0};
	inputline_open(&in);
	type(&in, "half");
	assert_int_equal(inputline_key(&in, KEY_CODE_ESCAPE), INPUTLINE_CLOSED);
	assert_false(in.open);
	inputline_open(&in); /* what was typed is kept */
	assert_string_equal(in.text, "half");
	assert_int_equal(inputline_key(&in, 0x04), INPUTLINE_END);
	assert_false(in.open);
	assert_true(in.ended);
	/* Its input ended: the line does not open again. */
	inputline_open(&in);
	assert_false(in.open);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_send),
	        cmocka_unit_test(test_edit),
	        cmocka_unit_test(test_end_and_escape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
