/*
 * test_fieldcheck: the validators and normalisers of lib/fieldcheck, as
 * tables of input -> expected code and normalised output: national IDs,
 * mobiles, e-mails, free text (controls, bidi and invisible characters,
 * bad UTF-8, huge input, line breaks), integers in three digit scripts,
 * options, consent, the refill copy and the Arabic messages (said by
 * lib/view/fieldmsg with the shipped catalog).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "catalog.h"
#include "check.h"
#include "fieldcheck.h"
#include "fieldmsg.h"
#include "formdef.h"

struct tcase {
	const char	*in;
	size_t		 len;	/* 0: strlen(in) */
	int		 code;
	const char	*want;	/* normalised output when FC_OK */
};

#define L(s)	s, sizeof(s) - 1	/* a literal that may hold NUL */

typedef int (*checker)(const char *, size_t, struct buf *);

/* Run one table through f; name each check by its label and index. */
static void
S_table(const char *label, checker f, const struct tcase *t, size_t n)
{
	struct buf	 out = BUF_INIT;
	char		 name[128], detail[512];
	size_t		 i, len;
	int		 rc;

	for (i = 0; i < n; i++) {
		len = t[i].len ? t[i].len : strlen(t[i].in);
		buf_reset(&out);
		buf_puts(&out, "<");	/* a prefix that must survive */
		rc = f(t[i].in, len, &out);
		snprintf(name, sizeof(name), "%s %zu", label, i + 1);
		snprintf(detail, sizeof(detail), "input [%.*s]: got %s [%s], "
		    "want %s [%s]", (int)(len > 80 ? 80 : len), t[i].in,
		    fc_error_name(rc), out.data, fc_error_name(t[i].code),
		    t[i].want ? t[i].want : "");
		if (rc != FC_OK)
			check(rc == t[i].code && strcmp(out.data, "<") == 0,
			    name, detail);
		else
			check(rc == t[i].code && strncmp(out.data, "<", 1) ==
			    0 && strcmp(out.data + 1, t[i].want) == 0, name,
			    detail);
	}
	buf_free(&out);
}

static const struct tcase ids[] = {
	{ "1000000008", 0, FC_OK, "1000000008" },
	{ "2000000006", 0, FC_OK, "2000000006" },
	{ "1234567897", 0, FC_OK, "1234567897" },
	{ "2109876546", 0, FC_OK, "2109876546" },
	{ "1054321987", 0, FC_OK, "1054321987" },
	{ "2468135799", 0, FC_OK, "2468135799" },
	{ "1999999996", 0, FC_OK, "1999999996" },
	/* Arabic-Indic, with and without spaces; Persian; mixed */
	{ "١٠٠٠٠٠٠٠٠٨", 0, FC_OK, "1000000008" },
	{ "١٠٠٠ ٠٠٠ ٠٠٨", 0, FC_OK, "1000000008" },
	{ "۱۰۰۰۰۰۰۰۰۸", 0, FC_OK, "1000000008" },
	{ "10٠٠۰00008", 0, FC_OK, "1000000008" },
	{ "١٢٣-٤٥٦-٧٨٩٧", 0, FC_OK, "1234567897" },
	{ "1000-000-008", 0, FC_OK, "1000000008" },
	{ "  1000000008\t\n", 0, FC_OK, "1000000008" },
	{ "1000\xc2\xa0" "000\xc2\xa0" "008", 0, FC_OK, "1000000008" },
	/* checksum */
	{ "1000000009", 0, FC_CHECKSUM, NULL },
	{ "1000000080", 0, FC_CHECKSUM, NULL },
	{ "1234567879", 0, FC_CHECKSUM, NULL },	/* transposed */
	{ "٢٠٠٠٠٠٠٠٠٧", 0, FC_CHECKSUM, NULL },
	/* first digit */
	{ "3000000004", 0, FC_ID_PREFIX, NULL },	/* Luhn-valid */
	{ "0000000000", 0, FC_ID_PREFIX, NULL },
	{ "٩٠٠٠٠٠٠٠٠٠", 0, FC_ID_PREFIX, NULL },
	/* shape */
	{ "100000000", 0, FC_FORMAT, NULL },		/* 9 digits */
	{ "10000000008", 0, FC_FORMAT, NULL },		/* 11 digits */
	{ "١٠٠٠٠٠٠٠٠", 0, FC_FORMAT, NULL },		/* 9 digits */
	{ "10000O0008", 0, FC_FORMAT, NULL },		/* letter O */
	{ "1000000008x", 0, FC_FORMAT, NULL },
	{ "+1000000008", 0, FC_FORMAT, NULL },
	{ "1000.000.008", 0, FC_FORMAT, NULL },
	{ L("1000000008\0"), FC_FORMAT, NULL },
	{ "\xd9\xa1\xd9", 0, FC_FORMAT, NULL },		/* cut UTF-8 */
	{ "", 0, FC_EMPTY, NULL },
	{ "   ", 0, FC_EMPTY, NULL },
	{ "\xc2\xa0", 0, FC_EMPTY, NULL },
};

