/*
 * policy: revisions in force, history and comparisons (see policy.h).
 */
#include <stdlib.h>
#include <string.h>

#include "compareview.h"
#include "keys.h"
#include "policy.h"
#include "sha256.h"

const char *const policy_texts[] = {
	"policy.history_title", "policy.compare_title"
};
const size_t policy_ntexts = sizeof(policy_texts) / sizeof(policy_texts[0]);

/* The text at key with params (taken over) appended to out: 0, or -1
 * with a message appended to err. */
static int
S_say(struct buf *out, const struct catalog *words, const char *key,
    json_t *params, struct buf *err)
{
	int	 rc = catalog_put(words, key, params, out);

	json_decref(params);
	if (rc == -1)
		buf_printf(err, "catalog: the text '%s' does not render\n",
		    key);
	return rc;
}

static const char *
S_str(const json_t *o, const char *key)
{
	const char	*s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "";
}

static json_int_t
S_num(const json_t *doc)
{
	return json_integer_value(json_object_get(doc, KEY_REVISION));
}

/* "YYYY-MM-DD" of a date object at key (under approved when sub). */
static const char *
S_iso(const json_t *doc, const char *key)
{
	return S_str(json_object_get(doc, key), KEY_ISO);
}

static int
S_is_draft(const json_t *doc)
{
	return json_is_true(json_object_get(doc, KEY_DRAFT));
}

/* Fingerprint of a revision's text, line endings made plain first. */
static int
S_fingerprint(json_t *doc, char hex[SHA256_HEX_LEN + 1])
{
	const char	*md = S_str(doc, KEY_MARKDOWN);
	struct buf	 norm = BUF_INIT, grouped = BUF_INIT;
	size_t		 i;
	int		 rc;

	for (i = 0; md[i] != '\0'; i++)
		if (!(md[i] == '\r' && md[i + 1] == '\n'))
			buf_putc(&norm, md[i]);
	rc = sha256_hex(buf_cstr(&norm), norm.len, hex);
	if (rc == 0) {
		for (i = 0; i < SHA256_HEX_LEN; i += 4)
			buf_printf(&grouped, "%s%.4s", i ? " " : "", hex + i);
		json_object_set_new(doc, "sha256", json_string(hex));
		json_object_set_new(doc, "fingerprint",
		    json_string(buf_cstr(&grouped)));
	}
	buf_free(&norm);
	buf_free(&grouped);
	return rc;
}

static void
S_add_page(struct policy_pages *out, const char *tpl, json_t *page)
{
	out->v = xrealloc(out->v, (out->n + 1) * sizeof(*out->v));
	out->v[out->n].tpl = tpl;
	out->v[out->n].page = page;
	out->n++;
}

/* What every page of a policy says about the policy itself. */
static json_t *
S_policy_ref(const json_t *p)
{
	return json_pack("{s:O,s:O,s:O}", KEY_TITLE, json_object_get(p,
	    KEY_TITLE), KEY_URL, json_object_get(p, KEY_URL), KEY_HISTORY_URL,
	    json_object_get(p, KEY_HISTORY_URL));
}

/* A revision's page: the revision with the policy around it. */
static json_t *
S_revision_page(const json_t *p, const json_t *doc, const char *url)
{
	json_t	*page = json_copy((json_t *)doc);

	json_object_set_new(page, KEY_URL, json_string(url));
	json_object_set_new(page, "permalink", json_string(S_str(doc,
	    KEY_URL)));
	json_object_set_new(page, "kind", json_string("policy"));
	json_object_set_new(page, "policy", S_policy_ref(p));
	json_object_del(page, KEY_MARKDOWN);
	return page;
}

/* The comparison of revisions a and b of p; -1 when its title cannot be
 * said (a comparison that fails is only reported). */
