/*
 * utf8: validation (see utf8.h), after the table in RFC 3629, section 4.
 */
#include "utf8.h"

int
utf8_valid(const char *str, size_t len, size_t *bad)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 i = 0, n, k;
	unsigned char		 lo, hi;

	while (i < len) {
		unsigned char c = s[i];

		lo = 0x80;
		hi = 0xBF;
		if (c == 0)
			goto fail;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			n = 1;
		else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			if (c == 0xE0)
				lo = 0xA0;
			else if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				hi = 0x8F;
		} else
			goto fail;
		if (len - i <= n)	/* truncated sequence */
			goto fail;
		if (s[i + 1] < lo || s[i + 1] > hi)
			goto fail;
		for (k = 2; k <= n; k++)
			if (s[i + k] < 0x80 || s[i + k] > 0xBF)
				goto fail;
		i += n + 1;
	}
	return 1;
fail:
	if (bad != NULL)
		*bad = i;
	return 0;
}
