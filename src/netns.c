/*
 * netns.c - the demo's private network namespace and the sudo drop (see
 * netns.h for the paths and the single-thread rule).
 *
 * Shell, and thin: unshare, the id maps, one ioctl for lo, the set*id
 * calls. Must not open the capture, start threads or print: the caller
 * owns those and reports the one-line errors written here.
 */
#include "netns.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <net/if.h>
#include <pwd.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include "i18n.h"
#include "util.h"

enum netns_mode { MODE_AUTO, MODE_HOST, MODE_PRIVATE, MODE_USER };

/* A command, the same in every language: an argument of the sentences. */
#define FIX_SETCAP                                                             \
	"`sudo setcap cap_net_raw,cap_net_admin+ep $(command -v tcpviz)`"

const char *netns_kind_name(enum netns_kind kind)
{
	switch (kind) {
	case NETNS_PRIVATE:
		return "private network namespace";
	case NETNS_PRIVATE_USER:
		return "private user and network namespace";
	case NETNS_HOST:
		return "host loopback";
	}
	return "unknown namespace";
}

static int netns_mode(enum netns_mode *mode, char *err, size_t errlen)
{
	const char *v = getenv("TCPVIZ_NETNS");

	if (v == NULL || *v == '\0')
		*mode = MODE_AUTO;
	else if (strcmp(v, "host") == 0)
		*mode = MODE_HOST;
	else if (strcmp(v, "private") == 0)
		*mode = MODE_PRIVATE;
	else if (strcmp(v, "user") == 0)
		*mode = MODE_USER;
	else {
		snprintf(err, errlen,
		         /* TRANSLATORS: TCPVIZ_NETNS and its values stay. */
		         _("TCPVIZ_NETNS: unknown value \"%s\" "
		           "(expected host, private or user)"),
		         v);
		return -1;
	}
	return 0;
}

/* Small /proc and /proc/sys files: the first line, without newline. */
static int netns_read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");

	if (f == NULL)
		return -1;
	if (fgets(buf, (int)len, f) == NULL) {
		fclose(f);
		return -1;
	}
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* 0, or the errno of the failed open or write. */
static int netns_write_file(const char *path, const char *text)
{
	size_t len = strlen(text);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;
	int e;

	if (fd == -1)
		return errno;
	n = write(fd, text, len);
	e = errno;
	close(fd);
	if (n == -1)
		return e;
	return (size_t)n == len ? 0 : EIO;
}

/* A thread started before netns_enter would make unshare fail with a
 * misleading EINVAL, so name the real mistake. */
static int netns_thread_count(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return 1;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] != '.')
			n++;
	}
	closedir(d);
	return n;
}

/* Whether the sysctl at path reads as the number want. */
static bool netns_sysctl_is(const char *path, const char *want)
{
	char buf[32];

	return netns_read_line(path, buf, sizeof buf) == 0 &&
	       strcmp(buf, want) == 0;
}

/*
 * The sysctl keeping an unprivileged process out of user namespaces, as
 * the command that lifts it; the generic advice when none is found.
 */
static const char *netns_userns_fix(void)
{
	if (netns_sysctl_is("/proc/sys/kernel/unprivileged_userns_clone", "0"))
		/* TRANSLATORS: the command in `backquotes` stays. */
		return _("enable user namespaces (`sudo sysctl -w "
		         "kernel.unprivileged_userns_clone=1`)");
	if (netns_sysctl_is("/proc/sys/user/max_user_namespaces", "0"))
		/* TRANSLATORS: the command in `backquotes` stays. */
		return _("enable user namespaces (`sudo sysctl -w "
		         "user.max_user_namespaces=10000`)");
	if (netns_sysctl_is(
	            "/proc/sys/kernel/apparmor_restrict_unprivileged_userns",
	            "1"))
		/* TRANSLATORS: the command in `backquotes` stays. */
		return _("allow user namespaces (`sudo sysctl -w "
		         "kernel.apparmor_restrict_unprivileged_userns=0`)");
	/* TRANSLATORS: the command and the names of settings stay. */
	return _("enable user namespaces (`sudo sysctl -w "
	         "kernel.unprivileged_userns_clone=1` on Debian/Ubuntu, or "
	         "raise user.max_user_namespaces)");
}

/*
 * Ubuntu's AppArmor lets an unconfined process create a user namespace
 * but then denies it every capability inside, so lo could not be brought
 * up; tell that apart before unsharing, while falling back is possible.
 */
static bool netns_userns_restricted(void)
{
	return geteuid() != 0 &&
	       netns_sysctl_is(
	               "/proc/sys/kernel/apparmor_restrict_unprivileged_userns",
	               "1");
}

/* Capturing on the host needs CAP_NET_RAW; trying is the honest test
 * (capabilities may come from root, setcap or an ambient set). */
