/*
 * feed: the Atom feed (RFC 4287) of approved policy revisions, so that
 * readers are told when a policy is published or changed.
 */
#ifndef WASL_FEED_H
#define WASL_FEED_H

#include <jansson.h>

#include "buf.h"
#include "catalog.h"

/* The catalog's texts it says (catalog_require()). */
extern const char *const feed_texts[];
extern const size_t feed_ntexts;

/*
 * Append the feed to out: one entry per approved revision of changes
 * (policy_changes() order, drafts skipped) with its title, approval
 * record, change note and permanent address under site's base_url.
 * fallback is the feed's date ("YYYY-MM-DD") when it has no entry. The
 * words are those of the catalog words (feed_texts). Returns 0, or -1
 * with a message appended to err.
 */
int	feed_atom(struct buf *out, const json_t *site, const json_t *changes,
	    const char *fallback, const struct catalog *words,
	    struct buf *err);

#endif
