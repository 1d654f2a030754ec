/*
 * test_kstate.c - Linux's TCP state numbers in RFC 9293 terms, and the
 * kernel's own listing of real sockets on the host's loopback.
 *
 * The live tests open sockets on 127.0.0.1 (and ::1 when the host has
 * it) with ports the kernel picks, and need no privilege: sock_diag lists
 * every socket of the caller's network namespace to anyone. They must not
 * assume the loopback is otherwise idle, so they look only at the
 * sockets they made.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "kstate.h"

enum { MAXSOCK = 64 };

/* Linux's numbers as include/net/tcp_states.h has them, written out
 * independently of kstate.c's table. */
static void test_every_kernel_state(void **state)
{
	static const struct {
		int linux_state;
		enum tcp_state want;
	} table[] = {
	        {1, ST_ESTABLISHED},   /* TCP_ESTABLISHED */
	        {2, ST_SYN_SENT},      /* TCP_SYN_SENT */
	        {3, ST_SYN_RECEIVED},  /* TCP_SYN_RECV */
	        {4, ST_FIN_WAIT_1},    /* TCP_FIN_WAIT1 */
	        {5, ST_FIN_WAIT_2},    /* TCP_FIN_WAIT2 */
	        {6, ST_TIME_WAIT},     /* TCP_TIME_WAIT */
	        {7, ST_CLOSED},        /* TCP_CLOSE */
	        {8, ST_CLOSE_WAIT},    /* TCP_CLOSE_WAIT */
	        {9, ST_LAST_ACK},      /* TCP_LAST_ACK */
	        {10, ST_LISTEN},       /* TCP_LISTEN */
	        {11, ST_CLOSING},      /* TCP_CLOSING */
	        {12, ST_SYN_RECEIVED}, /* TCP_NEW_SYN_RECV */
	};
	(void)state;
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		enum tcp_state got = ST_COUNT;
		assert_int_equal(kstate_from_kernel(table[i].linux_state, &got),
		                 0);
		assert_int_equal(got, table[i].want);
	}
}

static void test_unknown_kernel_states(void **state)
{
	static const int unknown[] = {0, 13, 14, 255, 256, -1, -12, 1 << 30};
	(void)state;
	for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
		enum tcp_state got = ST_COUNT;
		assert_int_equal(kstate_from_kernel(unknown[i], &got), -1);
		assert_int_equal(got, ST_COUNT); /* left untouched */
	}
}

static void test_fd_inode(void **state)
{
	int p[2], s;
	(void)state;
	assert_int_equal(pipe(p), 0);
	assert_int_equal(kstate_fd_inode(p[0]), 0);
	close(p[0]);
	close(p[1]);
	assert_int_equal(kstate_fd_inode(-1), 0);
	s = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(s >= 0);
	assert_int_not_equal(kstate_fd_inode(s), 0);
	close(s);
}

static void test_bad_family(void **state)
{
	struct ksock ks[1];
	char err[256] = "";
	(void)state;
	assert_int_equal(kstate_list(AF_UNIX, 1, ks, 1, err, sizeof err), -1);
	assert_non_null(strstr(err, "family"));
}

/* The sockets of one test: a listener, the client and the server's end. */
struct pair {
	int family;
	int lfd, cfd, sfd;
	uint16_t port, cport;
	uint8_t addr[16]; /* 127.0.0.1 or ::1 */
};

static uint16_t local_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	assert_int_equal(getsockname(fd, (struct sockaddr *)&ss, &len), 0);
	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

static socklen_t loopback(int family, uint16_t port,
                          struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof *ss);
	if (family == AF_INET6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
		a->sin6_family = AF_INET6;
		a->sin6_addr = in6addr_loopback;
		a->sin6_port = htons(port);
		return sizeof *a;
	}
	struct sockaddr_in *a = (struct sockaddr_in *)ss;
	a->sin_family = AF_INET;
	a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a->sin_port = htons(port);
	return sizeof *a;
}