static bool netns_can_capture(void)
{
	int s;

	if (geteuid() == 0)
		return true;
	s = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (s == -1)
		return false;
	close(s);
	return true;
}

static int netns_lo_up(char *err, size_t errlen)
{
	struct ifreq ifr;
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (s == -1) {
		snprintf(err, errlen, _("lo: cannot open a socket: %s"),
		         strerror(errno));
		return -1;
	}
	memset(&ifr, 0, sizeof ifr);
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "lo");
	if (ioctl(s, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(s, SIOCSIFFLAGS, &ifr) == 0) {
			close(s);
			return 0;
		}
	}
	snprintf(err, errlen,
	         _("lo: cannot bring the namespace's loopback up: %s"),
	         strerror(errno));
	close(s);
	return -1;
}

/* Map the caller's own ids to root inside the new user namespace: the
 * one mapping the kernel lets an unprivileged process write. */
static int netns_write_maps(uid_t uid, gid_t gid, char *err, size_t errlen)
{
	char line[64];
	int e;

	/* Required before an unprivileged gid_map; absent before 3.19. */
	e = netns_write_file("/proc/self/setgroups", "deny");
	if (e != 0 && e != ENOENT)
		goto fail_setgroups;
	snprintf(line, sizeof line, "0 %lu 1", (unsigned long)uid);
	if ((e = netns_write_file("/proc/self/uid_map", line)) != 0) {
		snprintf(err, errlen,
		         _("user namespace: cannot write uid_map: %s"),
		         strerror(e));
		return -1;
	}
	snprintf(line, sizeof line, "0 %lu 1", (unsigned long)gid);
	if ((e = netns_write_file("/proc/self/gid_map", line)) != 0) {
		snprintf(err, errlen,
		         _("user namespace: cannot write gid_map: %s"),
		         strerror(e));
		return -1;
	}
	return 0;

fail_setgroups:
	snprintf(err, errlen, _("user namespace: cannot write setgroups: %s"),
	         strerror(e));
	return -1;
}

/*
 * Path 2. Returns 0 inside the new namespaces; the errno of unshare when
 * it refused (nothing changed, the caller may fall back); -1 with err
 * set when it failed half way (the process is in a namespace it cannot
 * use and has lost any host privilege: no fallback).
 */
static int netns_enter_user(char *err, size_t errlen)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();

	if (unshare(CLONE_NEWUSER | CLONE_NEWNET) == -1)
		return errno;
	if (netns_write_maps(uid, gid, err, errlen) == -1)
		return -1;
	return 0;
}

static int netns_forced(enum netns_mode mode, enum netns_kind *kind, char *err,
                        size_t errlen)
{
	int e;

	switch (mode) {
	case MODE_HOST:
		if (!netns_can_capture()) {
			snprintf(
			        err, errlen,
			        /* TRANSLATORS: %s: a command (sudo setcap). */
			        _("TCPVIZ_NETNS=host: no permission to capture "
			          "on the host loopback; run with sudo or %s"),
			        FIX_SETCAP);
			return -1;
		}
		*kind = NETNS_HOST;
		return 0;
	case MODE_PRIVATE:
		if (unshare(CLONE_NEWNET) == -1) {
			snprintf(err, errlen,
			         _("TCPVIZ_NETNS=private: cannot create a "
			           "network namespace: %s"),
			         strerror(errno));
			return -1;
		}
		*kind = NETNS_PRIVATE;
		return netns_lo_up(err, errlen);
	case MODE_USER:
		if ((e = netns_enter_user(err, errlen)) == -1)
			return -1;
		if (e != 0) {
			snprintf(
			        err, errlen,
			        _("TCPVIZ_NETNS=user: cannot create a user and "
			          "network namespace: %s"),
			        strerror(e));
			return -1;
		}
		*kind = NETNS_PRIVATE_USER;
		return netns_lo_up(err, errlen);
	case MODE_AUTO:
		break;
	}
	snprintf(err, errlen, "%s", _("TCPVIZ_NETNS: no such path"));
	return -1;
}

static int netns_auto(enum netns_kind *kind, char *err, size_t errlen)
{
	int e;

	/* Path 1: needs CAP_SYS_ADMIN; EPERM for everyone else. */
	if (unshare(CLONE_NEWNET) == 0) {
		*kind = NETNS_PRIVATE;
		return netns_lo_up(err, errlen);
	}
	/* Path 2. */
	e = netns_userns_restricted() ? EPERM : netns_enter_user(err, errlen);
	if (e == -1)
		return -1;
	if (e == 0) {
		*kind = NETNS_PRIVATE_USER;
		return netns_lo_up(err, errlen);
	}
	/* Path 3. */
	if (netns_can_capture()) {
		*kind = NETNS_HOST;
		return 0;
	}
	snprintf(err, errlen,
	         /* TRANSLATORS: why, a command (sudo setcap), how to allow. */
	         _("cannot capture on loopback: no private namespace (user "
	           "namespace: %s) and no permission to capture on the "
	           "host; run with sudo, or %s, or %s"),
	         e == ENOSPC ? _("the limit user.max_user_namespaces is "
	                         "reached")
	                     : strerror(e),
	         FIX_SETCAP, netns_userns_fix());
	return -1;
}

