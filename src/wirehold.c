/*
 * wirehold.c - the netfilter queue that holds the lesson's segments (see
 * wirehold.h for why, and for the capability it needs).
 *
 * Shell, and thin: iptables by fork and execve, the nfnetlink_queue
 * messages by hand (libc and the kernel's uapi headers only). Must not
 * print, exit, look inside a segment or decide what a lesson holds: the
 * lesson says hold and deliver, and this file obeys.
 */
#include "wirehold.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_queue.h>
#include <linux/netlink.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "i18n.h"
#include "util.h"

#define WIREHOLD_QUEUE     7 /* any number: the namespace is the lesson's own */
#define WIREHOLD_QUEUE_STR "7"
#define WIREHOLD_MAX       4096 /* held ids, and the kernel queue's length */
#define WIREHOLD_POLL_MS   20   /* how soon the thread sees the stop flag */
#define WIREHOLD_ACK_MS    1000 /* the kernel acks at once; this is a safety */
#define WIREHOLD_ROUNDS    16   /* rounds of answers a pass delivers itself */
#define WIREHOLD_PACKET    ((NFNL_SUBSYS_QUEUE << 8) | NFQNL_MSG_PACKET)

struct wirehold {
	pthread_mutex_t lock; /* the fields up to buf, and the socket's reads */
	bool holding;
	bool stop;
	uint32_t seq;
	size_t nheld;
	uint32_t held[WIREHOLD_MAX]; /* packet ids, in the order they were
	                                queued */
	char buf[65536];             /* one recv's messages */
	int fd;
	pthread_t thread;
	char iptables[PATH_MAX];
};

/* A request to the queue subsystem for queue WIREHOLD_QUEUE, asking an ack. */
static struct nlmsghdr *wirehold_msg_start(uint32_t *buf, size_t cap, int type)
{
	memset(buf, 0, cap);
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	h->nlmsg_len = NLMSG_LENGTH(sizeof(struct nfgenmsg));
	h->nlmsg_type = (NFNL_SUBSYS_QUEUE << 8) | type;
	h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	struct nfgenmsg *g = NLMSG_DATA(h);
	g->nfgen_family = AF_UNSPEC;
	g->version = NFNETLINK_V0;
	g->res_id = htons(WIREHOLD_QUEUE);
	return h;
}

/* Append an attribute; the caller's buffer has room for it. */
static void wirehold_msg_attr(struct nlmsghdr *h, int type, const void *data,
                              size_t len)
{
	struct nlattr *a =
	        (struct nlattr *)((char *)h + NLMSG_ALIGN(h->nlmsg_len));
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	memcpy((char *)a + NLA_HDRLEN, data, len);
	h->nlmsg_len = NLMSG_ALIGN(h->nlmsg_len) + NLA_ALIGN(a->nla_len);
}

/* Send to the kernel: the message's sequence number, or 0 (errno set). */
static uint32_t wirehold_send(struct wirehold *w, struct nlmsghdr *h)
{
	if (++w->seq == 0)
		w->seq = 1;
	h->nlmsg_seq = w->seq;
	ssize_t n = send(w->fd, h, h->nlmsg_len, 0);
	return n == (ssize_t)h->nlmsg_len ? h->nlmsg_seq : 0;
}

/* NF_ACCEPT for id; with ack, the sequence number to wait for. */
static uint32_t wirehold_verdict(struct wirehold *w, uint32_t id, bool ack)
{
	uint32_t buf[16];
	struct nlmsghdr *h =
	        wirehold_msg_start(buf, sizeof buf, NFQNL_MSG_VERDICT);
	struct nfqnl_msg_verdict_hdr v = {htonl(NF_ACCEPT), htonl(id)};
	wirehold_msg_attr(h, NFQA_VERDICT_HDR, &v, sizeof v);
	if (!ack)
		h->nlmsg_flags = NLM_F_REQUEST;
	return wirehold_send(w, h);
}

