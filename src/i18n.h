/*
 * i18n.h - where a label a person reads is marked for translation.
 *
 * Machine names (JSON Lines fields and values: flags, states, roles,
 * call names) never pass through here; every label and sentence a
 * person reads does, so a gettext catalogue can translate it later
 * without touching the code: today the macros are the identity.
 * Sentences are marked whole, with their numbers as arguments.
 */
#ifndef TCPVIZ_I18N_H
#define TCPVIZ_I18N_H

/* A label translated where it is used. */
#define _(s) (s)
/* A label marked for the catalogue but translated later (in a table). */
#define N_(s) (s)
/* A sentence with a count: singular or plural form by n. */
#define NG_(singular, plural, n) ((n) == 1 ? (singular) : (plural))

#endif
