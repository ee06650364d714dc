/*
 * contentview: the content model completed for the templates (see
 * contentview.h).
 */
#include <stdio.h>
#include <string.h>

#include "contentview.h"
#include "datefmt.h"
#include "formview.h"
#include "keys.h"

/* The approving body when a revision does not name it. */
#define K_BOARD		"policy.approved_by"
/* The label of a rating's answer, by its value: "rating.5". */
#define K_RATING	"rating.%d"

int
contentview_require(const struct catalog *s, struct buf *err)
{
	const char	*keys[] = { K_BOARD };
	char		 key[16];
	int		 rc, r;

	rc = datefmt_require(s, err);
	if (catalog_require(s, keys, 1, err) == -1)
		rc = -1;
	for (r = 1; r <= FORMDEF_RATINGS; r++) {
		const char *k = key;

		snprintf(key, sizeof(key), K_RATING, r);
		if (catalog_require(s, &k, 1, err) == -1)
			rc = -1;
	}
	return rc;
}

void
contentview_form_words(const struct catalog *s, struct formdef_words *w)
{
	char	 key[16];
	int	 r;

	for (r = 1; r <= FORMDEF_RATINGS; r++) {
		snprintf(key, sizeof(key), K_RATING, r);
		w->rating[r - 1] = catalog_get(s, key);
	}
}

static void
S_date(json_t *date, void *arg)
{
	datefmt_expand(arg, date);
}

/* A service's form ("form_id") as the form's template data. */
static void
S_form(const struct content *c, json_t *doc)
{
	const char		*id;
	const struct formdef	*fd;

	id = json_string_value(json_object_get(doc, KEY_FORM_ID));
	if (id == NULL || c->forms == NULL ||
	    (fd = formdef_dir_find(c->forms, id)) == NULL)
		return;
	json_object_set_new(doc, KEY_FORM, formview_json(fd, NULL, NULL));
}

/* The privacy notice (pages/privacy.md) repeats each form's retention
 * period, as its definition states it (retention_days, which every form
 * that keeps personal data must give), as "retention": [ { title,
 * period } ] in the forms' order; an anonymous form keeps nothing
 * personal and is left out. Nothing is said that no form says. */
static void
S_retention(const struct catalog *s, const struct content *c, json_t *doc)
{
	const char	*src = json_string_value(json_object_get(doc,
			    KEY_SOURCE));
	struct buf	 b = BUF_INIT;
	json_t		*list;
	size_t		 i, l;
	long		 days;

	if (src == NULL || (l = strlen(src)) < 11 ||
	    strcmp(src + l - 11, "/privacy.md") != 0 || c->forms == NULL)
		return;
	list = json_array();
	for (i = 0; i < formdef_dir_count(c->forms); i++) {
		const struct formdef *fd = formdef_dir_at(c->forms, i);

		if (formdef_anonymous(fd) ||
		    (days = formdef_retention_days(fd)) < 1)
			continue;
		buf_reset(&b);
		if (datefmt_period(s, &b, days) == 0)
			json_array_append_new(list, json_pack("{s:s,s:s}",
			    "title", formdef_title(fd), "period",
			    buf_cstr(&b)));
	}
	json_object_set_new(doc, KEY_RETENTION, list);
	buf_free(&b);
}

/* A revision's approval record names its approving body: the board
 * when the file does not say. */
static void
S_revision(const struct catalog *s, json_t *rev)
{
	json_t		*ap = json_object_get(rev, KEY_APPROVED);
	const char	*board;

	if (ap == NULL || json_object_get(ap, KEY_BY) != NULL ||
	    (board = catalog_get(s, K_BOARD)) == NULL)
		return;
	json_object_set_new(ap, KEY_BY, json_string(board));
}

void
contentview_doc(const struct catalog *s, const struct content *c,
    enum content_kind_id k, json_t *doc)
{
	content_doc_each_date(k, doc, S_date, (void *)s);
	if (k == CONTENT_SERVICES)
		S_form(c, doc);
	if (k == CONTENT_PAGES)
		S_retention(s, c, doc);
}

void
contentview_all(const struct catalog *s, struct content *c)
{
	json_t	*revs;
	size_t	 i, j;

	for (i = 0; i < json_array_size(c->policies); i++) {
		revs = json_object_get(json_array_get(c->policies, i),
		    KEY_REVISIONS);
		for (j = 0; j < json_array_size(revs); j++)
			S_revision(s, json_array_get(revs, j));
	}
	content_each_date(c, S_date, (void *)s);
	for (i = 0; i < json_array_size(c->services); i++)
		S_form(c, json_array_get(c->services, i));
	for (i = 0; i < json_array_size(c->pages); i++)
		S_retention(s, c, json_array_get(c->pages, i));
}

int
contentview_load(const struct catalog *s, const char *dir, int drafts,
    struct content *c, struct buf *err)
{
	struct formdef_words	 w;

	contentview_form_words(s, &w);
	if (content_read(dir, drafts, &w, c, err) == -1)
		return -1;
	contentview_all(s, c);
	return 0;
}

int
contentview_load_base(const struct catalog *s, const char *dir,
    int drafts, struct content *c, struct buf *err)
{
	struct formdef_words	 w;

	contentview_form_words(s, &w);
	if (content_read_base(dir, drafts, &w, c, err) == -1)
		return -1;
	contentview_all(s, c);
	return 0;
}

json_t *
contentview_load_file(const struct catalog *s, const char *dir,
    const char *key, struct content *c, struct buf *err)
{
	json_t	*doc;

	if ((doc = content_read_file(dir, key, c, err)) != NULL)
		contentview_doc(s, c, (enum content_kind_id)content_kind(key),
		    doc);
	return doc;
}