/* The id in a queued-packet message, every length checked. */
static bool wirehold_packet_id(const struct nlmsghdr *h, uint32_t *id)
{
	size_t off = NLMSG_LENGTH(NLMSG_ALIGN(sizeof(struct nfgenmsg)));
	while (off + NLA_HDRLEN <= h->nlmsg_len) {
		const struct nlattr *a =
		        (const struct nlattr *)((const char *)h + off);
		if (a->nla_len < NLA_HDRLEN || a->nla_len > h->nlmsg_len - off)
			return false;
		struct nfqnl_msg_packet_hdr ph;
		if ((a->nla_type & NLA_TYPE_MASK) == NFQA_PACKET_HDR &&
		    a->nla_len >= NLA_HDRLEN + sizeof ph) {
			memcpy(&ph, (const char *)a + NLA_HDRLEN, sizeof ph);
			*id = ntohl(ph.packet_id);
			return true;
		}
		off += NLA_ALIGN(a->nla_len);
	}
	return false;
}

/* One message: want's ack into *result; a segment held, or passed at once
 * when nothing waits before it (or the list is full). */
static void wirehold_message(struct wirehold *w, const struct nlmsghdr *h,
                             uint32_t want, int *result)
{
	uint32_t id;
	if (h->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = NLMSG_DATA(h);
		if (want && h->nlmsg_seq == want &&
		    h->nlmsg_len >= NLMSG_LENGTH(sizeof *e))
			*result = -e->error;
		return;
	}
	if (h->nlmsg_type != WIREHOLD_PACKET || !wirehold_packet_id(h, &id))
		return;
	if ((w->holding || w->nheld > 0) && w->nheld < WIREHOLD_MAX)
		w->held[w->nheld++] = id;
	else
		wirehold_verdict(w, id, false);
}

/* Read every message waiting and, given want, wait for its ack too.
 * Returns the ack's errno (0: done), ETIMEDOUT, or 0 without want.
 * Called with the lock held. */
static int wirehold_read(struct wirehold *w, uint32_t want)
{
	int result = -1;
	for (;;) {
		ssize_t n = recv(w->fd, w->buf, sizeof w->buf, MSG_DONTWAIT);
		if (n < 0 && (errno == EINTR || errno == ENOBUFS))
			continue; /* ENOBUFS: the kernel passed (fail-open) */
		if (n < 0 && errno == EAGAIN && want && result < 0) {
			struct pollfd p = {w->fd, POLLIN, 0};
			if (poll(&p, 1, WIREHOLD_ACK_MS) > 0)
				continue;
		}
		if (n < 0)
			break;
		unsigned int len = (unsigned int)n;
		for (struct nlmsghdr *h = (struct nlmsghdr *)w->buf;
		     NLMSG_OK(h, len); h = NLMSG_NEXT(h, len))
			wirehold_message(w, h, want, &result);
	}
	return !want ? 0 : result < 0 ? ETIMEDOUT : result;
}

/* Deliver the first n held, in order; what arrives meanwhile queues
 * behind them. How many the kernel accepted. Lock held. */
static int wirehold_flush(struct wirehold *w, size_t n)
{
	int accepted = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t seq = wirehold_verdict(w, w->held[i], true);
		if (seq != 0 && wirehold_read(w, seq) == 0)
			accepted++;
	}
	memmove(w->held, w->held + n, (w->nheld - n) * sizeof w->held[0]);
	w->nheld -= n;
	return accepted;
}

/* Not holding: deliver what is held, then the answers to that. */
static void wirehold_pass_locked(struct wirehold *w)
{
	w->holding = false;
	wirehold_read(w, 0);
	for (int round = 0; round < WIREHOLD_ROUNDS && w->nheld > 0; round++)
		wirehold_flush(w, w->nheld);
}

static void *wirehold_thread(void *arg)
{
	struct wirehold *w = arg;
	for (;;) {
		struct pollfd p = {w->fd, POLLIN, 0};
		poll(&p, 1, WIREHOLD_POLL_MS);
		pthread_mutex_lock(&w->lock);
		bool stop = w->stop;
		if (!stop && w->holding)
			wirehold_read(w, 0);
		else if (!stop)
			wirehold_pass_locked(w);
		pthread_mutex_unlock(&w->lock);
		if (stop)
			return NULL;
	}
}

/* Bind queue WIREHOLD_QUEUE: ids only, as long as our list, passing what the
 * kernel cannot queue (fail-open) instead of dropping it. */