static const struct tcase mobiles[] = {
	{ "0512345678", 0, FC_OK, "+966512345678" },
	{ "512345678", 0, FC_OK, "+966512345678" },
	{ "966512345678", 0, FC_OK, "+966512345678" },
	{ "+966512345678", 0, FC_OK, "+966512345678" },
	{ "00966512345678", 0, FC_OK, "+966512345678" },
	{ "٠٥١٢٣٤٥٦٧٨", 0, FC_OK, "+966512345678" },
	{ "۰۵۹۸۷۶۵۴۳۲", 0, FC_OK, "+966598765432" },
	{ "+٩٦٦٥٥٠٠٠٠٠٠٠", 0, FC_OK, "+966550000000" },
	{ "051 234 5678", 0, FC_OK, "+966512345678" },
	{ "051-234-5678", 0, FC_OK, "+966512345678" },
	{ "(051) 234-5678", 0, FC_OK, "+966512345678" },
	{ "+966 51 234 5678", 0, FC_OK, "+966512345678" },
	{ "(+966) 51 234 5678", 0, FC_OK, "+966512345678" },
	{ "00966 51-234-5678", 0, FC_OK, "+966512345678" },
	{ "051.234.5678", 0, FC_OK, "+966512345678" },
	{ " 0512345678\n", 0, FC_OK, "+966512345678" },
	{ "05\xc2\xa0" "12345678", 0, FC_OK, "+966512345678" },
	/* rejected */
	{ "0112345678", 0, FC_FORMAT, NULL },		/* Riyadh landline */
	{ "011 234 5678", 0, FC_FORMAT, NULL },
	{ "0612345678", 0, FC_FORMAT, NULL },
	{ "051234567", 0, FC_FORMAT, NULL },		/* one short */
	{ "05123456789", 0, FC_FORMAT, NULL },		/* one long */
	{ "5123456789", 0, FC_FORMAT, NULL },
	{ "+971501234567", 0, FC_FORMAT, NULL },	/* UAE */
	{ "00971501234567", 0, FC_FORMAT, NULL },
	{ "+9660512345678", 0, FC_FORMAT, NULL },	/* trunk 0 */
	{ "+0512345678", 0, FC_FORMAT, NULL },
	{ "0512345678+", 0, FC_FORMAT, NULL },
	{ "++966512345678", 0, FC_FORMAT, NULL },
	{ "05123a5678", 0, FC_FORMAT, NULL },
	{ "0512345678 ext 2", 0, FC_FORMAT, NULL },
	{ "٠٥١٢٣٤٥٦٧", 0, FC_FORMAT, NULL },
	{ "12345678", 0, FC_FORMAT, NULL },
	{ L("05123\0" "45678"), FC_FORMAT, NULL },
	{ "", 0, FC_EMPTY, NULL },
	{ " \t ", 0, FC_EMPTY, NULL },
};

static int
S_email(const char *s, size_t len, struct buf *out)
{
	return fc_email(s, len, 254, out);
}

static int
S_email20(const char *s, size_t len, struct buf *out)
{
	return fc_email(s, len, 20, out);
}

static const struct tcase emails[] = {
	{ "name@example.com", 0, FC_OK, "name@example.com" },
	{ " Name@Example.COM ", 0, FC_OK, "Name@example.com" },
	{ "a@b.co", 0, FC_OK, "a@b.co" },
	{ "first.last+tag@mail.Example.org", 0, FC_OK,
	    "first.last+tag@mail.example.org" },
	{ "ihsanhousing@gmail.com", 0, FC_OK, "ihsanhousing@gmail.com" },
	{ "no-at.example.com", 0, FC_FORMAT, NULL },
	{ "a@@example.com", 0, FC_FORMAT, NULL },
	{ "a@b@example.com", 0, FC_FORMAT, NULL },
	{ "@example.com", 0, FC_FORMAT, NULL },
	{ "a@", 0, FC_FORMAT, NULL },
	{ "a@example", 0, FC_FORMAT, NULL },
	{ "a@.example.com", 0, FC_FORMAT, NULL },
	{ "a@example..com", 0, FC_FORMAT, NULL },
	{ "a@example.com.", 0, FC_FORMAT, NULL },
	{ "a@example.c", 0, FC_FORMAT, NULL },
	{ "a b@example.com", 0, FC_FORMAT, NULL },
	{ "a@exa mple.com", 0, FC_FORMAT, NULL },
	{ "a\xc2\xa0" "b@example.com", 0, FC_FORMAT, NULL },
	{ "a\x01@example.com", 0, FC_FORMAT, NULL },
	{ L("a\0@example.com"), FC_FORMAT, NULL },
	{ "<a@example.com>", 0, FC_FORMAT, NULL },
	{ "a,b@example.com", 0, FC_FORMAT, NULL },
	{ "a\xe2\x80\x8b@example.com", 0, FC_FORMAT, NULL },	/* ZWSP */
	{ "a@exam\xe2\x80\xaeple.com", 0, FC_FORMAT, NULL },	/* RLO */
	{ "a@example.com\xc0\xaf", 0, FC_ENCODING, NULL },
	{ "", 0, FC_EMPTY, NULL },
	{ "  ", 0, FC_EMPTY, NULL },
};

