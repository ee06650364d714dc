/*
 * feed: Atom (see feed.h). Dates are the Saudi calendar day at midnight,
 * Riyadh time, so the feed changes only when the content does. The words
 * are the catalog's (templates/strings.yaml, feed.*), rendered as plain
 * text and escaped here.
 */
#include <string.h>

#include "feed.h"

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

static void
S_x(struct buf *out, const char *s)
{
	buf_put_html(out, s, strlen(s));
}

/* The text at key with params (taken over) into out, escaped; scratch is
 * the caller's. 0, or -1 with a message appended to err. */
static int
S_say(struct buf *out, const struct catalog *words, const char *key,
    json_t *params, struct buf *scratch, struct buf *err)
{
	int	 rc;

	buf_reset(scratch);
	rc = catalog_put(words, key, params, scratch);
	json_decref(params);
	if (rc == -1) {
		buf_printf(err, "catalog: the text '%s' does not render\n",
		    key);
		return -1;
	}
	buf_put_html(out, scratch->data, scratch->len);
	return 0;
}

/* The newest of a revision's approval and correction dates. */
static const char *
S_updated(const json_t *e)
{
	const char	*d = S_str(json_object_get(json_object_get(e,
			    "approved"), "date"), "iso");
	json_t		*c;
	size_t		 i;

	json_array_foreach(json_object_get(e, "corrections"), i, c) {
		const char *cd = S_str(json_object_get(c, "date"), "iso");

		if (strcmp(cd, d) > 0)
			d = cd;
	}
	return d;
}

int
feed_atom(struct buf *out, const json_t *site, const json_t *changes,
    const char *fallback, const struct catalog *words, struct buf *err)
{
	const char	*base = S_str(site, "base_url"), *updated = NULL;
	const json_t	*e, *ap;
	struct buf	 text = BUF_INIT;
	size_t		 i;
	int		 rc = -1;

	json_array_foreach(changes, i, e)
		if (!json_is_true(json_object_get(e, "draft")) &&
		    (updated == NULL || strcmp(S_updated(e), updated) > 0))
			updated = S_updated(e);
	if (updated == NULL)
		updated = fallback;

	buf_puts(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"ar\">\n"
	    "  <title>");
	if (S_say(out, words, "feed.title", json_pack("{s:s}", "site",
	    S_str(site, "name")), &text, err) == -1)
		goto out;
	buf_puts(out, "</title>\n  <id>");
	S_x(out, base);
	buf_puts(out, "/feed.xml</id>\n  <link rel=\"self\" href=\"");
	S_x(out, base);
	buf_puts(out, "/feed.xml\"/>\n  <link rel=\"alternate\" "
	    "type=\"text/html\" href=\"");
	S_x(out, base);
	buf_printf(out, "/changes/\"/>\n  <updated>%sT00:00:00+03:00"
	    "</updated>\n  <author><name>", updated);
	S_x(out, S_str(site, "name"));
	buf_puts(out, "</name></author>\n");

	json_array_foreach(changes, i, e) {
		if (json_is_true(json_object_get(e, "draft")))
			continue;
		ap = json_object_get(e, "approved");
		buf_puts(out, "  <entry>\n    <title>");
		if (S_say(out, words, "feed.entry_title", json_pack("{s:s,s:I}",
		    "title", S_str(e, "title"), "revision",
		    json_integer_value(json_object_get(e, "revision"))),
		    &text, err) == -1)
			goto out;
		buf_puts(out, "</title>\n    <id>");
		S_x(out, base);
		S_x(out, S_str(e, "url"));
		buf_puts(out, "</id>\n    <link rel=\"alternate\" "
		    "type=\"text/html\" href=\"");
		S_x(out, base);
		S_x(out, S_str(e, "url"));
		buf_printf(out, "\"/>\n    <published>%sT00:00:00+03:00"
		    "</published>\n    <updated>%sT00:00:00+03:00</updated>\n"
		    "    <summary type=\"text\">", S_str(json_object_get(ap,
		    "date"), "iso"), S_updated(e));
		if (S_say(out, words, "feed.entry_summary", json_pack(
		    "{s:s,s:s,s:b,s:s,s:s,s:s,s:b,s:s}",
		    "by", S_str(ap, "by"),
		    "meeting", S_str(ap, "meeting"),
		    "has_decision", json_object_get(ap, "decision") != NULL,
		    "decision", S_str(ap, "decision"),
		    "date", S_str(json_object_get(ap, "date"), "saudi"),
		    "effective", S_str(json_object_get(e, "effective"),
		    "saudi"),
		    "has_changes", json_object_get(e, "changes") != NULL,
		    "changes", S_str(e, "changes")), &text, err) == -1)
			goto out;
		buf_puts(out, "</summary>\n  </entry>\n");
	}
	buf_puts(out, "</feed>\n");
	rc = 0;
out:
	buf_free(&text);
	return rc;
}
