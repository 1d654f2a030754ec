/*
 * i18n.h - where a label a person reads is marked for translation, and
 * the process's choice of language (gettext, domain "tcpviz").
 *
 * Machine names (JSON Lines fields and values: flags, states, roles,
 * call names, errno names; lesson directives; commands and options)
 * never pass through here; every label and sentence a person reads
 * does. Sentences are marked whole, with their numbers as arguments.
 * The marks are all the core needs: without a catalogue (the unit
 * tests, an English locale) gettext hands the English back.
 */
#ifndef TCPVIZ_I18N_H
#define TCPVIZ_I18N_H

#include <libintl.h>

/* A label translated where it is used. */
#define _(s) gettext(s)
/* A label marked for the catalogue but translated later (in a table). */
#define N_(s) (s)
/* A label with a context telling its translation apart from the same
 * English elsewhere ("FIN" as the first of the teardown's four
 * segments, 第一次挥手): gettext's pgettext. */
#define P_(ctx, s) i18n_pgettext(ctx "\004" s, s)
static inline const char *i18n_pgettext(const char *key, const char *s)
{
	const char *t = gettext(key);
	return t == key ? s : t;
}
/* A sentence with a count: singular or plural form by n. */
#define NG_(singular, plural, n) ngettext(singular, plural, (unsigned long)(n))

/*
 * The shell's part: the locale from the environment (LANG, LC_ALL,
 * LC_MESSAGES, LANGUAGE) as every program takes it, or lang ("en",
 * "zh_CN") when --lang said so; and where the catalogue is: $TCPVIZ_
 * LOCALEDIR, the build's own (BINDIR/build/locale, BINDIR/../locale),
 * then the one `make install` puts under PREFIX/share/locale.
 */
void i18n_init(const char *lang);
/* The language of the messages: "zh_CN" when gettext looks for a
 * Chinese catalogue, else "en". For choosing a lesson's text. */
const char *i18n_language(void);
/* Whether lang is one --lang takes ("en", "zh_CN"). */
int i18n_known(const char *lang);

#endif
