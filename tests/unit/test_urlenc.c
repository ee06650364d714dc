/*
 * test_urlenc: the x-www-form-urlencoded parser of lib/urlenc: decoding
 * ('+', %XX, empty values and pairs), every limit at and over its bound
 * (a form's, one given, a long post's, the ceiling), every error code,
 * and pathological bodies (1 MB, 10,000 fields).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "urlenc.h"

/* The list as "name=value|..." with values' NULs shown as "\0". */
static void
S_show(const struct urlenc_list *l, struct buf *b)
{
	size_t	 i, j;

	for (i = 0; i < l->n; i++) {
		buf_printf(b, "%s%s=", i ? "|" : "", l->pairs[i].name);
		for (j = 0; j < l->pairs[i].value_len; j++)
			if (l->pairs[i].value[j] == '\0')
				buf_puts(b, "\\0");
			else
				buf_putc(b, l->pairs[i].value[j]);
		if (l->pairs[i].value[l->pairs[i].value_len] != '\0')
			buf_puts(b, "(unterminated)");
	}
}

static void
t_ok(const char *name, const char *body, const char *want)
{
	struct urlenc_list	 l;
	struct buf		 b = BUF_INIT;
	int			 rc;

	rc = urlenc_parse(body, strlen(body), URLENC_MAX_BODY, &l);
	if (rc != URLENC_OK) {
		check(0, name, urlenc_strerror(rc));
		urlenc_free(&l);
		return;
	}
	S_show(&l, &b);
	check_str(buf_cstr(&b), want, name);
	urlenc_free(&l);
	buf_free(&b);
}

static void
t_err_n(const char *name, const char *body, size_t len, int want)
{
	struct urlenc_list	 l;
	char			 detail[128];
	int			 rc;

	rc = urlenc_parse(body, len, URLENC_MAX_BODY, &l);
	snprintf(detail, sizeof(detail), "got [%s], want [%s]",
	    urlenc_strerror(rc), urlenc_strerror(want));
	check(rc == want && l.n == 0 && l.pairs == NULL, name, detail);
	urlenc_free(&l);
	urlenc_free(&l);	/* twice is harmless */
}

#define t_err(name, body, want) t_err_n(name, body, strlen(body), want)

static void
t_decoding(void)
{
	t_ok("two pairs", "a=1&b=2", "a=1|b=2");
	t_ok("plus is space", "name=%D8%A3%D8%AD%D9%85%D8%AF+%D8%B9%D9%84%D9%8A",
	    "name=أحمد علي");
	t_ok("%20 and +", "q=a+b%20c%2Bd", "q=a b c+d");
	t_ok("lower and upper hex", "v=%e2%9c%93%E2%9C%93", "v=✓✓");
	t_ok("empty value", "a=&b=2", "a=|b=2");
	t_ok("no equals sign", "a&b=2", "a=|b=2");
	t_ok("equals in value", "a=b=c", "a=b=c");
	t_ok("empty pairs skipped", "&a=1&&b=2&", "a=1|b=2");
	t_ok("empty body", "", "");
	t_ok("only ampersands", "&&&", "");
	t_ok("repeated names kept in order", "a=1&a=2&b=3", "a=1|a=2|b=3");
	t_ok("NUL in value", "a=x%00y", "a=x\\0y");
	t_ok("CR LF in value", "m=a%0D%0Ab", "m=a\r\nb");
	t_ok("bytes that are not UTF-8 in value", "a=%FF%C0", "a=\xff\xc0");
	t_ok("encoded name", "%61%5F1=x", "a_1=x");
	t_ok("brackets in name", "f[0]=x", "f[0]=x");
	t_ok("literal UTF-8 value", "a=ب", "a=ب");
	{
		struct urlenc_list l;

		check(urlenc_parse(NULL, 0, URLENC_MAX_BODY, &l) ==
		    URLENC_OK && l.n == 0, "NULL empty body", NULL);
		urlenc_free(&l);
		urlenc_free(NULL);
	}
}

