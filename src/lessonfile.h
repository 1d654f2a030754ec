/*
 * lessonfile.h - finding and reading lesson files (the shell side of
 * lesson.c): the lessons folder, the catalogue, a lesson by name.
 *
 * The folder is $TCPVIZ_LESSONS, else ./lessons (a checkout), else the
 * binary's own lessons/ (a build run from another folder), else the
 * installed one; when none is there, the error names every place looked
 * in and how to fix it.
 */
#ifndef TCPVIZ_LESSONFILE_H
#define TCPVIZ_LESSONFILE_H

#include <stddef.h>

#include "lesson.h"

/* Print the catalogue (name, then title) to stdout; returns the exit
 * status (2 when there is no lessons folder). Lessons are read in the
 * language of the messages (lesson_localize(), i18n_language()), here
 * and in lessonfile_load(). */
int lessonfile_list(void);

/* The lesson named by query ("01", "handshake", "01-handshake", or a
 * path to a .lesson file). NULL with one line in err (a missing lesson,
 * an unreadable file, a parse error with FILE:LINE). name receives the
 * file name for reports. */
struct lesson *lessonfile_load(const char *query, char *name, size_t namelen,
                               char *err, size_t errlen);

/* Where the recording of the lesson at lesson_path is kept:
 * $TCPVIZ_CAPTURES/STEM.pcap, else FOLDER/../captures/STEM.pcap beside
 * the lessons folder (lessons/01-handshake.lesson:
 * lessons/../captures/01-handshake.pcap), its events in STEM.pcap.events. */
void lessonfile_capture(const char *lesson_path, char *out, size_t cap);

#endif
