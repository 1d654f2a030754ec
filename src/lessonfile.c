/*
 * lessonfile.c - the lessons folder and its files (see lessonfile.h).
 * Thin shell: reads directories and files, parses with lesson.c and
 * shows each lesson in the language of the messages (i18n.h).
 */
#include "lessonfile.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "selfpath.h"
#include "util.h"

#ifndef TCPVIZ_LESSONS_DIR
#define TCPVIZ_LESSONS_DIR "/usr/local/share/tcpviz/lessons"
#endif

static bool lessonfile_is_dir(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return false;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return false;
	}
	return true;
}

/*
 * The places looked in, in order: $TCPVIZ_LESSONS; ./lessons (a
 * checkout); BINDIR/lessons (a build run from another folder); then
 * BINDIR/../share/tcpviz/lessons (a package built for one PREFIX and
 * installed under another) and the folder `make install` was built
 * for. Unset or absent entries are skipped by the caller.
 */
enum { LESSONFILE_PLACES = 5, LESSONFILE_PATH = 4200 };

static void lessonfile_places(char places[LESSONFILE_PLACES][LESSONFILE_PATH])
{
	char exe[4096];
	const char *env = getenv("TCPVIZ_LESSONS");
	bool have_exe = selfpath_dir(exe, sizeof exe);
	snprintf(places[0], LESSONFILE_PATH, "%s", env ? env : "");
	snprintf(places[1], LESSONFILE_PATH, "%s", "lessons");
	snprintf(places[2], LESSONFILE_PATH, "%s/lessons", have_exe ? exe : "");
	snprintf(places[3], LESSONFILE_PATH, "%s/../share/tcpviz/lessons",
	         have_exe ? exe : "");
	snprintf(places[4], LESSONFILE_PATH, "%s", TCPVIZ_LESSONS_DIR);
	if (!have_exe)
		places[2][0] = places[3][0] = '\0';
}

/* The lessons folder, or NULL after writing to err where tcpviz looked
 * and how to fix it. $TCPVIZ_LESSONS, when set, is the only place. */
static const char *lessonfile_dir(char *err, size_t errlen)
{
	static char places[LESSONFILE_PLACES][LESSONFILE_PATH];
	lessonfile_places(places);
	if (places[0][0] != '\0') {
		if (lessonfile_is_dir(places[0]))
			return places[0];
		snprintf(err, errlen,
		         /* TRANSLATORS: TCPVIZ_LESSONS=FOLDER: why; the name
		          * TCPVIZ_LESSONS and .lesson stay. */
		         _("TCPVIZ_LESSONS=%s: %s (set it to a folder of "
		           ".lesson files)"),
		         places[0], strerror(errno));
		return NULL;
	}
	for (int i = 1; i < LESSONFILE_PLACES; i++)
		if (places[i][0] != '\0' && lessonfile_is_dir(places[i]))
			return places[i];
	snprintf(err, errlen,
	         /* TRANSLATORS: %s: folders; ./lessons, TCPVIZ_LESSONS,
	          * .lesson and 'make install' stay. */
	         _("no lessons folder: looked in ./lessons, %s, %s and %s; set "
	           "TCPVIZ_LESSONS to a folder of .lesson files, or run "
	           "'make install'"),
	         /* TRANSLATORS: in place of a folder tcpviz could not find:
	          * the one the tcpviz binary is in. */
	         places[2][0] ? places[2] : _("(the binary's folder)"),
	         /* TRANSLATORS: in place of a folder: the binary's
	          * ../share/tcpviz/lessons. */
	         places[3][0] ? places[3] : _("(its share folder)"), places[4]);
	return NULL;
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
				         _("%s: larger than 16 MB, not a "
				           "lesson"),
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
	/* Once, here, for every command: the list, the screen, every
	 * format and a recording all show the reader's language. */
	if (l != NULL)
		lesson_localize(l, i18n_language());
	return l;
}

int lessonfile_list(void)
{
	char err[LESSONFILE_PLACES * LESSONFILE_PATH];
	const char *dir = lessonfile_dir(err, sizeof err);
	size_t n;
	char **names = dir ? lessonfile_names(dir, &n) : NULL;
	if (dir != NULL && names == NULL)
		snprintf(err, sizeof err, _("lessons folder %s: %s"), dir,
		         strerror(errno));
	if (names == NULL) {
		fprintf(stderr, "tcpviz: %s\n", err);
		return 2;
	}
	for (size_t i = 0; i < n; i++) {
		char path[4096], why[512];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		struct lesson *l = lessonfile_parse_path(path, why, sizeof why);
		size_t base = strlen(names[i]) - 7;
		printf("%-22.*s %s\n", (int)base, names[i],
		       l ? l->title
		         /* TRANSLATORS: the lesson list, in place of a title
		          * after the lesson's name; the command stays. */
		         : _("(does not parse: tcpviz lesson NAME says why)"));
		/* The course's order is the files' numbers; each lesson's
		 * summary under its title. */
		if (l != NULL && l->summary != NULL)
			printf("%-22s %s\n", "", l->summary);
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
	const char *dir = lessonfile_dir(err, errlen);
	if (dir == NULL)
		return NULL;
	size_t n;
	char **names = lessonfile_names(dir, &n);
	if (names == NULL) {
		snprintf(err, errlen, _("lessons folder %s: %s"), dir,
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
		         /* TRANSLATORS: the name asked for, the lessons folder;
		          * the command stays. */
		         _("no lesson '%s' in %s ('tcpviz lesson' lists them)"),
		         query, dir);
	return l;
}