static int
S_compare_page(struct policy_pages *out, const json_t *p, const json_t *a,
    const json_t *b, const struct catalog *words, struct buf *err)
{
	struct buf		 html = BUF_INIT, url = BUF_INIT;
	struct buf		 title = BUF_INIT;
	struct compare_stats	 st;
	const char		*ma = S_str(a, KEY_MARKDOWN), *mb = S_str(b,
				    KEY_MARKDOWN);
	int			 rc = 0;

	if (compareview_html(words, ma, strlen(ma), mb, strlen(mb), &html,
	    &st) == -1) {
		buf_printf(err, "%s: cannot compare with revision %"
		    JSON_INTEGER_FORMAT "\n", S_str(b, KEY_SOURCE), S_num(a));
		goto out;
	}
	buf_printf(&url, "%scompare/%" JSON_INTEGER_FORMAT "-%"
	    JSON_INTEGER_FORMAT "/", S_str(p, KEY_URL), S_num(a), S_num(b));
	if ((rc = S_say(&title, words, "policy.compare_title", json_pack(
	    "{s:I,s:I,s:s}", "newer", S_num(b), "older", S_num(a), "policy",
	    S_str(p, KEY_TITLE)), err)) == -1)
		goto out;
	S_add_page(out, "compare", json_pack("{s:s,s:s,s:s,s:o,s:{s:O,s:O,"
	    "s:O*,s:O*,s:O*,s:b},s:{s:O,s:O,s:O*,s:O*,s:O*,s:O*,s:b},s:s,"
	    "s:{s:I,s:I},s:b}",
	    KEY_URL, buf_cstr(&url), KEY_TITLE, buf_cstr(&title), "kind",
	    "compare", "policy", S_policy_ref(p),
	    "a", KEY_REVISION, json_object_get(a, KEY_REVISION), KEY_URL,
	    json_object_get(a, KEY_URL), KEY_APPROVED, json_object_get(a,
	    KEY_APPROVED), KEY_EFFECTIVE, json_object_get(a, KEY_EFFECTIVE),
	    KEY_CHANGES, json_object_get(a, KEY_CHANGES), KEY_DRAFT,
	    S_is_draft(a),
	    "b", KEY_REVISION, json_object_get(b, KEY_REVISION), KEY_URL,
	    json_object_get(b, KEY_URL), KEY_APPROVED, json_object_get(b,
	    KEY_APPROVED), KEY_EFFECTIVE, json_object_get(b, KEY_EFFECTIVE),
	    KEY_CHANGES, json_object_get(b, KEY_CHANGES), KEY_CORRECTIONS,
	    json_object_get(b, KEY_CORRECTIONS), KEY_DRAFT, S_is_draft(b),
	    KEY_HTML, buf_cstr(&html),
	    "stats", "inserted", (json_int_t)st.inserted, "deleted",
	    (json_int_t)st.deleted,
	    "unchanged", st.inserted == 0 && st.deleted == 0));
out:
	buf_free(&html);
	buf_free(&url);
	buf_free(&title);
	return rc;
}

