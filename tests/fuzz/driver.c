/*
 * driver.c - runs a fuzz target without libFuzzer: each file named on
 * the command line (or each file in a named folder) is one input. `make
 * test` builds every target with it and replays the regression inputs
 * (tests/fuzz/regress/TARGET/) and the seeds, under the sanitizers in CI.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (fp == NULL) {
		perror(path);
		return 1;
	}
	size_t cap = 1 << 16, n = 0, got;
	uint8_t *buf = malloc(cap);
	while (buf && (got = fread(buf + n, 1, cap - n, fp)) > 0) {
		n += got;
		if (n == cap) {
			uint8_t *more = realloc(buf, cap * 2);
			if (more == NULL)
				break;
			buf = more;
			cap *= 2;
		}
	}
	fclose(fp);
	if (buf == NULL)
		return 1;
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	int failed = 0;
	long inputs = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			perror(argv[i]);
			failed = 1;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			failed |= run_file(argv[i]);
			inputs++;
			continue;
		}
		DIR *d = opendir(argv[i]);
		struct dirent *de;
		while (d && (de = readdir(d)) != NULL) {
			char path[4096];
			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof path, "%s/%s", argv[i],
			         de->d_name);
			failed |= run_file(path);
			inputs++;
		}
		if (d)
			closedir(d);
	}
	printf("%ld inputs\n", inputs);
	return failed;
}
