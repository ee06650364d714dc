/*
 * fieldcheck: validators, normalisers and Arabic messages (see
 * fieldcheck.h).
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "fieldcheck.h"
#include "formdef.h"
#include "utf8.h"

/* Decode the code point at s[*i] and advance; s[0..len) must be valid
 * UTF-8 (checked by the caller with utf8_valid()). */
static unsigned long
S_decode(const char *str, size_t len, size_t *i)
{
	const unsigned char	*s = (const unsigned char *)str;
	unsigned long		 cp;
	size_t			 n, k;

	cp = s[*i];
	if (cp < 0x80)
		n = 0;
	else if (cp < 0xE0) {
		n = 1;
		cp &= 0x1F;
	} else if (cp < 0xF0) {
		n = 2;
		cp &= 0x0F;
	} else {
		n = 3;
		cp &= 0x07;
	}
	for (k = 1; k <= n && *i + k < len; k++)
		cp = (cp << 6) | (s[*i + k] & 0x3F);
	*i += n + 1;
	return cp;
}

static int
S_is_space(unsigned long c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
	    c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
	    c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
	    c == 0x3000;
}

/* Invisible characters that text fields drop. */
static int
S_is_removed(unsigned long c)
{
	return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
	    c == 0x200B || c == 0x2060 || c == 0xFEFF;
}

static int
S_is_control(unsigned long c)
{
	return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F);
}

int
fc_digit_value(unsigned long c)
{
	if (c >= '0' && c <= '9')
		return (int)(c - '0');
	if (c >= 0x660 && c <= 0x669)
		return (int)(c - 0x660);
	if (c >= 0x6F0 && c <= 0x6F9)
		return (int)(c - 0x6F0);
	return -1;
}

/* Put out back to length n (undoing a failed append). */
static void
S_truncate(struct buf *out, size_t n)
{
	out->len = n;
	if (out->data != NULL)
		out->data[n] = '\0';
}

void
fc_digits_normalize(const char *s, size_t len, struct buf *out)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, start = 0;

	buf_grow(out, len);
	while (i < len) {
		/* U+0660-0669 is D9 A0-A9; U+06F0-06F9 is DB B0-B9. */
		if (i + 1 < len && ((u[i] == 0xD9 && u[i + 1] >= 0xA0 &&
		    u[i + 1] <= 0xA9) || (u[i] == 0xDB && u[i + 1] >= 0xB0 &&
		    u[i + 1] <= 0xB9))) {
			buf_put(out, s + start, i - start);
			buf_putc(out, (char)('0' + (u[i + 1] & 0x0F)));
			i += 2;
			start = i;
		} else
			i++;
	}
	buf_put(out, s + start, len - start);
}

/*
 * The digits of a number-like answer into d (room for max), skipping
 * whitespace and the ASCII bytes of sep. Returns the count, or -1 on more
 * than max digits, any other character or invalid UTF-8. When plus is not
 * NULL, one '+' before the first digit is allowed and reported in *plus.
 */
static int
S_digits(const char *s, size_t len, const char *sep, char *d, int max,
    int *plus)
{
	size_t		 i = 0;
	unsigned long	 c;
	int		 n = 0, v;

	if (plus != NULL)
		*plus = 0;
	if (len > FC_MAX_INPUT || !utf8_valid(s, len, NULL))
		return -1;
	while (i < len) {
		c = S_decode(s, len, &i);
		if ((v = fc_digit_value(c)) >= 0) {
			if (n == max)
				return -1;
			d[n++] = (char)('0' + v);
		} else if (c == '+' && plus != NULL && n == 0 && !*plus)
			*plus = 1;
		else if (!S_is_space(c) && !(c > 0 && c < 0x80 &&
		    strchr(sep, (int)c) != NULL))
			return -1;
	}
	return n;
}

/* The bounds [*b, *e) of valid UTF-8 s[0..len) without whitespace at
 * either end. */