static void
t_errors(void)
{
	t_err("bad hex", "a=%zz", URLENC_BAD_PERCENT);
	t_err("one hex digit", "a=%4", URLENC_BAD_PERCENT);
	t_err("one hex digit then more", "a=%4g&b=1", URLENC_BAD_PERCENT);
	t_err("percent at end", "a=%", URLENC_BAD_PERCENT);
	t_err("bad percent in name", "%G1=x", URLENC_BAD_PERCENT);
	t_err("bad percent after good pairs", "a=1&b=2&c=%%", URLENC_BAD_PERCENT);
	t_err("empty name", "=x", URLENC_BAD_NAME);
	t_err("empty name later", "a=1&=x", URLENC_BAD_NAME);
	t_err("space in name", "a+b=1", URLENC_BAD_NAME);
	t_err("NUL in name", "a%00=1", URLENC_BAD_NAME);
	t_err("control in name", "a%0A=1", URLENC_BAD_NAME);
	t_err("non-ASCII name", "%D8%A7=1", URLENC_BAD_NAME);
	t_err("raw UTF-8 name", "اسم=1", URLENC_BAD_NAME);
	t_err("DEL in name", "a%7F=1", URLENC_BAD_NAME);
	check(strcmp(urlenc_strerror(URLENC_TOO_MANY), "too many fields") ==
	    0 && strcmp(urlenc_strerror(42), "unknown error") == 0,
	    "strerror", NULL);
}

