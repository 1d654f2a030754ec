/*
 * forever_server.c - an echo server that never exits on its own, as most
 * servers in socket tutorials are: it accepts one client after another,
 * echoes each until the client closes, and closes that connection. The
 * tests use it to see how `tcpviz run` ends a program that does not end,
 * and that the listener's socket is shown until then.
 *
 *   forever_server [PORT]     (default 8887)
 *
 * Says "server: listening on PORT" once it listens and
 * "server: client closed" after each client.
 */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	int port = argc > 1 ? atoi(argv[1]) : 8887;
	int listener, conn, on = 1;
	struct sockaddr_in addr;
	char buf[1024];
	ssize_t n;

	listener = socket(AF_INET, SOCK_STREAM, 0);
	if (listener < 0) {
		perror("socket");
		return 1;
	}
	/* A test may start the server again while the last run's
	 * connection still waits in TIME_WAIT on this port. */
	setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);

	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_ANY);
	addr.sin_port = htons(port);
	if (bind(listener, (struct sockaddr *)&addr, sizeof addr) < 0) {
		perror("bind");
		return 1;
	}
	if (listen(listener, 5) < 0) {
		perror("listen");
		return 1;
	}
	printf("server: listening on %d\n", port);
	fflush(stdout);

	for (;;) {
		conn = accept(listener, NULL, NULL);
		if (conn < 0) {
			perror("accept");
			continue;
		}
		while ((n = recv(conn, buf, sizeof buf, 0)) > 0) {
			if (send(conn, buf, n, 0) != n) {
				perror("send");
				break;
			}
		}
		close(conn);
		printf("server: client closed\n");
		fflush(stdout);
	}
}
