/*
 * totp SECRET [OFFSET]: the authenticator code of SECRET (base32, spaces
 * allowed) at now + OFFSET seconds, as an app would show it: the tests'
 * second factor, computed with the same library the console checks
 * with (fcgi/db/auth.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth.h"

int
main(int argc, char *argv[])
{
	char		 secret[AUTH_SECRET_LEN * 2 + 1];
	char		 code[AUTH_TOTP_DIGITS + 1];
	const char	*p;
	size_t		 n = 0;
	long		 off = 0;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: totp SECRET [OFFSET]\n");
		return 2;
	}
	for (p = argv[1]; *p != '\0' && n + 1 < sizeof(secret); p++)
		if (*p != ' ')
			secret[n++] = *p;
	secret[n] = '\0';
	if (argc == 3)
		off = strtol(argv[2], NULL, 10);
	if (auth_init() == -1 ||
	    auth_totp_code(secret, time(NULL) + off, code) == -1) {
		fprintf(stderr, "totp: not a secret\n");
		return 1;
	}
	puts(code);
	return 0;
}