int netns_enter(enum netns_kind *kind, char *err, size_t errlen)
{
	enum netns_mode mode;
	int n;

	if (netns_mode(&mode, err, errlen) == -1)
		return -1;
	if ((n = netns_thread_count()) > 1) {
		snprintf(err, errlen,
		         _("network namespace: must be entered before any "
		           "thread starts (the process has %d)"),
		         n);
		return -1;
	}
	if (mode != MODE_AUTO)
		return netns_forced(mode, kind, err, errlen);
	return netns_auto(kind, err, errlen);
}

/* A decimal id from the environment; -1 when absent or not a number. */
static int netns_env_id(const char *name, unsigned long *out)
{
	const char *v = getenv(name);
	char *end;

	if (v == NULL || *v < '0' || *v > '9')
		return -1;
	errno = 0;
	*out = strtoul(v, &end, 10);
	if (errno != 0 || *end != '\0' || *out >= (unsigned long)(uid_t)-1)
		return -1;
	return 0;
}

/*
 * In the user namespace netns_enter made, only root (the invoking user
 * outside) is mapped: there is nothing to become and no host privilege to
 * give up. The initial namespace maps every id.
 */
static bool netns_single_user(void)
{
	FILE *f = fopen("/proc/self/uid_map", "re");
	unsigned long inside, outside, count, total = 0;

	if (f == NULL)
		return false;
	while (fscanf(f, "%lu %lu %lu", &inside, &outside, &count) == 3)
		total += count;
	fclose(f);
	return total == 1;
}

/* The user's groups as the login database has them; none when the user
 * is unknown there (the primary group is set apart, by setresgid). */
static int netns_set_groups(uid_t uid, gid_t gid)
{
	struct passwd *pw = getpwuid(uid);
	gid_t *groups;
	int n = 32, r;

	if (pw == NULL)
		return setgroups(0, NULL);
	groups = xmalloc(sizeof *groups * (size_t)n);
	if (getgrouplist(pw->pw_name, gid, groups, &n) == -1) {
		groups = xrealloc(groups, sizeof *groups * (size_t)n);
		if (getgrouplist(pw->pw_name, gid, groups, &n) == -1)
			groups[0] = gid, n = 1; /* changed under us */
	}
	r = setgroups((size_t)n, groups);
	free(groups);
	return r;
}

static int netns_check_dropped(uid_t uid, gid_t gid, char *err, size_t errlen)
{
	uid_t ru, eu, su;
	gid_t rg, eg, sg;

	if (getresuid(&ru, &eu, &su) == -1 || getresgid(&rg, &eg, &sg) == -1 ||
	    ru != uid || eu != uid || su != uid || rg != gid || eg != gid ||
	    sg != gid) {
		snprintf(err, errlen, "%s",
		         _("dropping root: ids did not change"));
		return -1;
	}
	if (setuid(0) == 0 || seteuid(0) == 0) {
		snprintf(err, errlen, "%s",
		         _("dropping root: root could be regained"));
		return -1;
	}
	return 0;
}

int netns_drop_privileges(char *err, size_t errlen)
{
	unsigned long uid, gid;

	if (geteuid() != 0 || getenv("SUDO_UID") == NULL || netns_single_user())
		return 0;
	if (netns_env_id("SUDO_UID", &uid) == -1 ||
	    netns_env_id("SUDO_GID", &gid) == -1) {
		snprintf(err, errlen,
		         _("dropping root: SUDO_UID or SUDO_GID is not a "
		           "number"));
		return -1;
	}
	if (uid == 0)
		return 0; /* root ran sudo: there is no one else to become */
	if (netns_set_groups((uid_t)uid, (gid_t)gid) == -1) {
		snprintf(err, errlen, _("dropping root: setgroups: %s"),
		         strerror(errno));
		return -1;
	}
	if (setresgid((gid_t)gid, (gid_t)gid, (gid_t)gid) == -1 ||
	    setresuid((uid_t)uid, (uid_t)uid, (uid_t)uid) == -1) {
		snprintf(err, errlen, _("dropping root to uid %lu gid %lu: %s"),
		         uid, gid, strerror(errno));
		return -1;
	}
	return netns_check_dropped((uid_t)uid, (gid_t)gid, err, errlen);
}