static int
S_settle_one(json_t *p, const char *today, struct ledger *ledger,
    const struct catalog *words, struct policy_pages *out, struct buf *err)
{
	json_t		*revs = json_object_get(p, KEY_REVISIONS);
	json_t		*doc, *cur = NULL, *shown, *upcoming, *rows, *prev;
	char		 hex[SHA256_HEX_LEN + 1];
	struct buf	 key = BUF_INIT, url = BUF_INIT;
	size_t		 i, n = json_array_size(revs);
	int		 rc = 0;

	/* Fingerprints, and the revision in force: the highest approved one
	 * whose effective date has come. */
	json_array_foreach(revs, i, doc) {
		if (S_fingerprint(doc, hex) == -1) {
			buf_printf(err, "%s: cannot compute its fingerprint\n",
			    S_str(doc, KEY_SOURCE));
			rc = -1;
			continue;
		}
		if (S_is_draft(doc))
			continue;
		if (ledger != NULL) {
			buf_reset(&key);
			buf_printf(&key, "%s/%" JSON_INTEGER_FORMAT,
			    S_str(p, KEY_SLUG), S_num(doc));
			if (ledger_check(ledger, key.data, hex,
			    json_array_size(json_object_get(doc,
			    KEY_CORRECTIONS)), S_str(doc, KEY_SOURCE),
			    err) == -1)
				rc = -1;
		}
		if (strcmp(S_iso(doc, KEY_EFFECTIVE), today) <= 0)
			cur = doc;
	}
	if (rc == -1)
		goto out;

	upcoming = json_array();
	json_array_foreach(revs, i, doc) {
		int draft = S_is_draft(doc);
		int superseded = !draft && cur != NULL && doc != cur &&
		    S_num(doc) < S_num(cur);
		int pending = !draft && !superseded && doc != cur &&
		    strcmp(S_iso(doc, KEY_EFFECTIVE), today) > 0;

		json_object_set_new(doc, "in_force", json_boolean(doc == cur));
		json_object_set_new(doc, "superseded",
		    json_boolean(superseded));
		json_object_set_new(doc, "pending", json_boolean(pending));
		if (cur != NULL) {
			json_object_set(doc, "current_revision",
			    json_object_get(cur, KEY_REVISION));
			json_object_set(doc, "current_url",
			    json_object_get(p, KEY_URL));
		}
		if ((pending || draft) && (cur == NULL ||
		    S_num(doc) > S_num(cur)))
			json_array_append_new(upcoming, json_pack(
			    "{s:O,s:O,s:O*,s:O*,s:b}", KEY_REVISION,
			    json_object_get(doc, KEY_REVISION), KEY_URL,
			    json_object_get(doc, KEY_URL), KEY_APPROVED,
			    json_object_get(doc, KEY_APPROVED), KEY_EFFECTIVE,
			    json_object_get(doc, KEY_EFFECTIVE), KEY_DRAFT,
			    draft));
		/* consecutive published revisions are compared */
		if (i > 0) {
			prev = json_array_get(revs, i - 1);
			buf_reset(&url);
			buf_printf(&url, "%scompare/%" JSON_INTEGER_FORMAT "-%"
			    JSON_INTEGER_FORMAT "/", S_str(p, KEY_URL),
			    S_num(prev), S_num(doc));
			json_object_set_new(doc, "compare_url",
			    json_string(url.data));
			json_object_set(doc, "previous_revision",
			    json_object_get(prev, KEY_REVISION));
		}
	}

	/* The policy's own page shows the revision in force, or while none
	 * is, the first one approved. */
	shown = cur;
	if (shown == NULL)
		json_array_foreach(revs, i, doc)
			if (shown == NULL && !S_is_draft(doc))
				shown = doc;
	if (shown == NULL)
		shown = json_array_get(revs, n - 1);	/* preview: a draft */
	json_object_set(p, KEY_TITLE, json_object_get(shown, KEY_TITLE));
	json_object_set(p, KEY_SUMMARY, json_object_get(shown, KEY_SUMMARY));
	if (json_object_get(shown, KEY_SUMMARY) == NULL)
		json_object_del(p, KEY_SUMMARY);
	json_object_set(p, KEY_APPROVED, json_object_get(shown, KEY_APPROVED));
	if (json_object_get(shown, KEY_APPROVED) == NULL)
		json_object_del(p, KEY_APPROVED);
	json_object_set_new(p, KEY_DRAFT, json_boolean(S_is_draft(shown)));
	json_object_set_new(p, "in_force", json_boolean(cur != NULL));
	json_object_set_new(p, "upcoming", upcoming);

	doc = S_revision_page(p, shown, S_str(p, KEY_URL));
	json_object_set_new(doc, "is_main", json_true());
	json_object_set(doc, "upcoming", upcoming);
	S_add_page(out, "policy", doc);
	json_array_foreach(revs, i, doc)
		S_add_page(out, "policy", S_revision_page(p, doc,
		    S_str(doc, KEY_URL)));

	/* History, newest first. */
	rows = json_array();
	for (i = n; i-- > 0; ) {
		json_t *row = json_copy(json_array_get(revs, i));

		json_object_del(row, KEY_MARKDOWN);
		json_object_del(row, KEY_HTML);
		json_object_del(row, KEY_TOC);
		json_array_append_new(rows, row);
	}
	buf_reset(&url);
	if (S_say(&url, words, "policy.history_title", json_pack("{s:s}",
	    "policy", S_str(p, KEY_TITLE)), err) == -1) {
		json_decref(rows);
		rc = -1;
		goto out;
	}
	S_add_page(out, "history", json_pack("{s:O,s:s,s:s,s:o,s:o}",
	    KEY_URL, json_object_get(p, KEY_HISTORY_URL), KEY_TITLE, url.data,
	    "kind", "history", "policy", S_policy_ref(p), "rows", rows));

	for (i = 1; i < n; i++)
		if (S_compare_page(out, p, json_array_get(revs, i - 1),
		    json_array_get(revs, i), words, err) == -1)
			rc = -1;
out:
	buf_free(&key);
	buf_free(&url);
	return rc;
}

