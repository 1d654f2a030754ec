/*
 * stopsig.c - the signals that stop tcpviz on purpose (see stopsig.h).
 */
#include "stopsig.h"

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

static volatile sig_atomic_t stopsig_signal;
static bool stopsig_installed;

static const int stopsig_signals[] = {SIGINT, SIGTERM, SIGHUP};
enum { STOPSIG_COUNT = sizeof stopsig_signals / sizeof stopsig_signals[0] };

static void stopsig_on_signal(int sig)
{
	if (stopsig_signal == 0)
		stopsig_signal = sig;
}

void stopsig_catch(void)
{
	if (stopsig_installed)
		return;
	stopsig_installed = true;
	/* No SA_RESTART: a read waiting for a key (demo --step) returns
	 * EINTR and the loop looks at the flag. */
	struct sigaction sa = {.sa_handler = stopsig_on_signal};
	sigemptyset(&sa.sa_mask);
	for (int i = 0; i < STOPSIG_COUNT; i++) {
		struct sigaction old;
		sigaction(stopsig_signals[i], NULL, &old);
		if (stopsig_signals[i] == SIGHUP && old.sa_handler == SIG_IGN)
			continue; /* nohup */
		sigaction(stopsig_signals[i], &sa, NULL);
	}
}

int stopsig_caught(void)
{
	return stopsig_signal;
}

void stopsig_raise(int sig)
{
	if (stopsig_signal == 0)
		stopsig_signal = sig;
}

void stopsig_block_here(void)
{
	sigset_t set;
	sigemptyset(&set);
	for (int i = 0; i < STOPSIG_COUNT; i++)
		sigaddset(&set, stopsig_signals[i]);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
}

int stopsig_exit(int status)
{
	int sig = status - 128;
	bool stop = false;
	for (int i = 0; i < STOPSIG_COUNT; i++)
		stop = stop || sig == stopsig_signals[i];
	if (!stop)
		return status;
	struct sigaction old;
	sigaction(sig, NULL, &old);
	if (old.sa_handler == SIG_IGN)
		return status;
	fflush(NULL);
	signal(sig, SIG_DFL);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, sig);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
	return status; /* not reached */
}
