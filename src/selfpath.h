/*
 * selfpath.h - where the running binary is, so that a build run from its
 * own tree, or installed under another prefix than it was built for,
 * finds its lessons, recordings and message catalogues beside it.
 */
#ifndef TCPVIZ_SELFPATH_H
#define TCPVIZ_SELFPATH_H

#include <stdbool.h>
#include <stddef.h>

/* The folder of /proc/self/exe into out (cap bytes), or false. */
bool selfpath_dir(char *out, size_t cap);

#endif
