/*
 * i18n.c - the process's language and its catalogue (i18n.h).
 */
#include "i18n.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "selfpath.h"

static const char *const i18n_langs[] = {"en", "zh_CN"};

int i18n_known(const char *lang)
{
	for (size_t i = 0; i < sizeof i18n_langs / sizeof i18n_langs[0]; i++)
		if (strcmp(lang, i18n_langs[i]) == 0)
			return 1;
	return 0;
}

static int i18n_is_dir(const char *path)
{
	struct stat st;
	return path[0] != '\0' && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The first folder of catalogues that exists (i18n.h). */
static const char *i18n_dir(void)
{
	static char found[4200];
	char exe[4096];
	const char *env = getenv("TCPVIZ_LOCALEDIR");
	if (env && *env)
		return env;
	if (selfpath_dir(exe, sizeof exe)) {
		snprintf(found, sizeof found, "%s/build/locale", exe);
		if (i18n_is_dir(found))
			return found;
		snprintf(found, sizeof found, "%s/../locale", exe);
		if (i18n_is_dir(found))
			return found;
		snprintf(found, sizeof found, "%s/../share/locale", exe);
		if (i18n_is_dir(found))
			return found;
	}
	return TCPVIZ_LOCALE_DIR;
}

void i18n_init(const char *lang)
{
	setlocale(LC_ALL, "");
	if (lang != NULL) {
		/* LANGUAGE picks the catalogue; gettext reads it only when
		 * the messages' locale is not C, so a C one becomes
		 * C.UTF-8 (or the language's own where it is installed). */
		setenv("LANGUAGE", lang, 1);
		const char *cur = setlocale(LC_MESSAGES, NULL);
		if (cur == NULL || strcmp(cur, "C") == 0 ||
		    strcmp(cur, "POSIX") == 0) {
			char name[64];
			snprintf(name, sizeof name, "%s.UTF-8", lang);
			if (strcmp(lang, "en") == 0 ||
			    setlocale(LC_MESSAGES, name) == NULL)
				setlocale(LC_MESSAGES, "C.UTF-8");
		}
	}
	bindtextdomain("tcpviz", i18n_dir());
	bind_textdomain_codeset("tcpviz", "UTF-8");
	textdomain("tcpviz");
}

/* The language gettext looks for, as it chooses it: LANGUAGE's first
 * entry unless the messages' locale is C, else LC_ALL, LC_MESSAGES,
 * LANG. */
const char *i18n_language(void)
{
	const char *cur = setlocale(LC_MESSAGES, NULL);
	const char *pick = NULL;
	if (cur != NULL && strcmp(cur, "C") != 0 && strcmp(cur, "POSIX") != 0)
		pick = getenv("LANGUAGE");
	if (pick == NULL || *pick == '\0')
		pick = cur;
	if (pick != NULL && strncmp(pick, "zh", 2) == 0)
		return "zh_CN";
	return "en";
}
