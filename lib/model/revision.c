/*
 * revision: one policy revision file, checked (see revision.h).
 */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "keys.h"
#include "mddoc.h"
#include "revision.h"
#include "schema.h"

static const struct schema_key approval_fields[] = {
	{ KEY_BY, SCHEMA_STR, 0, NULL,
	    "the approving body, e.g. مجلس الإدارة" },
	{ KEY_MEETING, SCHEMA_TEXT, 1, NULL, "the meeting number, e.g. 5" },
	{ KEY_DECISION, SCHEMA_TEXT, 0, NULL, "the decision number" },
	{ KEY_DATE, SCHEMA_DATE, 1, NULL, "the approval date as YYYY-MM-DD" },
	{ KEY_SIGNATORY, SCHEMA_STR, 0, NULL,
	    "who signed, e.g. رئيس مجلس الإدارة" },
	{ NULL, 0, 0, NULL, NULL }
};

static const struct schema_key correction_fields[] = {
	{ KEY_DATE, SCHEMA_DATE, 1, NULL,
	    "the date of the correction, YYYY-MM-DD" },
	{ KEY_NOTE, SCHEMA_STR, 1, NULL, "what was corrected and why" },
	{ NULL, 0, 0, NULL, NULL }
};

static const struct schema_key policy_fields[] = {
	{ KEY_TITLE, SCHEMA_STR, 1, NULL, "the policy's title" },
	{ KEY_REVISION, SCHEMA_INT, 1, NULL,
	    "the revision number (the file name)" },
	{ KEY_STATUS, SCHEMA_STR, 1, NULL, "approved or draft" },
	{ KEY_SUMMARY, SCHEMA_STR, 0, NULL, "one sentence" },
	{ KEY_APPROVED, SCHEMA_MAP, 0, approval_fields, NULL },
	{ KEY_EFFECTIVE, SCHEMA_DATE, 0, NULL,
	    "the date it takes effect, YYYY-MM-DD" },
	{ KEY_REVIEW, SCHEMA_DATE, 0, NULL,
	    "the next review date, YYYY-MM-DD" },
	{ KEY_CHANGES, SCHEMA_STR, 0, NULL, "what this revision changed" },
	{ KEY_CORRECTIONS, SCHEMA_LIST, 0, correction_fields, NULL },
	{ NULL, 0, 0, NULL, NULL }
};

/* Check one policy revision's own rules (arg: its file's number). */
static void
S_check_revision(struct diag *x, json_t *doc, void *arg)
{
	long		 n = *(long *)arg;
	json_t		*rev = json_object_get(doc, KEY_REVISION);
	const char	*status = json_string_value(json_object_get(doc,
			    KEY_STATUS));
	json_t		*ap = json_object_get(doc, KEY_APPROVED);

	if (json_is_integer(rev) && json_integer_value(rev) != n)
		diag_at(x, KEY_REVISION, "revision is %" JSON_INTEGER_FORMAT
		    " but the file is named %ld.md: make them equal",
		    json_integer_value(rev), n);
	if (status != NULL && strcmp(status, "approved") != 0 &&
	    strcmp(status, "draft") != 0)
		diag_at(x, KEY_STATUS, "status '%s' is not known: write "
		    "'approved' (the board approved it) or 'draft'", status);
	if (status != NULL && strcmp(status, "approved") == 0) {
		if (ap == NULL)
			diag_at(x, KEY_STATUS, "an approved revision needs its "
			    "approval record: add 'approved:' with 'meeting:' "
			    "and 'date:' (and 'by:', 'decision:')");
		if (n > 1 && json_object_get(doc, KEY_CHANGES) == NULL)
			diag_at(x, KEY_REVISION, "revision %ld needs a "
			    "'changes:' note saying what it changed", n);
	}
}

/* Fill the approval record's defaults: the effective date. (Its body,
 * "by", is the board when absent; its name is the view's words:
 * lib/view/contentview.h.) */
static void
S_revision_defaults(json_t *doc)
{
	json_t	*ap = json_object_get(doc, KEY_APPROVED);

	if (ap == NULL)
		return;
	if (json_object_get(doc, KEY_EFFECTIVE) == NULL &&
	    json_object_get(ap, KEY_DATE) != NULL)
		json_object_set(doc, KEY_EFFECTIVE,
		    json_object_get(ap, KEY_DATE));
}

long
revision_number(const char *name)
{
	size_t	 len = strlen(name);
	long	 n;
	char	*end;

	n = strtol(name, &end, 10);
	if (len < 4 || strcmp(end, ".md") != 0 || n < 1 ||
	    n > REVISION_MAX || name[0] == '0')
		return 0;
	return n;
}

json_t *
revision_load(const char *root, const char *path, long n, struct buf *err,
    int *nerr)
{
	json_t	*doc;

	doc = mddoc_load(root, path, policy_fields, S_check_revision, &n,
	    err, nerr);
	if (doc != NULL)
		S_revision_defaults(doc);
	return doc;
}

void
revision_each_date(json_t *doc, schema_date_fn fn, void *arg)
{
	schema_each_date(doc, policy_fields, fn, arg);
}

int
revision_approved(const json_t *doc)
{
	const char	*status = json_string_value(json_object_get(doc,
			    KEY_STATUS));

	return status != NULL && strcmp(status, "approved") == 0;
}

