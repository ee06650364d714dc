/*
 * person: a person's identifiers and where answers hold them (see
 * person.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/utf8.h>

#include "fieldcheck.h"
#include "person.h"

/* The longest form of an identifier in digits: 009665XXXXXXXX. */
#define CAND_MAX	14

/* The groups of digits of one run that a candidate may still end on:
 * each holds at least one digit, so CAND_MAX of them. */
struct run {
	char	 g[CAND_MAX][CAND_MAX + 1];
	size_t	 len[CAND_MAX];		/* > CAND_MAX: too long to match */
	int	 n;			/* groups kept, newest last */
};

int
person_parse(struct person *p, const char *national_id, const char *mobile,
    const char *email, struct buf *err)
{
	struct buf	 b = BUF_INIT;
	size_t		 i;
	int		 rc = -1;

	memset(p, 0, sizeof(*p));
	if (national_id == NULL && mobile == NULL && email == NULL) {
		buf_puts(err, "say whose data: give --national-id ID, --mobile "
		    "NUMBER or --email ADDRESS (one or more)");
		return -1;
	}
	if (national_id != NULL) {
		if (fc_national_id(national_id, strlen(national_id), &b) !=
		    FC_OK) {
			buf_puts(err, "--national-id: not a valid national ID "
			    "or Iqama number (10 digits, starting with 1 or 2, "
			    "with a valid check digit)");
			goto out;
		}
		memcpy(p->national_id, b.data, 10);
		buf_reset(&b);
	}
	if (mobile != NULL) {
		if (fc_mobile(mobile, strlen(mobile), &b) != FC_OK) {
			buf_puts(err, "--mobile: not a Saudi mobile number; "
			    "write 05XXXXXXXX, 5XXXXXXXX, 9665XXXXXXXX, "
			    "+9665XXXXXXXX or 009665XXXXXXXX");
			goto out;
		}
		memcpy(p->mobile, b.data, 13);
		buf_reset(&b);
	}
	if (email != NULL) {
		if (fc_email(email, strlen(email), 0, &b) != FC_OK) {
			buf_puts(err, "--email: not an e-mail address (such as "
			    "name@example.com)");
			goto out;
		}
		for (i = 0; i < b.len; i++)
			if (b.data[i] >= 'A' && b.data[i] <= 'Z')
				b.data[i] = (char)(b.data[i] - 'A' + 'a');
		p->email = xstrdup(b.data);
	}
	rc = 0;
out:
	if (b.data != NULL)
		explicit_bzero(b.data, b.len);
	buf_free(&b);
	return rc;
}

void
person_clear(struct person *p)
{
	if (p->email != NULL) {
		explicit_bzero(p->email, strlen(p->email));
		free(p->email);
	}
	explicit_bzero(p, sizeof(*p));
}

const char *
person_what(int bit)
{
	return bit == PERSON_NATIONAL_ID ? "national ID" :
	    bit == PERSON_MOBILE ? "mobile" : "e-mail";
}

/* What may stand between two groups of digits of one number: spaces,
 * hyphens and dashes, dots, slashes, parentheses, and the invisible
 * direction marks and controls that mixed Arabic text puts around
 * digits. */
static int
S_separator(UChar32 c)
{
	return c == ' ' || c == '\t' || c == 0xA0 || c == '-' || c == '.' ||
	    c == '/' || c == '(' || c == ')' || c == 0x2212 ||
	    (c >= 0x2000 && c <= 0x200B) || c == 0x200E || c == 0x200F ||
	    (c >= 0x2010 && c <= 0x2015) || c == 0x061C ||
	    (c >= 0x202A && c <= 0x202F) || c == 0x205F ||
	    (c >= 0x2066 && c <= 0x2069) || c == 0x3000 || c == 0xFEFF;
}

/* The identifiers that the newest groups of r, taken whole, spell. */
static int
S_candidates(const struct person *p, const struct run *r)
{
	struct buf	 m = BUF_INIT;
	char		 cand[CAND_MAX + 1];
	size_t		 total = 0, k;
	int		 i, j, found = 0;

	for (i = r->n - 1; i >= 0; i--) {
		if (r->len[i] > CAND_MAX || total + r->len[i] > CAND_MAX)
			break;
		total += r->len[i];
		for (j = i, k = 0; j < r->n; j++) {
			memcpy(cand + k, r->g[j], r->len[j]);
			k += r->len[j];
		}
		cand[k] = '\0';
		if (p->national_id[0] != '\0' && k == 10 &&
		    memcmp(cand, p->national_id, 10) == 0)
			found |= PERSON_NATIONAL_ID;
		buf_reset(&m);
		if (p->mobile[0] != '\0' && fc_mobile(cand, k, &m) == FC_OK &&
		    strcmp(m.data, p->mobile) == 0)
			found |= PERSON_MOBILE;
	}
	explicit_bzero(cand, sizeof(cand));
	buf_free(&m);
	return found;
}

