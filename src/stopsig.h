/*
 * stopsig.h - the signals that stop tcpviz on purpose: SIGINT (Ctrl-C),
 * SIGTERM and SIGHUP (the terminal closed).
 *
 * Shell. The handler only records which signal came; the demo, the
 * lesson and the screen poll stopsig_caught() in their loops, so that
 * however tcpviz is stopped it ends the actors, drains the capture into
 * the recording and gives the terminal back. main() then dies of the
 * same signal (stopsig_exit), the way a shell expects of a program that
 * caught it: $? is 128+N, and a script looping over tcpviz stops at
 * Ctrl-C instead of going on to the next run.
 *
 * As in tcpdump, a SIGHUP ignored when tcpviz started (nohup) stays
 * ignored: a recording left running after logout goes on.
 */
#ifndef TCPVIZ_STOPSIG_H
#define TCPVIZ_STOPSIG_H

/* Catch SIGINT, SIGTERM and SIGHUP from now on. Call it before anything
 * a signal would interrupt badly; calling it again does nothing. */
void stopsig_catch(void);

/* The first stop signal caught, or 0. */
int stopsig_caught(void);

/* Stop as if sig had come: the screen calls it with SIGHUP when its
 * terminal is gone without one. The first stop is the one kept. */
void stopsig_raise(int sig);

/* Block the stop signals in the calling thread, so that they reach the
 * main thread (whose loops watch for them) and never interrupt a worker
 * thread's blocking call. Threads created afterwards inherit the mask. */
void stopsig_block_here(void);

/* For main(): when status is 128+N for a stop signal N, flush stdio and
 * die of N with its default action; when N is ignored, or status is
 * anything else, return status for main to return. */
int stopsig_exit(int status);

#endif