int
policy_settle(json_t *policies, const struct date *today,
    struct ledger *ledger, const struct catalog *words,
    struct policy_pages *out, struct buf *err)
{
	struct buf	 iso = BUF_INIT;
	json_t		*p;
	size_t		 i;
	int		 rc = 0;

	date_iso(&iso, today);
	json_array_foreach(policies, i, p)
		if (S_settle_one(p, buf_cstr(&iso), ledger, words, out,
		    err) == -1)
			rc = -1;
	buf_free(&iso);
	return rc;
}

static int
S_cmp_newest(const void *x, const void *y)
{
	const json_t	*a = *(json_t *const *)x, *b = *(json_t *const *)y;
	int		 c;

	c = strcmp(S_str(json_object_get(json_object_get(b, KEY_APPROVED),
	    KEY_DATE), KEY_ISO), S_str(json_object_get(json_object_get(a,
	    KEY_APPROVED), KEY_DATE), KEY_ISO));
	if (c != 0)
		return c;
	c = strcmp(S_str(b, "policy_title"), S_str(a, "policy_title"));
	if (c != 0)
		return c;
	return S_num(b) < S_num(a) ? -1 : S_num(b) > S_num(a);
}

json_t *
policy_changes(json_t *policies)
{
	json_t		*p, *doc, *arr = json_array(), **v;
	size_t		 i, j, n = 0;

	json_array_foreach(policies, i, p)
		n += json_array_size(json_object_get(p, KEY_REVISIONS));
	v = xcalloc(n ? n : 1, sizeof(*v));
	n = 0;
	json_array_foreach(policies, i, p)
		json_array_foreach(json_object_get(p, KEY_REVISIONS), j, doc) {
			json_t *e = json_copy(doc);

			json_object_del(e, KEY_MARKDOWN);
			json_object_del(e, KEY_HTML);
			json_object_del(e, KEY_TOC);
			json_object_set(e, "policy_title",
			    json_object_get(p, KEY_TITLE));
			json_object_set(e, "policy_url",
			    json_object_get(p, KEY_URL));
			v[n++] = e;
		}
	qsort(v, n, sizeof(*v), S_cmp_newest);
	for (i = 0; i < n; i++)
		json_array_append_new(arr, v[i]);
	free(v);
	return arr;
}

void
policy_pages_free(struct policy_pages *p)
{
	size_t	 i;

	for (i = 0; i < p->n; i++)
		json_decref(p->v[i].page);
	free(p->v);
	p->v = NULL;
	p->n = 0;
}
