/*
 * wirehold.h - hold the lesson's TCP segments on the loopback, then
 * deliver them in the order they were sent, when the lesson says so.
 *
 * On a loopback a segment is delivered inside the call that sends it:
 * close one socket, then the other, and the second FIN always answers
 * the first. A simultaneous close (both FINs cross, both sides go
 * FIN_WAIT_1 -> CLOSING -> TIME_WAIT) needs both FINs sent before either
 * arrives. An iptables rule sends every TCP segment leaving on lo to a
 * netfilter queue (NFQUEUE on OUTPUT), and wirehold gives the verdicts:
 * at once while passing, later while holding. The capture sees a held
 * segment when it is delivered, so the picture shows the wire's order.
 *
 * Shell: iptables, one netlink socket, one thread. No model, no drawing,
 * no printing: the caller reports the one-line errors written here.
 *
 * Only ever inside the lesson's private network namespace (netns_enter's
 * first two paths): the rule holds every TCP segment on that namespace's
 * loopback, and on the host's it would hold everyone's. IPv4 only
 * (iptables, not ip6tables): the lesson talks over 127.0.0.1.
 *
 * The process must keep CAP_NET_ADMIN in the namespace from open to
 * close: the kernel checks whoever sends each verdict, not only whoever
 * opened the socket, and iptables -D runs at close. Root in the
 * namespace or in its user namespace is; after netns_drop_privileges()
 * it is not. wirehold_open() starts a thread, so call it after
 * netns_enter(); it forks iptables and waits for that child by its pid.
 *
 * If tcpviz dies holding segments, the kernel drops them with the socket
 * (TCP sends them again after its timeout), and the rule left behind
 * passes everything: --queue-bypass, when no one listens on the queue.
 */
#ifndef TCPVIZ_WIREHOLD_H
#define TCPVIZ_WIREHOLD_H

#include <stddef.h>

struct wirehold;

/*
 * Install `iptables -A OUTPUT -o lo -p tcp -j NFQUEUE --queue-num 7
 * --queue-bypass` in the current network namespace, bind queue 7 on a
 * netlink socket (packet ids only, no payload) and start a thread that
 * passes every queued segment at once, in order, while not holding.
 * iptables is iptables-legacy, else iptables, in PATH, /usr/sbin or
 * /sbin, run with -w and its lock file in a temporary directory of its
 * own, gone when it returns (an ordinary user in a user namespace may not
 * write /run/xtables.lock). One per namespace: a second open fails with
 * "netfilter queue: Operation not permitted", the kernel's answer for a
 * queue another socket holds.
 * NULL on failure, with one line in err (no "tcpviz:" prefix, no
 * newline: "iptables: not found in PATH, /usr/sbin or /sbin", "netfilter
 * queue: Operation not permitted") and nothing left installed.
 */
struct wirehold *wirehold_open(char *err, size_t errlen);

/* From now on every TCP segment leaving on lo is held. */
void wirehold_hold(struct wirehold *w);

/*
 * Deliver every segment held so far, one verdict at a time in the order
 * they were queued, including those the kernel queued whose message is
 * not read yet. Segments sent in answer (the kernel sends them while it
 * delivers) stay held for the next call. Returns how many the kernel
 * accepted. Beyond 4096 held, a new segment passes at once.
 *
 * Hold for less than TCP's retransmission timeout (about 200 ms on lo):
 * the kernel does not send again a segment still in the queue, but once
 * it is delivered it sends the copy the timer asked for, and that copy
 * is held like an answer, then seen as a retransmission.
 */
int wirehold_deliver(struct wirehold *w);

/* Stop holding: deliver everything held, in order (an answer sent
 * meanwhile waits its turn behind them), and pass from now on. */
void wirehold_pass(struct wirehold *w);

/* Pass what is held, remove the rule (iptables -D, the same arguments),
 * stop the thread, close the socket, free. NULL is fine. */
void wirehold_close(struct wirehold *w);

#endif
