/*
 * echo_server.c - the server half of the first `tcpviz run` test: the
 * textbook socket, bind, listen, accept, then recv and send until the
 * client closes, then close. One client only, so that the trace and the
 * capture show exactly one handshake and one teardown.
 *
 *   echo_server [PORT]        (default 8887)
 *
 * Says "server: listening on PORT" once it listens, so that a test knows
 * when to start the client, and "server: client closed" before it exits.
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

	conn = accept(listener, NULL, NULL);
	if (conn < 0) {
		perror("accept");
		return 1;
	}
	/* recv returns 0 when the client has closed its side (its FIN). */
	while ((n = recv(conn, buf, sizeof buf, 0)) > 0) {
		if (send(conn, buf, n, 0) != n) {
			perror("send");
			break;
		}
	}
	if (n < 0)
		perror("recv");

	close(conn);
	close(listener);
	printf("server: client closed\n");
	return 0;
}
