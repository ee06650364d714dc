/*
 * check.h: the tiny assertion kit of wasl's C unit tests.
 *
 * Every check prints one line, "PASS name" or "FAIL name: detail", which
 * tests/run.sh counts; a test program exits 1 when any check failed.
 */
#ifndef WASL_CHECK_H
#define WASL_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failed;

/* Report one named check; returns ok so callers can chain. */
static inline int
check(int ok, const char *name, const char *detail)
{
	if (ok)
		printf("PASS %s\n", name);
	else {
		printf("FAIL %s: %s\n", name, detail ? detail : "");
		check_failed = 1;
	}
	return ok;
}

/* Compare two strings; on mismatch show both. */
static inline int
check_str(const char *got, const char *want, const char *name)
{
	if (got != NULL && want != NULL && strcmp(got, want) == 0)
		return check(1, name, NULL);
	printf("FAIL %s: got [%s] want [%s]\n", name,
	    got ? got : "(null)", want ? want : "(null)");
	check_failed = 1;
	return 0;
}

static inline int
check_exit(void)
{
	return check_failed ? 1 : 0;
}

#endif