/* A listener; false when the family has no loopback here. */
static bool pair_listen(struct pair *p, int family)
{
	struct sockaddr_storage ss;
	socklen_t len = loopback(family, 0, &ss);

	memset(p, 0, sizeof *p);
	p->family = family;
	p->cfd = p->sfd = -1;
	p->lfd = socket(family, SOCK_STREAM, 0);
	if (p->lfd == -1)
		return false;
	if (bind(p->lfd, (struct sockaddr *)&ss, len) == -1) {
		close(p->lfd);
		return false;
	}
	assert_int_equal(listen(p->lfd, 4), 0);
	p->port = local_port(p->lfd);
	if (family == AF_INET6)
		memcpy(p->addr, &in6addr_loopback, 16);
	else
		memcpy(p->addr, "\x7f\0\0\x01", 4);
	return true;
}

static void pair_connect(struct pair *p)
{
	struct sockaddr_storage ss;
	socklen_t len = loopback(p->family, p->port, &ss);

	p->cfd = socket(p->family, SOCK_STREAM, 0);
	assert_true(p->cfd >= 0);
	assert_int_equal(connect(p->cfd, (struct sockaddr *)&ss, len), 0);
	p->sfd = accept(p->lfd, NULL, NULL);
	assert_true(p->sfd >= 0);
	p->cport = local_port(p->cfd);
}

static bool is_loopback(const struct pair *p, const struct endpoint *e)
{
	return e->addr.family == (p->family == AF_INET6 ? 6 : 4) &&
	       memcmp(e->addr.bytes, p->addr, p->family == AF_INET6 ? 16 : 4) ==
	               0;
}

static bool is_unspecified(const struct endpoint *e)
{
	static const uint8_t zero[16];
	return e->port == 0 && memcmp(e->addr.bytes, zero, 16) == 0;
}

/*
 * The socket with these ports among kstate_list's, or NULL. Checks the
 * addresses too, so a stranger on the host that happens to use one of
 * the ports is never taken for ours.
 */
static const struct ksock *find(const struct pair *p, const struct ksock *ks,
                                int n, uint16_t lport, uint16_t rport)
{
	for (int i = 0; i < n; i++) {
		const struct ksock *k = &ks[i];
		if (k->local.port != lport || k->remote.port != rport ||
		    !is_loopback(p, &k->local))
			continue;
		if (rport == 0 ? is_unspecified(&k->remote)
		               : is_loopback(p, &k->remote))
			return k;
	}
	return NULL;
}

static int list(const struct pair *p, struct ksock *ks)
{
	char err[256] = "";
	int n = kstate_list(p->family, p->port, ks, MAXSOCK, err, sizeof err);
	if (n < 0)
		fail_msg("kstate_list: %s", err);
	assert_true(n <= MAXSOCK);
	return n;
}

/*
 * Wait (up to two seconds) until the kernel shows the client's and the
 * server's ends in the given Linux states (0: absent). Loopback delivers
 * in a softirq, which may run just after close() returns.
 */
static void wait_states(const struct pair *p, struct ksock *ks, int client,
                        int server, const struct ksock **c,
                        const struct ksock **s)
{
	struct timespec pause = {0, 5 * 1000 * 1000};
	for (int tries = 0; tries < 400; tries++) {
		int n = list(p, ks);
		*c = find(p, ks, n, p->cport, p->port);
		*s = find(p, ks, n, p->port, p->cport);
		if ((*c ? (*c)->kernel_state : 0) == client &&
		    (*s ? (*s)->kernel_state : 0) == server)
			return;
		nanosleep(&pause, NULL);
	}
	fail_msg("kernel states: client %d server %d, want %d and %d",
	         *c ? (*c)->kernel_state : 0, *s ? (*s)->kernel_state : 0,
	         client, server);
}

static void check_listener(const struct pair *p, const struct ksock *ks, int n)
{
	const struct ksock *l = find(p, ks, n, p->port, 0);
	assert_non_null(l);
	assert_int_equal(l->kernel_state, 10);
	assert_int_equal(l->info_state, 10);
	assert_int_equal(l->state, ST_LISTEN);
	assert_int_equal(l->inode, kstate_fd_inode(p->lfd));
}