static const struct tcase emails20[] = {
	{ "abcdefgh@example.com", 0, FC_OK, "abcdefgh@example.com" },
	{ "abcdefghi@example.com", 0, FC_TOO_LONG, NULL },
};

static void
t_email_lengths(void)
{
	struct buf	 in = BUF_INIT, out = BUF_INIT;
	size_t		 i;

	/* local part: 64 bytes fine, 65 not */
	for (i = 0; i < 64; i++)
		buf_putc(&in, 'x');
	buf_puts(&in, "@example.com");
	check(fc_email(in.data, in.len, 254, &out) == FC_OK,
	    "email local part of 64", NULL);
	buf_reset(&in);
	buf_reset(&out);
	for (i = 0; i < 65; i++)
		buf_putc(&in, 'x');
	buf_puts(&in, "@example.com");
	check(fc_email(in.data, in.len, 254, &out) == FC_FORMAT &&
	    out.len == 0, "email local part of 65", NULL);
	/* whole address: 254 fine, 255 too long */
	buf_reset(&in);
	buf_puts(&in, "a@");
	while (in.len < 250)
		buf_puts(&in, "b");
	buf_puts(&in, ".com");
	check(in.len == 254 && fc_email(in.data, in.len, 254, &out) ==
	    FC_OK, "email of 254", NULL);
	buf_reset(&out);
	buf_putc(&in, 'x');
	check(fc_email(in.data, in.len, 254, &out) == FC_TOO_LONG,
	    "email of 255", NULL);
	check(fc_email(in.data, in.len, 0, &out) == FC_TOO_LONG,
	    "email of 255, no max", NULL);
	buf_free(&in);
	buf_free(&out);
}

static int
S_line(const char *s, size_t len, struct buf *out)
{
	return fc_text(s, len, 0, 20, out);
}

static int
S_area(const char *s, size_t len, struct buf *out)
{
	return fc_text(s, len, 1, 20, out);
}

static const struct tcase lines[] = {
	{ "  مرحبا بكم  ", 0, FC_OK, "مرحبا بكم" },
	{ "\xc2\xa0\xe3\x80\x80" "محمد\xc2\xa0", 0, FC_OK, "محمد" },
	{ "abc", 0, FC_OK, "abc" },
	/* bidi embeddings, overrides and isolates are removed */
	{ "abc\xe2\x80\xae" "def", 0, FC_OK, "abcdef" },		/* RLO */
	{ "\xe2\x80\xaa" "a\xe2\x80\xab" "b\xe2\x80\xac" "c\xe2\x80\xad"
	    "d", 0, FC_OK, "abcd" },
	{ "\xe2\x81\xa6" "a\xe2\x81\xa7" "b\xe2\x81\xa8" "c\xe2\x81\xa9",
	    0, FC_OK, "abc" },
	/* zero-width space, word joiner, BOM removed; ZWNJ/ZWJ kept */
	{ "a\xe2\x80\x8b" "b\xe2\x81\xa0" "c\xef\xbb\xbf" "d", 0, FC_OK,
	    "abcd" },
	{ "\xef\xbb\xbf" "سلام", 0, FC_OK, "سلام" },
	{ "می\xe2\x80\x8c" "خواهم", 0, FC_OK, "می\xe2\x80\x8c" "خواهم" },
	{ "a\xe2\x80\x8d" "b", 0, FC_OK, "a\xe2\x80\x8d" "b" },
	{ "\xe2\x80\x8f" "123", 0, FC_OK, "\xe2\x80\x8f" "123" },	/* RLM */
	{ "\xe2\x80\x8b\xe2\x80\x8b", 0, FC_EMPTY, NULL },
	{ " \xe2\x80\x8b x \xe2\x80\x8b ", 0, FC_OK, "x" },
	/* controls */
	{ L("a\0b"), FC_CONTROL, NULL },
	{ "a\x01" "b", 0, FC_CONTROL, NULL },
	{ "a\x1b[31mb", 0, FC_CONTROL, NULL },
	{ "a\x7f" "b", 0, FC_CONTROL, NULL },
	{ "a\xc2\x85" "b", 0, FC_CONTROL, NULL },			/* NEL */
	{ "a\xc2\x9b" "b", 0, FC_CONTROL, NULL },			/* CSI */
	{ "a\tb", 0, FC_CONTROL, NULL },
	{ "a\nb", 0, FC_CONTROL, NULL },
	{ "a\r\nb", 0, FC_CONTROL, NULL },
	{ "a\xe2\x80\xa8" "b", 0, FC_OK, "a b" },			/* LS */
	/* bad UTF-8 */
	{ "\xc0\xaf", 0, FC_ENCODING, NULL },		/* overlong '/' */
	{ "\xe0\x80\xaf", 0, FC_ENCODING, NULL },	/* overlong, 3 */
	{ "\xed\xa0\x80", 0, FC_ENCODING, NULL },	/* surrogate */
	{ "\xed\xbf\xbf", 0, FC_ENCODING, NULL },
	{ "\xf4\x90\x80\x80", 0, FC_ENCODING, NULL },	/* > U+10FFFF */
	{ "\xf8\x88\x80\x80\x80", 0, FC_ENCODING, NULL },
	{ "abc\xd9", 0, FC_ENCODING, NULL },		/* cut */
	{ "\xff", 0, FC_ENCODING, NULL },
	{ "\x80", 0, FC_ENCODING, NULL },
	/* length in code points: max is 20 */
	{ "عععععععععععععععععععع", 0, FC_OK, "عععععععععععععععععععع" },
	{ "ععععععععععععععععععععع", 0, FC_TOO_LONG, NULL },
	{ "😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀", 0, FC_OK,
	    "😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀" },
	{ "      12345678901234567890      ", 0, FC_OK,
	    "12345678901234567890" },
	{ "1234567890\xe2\x80\x8b" "1234567890\xe2\x80\x8b", 0, FC_OK,
	    "12345678901234567890" },
	{ "", 0, FC_EMPTY, NULL },
	{ " \xc2\xa0 ", 0, FC_EMPTY, NULL },
};

