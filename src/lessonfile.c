/*
 * lessonfile.c - the lessons folder and its files (see lessonfile.h).
 * Thin shell: reads directories and files, parses with lesson.c.
 */
#include "lessonfile.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#ifndef TCPVIZ_LESSONS_DIR
#define TCPVIZ_LESSONS_DIR "/usr/local/share/tcpviz/lessons"
#endif

static bool lessonfile_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* BINDIR/../share/tcpviz/lessons, found from the running binary, so a
 * package built for one PREFIX and installed under another still finds
 * its lessons. */
static bool lessonfile_beside_binary(char *out, size_t cap)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return false;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (slash == NULL)
		return false;
	*slash = '\0';
	if ((size_t)snprintf(out, cap, "%s/../share/tcpviz/lessons", exe) >=
	    cap)
		return false;
	return lessonfile_is_dir(out);
}

static const char *lessonfile_dir(void)
{
	static char beside[4200];
	const char *env = getenv("TCPVIZ_LESSONS");
	if (env != NULL && *env != '\0')
		return env;
	if (lessonfile_is_dir("lessons"))
		return "lessons";
	if (lessonfile_beside_binary(beside, sizeof beside))
		return beside;
	return TCPVIZ_LESSONS_DIR;
}

static bool lessonfile_has_suffix(const char *name)
{
	size_t n = strlen(name);
	return n > 7 && strcmp(name + n - 7, ".lesson") == 0;
}

static int lessonfile_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The .lesson files of dir, sorted; NULL when dir cannot be read. */
static char **lessonfile_names(const char *dir, size_t *count)
{
	DIR *d = opendir(dir);
	if (d == NULL)
		return NULL;
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (!lessonfile_has_suffix(de->d_name))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			names = xrealloc(names, cap * sizeof *names);
		}
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof *names, lessonfile_cmp);
	*count = n;
	return names ? names : xcalloc(1, sizeof *names);
}

static char *lessonfile_read(const char *path, size_t *len, char *err,
                             size_t errlen)
{
	FILE *fp = fopen(path, "rb");
	if (fp == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	size_t cap = 4096, n = 0;
	char *buf = xmalloc(cap);
	size_t got;
	while ((got = fread(buf + n, 1, cap - n, fp)) > 0) {
		n += got;
		if (n == cap) {
			if (cap >= (1u << 24)) {
				snprintf(err, errlen,
				         "%s: larger than 16 MB, not a lesson",
				         path);
				free(buf);
				fclose(fp);
				return NULL;
			}
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
	}
	if (ferror(fp)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		free(buf);
		fclose(fp);
		return NULL;
	}
	fclose(fp);
	*len = n;
	return buf;
}

static struct lesson *lessonfile_parse_path(const char *path, char *err,
                                            size_t errlen)
{
	size_t len;
	char *text = lessonfile_read(path, &len, err, errlen);
	if (text == NULL)
		return NULL;
	struct lesson *l = lesson_parse(text, len, path, err, errlen);
	free(text);
	return l;
}

int lessonfile_list(void)
{
	const char *dir = lessonfile_dir();
	size_t n;
	char **names = lessonfile_names(dir, &n);
	if (names == NULL) {
		fprintf(stderr, "tcpviz: lessons folder %s: %s\n", dir,
		        strerror(errno));
		return 2;
	}
	for (size_t i = 0; i < n; i++) {
		char path[4096], err[512];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		struct lesson *l = lessonfile_parse_path(path, err, sizeof err);
		size_t base = strlen(names[i]) - 7;
		printf("%-22.*s %s\n", (int)base, names[i],
		       l ? l->title
		         : "(does not parse: tcpviz lesson NAME says why)");
		lesson_free(l);
		free(names[i]);
	}
	free(names);
	return 0;
}

void lessonfile_capture(const char *lesson_path, char *out, size_t cap)
{
	const char *slash = strrchr(lesson_path, '/');
	const char *base = slash ? slash + 1 : lesson_path;
	size_t stem = strlen(base);
	if (lessonfile_has_suffix(base))
		stem -= 7;
	const char *env = getenv("TCPVIZ_CAPTURES");
	if (env != NULL && *env != '\0')
		snprintf(out, cap, "%s/%.*s.pcap", env, (int)stem, base);
	else
		snprintf(out, cap, "%.*s../captures/%.*s.pcap",
		         slash ? (int)(slash + 1 - lesson_path) : 0,
		         lesson_path, (int)stem, base);
}

struct lesson *lessonfile_load(const char *query, char *name, size_t namelen,
                               char *err, size_t errlen)
{
	struct stat st;
	if (strchr(query, '/') != NULL ||
	    (lessonfile_has_suffix(query) && stat(query, &st) == 0)) {
		snprintf(name, namelen, "%s", query);
		return lessonfile_parse_path(query, err, errlen);
	}
	const char *dir = lessonfile_dir();
	size_t n;
	char **names = lessonfile_names(dir, &n);
	if (names == NULL) {
		snprintf(err, errlen, "lessons folder %s: %s", dir,
		         strerror(errno));
		return NULL;
	}
	struct lesson *l = NULL;
	bool found = false;
	for (size_t i = 0; i < n; i++) {
		if (!found && lesson_name_matches(names[i], query)) {
			char path[4096];
			snprintf(path, sizeof path, "%s/%s", dir, names[i]);
			snprintf(name, namelen, "%s", path);
			l = lessonfile_parse_path(path, err, errlen);
			found = true;
		}
		free(names[i]);
	}
	free(names);
	if (!found)
		snprintf(err, errlen,
		         "no lesson '%s' in %s ('tcpviz lesson' lists them)",
		         query, dir);
	return l;
}
