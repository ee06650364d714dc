/*
 * fuzz_console_form: a posted body as wasl-console reads its fields:
 * urlenc_parse() within the longest post it takes, then console_field() for every name in it with a bound
 * that the first byte picks, and console_value_ok() (the fields' rule,
 * fcgi/console/console.c) against a validator of the harness's own. On
 * every input: a name given twice is refused (NULL, bad set); a name
 * given once gives its value exactly when the value is at most the bound,
 * is UTF-8 (RFC 3629: no overlong form, no surrogate, nothing past
 * U+10FFFF) and holds no NUL and no control character but tab, LF and
 * CR; and what it gives is the pair's own value.
 */
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "fuzz.h"

/* The rule, written again from RFC 3629 and the console's header. */
static int
S_ok(const unsigned char *v, size_t len, size_t max)
{
	size_t		 i = 0, k, need;
	unsigned	 c, min;

	if (len > max)
		return 0;
	while (i < len) {
		c = v[i];
		if (c < 0x80) {
			if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
			    c == 0x7f)
				return 0;
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1;
			c &= 0x1f;
			min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2;
			c &= 0x0f;
			min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3;
			c &= 0x07;
			min = 0x10000;
		} else
			return 0;
		if (len - i <= need)
			return 0;
		for (k = 1; k <= need; k++) {
			if ((v[i + k] & 0xc0) != 0x80)
				return 0;
			c = (c << 6) | (v[i + k] & 0x3f);
		}
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return 0;
		i += need + 1;
	}
	return 1;
}

int
fuzz_one(const uint8_t *data, size_t size)
{
	struct creq	 cr;
	const char	*got;
	size_t		 i, j, max, times;
	int		 bad, want;

	if (size < 1)
		return 0;
	max = data[0] < 200 ? data[0] : (size_t)data[0] * 64;
	memset(&cr, 0, sizeof(cr));
	/* The longest post the console reads (a long text's) */
	if (urlenc_parse((const char *)data + 1, size - 1, CONSOLE_LONG_POST,
	    &cr.form) != URLENC_OK)
		return 0;
	for (i = 0; i < cr.form.n; i++) {
		const struct urlenc_pair *p = &cr.form.pairs[i];

		want = S_ok((const unsigned char *)p->value, p->value_len,
		    max);
		if (console_value_ok(p->value, p->value_len, max) != want)
			abort();
		for (j = 0, times = 0; j < cr.form.n; j++)
			if (strcmp(cr.form.pairs[j].name, p->name) == 0)
				times++;
		bad = 0;
		got = console_field(&cr, p->name, max, &bad);
		if (times > 1) {
			if (got != NULL || !bad)
				abort();
		} else if (want) {
			if (got != p->value || bad)
				abort();
		} else if (got != NULL || !bad)
			abort();
	}
	urlenc_free(&cr.form);
	return 0;
}