/* Connected: LISTEN and two ESTABLISHED, each with its descriptor. */
static void check_established(struct pair *p, struct ksock *ks)
{
	const struct ksock *c, *s;

	wait_states(p, ks, 1, 1, &c, &s);
	check_listener(p, ks, list(p, ks));
	assert_int_equal(c->state, ST_ESTABLISHED);
	assert_int_equal(s->state, ST_ESTABLISHED);
	assert_int_equal(c->info_state, 1);
	assert_int_equal(s->info_state, 1);
	assert_int_not_equal(c->inode, 0);
	assert_int_equal(c->inode, kstate_fd_inode(p->cfd));
	assert_int_equal(s->inode, kstate_fd_inode(p->sfd));
	assert_int_not_equal(c->inode, s->inode);
}

/*
 * What Linux does on loopback when the client closes first, as seen
 * here: the client's FIN is acknowledged at once, so the client is in
 * FIN_WAIT_2 and the server in CLOSE_WAIT, still held by its descriptor.
 * The client's end, closed and waiting only for the peer's FIN, has
 * already been swapped for a TIME_WAIT mini-socket that reports the
 * FIN_WAIT_2 state (tcp_time_wait with TCP_FIN_WAIT2): no descriptor
 * (inode 0) and no tcp_info.
 * When the server closes, its FIN is acknowledged at once too: the
 * server's end disappears from the listing (CLOSED sockets are freed),
 * the client's is a TIME_WAIT mini-socket (inode 0 and no tcp_info), and
 * the listener is untouched.
 */
static void check_client_closes_first(struct pair *p, struct ksock *ks)
{
	const struct ksock *c, *s;
	uint64_t sinode = kstate_fd_inode(p->sfd);

	close(p->cfd);
	p->cfd = -1;
	wait_states(p, ks, 5, 8, &c, &s);
	assert_int_equal(c->state, ST_FIN_WAIT_2);
	assert_int_equal(c->inode, 0);
	assert_int_equal(c->info_state, -1);
	assert_int_equal(s->state, ST_CLOSE_WAIT);
	assert_int_equal(s->inode, sinode);
	assert_int_equal(s->info_state, 8);

	close(p->sfd);
	p->sfd = -1;
	wait_states(p, ks, 6, 0, &c, &s);
	assert_int_equal(c->state, ST_TIME_WAIT);
	assert_int_equal(c->inode, 0);
	assert_int_equal(c->info_state, -1);
	check_listener(p, ks, list(p, ks));
}

static void run_live(int family)
{
	struct ksock ks[MAXSOCK];
	struct pair p;

	if (!pair_listen(&p, family))
		skip();
	pair_connect(&p);
	check_established(&p, ks);
	check_client_closes_first(&p, ks);
	close(p.lfd);
	/* The listener is gone at once; TIME_WAIT outlives it. */
	int n = list(&p, ks);
	assert_null(find(&p, ks, n, p.port, 0));
	assert_non_null(find(&p, ks, n, p.cport, p.port));
}

static void test_live_ipv4(void **state)
{
	(void)state;
	run_live(AF_INET);
}

static void test_live_ipv6(void **state)
{
	(void)state;
	run_live(AF_INET6);
}

/* A full out[] stops storing but still reads the dump to its end. */
static void test_max_caps_output(void **state)
{
	struct ksock ks[2];
	struct pair p;
	char err[256] = "";
	(void)state;

	assert_true(pair_listen(&p, AF_INET));
	pair_connect(&p);
	memset(ks, 0xa5, sizeof ks);
	assert_int_equal(kstate_list(AF_INET, p.port, ks, 1, err, sizeof err),
	                 1);
	assert_int_equal(ks[1].kernel_state, (int)0xa5a5a5a5);
	assert_int_equal(kstate_list(AF_INET, p.port, ks, 0, err, sizeof err),
	                 0);
	close(p.cfd);
	close(p.sfd);
	close(p.lfd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_every_kernel_state),
	        cmocka_unit_test(test_unknown_kernel_states),
	        cmocka_unit_test(test_fd_inode),
	        cmocka_unit_test(test_bad_family),
	        cmocka_unit_test(test_live_ipv4),
	        cmocka_unit_test(test_live_ipv6),
	        cmocka_unit_test(test_max_caps_output),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