static const struct tcase areas[] = {
	{ "a\r\nb\rc\nd", 0, FC_OK, "a\nb\nc\nd" },
	{ "\r\n\r\nسطر أول\r\n\r\nسطر ثانٍ\r\n\r\n", 0, FC_OK,
	    "سطر أول\n\nسطر ثانٍ" },
	{ "a\tb", 0, FC_OK, "a\tb" },
	{ "a\xe2\x80\xa9" "b", 0, FC_OK, "a\nb" },			/* PS */
	{ "a\x0b" "b", 0, FC_CONTROL, NULL },
	{ "a\x0c" "b", 0, FC_CONTROL, NULL },
	{ L("a\n\0"), FC_CONTROL, NULL },
	{ "a\xe2\x81\xa6\n" "b", 0, FC_OK, "a\nb" },
	{ "\n\n\t \n", 0, FC_EMPTY, NULL },
	/* CRLF is one character */
	{ "123456789\r\n123456789\r\n", 0, FC_OK, "123456789\n123456789" },
};

static void
t_text_huge(void)
{
	size_t		 n = 1024 * 1024, i;
	char		*big = xmalloc(n);
	struct buf	 out = BUF_INIT;

	for (i = 0; i < n; i++)
		big[i] = 'a';
	check(fc_text(big, n, 1, 10000, &out) == FC_TOO_LONG &&
	    out.len == 0, "text of 1 MB is too long", NULL);
	check(fc_text(big, FC_MAX_INPUT, 1, 10000, &out) == FC_TOO_LONG,
	    "text of 64 KiB over max 10000", NULL);
	check(fc_text(big, 10000, 1, 10000, &out) == FC_OK &&
	    out.len == 10000, "text of exactly 10000", NULL);
	buf_reset(&out);
	/* 1 MB of zero-width spaces is still refused by size */
	for (i = 0; i + 3 <= n; i += 3)
		memcpy(big + i, "\xe2\x80\x8b", 3);
	check(fc_text(big, i, 1, 10000, &out) == FC_TOO_LONG,
	    "1 MB of ZWSP is too long", NULL);
	check(fc_national_id(big, n, &out) == FC_FORMAT,
	    "1 MB national ID", NULL);
	check(fc_mobile(big, n, &out) == FC_FORMAT, "1 MB mobile", NULL);
	check(fc_email(big, n, 254, &out) == FC_TOO_LONG, "1 MB email",
	    NULL);
	{
		long long v = 0;

		memset(big, '1', n);
		check(fc_integer(big, n, 0, 10, &v) == FC_FORMAT,
		    "1 MB integer", NULL);
		check(fc_integer(big, 200, 0, 10, &v) == FC_RANGE,
		    "200-digit integer", NULL);
	}
	buf_reset(&out);
	memset(big, 'a', n);
	fc_refill(big, n, 0, &out);
	check(out.len == FC_MAX_INPUT, "refill of 1 MB is cut to 64 KiB",
	    NULL);
	buf_free(&out);
	free(big);
}

