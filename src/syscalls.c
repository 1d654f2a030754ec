/*
 * syscalls.c - the traced system calls and their seccomp filter (see
 * syscalls.h). Pure.
 */
#include "syscalls.h"

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/syscall.h>

#ifdef SYS_poll
#define NR_POLL SYS_poll
#else
#define NR_POLL -1
#endif
#ifdef SYS_select
#define NR_SELECT SYS_select
#else
#define NR_SELECT -1
#endif
#ifdef SYS_accept
#define NR_ACCEPT SYS_accept
#else
#define NR_ACCEPT -1
#endif
#ifdef SYS_dup2
#define NR_DUP2 SYS_dup2
#else
#define NR_DUP2 -1
#endif
#ifdef SYS_epoll_wait
#define NR_EPOLL_WAIT SYS_epoll_wait
#else
#define NR_EPOLL_WAIT -1
#endif

static const struct sys_entry table[] = {
        {"socket", SYS_socket, CALL_SOCKET, SHAPE_SOCKET, false},
        {"bind", SYS_bind, CALL_BIND, SHAPE_ADDR_IN, true},
        {"listen", SYS_listen, CALL_LISTEN, SHAPE_LISTEN, true},
        {"accept", NR_ACCEPT, CALL_ACCEPT, SHAPE_ACCEPT, true},
        {"accept4", SYS_accept4, CALL_ACCEPT, SHAPE_ACCEPT, true},
        {"connect", SYS_connect, CALL_CONNECT, SHAPE_ADDR_IN, true},
        {"sendto", SYS_sendto, CALL_SEND, SHAPE_SEND, true},
        {"sendmsg", SYS_sendmsg, CALL_SEND, SHAPE_SENDV, true},
        {"write", SYS_write, CALL_SEND, SHAPE_SEND, true},
        {"writev", SYS_writev, CALL_SEND, SHAPE_SENDV, true},
        {"recvfrom", SYS_recvfrom, CALL_RECV, SHAPE_RECV, true},
        {"recvmsg", SYS_recvmsg, CALL_RECV, SHAPE_RECVV, true},
        {"read", SYS_read, CALL_RECV, SHAPE_RECV, true},
        {"readv", SYS_readv, CALL_RECV, SHAPE_RECVV, true},
        {"shutdown", SYS_shutdown, CALL_SHUTDOWN, SHAPE_SHUTDOWN, true},
        {"close", SYS_close, CALL_CLOSE, SHAPE_FD, true},
        {"setsockopt", SYS_setsockopt, CALL_SETSOCKOPT, SHAPE_SOCKOPT, true},
        {"getsockopt", SYS_getsockopt, CALL_GETSOCKOPT, SHAPE_SOCKOPT, true},
        {"getsockname", SYS_getsockname, CALL_GETSOCKNAME, SHAPE_ACCEPT, true},
        {"getpeername", SYS_getpeername, CALL_GETPEERNAME, SHAPE_ACCEPT, true},
        {"poll", NR_POLL, CALL_POLL, SHAPE_POLL, false},
        {"ppoll", SYS_ppoll, CALL_POLL, SHAPE_POLL, false},
        {"select", NR_SELECT, CALL_POLL, SHAPE_SELECT, false},
        {"pselect6", SYS_pselect6, CALL_POLL, SHAPE_SELECT, false},
        {"epoll_wait", NR_EPOLL_WAIT, CALL_POLL, SHAPE_EPOLL, false},
        {"epoll_pwait", SYS_epoll_pwait, CALL_POLL, SHAPE_EPOLL, false},
        {"dup", SYS_dup, CALL_DUP, SHAPE_DUP, true},
        {"dup2", NR_DUP2, CALL_DUP, SHAPE_DUP, true},
        {"dup3", SYS_dup3, CALL_DUP, SHAPE_DUP, true},
        {"fcntl", SYS_fcntl, CALL_DUP, SHAPE_FCNTL, true},
        /* How the kernel resumes a poll or sleep a signal interrupted:
         * the same call going on, never a call of its own. */
        {"restart_syscall", SYS_restart_syscall, CALL_POLL, SHAPE_RESTART,
         false},
};

#define NTABLE (sizeof table / sizeof *table)

size_t syscalls_count(void)
{
	return NTABLE;
}

const struct sys_entry *syscalls_entry(size_t i)
{
	return i < NTABLE ? &table[i] : NULL;
}

const struct sys_entry *syscalls_by_nr(long nr)
{
	for (size_t i = 0; i < NTABLE; i++)
		if (table[i].nr >= 0 && table[i].nr == nr)
			return &table[i];
	return NULL;
}

uint32_t syscalls_arch(void)
{
#if defined(__x86_64__)
	return AUDIT_ARCH_X86_64;
#elif defined(__aarch64__)
	return AUDIT_ARCH_AARCH64;
#elif defined(__i386__)
	return AUDIT_ARCH_I386;
#elif defined(__riscv) && __riscv_xlen == 64
	return AUDIT_ARCH_RISCV64;
#else
#error "tcpviz run: unknown architecture"
#endif
}

static struct sys_insn insn(uint16_t code, uint32_t k, uint8_t jt, uint8_t jf)
{
	return (struct sys_insn){code, jt, jf, k};
}

/*
 * load arch; if not ours, trace (data 0xffff: unknown)
 * load nr; for each entry: if nr == its number, return TRACE | index
 * return ALLOW
 */
size_t syscalls_filter(struct sys_insn *out, size_t max)
{
	size_t n = 0;
	if (max < 4 + 2 * NTABLE)
		return 0;
	out[n++] = insn(BPF_LD | BPF_W | BPF_ABS,
	                offsetof(struct seccomp_data, arch), 0, 0);
	out[n++] = insn(BPF_JMP | BPF_JEQ | BPF_K, syscalls_arch(), 1, 0);
	out[n++] = insn(BPF_RET | BPF_K, SECCOMP_RET_TRACE | 0xffff, 0, 0);
	out[n++] = insn(BPF_LD | BPF_W | BPF_ABS,
	                offsetof(struct seccomp_data, nr), 0, 0);
	for (size_t i = 0; i < NTABLE; i++) {
		if (table[i].nr < 0)
			continue;
		out[n++] = insn(BPF_JMP | BPF_JEQ | BPF_K,
		                (uint32_t)table[i].nr, 0, 1);
		out[n++] = insn(BPF_RET | BPF_K,
		                SECCOMP_RET_TRACE | (uint32_t)i, 0, 0);
	}
	out[n++] = insn(BPF_RET | BPF_K, SECCOMP_RET_ALLOW, 0, 0);
	return n;
}

/* Only what syscalls_filter emits: absolute loads, JEQ, RET. */
uint32_t syscalls_filter_run(const struct sys_insn *prog, size_t n,
                             uint32_t arch, long nr)
{
	uint32_t acc = 0;
	for (size_t pc = 0; pc < n; pc++) {
		const struct sys_insn *i = &prog[pc];
		switch (i->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			acc = i->k == offsetof(struct seccomp_data, arch)
			              ? arch
			              : (uint32_t)nr;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			pc += acc == i->k ? i->jt : i->jf;
			break;
		case BPF_RET | BPF_K:
			return i->k;
		default:
			return SECCOMP_RET_KILL_PROCESS;
		}
	}
	return SECCOMP_RET_KILL_PROCESS;
}
