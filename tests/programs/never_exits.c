/*
 * never_exits.c - a program that never ends on its own and touches no
 * socket. The tests use it to see that `tcpviz run` stops a program
 * still running when the session ends (SIGTERM is enough here).
 *
 *   never_exits
 *
 * Says "never: started", then waits for a signal for ever.
 */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	printf("never: started\n");
	fflush(stdout);
	for (;;)
		pause();
}
