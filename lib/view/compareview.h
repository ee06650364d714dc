/*
 * compareview: what changed between two revisions of a policy
 * (lib/model/compare.h), with the words a screen reader announces around
 * each change taken from the catalog (lib/view/catalog.h, group
 * "compare").
 */
#ifndef WASL_COMPAREVIEW_H
#define WASL_COMPAREVIEW_H

#include "buf.h"
#include "compare.h"
#include "catalog.h"

/* Check that s holds the four texts. Returns 0, or -1 with each missing
 * key appended to err. */
int	compareview_require(const struct catalog *s, struct buf *err);

/* compare_html_words() with s's words (empty should s lack one): same
 * arguments (after s) and return. */
int	compareview_html(const struct catalog *s, const char *a, size_t alen,
	    const char *b, size_t blen, struct buf *out,
	    struct compare_stats *st);

#endif
