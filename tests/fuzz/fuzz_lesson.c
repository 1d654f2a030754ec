/*
 * fuzz_lesson.c - libFuzzer target: any bytes as a lesson file. A parse
 * either fails with one message naming a line, or gives a lesson whose
 * every step can be written back as its directive, that can be shown in
 * another language and whose translations can be checked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256];
	struct lesson *l =
	        lesson_parse((const char *)data, size, "fuzz", err, sizeof err);
	if (l == NULL) {
		if (strncmp(err, "fuzz:", 5) != 0 || strchr(err, '\n'))
			abort(); /* one line, FILE:LINE first */
		return 0;
	}
	char text[160];
	for (size_t i = 0; i < l->nsteps; i++)
		lesson_step_text(&l->steps[i], text, sizeof text);
	lesson_localize(l, "zh_CN");
	lessonlang_check(&l->texts, NULL, NULL);
	lesson_free(l);
	return 0;
}
