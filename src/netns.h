/*
 * netns.h - a private network namespace for the live demo, and dropping
 * sudo's root once the capture is open.
 *
 * Shell: system calls only, no model, no drawing. The demo's echo server,
 * client and capture all live in the namespace netns_enter() picks, so
 * the loopback they share carries nothing else and no port can clash.
 *
 * netns_enter() must be called while the process has a single thread:
 * the kernel refuses unshare(CLONE_NEWUSER) to a multithreaded process
 * (EINVAL), and a namespace entered by one thread would not be the other
 * threads' anyway. Call it before starting the echo threads or anything
 * else that creates threads (libraries included).
 *
 * The paths it tries, in order:
 *  1. a new network namespace (needs CAP_SYS_ADMIN: root, sudo);
 *  2. a new user and network namespace, the process mapped to root inside
 *     it (no privilege needed on the host, where the kernel allows
 *     unprivileged user namespaces), so libpcap can open its loopback;
 *  3. the host's loopback, when the process may capture there (euid 0 or
 *     CAP_NET_RAW, e.g. given with setcap).
 * Otherwise it fails with one line naming the fixes.
 *
 * TCPVIZ_NETNS forces one path (for tests); that path then fails instead
 * of falling back:
 *   TCPVIZ_NETNS=host     skip the namespace: the host loopback (still
 *                         needs the privilege to capture there);
 *   TCPVIZ_NETNS=private  a new network namespace only (path 1);
 *   TCPVIZ_NETNS=user     a new user and network namespace (path 2), even
 *                         as root: lets a root test run the path an
 *                         ordinary user takes.
 * Unset or empty means all three paths in order.
 */
#ifndef TCPVIZ_NETNS_H
#define TCPVIZ_NETNS_H

#include <stddef.h>

enum netns_kind {
	NETNS_PRIVATE,      /* a new network namespace */
	NETNS_PRIVATE_USER, /* a new user and network namespace */
	NETNS_HOST,         /* the host's own loopback */
};

/*
 * Enter the namespace for the demo and bring its loopback up. On success
 * *kind says which path was taken. On failure returns -1 with one line in
 * err (no "tcpviz:" prefix, no newline); the process may then already be
 * in a new namespace, so the caller should exit.
 */
int netns_enter(enum netns_kind *kind, char *err, size_t errlen);

/* "private network namespace", "private user and network namespace",
 * "host loopback". */
const char *netns_kind_name(enum netns_kind kind);

/*
 * Under sudo (euid 0 and SUDO_UID set), become the invoking user for
 * good: supplementary groups as the user's (none when the user is
 * unknown), then SUDO_GID, then SUDO_UID, and check root cannot be
 * regained. Call it once the capture is open: open descriptors (the
 * capture, the namespace) stay usable. Returns 0 doing nothing when not
 * under sudo, when not root, or inside a user namespace that maps only
 * one user (the one netns_enter made: there is no host privilege to
 * drop). -1 with one line in err otherwise.
 */
int netns_drop_privileges(char *err, size_t errlen);

#endif
