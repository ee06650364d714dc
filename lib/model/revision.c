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