static int wirehold_bind(struct wirehold *w, char *err, size_t errlen)
{
	int rcvbuf = 1 << 20;
	struct sockaddr_nl me = {.nl_family = AF_NETLINK};
	w->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER);
	if (w->fd < 0 || bind(w->fd, (struct sockaddr *)&me, sizeof me)) {
		snprintf(err, errlen, _("netfilter queue: %s"),
		         strerror(errno));
		return -1;
	}
	setsockopt(w->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
	uint32_t buf[32];
	struct nlmsghdr *h =
	        wirehold_msg_start(buf, sizeof buf, NFQNL_MSG_CONFIG);
	struct nfqnl_msg_config_cmd cmd = {.command = NFQNL_CFG_CMD_BIND,
	                                   .pf = htons(AF_INET)};
	struct nfqnl_msg_config_params par = {.copy_mode = NFQNL_COPY_META};
	uint32_t maxlen = htonl(WIREHOLD_MAX),
	         flags = htonl(NFQA_CFG_F_FAIL_OPEN);
	wirehold_msg_attr(h, NFQA_CFG_CMD, &cmd, sizeof cmd);
	wirehold_msg_attr(h, NFQA_CFG_PARAMS, &par, sizeof par);
	wirehold_msg_attr(h, NFQA_CFG_QUEUE_MAXLEN, &maxlen, sizeof maxlen);
	wirehold_msg_attr(h, NFQA_CFG_MASK, &flags, sizeof flags);
	wirehold_msg_attr(h, NFQA_CFG_FLAGS, &flags, sizeof flags);
	uint32_t seq = wirehold_send(w, h);
	int e = seq != 0 ? wirehold_read(w, seq) : errno;
	if (e != 0)
		snprintf(err, errlen, _("netfilter queue: %s"), strerror(e));
	return e != 0 ? -1 : 0;
}

/* iptables-legacy, else iptables, in an absolute PATH entry, /usr/sbin
 * or /sbin (an ordinary user's PATH has no sbin). */
static bool wirehold_find_iptables(char *out, size_t cap)
{
	static const char *const names[] = {"iptables-legacy", "iptables"};
	const char *path = getenv("PATH");
	bool found = false;
	for (size_t i = 0; i < 2 && !found; i++) {
		char *dirs = xasprintf("%s:/usr/sbin:/sbin", path ? path : "");
		char *save = NULL;
		for (char *d = strtok_r(dirs, ":", &save); d && !found;
		     d = strtok_r(NULL, ":", &save)) {
			struct stat st;
			snprintf(out, cap, "%s/%s", d, names[i]);
			found = d[0] == '/' && stat(out, &st) == 0 &&
			        S_ISREG(st.st_mode) && access(out, X_OK) == 0;
		}
		free(dirs);
	}
	return found;
}

/* After fork: only calls safe between fork and execve. */
static void wirehold_child(char *const argv[], char *const envp[], int errfd)
{
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	int null = open("/dev/null", O_RDWR);
	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 1);
	}
	dup2(errfd, 2);
	execve(argv[0], argv, envp);
	_exit(127);
}

/* Run argv, keeping the first line of its stderr: its wait status, or
 * -1 with errno set. */
