/*
 * test_fdsink.c - a file of lines that cannot grow any more (here the
 * file size limit, as a full disk would) is cut back to its last whole
 * line, and the error reported is the write's.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fdsink.h"
#include "outbuf.h"

/* A temporary file, opened empty, that may grow to at most limit bytes
 * (EFBIG beyond, with SIGXFSZ ignored). */
static int limited_file(char *path, size_t pathlen, rlim_t limit)
{
	snprintf(path, pathlen, "%s/tcpviz-fdsink-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	signal(SIGXFSZ, SIG_IGN);
	struct rlimit rl = {.rlim_cur = limit, .rlim_max = RLIM_INFINITY};
	getrlimit(RLIMIT_FSIZE, &rl);
	rl.rlim_cur = limit;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &rl), 0);
	return fd;
}

static void unlimit(void)
{
	struct rlimit rl;
	getrlimit(RLIMIT_FSIZE, &rl);
	rl.rlim_cur = rl.rlim_max;
	setrlimit(RLIMIT_FSIZE, &rl);
}

static off_t file_size(const char *path)
{
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	return st.st_size;
}

/* The limit falls inside the third line of one write: the file keeps
 * the two lines before it. */
static void test_cut_to_last_line(void **state)
{
	(void)state;
	char path[4096];
	int fd = limited_file(path, sizeof path, 20);
	struct fd_sink sink = {.fd = fd, .whole_lines = true};
	const char text[] = "first 1\nsecond 2\nthird 333\n";
	assert_int_equal(fd_sink_write(&sink, text, strlen(text)), -1);
	unlimit();
	assert_int_equal(sink.error, EFBIG);
	assert_int_equal(file_size(path), strlen("first 1\nsecond 2\n"));
	close(fd);
	unlink(path);
}

/* Through an outbuf, flushed after each line as the demo flushes after
 * each step: the lines that fitted stay, the one that did not goes, and
 * nothing more is written. */
static void test_through_outbuf(void **state)
{
	(void)state;
	char path[4096];
	int fd = limited_file(path, sizeof path, 30);
	struct fd_sink sink = {.fd = fd, .whole_lines = true};
	struct outbuf o;
	outbuf_init(&o, 64, fd_sink_write, &sink);
	int failures = 0;
	for (int i = 0; i < 10; i++) {
		outbuf_printf(&o, "line %d\n", i); /* 7 bytes each */
		failures += outbuf_flush(&o) != 0;
	}
	unlimit();
	assert_int_equal(failures, 6); /* the 5th line was cut, then all */
	assert_int_equal(sink.error, EFBIG);
	assert_int_equal(file_size(path), 4 * 7);
	outbuf_free(&o);
	close(fd);
	unlink(path);
}

/* Without whole_lines (standard output), nothing is cut. */
static void test_plain_sink_keeps_part(void **state)
{
	(void)state;
	char path[4096];
	int fd = limited_file(path, sizeof path, 20);
	struct fd_sink sink = {.fd = fd};
	const char text[] = "first 1\nsecond 2\nthird 333\n";
	assert_int_equal(fd_sink_write(&sink, text, strlen(text)), -1);
	unlimit();
	assert_int_equal(file_size(path), 20);
	close(fd);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_cut_to_last_line),
	        cmocka_unit_test(test_through_outbuf),
	        cmocka_unit_test(test_plain_sink_keeps_part),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
