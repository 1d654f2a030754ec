/*
 * pingpong.c - many small round trips on one connection, for the
 * benchmark of `tcpviz run`: how much slower a program runs traced
 * than untraced, when it makes a socket call every few microseconds.
 *
 *   pingpong server PORT       accept one client on 127.0.0.1:PORT and
 *                              echo its 64-byte messages until it closes
 *   pingpong client PORT N     N round trips of 64 bytes, then close
 *
 * The server says "pingpong: listening on PORT" once it listens; the
 * client says "pingpong: N round trips" at the end.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MESSAGE 64

/* recv until all len bytes are here: TCP may hand them over in pieces.
 * Returns 1, or 0 when the peer closed first (or on an error). */
static int recv_all(int fd, char *buf, size_t len)
{
	size_t got;
	ssize_t n;

	for (got = 0; got < len; got += (size_t)n) {
		n = recv(fd, buf + got, len - got, 0);
		if (n <= 0)
			return 0;
	}
	return 1;
}

static int serve(int port)
{
	struct sockaddr_in addr;
	char buf[MESSAGE];
	int listener, conn, on = 1;

	listener = socket(AF_INET, SOCK_STREAM, 0);
	if (listener < 0) {
		perror("socket");
		return 1;
	}
	setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons(port);
	inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
	if (bind(listener, (struct sockaddr *)&addr, sizeof addr) < 0) {
		perror("bind");
		return 1;
	}
	if (listen(listener, 5) < 0) {
		perror("listen");
		return 1;
	}
	printf("pingpong: listening on %d\n", port);
	fflush(stdout);

	conn = accept(listener, NULL, NULL);
	if (conn < 0) {
		perror("accept");
		return 1;
	}
	while (recv_all(conn, buf, sizeof buf)) {
		if (send(conn, buf, sizeof buf, 0) != (ssize_t)sizeof buf) {
			perror("send");
			break;
		}
	}
	close(conn);
	close(listener);
	return 0;
}

static int client(int port, long rounds)
{
	struct sockaddr_in addr;
	char ping[MESSAGE], pong[MESSAGE];
	long i;
	int fd;

	memset(ping, 'p', sizeof ping);
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
	for (i = 0; i < rounds; i++) {
		if (send(fd, ping, sizeof ping, 0) != (ssize_t)sizeof ping) {
			perror("send");
			return 1;
		}
		if (!recv_all(fd, pong, sizeof pong)) {
			fprintf(stderr, "pingpong: the server closed early\n");
			return 1;
		}
	}
	close(fd);
	printf("pingpong: %ld round trips\n", rounds);
	return 0;
}

int main(int argc, char *argv[])
{
	if (argc == 3 && strcmp(argv[1], "server") == 0)
		return serve(atoi(argv[2]));
	if (argc == 4 && strcmp(argv[1], "client") == 0)
		return client(atoi(argv[2]), atol(argv[3]));
	fprintf(stderr, "usage: pingpong server PORT | client PORT N\n");
	return 2;
}