static void
t_limits(void)
{
	struct buf		 b = BUF_INIT;
	struct urlenc_list	 l;
	size_t			 i;
	int			 rc;

	/* name: 64 bytes decoded fine, 65 not; %XX counts decoded */
	for (i = 0; i < 64; i++)
		buf_putc(&b, 'n');
	buf_puts(&b, "=1");
	rc = urlenc_parse(b.data, b.len, URLENC_MAX_BODY, &l);
	check(rc == URLENC_OK && l.n == 1 && strlen(l.pairs[0].name) == 64,
	    "name of 64", NULL);
	urlenc_free(&l);
	buf_reset(&b);
	for (i = 0; i < 65; i++)
		buf_putc(&b, 'n');
	buf_puts(&b, "=1");
	t_err_n("name of 65", b.data, b.len, URLENC_NAME_TOO_LONG);
	buf_reset(&b);
	for (i = 0; i < 64; i++)
		buf_puts(&b, "%6E");
	rc = urlenc_parse(b.data, b.len, URLENC_MAX_BODY, &l);
	check(rc == URLENC_OK && l.n == 1 && strlen(l.pairs[0].name) == 64,
	    "encoded name of 64 (192 bytes raw)", NULL);
	urlenc_free(&l);
	buf_puts(&b, "%6E");
	t_err_n("encoded name of 65", b.data, b.len, URLENC_NAME_TOO_LONG);

	/* value: 16 KiB decoded fine (even from 48 KiB raw), one more not */
	buf_reset(&b);
	buf_puts(&b, "v=");
	for (i = 0; i < URLENC_MAX_VALUE; i++)
		buf_putc(&b, 'x');
	rc = urlenc_parse(b.data, b.len, URLENC_MAX_BODY, &l);
	check(rc == URLENC_OK && l.n == 1 &&
	    l.pairs[0].value_len == URLENC_MAX_VALUE, "value of 16 KiB", NULL);
	urlenc_free(&l);
	buf_putc(&b, 'x');
	t_err_n("value of 16 KiB + 1", b.data, b.len, URLENC_VALUE_TOO_LONG);
	buf_reset(&b);
	buf_puts(&b, "v=");
	for (i = 0; i < URLENC_MAX_VALUE; i++)
		buf_puts(&b, "%D9");
	rc = urlenc_parse(b.data, b.len, URLENC_MAX_BODY, &l);
	check(rc == URLENC_OK && l.n == 1 &&
	    l.pairs[0].value_len == URLENC_MAX_VALUE,
	    "encoded value of 16 KiB (48 KiB raw)", NULL);
	urlenc_free(&l);
	buf_puts(&b, "+");
	t_err_n("encoded value of 16 KiB + 1", b.data, b.len,
	    URLENC_VALUE_TOO_LONG);

	/* body: 64 KiB fine, one more byte not */
	buf_reset(&b);
	buf_puts(&b, "a=");
	while (b.len < URLENC_MAX_VALUE)
		buf_putc(&b, 'x');
	buf_puts(&b, "&b=");
	while (b.len < 2 * URLENC_MAX_VALUE)
		buf_putc(&b, 'x');
	buf_puts(&b, "&c=");
	while (b.len < 3 * URLENC_MAX_VALUE)
		buf_putc(&b, 'x');
	buf_puts(&b, "&d=");
	while (b.len < URLENC_MAX_BODY)
		buf_putc(&b, 'x');
	rc = urlenc_parse(b.data, b.len, URLENC_MAX_BODY, &l);
	check(rc == URLENC_OK && l.n == 4, "body of 64 KiB", urlenc_strerror(
	    rc));
	urlenc_free(&l);
	buf_putc(&b, 'x');
	t_err_n("body of 64 KiB + 1", b.data, b.len, URLENC_TOO_LARGE);

	/* a megabyte */
	buf_reset(&b);
	while (b.len < 1024 * 1024)
		buf_puts(&b, "a=1&");
	t_err_n("body of 1 MB", b.data, b.len, URLENC_TOO_LARGE);

	/* fields: 64 fine, 65 not, 10,000 not */
	buf_reset(&b);
	for (i = 0; i < URLENC_MAX_FIELDS; i++)
		buf_printf(&b, "%sf%zu=%zu", i ? "&" : "", i, i);
	rc = urlenc_parse(b.data, b.len, URLENC_MAX_BODY, &l);
	check(rc == URLENC_OK && l.n == URLENC_MAX_FIELDS &&
	    strcmp(l.pairs[63].name, "f63") == 0 &&
	    strcmp(l.pairs[63].value, "63") == 0, "64 fields", NULL);
	urlenc_free(&l);
	buf_puts(&b, "&f64=64");
	t_err_n("65 fields", b.data, b.len, URLENC_TOO_MANY);
	buf_reset(&b);
	for (i = 0; i < 64; i++)
		buf_puts(&b, "a=1&&&");
	rc = urlenc_parse(b.data, b.len, URLENC_MAX_BODY, &l);
	check(rc == URLENC_OK && l.n == 64, "empty pairs do not count", NULL);
	urlenc_free(&l);
	buf_reset(&b);
	for (i = 0; i < 10000; i++)
		buf_printf(&b, "%sa=1", i ? "&" : "");
	t_err_n("10,000 fields", b.data, b.len, URLENC_TOO_MANY);
	/* too many is found before a bad encoding later in the body */
	buf_puts(&b, "&x=%zz");
	t_err_n("too many before bad percent", b.data, b.len,
	    URLENC_TOO_MANY);
	buf_reset(&b);
	for (i = 0; i < 10000; i++)
		buf_puts(&b, "&");
	rc = urlenc_parse(b.data, b.len, URLENC_MAX_BODY, &l);
	check(rc == URLENC_OK && l.n == 0, "10,000 ampersands", NULL);
	urlenc_free(&l);
	buf_free(&b);
}

/* t_max_n: urlenc_parse(body, len, max) gives want. */
static void
t_max_n(const char *name, const char *body, size_t len, size_t max,
    int want)
{
	struct urlenc_list	 l;
	char			 detail[128];
	int			 rc;

	rc = urlenc_parse(body, len, max, &l);
	snprintf(detail, sizeof(detail), "got [%s], want [%s]",
	    urlenc_strerror(rc), urlenc_strerror(want));
	check(rc == want && (rc == URLENC_OK || l.n == 0), name, detail);
	urlenc_free(&l);
}

/* The limit given: a body of max bytes accepted, one more refused; a
 * long post's value as long as its body; never past URLENC_MAX_LONG. */