static void
S_trim(const char *s, size_t len, size_t *b, size_t *e)
{
	size_t	 i, j;

	for (i = 0; i < len; i = j) {
		j = i;
		if (!S_is_space(S_decode(s, len, &j)))
			break;
	}
	*b = i;
	for (*e = len; *e > *b; *e = i) {
		i = *e - 1;
		while (i > *b && ((unsigned char)s[i] & 0xC0) == 0x80)
			i--;
		j = i;
		if (!S_is_space(S_decode(s, len, &j)))
			break;
	}
}

/* Is s[0..len) only whitespace (or invalid, which the caller rejects
 * otherwise)? */
static int
S_blank(const char *s, size_t len)
{
	size_t	 i = 0;

	if (len > FC_MAX_INPUT || !utf8_valid(s, len, NULL))
		return 0;
	while (i < len)
		if (!S_is_space(S_decode(s, len, &i)))
			return 0;
	return 1;
}

int
fc_national_id(const char *s, size_t len, struct buf *out)
{
	char	 d[16];
	int	 n, i, sum, v;

	if (S_blank(s, len))
		return FC_EMPTY;
	n = S_digits(s, len, "-", d, 10, NULL);
	if (n != 10)
		return FC_FORMAT;
	if (d[0] != '1' && d[0] != '2')
		return FC_ID_PREFIX;
	/* Luhn from the right: the check digit (10th) is not doubled, the
	 * 9th is, and so on, so the 1st, 3rd ... 9th are doubled. */
	for (sum = 0, i = 0; i < 10; i++) {
		v = d[i] - '0';
		if (i % 2 == 0) {
			v *= 2;
			if (v > 9)
				v -= 9;
		}
		sum += v;
	}
	if (sum % 10 != 0)
		return FC_CHECKSUM;
	buf_put(out, d, 10);
	return FC_OK;
}

int
fc_mobile(const char *s, size_t len, struct buf *out)
{
	char		 d[24];
	const char	*rest = NULL;
	int		 n, plus;

	if (S_blank(s, len))
		return FC_EMPTY;
	n = S_digits(s, len, "-().", d, 20, &plus);
	if (n < 0)
		return FC_FORMAT;
	if (plus) {
		if (n == 12 && memcmp(d, "9665", 4) == 0)
			rest = d + 4;
	} else if (n == 10 && memcmp(d, "05", 2) == 0)
		rest = d + 2;
	else if (n == 9 && d[0] == '5')
		rest = d + 1;
	else if (n == 12 && memcmp(d, "9665", 4) == 0)
		rest = d + 4;
	else if (n == 14 && memcmp(d, "009665", 6) == 0)
		rest = d + 6;
	if (rest == NULL)
		return FC_FORMAT;
	buf_puts(out, "+9665");
	buf_put(out, rest, 8);
	return FC_OK;
}

/*
 * The text cleaner behind fc_text() (strict: errors) and fc_refill()
 * (lenient: drops what strict rejects). Appends to out; *nchars gets the
 * number of code points appended. s must already be valid UTF-8, so each
 * character kept is copied as its own bytes (a valid sequence is the one
 * encoding of its code point), and the output is never longer than the
 * input: room for it is made once.
 */
static int
S_clean(const char *s, size_t len, int multiline, int lenient,
    struct buf *out, size_t *nchars)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, at, start = out->len, keep = out->len;
	size_t			 w, n = 0, nkeep = 0;
	unsigned long		 c;
	int			 started = 0;

	*nchars = 0;
	buf_grow(out, len);
	w = out->len;
	while (i < len) {
		/* Printable ASCII other than the space: always kept. */
		if (u[i] > 0x20 && u[i] < 0x7F) {
			out->data[w++] = s[i++];
			started = 1;
			keep = w;
			nkeep = ++n;
			continue;
		}
		at = i;
		c = S_decode(s, len, &i);
		if (c == '\r') {
			if (i < len && s[i] == '\n')
				i++;
			c = '\n';
		}
		if (c == 0x2028 || c == 0x2029)
			c = multiline ? '\n' : ' ';
		if (S_is_removed(c))
			continue;
		if (S_is_control(c) && !(multiline &&
		    (c == '\n' || c == '\t'))) {
			if (lenient)
				continue;
			S_truncate(out, start);
			return FC_CONTROL;
		}
		if (S_is_space(c) && !started)
			continue;
		/* What was replaced above is ASCII; anything else is copied
		 * as typed. */
		if (c < 0x80)
			out->data[w++] = (char)c;
		else {
			memcpy(out->data + w, s + at, i - at);
			w += i - at;
		}
		n++;
		if (!S_is_space(c)) {
			started = 1;
			keep = w;
			nkeep = n;
		}
	}
	S_truncate(out, keep);
	*nchars = nkeep;
	return FC_OK;
}

