/*
 * selfpath.c - where the running binary is (selfpath.h).
 */
#include "selfpath.h"

#include <string.h>
#include <unistd.h>

bool selfpath_dir(char *out, size_t cap)
{
	if (cap < 2)
		return false;
	ssize_t n = readlink("/proc/self/exe", out, cap - 1);
	if (n <= 0)
		return false;
	out[n] = '\0';
	char *slash = strrchr(out, '/');
	if (slash == NULL)
		return false;
	*slash = '\0';
	return true;
}
