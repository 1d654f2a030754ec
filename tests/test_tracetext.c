/*
 * test_tracetext.c - the traced calls' table, the seccomp filter built
 * from it (run as the kernel would run it), and what a traced call shows
 * of its arguments.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <linux/seccomp.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include "syscalls.h"
#include "tracetext.h"

static size_t index_of(const char *name)
{
	for (size_t i = 0; i < syscalls_count(); i++)
		if (strcmp(syscalls_entry(i)->name, name) == 0)
			return i;
	fail_msg("%s is not in the table", name);
	return 0;
}

static void test_filter(void **state)
{
	(void)state;
	struct sys_insn prog[256];
	size_t n = syscalls_filter(prog, 256);
	assert_true(n > 0);
	uint32_t arch = syscalls_arch();
	/* Each traced call stops, with its index as the data. */
	assert_int_equal(syscalls_filter_run(prog, n, arch, SYS_connect),
	                 SECCOMP_RET_TRACE | index_of("connect"));
	assert_int_equal(syscalls_filter_run(prog, n, arch, SYS_accept4),
	                 SECCOMP_RET_TRACE | index_of("accept4"));
	assert_int_equal(syscalls_filter_run(prog, n, arch, SYS_write),
	                 SECCOMP_RET_TRACE | index_of("write"));
	/* Anything else runs unstopped. */
	assert_int_equal(syscalls_filter_run(prog, n, arch, SYS_getpid),
	                 SECCOMP_RET_ALLOW);
	assert_int_equal(syscalls_filter_run(prog, n, arch, SYS_openat),
	                 SECCOMP_RET_ALLOW);
	/* Another architecture's numbers mean other calls: all stop. */
	assert_int_equal(syscalls_filter_run(prog, n, arch + 1, SYS_getpid),
	                 SECCOMP_RET_TRACE | 0xffff);
	/* Too little room: no filter rather than half of one. */
	assert_int_equal(syscalls_filter(prog, 4), 0);
	/* The table's numbers and kinds. */
	assert_ptr_equal(syscalls_by_nr(SYS_recvfrom),
	                 syscalls_entry(index_of("recvfrom")));
	assert_int_equal(syscalls_by_nr(SYS_recvfrom)->call, CALL_RECV);
	assert_null(syscalls_by_nr(SYS_getpid));
}

static struct tracer_call call_of(const char *name, bool enter)
{
	struct tracer_call c;
	memset(&c, 0, sizeof c);
	c.sys = syscalls_entry(index_of(name));
	c.enter = enter;
	return c;
}

static void test_addresses(void **state)
{
	(void)state;
	char out[256];
	struct tracer_call c = call_of("connect", true);
	struct sockaddr_in s4 = {.sin_family = AF_INET,
	                         .sin_port = htons(8887)};
	inet_pton(AF_INET, "127.0.0.1", &s4.sin_addr);
	memcpy(c.addr, &s4, sizeof s4);
	c.addr_len = sizeof s4;
	tracetext_enter(&c, 0, out, sizeof out);
	assert_string_equal(out, "127.0.0.1:8887");

	c = call_of("accept4", false);
	struct sockaddr_in6 s6 = {.sin6_family = AF_INET6,
	                          .sin6_port = htons(80)};
	s6.sin6_addr = in6addr_loopback;
	memcpy(c.addr, &s6, sizeof s6);
	c.addr_len = sizeof s6;
	c.ret = 5;
	tracetext_return(&c, out, sizeof out);
	assert_string_equal(out, "[::1]:80");
	/* Cut short: no address is made up. */
	c.addr_len = 4;
	tracetext_return(&c, out, sizeof out);
	assert_string_equal(out, "(not an IP address)");
	/* A failed call shows nothing. */
	c.ret = -1;
	tracetext_return(&c, out, sizeof out);
	assert_string_equal(out, "");
}

static void test_data_and_options(void **state)
{
	(void)state;
	char out[256];
	struct tracer_call c = call_of("sendto", true);
	c.args[2] = 6;
	memcpy(c.data, "hello\n", 6);
	c.data_len = 6;
	tracetext_enter(&c, 0, out, sizeof out);
	assert_string_equal(out, "6 bytes \"hello\\n\"");

	c = call_of("recvfrom", true);
	c.args[2] = 1024;
	tracetext_enter(&c, 0, out, sizeof out);
	assert_string_equal(out, "up to 1024 bytes");
	c = call_of("recvfrom", false);
	c.ret = 3;
	memcpy(c.data, "hi\n", 3);
	c.data_len = 3;
	tracetext_return(&c, out, sizeof out);
	assert_string_equal(out, "\"hi\\n\"");

	c = call_of("setsockopt", true);
	c.args[1] = SOL_SOCKET;
	c.args[2] = SO_REUSEADDR;
	tracetext_enter(&c, 0, out, sizeof out);
	assert_string_equal(out, "SO_REUSEADDR");

	c = call_of("shutdown", true);
	c.args[1] = SHUT_WR;
	tracetext_enter(&c, 0, out, sizeof out);
	assert_string_equal(out, "SHUT_WR");

	/* close(): whether it is the socket's last descriptor. */
	c = call_of("close", true);
	tracetext_enter(&c, 0, out, sizeof out);
	assert_string_equal(out, "");
	tracetext_enter(&c, 1, out, sizeof out);
	assert_string_equal(out,
	                    "not the last descriptor of its socket: nothing "
	                    "is sent");
}

static void test_poll(void **state)
{
	(void)state;
	char out[256];
	struct tracer_call c = call_of("poll", true);
	struct pollfd p[2] = {{.fd = 3, .events = POLLOUT},
	                      {.fd = 4, .events = POLLIN}};
	memcpy(c.data, p, sizeof p);
	c.data_len = sizeof p;
	c.args[1] = 2;
	c.args[2] = 5000;
	tracetext_enter(&c, 0, out, sizeof out);
	assert_string_equal(out, "fd 3 POLLOUT, fd 4 POLLIN, timeout 5000 ms");
	/* On return, only what happened. */
	c.enter = false;
	c.ret = 1;
	p[0].revents = POLLOUT | POLLERR | POLLHUP;
	memcpy(c.data, p, sizeof p);
	tracetext_return(&c, out, sizeof out);
	assert_string_equal(out, "fd 3 POLLOUT|POLLERR|POLLHUP");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_filter),
	        cmocka_unit_test(test_addresses),
	        cmocka_unit_test(test_data_and_options),
	        cmocka_unit_test(test_poll),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