/* What fc_text() refuses before looking at the characters: FC_OK, or
 * FC_TOO_LONG, FC_CONTROL (a NUL byte) or FC_ENCODING. */
static int
S_text_input(const char *s, size_t len)
{
	if (len > FC_MAX_INPUT)
		return FC_TOO_LONG;
	if (memchr(s, '\0', len) != NULL)
		return FC_CONTROL;
	if (!utf8_valid(s, len, NULL))
		return FC_ENCODING;
	return FC_OK;
}

int
fc_text(const char *s, size_t len, int multiline, long long max,
    struct buf *out)
{
	size_t	 start = out->len, n;
	int	 rc;

	if ((rc = S_text_input(s, len)) != FC_OK)
		return rc;
	if ((rc = S_clean(s, len, multiline, 0, out, &n)) != FC_OK)
		return rc;
	if (n == 0)
		rc = FC_EMPTY;
	else if (max > 0 && n > (unsigned long long)max)
		rc = FC_TOO_LONG;
	if (rc != FC_OK)
		S_truncate(out, start);
	return rc;
}

int
fc_blank(const char *s, size_t len)
{
	size_t		 i = 0;
	unsigned long	 c;

	/* What fc_text() refuses before cleaning is an answer (a wrong
	 * one), not a blank. */
	if (S_text_input(s, len) != FC_OK)
		return 0;
	/* Multiline, nothing is dropped but the removed characters, and
	 * every other control is refused: only whitespace and those
	 * leave nothing. */
	while (i < len) {
		c = S_decode(s, len, &i);
		if (!S_is_space(c) && !S_is_removed(c))
			return 0;
	}
	return 1;
}

void
fc_refill(const char *s, size_t len, int multiline, struct buf *out)
{
	size_t	 i, seg, n;

	if (len > FC_MAX_INPUT) {
		/* Cut at a character boundary. */
		len = FC_MAX_INPUT;
		while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
			len--;
	}
	/* Valid UTF-8 apart from NUL bytes, which S_clean() drops. */
	for (i = 0; i < len; i += seg + 1) {
		const char *nul = memchr(s + i, '\0', len - i);

		seg = nul != NULL ? (size_t)(nul - (s + i)) : len - i;
		if (!utf8_valid(s + i, seg, NULL)) {
			buf_puts(out, "");
			return;
		}
	}
	S_clean(s, len, multiline, 1, out, &n);
}

/* E-mail characters never allowed, besides whitespace and controls. */
#define EMAIL_BAD	"()<>[]\\,;:\""

int
fc_email(const char *s, size_t len, long long max, struct buf *out)
{
	const char	*p, *at, *dom, *end;
	size_t		 i, b, e, n, labels, label;
	unsigned long	 c;

	if (max <= 0 || max > FORMDEF_MAX_EMAIL)
		max = FORMDEF_MAX_EMAIL;
	if (len > FC_MAX_INPUT)
		return FC_TOO_LONG;
	if (memchr(s, '\0', len) != NULL)
		return FC_FORMAT;
	if (!utf8_valid(s, len, NULL))
		return FC_ENCODING;
	S_trim(s, len, &b, &e);
	if (b == e)
		return FC_EMPTY;
	p = s + b;
	end = s + e;
	for (i = b, n = 0; i < e; n++) {
		c = S_decode(s, e, &i);
		if (S_is_space(c) || S_is_control(c) || S_is_removed(c) ||
		    (c >= 0x200C && c <= 0x200F) || c == 0x061C ||
		    (c < 0x80 && strchr(EMAIL_BAD, (int)c) != NULL))
			return FC_FORMAT;
	}
	if (e - b > FORMDEF_MAX_EMAIL || n > (size_t)max)
		return FC_TOO_LONG;
	at = memchr(p, '@', e - b);
	if (at == NULL || memchr(at + 1, '@', (size_t)(end - at - 1)) != NULL)
		return FC_FORMAT;
	if (at == p || at - p > 64)
		return FC_FORMAT;
	/* Domain labels: non-empty, at least two, the last 2+ bytes. */
	dom = at + 1;
	labels = label = 0;
	for (p = dom; p < end; p++) {
		if (*p != '.') {
			label++;
			continue;
		}
		if (label == 0)
			return FC_FORMAT;
		labels++;
		label = 0;
	}
	if (labels == 0 || label < 2)
		return FC_FORMAT;
	buf_put(out, s + b, (size_t)(dom - (s + b)));
	for (p = dom; p < end; p++)
		buf_putc(out, *p >= 'A' && *p <= 'Z' ?
		    (char)(*p - 'A' + 'a') : *p);
	return FC_OK;
}

