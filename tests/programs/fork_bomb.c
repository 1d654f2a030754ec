/*
 * fork_bomb.c - a program that leaves many processes behind: 1000
 * children that wait for ever. The tests use it to see that `tcpviz run`
 * follows every process a program starts, and that none is left running
 * when the session ends. Bounded at 1000, so that a broken run cannot
 * take the machine down.
 *
 *   fork_bomb
 *
 * Says "forked N" (N is 1000 unless fork failed first, which it says
 * with perror), then waits for ever.
 */
#include <stdio.h>
#include <unistd.h>

#define CHILDREN 1000

int main(void)
{
	int forked;
	pid_t pid;

	for (forked = 0; forked < CHILDREN; forked++) {
		pid = fork();
		if (pid < 0) {
			perror("fork");
			break;
		}
		if (pid == 0) {
			for (;;)
				pause();
		}
	}
	printf("forked %d\n", forked);
	fflush(stdout);
	for (;;)
		pause();
}
