/*
 * urlenc: x-www-form-urlencoded bodies (see urlenc.h).
 *
 * A first pass counts the pairs, so that too many is refused before any
 * decoding; the second decodes every name and value into one block of
 * memory, which is never longer than the body (decoding only shortens)
 * plus a terminator for each string.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "urlenc.h"

static int
S_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decode src[0..len) to dst (room for len bytes). Returns the decoded
 * length, or -1 (URLENC_BAD_PERCENT) / -2 (longer than max).
 */
static long
S_decode(const char *src, size_t len, char *dst, size_t max)
{
	size_t	 i, n = 0;
	int	 hi, lo;

	for (i = 0; i < len; i++) {
		if (n == max)
			return -2;
		if (src[i] == '+')
			dst[n++] = ' ';
		else if (src[i] == '%') {
			if (len - i < 3 || (hi = S_hex(src[i + 1])) < 0 ||
			    (lo = S_hex(src[i + 2])) < 0)
				return -1;
			dst[n++] = (char)(hi << 4 | lo);
			i += 2;
		} else
			dst[n++] = src[i];
	}
	return (long)n;
}

int
urlenc_parse(const char *body, size_t len, size_t max,
    struct urlenc_list *out)
{
	const char	*p, *end, *amp, *eq;
	char		*w;
	size_t		 n = 0, i, nlen, vlen, vmax;
	long		 r;
	int		 rc = URLENC_OK;

	memset(out, 0, sizeof(*out));
	if (max > URLENC_MAX_LONG)
		max = URLENC_MAX_LONG;
	if (len > max)
		return URLENC_TOO_LARGE;
	/* A form's values are short; a longer body is there for one long
	 * text, which may take all of it. */
	vmax = max > URLENC_MAX_BODY ? max : URLENC_MAX_VALUE;
	if (len == 0)
		return URLENC_OK;
	end = body + len;
	for (p = body; p < end; p = amp + 1) {
		if ((amp = memchr(p, '&', (size_t)(end - p))) == NULL)
			amp = end;
		if (amp > p && ++n > URLENC_MAX_FIELDS)
			return URLENC_TOO_MANY;
	}
	if (n == 0)
		return URLENC_OK;
	out->pairs = xcalloc(n, sizeof(*out->pairs));
	out->mem = xmalloc(len + 2 * n);
	w = out->mem;
	for (p = body; p < end; p = amp + 1) {
		if ((amp = memchr(p, '&', (size_t)(end - p))) == NULL)
			amp = end;
		if (amp == p)
			continue;
		if ((eq = memchr(p, '=', (size_t)(amp - p))) == NULL)
			eq = amp;
		nlen = (size_t)(eq - p);
		if (nlen == 0) {
			rc = URLENC_BAD_NAME;
			goto out;
		}
		r = S_decode(p, nlen, w, URLENC_MAX_NAME);
		if (r < 0) {
			rc = r == -1 ? URLENC_BAD_PERCENT :
			    URLENC_NAME_TOO_LONG;
			goto out;
		}
		for (i = 0; i < (size_t)r; i++)
			if ((unsigned char)w[i] < 0x21 ||
			    (unsigned char)w[i] > 0x7E) {
				rc = URLENC_BAD_NAME;
				goto out;
			}
		if (r == 0) {
			rc = URLENC_BAD_NAME;
			goto out;
		}
		w[r] = '\0';
		out->pairs[out->n].name = w;
		w += r + 1;
		vlen = eq < amp ? (size_t)(amp - eq - 1) : 0;
		r = S_decode(eq < amp ? eq + 1 : eq, vlen, w, vmax);
		if (r < 0) {
			rc = r == -1 ? URLENC_BAD_PERCENT :
			    URLENC_VALUE_TOO_LONG;
			goto out;
		}
		w[r] = '\0';
		out->pairs[out->n].value = w;
		out->pairs[out->n].value_len = (size_t)r;
		w += r + 1;
		out->n++;
	}
out:
	if (rc != URLENC_OK)
		urlenc_free(out);
	return rc;
}

void
urlenc_free(struct urlenc_list *l)
{
	if (l == NULL)
		return;
	free(l->pairs);
	free(l->mem);
	l->pairs = NULL;
	l->mem = NULL;
	l->n = 0;
}

const char *
urlenc_strerror(int code)
{
	switch (code) {
	case URLENC_OK:
		return "no error";
	case URLENC_TOO_LARGE:
		return "body too large";
	case URLENC_TOO_MANY:
		return "too many fields";
	case URLENC_NAME_TOO_LONG:
		return "field name too long";
	case URLENC_VALUE_TOO_LONG:
		return "field value too long";
	case URLENC_BAD_PERCENT:
		return "bad percent-encoding";
	case URLENC_BAD_NAME:
		return "empty or malformed field name";
	default:
		return "unknown error";
	}
}
