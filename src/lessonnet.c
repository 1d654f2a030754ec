/*
 * lessonnet.c - what a lesson sets up in its own network namespace
 * before its first step: its "sysctl" settings, and the hold its "both"
 * steps need (wirehold.h). Never on the host's own network: there a
 * lesson that needs either does not run, and says so in one line.
 */
#include "lessonnet.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

/* Write value to a /proc/sys file and read it back: NULL, or why not. */
static const char *lessonnet_sysctl_set(const char *path, long value)
{
	char got[32] = "";
	FILE *fp = fopen(path, "w");
	if (fp == NULL)
		return strerror(errno);
	int bad = fprintf(fp, "%ld\n", value) < 0;
	if (fclose(fp) != 0 || bad)
		return strerror(errno ? errno : EIO);
	fp = fopen(path, "r");
	if (fp == NULL)
		return strerror(errno);
	bad = fgets(got, sizeof got, fp) == NULL ||
	      strtol(got, NULL, 10) != value;
	fclose(fp);
	/* TRANSLATORS: why a lesson's network setting was not made. */
	return bad ? _("the kernel kept another value") : NULL;
}

/* The lesson's settings of its network namespace ("sysctl"); 0, or -1
 * with one line in err saying what the kernel refused and how to see
 * the lesson anyway. */
static int lessonnet_sysctls(const struct lesson *l, const char *name,
                             enum netns_kind kind, char *err, size_t errlen)
{
	for (size_t i = 0; i < l->nsysctls; i++) {
		const struct lesson_sysctl *s = &l->sysctls[i];
		char path[128];
		snprintf(path, sizeof path, "/proc/sys/%s", s->name);
		for (char *c = path + 10; *c; c++)
			if (*c == '.')
				*c = '/';
		const char *why =
		        kind == NETNS_HOST
		                /* TRANSLATORS: why a lesson's setting was
		                 * not made. */
		                ? _("tcpviz changes no setting of the host's "
		                    "own network")
		                : lessonnet_sysctl_set(path, s->value);
		if (why == NULL)
			continue;
		snprintf(err, errlen,
		         /* TRANSLATORS: the lesson, the setting and its value,
		          * why; the command stays as it is. */
		         _("%s needs %s = %ld in its network namespace, which "
		           "this kernel does not allow here (%s); 'tcpviz "
		           "lesson %s --replay' plays its recording"),
		         name, s->name, s->value, why, name);
		return -1;
	}
	return 0;
}

/* The hold a lesson's both steps need, in its own namespace only; 0, or
 * -1 with one line in err saying why not and how to see the lesson. */
static int lessonnet_hold(const struct lesson *l, const char *name,
                          enum netns_kind kind, struct wirehold **hold,
                          char *err, size_t errlen)
{
	bool needed = false;
	for (size_t i = 0; i < l->nsteps; i++)
		needed = needed || l->steps[i].both;
	if (!needed)
		return 0;
	char why[256];
	if (kind == NETNS_HOST)
		snprintf(why, sizeof why, "%s",
		         _("tcpviz holds no segment on the host's own "
		           "network"));
	else if ((*hold = wirehold_open(why, sizeof why)) != NULL)
		return 0;
	snprintf(err, errlen,
	         /* TRANSLATORS: the lesson, why; the command stays as it
	          * is. */
	         _("%s holds segments in its network namespace to make "
	           "two FINs cross, which is not possible here (%s); "
	           "'tcpviz lesson %s --replay' plays its recording"),
	         name, why, name);
	return -1;
}

int lessonnet_prepare(const struct lesson *l, const char *name,
                      enum netns_kind kind, struct wirehold **hold, char *err,
                      size_t errlen)
{
	*hold = NULL;
	if (l == NULL)
		return 0;
	if (lessonnet_sysctls(l, name, kind, err, errlen) != 0)
		return -1;
	return lessonnet_hold(l, name, kind, hold, err, errlen);
}
