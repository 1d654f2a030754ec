/*
 * test_pcapread.c - records of a plain pcap file come out whole and in
 * order across the reader's blocks, and the reader stops, saying where
 * libpcap is to go on, at the end, at a record cut off and at a record
 * longer than the snapshot length.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pcapread.h"

enum { HEADER = 24, RECORD_HEADER = 16, SNAPLEN = 2000 };

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* Record i: caplen 1 + i * 37 % 1500, its bytes all (uint8_t)i. */
static uint32_t caplen_of(uint32_t i)
{
	return 1 + i * 37 % 1500;
}

/* A temporary file: a file header, n records, then tail (may be NULL).
 * Returns its descriptor; *ends gets the offset after the records. */
static int make_file(uint32_t n, const uint8_t *tail, size_t tail_len,
                     off_t *ends)
{
	FILE *f = tmpfile();
	assert_non_null(f);
	uint8_t h[HEADER] = {0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0};
	put_le32(h + 16, SNAPLEN);
	put_le32(h + 20, 1);
	assert_int_equal(fwrite(h, 1, sizeof h, f), sizeof h);
	static uint8_t body[1500];
	for (uint32_t i = 0; i < n; i++) {
		uint8_t r[RECORD_HEADER];
		put_le32(r, 1700000000u + i);
		put_le32(r + 4, i % 1000000);
		put_le32(r + 8, caplen_of(i));
		put_le32(r + 12, caplen_of(i) + 10);
		memset(body, (int)(uint8_t)i, caplen_of(i));
		assert_int_equal(fwrite(r, 1, sizeof r, f), sizeof r);
		assert_int_equal(fwrite(body, 1, caplen_of(i), f),
		                 caplen_of(i));
	}
	*ends = (off_t)ftello(f);
	if (tail_len)
		assert_int_equal(fwrite(tail, 1, tail_len, f), tail_len);
	assert_int_equal(fflush(f), 0);
	int fd = dup(fileno(f));
	fclose(f);
	return fd;
}

/* Reads everything; checks each record; returns how many came. */
static uint32_t read_all(int fd, off_t *resume)
{
	struct pcapread *r = pcapread_open(fd, HEADER, SNAPLEN);
	assert_non_null(r);
	struct pcaprec rec;
	uint32_t i = 0;
	while (pcapread_next(r, &rec, resume)) {
		assert_int_equal(rec.sec, (int32_t)(1700000000u + i));
		assert_int_equal(rec.subsec, (int32_t)(i % 1000000));
		assert_int_equal(rec.caplen, caplen_of(i));
		assert_int_equal(rec.wirelen, caplen_of(i) + 10);
		assert_int_equal(rec.data[0], (uint8_t)i);
		assert_int_equal(rec.data[rec.caplen - 1], (uint8_t)i);
		i++;
	}
	pcapread_close(r);
	return i;
}

/* About 5 MB: records straddle every block boundary of the reader. */
static void test_many_blocks(void **state)
{
	(void)state;
	off_t ends, resume = -1;
	int fd = make_file(7000, NULL, 0, &ends);
	assert_int_equal(read_all(fd, &resume), 7000);
	assert_int_equal(resume, ends);
	close(fd);
}

static void test_cut_off(void **state)
{
	(void)state;
	uint8_t tail[RECORD_HEADER + 10] = {0};
	put_le32(tail + 8, 100); /* 100 bytes promised, 10 there */
	off_t ends, resume = -1;
	int fd = make_file(3000, tail, sizeof tail, &ends);
	assert_int_equal(read_all(fd, &resume), 3000);
	assert_int_equal(resume, ends);
	close(fd);
	/* A header cut short too. */
	fd = make_file(10, tail, 7, &ends);
	assert_int_equal(read_all(fd, &resume), 10);
	assert_int_equal(resume, ends);
	close(fd);
}

static void test_longer_than_snaplen(void **state)
{
	(void)state;
	uint8_t tail[RECORD_HEADER + 64] = {0};
	put_le32(tail + 8, SNAPLEN + 1);
	off_t ends, resume = -1;
	int fd = make_file(1234, tail, sizeof tail, &ends);
	assert_int_equal(read_all(fd, &resume), 1234);
	assert_int_equal(resume, ends);
	close(fd);
}

/* Closed before the end: the thread stops, nothing leaks. */
static void test_close_early(void **state)
{
	(void)state;
	off_t ends, resume;
	int fd = make_file(7000, NULL, 0, &ends);
	struct pcapread *r = pcapread_open(fd, HEADER, SNAPLEN);
	struct pcaprec rec;
	assert_int_equal(pcapread_next(r, &rec, &resume), 1);
	pcapread_close(r);
	pcapread_close(NULL);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_many_blocks),
	        cmocka_unit_test(test_cut_off),
	        cmocka_unit_test(test_longer_than_snaplen),
	        cmocka_unit_test(test_close_early),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