int
fc_integer(const char *s, size_t len, long long min, long long max,
    long long *out)
{
	size_t		 i = 0;
	unsigned long	 c;
	long long	 v = 0;
	int		 d, neg = 0, ndig = 0, done = 0, big = 0;

	if (len > FC_MAX_INPUT || !utf8_valid(s, len, NULL))
		return FC_FORMAT;
	while (i < len) {
		c = S_decode(s, len, &i);
		if (S_is_space(c)) {
			if (ndig > 0 || neg)
				done = 1;
			continue;
		}
		if (done)
			return FC_FORMAT;	/* "12 34", "1 -" */
		if (c == '-' && ndig == 0 && !neg) {
			neg = 1;
			continue;
		}
		if ((d = fc_digit_value(c)) < 0)
			return FC_FORMAT;
		if (++ndig > 15)
			big = 1;
		else
			v = v * 10 + d;
	}
	if (ndig == 0)
		return neg ? FC_FORMAT : FC_EMPTY;
	if (neg)
		v = -v;
	if (big || (neg && min >= 0) || v < min || v > max)
		return FC_RANGE;
	*out = v;
	return FC_OK;
}

int
fc_option(const struct formdef_field *f, const char *s, size_t len,
    size_t *index)
{
	size_t	 i;

	if (len == 0)
		return FC_EMPTY;
	for (i = 0; i < f->noptions; i++)
		if (strlen(f->options[i].value) == len &&
		    memcmp(f->options[i].value, s, len) == 0) {
			if (index != NULL)
				*index = i;
			return FC_OK;
		}
	return FC_NOT_OPTION;
}

int
fc_consent(const char *s, size_t len)
{
	if (len == 0)
		return FC_EMPTY;
	return len == 3 && memcmp(s, "yes", 3) == 0 ? FC_OK : FC_NOT_OPTION;
}

int
fc_field(const struct formdef_field *f, const char *s, size_t len,
    struct buf *out)
{
	struct buf	 digits = BUF_INIT;
	long long	 v;
	size_t		 i;
	int		 rc;

	switch (f->type) {
	case FORMDEF_TEXT:
		return fc_text(s, len, 0, f->max, out);
	case FORMDEF_TEXTAREA:
		return fc_text(s, len, 1, f->max, out);
	case FORMDEF_INTEGER:
		if ((rc = fc_integer(s, len, f->min, f->max, &v)) == FC_OK)
			buf_printf(out, "%lld", v);
		return rc;
	case FORMDEF_CHOICE:
		if ((rc = fc_option(f, s, len, &i)) == FC_OK)
			buf_puts(out, f->options[i].value);
		return rc;
	case FORMDEF_RATING:
		/* A rating is a number: its digits in any script, as for
		 * integers (a phone's keyboard may send "٥"). */
		fc_digits_normalize(s, len, &digits);
		rc = fc_option(f, digits.data ? digits.data : "", digits.len,
		    &i);
		buf_free(&digits);
		if (rc == FC_OK)
			buf_puts(out, f->options[i].value);
		return rc;
	case FORMDEF_NATIONAL_ID:
		return fc_national_id(s, len, out);
	case FORMDEF_MOBILE:
		return fc_mobile(s, len, out);
	case FORMDEF_EMAIL:
		return fc_email(s, len, f->max, out);
	case FORMDEF_CONSENT:
		if ((rc = fc_consent(s, len)) == FC_OK)
			buf_puts(out, "yes");
		return rc;
	case FORMDEF_NTYPES:
		break;
	}
	return FC_FORMAT;
}