int
revision_check(const char *root, const char *path, struct buf *err)
{
	const char	*name = strrchr(path, '/');
	struct diag	 x;
	json_t		*doc;
	long		 n;
	int		 nerr = 0;

	memset(&x, 0, sizeof(x));
	x.path = path;
	x.err = err;
	x.line = 1;
	name = name != NULL ? name + 1 : path;
	if ((n = revision_number(name)) == 0) {
		diag_at(&x, NULL, "a policy revision is named by its number: "
		    "1.md, 2.md, ...");
		return -1;
	}
	doc = revision_load(root, path, n, err, &nerr);
	json_decref(doc);
	return doc == NULL || nerr > 0 ? -1 : 0;
}

/* ---- the approval paragraph (revision_approval_text) ---- */

/* The ASCII digit of the character at s (ASCII or Arabic-Indic
 * U+0660..0669), its length in *len; -1 when s is no digit. */
static int
S_digit(const char *s, size_t *len)
{
	const unsigned char *u = (const unsigned char *)s;

	if (*u >= '0' && *u <= '9') {
		*len = 1;
		return *u - '0';
	}
	if (u[0] == 0xd9 && u[1] >= 0xa0 && u[1] <= 0xa9) {
		*len = 2;
		return u[1] - 0xa0;
	}
	return -1;
}

/* A run of digits at s as a number (at most 9 digits) into *v; returns
 * its length in bytes, 0 when s starts with no digit. */
static size_t
S_number(const char *s, long *v)
{
	size_t	 n = 0, l;
	int	 d, count = 0;

	*v = 0;
	while ((d = S_digit(s + n, &l)) >= 0 && count < 9) {
		*v = *v * 10 + d;
		n += l;
		count++;
	}
	return n;
}

/* A date D/M/YYYY at s into *d (day, month, year as written); returns
 * its length, 0 when none is there. */
static size_t
S_slashed(const char *s, struct date *d)
{
	size_t	 n, k;
	long	 v;

	if ((n = S_number(s, &v)) == 0 || s[n] != '/')
		return 0;
	d->day = (int)v;
	n++;
	if ((k = S_number(s + n, &v)) == 0 || s[n + k] != '/')
		return 0;
	d->month = (int)v;
	n += k + 1;
	if ((k = S_number(s + n, &v)) == 0)
		return 0;
	d->year = (int)v;
	return n + k;
}

#define HEH	"\xd9\x87"		/* U+0647: after a Hijri date */
#define MEEM	"\xd9\x85"		/* U+0645: after a Gregorian one */

/* The paragraph [p, end): its disagreement with the record, or -1 when
 * it holds no Hijri date (it is not the approval paragraph). */
static int
S_paragraph(const char *p, const char *end, const char *meeting,
    const struct date *greg, const struct date *hijri)
{
	const char	*q;
	struct date	 d;
	size_t		 n;
	int		 hijri_seen = 0, rc = REV_TEXT_OK, meeting_seen = 0;
	long		 v;

	for (q = p; q < end; q++) {
		if (*q == '(' && !meeting_seen) {
			const char *r = q + 1;

			while (*r == ' ')
				r++;
			if ((n = S_number(r, &v)) > 0) {
				r += n;
				while (*r == ' ')
					r++;
				if (*r == ')') {
					long	 m;
					size_t	 mn;
					const char *t = meeting;

					meeting_seen = 1;
					while (*t == ' ')
						t++;
					mn = S_number(t, &m);
					if (rc == REV_TEXT_OK && (mn == 0 ||
					    m != v || t[mn + strspn(t + mn,
					    " ")] != '\0'))
						rc = REV_TEXT_MEETING;
				}
			}
		}
		if ((n = S_slashed(q, &d)) == 0)
			continue;
		/* not inside a longer run of digits */
		if (q > p && (S_digit(q - 1, &(size_t){0}) >= 0 ||
		    (q - 2 >= p && S_digit(q - 2, &(size_t){0}) >= 0 &&
		    (unsigned char)q[-2] == 0xd9)))
			continue;
		q += n;
		while (*q == ' ')
			q++;
		if (strncmp(q, HEH, 2) == 0) {
			hijri_seen = 1;
			if (rc == REV_TEXT_OK && date_cmp(&d, hijri) != 0)
				rc = REV_TEXT_HIJRI;
		} else if (strncmp(q, MEEM, 2) == 0) {
			if (rc == REV_TEXT_OK && date_cmp(&d, greg) != 0)
				rc = REV_TEXT_GREGORIAN;
		}
		q--;
	}
	return hijri_seen ? rc : -1;
}

enum rev_text
revision_approval_text(const char *body, const char *meeting,
    const struct date *approved)
{
	struct date	 hijri;
	const char	*p = body, *end;
	int		 rc;

	if (date_hijri(approved, &hijri) == -1)
		return REV_TEXT_DATE;
	while (*p != '\0') {
		/* a paragraph: up to a blank line */
		for (end = p; *end != '\0'; end++)
			if (*end == '\n' && (end[1] == '\n' ||
			    (end[1] == '\r' && end[2] == '\n')))
				break;
		if ((rc = S_paragraph(p, end, meeting != NULL ? meeting : "",
		    approved, &hijri)) >= 0)
			return (enum rev_text)rc;
		p = *end != '\0' ? end + 1 : end;
	}
	return REV_TEXT_OK;
}