struct icase {
	const char	*in;
	long long	 min, max;
	int		 code;
	long long	 want;
};

static const struct icase ints[] = {
	{ "5", 1, 30, FC_OK, 5 },
	{ "٥", 1, 30, FC_OK, 5 },
	{ "۱۲", 1, 30, FC_OK, 12 },
	{ "۳۰", 1, 30, FC_OK, 30 },
	{ "١٢٠٠٠", 0, 1000000, FC_OK, 12000 },
	{ " 30 ", 1, 30, FC_OK, 30 },
	{ "\xc2\xa0" "7\xc2\xa0", 1, 30, FC_OK, 7 },
	{ "007", 1, 30, FC_OK, 7 },
	{ "0", 0, 1000000, FC_OK, 0 },
	{ "1000000", 0, 1000000, FC_OK, 1000000 },
	{ "1000001", 0, 1000000, FC_RANGE, 0 },
	{ "31", 1, 30, FC_RANGE, 0 },
	{ "0", 1, 30, FC_RANGE, 0 },
	{ "-1", 0, 30, FC_RANGE, 0 },
	{ "-5", -10, 10, FC_OK, -5 },
	{ "-٥", -10, 10, FC_OK, -5 },
	{ "-11", -10, 10, FC_RANGE, 0 },
	{ "+5", 0, 30, FC_FORMAT, 0 },
	{ "5.0", 0, 30, FC_FORMAT, 0 },
	{ "5٫5", 0, 30, FC_FORMAT, 0 },
	{ "1,000", 0, 1000000, FC_FORMAT, 0 },
	{ "١٬٠٠٠", 0, 1000000, FC_FORMAT, 0 },
	{ "1 000", 0, 1000000, FC_FORMAT, 0 },
	{ "12a", 0, 1000000, FC_FORMAT, 0 },
	{ "abc", 0, 1000000, FC_FORMAT, 0 },
	{ "5-", -10, 10, FC_FORMAT, 0 },
	{ "--5", -10, 10, FC_FORMAT, 0 },
	{ "-", -10, 10, FC_FORMAT, 0 },
	{ "1e3", 0, 1000000, FC_FORMAT, 0 },
	{ "0x10", 0, 1000000, FC_FORMAT, 0 },
	{ "\xd9", 0, 10, FC_FORMAT, 0 },
	{ "99999999999999999999", 0, 1000000, FC_RANGE, 0 },
	{ "", 0, 10, FC_EMPTY, 0 },
	{ "   ", 0, 10, FC_EMPTY, 0 },
};

static void
t_integers(void)
{
	char		 name[64], detail[256];
	long long	 v;
	size_t		 i;
	int		 rc;

	for (i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		v = -999;
		rc = fc_integer(ints[i].in, strlen(ints[i].in), ints[i].min,
		    ints[i].max, &v);
		snprintf(name, sizeof(name), "integer %zu", i + 1);
		snprintf(detail, sizeof(detail), "[%s] in %lld..%lld: got %s "
		    "%lld, want %s %lld", ints[i].in, ints[i].min,
		    ints[i].max, fc_error_name(rc), v,
		    fc_error_name(ints[i].code), ints[i].want);
		check(rc == ints[i].code && (rc != FC_OK ||
		    v == ints[i].want) && (rc == FC_OK || v == -999), name,
		    detail);
	}
}

static void
t_digits(void)
{
	struct buf	 out = BUF_INIT;

	fc_digits_normalize("رقم ١٢٣ و۴۵۶ و789", strlen("رقم ١٢٣ و۴۵۶ و789"),
	    &out);
	check_str(out.data, "رقم 123 و456 و789", "digits: three scripts");
	buf_reset(&out);
	fc_digits_normalize("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", strlen(
	    "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"), &out);
	check_str(out.data, "01234567890123456789", "digits: all twenty");
	buf_reset(&out);
	/* a lone lead byte at the end is copied, not read past */
	fc_digits_normalize("1\xd9", 2, &out);
	check(out.len == 2 && memcmp(out.data, "1\xd9", 2) == 0,
	    "digits: cut sequence copied", NULL);
	buf_reset(&out);
	/* Arabic letters that share the lead byte are not digits */
	fc_digits_normalize("\xd9\x8a\xdb\x8c", 4, &out);
	check(out.len == 4 && memcmp(out.data, "\xd9\x8a\xdb\x8c", 4) == 0,
	    "digits: letters kept", NULL);
	buf_reset(&out);
	fc_digits_normalize("", 0, &out);
	check_str(buf_cstr(&out), "", "digits: empty");
	buf_free(&out);
}

static const struct formdef_option kinds[] = {
	{ "inquiry", "استفسار" },
	{ "complaint", "شكوى" },
	{ "suggestion", "مقترح" },
};
static const struct formdef_option stars[] = {
	{ "5", "ممتاز" }, { "4", "جيد جدًا" }, { "3", "جيد" },
	{ "2", "مقبول" }, { "1", "ضعيف" },
};