const char *const fc_msg_keys[FCM_NMSGS] = {
	[FCM_NONE] = NULL,
	[FCM_ENTER] = "fieldcheck.enter",
	[FCM_CHOOSE] = "fieldcheck.choose",
	[FCM_ANSWER] = "fieldcheck.answer",
	[FCM_AGREE] = "fieldcheck.agree",
	[FCM_ENCODING] = "fieldcheck.encoding",
	[FCM_CONTROL] = "fieldcheck.control",
	[FCM_TOO_LONG] = "fieldcheck.too_long",
	[FCM_ID_FORMAT] = "fieldcheck.id_format",
	[FCM_MOBILE_FORMAT] = "fieldcheck.mobile_format",
	[FCM_EMAIL_FORMAT] = "fieldcheck.email_format",
	[FCM_DIGITS] = "fieldcheck.digits",
	[FCM_CHECK] = "fieldcheck.check",
	[FCM_ID_PREFIX] = "fieldcheck.id_prefix",
	[FCM_CHECKSUM] = "fieldcheck.checksum",
	[FCM_RANGE] = "fieldcheck.range",
	[FCM_RATING_OPTION] = "fieldcheck.rating_option",
	[FCM_OPTION] = "fieldcheck.option",
};

/* The text for code on a field of type t. */
static enum fc_msg
S_msg(enum formdef_type t, int code)
{
	switch (code) {
	case FC_OK:
		return FCM_NONE;
	case FC_EMPTY:
		return t == FORMDEF_CHOICE ? FCM_CHOOSE :
		    t == FORMDEF_RATING ? FCM_ANSWER :
		    t == FORMDEF_CONSENT ? FCM_AGREE : FCM_ENTER;
	case FC_ENCODING:
		return FCM_ENCODING;
	case FC_CONTROL:
		return FCM_CONTROL;
	case FC_TOO_LONG:
		return FCM_TOO_LONG;
	case FC_FORMAT:
		return t == FORMDEF_NATIONAL_ID ? FCM_ID_FORMAT :
		    t == FORMDEF_MOBILE ? FCM_MOBILE_FORMAT :
		    t == FORMDEF_EMAIL ? FCM_EMAIL_FORMAT :
		    t == FORMDEF_INTEGER ? FCM_DIGITS : FCM_CHECK;
	case FC_ID_PREFIX:
		return FCM_ID_PREFIX;
	case FC_CHECKSUM:
		return FCM_CHECKSUM;
	case FC_RANGE:
		return FCM_RANGE;
	case FC_NOT_OPTION:
		return t == FORMDEF_RATING ? FCM_RATING_OPTION :
		    t == FORMDEF_CONSENT ? FCM_AGREE : FCM_OPTION;
	default:
		return FCM_CHECK;
	}
}

void
fc_say(const struct formdef_field *f, int code, struct fc_say *say)
{
	say->msg = S_msg(f->type, code);
	say->label = f->label != NULL ? f->label : f->name;
	say->min = f->min;
	say->max = f->max;
}

const char *
fc_error_name(int code)
{
	static const char *const names[FC_NERRORS] = {
		[FC_OK] = "FC_OK", [FC_EMPTY] = "FC_EMPTY",
		[FC_ENCODING] = "FC_ENCODING", [FC_CONTROL] = "FC_CONTROL",
		[FC_TOO_LONG] = "FC_TOO_LONG", [FC_FORMAT] = "FC_FORMAT",
		[FC_ID_PREFIX] = "FC_ID_PREFIX", [FC_CHECKSUM] = "FC_CHECKSUM",
		[FC_RANGE] = "FC_RANGE", [FC_NOT_OPTION] = "FC_NOT_OPTION"
	};

	if (code < 0 || code >= FC_NERRORS)
		return "FC_?";
	return names[code];
}
