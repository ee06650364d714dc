/*
 * feed: Atom (see feed.h). Dates are the Saudi calendar day at midnight,
 * Riyadh time, so the feed changes only when the content does.
 */
#include <string.h>

#include "feed.h"

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

void
feed_atom(struct buf *out, const json_t *site, const json_t *changes,
    const char *fallback)
{
	const char	*base = S_str(site, "base_url"), *updated = NULL;
	const json_t	*e, *ap;
	size_t		 i;

	json_array_foreach(changes, i, e)
		if (!json_is_true(json_object_get(e, "draft")) &&
		    (updated == NULL || strcmp(S_updated(e), updated) > 0))
			updated = S_updated(e);
	if (updated == NULL)
		updated = fallback;

	buf_puts(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"ar\">\n"
	    "  <title>");
	S_x(out, "السياسات المعتمدة: ");
	S_x(out, S_str(site, "name"));
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
		S_x(out, S_str(e, "title"));
		buf_printf(out, " (الإصدار %" JSON_INTEGER_FORMAT ")</title>\n"
		    "    <id>", json_integer_value(json_object_get(e,
		    "revision")));
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
		S_x(out, "اعتمده ");
		S_x(out, S_str(ap, "by"));
		S_x(out, " في الاجتماع رقم ");
		S_x(out, S_str(ap, "meeting"));
		if (json_object_get(ap, "decision") != NULL) {
			S_x(out, " بالقرار رقم ");
			S_x(out, S_str(ap, "decision"));
		}
		S_x(out, " بتاريخ ");
		S_x(out, S_str(json_object_get(ap, "date"), "saudi"));
		S_x(out, "، ويُعمل به من ");
		S_x(out, S_str(json_object_get(e, "effective"), "saudi"));
		S_x(out, ".");
		if (json_object_get(e, "changes") != NULL) {
			S_x(out, " التغييرات: ");
			S_x(out, S_str(e, "changes"));
		}
		buf_puts(out, "</summary>\n  </entry>\n");
	}
	buf_puts(out, "</feed>\n");
}
