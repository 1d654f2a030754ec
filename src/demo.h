/*
 * demo.h - the live demo: echo server and client on a private loopback,
 * sniffed, every socket call on the capture's clock.
 */
#ifndef TCPVIZ_DEMO_H
#define TCPVIZ_DEMO_H

#include <stdbool.h>

#include "replay.h"

struct lesson;

struct demo_options {
	const struct view_format *format; /* views.h; NULL: the text diagram */
	long stream; /* a diagram's stream (--stream); -1: the first */
	bool ascii;
	bool ipv6;
	int port;     /* 0: the kernel's choice */
	int delay_ms; /* between steps */
	bool step;    /* wait for a key before each step */
	bool slow;    /* on the screen, one line at a time */
	const char *message;
	const char *record; /* FILE.pcap to write, or NULL */
	int buffer_kib;     /* the capture's ring (tcpdump -B); 0: libpcap's */
	bool screen;        /* the ncurses timeline instead of format */
	bool color;
	/* A lesson instead of the echo exchange (NULL: the demo). */
	const struct lesson *lesson;
	const char *lesson_name; /* for reports */
	bool check; /* judge the lesson's expectations; no timeline output */
};

/* Runs the demo; returns the process exit status. With check, 0 only
 * when every expectation of the lesson held (1 otherwise). */
int demo_run(const struct demo_options *opt);

#endif
