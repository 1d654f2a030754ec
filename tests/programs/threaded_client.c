/*
 * threaded_client.c - two threads of one process, each with a connection
 * of its own to the same server. The tests use it to see that
 * `tcpviz run` tells the threads apart (each call under its own thread
 * id) while both belong to one program; its server is forking_server
 * with 2 clients.
 *
 *   threaded_client [PORT]     (default 8887)
 *
 * Thread N sends "thread N", reads the echo, prints
 * "client: got thread N" and closes. Exit status 1 if either failed.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define THREADS 2

struct job {
	int port;
	int number;
	int failed;
};

static void *talk(void *arg)
{
	struct job *job = arg;
	struct sockaddr_in addr;
	char line[32], reply[32];
	size_t len, got;
	ssize_t n;
	int fd;

	job->failed = 1;
	len = (size_t)snprintf(line, sizeof line, "thread %d\n", job->number);

	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0) {
		perror("socket");
		return NULL;
	}
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons(job->port);
	inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
	if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
		perror("connect");
		close(fd);
		return NULL;
	}
	if (send(fd, line, len, 0) != (ssize_t)len) {
		perror("send");
		close(fd);
		return NULL;
	}
	/* TCP is a byte stream: read until the whole echo is here. */
	for (got = 0; got < len; got += (size_t)n) {
		n = recv(fd, reply + got, len - got, 0);
		if (n <= 0) {
			fprintf(stderr,
			        "threaded_client: the server closed early\n");
			close(fd);
			return NULL;
		}
	}
	printf("client: got %.*s\n", (int)(len - 1), reply);
	fflush(stdout);
	close(fd);
	job->failed = 0;
	return NULL;
}

int main(int argc, char *argv[])
{
	int port = argc > 1 ? atoi(argv[1]) : 8887;
	pthread_t threads[THREADS];
	struct job jobs[THREADS];
	int i, status = 0;

	for (i = 0; i < THREADS; i++) {
		jobs[i].port = port;
		jobs[i].number = i + 1;
		if (pthread_create(&threads[i], NULL, talk, &jobs[i]) != 0) {
			fprintf(stderr, "threaded_client: cannot start a "
			                "thread\n");
			return 1;
		}
	}
	for (i = 0; i < THREADS; i++) {
		pthread_join(threads[i], NULL);
		if (jobs[i].failed)
			status = 1;
	}
	return status;
}
