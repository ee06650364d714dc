/*
 * feed: the Atom feed (RFC 4287) of approved policy revisions, so that
 * readers are told when a policy is published or changed. This module
 * makes its data; templates/feed.mustache is its markup.
 */
#ifndef WASL_FEED_H
#define WASL_FEED_H

#include <jansson.h>

#include "buf.h"
#include "catalog.h"
#include "pages.h"

/* The template it renders (one of pagelist_templates). */
#define FEED_TEMPLATE	"feed"

/* The catalog's texts it says (catalog_require()). */
extern const char *const feed_texts[];
extern const size_t feed_ntexts;

/*
 * Append the feed to out, rendered by pages from
 * FEED_TEMPLATE with this page:
 *   title     the feed's title (the catalog's feed.title)
 *   updated   the newest entry's date, "YYYY-MM-DD"; fallback when it
 *             has none
 *   entries   one per approved revision of changes (policy_changes()
 *             order, drafts skipped): title, url (its permanent address,
 *             under site's base_url in the template), published and
 *             updated ("YYYY-MM-DD"), summary (its approval record and
 *             change note)
 * The words are those of the catalog words (feed_texts), as plain text.
 * Returns 0, or -1 with a message appended to err.
 */
int	feed_atom(struct buf *out, const struct pages *pages,
	    const json_t *site, const json_t *changes, const char *fallback,
	    const struct catalog *words, struct buf *err);

#endif
