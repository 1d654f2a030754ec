/*
 * forking_server.c - the classic forking echo server of socket
 * tutorials: the parent accepts, forks a child for the client, closes
 * its own copy of the connection at once and goes back to accept; the
 * child closes its copy of the listener and echoes. The tests use it to
 * see that `tcpviz run` follows the children, and that the parent's
 * close of a shared socket sends nothing on the wire (the child still
 * holds it).
 *
 *   forking_server [PORT [CLIENTS]]     (default 8887 and 1)
 *
 * After CLIENTS clients the parent closes the listener, waits for its
 * children and exits 0, so a test ends without being killed. Says
 * "server: listening on PORT" once it listens; each child says
 * "server: client closed" when its client has closed.
 */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	int port = argc > 1 ? atoi(argv[1]) : 8887;
	int clients = argc > 2 ? atoi(argv[2]) : 1;
	int listener, conn, on = 1, i;
	struct sockaddr_in addr;
	char buf[1024];
	ssize_t n;
	pid_t pid;

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
	/* Flushed before any fork, or each child would print it again. */
	printf("server: listening on %d\n", port);
	fflush(stdout);

	for (i = 0; i < clients; i++) {
		conn = accept(listener, NULL, NULL);
		if (conn < 0) {
			perror("accept");
			return 1;
		}
		pid = fork();
		if (pid < 0) {
			perror("fork");
			return 1;
		}
		if (pid == 0) {
			/* The child: only the parent accepts. */
			close(listener);
			while ((n = recv(conn, buf, sizeof buf, 0)) > 0) {
				if (send(conn, buf, n, 0) != n) {
					perror("send");
					break;
				}
			}
			close(conn);
			printf("server: client closed\n");
			fflush(stdout);
			_exit(0);
		}
		/* The parent: the child holds the connection now. */
		close(conn);
	}

	close(listener);
	while (waitpid(-1, NULL, 0) > 0)
		;
	return 0;
}
