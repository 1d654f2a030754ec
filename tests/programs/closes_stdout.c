/*
 * closes_stdout.c - a client that closes its standard output and error
 * before it does anything else, so its socket gets descriptor 1 (the
 * lowest free one). The tests use it to see that `tcpviz run` neither loses
 * the program's socket calls nor mistakes that socket for the program's
 * output, and copes with a program that has no output at all.
 *
 *   closes_stdout [PORT]     (default 8887)
 *
 * Sends "x", reads the echo and closes; exit status 0, or 1 when
 * anything failed (it cannot say why: it has nowhere to write).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	int port = argc > 1 ? atoi(argv[1]) : 8887;
	struct sockaddr_in addr;
	char reply[2];
	size_t got;
	ssize_t n;
	int fd;

	close(1);
	close(2);

	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return 1;
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons(port);
	inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
	if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0)
		return 1;
	if (send(fd, "x\n", 2, 0) != 2)
		return 1;
	for (got = 0; got < sizeof reply; got += (size_t)n) {
		n = recv(fd, reply + got, sizeof reply - got, 0);
		if (n <= 0)
			return 1;
	}
	close(fd);
	return 0;
}