static void
t_max(void)
{
	struct buf		 b = BUF_INIT;
	struct urlenc_list	 l;
	size_t			 i;
	int			 rc;

	/* a limit of its own: 100,000 bytes */
	buf_puts(&b, "a=1&v=");
	while (b.len < 100000)
		buf_putc(&b, 'x');
	t_max_n("max 100,000: a body of 100,000", b.data, b.len, 100000,
	    URLENC_OK);
	buf_putc(&b, 'x');
	t_max_n("max 100,000: a body of 100,001", b.data, b.len, 100000,
	    URLENC_TOO_LARGE);
	t_max_n("max 100,001: a body of 100,001", b.data, b.len, 100001,
	    URLENC_OK);
	/* a form's limit: the same body is too large, as is a short one
	 * under a smaller limit */
	t_max_n("max 64 KiB: a body of 100,001", b.data, b.len,
	    URLENC_MAX_BODY, URLENC_TOO_LARGE);
	t_max_n("max 2: a body of 3", "a=1", 3, 2, URLENC_TOO_LARGE);
	t_max_n("max 0: an empty body", "", 0, 0, URLENC_OK);

	/* a long post: 256 KiB of Arabic, each byte %XX (768 KiB raw),
	 * decoded whole */
	buf_reset(&b);
	buf_puts(&b, "csrf=t&body=");
	for (i = 0; i < 128 * 1024; i++)
		buf_puts(&b, "%D8%B3");
	buf_puts(&b, "&action=save");
	rc = urlenc_parse(b.data, b.len, URLENC_MAX_LONG, &l);
	check(rc == URLENC_OK && l.n == 3 &&
	    l.pairs[1].value_len == 256 * 1024 &&
	    memcmp(l.pairs[1].value, "\xd8\xb3", 2) == 0 &&
	    strcmp(l.pairs[2].value, "save") == 0,
	    "max 1 MiB: 256 KiB of Arabic urlencoded (768 KiB)",
	    urlenc_strerror(rc));
	urlenc_free(&l);
	t_max_n("max 64 KiB: the same post", b.data, b.len, URLENC_MAX_BODY,
	    URLENC_TOO_LARGE);
	/* a value over a form's 16 KiB, in a body a form may have: its
	 * limit is a form's when max is */
	buf_reset(&b);
	buf_puts(&b, "v=");
	for (i = 0; i <= URLENC_MAX_VALUE; i++)
		buf_putc(&b, 'x');
	t_max_n("max 64 KiB: a value of 16 KiB + 1", b.data, b.len,
	    URLENC_MAX_BODY, URLENC_VALUE_TOO_LONG);
	t_max_n("max 64 KiB + 1: a value of 16 KiB + 1", b.data, b.len,
	    URLENC_MAX_BODY + 1, URLENC_OK);

	/* the ceiling: a body of 1 MiB, one value, accepted; one more
	 * byte refused, whatever max says */
	buf_reset(&b);
	buf_puts(&b, "v=");
	while (b.len < URLENC_MAX_LONG)
		buf_putc(&b, 'x');
	rc = urlenc_parse(b.data, b.len, URLENC_MAX_LONG, &l);
	check(rc == URLENC_OK && l.n == 1 &&
	    l.pairs[0].value_len == URLENC_MAX_LONG - 2,
	    "max 1 MiB: a body of 1 MiB, one value", urlenc_strerror(rc));
	urlenc_free(&l);
	buf_putc(&b, 'x');
	t_max_n("max 1 MiB: a body of 1 MiB + 1", b.data, b.len,
	    URLENC_MAX_LONG, URLENC_TOO_LARGE);
	t_max_n("max past the ceiling: a body of 1 MiB + 1", b.data, b.len,
	    (size_t)-1, URLENC_TOO_LARGE);
	t_max_n("max past the ceiling: a body of 1 MiB", b.data, b.len - 1,
	    (size_t)-1, URLENC_OK);
	buf_free(&b);
}

int
main(void)
{
	t_decoding();
	t_errors();
	t_limits();
	t_max();
	return check_exit();
}
