/*
 * sockaddr.h - the addresses the demo's and a lesson's sockets use: the
 * loopback or the wildcard, with a port in network byte order or, as a
 * lesson's bug shows it, as the plain number; and an address as text.
 * Pure.
 */
#ifndef TCPVIZ_SOCKADDR_H
#define TCPVIZ_SOCKADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

/*
 * 127.0.0.1 (or ::1 for AF_INET6), or with any the wildcard (0.0.0.0,
 * ::), and port: htons(port), or with raw the number as it is (what a
 * bind() without htons() asks for). Returns the address's length.
 */
socklen_t sockaddr_local(int family, uint16_t port, bool any, bool raw,
                         struct sockaddr_storage *ss);

/* "127.0.0.1:5555", "[::1]:5555" (cut to n bytes, always terminated). */
void sockaddr_text(const struct sockaddr_storage *ss, char *out, size_t n);

#endif
