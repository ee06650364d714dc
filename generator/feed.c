/*
 * feed: the Atom feed's data (see feed.h). Dates are the Saudi calendar
 * day at midnight, Riyadh time, so the feed changes only when the content
 * does. The words are the catalog's (templates/strings.yaml, feed.*),
 * rendered here as plain text; the markup is templates/feed.mustache,
 * whose {{x}} escapes them for XML as for HTML.
 */
#include <string.h>

#include "feed.h"
#include "keys.h"

const char *const feed_texts[] = {
	"feed.title", "feed.entry_title", "feed.entry_summary"
};
const size_t feed_ntexts = sizeof(feed_texts) / sizeof(feed_texts[0]);

static const char *
S_str(const json_t *o, const char *key)
{
	const char	*s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "";
}

/* The text at key with params (taken over), as a new JSON string; NULL,
 * with a message appended to err, when it does not render. scratch is
 * the caller's. */
static json_t *
S_say(const struct catalog *words, const char *key, json_t *params,
    struct buf *scratch, struct buf *err)
{
	int	 rc;

	buf_reset(scratch);
	rc = catalog_put(words, key, params, scratch);
	json_decref(params);
	if (rc == -1) {
		buf_printf(err, "catalog: the text '%s' does not render\n",
		    key);
		return NULL;
	}
	return json_stringn(scratch->data != NULL ? scratch->data : "",
	    scratch->len);
}

/* The newest of a revision's approval and correction dates. */
static const char *
S_updated(const json_t *e)
{
	const char	*d = S_str(json_object_get(json_object_get(e,
			    KEY_APPROVED), KEY_DATE), KEY_ISO);
	json_t		*c;
	size_t		 i;

	json_array_foreach(json_object_get(e, KEY_CORRECTIONS), i, c) {
		const char *cd = S_str(json_object_get(c, KEY_DATE), KEY_ISO);

		if (strcmp(cd, d) > 0)
			d = cd;
	}
	return d;
}

/* One approved revision's entry, or NULL with a message in err. */
static json_t *
S_entry(const json_t *e, const struct catalog *words, struct buf *scratch,
    struct buf *err)
{
	const json_t	*ap = json_object_get(e, KEY_APPROVED);
	json_t		*title, *summary;

	title = S_say(words, "feed.entry_title", json_pack("{s:s,s:I}",
	    KEY_TITLE, S_str(e, KEY_TITLE), KEY_REVISION,
	    json_integer_value(json_object_get(e, KEY_REVISION))), scratch,
	    err);
	if (title == NULL)
		return NULL;
	summary = S_say(words, "feed.entry_summary", json_pack(
	    "{s:s,s:s,s:b,s:s,s:s,s:s,s:b,s:s}",
	    KEY_BY, S_str(ap, KEY_BY),
	    KEY_MEETING, S_str(ap, KEY_MEETING),
	    "has_decision", json_object_get(ap, KEY_DECISION) != NULL,
	    KEY_DECISION, S_str(ap, KEY_DECISION),
	    KEY_DATE, S_str(json_object_get(ap, KEY_DATE), KEY_SAUDI),
	    KEY_EFFECTIVE, S_str(json_object_get(e, KEY_EFFECTIVE), KEY_SAUDI),
	    "has_changes", json_object_get(e, KEY_CHANGES) != NULL,
	    KEY_CHANGES, S_str(e, KEY_CHANGES)), scratch, err);
	if (summary == NULL) {
		json_decref(title);
		return NULL;
	}
	return json_pack("{s:o,s:s,s:s,s:s,s:o}", KEY_TITLE, title,
	    KEY_URL, S_str(e, KEY_URL),
	    "published", S_str(json_object_get(ap, KEY_DATE), KEY_ISO),
	    KEY_UPDATED, S_updated(e), KEY_SUMMARY, summary);
}

/* The template's page: the feed's title, its date and its entries. NULL,
 * with a message appended to err, when a text does not render. */
static json_t *
S_data(const json_t *site, const json_t *changes, const char *fallback,
    const struct catalog *words, struct buf *err)
{
	const char	*updated = NULL;
	const json_t	*e;
	json_t		*entries = json_array(), *entry, *title, *data = NULL;
	struct buf	 text = BUF_INIT;
	size_t		 i;

	if ((title = S_say(words, "feed.title", json_pack("{s:s}", "site",
	    S_str(site, KEY_NAME)), &text, err)) == NULL)
		goto out;
	json_array_foreach(changes, i, e) {
		if (json_is_true(json_object_get(e, KEY_DRAFT)))
			continue;
		if (updated == NULL || strcmp(S_updated(e), updated) > 0)
			updated = S_updated(e);
		if ((entry = S_entry(e, words, &text, err)) == NULL)
			goto out;
		json_array_append_new(entries, entry);
	}
	data = json_pack("{s:O,s:s,s:O}", KEY_TITLE, title, KEY_UPDATED,
	    updated != NULL ? updated : fallback, "entries", entries);
out:
	json_decref(title);
	json_decref(entries);
	buf_free(&text);
	return data;
}

int
feed_atom(struct buf *out, const struct pages *pages, const json_t *site,
    const json_t *changes, const char *fallback,
    const struct catalog *words, struct buf *err)
{
	json_t	*data;
	int	 rc;

	if ((data = S_data(site, changes, fallback, words, err)) == NULL)
		return -1;
	rc = pages_render(pages, FEED_TEMPLATE, "", data, out, err);
	json_decref(data);
	return rc;
}
