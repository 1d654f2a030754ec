/*
 * tracesrc.h - traced programs as a source of the session: their socket
 * calls, process events and output lines, and the kernel's state of
 * their sockets, reported to the session as the demo's actors are.
 *
 * Shell (ptrace through tracer.c, /proc, sock_diag through kstate.c).
 * What it decides: which calls are shown (those on TCP sockets, and the
 * socket() calls that make them; reads and writes on files, pipes,
 * terminals, Unix and UDP sockets are not), the side each socket is on
 * (a listener and what it accepts: the server's; a socket that
 * connects: the client's), and who made each call (an actor a thread,
 * labelled "program[pid]" with the pid the program sees itself as).
 *
 * A socket's first calls (socket, bind, setsockopt) come before its side
 * is known: they are held until it is (connect, listen, accept) or for a
 * second, then shown on the side its process is guessed to be on.
 */
#ifndef TCPVIZ_TRACESRC_H
#define TCPVIZ_TRACESRC_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "event.h"

struct session;
struct tracesrc;

/* before_exit (may be NULL) is called before a process's end is
 * reported and after each write on its standard output or error: the
 * caller reads what it wrote then, so each line stands where it was
 * written and before the end. */
struct tracesrc *tracesrc_new(struct session *s, void (*before_exit)(void *),
                              void *ctx);
/* Kill whatever is still traced, free. */
void tracesrc_free(struct tracesrc *ts);

/*
 * Start argv traced, with the standard descriptors given; shown is the
 * command as the user wrote it (the start record), guess the side its
 * sockets are taken to be on until they say. pid, or -1 with err.
 */
pid_t tracesrc_start(struct tracesrc *ts, const char *shown, char *const argv[],
                     int in, int out, int errfd, enum side guess, char *err,
                     size_t errlen);

/* Handle what the programs did, waiting up to timeout_ms for it. */
int tracesrc_poll(struct tracesrc *ts, int timeout_ms);
/* Readable when a program stopped or ended (for poll()). */
int tracesrc_fd(const struct tracesrc *ts);

/* A line (no newline) a started program (pid as tracesrc_start gave)
 * wrote on fd 1 or 2. */
void tracesrc_output(struct tracesrc *ts, pid_t pid, int fd, const char *line,
                     int64_t ts_ns);

/* Whether a started program or one of its descendants is in a call
 * that waits (accept, connect, recv, poll) since at least since_ns ago
 * (monotonic ns: now - entered >= since_ns). */
bool tracesrc_blocked(const struct tracesrc *ts, pid_t pid, int64_t since_ns);
/* Whether a started program's own process has ended. */
bool tracesrc_ended(const struct tracesrc *ts, pid_t pid);
/* Processes and threads still traced. */
size_t tracesrc_alive(const struct tracesrc *ts);
/* Signal every traced process (paused calls let go first). */
void tracesrc_signal(struct tracesrc *ts, int sig);

/* --step: every shown call pauses its program at entry, its enter row
 * already out, until tracesrc_step lets the oldest go on (false when
 * none waits). tracesrc_next: that call, "echo_server[3] accept(3)",
 * or NULL. */
void tracesrc_set_stepping(struct tracesrc *ts, bool on);
bool tracesrc_step(struct tracesrc *ts);
const char *tracesrc_next(struct tracesrc *ts);

/* The kernel's state of every socket of the programs, to the session. */
void tracesrc_snapshot(struct tracesrc *ts);
/* The earliest time of a call still held (its side not known), or
 * INT64_MAX: the session may be released only before it. Holds older
 * than a second are let go with their guess first. */
int64_t tracesrc_held_until(struct tracesrc *ts, int64_t now_ns);
/* Let every held call go, with its guess (at the end). */
void tracesrc_flush(struct tracesrc *ts);

#endif