static struct formdef_field
S_field(const char *name, const char *label, enum formdef_type t,
    long long min, long long max)
{
	struct formdef_field	 f;

	memset(&f, 0, sizeof(f));
	f.name = name;
	f.label = label;
	f.type = t;
	f.min = min;
	f.max = max;
	if (t == FORMDEF_CHOICE) {
		f.options = kinds;
		f.noptions = 3;
	} else if (t == FORMDEF_RATING) {
		f.options = stars;
		f.noptions = 5;
	}
	return f;
}

/* fc_field() on f: code and normalised output. */
static void
S_field_case(const struct formdef_field *f, const char *in, size_t len,
    int code, const char *want, const char *name)
{
	struct buf	 out = BUF_INIT;
	char		 detail[256];
	int		 rc;

	rc = fc_field(f, in, len, &out);
	snprintf(detail, sizeof(detail), "got %s [%s], want %s [%s]",
	    fc_error_name(rc), buf_cstr(&out), fc_error_name(code),
	    want ? want : "");
	check(rc == code && strcmp(buf_cstr(&out), want ? want : "") == 0,
	    name, detail);
	buf_free(&out);
}

#define FC(f, in, code, want, name) \
	S_field_case(f, in, strlen(in), code, want, name)

static void
t_fields(void)
{
	struct formdef_field	 kind, rating, consent, size, note, email;
	struct formdef_field	 nid, mob, name;

	kind = S_field("kind", "نوع الرسالة", FORMDEF_CHOICE, 0, 0);
	rating = S_field("speed", "كيف تقيّم سرعة إنجاز خدمتك؟",
	    FORMDEF_RATING, 0, 0);
	consent = S_field("privacy_consent",
	    "معالجة بياناتك وفق إشعار الخصوصية", FORMDEF_CONSENT, 0, 0);
	size = S_field("family_size", "عدد أفراد الأسرة", FORMDEF_INTEGER,
	    1, 30);
	note = S_field("need", "وصف الحاجة", FORMDEF_TEXTAREA, 0, 10);
	email = S_field("email", "البريد الإلكتروني", FORMDEF_EMAIL, 0, 254);
	nid = S_field("national_id", "رقم الهوية", FORMDEF_NATIONAL_ID, 0, 0);
	mob = S_field("mobile", "رقم الجوال", FORMDEF_MOBILE, 0, 0);
	name = S_field("full_name", "الاسم الكامل", FORMDEF_TEXT, 0, 100);

	FC(&kind, "complaint", FC_OK, "complaint", "choice: an option");
	FC(&kind, "suggestion", FC_OK, "suggestion", "choice: the last");
	FC(&kind, "Complaint", FC_NOT_OPTION, NULL, "choice: case matters");
	FC(&kind, " complaint", FC_NOT_OPTION, NULL, "choice: no trimming");
	FC(&kind, "شكوى", FC_NOT_OPTION, NULL, "choice: label is no value");
	FC(&kind, "complain", FC_NOT_OPTION, NULL, "choice: prefix");
	FC(&kind, "", FC_EMPTY, NULL, "choice: empty");
	S_field_case(&kind, "inquiry\0x", 9, FC_NOT_OPTION, NULL,
	    "choice: NUL after");
	FC(&rating, "1", FC_OK, "1", "rating 1");
	FC(&rating, "3", FC_OK, "3", "rating 3");
	FC(&rating, "5", FC_OK, "5", "rating 5");
	FC(&rating, "0", FC_NOT_OPTION, NULL, "rating 0");
	FC(&rating, "6", FC_NOT_OPTION, NULL, "rating 6");
	FC(&rating, "٥", FC_OK, "5", "rating Arabic-Indic 5");
	FC(&rating, "۳", FC_OK, "3", "rating Persian 3");
	FC(&rating, "٦", FC_NOT_OPTION, NULL, "rating Arabic-Indic 6");
	FC(&rating, "٠٥", FC_NOT_OPTION, NULL, "rating Arabic-Indic 05");
	FC(&rating, "05", FC_NOT_OPTION, NULL, "rating 05");
	FC(&rating, "", FC_EMPTY, NULL, "rating empty");
	FC(&consent, "yes", FC_OK, "yes", "consent yes");
	FC(&consent, "", FC_EMPTY, NULL, "consent empty");
	FC(&consent, "on", FC_NOT_OPTION, NULL, "consent on");
	FC(&consent, "YES", FC_NOT_OPTION, NULL, "consent YES");
	FC(&consent, "yes ", FC_NOT_OPTION, NULL, "consent 'yes '");
	FC(&consent, "no", FC_NOT_OPTION, NULL, "consent no");
	FC(&size, "۵", FC_OK, "5", "field integer Persian");
	FC(&size, "٣١", FC_RANGE, NULL, "field integer over");
	FC(&note, " سطر\r\nسطر ", FC_OK, "سطر\nسطر", "field textarea");
	FC(&note, "12345678901", FC_TOO_LONG, NULL, "field textarea max");
	FC(&email, "A@B.CO", FC_OK, "A@b.co", "field email");
	FC(&nid, "١٠٠٠٠٠٠٠٠٨", FC_OK, "1000000008", "field national ID");
	FC(&mob, "٠٥٠٠٠٠٠٠٠٠", FC_OK, "+966500000000", "field mobile");
	FC(&name, "  أحمد  علي ", FC_OK, "أحمد  علي", "field text");
}

