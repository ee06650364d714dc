/*
 * feed: the Atom feed (RFC 4287) of approved policy revisions, so that
 * readers are told when a policy is published or changed.
 */
#ifndef WASL_FEED_H
#define WASL_FEED_H

#include <jansson.h>

#include "buf.h"

/*
 * Append the feed to out: one entry per approved revision of changes
 * (policy_changes() order, drafts skipped) with its title, approval
 * record, change note and permanent address under site's base_url.
 * fallback is the feed's date ("YYYY-MM-DD") when it has no entry.
 */
void	feed_atom(struct buf *out, const json_t *site, const json_t *changes,
	    const char *fallback);

#endif
