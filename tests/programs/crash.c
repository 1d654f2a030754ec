/*
 * crash.c - a client that dies of SIGSEGV while connected. The tests use
 * it to see that `tcpviz run` says the program was killed by a signal,
 * and that the kernel still closes its socket (a FIN that no traced call
 * asked for).
 *
 *   crash [PORT]     (default 8887)
 *
 * Says "crash: connected" before it crashes.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	int port = argc > 1 ? atoi(argv[1]) : 8887;
	/* Volatile twice: the compiler may neither assume the pointer is
	 * still NULL (and trap in its own way) nor drop the store. */
	volatile int *volatile nowhere = NULL;
	struct sockaddr_in addr;
	int fd;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0) {
		perror("socket");
		return 1;
	}
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons(port);
	inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
	if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
		perror("connect");
		return 1;
	}
	printf("crash: connected\n");
	fflush(stdout);

	*nowhere = 1;
	return 0;
}
