/*
 * echo_client.c - the client half of the first `tcpviz run` test: the
 * textbook socket and connect, one message sent, its echo read back,
 * then close.
 *
 *   echo_client [PORT [MESSAGE]]     (default 8887 and "hello")
 *
 * Sends MESSAGE and a newline to 127.0.0.1:PORT and prints
 * "client: got MESSAGE" from the echo. A refused connect is said with
 * perror and exit status 1, which the tests of a missing server read.
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
	const char *message = argc > 2 ? argv[2] : "hello";
	struct sockaddr_in addr;
	char line[1024], reply[1024];
	size_t len, got = 0;
	ssize_t n;
	int fd;

	len = (size_t)snprintf(line, sizeof line, "%s\n", message);
	if (len >= sizeof line) {
		fprintf(stderr, "echo_client: message too long\n");
		return 2;
	}

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

	if (send(fd, line, len, 0) != (ssize_t)len) {
		perror("send");
		return 1;
	}
	/* TCP is a byte stream: the echo may come back in pieces, so read
	 * until all of it is here. */
	while (got < len) {
		n = recv(fd, reply + got, len - got, 0);
		if (n <= 0) {
			fprintf(stderr,
			        "echo_client: the server closed early\n");
			return 1;
		}
		got += (size_t)n;
	}
	printf("client: got %.*s\n", (int)(len - 1), reply);

	close(fd);
	return 0;
}
