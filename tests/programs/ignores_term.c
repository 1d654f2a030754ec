/*
 * ignores_term.c - a program that ignores SIGTERM. The tests use it to
 * see that `tcpviz run` does not wait for ever on a program that will
 * not stop when asked, but kills it after its grace time.
 *
 *   ignores_term
 *
 * Says "ignores: started" once SIGTERM is ignored, then waits for ever.
 */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	signal(SIGTERM, SIG_IGN);
	printf("ignores: started\n");
	fflush(stdout);
	for (;;)
		pause();
}