/* The shipped catalog (templates/strings.yaml): the messages' words. */
static struct catalog	*words;

static void
S_msg(const struct formdef_field *f, int code, const char *want,
    const char *name)
{
	struct buf	 out = BUF_INIT;

	fieldmsg_put(words, f, code, &out);
	check_str(buf_cstr(&out), want, name);
	buf_free(&out);
}

static void
t_messages(void)
{
	struct formdef_field	 kind, rating, consent, size, note, email;
	struct formdef_field	 nid, mob, name, income;

	kind = S_field("kind", "نوع الرسالة", FORMDEF_CHOICE, 0, 0);
	rating = S_field("speed", "كيف تقيّم سرعة إنجاز خدمتك؟",
	    FORMDEF_RATING, 0, 0);
	consent = S_field("privacy_consent",
	    "معالجة بياناتك وفق إشعار الخصوصية", FORMDEF_CONSENT, 0, 0);
	size = S_field("family_size", "عدد أفراد الأسرة", FORMDEF_INTEGER,
	    1, 30);
	income = S_field("monthly_income", "الدخل الشهري للأسرة",
	    FORMDEF_INTEGER, 0, 1000000);
	note = S_field("need", "وصف الحاجة", FORMDEF_TEXTAREA, 0, 2000);
	email = S_field("email", "البريد الإلكتروني", FORMDEF_EMAIL, 0, 254);
	nid = S_field("national_id", "رقم الهوية", FORMDEF_NATIONAL_ID, 0, 0);
	mob = S_field("mobile", "رقم الجوال", FORMDEF_MOBILE, 0, 0);
	name = S_field("full_name", "الاسم الكامل", FORMDEF_TEXT, 0, 100);

	S_msg(&name, FC_EMPTY, "أدخل الاسم الكامل", "msg: empty text");
	S_msg(&nid, FC_EMPTY, "أدخل رقم الهوية", "msg: empty ID");
	S_msg(&kind, FC_EMPTY, "اختر نوع الرسالة", "msg: empty choice");
	S_msg(&rating, FC_EMPTY, "أجب عن السؤال: كيف تقيّم سرعة إنجاز "
	    "خدمتك؟", "msg: empty rating");
	S_msg(&consent, FC_EMPTY, "يجب الموافقة على معالجة بياناتك وفق "
	    "إشعار الخصوصية", "msg: consent");
	S_msg(&name, FC_TOO_LONG, "يجب ألا يزيد عدد أحرف الاسم الكامل على "
	    "100", "msg: too long");
	S_msg(&note, FC_TOO_LONG, "يجب ألا يزيد عدد أحرف وصف الحاجة على "
	    "2000", "msg: textarea too long");
	S_msg(&nid, FC_FORMAT, "أدخل رقم الهوية الوطنية أو الإقامة المكوّن "
	    "من 10 أرقام", "msg: ID format");
	S_msg(&nid, FC_ID_PREFIX, "يبدأ رقم الهوية الوطنية بالرقم 1، ويبدأ "
	    "رقم الإقامة بالرقم 2", "msg: ID prefix");
	S_msg(&nid, FC_CHECKSUM, "رقم الهوية غير صحيح، تحقّق من الأرقام",
	    "msg: ID checksum");
	S_msg(&mob, FC_FORMAT, "أدخل رقم الجوال بالصيغة 05XXXXXXXX",
	    "msg: mobile");
	S_msg(&email, FC_FORMAT, "أدخل البريد الإلكتروني بصيغة صحيحة، مثل "
	    "name@example.com", "msg: email");
	S_msg(&size, FC_FORMAT, "أدخل عدد أفراد الأسرة بالأرقام فقط",
	    "msg: integer format");
	S_msg(&size, FC_RANGE, "أدخل عدد أفراد الأسرة من 1 إلى 30",
	    "msg: integer range");
	S_msg(&income, FC_RANGE, "أدخل الدخل الشهري للأسرة من 0 إلى 1000000",
	    "msg: income range");
	S_msg(&note, FC_CONTROL, "احذف الرموز غير المقبولة من وصف الحاجة",
	    "msg: control");
	S_msg(&note, FC_ENCODING, "تعذّرت قراءة ما كتبته في وصف الحاجة، "
	    "فأعد كتابته", "msg: encoding");
	S_msg(&kind, FC_NOT_OPTION, "اختر نوع الرسالة من الخيارات المعروضة",
	    "msg: not an option");
	S_msg(&name, FC_OK, "", "msg: none for FC_OK");
	check(strcmp(fc_error_name(FC_CHECKSUM), "FC_CHECKSUM") == 0 &&
	    strcmp(fc_error_name(99), "FC_?") == 0, "error names", NULL);
}

