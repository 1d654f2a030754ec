/*
 * fuzz_eventfile.c - libFuzzer target: any bytes as one line of a
 * FILE.events recording.
 */
#include <stdlib.h>
#include <string.h>

#include "eventfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = malloc(size + 1);
	if (line == NULL)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	struct eventfile_record r;
	const char *why;
	if (eventfile_parse(line, &r, &why) == EVENTFILE_BAD && why == NULL)
		abort(); /* a bad line always says why */
	eventfile_record_free(&r);
	free(line);
	return 0;
}