/* The national ID and mobile written in free text s. */
static int
S_numbers(const struct person *p, const char *s)
{
	const uint8_t	*u = (const uint8_t *)s;
	struct run	 r;
	size_t		 cur = 0;
	int32_t		 i = 0, len = (int32_t)strlen(s);
	int		 found = 0, in_group = 0, seps = 0, v;
	char		 g[CAND_MAX + 1];
	UChar32		 c;

	memset(&r, 0, sizeof(r));
	/* One step past the end, as if a letter ended the text. */
	while (i <= len) {
		if (i < len)
			U8_NEXT(u, i, len, c);	/* < 0: not UTF-8 */
		else {
			c = -1;
			i++;
		}
		if ((v = c >= 0 ? fc_digit_value((unsigned long)c) : -1) >= 0) {
			if (!in_group) {
				/* After too much in between, a number of its
				 * own. */
				if (seps > PERSON_SEP_MAX)
					r.n = 0;
				in_group = 1;
				cur = 0;
			}
			if (cur < CAND_MAX)
				g[cur] = (char)('0' + v);
			cur++;
			continue;
		}
		if (in_group) {
			/* A whole group: kept, newest last, and every
			 * candidate that ends with it tried. */
			if (r.n == CAND_MAX) {
				memmove(r.g[0], r.g[1], sizeof(r.g[0]) *
				    (CAND_MAX - 1));
				memmove(&r.len[0], &r.len[1], sizeof(r.len[0]) *
				    (CAND_MAX - 1));
				r.n--;
			}
			memcpy(r.g[r.n], g, cur < CAND_MAX ? cur : CAND_MAX);
			r.len[r.n++] = cur;
			found |= S_candidates(p, &r);
			in_group = 0;
			seps = 0;
		}
		if (c >= 0 && S_separator(c))
			seps++;
		else {
			r.n = 0;
			seps = 0;
		}
	}
	explicit_bzero(&r, sizeof(r));
	explicit_bzero(g, sizeof(g));
	return found;
}

/* An ASCII byte that may belong to an e-mail address. */
static int
S_addr_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' &&
	    strchr("._%+-@'!#$&*=?^`{|}~", c) != NULL);
}

/* The e-mail address written in free text s, in any case. */
static int
S_email(const struct person *p, const char *s)
{
	size_t		 n = strlen(p->email), len = strlen(s), i, k;
	const char	*e = p->email;
	unsigned char	 c, after;

	if (n == 0 || len < n)
		return 0;
	for (i = 0; i + n <= len; i++) {
		for (k = 0; k < n; k++) {
			c = (unsigned char)s[i + k];
			if (c >= 'A' && c <= 'Z')
				c = (unsigned char)(c - 'A' + 'a');
			if (c != (unsigned char)e[k])
				break;
		}
		if (k < n)
			continue;
		/* Not part of a longer address: nothing of one before it,
		 * nothing of its domain after it (a full stop ending the
		 * sentence is fine). */
		if (i > 0 && S_addr_byte((unsigned char)s[i - 1]))
			continue;
		after = (unsigned char)s[i + n];
		if (after == '.' && S_addr_byte((unsigned char)s[i + n + 1]) &&
		    s[i + n + 1] != '.')
			continue;
		if (after != '.' && S_addr_byte(after))
			continue;
		return PERSON_EMAIL;
	}
	return 0;
}

/* An ASCII case-insensitive comparison of whole strings. */
static int
S_same_address(const char *a, const char *b)
{
	unsigned char	 x, y;

	for (;; a++, b++) {
		x = (unsigned char)*a;
		y = (unsigned char)*b;
		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y - 'A' + 'a');
		if (x != y)
			return 0;
		if (x == '\0')
			return 1;
	}
}

int
person_match(const struct person *p, enum formdef_type type,
    const char *value, int *in_text)
{
	struct buf	 b = BUF_INIT;
	size_t		 len = value ? strlen(value) : 0;
	int		 found = 0, typed = 1;

	*in_text = 0;
	if (value == NULL)
		return 0;
	switch (type) {
	case FORMDEF_NATIONAL_ID:
		if (fc_national_id(value, len, &b) == FC_OK) {
			if (p->national_id[0] != '\0' &&
			    strcmp(b.data, p->national_id) == 0)
				found = PERSON_NATIONAL_ID;
		} else
			typed = 0;
		break;
	case FORMDEF_MOBILE:
		if (fc_mobile(value, len, &b) == FC_OK) {
			if (p->mobile[0] != '\0' &&
			    strcmp(b.data, p->mobile) == 0)
				found = PERSON_MOBILE;
		} else
			typed = 0;
		break;
	case FORMDEF_EMAIL:
		if (fc_email(value, len, 0, &b) == FC_OK) {
			if (p->email != NULL && S_same_address(b.data,
			    p->email))
				found = PERSON_EMAIL;
		} else
			typed = 0;
		break;
	case FORMDEF_TEXT:
	case FORMDEF_TEXTAREA:
		typed = 0;
		break;
	default:
		/* Numbers, choices, ratings and consents hold nobody. */
		break;
	}
	if (b.data != NULL)
		explicit_bzero(b.data, b.len);
	buf_free(&b);
	if (typed)
		return found;
	/* Free text, or a typed answer that is not of its type (stored
	 * before its field had one): whatever is written in it. */
	if (p->national_id[0] != '\0' || p->mobile[0] != '\0')
		found |= S_numbers(p, value);
	if (p->email != NULL)
		found |= S_email(p, value);
	*in_text = found != 0;
	return found;
}