static int wirehold_run(char *const argv[], char *const envp[], char *line,
                        size_t cap)
{
	int pfd[2], st = -1;
	size_t len = 0;
	ssize_t n;
	if (pipe2(pfd, O_CLOEXEC) != 0)
		return -1;
	pid_t pid = fork();
	int e = errno;
	if (pid == 0)
		wirehold_child(argv, envp, pfd[1]);
	close(pfd[1]);
	while (pid > 0 && ((n = read(pfd[0], line + len, cap - 1 - len)) > 0 ||
	                   (n < 0 && errno == EINTR)))
		len += n > 0 ? (size_t)n : 0;
	close(pfd[0]); /* a chatty child gets EPIPE, not a full pipe */
	line[len] = '\0';
	line[strcspn(line, "\n")] = '\0';
	while (pid > 0 && waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	errno = e;
	return pid > 0 ? st : -1;
}

/* The rule's iptables command with op ("-A", "-D"), its lock file in a
 * directory of its own for as long as it runs: 0, or -1 with one line
 * in err. */
static int wirehold_iptables(struct wirehold *w, char *op, char *err,
                             size_t errlen)
{
	char rule[] =
	        "OUTPUT -o lo -p tcp -j NFQUEUE --queue-num " WIREHOLD_QUEUE_STR
	        " --queue-bypass";
	char *argv[16] = {w->iptables, "-w", op}, *save = NULL, line[256];
	size_t k = 3, n = 0, j = 0;
	for (char *t = strtok_r(rule, " ", &save); t != NULL;
	     t = strtok_r(NULL, " ", &save))
		argv[k++] = t;
	const char *tmp = getenv("TMPDIR"), *name = strrchr(argv[0], '/') + 1;
	if (tmp == NULL || tmp[0] != '/')
		tmp = "/tmp";
	char dir[PATH_MAX], lockenv[PATH_MAX + 32];
	snprintf(dir, sizeof dir, "%s/tcpviz-wirehold.XXXXXX", tmp);
	if (mkdtemp(dir) == NULL) {
		snprintf(err, errlen,
		         _("%s: cannot create a temporary directory: %s"), tmp,
		         strerror(errno));
		return -1;
	}
	snprintf(lockenv, sizeof lockenv, "XTABLES_LOCKFILE=%s/xtables.lock",
	         dir);
	while (environ != NULL && environ[n] != NULL)
		n++;
	char **envp = xcalloc(n + 2, sizeof *envp);
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], "XTABLES_LOCKFILE=", 17) != 0)
			envp[j++] = environ[i];
	envp[j] = lockenv;
	int st = wirehold_run(argv, envp, line, sizeof line), e = errno;
	free(envp);
	unlink(lockenv + strlen("XTABLES_LOCKFILE="));
	rmdir(dir);
	if (st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	if (st == -1)
		snprintf(err, errlen, _("%s: cannot run it: %s"), name,
		         strerror(e));
	else if (line[0] != '\0')
		snprintf(err, errlen, "%s: %s", name, line);
	else if (WIFEXITED(st) && WEXITSTATUS(st) != 127)
		snprintf(err, errlen, _("%s: exit status %d"), name,
		         WEXITSTATUS(st));
	else
		snprintf(err, errlen, _("%s: cannot run it"), name);
	return -1;
}

static void wirehold_free(struct wirehold *w)
{
	if (w->fd >= 0)
		close(w->fd); /* the kernel drops what is still queued */
	pthread_mutex_destroy(&w->lock);
	free(w);
}

struct wirehold *wirehold_open(char *err, size_t errlen)
{
	struct wirehold *w = xcalloc(1, sizeof *w);
	char ignored[256];
	sigset_t all, old;
	int e;
	pthread_mutex_init(&w->lock, NULL);
	if (wirehold_bind(w, err, errlen) != 0)
		goto fail;
	if (!wirehold_find_iptables(w->iptables, sizeof w->iptables)) {
		snprintf(err, errlen, "%s",
		         _("iptables: not found in PATH, /usr/sbin or /sbin"));
		goto fail;
	}
	if (wirehold_iptables(w, "-A", err, errlen) != 0)
		goto fail;
	sigfillset(&all); /* the thread takes no signal: they are main's */
	pthread_sigmask(SIG_SETMASK, &all, &old);
	e = pthread_create(&w->thread, NULL, wirehold_thread, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (e != 0) {
		snprintf(err, errlen, _("netfilter queue: no thread: %s"),
		         strerror(e));
		wirehold_iptables(w, "-D", ignored, sizeof ignored);
		goto fail;
	}
	return w;
fail:
	wirehold_free(w);
	return NULL;
}

void wirehold_hold(struct wirehold *w)
{
	pthread_mutex_lock(&w->lock);
	w->holding = true;
	pthread_mutex_unlock(&w->lock);
}

int wirehold_deliver(struct wirehold *w)
{
	pthread_mutex_lock(&w->lock);
	wirehold_read(w, 0);
	int accepted = wirehold_flush(w, w->nheld);
	pthread_mutex_unlock(&w->lock);
	return accepted;
}

void wirehold_pass(struct wirehold *w)
{
	pthread_mutex_lock(&w->lock);
	wirehold_pass_locked(w);
	pthread_mutex_unlock(&w->lock);
}

/* The rule goes while the thread still passes, so that nothing queued in
 * between is left for the socket's close to drop. */
void wirehold_close(struct wirehold *w)
{
	char ignored[256];
	if (w == NULL)
		return;
	wirehold_pass(w);
	wirehold_iptables(w, "-D", ignored, sizeof ignored);
	pthread_mutex_lock(&w->lock);
	w->stop = true;
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	pthread_mutex_lock(&w->lock);
	wirehold_pass_locked(w);
	pthread_mutex_unlock(&w->lock);
	wirehold_free(w);
}
