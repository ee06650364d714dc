/*
 * fuzz_cookie: arbitrary Cookie headers through http_cookie() (fcgi/web),
 * as wasl-console reads its session from one. The first byte picks the
 * name looked for, the second the size of the buffer; the rest is the
 * header (up to its first NUL, as FastCGI hands a C string). Checked on
 * every input: the result is -1, 0 or 1; found, the value fits the
 * buffer with its NUL, holds only RFC 6265 cookie-octets, and is the
 * value of a cookie of that name in the header (a pair NAME=VALUE, or
 * NAME="VALUE"); not found, nothing is written; never a byte beyond the
 * buffer.
 */
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "fuzz.h"

#define CANARY	0xA5

static int
S_octet(unsigned char c)
{
	return c == 0x21 || (c >= 0x23 && c <= 0x2b) ||
	    (c >= 0x2d && c <= 0x3a) || (c >= 0x3c && c <= 0x5b) ||
	    (c >= 0x5d && c <= 0x7e);
}

/* 1 when header holds, at the start of a cookie, name=value (quoted or
 * not, maybe with spaces after it before ';' or the end). */
static int
S_holds(const char *header, const char *name, const char *value)
{
	size_t		 nl = strlen(name), vl = strlen(value);
	const char	*p, *v;

	for (p = header; *p != '\0' && (p = strstr(p, name)) != NULL &&
	    *p != '\0'; p++) {
		if (p != header && p[-1] != ' ' && p[-1] != ';')
			continue;
		if (p[nl] != '=')
			continue;
		v = p + nl + 1;
		if (*v == '"' && strncmp(v + 1, value, vl) == 0 &&
		    v[vl + 1] == '"')
			return 1;
		if (strncmp(v, value, vl) == 0) {
			v += vl;
			while (*v == ' ')
				v++;
			if (*v == ';' || *v == '\0')
				return 1;
		}
	}
	return 0;
}

int
fuzz_one(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "__Host-wasl-staff", "a", "",
	    "x y", "b=" };
	unsigned char	 out[HTTP_MAX_COOKIE_VALUE + 64];
	const char	*name;
	char		*header;
	size_t		 osize, i, n;
	int		 rc;

	if (size < 2)
		return 0;
	name = names[data[0] % (sizeof(names) / sizeof(names[0]))];
	osize = data[1] % (HTTP_MAX_COOKIE_VALUE + 2);	/* 0 .. max + 1 */
	header = malloc(size - 1);
	memcpy(header, data + 2, size - 2);
	header[size - 2] = '\0';
	memset(out, CANARY, sizeof(out));
	rc = http_cookie(header, name, (char *)out, osize);
	if (rc < -1 || rc > 1)
		abort();
	for (i = osize; i < sizeof(out); i++)
		if (out[i] != CANARY)
			abort();	/* written beyond the buffer */
	if (rc == 1) {
		n = strnlen((const char *)out, osize);
		if (n >= osize)
			abort();	/* no NUL within the buffer */
		for (i = 0; i < n; i++)
			if (!S_octet(out[i]))
				abort();
		if (!S_holds(header, name, (const char *)out))
			abort();
	} else
		for (i = 0; i < osize; i++)
			if (out[i] != CANARY)
				abort();	/* written though refused */
	free(header);
	return 0;
}
