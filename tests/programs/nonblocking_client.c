/*
 * nonblocking_client.c - connect on a non-blocking socket, the way event
 * loops do it: connect returns at once with EINPROGRESS, poll waits for
 * the socket to become writable, and SO_ERROR says how the handshake
 * ended. The tests use it to see that `tcpviz run` shows a connect whose
 * answer comes later than its return, both when a server answers and
 * when nothing listens (the SYN meets a RST).
 *
 *   nonblocking_client [PORT]     (default 8887)
 *
 * Prints "client: connect result 0" or "client: connect result REASON"
 * (strerror, e.g. "Connection refused"); connected, it sends "hi", reads
 * the echo and closes. Exit status 1 when the connect failed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	int port = argc > 1 ? atoi(argv[1]) : 8887;
	struct sockaddr_in addr;
	struct pollfd pfd;
	socklen_t errlen = sizeof(int);
	int fd, flags, err = 0;
	char reply[3];
	size_t got;
	ssize_t n;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0) {
		perror("socket");
		return 1;
	}
	flags = fcntl(fd, F_GETFL, 0);
	fcntl(fd, F_SETFL, flags | O_NONBLOCK);

	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons(port);
	inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
	if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
		if (errno != EINPROGRESS) {
			err = errno; /* it failed at once */
		} else {
			/* Writable means the handshake is over, either way. */
			pfd.fd = fd;
			pfd.events = POLLOUT;
			n = poll(&pfd, 1, 5000);
			if (n < 0) {
				perror("poll");
				return 1;
			}
			if (n == 0)
				err = ETIMEDOUT;
			else
				getsockopt(fd, SOL_SOCKET, SO_ERROR, &err,
				           &errlen);
		}
	}
	if (err != 0) {
		printf("client: connect result %s\n", strerror(err));
		close(fd);
		return 1;
	}
	printf("client: connect result 0\n");
	fflush(stdout);

	/* Connected: blocking again, so recv waits for the echo. */
	fcntl(fd, F_SETFL, flags);
	if (send(fd, "hi\n", 3, 0) != 3) {
		perror("send");
		return 1;
	}
	for (got = 0; got < sizeof reply; got += (size_t)n) {
		n = recv(fd, reply + got, sizeof reply - got, 0);
		if (n <= 0) {
			fprintf(stderr, "nonblocking_client: the server closed "
			                "early\n");
			return 1;
		}
	}
	printf("client: got %.2s\n", reply);

	close(fd);
	return 0;
}