static void
t_refill(void)
{
	struct buf	 out = BUF_INIT;

	fc_refill("  ٠٥١٢ ٣٤٥  ", strlen("  ٠٥١٢ ٣٤٥  "), 0, &out);
	check_str(out.data, "٠٥١٢ ٣٤٥", "refill keeps what was typed");
	buf_reset(&out);
	fc_refill("a\x01" "b\0c\xe2\x80\xae" "d\te", 11, 0, &out);
	check_str(out.data, "abcde", "refill drops controls and bidi");
	buf_reset(&out);
	fc_refill("a\r\nb\tc", 6, 1, &out);
	check_str(out.data, "a\nb\tc", "refill multiline keeps breaks");
	buf_reset(&out);
	fc_refill("abc\xc0\xaf", 5, 0, &out);
	check(out.len == 0 && out.data != NULL,
	    "refill of bad UTF-8 is empty", NULL);
	buf_free(&out);
}

/* fc_blank() says FC_EMPTY exactly when fc_text() would, multiline. */
static void
S_blank_same(const char *s, size_t len, const char *name)
{
	struct buf	 out = BUF_INIT;
	int		 want;

	want = fc_text(s, len, 1, 0, &out) == FC_EMPTY;
	check(fc_blank(s, len) == want, name, s);
	buf_free(&out);
}

static void
t_blank(void)
{
	static const struct {
		const char	*s;
		size_t		 len;
	} extra[] = {
		{ "", 0 },
		{ " \t\r\n", 4 },
		{ "\xc2\xa0\xe3\x80\x80\xe2\x80\xa8\xe2\x80\xa9", 12 },
		{ "\xe2\x80\x8b\xe2\x81\xa0\xef\xbb\xbf", 9 },	/* removed */
		{ " \xe2\x80\xae ", 5 },				/* RLO */
		{ " \x01 ", 3 },					/* control */
		{ " \x7f", 2 },
		{ " \xc2\x85", 3 },					/* C1 */
		{ " \0 ", 3 },					/* NUL */
		{ " \xc0\xaf", 3 },					/* bad */
		{ " \xe2\x80\x8e", 4 },				/* LRM */
		{ " \xe2\x80\x8c", 4 },				/* ZWNJ */
		{ "  x", 3 },
		{ "\xd9\xa0", 2 },					/* ٠ */
	};
	size_t	 i;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		S_blank_same(lines[i].in, lines[i].len ? lines[i].len :
		    strlen(lines[i].in),
		    "blank as fc_text: text table");
	for (i = 0; i < sizeof(areas) / sizeof(areas[0]); i++)
		S_blank_same(areas[i].in, areas[i].len ? areas[i].len :
		    strlen(areas[i].in),
		    "blank as fc_text: textarea table");
	for (i = 0; i < sizeof(extra) / sizeof(extra[0]); i++)
		S_blank_same(extra[i].s, extra[i].len,
		    "blank as fc_text: edge cases");
	check(fc_blank(" \t\xc2\xa0\xe2\x80\x8b", 7) == 1 &&
	    fc_blank(" a", 2) == 0, "blank: spaces and removed only", NULL);
}

int
main(void)
{
	S_table("national ID", fc_national_id, ids,
	    sizeof(ids) / sizeof(ids[0]));
	S_table("mobile", fc_mobile, mobiles,
	    sizeof(mobiles) / sizeof(mobiles[0]));
	S_table("email", S_email, emails, sizeof(emails) / sizeof(emails[0]));
	S_table("email max 20", S_email20, emails20,
	    sizeof(emails20) / sizeof(emails20[0]));
	t_email_lengths();
	S_table("text", S_line, lines, sizeof(lines) / sizeof(lines[0]));
	S_table("textarea", S_area, areas, sizeof(areas) / sizeof(areas[0]));
	t_text_huge();
	t_integers();
	t_digits();
	t_fields();
	{
		struct buf	 err = BUF_INIT;

		words = catalog_load("templates/strings.yaml", &err);
		if (check(words != NULL, "the shipped catalog loads",
		    buf_cstr(&err)))
			t_messages();
		catalog_free(words);
		buf_free(&err);
	}
	t_refill();
	t_blank();
	return check_exit();
}
