/*
 * noclose_client.c - a client that forgets close(): it connects, sends
 * "bye" and returns from main. The kernel closes the socket when the
 * process exits, so the capture shows a FIN that no traced call asked
 * for; the tests check that `tcpviz run` puts it down to the exit.
 *
 *   noclose_client [PORT]     (default 8887)
 *
 * It does not wait for the echo: if the server's reply reaches the
 * socket after the exit, the kernel answers it with a RST, which is part
 * of what this program is for.
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
	if (send(fd, "bye\n", 4, 0) != 4) {
		perror("send");
		return 1;
	}
	/* No close(fd) here, on purpose. */
	return 0;
}
