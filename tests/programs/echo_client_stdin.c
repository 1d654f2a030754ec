/*
 * echo_client_stdin.c - an echo client that a test (or a learner at the
 * keyboard) drives line by line: each line read from standard input is
 * sent, and its echo printed, so the trace shows one send and one recv
 * per line, at the pace the input comes. At the end of the input it
 * closes the socket, and the teardown follows.
 *
 *   echo_client_stdin [PORT]     (default 8887)
 *
 * Prints "client: got LINE" for each echo; a refused connect is said
 * with perror and exit status 1.
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
	struct sockaddr_in addr;
	char *line = NULL, *reply;
	size_t cap = 0, len, got;
	ssize_t n, r;
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

	/* getline, not fgets: a long line is still sent in one send. */
	while ((n = getline(&line, &cap, stdin)) > 0) {
		len = (size_t)n;
		if (send(fd, line, len, 0) != n) {
			perror("send");
			return 1;
		}
		reply = malloc(len);
		if (reply == NULL) {
			perror("malloc");
			return 1;
		}
		/* TCP is a byte stream: the echo may come back in pieces, so
		 * read until as many bytes as were sent are here. */
		for (got = 0; got < len; got += (size_t)r) {
			r = recv(fd, reply + got, len - got, 0);
			if (r <= 0) {
				fprintf(stderr, "echo_client_stdin: the server "
				                "closed early\n");
				return 1;
			}
		}
		/* The last line may have no newline of its own. */
		if (reply[len - 1] == '\n')
			len--;
		printf("client: got %.*s\n", (int)len, reply);
		fflush(stdout);
		free(reply);
	}
	free(line);

	close(fd);
	return 0;
}
